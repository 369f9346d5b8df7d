"""Operator accounts, sign-in with lockout, sessions, and the audit trail.

Passwords are argon2id hashes (argon2-cffi), checked off the event loop. A sign-in that fails
counts against the account; `operator_lockout_attempts` failures in a row lock it for
`operator_lockout_minutes` (the counter is an atomic UPDATE, so parallel guesses all count).
A session is a random token kept in the KV store (Redis in production) with its CSRF token.
Every sign-in, refusal and action is an `AuditEntry`.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F, Q

from app import rate_limits
from app.context import Services
from app.operations import errors
from app.operations.models import ROLE_LABELS, AuditEntry, Operator, Role

HASHER = PasswordHasher()  # argon2id, RFC 9106 low-memory profile
_DUMMY_HASH = HASHER.hash("not-a-password-of-anyone")  # unknown users cost as much as known ones
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")
RANK = {Role.VIEWER: 0, Role.OPERATOR: 1, Role.APPROVER: 2}
REMARK_MAX = 500
SESSION_PREFIX = "ops_session:"


@dataclass(frozen=True)
class Actor:
    """The signed-in operator behind a dashboard request."""

    operator_id: int
    username: str
    display_name: str
    role: Role
    source: str = ""

    @property
    def event_actor(self) -> str:
        return f"staff:{self.username}"

    def can(self, role: Role) -> bool:
        return RANK[self.role] >= RANK[role]


def require(actor: Actor, role: Role) -> None:
    if not actor.can(role):
        raise errors.RoleRequired(f"此操作需{ROLE_LABELS[role]}或以上权限，您当前的角色为{ROLE_LABELS[actor.role]}",
                                  needed=role.value)


def clean_text(value: object, *, max_len: int = REMARK_MAX) -> str:
    """Text a person typed: NFC, stripped, no control characters or lone surrogates."""
    if not isinstance(value, str):
        return ""
    text = "".join(c for c in value if c in "\n\t" or (unicodedata.category(c) not in ("Cc", "Cs", "Cf")))
    text = unicodedata.normalize("NFC", text).strip()
    return text if len(text) <= max_len else ""


def clean_remark(value: object) -> str:
    text = clean_text(value)
    if not text:
        raise errors.RemarkRequired()
    return text


async def audit(actor: Actor | None, action: str, *, target_type: str = "", target_id: object = "",
                remark: str = "", outcome: str = "ok", data: dict[str, Any] | None = None, username: str = "",
                source: str = "") -> None:
    await AuditEntry.create(
        operator=actor.username if actor else username[:32], action=action, target_type=target_type,
        target_id=str(target_id)[:64], remark=remark, outcome=outcome, data=data or {},
        source=(actor.source if actor else source)[:64],
    )


# ---- accounts ----

def _check_new_password(username: str, password: str) -> None:
    if len(password) < 12 or len(password) > 256 or password.lower() == username.lower():
        raise errors.WeakPassword()


async def add_operator(username: str, display_name: str, role: Role, password: str) -> Operator:
    """Create an operator (`python -m app operators add`).

    Raises: BadUsername, WeakPassword (at least 12 characters, not the username), OperatorExists.
    """
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise errors.BadUsername()
    _check_new_password(username, password)
    display = clean_text(display_name, max_len=32) or username
    hashed = await asyncio.to_thread(HASHER.hash, password)
    try:
        operator = await Operator.create(username=username, display_name=display, role=role, password_hash=hashed)
    except IntegrityError as exc:
        raise errors.OperatorExists(username=username) from exc
    await audit(None, "operator_add", target_type="operator", target_id=username, username="cli",
                data={"role": role.value})
    return operator


async def set_password(username: str, password: str) -> None:
    operator = await Operator.get_or_none(username=username.strip().lower())
    if operator is None:
        raise errors.OperatorNotFound(username=username)
    _check_new_password(operator.username, password)
    hashed = await asyncio.to_thread(HASHER.hash, password)
    await Operator.filter(id=operator.id).update(password_hash=hashed, failed_sign_ins=0, locked_until=None)
    await audit(None, "operator_password", target_type="operator", target_id=operator.username, username="cli")


async def unlock(username: str) -> None:
    changed = await Operator.filter(username=username.strip().lower()).update(failed_sign_ins=0, locked_until=None)
    if not changed:
        raise errors.OperatorNotFound(username=username)
    await audit(None, "operator_unlock", target_type="operator", target_id=username, username="cli")


async def disable(username: str) -> None:
    changed = await Operator.filter(username=username.strip().lower(), disabled_at=None).update(
        disabled_at=datetime.now(UTC))
    if not changed:
        raise errors.OperatorNotFound(username=username)
    await audit(None, "operator_disable", target_type="operator", target_id=username, username="cli")


def _verify(hashed: str, password: str) -> bool:
    try:
        return HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


async def sign_in(services: Services, username: str, password: str, source: str) -> Actor:
    """Check a username and password; count failures and lock the account after too many.

    Each try first claims one of the account's remaining attempts (an atomic UPDATE that only
    succeeds while the account is unlocked and under the limit), and only then is the password
    checked: a burst of parallel guesses gets no more checks than the limit. An unknown username
    is counted the same way by its rate limit, so it answers exactly as a real account would.

    Raises: SignInFailed (unknown user or wrong password: the same answer), OperatorLocked,
    OperatorDisabled. Each outcome is audited.
    """
    settings = services.settings
    limit, minutes = settings.operator_lockout_attempts, settings.operator_lockout_minutes
    name = clean_text(username, max_len=64).lower()
    operator = await Operator.get_or_none(username=name) if USERNAME.match(name) else None
    password = password[:256]

    async def refuse(why: str, error: Exception, **data: Any) -> None:
        await audit(None, "sign_in", outcome="refused", username=name, source=source, data={"why": why, **data})
        raise error

    if operator is None:
        # `limit` tries per `minutes` (a moving window), as an account's own failures count
        if not await rate_limits.allow(services, "operator_unknown_user", name[:64]):
            await refuse("locked", errors.OperatorLocked())
        last_try = await rate_limits.remaining(services, "operator_unknown_user", name[:64]) == 0
        await asyncio.to_thread(_verify, _DUMMY_HASH, password)
        if last_try:
            await refuse("unknown", errors.OperatorLocked(), locked=True)
        await refuse("unknown", errors.SignInFailed())
        raise AssertionError("unreachable")
    now = datetime.now(UTC)
    unlocked = Q(locked_until__isnull=True) | Q(locked_until__lte=now)
    claimed = await Operator.filter(unlocked, id=operator.id, failed_sign_ins__lt=limit).update(
        failed_sign_ins=F("failed_sign_ins") + 1)
    if not claimed:
        # locked; or every attempt is taken by tries still running (or lost in a crash): lock now
        await Operator.filter(unlocked, id=operator.id).update(
            locked_until=now + timedelta(minutes=minutes), failed_sign_ins=0)
        await refuse("locked", errors.OperatorLocked())
    if not await asyncio.to_thread(_verify, operator.password_hash, password):
        await operator.refresh_from_db()
        locked = operator.failed_sign_ins >= limit
        if locked:
            await Operator.filter(unlocked, id=operator.id).update(
                locked_until=now + timedelta(minutes=minutes), failed_sign_ins=0)
        await refuse("password", errors.OperatorLocked() if locked else errors.SignInFailed(), locked=locked)
    if operator.disabled_at is not None:
        await refuse("disabled", errors.OperatorDisabled())
    # the right password: its attempt is given back, unless the account was locked meanwhile
    if not await Operator.filter(unlocked, id=operator.id).update(failed_sign_ins=0, last_sign_in_at=now):
        await refuse("locked", errors.OperatorLocked())
    actor = Actor(operator.id, operator.username, operator.display_name, operator.role, source)
    await audit(actor, "sign_in")
    return actor


# ---- sessions ----

@dataclass(frozen=True)
class Session:
    token: str
    csrf_token: str
    actor: Actor


async def open_session(services: Services, actor: Actor) -> Session:
    session = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(32), actor)
    operator = await Operator.get(id=actor.operator_id)
    await _store(services, session, operator.password_hash)
    return session


def _fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


async def _store(services: Services, session: Session, password_hash: str) -> None:
    value = json.dumps({"operator_id": session.actor.operator_id, "csrf": session.csrf_token,
                        "password": _fingerprint(password_hash)})
    await services.kv.set(SESSION_PREFIX + session.token, value, services.settings.operator_session_minutes * 60)


async def session_of(services: Services, token: str, source: str) -> Session | None:
    """The live session of a cookie, its idle time renewed; None when gone, or its operator
    was disabled or given a new password (the role is read afresh, so a changed role applies at
    once)."""
    if not token or len(token) > 64:
        return None
    value = await services.kv.get(SESSION_PREFIX + token)
    if value is None:
        return None
    data = json.loads(value)
    operator = await Operator.get_or_none(id=data["operator_id"])
    if operator is None or operator.disabled_at is not None or data.get("password") != _fingerprint(
            operator.password_hash):
        await services.kv.delete(SESSION_PREFIX + token)
        return None
    session = Session(token, data["csrf"], Actor(operator.id, operator.username, operator.display_name,
                                                 operator.role, source))
    await _store(services, session, operator.password_hash)
    return session


async def close_session(services: Services, session: Session) -> None:
    await services.kv.delete(SESSION_PREFIX + session.token)
    await audit(session.actor, "sign_out")
