"""Sign-in with a wx.login code, sessions, and real-name binding.

A session is the token's hash → "user id:region:epoch" in the key-value store. Signing in to
another region starts a new epoch for the user: every older token (bound to the old region)
stops working at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import cast

from app import clock, rate_limits
from app.context import Services
from app.events import record
from app.identity import errors
from app.identity.accounts import channel_identity
from app.identity.id_numbers import mask_id_number
from app.identity.models import User
from app.identity.verification import check_person, confirm_face, verify_person
from app.uow import unit_of_work
from payment_channels import interfaces as ch
from payment_channels.registry import sign_in_channel
from payment_channels.wechat_login.client import LoginCodeRejected, LoginUnavailable


def _session_key(token: str) -> str:
    return "session:" + hashlib.sha256(token.encode()).hexdigest()


def _epoch_key(user_id: int) -> str:
    return f"session_epoch:{user_id}"


async def _login_identity(services: Services, code: str, provider: str) -> str:
    """Who signs in: the WeChat openid of a wx.login code ("wechat"), or the account of the user of
    the channel's auth code ("channel": e.g. my.getAuthCode, alipay.system.oauth.token)."""
    if provider == "channel":
        channel = sign_in_channel()
        if channel is None or channel.name not in services.channels:
            raise errors.AlipaySignInNotOffered()
        exchange = cast(ch.AuthCodeExchange, services.channel(channel.name))
        try:
            return channel_identity(channel.name, await exchange.exchange_auth_code(code))
        except ch.ChannelRejected as exc:
            raise errors.LoginCodeInvalid("支付宝授权码无效或已使用，请重新进入小程序", errcode=exc.code) from exc
        except ch.ChannelError as exc:
            raise errors.LoginUnavailable("支付宝登录服务暂时不可用，请稍后再试") from exc
    try:
        return (await services.login.code_to_session(code)).openid
    except LoginCodeRejected as exc:
        raise errors.LoginCodeInvalid(errcode=exc.errcode) from exc
    except LoginUnavailable as exc:
        raise errors.LoginUnavailable() from exc


async def sign_in(services: Services, code: str, region: str, client_address: str,
                  provider: str = "wechat") -> tuple[str, User]:
    """Exchange a wx.login code (or, `provider` "channel", the sign-in channel's auth code) for our session
    token. `client_address` is the caller's address (behind trusted proxies, the one they
    report): sign-in attempts are limited per address.

    Raises: RegionUnknown, SignInNotOffered (the region does not list this sign-in: `sign_ins`),
    SignInRateLimited, LoginCodeInvalid, LoginUnavailable, AlipaySignInNotOffered.
    """
    if region not in services.profiles:
        raise errors.RegionUnknown(region=region)
    profile = services.profile(region)
    channel = sign_in_channel()
    if (channel.name if provider == "channel" and channel else "wechat") not in profile.sign_ins:
        # a sign-in the region does not list would reach no payment there: refused before anything is asked
        names = {"wechat": "微信登录"} | ({channel.name: f"{channel.label}登录"} if channel else {})
        asked = channel.name if provider == "channel" and channel else "wechat"
        instead = next((names[s] for s in profile.sign_ins if s != asked and s in names), None)
        raise errors.SignInNotOffered(
            platform=profile.platform, sign_in_name=names.get(asked), use_instead=instead,
            region=region, sign_ins=list(profile.sign_ins))
    if not await rate_limits.allow(services, "sign_in", client_address):
        raise errors.SignInRateLimited()
    openid = await _login_identity(services, code, provider)
    user, _ = await User.get_or_create(openid=openid, defaults={"region": region})
    ttl = services.settings.session_ttl_seconds
    epoch = await services.kv.get(_epoch_key(user.id))
    if user.region != region or epoch is None:
        # another region (or no live session at all): older tokens end here
        epoch = secrets.token_hex(6)
        if user.region != region:
            await _move(services, user, region)
    await services.kv.set(_epoch_key(user.id), epoch, ttl)  # outlives every session it covers
    token = secrets.token_urlsafe(32)
    await services.kv.set(_session_key(token), f"{user.id}:{region}:{epoch}", ttl)
    return token, user


