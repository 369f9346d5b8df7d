"""`python -m app institutions …`: institutions' API keys for machine verification of
certificates, from the command line only (issued and revoked by an operator, audited)."""

from __future__ import annotations

import argparse
import getpass
import sys

from app.bootstrap import command_database
from app.errors import DomainError
from app.institutions import InstitutionKey, issue_key, revoke_key
from config.settings import Settings


def _who() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except OSError:
        return "cli"


async def institutions_command(settings: Settings, args: argparse.Namespace) -> int:
    async with command_database(settings):
        try:
            if args.verb == "add":
                key, plaintext = await issue_key(args.name, rate_per_minute=args.rate_per_minute, issued_by=_who())
                rate = key.rate_per_minute or settings.institution_verification_rate_per_minute
                print(f"已为 {key.name} 签发 API 密钥（编号 {key.key_id}，每分钟 {rate} 次）。"
                      "密钥只显示这一次，请交给该机构妥善保管：")
                print(plaintext)
            elif args.verb == "list":
                for k in await InstitutionKey.all().order_by("name", "id"):
                    state = f"已停用 {k.revoked_at:%Y-%m-%d %H:%M}" if k.revoked_at else "有效"
                    used = f"最近使用 {k.last_used_at:%Y-%m-%d %H:%M}" if k.last_used_at else "未使用"
                    rate = k.rate_per_minute or settings.institution_verification_rate_per_minute
                    print(f"{k.key_id}  {k.name:24} {state:20} 每分钟{rate}次  {used}")
            elif args.verb == "revoke":
                count = await revoke_key(args.name, issued_by=_who())
                print(f"已停用 {count} 个密钥，立即生效")
        except DomainError as exc:
            print(f"{exc.message}（{exc.code}）", file=sys.stderr)
            return 2
    return 0
