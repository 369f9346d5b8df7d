"""缴费协议办理: sign, list, revoke, and the checks a payment through an agreement needs.

The rules are the manuals', per region (`[bank_agreement]` of the profile): only for oneself
(the payer's details come from the bound account and cannot be changed), the cardholder's name
must be the payer's, the agreement names a tax office that must be the one collecting
(Beijing), it takes effect the next day (Beijing), signing and each payment need a face scan
(Hubei's 楚税通). The bank checks the account, the name and the id number itself and answers with
its own agreement number; a revoked agreement is cancelled at the bank first.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol, cast

from tortoise.exceptions import IntegrityError

from app import clock, words
from app import upstream as up
from app.agreements import errors
from app.agreements.models import AGREEMENT, AgreementState, BankAgreement
from app.context import Services
from app.declarations import list_enrollments
from app.identity import FaceVerificationRequired, User, confirm_face, normalise_name
from app.kv import LockTimeout
from app.uow import unit_of_work
from payment_channels import interfaces as ch
from payment_channels.registry import by_payer
from payment_channels.spec import PayerKind

log = logging.getLogger("shebao.agreements")
# the banks the withholding gateway routes to (行别); each region signs with those its profile
# lists (`[bank_agreement] banks`)
BANKS = {
    "ICBC": "中国工商银行", "ABC": "中国农业银行", "BOC": "中国银行", "CCB": "中国建设银行",
    "HUBEI_RCB": "湖北农商银行",
}
_ACCOUNT = re.compile(r"[0-9]{12,19}")  # ASCII digits only: \d would take full-width and other scripts' digits
_DIVISION = re.compile(r"[0-9]{6}")
# the bank's refusals that say something about the card (whether it exists, whose it is, its
# state): one answer for all of them, so that nobody learns of another person's card by trying
# it; the bank's own reason goes to the log only
CARD_REFUSALS = frozenset({"ACCOUNT_NOT_FOUND", "NAME_MISMATCH", "ID_MISMATCH", "ACCOUNT_FROZEN"})


class SignedAtBank(Protocol):
    @property
    def agreement_no(self) -> str: ...


class AgreementGateway(Protocol):
    """What the bank channel offers beyond paying (payment_channels.bank.adapter)."""

    async def sign_agreement(self, *, bank_code: str, account_no: str, holder_name: str, id_type: str,
                             id_number: str, tax_office_code: str) -> SignedAtBank: ...

    async def cancel_agreement(self, agreement_no: str) -> None: ...


@dataclass(frozen=True)
class AgreementForm:
    division_code: str
    bank_code: str
    account_no: str
    holder_name: str
    tax_office: str | None = None
    face_verify_id: str | None = None



def _channel() -> str:
    """The channel that debits agreements."""
    found = by_payer(PayerKind.AGREEMENT)
    return found.name if found else ""

def mask_account(account_no: str) -> str:
    """The last four digits (and, on a card of 16 digits or more, the first four)."""
    return f"{account_no[:4]} **** **** {account_no[-4:]}" if len(account_no) >= 16 else f"**** {account_no[-4:]}"


def _gateway(services: Services) -> AgreementGateway:
    if _channel() not in services.channels:
        raise errors.AgreementsNotOffered()
    return cast(AgreementGateway, services.channel(_channel()))


def offered(services: Services, user: User) -> None:
    """Raises AgreementsNotOffered where the region (or this deployment) has no agreement payments."""
    if _channel() not in services.profile(user.region).channels or _channel() not in services.channels:
        raise errors.AgreementsNotOffered()


def own_person(services: Services, user: User) -> up.PersonRef:
    if not (user.is_verified and user.id_type and user.id_number_sealed and user.name):
        raise errors.RealNameRequired()
    return up.PersonRef(user.id_type, services.sealer.unseal(user.id_number_sealed), user.name)


def _validated(services: Services, user: User, form: AgreementForm) -> AgreementForm:
    profile = services.profile(user.region)
    rules = profile.bank_agreement
    if not _DIVISION.fullmatch(form.division_code) or form.division_code[:2] != profile.division_code[:2]:
        raise errors.DivisionInvalid(division_prefix=profile.division_code[:2])
    if form.bank_code not in banks_of(services, user.region):
        raise errors.BankNotSupported(banks=list(banks_of(services, user.region)))
    account = re.sub(r"\s+", "", form.account_no)
    if not _ACCOUNT.fullmatch(account):
        raise errors.AccountNumberInvalid()
    holder = normalise_name(form.holder_name)
    if holder is None or (rules.cardholder_must_match and holder != user.name):
        raise errors.HolderMismatch()
    office = (form.tax_office or "").strip() or None
    if rules.tax_offices and office not in rules.tax_offices:
        raise errors.TaxOfficeInvalid(tax_offices=list(rules.tax_offices))
    if not rules.tax_offices:
        office = None
    return AgreementForm(form.division_code, form.bank_code, account, holder, office, form.face_verify_id)


def banks_of(services: Services, region: str) -> dict[str, str]:
    """The banks the region signs agreements with (its profile's list), code → name."""
    return {code: BANKS[code] for code in services.profile(region).bank_agreement.banks if code in BANKS}


def effective_from(services: Services, region: str) -> date:
    today = services.today()
    return today + timedelta(days=1) if services.profile(region).bank_agreement.effective_next_day else today


async def sign(services: Services, user: User, form: AgreementForm) -> BankAgreement:
    """新增协议: checked here, verified by the bank, stored once per account.

    Raises: AgreementsNotOffered, RealNameRequired, DivisionInvalid, BankNotSupported,
    AccountNumberInvalid, HolderMismatch, TaxOfficeInvalid, (face) FaceVerification*,
    AgreementExists, AgreementRefused, BankUnavailable.
    """
    offered(services, user)
    person = own_person(services, user)
    form = _validated(services, user, form)
    account_index = services.sealer.blind_index(f"bank:{form.bank_code}:{form.account_no}")
    # per person, not per account: the same person signed in twice must not hold the bank's one
    # agreement twice (revoking one would cancel the other's at the bank)
    live_key = services.sealer.blind_index(f"agreement:{user.id_number_index}:{form.bank_code}:{form.account_no}")
    try:
        # one card at a time: a sign and the bank-side cancel of a revoked agreement on the same
        # card never cross (the bank answers the same number for the same card)
        async with services.kv.lock(card_lock_key(user.id_number_index or "", account_index),
                                    services.settings.lock_timeout_seconds, 15):
            return await _sign_card(services, user, person, form, account_index, live_key)
    except LockTimeout as exc:
        raise errors.AgreementBusy() from exc


def card_lock_key(payer_index: str, account_index: str) -> str:
    return f"agreement_card:{payer_index}:{account_index}"


async def _sign_card(services: Services, user: User, person: up.PersonRef, form: AgreementForm, account_index: str,
                     live_key: str) -> BankAgreement:
    if await BankAgreement.filter(live_key=live_key).exists():
        raise errors.AgreementExists()
    rules = services.profile(user.region).bank_agreement
    if rules.face_verification:
        try:
            await confirm_face(services, user, person, form.face_verify_id)
        except FaceVerificationRequired as exc:
            raise errors.AgreementFaceRequired() from exc
    try:
        signed = await _gateway(services).sign_agreement(
            bank_code=form.bank_code, account_no=form.account_no, holder_name=form.holder_name,
            id_type=person.id_type, id_number=person.id_number, tax_office_code=form.tax_office or "")
    except ch.ChannelRejected as exc:
        log.info("the bank refused an agreement for user %s (%s, %s): %s %s", user.id, form.bank_code,
                 mask_account(form.account_no), exc.code, exc)
        if exc.code in CARD_REFUSALS:
            raise errors.CardNotUsable() from exc
        if exc.code == "BANK_NOT_SUPPORTED":
            raise errors.BankNotSupported(banks=list(banks_of(services, user.region))) from exc
        raise errors.AgreementRefused() from exc
    except ch.ChannelError as exc:  # the bank answers the same number for the same account next time
        raise errors.BankUnavailable() from exc
    try:
        async with unit_of_work():
            effective = effective_from(services, user.region)
            agreement = await AGREEMENT.create(
                actor=f"user:{user.id}", action="sign",
                data={"bank_code": form.bank_code, "account": mask_account(form.account_no),
                      "effective_from": effective.isoformat()},
                user=user, region=user.region, division_code=form.division_code, bank_code=form.bank_code,
                account_sealed=services.sealer.seal(form.account_no), account_index=account_index,
                account_masked=mask_account(form.account_no), holder_name=form.holder_name,
                payer_id_index=user.id_number_index, payer_id_masked=user.id_number_masked,
                tax_office=form.tax_office, agreement_no=str(signed.agreement_no), effective_from=effective,
                face_verified=rules.face_verification, live_key=live_key)
            # a revoked agreement whose cancel the bank has not taken yet, under the number the
            # bank answered again: that number is this agreement's now, never to be cancelled for it
            await BankAgreement.filter(agreement_no=agreement.agreement_no, state=AgreementState.REVOKED,
                                       bank_cancelled_at=None).update(bank_cancelled_at=clock.now())
    except IntegrityError as exc:  # the same account, signed at the same moment by another request
        raise errors.AgreementExists() from exc
    return agreement


def _own(user: User) -> dict[str, Any]:
    """An agreement is its signer's, where it was signed: the account's current person and region
    (an account re-bound to another person, or moved to another region, sees none of the old)."""
    return {"user_id": user.id, "payer_id_index": user.id_number_index or "", "region": user.region}


async def list_own(user: User) -> list[BankAgreement]:
    return await BankAgreement.filter(**_own(user)).order_by("-id")


async def get_own(user: User, agreement_id: int) -> BankAgreement:
    agreement = await BankAgreement.get_or_none(id=agreement_id, **_own(user))
    if agreement is None:
        raise errors.AgreementNotFound()
    return agreement


def lock_key(agreement_id: int) -> str:
    """Held while a payment through the agreement is written, and while it is revoked."""
    return f"agreement:{agreement_id}"


async def mark_revoked(agreement: BankAgreement, actor: str) -> bool:
    """Revoke it here (ACTIVE → REVOKED): no payment or batch debit goes through it any more. The
    caller holds the agreement's lock and has made sure no debit through it is out."""
    return await AGREEMENT.move(agreement, AgreementState.REVOKED, actor=actor, action="revoke", live_key=None,
                                revoked_at=clock.now()) is not None


async def cancel_at_bank(services: Services, agreement_id: int) -> bool:
    """Tell the bank a revoked agreement is ended; True once it has taken it (or never knew it, or
    the card was signed again under the same number). Failures are left for the sweep: here,
    nothing can be debited through it any more."""
    agreement = await BankAgreement.get(id=agreement_id)
    try:
        async with services.kv.lock(card_lock_key(agreement.payer_id_index, agreement.account_index),
                                    services.settings.lock_timeout_seconds, 15):
            return await _cancel_card(services, agreement_id)
    except LockTimeout:
        return False


async def _cancel_card(services: Services, agreement_id: int) -> bool:
    agreement = await BankAgreement.get(id=agreement_id)
    if agreement.state != AgreementState.REVOKED or agreement.bank_cancelled_at is not None:
        return agreement.bank_cancelled_at is not None
    if await BankAgreement.filter(agreement_no=agreement.agreement_no, state=AgreementState.ACTIVE).exists():
        # signed again meanwhile, and the bank kept its number: cancelling would end the new one
        await BankAgreement.filter(id=agreement.id, bank_cancelled_at=None).update(
            bank_cancelled_at=clock.now())
        return True
    try:
        await _gateway(services).cancel_agreement(agreement.agreement_no)
    except ch.ChannelRejected as exc:
        if exc.code not in ("AGREEMENT_NOT_FOUND", "AGREEMENT_CANCELLED"):
            log.warning("the bank refused to cancel agreement %s: %s", agreement.id, exc.code)
            return False
    except ch.ChannelError as exc:
        log.warning("cancel of agreement %s at the bank not confirmed: %s", agreement.id, exc.code)
        return False
    await BankAgreement.filter(id=agreement.id, bank_cancelled_at=None).update(bank_cancelled_at=clock.now())
    return True


async def cancel_revoked_at_bank(services: Services, batch: int = 200) -> int:
    """The sweep: revoked agreements the bank has not taken the cancel of yet."""
    found = BankAgreement.filter(state=AgreementState.REVOKED, bank_cancelled_at=None).limit(batch)
    return sum([await cancel_at_bank(services, agreement.id) for agreement in await found])


def status_label(services: Services, agreement: BankAgreement) -> str:
    if agreement.state == AgreementState.REVOKED:
        return words.AGREEMENT_STATUS_LABELS["revoked"]
    return words.AGREEMENT_STATUS_LABELS["pending" if agreement.effective_from > services.today() else "effective"]


def usable(services: Services, agreement: BankAgreement) -> bool:
    return agreement.state == AgreementState.ACTIVE and agreement.effective_from <= services.today()


async def for_payment(services: Services, user: User, agreement_id: int | None) -> BankAgreement:
    """The agreement a payment goes through: the user's own, not revoked, in effect.

    Raises: AgreementRequired, AgreementNotFound, AgreementRevoked, AgreementNotEffective.
    """
    if agreement_id is None:
        raise errors.AgreementRequired()
    if not user.is_verified:
        raise errors.RealNameRequired()
    agreement = await get_own(user, agreement_id)
    if agreement.state == AgreementState.REVOKED:
        raise errors.AgreementRevoked()
    if agreement.effective_from > services.today():
        raise errors.AgreementNotEffective(effective_from=agreement.effective_from.isoformat())
    return agreement


async def check_tax_office(services: Services, agreement: BankAgreement, person: up.PersonRef, region: str,
                           insurance_type: str) -> None:
    """Beijing: the agreement's tax office must be the one collecting this insurance type.

    Raises: AgreementTaxOfficeMismatch.
    """
    if not services.profile(region).bank_agreement.tax_office_must_match:
        return
    if not agreement.tax_office:
        raise errors.AgreementTaxOfficeMismatch(agreement_tax_office=None)

    offices = {e.tax_office for e in await list_enrollments(services, person, region)
               if e.insurance_type == insurance_type}
    if agreement.tax_office not in offices:
        raise errors.AgreementTaxOfficeMismatch(agreement_tax_office=agreement.tax_office,
                                                 tax_offices=sorted(offices))
