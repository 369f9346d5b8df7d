"""Sign-in with a wx.login code, sessions, and real-name binding."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from app.context import Services
from app.errors import InvalidInput
from app.identity import errors
from app.identity.id_numbers import InvalidIdNumber, mask_id_number, validate_id
from app.identity.models import User
from payment_channels.wechat_login.client import LoginCodeRejected, LoginUnavailable

_NAME = re.compile(r"^[\u4e00-\u9fa5A-Za-z·•.\- ]{2,60}$")


def _session_key(token: str) -> str:
    return "session:" + hashlib.sha256(token.encode()).hexdigest()


async def sign_in(services: Services, code: str, region: str, client_ip: str) -> tuple[str, User]:
    """Exchange a wx.login code for our session token.

    Raises: RegionUnknown, SignInRateLimited, LoginCodeInvalid, LoginUnavailable.
    """
    if region not in services.profiles:
        raise errors.RegionUnknown(region=region)
    limit = services.settings.login_rate_per_minute
    if await services.kv.hit(f"rate:sign_in:{client_ip}", 60) > limit:
        raise errors.SignInRateLimited()
    try:
        session = await services.login.code_to_session(code)
    except LoginCodeRejected as exc:
        raise errors.LoginCodeInvalid(errcode=exc.errcode) from exc
    except LoginUnavailable as exc:
        raise errors.LoginUnavailable() from exc
    user, _ = await User.get_or_create(openid=session.openid, defaults={"region": region})
    if user.region != region:
        user.region = region
        await user.save(update_fields=["region"])
    token = secrets.token_urlsafe(32)
    await services.kv.set(_session_key(token), f"{user.id}:{region}", services.settings.session_ttl_seconds)
    return token, user


@dataclass(frozen=True)
class Principal:
    """Who is calling, from the session alone (no database read)."""

    user_id: int
    region: str


async def principal(services: Services, token: str | None) -> Principal:
    """The session behind a token. Raises: SessionInvalid."""
    value = await services.kv.get(_session_key(token)) if token else None
    if not value:
        raise errors.SessionInvalid()
    user_id, _, region = value.partition(":")
    return Principal(int(user_id), region)


async def authenticate(services: Services, token: str | None) -> User:
    """The user behind a session token. Raises: SessionInvalid."""
    who = await principal(services, token)
    user = await User.get_or_none(id=who.user_id)
    if user is None:
        raise errors.SessionInvalid()
    return user


async def sign_out(services: Services, token: str) -> None:
    await services.kv.delete(_session_key(token))


def check_person(services: Services, region: str, id_type: str, id_number: str, name: str) -> str:
    """Validate an id type/number/name for a region; returns the normalised id number.

    Raises: IdTypeNotOffered, InvalidInput (id_number_* codes), NameInvalid.
    """
    profile = services.profile(region)
    if id_type not in profile.id_types:
        raise errors.IdTypeNotOffered(id_type=id_type)
    try:
        normalised = validate_id(id_type, id_number)
    except InvalidIdNumber as exc:
        raise InvalidInput(exc.message, code=exc.code) from exc
    if not _NAME.match(name.strip()):
        raise errors.NameInvalid()
    return normalised


async def bind_real_name(services: Services, user: User, id_type: str, id_number: str, name: str) -> User:
    """Bind the user to a real-name person (idempotent for the same person).

    Raises: BindingRateLimited, IdTypeNotOffered, InvalidInput, NameInvalid, AlreadyBound.
    """
    if await services.kv.hit(f"rate:bind:{user.id}", 3600) > services.settings.binding_rate_per_hour:
        raise errors.BindingRateLimited()
    normalised = check_person(services, user.region, id_type, id_number, name)
    index = services.sealer.blind_index(f"{id_type}:{normalised}")
    if user.is_bound:
        if user.id_number_index == index and user.name == name.strip():
            return user
        raise errors.AlreadyBound()
    user.id_type = id_type
    user.id_number_sealed = services.sealer.seal(normalised)
    user.id_number_index = index
    user.id_number_masked = mask_id_number(normalised)
    user.name = name.strip()
    user.bound_at = datetime.now(UTC)
    await user.save()
    return user


def require_bound(user: User) -> User:
    if not user.is_bound:
        raise errors.RealNameRequired()
    return user
