"""`python -m app operators …`: the dashboard's accounts, from the command line only."""

from __future__ import annotations

import argparse
import getpass
import sys

from app import db
from app import operations as services
from app.bootstrap import command_database
from app.errors import DomainError
from app.operations import ROLE_LABELS, Operator, Role
from config.settings import Settings


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("密码（至少12位）：")
    if getpass.getpass("再次输入密码：") != first:
        raise SystemExit("两次输入的密码不一致")
    return first


async def operators_command(settings: Settings, args: argparse.Namespace) -> int:
    async with command_database(settings):
        try:
            if args.verb == "add":
                operator = await services.add_operator(args.username, args.name or args.username, Role(args.role),
                                                       _password(args.password_stdin))
                print(f"已添加操作员 {operator.username}（{ROLE_LABELS[operator.role]}）")
            elif args.verb == "list":
                for o in await Operator.all().order_by("username"):
                    flags = " 已停用" if o.disabled_at else (" 已锁定" if o.locked_until else "")
                    print(f"{o.username:20} {ROLE_LABELS[o.role]:4} {o.display_name}{flags}")
            elif args.verb == "passwd":
                await services.set_password(args.username, _password(args.password_stdin))
                print("密码已更新")
            elif args.verb == "unlock":
                await services.unlock(args.username)
                print("已解除锁定")
            elif args.verb == "disable":
                await services.disable(args.username)
                print("已停用")
        except DomainError as exc:
            print(f"{exc.message}（{exc.code}）", file=sys.stderr)
            return 2
    return 0


DEMO_PASSWORD = "demo-password-2026"  # the embedded default only: the production profile never creates these
DEMO_OPERATORS = (("demo-viewer", "演示查看员", Role.VIEWER), ("demo-operator", "演示经办员", Role.OPERATOR),
                  ("demo-approver", "演示审批员", Role.APPROVER), ("demo-approver2", "演示审批员二", Role.APPROVER))


async def demo_operators(settings: Settings) -> None:
    """The dashboard's demo accounts on the embedded default, made once."""
    await db.migrate(settings)
    await db.connect(settings)
    try:
        for username, name, role in DEMO_OPERATORS:
            if not await Operator.exists(username=username):
                await services.add_operator(username, name, role, DEMO_PASSWORD)
    finally:
        await db.disconnect()
    print(f"\n运营管理台 /dashboard/ 演示账号（密码均为 {DEMO_PASSWORD}）：")
    for username, name, role in DEMO_OPERATORS:
        print(f"  {username:16} {ROLE_LABELS[role]}  {name}")
