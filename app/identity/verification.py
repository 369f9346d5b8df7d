"""Whether a name belongs to an id number (实名核验, asked of upstream) and whether the person
holding this WeChat account is that person (人脸核身, where the region asks for it).

A person is checked before anything is stored or shown under their name: binding an account,
adding a saved payer, a payer typed in a form. Checks are counted per user (they would otherwise
let anyone test which name goes with an id number); a positive answer is remembered for an hour.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast

from app import rate_limits
from app import upstream as up
from app.context import Services
from app.errors import InvalidInput
from app.identity import errors
from app.identity.accounts import channel_account
from app.identity.id_numbers import InvalidIdNumber, validate_id
from app.identity.models import User
from app.identity.names import normalise_name
from payment_channels.face import FaceResultRejected, FaceVerificationError, FaceVerifier

CONFIRMED_TTL_SECONDS = 3600
FACE_ID_TYPES = ("resident_id_card",)  # what WeChat's 人脸核身 accepts (cert_type IDENTITY_CARD)


def check_person(services: Services, region: str, id_type: str, id_number: str, name: str) -> up.PersonRef:
    """The person as typed, validated and normalised for the region (no upstream call).

    Raises: IdTypeNotOffered, InvalidInput (id_number_* codes), NameInvalid.
    """
    if id_type not in services.profile(region).id_types:
        raise errors.IdTypeNotOffered(id_type=id_type)
    try:
        number = validate_id(id_type, id_number, services.today())
    except InvalidIdNumber as exc:
        raise InvalidInput(exc.message, code=exc.code) from exc
    clean = normalise_name(name)
    if clean is None:
        raise errors.NameInvalid()
    return up.PersonRef(id_type, number, clean)


def _confirmed_key(services: Services, person: up.PersonRef) -> str:
    digest = services.sealer.blind_index(f"{person.id_type}:{person.id_number}:{person.name}")
    return f"person_confirmed:{digest}"


async def verify_person(services: Services, user: User, person: up.PersonRef) -> None:
    """Ask upstream whether `person.name` is the name registered for the id number (unless the
    user's region profile turns the check off: `real_name.upstream_check`).

    Raises: IdentityCheckRateLimited, PersonMismatch (another name), PersonNotFound (no such
    id number), IdentityCheckUnavailable.
    """
    if not services.profile(user.region).real_name.upstream_check:
        return
    key = _confirmed_key(services, person)
    if await services.kv.get(key):
        return
    if not await rate_limits.allow(services, "identity_check", user.id):
        raise errors.IdentityCheckRateLimited()
    try:
        answer = await services.upstream.verify_person(person)
    except up.UpstreamError as exc:
        raise errors.IdentityCheckUnavailable() from exc
    if answer == up.PersonCheck.MISMATCH:
        raise errors.PersonMismatch()
    if answer == up.PersonCheck.NOT_FOUND:
        raise errors.PersonNotFound()
    await services.kv.set(key, "1", CONFIRMED_TTL_SECONDS)


@dataclass(frozen=True)
class FaceStart:
    verify_id: str
    expires_at: datetime
    provider: str = "wechat"  # whose face verification: wechat (wx.requestFacialVerify) | alipay (my.startAPVerify)
    certify_url: str | None = None  # Alipay's: the URL my.startAPVerify opens


def face_verifier(services: Services, user: User) -> tuple[str, FaceVerifier]:
    """Whose 人脸核身 this account uses: WeChat's for a WeChat openid, the sign-in channel's own
    (支付宝人脸核身) for an account that signed in with a channel. Raises: FaceNeedsWeChat (a channel
    without face verification, or an account id too long to have been kept)."""
    account = channel_account(user)
    if account is None:
        return "wechat", services.face
    channel = services.channels.get(account.channel)
    make = getattr(channel, "face_verifier", None)
    if make is None or not account.user_id:
        raise errors.FaceNeedsWeChat()
    return account.channel, cast(FaceVerifier, make())


def _face_key(verify_id: str) -> str:
    return "face:" + hashlib.sha256(verify_id.encode()).hexdigest()


async def start_face_verification(services: Services, user: User, person: up.PersonRef) -> FaceStart:
    """人脸核身, step 1: after upstream confirms the name, ask WeChat for a verify_id that the
    mini-program passes to wx.requestFacialVerify (an Alipay account: Alipay for a certify_id and
    its URL, for my.startAPVerify). Remembered for this user and person only.

    Raises: FaceIdTypeUnsupported, (from verify_person), FaceUnavailable.
    """
    if person.id_type not in FACE_ID_TYPES:
        raise errors.FaceIdTypeUnsupported()
    provider, verifier = face_verifier(services, user)
    if not await rate_limits.allow(services, "face_verification", user.id):
        raise errors.FaceRateLimited()
    await verify_person(services, user, person)
    out_seq_no = "FV" + secrets.token_hex(12)
    try:
        started = await verifier.begin(openid=user.openid, id_number=person.id_number, name=person.name,
                                       out_seq_no=out_seq_no)
    except FaceVerificationError as exc:
        raise errors.FaceUnavailable() from exc
    ttl = max((started.expires_at - datetime.now(UTC)).total_seconds(), 1.0)
    value = json.dumps({"user_id": user.id, "person": services.sealer.blind_index(
        f"{person.id_type}:{person.id_number}:{person.name}"), "out_seq_no": out_seq_no})
    await services.kv.set(_face_key(started.verify_id), value, ttl)
    return FaceStart(started.verify_id, started.expires_at, provider, started.url)


async def confirm_face(services: Services, user: User, person: up.PersonRef, verify_id: str | None) -> None:
    """人脸核身, step 2: the verify_id this user started for this person, passed, used once.

    Raises: FaceVerificationRequired (none given), FaceVerificationFailed (unknown, another
    person's, used, or the face did not pass), FaceUnavailable (ask again later).
    """
    if not verify_id:
        raise errors.FaceVerificationRequired()
    key = _face_key(verify_id)
    raw = await services.kv.get(key)
    started = json.loads(raw) if raw else None
    expected = services.sealer.blind_index(f"{person.id_type}:{person.id_number}:{person.name}")
    if started is None or started["user_id"] != user.id or started["person"] != expected:
        raise errors.FaceVerificationFailed(reason="face_unknown")
    try:
        _, verifier = face_verifier(services, user)
        check = await verifier.result(verify_id=verify_id, out_seq_no=started["out_seq_no"], openid=user.openid,
                                           id_number=person.id_number, name=person.name)
    except FaceResultRejected as exc:
        await services.kv.delete(key)
        raise errors.FaceVerificationFailed(reason="face_rejected", provider_code=exc.code) from exc
    except FaceVerificationError as exc:
        raise errors.FaceUnavailable() from exc
    if check.pending:
        raise errors.FaceVerificationPending(verify_ret=check.verify_ret)
    if not check.passed:
        await services.kv.delete(key)
        raise errors.FaceVerificationFailed(reason="face_not_passed", verify_ret=check.verify_ret)
    if not await services.kv.set_if_absent(f"{key}:used", "1", CONFIRMED_TTL_SECONDS):
        raise errors.FaceVerificationFailed(reason="face_used")
    await services.kv.delete(key)
