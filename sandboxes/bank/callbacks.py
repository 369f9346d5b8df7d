"""Settlement and callbacks for `BankSandbox`: finishing debits and refunds, and the signed
callbacks the bank POSTs (forged ones too), each delivered until acknowledged."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import httpx

from sandboxes.bank.books import (
    CALLBACK_FORGES,
    MESSAGES,
    Agreement,
    BankAccount,
    BankAnswer,
    Debit,
    Delivery,
    Refund,
)
from sandboxes.bounded import SpillingDict

Deliver = Callable[[str, dict[str, str], bytes], Awaitable[tuple[int, bytes]]]


async def post(url: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
    try:
        async with httpx.AsyncClient(timeout=5.0) as client:
            response = await client.post(url, headers=headers, content=body)
    except httpx.HTTPError:
        return 0, b""
    return response.status_code, response.content


class SettlementMixin:
    """settle / callbacks / deliveries for BankSandbox; relies on the attributes declared below."""

    merchant_no: str
    accounts: dict[tuple[str, str], BankAccount]
    agreements: dict[str, Agreement]
    debits: SpillingDict[str, Debit]
    refunds: dict[str, Refund]
    deliveries: list[Delivery]
    deliver: Deliver
    clock: Callable[[], float]
    _delivering: asyncio.Lock

    if TYPE_CHECKING:
        def now(self) -> datetime: ...
        def debit_json(self, debit: Debit) -> dict[str, Any]: ...
        def refund_json(self, refund: Refund) -> dict[str, Any]: ...
        def _signed(self, status: int, body: bytes, content_type: str = ..., tamper: bool = ...,
                    timestamp: int | None = ..., merchant_no: str | None = ...) -> BankAnswer: ...

    async def settle(self, out_trade_no: str | None = None, *, deliver: bool = True) -> dict[str, int]:
        """Finish PROCESSING debits (only `out_trade_no`'s when given) and refunds, then deliver the
        callbacks not yet acknowledged. Returns counts: debits_succeeded, debits_failed,
        refunds_succeeded, refunds_failed, delivered."""
        done = {"debits_succeeded": 0, "debits_failed": 0, "refunds_succeeded": 0, "refunds_failed": 0}
        for debit in self.debits.recent():  # a PROCESSING one is never written out
            if debit.status != "PROCESSING" or (out_trade_no is not None and debit.out_trade_no != out_trade_no):
                continue
            agreement = self.agreements[debit.agreement_no]
            account = self.accounts.get((agreement.bank_code, agreement.account_no))
            code = ("AGREEMENT_CANCELLED" if agreement.status != "LIVE" else "ACCOUNT_NOT_FOUND" if account is None
                    else "ACCOUNT_FROZEN" if account.frozen
                    else "INSUFFICIENT_BALANCE" if account.balance_fen < debit.amount_fen else "")
            debit.finished_at = self.now()
            if code:
                debit.status, debit.fail_code, debit.fail_reason = "FAILED", code, MESSAGES.get(code, code)
                done["debits_failed"] += 1
            else:
                assert account is not None
                account.balance_fen -= debit.amount_fen
                debit.status = "SUCCESS"
                done["debits_succeeded"] += 1
        for refund in list(self.refunds.values()):
            if refund.status != "PROCESSING" or (out_trade_no is not None and refund.out_trade_no != out_trade_no):
                continue
            agreement = self.agreements[self.debits[refund.out_trade_no].agreement_no]
            account = self.accounts.get((agreement.bank_code, agreement.account_no))
            refund.finished_at = self.now()
            if account is None or account.frozen:
                code = "ACCOUNT_NOT_FOUND" if account is None else "ACCOUNT_FROZEN"
                refund.status, refund.fail_code, refund.fail_reason = "FAILED", code, MESSAGES[code]
                done["refunds_failed"] += 1
            else:
                account.balance_fen += refund.amount_fen
                refund.status = "SUCCESS"
                done["refunds_succeeded"] += 1
        done["delivered"] = await self.deliver_pending() if deliver else 0
        return done

    def callback_json(self, out_trade_no: str | None = None, out_refund_no: str | None = None) -> dict[str, Any]:
        """The JSON a callback carries for a finished debit or refund. Raises KeyError, ValueError."""
        if out_refund_no:
            refund = self.refunds[out_refund_no]
            if refund.status not in ("SUCCESS", "FAILED"):
                raise ValueError(f"refund {out_refund_no} is {refund.status}: settle() first")
            return {"notify_id": secrets.token_hex(16), "event": f"REFUND.{refund.status}",
                    "merchant_no": self.merchant_no, **self.refund_json(refund)}
        debit = self.debits[str(out_trade_no)]
        if debit.status not in ("SUCCESS", "FAILED"):
            raise ValueError(f"debit {out_trade_no} is {debit.status}: settle() first")
        return {"notify_id": secrets.token_hex(16), "event": f"DEBIT.{debit.status}",
                "merchant_no": self.merchant_no, **self.debit_json(debit)}

    def build_callback(self, out_trade_no: str | None = None, out_refund_no: str | None = None,
                       forge: str | None = None) -> tuple[dict[str, str], bytes]:
        """(headers, body) of the callback for a finished debit or refund; each `forge` breaks one
        thing: bad_signature, wrong_amount (signed, amount + 1), stale (signed 10 minutes ago),
        wrong_merchant (signed, another merchant), tampered (amount changed after signing)."""
        if forge is not None and forge not in CALLBACK_FORGES:
            raise ValueError(f"unknown forge {forge!r}; one of {sorted(CALLBACK_FORGES)}")
        data = self.callback_json(out_trade_no, out_refund_no)
        merchant = None
        if forge == "wrong_amount":
            data["amount_fen"] += 1
        if forge == "wrong_merchant":
            merchant = data["merchant_no"] = "SBF4299999999999"
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        stamp = int(self.clock()) - 600 if forge == "stale" else None
        answer = self._signed(200, body, tamper=forge == "bad_signature", timestamp=stamp, merchant_no=merchant)
        if forge == "tampered":
            data["amount_fen"] += 1
            body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return {**answer.headers, "Content-Type": "application/json; charset=utf-8"}, body

    async def _send(self, url: str, event: str, out_trade_no: str, out_refund_no: str,
                    headers: dict[str, str], body: bytes, forge: str = "") -> bool:
        status, answer = await self.deliver(url, headers, body)
        try:
            acknowledged = status == 200 and json.loads(answer).get("code") == "SUCCESS"
        except (ValueError, AttributeError):
            acknowledged = False
        self.deliveries.append(Delivery(url, event, out_trade_no, out_refund_no, status, acknowledged, forge))
        return acknowledged

    async def deliver_pending(self) -> int:
        """POST every finished, not yet acknowledged callback; how many were acknowledged now."""
        acknowledged = 0
        async with self._delivering:
            for debit in self.debits.recent():  # one not acknowledged is never written out
                if debit.status in ("SUCCESS", "FAILED") and not debit.notified and debit.notify_url:
                    headers, body = self.build_callback(out_trade_no=debit.out_trade_no)
                    debit.notified = await self._send(debit.notify_url, f"DEBIT.{debit.status}", debit.out_trade_no,
                                                      "", headers, body)
                    acknowledged += debit.notified
            for refund in list(self.refunds.values()):
                if refund.status in ("SUCCESS", "FAILED") and not refund.notified and refund.notify_url:
                    headers, body = self.build_callback(out_refund_no=refund.out_refund_no)
                    refund.notified = await self._send(refund.notify_url, f"REFUND.{refund.status}",
                                                       refund.out_trade_no, refund.out_refund_no, headers, body)
                    acknowledged += refund.notified
        return acknowledged

    async def deliver_forged(self, forge: str, out_trade_no: str | None = None,
                             out_refund_no: str | None = None) -> Delivery:
        """POST a forged callback to the item's notify_url (its real callback stays as it is)."""
        headers, body = self.build_callback(out_trade_no, out_refund_no, forge)
        if out_refund_no:
            refund = self.refunds[out_refund_no]
            url, event, trade = refund.notify_url, f"REFUND.{refund.status}", refund.out_trade_no
        else:
            debit = self.debits[str(out_trade_no)]
            url, event, trade = debit.notify_url, f"DEBIT.{debit.status}", debit.out_trade_no
        await self._send(url, event, trade, out_refund_no or "", headers, body, forge)
        return self.deliveries[-1]