async def _move(services: Services, user: User, region: str) -> None:
    """The account now works in `region`. A binding verified without a face does not count as
    verified where the region asks for one: the person binds again there, with their face."""
    changes: dict[str, object] = {"region": region}
    face_needed = services.profile(region).real_name.face_verification
    if user.verified_at is not None and face_needed and user.verified_by != "upstream+face":
        changes.update(verified_at=None, verified_by=None)
    async with unit_of_work():
        await User.filter(id=user.id).update(**changes)
        await record("user", user.id, "region", actor=f"user:{user.id}", from_state=user.region, to_state=region,
                     reason="该地区实名认证需人脸识别，请重新认证" if "verified_at" in changes else "")
    await user.refresh_from_db()


@dataclass(frozen=True)
class Caller:
    """Who is calling, from the session alone (no database read)."""

    user_id: int
    region: str


async def caller(services: Services, token: str | None) -> Caller:
    """The session behind a token. Raises: SessionInvalid."""
    value = await services.kv.get(_session_key(token)) if token else None
    if not value:
        raise errors.SessionInvalid()
    user_id, region, epoch = value.split(":", 2)
    if await services.kv.get(_epoch_key(int(user_id))) != epoch:
        raise errors.SessionInvalid()  # the user signed in to another region since
    return Caller(int(user_id), region)


async def authenticate(services: Services, token: str | None) -> User:
    """The user behind a session token. Raises: SessionInvalid."""
    who = await caller(services, token)
    user = await User.get_or_none(id=who.user_id)
    if user is None or user.region != who.region:
        raise errors.SessionInvalid()
    return user


async def sign_out(services: Services, token: str) -> None:
    await services.kv.delete(_session_key(token))


async def bind_real_name(
    services: Services, user: User, id_type: str, id_number: str, name: str, face_verify_id: str | None = None
) -> User:
    """Bind the user to a real-name person, verified with upstream (name against id number) and,
    where the region profile asks (`real_name.face_verification`, Hubei's 楚税通), by a passed
    face verification of this account for this person. Binding the same verified person again
    changes nothing and is not counted. An account bound before verification existed may bind
    again (then verified); a verified binding never changes.

    Raises: IdTypeNotOffered, InvalidInput, NameInvalid, AlreadyBound, BindingRateLimited,
    IdentityCheckRateLimited, PersonMismatch, PersonNotFound, IdentityCheckUnavailable,
    FaceVerificationRequired, FaceVerificationFailed, FaceUnavailable.
    """
    person = check_person(services, user.region, id_type, id_number, name)
    index = services.sealer.blind_index(f"{id_type}:{person.id_number}")
    if user.is_verified:
        if user.id_number_index == index and user.name == person.name:
            return user  # a no-op: not counted against the limit
        raise errors.AlreadyBound()
    if not await rate_limits.allow(services, "binding", user.id):
        raise errors.BindingRateLimited()
    await verify_person(services, user, person)
    face = services.profile(user.region).real_name.face_verification
    if face:
        await confirm_face(services, user, person, face_verify_id)
    now = clock.now()
    async with unit_of_work():
        # compare-and-set: of two bindings racing on one account, one wins; a verified one stays
        changed = await User.filter(id=user.id, verified_at=None).update(
            id_type=id_type, id_number_sealed=services.sealer.seal(person.id_number), id_number_index=index,
            id_number_masked=mask_id_number(person.id_number), name=person.name, bound_at=user.bound_at or now,
            verified_at=now, verified_by="upstream+face" if face else "upstream",
        )
        if not changed:
            await user.refresh_from_db()
            if user.id_number_index == index and user.name == person.name:
                return user
            raise errors.AlreadyBound()
        await record("user", user.id, "bind", actor=f"user:{user.id}", from_state="bound" if user.is_bound else None,
                     to_state="verified", data={"id_type": id_type, "id_number_masked": mask_id_number(
                         person.id_number), "name": person.name, "face": face})
    await user.refresh_from_db()
    return user


def require_bound(user: User) -> User:
    """The user, bound to a verified person. Raises: RealNameRequired, RealNameUnverified."""
    if not user.is_bound:
        raise errors.RealNameRequired()
    if not user.is_verified:
        raise errors.RealNameUnverified()
    return user
