"""The bank gateway simulated in memory: `BankSandbox` answers each request to /bank/… as the
protocol (`sandboxes.bank`) says; settlement and callbacks in `callbacks`, the HTTP face in `http`."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from app import clock
from sandboxes.alipay import rsa2_sign, rsa2_verify
from sandboxes.bank.books import (
    BANKS,
    DEMO_ACCOUNTS,
    FAULT_MODES,
    ID_TYPES,
    MESSAGES,
    OPERATIONS,
    SHANGHAI,
    STATEMENT_HEADER,
    WINDOW_SECONDS,
    Agreement,
    BankAccount,
    BankAnswer,
    Debit,
    Delivery,
    Fault,
    Refund,
    answer_message,
    broken_signature,
    digits,
    fen,
    iso,
    request_message,
)
from sandboxes.bank.callbacks import Deliver, SettlementMixin, post

_NUMBER = re.compile(r"^[0-9A-Za-z_-]{1,64}$")


@dataclass
class BankSandbox(SettlementMixin):
    """The bank's side: its own key, the merchant's public key, accounts, agreements, debits and
    refunds in memory. Handlers run without awaiting between check and write, so concurrent
    identical requests make one debit."""

    merchant_no: str
    bank_key: rsa.RSAPrivateKey
    merchant_public_key: rsa.RSAPublicKey
    accounts: dict[tuple[str, str], BankAccount] = field(default_factory=dict)
    agreements: dict[str, Agreement] = field(default_factory=dict)
    debits: dict[str, Debit] = field(default_factory=dict)
    refunds: dict[str, Refund] = field(default_factory=dict)
    deliveries: list[Delivery] = field(default_factory=list)
    faults: dict[str, Fault] = field(default_factory=dict)
    timeout_sleep_seconds: float = 15.0  # past the client's timeout
    deliver: Deliver = post
    clock: Callable[[], float] = time.time
    calls: dict[str, int] = field(default_factory=dict)  # operation → requests that reached the bank
    _nonces: dict[str, float] = field(default_factory=dict, repr=False)
    _delivering: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False, compare=False)

    def now(self) -> datetime:
        """The business time of the bank's books (app.clock's, moved with the service); the
        wire's timestamps keep the real `clock`."""
        return clock.in_china()

    # ---- controls: accounts, faults ----

    def seed_account(self, bank_code: str, account_no: str, holder_name: str, id_number: str,
                     balance_fen: int = 0, frozen: bool = False, id_type: str = "ID_CARD") -> BankAccount:
        """Open (or replace) an account. Raises ValueError on a bad bank code or balance."""
        if bank_code not in BANKS:
            raise ValueError(f"unknown bank_code {bank_code!r}; one of {sorted(BANKS)}")
        if id_type not in ID_TYPES:
            raise ValueError(f"unknown id_type {id_type!r}; one of {sorted(ID_TYPES)}")
        if not isinstance(balance_fen, int) or isinstance(balance_fen, bool) or balance_fen < 0:
            raise ValueError("balance_fen must be a non-negative integer")
        if not account_no or not holder_name or not id_number:
            raise ValueError("account_no, holder_name and id_number are required")
        account = BankAccount(bank_code, account_no, holder_name, id_number, balance_fen, bool(frozen), id_type)
        self.accounts[(bank_code, account_no)] = account
        return account

    def seed_demo_accounts(self) -> list[BankAccount]:
        """The demo accounts (ICBC, ABC with 1 元, BOC frozen, CCB, HUBEI_RCB), fresh copies."""
        return [self.seed_account(a.bank_code, a.account_no, a.holder_name, a.id_number, a.balance_fen, a.frozen)
                for a in DEMO_ACCOUNTS]

    def account(self, bank_code: str, account_no: str) -> BankAccount:
        return self.accounts[(bank_code, account_no)]

    def set_fault(self, operation: str, mode: str, count: int | None = 1) -> None:
        """Make the next `count` calls of `operation` ("*": any) misbehave (None: until cleared)."""
        if operation not in OPERATIONS or mode not in FAULT_MODES:
            raise ValueError(f"bad fault {operation!r}/{mode!r}: operations {sorted(OPERATIONS)}, "
                             f"modes {sorted(FAULT_MODES)}")
        self.faults[operation] = Fault(mode, count)

    def clear_faults(self) -> None:
        self.faults.clear()

    def _take_fault(self, operation: str) -> Fault | None:
        for key in (operation, "*"):
            fault = self.faults.get(key)
            if fault is None:
                continue
            if fault.remaining is not None:
                fault.remaining -= 1
                if fault.remaining <= 0:
                    del self.faults[key]
            return fault
        return None

    # ---- the gateway ----

    def _signed(self, status: int, body: bytes, content_type: str = "application/json; charset=utf-8",
                tamper: bool = False, timestamp: int | None = None, merchant_no: str | None = None) -> BankAnswer:
        stamp, nonce = str(int(self.clock()) if timestamp is None else timestamp), secrets.token_hex(16)
        signature = rsa2_sign(self.bank_key, answer_message(stamp, nonce, body.decode("utf-8")))
        return BankAnswer(status, body, content_type, {
            "X-Bank-Merchant": self.merchant_no if merchant_no is None else merchant_no,
            "X-Bank-Timestamp": stamp, "X-Bank-Nonce": nonce,
            "X-Bank-Signature": broken_signature(signature) if tamper else signature})

    def _json(self, status: int, data: dict[str, Any]) -> BankAnswer:
        return self._signed(status, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))

    def _refuse(self, code: str, status: int = 200, message: str = "") -> BankAnswer:
        return self._json(status, {"code": code, "message": message or MESSAGES.get(code, code)})

    def _ok(self, **fields: Any) -> BankAnswer:
        return self._json(200, {"code": "SUCCESS", "message": "成功", **fields})

    def _authorized(self, method: str, path: str, headers: Mapping[str, str], body: str) -> str | None:
        """None when the request is the merchant's; else the refusal code."""
        h = {k.lower(): v for k, v in headers.items()}
        stamp, nonce = h.get("x-bank-timestamp", ""), h.get("x-bank-nonce", "")
        if h.get("x-bank-merchant") != self.merchant_no:
            return "MERCHANT_MISMATCH"
        if not stamp.isdigit() or abs(self.clock() - int(stamp)) > WINDOW_SECONDS:
            return "TIMESTAMP_EXPIRED"
        if not nonce or not rsa2_verify(self.merchant_public_key, request_message(method, path, stamp, nonce, body),
                                        h.get("x-bank-signature", "")):
            return "SIGN_ERROR"
        cutoff = self.clock() - 2 * WINDOW_SECONDS
        self._nonces = {n: t for n, t in self._nonces.items() if t >= cutoff}
        if nonce in self._nonces:
            return "NONCE_REUSED"
        self._nonces[nonce] = self.clock()
        return None

    async def handle(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> BankAnswer:
        """Answer one request to /bank/…; `path` as signed (no query)."""
        route = self._route(method, path)
        if route is None:
            return self._refuse("NOT_FOUND", 404)
        operation, handler, argument = route
        fault = self._take_fault(operation)
        if fault is not None and fault.mode == "unavailable":  # the front answers; nothing reached the bank
            return BankAnswer(503, json.dumps({"code": "SYSTEM_BUSY", "message": MESSAGES["SYSTEM_BUSY"]},
                                              ensure_ascii=False).encode("utf-8"))
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return self._refuse("PARAM_ERROR", 400, "请求体不是UTF-8")
        refused = self._authorized(method, path, headers, text)
        if refused is not None:
            return self._refuse(refused, 401)
        self.calls[operation] = self.calls.get(operation, 0) + 1
        if method == "POST":
            try:
                payload = json.loads(text)
            except ValueError:
                payload = None
            if not isinstance(payload, dict):
                return self._refuse("PARAM_ERROR", 400, "请求体不是JSON对象")
        else:
            payload = {}
        answer = handler(payload, argument)
        if fault is not None and fault.mode == "error_500":
            return self._refuse("SYSTEM_ERROR", 500)
        if fault is not None and fault.mode == "bad_signature":
            broken = broken_signature(answer.headers["X-Bank-Signature"])
            return BankAnswer(answer.status, answer.body, answer.content_type,
                              {**answer.headers, "X-Bank-Signature": broken})
        if fault is not None and fault.mode == "timeout":  # done; answered after the client gave up
            await asyncio.sleep(self.timeout_sleep_seconds)
        return answer

    def _route(self, method: str, path: str) -> tuple[str, Callable[[dict[str, Any], str], BankAnswer], str] | None:
        posts: dict[str, tuple[str, Callable[[dict[str, Any], str], BankAnswer]]] = {
            "/bank/agreements/sign": ("sign_agreement", self._sign),
            "/bank/agreements/cancel": ("cancel_agreement", self._cancel),
            "/bank/debits": ("debit", self._debit),
            "/bank/debits/query": ("query_debit", self._query_debit),
            "/bank/debits/close": ("close_debit", self._close_debit),
            "/bank/refunds": ("refund", self._refund),
            "/bank/refunds/query": ("query_refund", self._query_refund),
        }
        if method == "POST" and path in posts:
            return (*posts[path], "")
        if method == "GET" and path.startswith("/bank/statements/"):
            return "statement", self._statement, path.removeprefix("/bank/statements/")
        return None

    # ---- agreements ----

    def _sign(self, p: dict[str, Any], _: str) -> BankAnswer:
        bank_code, account_no = str(p.get("bank_code") or ""), str(p.get("account_no") or "")
        name, id_type, id_number = str(p.get("holder_name") or ""), str(p.get("id_type") or ""), \
            str(p.get("id_number") or "")
        if not all((bank_code, account_no, name, id_number)) or id_type not in ID_TYPES:
            return self._refuse("PARAM_ERROR", 400, "缺少必填字段或证件类型不支持")
        if bank_code not in BANKS:
            return self._refuse("BANK_NOT_SUPPORTED")
        account = self.accounts.get((bank_code, account_no))
        if account is None:
            return self._refuse("ACCOUNT_NOT_FOUND")
        if account.holder_name != name:
            return self._refuse("NAME_MISMATCH")
        if (account.id_type, account.id_number.upper()) != (id_type, id_number.upper()):
            return self._refuse("ID_MISMATCH")
        if account.frozen:
            return self._refuse("ACCOUNT_FROZEN")
        live = next((a for a in self.agreements.values() if a.status == "LIVE" and a.bank_code == bank_code
                     and a.account_no == account_no and a.id_number.upper() == id_number.upper()), None)
        if live is None:
            live = Agreement("AG" + self.now().strftime("%Y%m%d") + digits(14), bank_code, account_no, name,
                             id_type, id_number, str(p.get("tax_office_code") or ""), self.now())
            self.agreements[live.agreement_no] = live
        return self._ok(result="SIGNED", agreement_no=live.agreement_no, bank_code=bank_code,
                        account_tail=account_no[-4:], signed_at=iso(live.signed_at))

    def _cancel(self, p: dict[str, Any], _: str) -> BankAnswer:
        agreement = self.agreements.get(str(p.get("agreement_no") or ""))
        if agreement is None:
            return self._refuse("AGREEMENT_NOT_FOUND")
        if agreement.status == "LIVE":
            agreement.status, agreement.cancelled_at = "CANCELLED", self.now()
        return self._ok(result="CANCELLED", agreement_no=agreement.agreement_no,
                        cancelled_at=iso(agreement.cancelled_at))

    # ---- debits ----

    def _debit(self, p: dict[str, Any], _: str) -> BankAnswer:
        out_trade_no, agreement_no = str(p.get("out_trade_no") or ""), str(p.get("agreement_no") or "")
        amount = fen(p.get("amount_fen"))
        if not _NUMBER.match(out_trade_no) or not agreement_no or amount is None \
                or not str(p.get("notify_url") or "").startswith(("http://", "https://")):
            return self._refuse("PARAM_ERROR", 400,
                                "out_trade_no、agreement_no、amount_fen（正整数，分）、notify_url必填")
        existing = self.debits.get(out_trade_no)
        if existing is not None:
            if (existing.amount_fen, existing.agreement_no) != (amount, agreement_no):
                return self._refuse("DUPLICATE_ORDER")
            return self._ok(status="ACCEPTED", bank_serial=existing.bank_serial, out_trade_no=out_trade_no)
        agreement = self.agreements.get(agreement_no)
        if agreement is None:
            return self._refuse("AGREEMENT_NOT_FOUND")
        if agreement.status != "LIVE":
            return self._refuse("AGREEMENT_CANCELLED")
        debit = Debit(out_trade_no, "DK" + self.now().strftime("%Y%m%d%H%M%S") + digits(10), agreement_no, amount,
                      str(p.get("description") or ""), str(p["notify_url"]), str(p.get("batch_no") or ""), self.now())
        self.debits[out_trade_no] = debit
        return self._ok(status="ACCEPTED", bank_serial=debit.bank_serial, out_trade_no=out_trade_no)

    def debit_json(self, debit: Debit) -> dict[str, Any]:
        refunded = sum(r.amount_fen for r in self.refunds.values()
                       if r.out_trade_no == debit.out_trade_no and r.status == "SUCCESS")
        return {"out_trade_no": debit.out_trade_no, "bank_serial": debit.bank_serial,
                "agreement_no": debit.agreement_no, "amount_fen": debit.amount_fen, "status": debit.status,
                "refunded_fen": refunded, "fail_code": debit.fail_code, "fail_reason": debit.fail_reason,
                "accepted_at": iso(debit.accepted_at), "finished_at": iso(debit.finished_at),
                "batch_no": debit.batch_no}

    def _query_debit(self, p: dict[str, Any], _: str) -> BankAnswer:
        out_trade_no = str(p.get("out_trade_no") or "")
        debit = self.debits.get(out_trade_no)
        if debit is None:
            return self._ok(status="NOT_FOUND", out_trade_no=out_trade_no)
        return self._ok(**self.debit_json(debit))

    def _close_debit(self, p: dict[str, Any], _: str) -> BankAnswer:
        debit = self.debits.get(str(p.get("out_trade_no") or ""))
        if debit is None:
            return self._refuse("ORDER_NOT_FOUND")
        if debit.status == "SUCCESS":
            return self._refuse("ORDER_PAID")
        if debit.status == "PROCESSING":
            debit.status, debit.finished_at, debit.notified = "CLOSED", self.now(), True  # no callback for a close
        return self._ok(status=debit.status, out_trade_no=debit.out_trade_no, bank_serial=debit.bank_serial)

    # ---- refunds ----

    def _refund(self, p: dict[str, Any], _: str) -> BankAnswer:
        out_refund_no, out_trade_no = str(p.get("out_refund_no") or ""), str(p.get("out_trade_no") or "")
        amount = fen(p.get("amount_fen"))
        if not _NUMBER.match(out_refund_no) or not out_trade_no or amount is None:
            return self._refuse("PARAM_ERROR", 400, "out_trade_no、out_refund_no、amount_fen（正整数，分）必填")
        debit = self.debits.get(out_trade_no)
        if debit is None:
            return self._refuse("ORDER_NOT_FOUND")
        existing = self.refunds.get(out_refund_no)
        if existing is not None:
            if (existing.out_trade_no, existing.amount_fen) != (out_trade_no, amount):
                return self._refuse("DUPLICATE_REFUND")
            return self._ok(**self.refund_json(existing))
        if debit.status != "SUCCESS":
            return self._refuse("ORDER_NOT_PAID")
        held = sum(r.amount_fen for r in self.refunds.values()
                   if r.out_trade_no == out_trade_no and r.status in ("PROCESSING", "SUCCESS"))
        if held + amount > debit.amount_fen:
            return self._refuse("REFUND_EXCEEDS", message=f"退款金额超过可退金额（可退{debit.amount_fen - held}分）")
        refund = Refund(out_refund_no, out_trade_no, "TK" + self.now().strftime("%Y%m%d%H%M%S") + digits(10), amount,
                        str(p.get("reason") or ""), str(p.get("notify_url") or ""), self.now())
        self.refunds[out_refund_no] = refund
        return self._ok(**self.refund_json(refund))

    def refund_json(self, refund: Refund) -> dict[str, Any]:
        return {"out_refund_no": refund.out_refund_no, "out_trade_no": refund.out_trade_no,
                "refund_serial": refund.refund_serial, "bank_serial": self.debits[refund.out_trade_no].bank_serial,
                "amount_fen": refund.amount_fen, "status": refund.status, "fail_code": refund.fail_code,
                "fail_reason": refund.fail_reason, "accepted_at": iso(refund.accepted_at),
                "finished_at": iso(refund.finished_at)}

    def _query_refund(self, p: dict[str, Any], _: str) -> BankAnswer:
        out_refund_no, out_trade_no = str(p.get("out_refund_no") or ""), str(p.get("out_trade_no") or "")
        refund = self.refunds.get(out_refund_no)
        if refund is None or (out_trade_no and refund.out_trade_no != out_trade_no):
            return self._ok(status="NOT_FOUND", out_refund_no=out_refund_no, out_trade_no=out_trade_no)
        return self._ok(**self.refund_json(refund))

    # ---- statements ----

    def statement_csv(self, day: date) -> str:
        """The day's statement as the bank publishes it (see the module docstring)."""
        def on_day(moment: datetime | None) -> bool:
            return moment is not None and moment.astimezone(SHANGHAI).date() == day

        rows: list[tuple[datetime, list[str]]] = []
        for d in self.debits.values():
            if d.status == "SUCCESS" and d.finished_at is not None and on_day(d.finished_at):
                rows.append((d.finished_at, [d.bank_serial, d.out_trade_no, "DEBIT", str(d.amount_fen), "SUCCESS",
                                             iso(d.finished_at), "", d.batch_no]))
        for r in self.refunds.values():
            if r.status == "SUCCESS" and r.finished_at is not None and on_day(r.finished_at):
                batch_no = self.debits[r.out_trade_no].batch_no
                rows.append((r.finished_at, [r.refund_serial, r.out_trade_no, "REFUND", str(r.amount_fen), "SUCCESS",
                                             iso(r.finished_at), r.out_refund_no, batch_no]))
        rows.sort(key=lambda row: row[0])
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(STATEMENT_HEADER)
        writer.writerows(line for _, line in rows)
        debit_total = sum(int(line[3]) for _, line in rows if line[2] == "DEBIT")
        refund_total = sum(int(line[3]) for _, line in rows if line[2] == "REFUND")
        writer.writerow(["TOTAL", len(rows), debit_total, refund_total])
        return out.getvalue()

    def _statement(self, _: dict[str, Any], day_text: str) -> BankAnswer:
        try:
            day = date.fromisoformat(day_text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day_text) else None
        except ValueError:
            day = None
        if day is None:
            return self._refuse("PARAM_ERROR", 400, "日期格式应为YYYY-MM-DD")
        if day > self.now().date():
            return self._refuse("STATEMENT_NOT_READY", 404)
        return self._signed(200, self.statement_csv(day).encode("utf-8"), "text/csv; charset=utf-8")

    # ---- state for tests and dashboards ----

    def snapshot(self) -> dict[str, Any]:
        return {
            "merchant_no": self.merchant_no,
            "accounts": [asdict(a) for a in self.accounts.values()],
            "agreements": {k: {**asdict(a), "signed_at": iso(a.signed_at), "cancelled_at": iso(a.cancelled_at)}
                           for k, a in self.agreements.items()},
            "debits": {k: self.debit_json(d) for k, d in self.debits.items()},
            "refunds": {k: self.refund_json(r) for k, r in self.refunds.items()},
            "deliveries": [asdict(d) for d in self.deliveries],
            "faults": {k: asdict(f) for k, f in self.faults.items()},
            "calls": dict(self.calls),
        }
