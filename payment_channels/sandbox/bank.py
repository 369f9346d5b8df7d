"""Our bank sandbox: a bank-side withholding gateway (代扣网关) for two-party debit agreements
(两方协议 / 个人委托扣款协议), modelled on real bank gateways, with its own key pair.

Protocol (what `payment_channels/bank/adapter.py` speaks):

* JSON over HTTP, UTF-8, amounts are integer fen (`amount_fen`) everywhere, times ISO 8601 with
  the Asia/Shanghai offset (`2026-11-30T10:15:00+08:00`).
* Every request carries `X-Bank-Merchant` (our merchant no), `X-Bank-Timestamp` (unix seconds),
  `X-Bank-Nonce` and `X-Bank-Signature`: SHA256withRSA (PKCS#1 v1.5), base64, by the merchant's
  key over ``"METHOD\\nPATH\\nTIMESTAMP\\nNONCE\\nBODY\\n"`` (PATH without the query; BODY empty for
  GET). The bank refuses a wrong merchant, a timestamp outside ±5 minutes, a nonce seen before or
  a bad signature with 401 (`MERCHANT_MISMATCH`, `TIMESTAMP_EXPIRED`, `NONCE_REUSED`,
  `SIGN_ERROR`).
* Every answer and every callback carries the same four headers, the signature by the bank's key
  over ``"TIMESTAMP\\nNONCE\\nBODY\\n"``. Answers are `{"code": "SUCCESS", …}` or a refusal
  `{"code": "<REFUSAL>", "message": "<中文>"}` (HTTP 200 for business refusals, 400 PARAM_ERROR,
  401 as above, 404 not found). 503 `SYSTEM_BUSY` (unsigned, from the front) means the request
  was not processed; 500 `SYSTEM_ERROR` means it may have been.

Endpoints (POST, JSON body, unless noted):

=============================  ==========================================================================
/bank/agreements/sign          {bank_code, account_no, holder_name, id_type (ID_TYPES: "ID_CARD", …), id_number,
                               tax_office_code (may be "")} → {result: "SIGNED", agreement_no, bank_code,
                               account_tail, signed_at}; refusals ACCOUNT_NOT_FOUND, NAME_MISMATCH,
                               ID_MISMATCH, ACCOUNT_FROZEN, BANK_NOT_SUPPORTED. The same account and id
                               again answer the same live agreement_no.
/bank/agreements/cancel        {agreement_no} → {result: "CANCELLED", agreement_no} (again: the same);
                               AGREEMENT_NOT_FOUND. Debits under a cancelled agreement: AGREEMENT_CANCELLED.
/bank/debits                   {out_trade_no, agreement_no, amount_fen, description, notify_url,
                               batch_no?} → {status: "ACCEPTED", bank_serial, out_trade_no}. The same
                               out_trade_no and amount again: the same answer, no second debit; another
                               amount or agreement: DUPLICATE_ORDER. Then PROCESSING until settled.
/bank/debits/query             {out_trade_no} → {status: PROCESSING | SUCCESS | FAILED | CLOSED | NOT_FOUND,
                               out_trade_no, bank_serial, agreement_no, amount_fen, refunded_fen,
                               fail_code, fail_reason, finished_at, batch_no}
/bank/debits/close             {out_trade_no} → {status: "CLOSED"} (PROCESSING → CLOSED; FAILED stays);
                               ORDER_PAID for a SUCCESS debit, ORDER_NOT_FOUND.
/bank/refunds                  {out_trade_no, out_refund_no, amount_fen, reason, notify_url} →
                               {status: "PROCESSING", refund_serial, bank_serial, out_refund_no, …};
                               idempotent by out_refund_no (other order/amount: DUPLICATE_REFUND);
                               ORDER_NOT_FOUND, ORDER_NOT_PAID, REFUND_EXCEEDS (more than paid in total).
/bank/refunds/query            {out_refund_no, out_trade_no?} → {status: PROCESSING | SUCCESS | FAILED |
                               NOT_FOUND, refund_serial, bank_serial, amount_fen, fail_code, fail_reason,
                               finished_at}
GET /bank/statements/<day>     the day's statement (对账文件), CSV UTF-8 (signed like any answer):
                               ``bank_serial,out_trade_no,kind,amount_fen,status,finished_at,out_refund_no,batch_no``
                               then one line per SUCCESS debit (DEBIT; bank_serial the debit's) and
                               SUCCESS refund (REFUND; bank_serial the refund's refund_serial) finished
                               that day (Asia/Shanghai), then ``TOTAL,<count>,<debit fen>,<refund fen>``.
                               404 STATEMENT_NOT_READY for a day after today, 400 PARAM_ERROR for no date.
=============================  ==========================================================================

Settlement is asynchronous: `settle()` finishes PROCESSING debits (SUCCESS when the balance covers
the amount; else FAILED INSUFFICIENT_BALANCE, ACCOUNT_FROZEN, AGREEMENT_CANCELLED) and refunds
(SUCCESS: the money goes back; FAILED ACCOUNT_FROZEN), then POSTs one signed callback per finished
item to its notify_url: ``{notify_id, event: DEBIT.SUCCESS | DEBIT.FAILED | REFUND.SUCCESS |
REFUND.FAILED, merchant_no, out_trade_no, bank_serial, amount_fen, status, fail_code, fail_reason,
finished_at, …}`` (refunds add out_refund_no, refund_serial). Only HTTP 200 with body
``{"code": "SUCCESS"}`` acknowledges; anything else is delivered again by the next
settle()/deliver_pending().

Controls (plain methods, and routes under /sandbox/bank, answered by `runner.control`):
seed_account / seed_demo_accounts, settle, deliver_pending, deliver_forged (bad_signature,
wrong_amount, stale, wrong_merchant, tampered), set_fault (per operation or "*": timeout — done,
answered after the client gave up; unavailable — 503 before processing; bad_signature — done,
answered with a broken signature; error_500 — done, answered 500), clear_faults, snapshot.
"""

from __future__ import annotations

import asyncio
import csv
import io
import itertools
import json
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric import rsa
from sanic import Blueprint, Request
from sanic.response import HTTPResponse
from sanic.response import json as json_response

from app.clock import SHANGHAI
from payment_channels import demo_key_pairs as key_pairs
from payment_channels.sandbox.alipay import rsa2_sign, rsa2_verify
from payment_channels.sandbox.runner import control, control_body

WINDOW_SECONDS = 300
BANKS = {"ICBC": "中国工商银行", "ABC": "中国农业银行", "BOC": "中国银行", "CCB": "中国建设银行",
         "HUBEI_RCB": "湖北农村商业银行"}
ID_TYPES = {"ID_CARD": "居民身份证", "HMT_RESIDENCE_PERMIT": "港澳台居民居住证", "HK_MO_PASS": "港澳居民来往内地通行证",
            "TW_PASS": "台湾居民来往大陆通行证", "FOREIGN_PERMANENT_ID": "外国人永久居留身份证", "PASSPORT": "护照"}
OPERATIONS = frozenset({"sign_agreement", "cancel_agreement", "debit", "query_debit", "close_debit", "refund",
                        "query_refund", "statement", "*"})
FAULT_MODES = frozenset({"timeout", "unavailable", "bad_signature", "error_500"})
CALLBACK_FORGES = frozenset({"bad_signature", "wrong_amount", "stale", "wrong_merchant", "tampered"})
STATEMENT_HEADER = ("bank_serial", "out_trade_no", "kind", "amount_fen", "status", "finished_at", "out_refund_no",
                    "batch_no")
MESSAGES = {
    "ACCOUNT_NOT_FOUND": "账户不存在", "NAME_MISMATCH": "持卡人姓名与账户不符", "ID_MISMATCH": "证件号码与账户不符",
    "ACCOUNT_FROZEN": "账户已冻结", "BANK_NOT_SUPPORTED": "暂不支持该银行", "AGREEMENT_NOT_FOUND": "协议不存在",
    "AGREEMENT_CANCELLED": "协议已解约", "DUPLICATE_ORDER": "商户订单号重复", "ORDER_NOT_FOUND": "订单不存在",
    "ORDER_PAID": "订单已扣款成功", "ORDER_NOT_PAID": "订单未扣款成功，不能退款", "DUPLICATE_REFUND": "退款单号重复",
    "REFUND_EXCEEDS": "退款金额超过可退金额", "INSUFFICIENT_BALANCE": "账户余额不足", "PARAM_ERROR": "参数错误",
    "STATEMENT_NOT_READY": "对账文件尚未生成", "SIGN_ERROR": "签名错误", "MERCHANT_MISMATCH": "商户号不存在",
    "TIMESTAMP_EXPIRED": "请求时间戳超出范围", "NONCE_REUSED": "随机串重复", "SYSTEM_BUSY": "系统繁忙，请稍后重试",
    "SYSTEM_ERROR": "系统错误", "NOT_FOUND": "接口不存在",
}
_NUMBER = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
_names = itertools.count(1)
Deliver = Callable[[str, dict[str, str], bytes], Awaitable[tuple[int, bytes]]]


# ---- keys (PEM forms: payment_channels.demo_key_pairs) ----

def generate_keys() -> tuple[rsa.RSAPrivateKey, rsa.RSAPrivateKey]:
    """(our merchant key, the bank's key): demo key pairs, 2048-bit RSA."""
    return key_pairs.generate(), key_pairs.generate()


# ---- the wire ----

def request_message(method: str, path: str, timestamp: str, nonce: str, body: str) -> str:
    return f"{method}\n{path}\n{timestamp}\n{nonce}\n{body}\n"


def answer_message(timestamp: str, nonce: str, body: str) -> str:
    return f"{timestamp}\n{nonce}\n{body}\n"


def _tamper(signature: str) -> str:
    """The same length, base64 still, one that does not verify."""
    return signature[:8] + ("A" if signature[8] != "A" else "B") + signature[9:]


@dataclass(frozen=True)
class BankAnswer:
    """One HTTP answer of the sandbox, independent of the web framework."""

    status: int
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


# ---- the bank's books ----

@dataclass
class BankAccount:
    bank_code: str
    account_no: str
    holder_name: str
    id_number: str
    balance_fen: int
    frozen: bool = False
    id_type: str = "ID_CARD"


@dataclass
class Agreement:
    agreement_no: str
    bank_code: str
    account_no: str
    holder_name: str
    id_type: str
    id_number: str
    tax_office_code: str
    signed_at: datetime
    status: str = "LIVE"  # | CANCELLED
    cancelled_at: datetime | None = None


@dataclass
class Debit:
    out_trade_no: str
    bank_serial: str
    agreement_no: str
    amount_fen: int
    description: str
    notify_url: str
    batch_no: str
    accepted_at: datetime
    status: str = "PROCESSING"  # | SUCCESS | FAILED | CLOSED
    fail_code: str = ""
    fail_reason: str = ""
    finished_at: datetime | None = None
    notified: bool = False


@dataclass
class Refund:
    out_refund_no: str
    out_trade_no: str
    refund_serial: str
    amount_fen: int
    reason: str
    notify_url: str
    accepted_at: datetime
    status: str = "PROCESSING"  # | SUCCESS | FAILED
    fail_code: str = ""
    fail_reason: str = ""
    finished_at: datetime | None = None
    notified: bool = False


@dataclass
class Delivery:
    """One callback POST: where, what, and whether the merchant acknowledged it."""

    url: str
    event: str
    out_trade_no: str
    out_refund_no: str
    status: int
    acknowledged: bool
    forge: str = ""


@dataclass
class Fault:
    mode: str
    remaining: int | None  # None: until cleared


DEMO_ACCOUNTS = (
    BankAccount("ICBC", "6222020200112345678", "张三", "420102199001011236", 500_000),
    BankAccount("ABC", "6228480010123456789", "李四", "42010619850505234X", 100),
    BankAccount("BOC", "6217850100012345678", "王五", "420111197803123456", 1_000_000, frozen=True),
    BankAccount("CCB", "6217000010012345678", "赵六", "429001199207074562", 80_000),
    BankAccount("HUBEI_RCB", "6230520010012345678", "周七", "422822196809095673", 2_000_000),
)


async def _post(url: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
    try:
        async with httpx.AsyncClient(timeout=5.0) as client:
            response = await client.post(url, headers=headers, content=body)
    except httpx.HTTPError:
        return 0, b""
    return response.status_code, response.content


def _iso(moment: datetime | None) -> str:
    return moment.astimezone(SHANGHAI).isoformat(timespec="seconds") if moment is not None else ""


def _fen(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _digits(n: int) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(n))


@dataclass
class BankSandbox:
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
    deliver: Deliver = _post
    clock: Callable[[], float] = time.time
    calls: dict[str, int] = field(default_factory=dict)  # operation → requests that reached the bank
    _nonces: dict[str, float] = field(default_factory=dict, repr=False)
    _delivering: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False, compare=False)

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), SHANGHAI)

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
            "X-Bank-Signature": _tamper(signature) if tamper else signature})

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
            return BankAnswer(answer.status, answer.body, answer.content_type,
                              {**answer.headers, "X-Bank-Signature": _tamper(answer.headers["X-Bank-Signature"])})
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
            live = Agreement("AG" + self.now().strftime("%Y%m%d") + _digits(14), bank_code, account_no, name,
                             id_type, id_number, str(p.get("tax_office_code") or ""), self.now())
            self.agreements[live.agreement_no] = live
        return self._ok(result="SIGNED", agreement_no=live.agreement_no, bank_code=bank_code,
                        account_tail=account_no[-4:], signed_at=_iso(live.signed_at))

    def _cancel(self, p: dict[str, Any], _: str) -> BankAnswer:
        agreement = self.agreements.get(str(p.get("agreement_no") or ""))
        if agreement is None:
            return self._refuse("AGREEMENT_NOT_FOUND")
        if agreement.status == "LIVE":
            agreement.status, agreement.cancelled_at = "CANCELLED", self.now()
        return self._ok(result="CANCELLED", agreement_no=agreement.agreement_no,
                        cancelled_at=_iso(agreement.cancelled_at))

    # ---- debits ----

    def _debit(self, p: dict[str, Any], _: str) -> BankAnswer:
        out_trade_no, agreement_no = str(p.get("out_trade_no") or ""), str(p.get("agreement_no") or "")
        amount = _fen(p.get("amount_fen"))
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
        debit = Debit(out_trade_no, "DK" + self.now().strftime("%Y%m%d%H%M%S") + _digits(10), agreement_no, amount,
                      str(p.get("description") or ""), str(p["notify_url"]), str(p.get("batch_no") or ""), self.now())
        self.debits[out_trade_no] = debit
        return self._ok(status="ACCEPTED", bank_serial=debit.bank_serial, out_trade_no=out_trade_no)

    def debit_json(self, debit: Debit) -> dict[str, Any]:
        refunded = sum(r.amount_fen for r in self.refunds.values()
                       if r.out_trade_no == debit.out_trade_no and r.status == "SUCCESS")
        return {"out_trade_no": debit.out_trade_no, "bank_serial": debit.bank_serial,
                "agreement_no": debit.agreement_no, "amount_fen": debit.amount_fen, "status": debit.status,
                "refunded_fen": refunded, "fail_code": debit.fail_code, "fail_reason": debit.fail_reason,
                "accepted_at": _iso(debit.accepted_at), "finished_at": _iso(debit.finished_at),
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
        amount = _fen(p.get("amount_fen"))
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
        refund = Refund(out_refund_no, out_trade_no, "TK" + self.now().strftime("%Y%m%d%H%M%S") + _digits(10), amount,
                        str(p.get("reason") or ""), str(p.get("notify_url") or ""), self.now())
        self.refunds[out_refund_no] = refund
        return self._ok(**self.refund_json(refund))

    def refund_json(self, refund: Refund) -> dict[str, Any]:
        return {"out_refund_no": refund.out_refund_no, "out_trade_no": refund.out_trade_no,
                "refund_serial": refund.refund_serial, "bank_serial": self.debits[refund.out_trade_no].bank_serial,
                "amount_fen": refund.amount_fen, "status": refund.status, "fail_code": refund.fail_code,
                "fail_reason": refund.fail_reason, "accepted_at": _iso(refund.accepted_at),
                "finished_at": _iso(refund.finished_at)}

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
                                             _iso(d.finished_at), "", d.batch_no]))
        for r in self.refunds.values():
            if r.status == "SUCCESS" and r.finished_at is not None and on_day(r.finished_at):
                batch_no = self.debits[r.out_trade_no].batch_no
                rows.append((r.finished_at, [r.refund_serial, r.out_trade_no, "REFUND", str(r.amount_fen), "SUCCESS",
                                             _iso(r.finished_at), r.out_refund_no, batch_no]))
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

    # ---- settlement and callbacks ----

    async def settle(self, out_trade_no: str | None = None, *, deliver: bool = True) -> dict[str, int]:
        """Finish PROCESSING debits (only `out_trade_no`'s when given) and refunds, then deliver the
        callbacks not yet acknowledged. Returns counts: debits_succeeded, debits_failed,
        refunds_succeeded, refunds_failed, delivered."""
        done = {"debits_succeeded": 0, "debits_failed": 0, "refunds_succeeded": 0, "refunds_failed": 0}
        for debit in list(self.debits.values()):
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
            for debit in list(self.debits.values()):
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

    # ---- state for tests and dashboards ----

    def snapshot(self) -> dict[str, Any]:
        return {
            "merchant_no": self.merchant_no,
            "accounts": [asdict(a) for a in self.accounts.values()],
            "agreements": {k: {**asdict(a), "signed_at": _iso(a.signed_at), "cancelled_at": _iso(a.cancelled_at)}
                           for k, a in self.agreements.items()},
            "debits": {k: self.debit_json(d) for k, d in self.debits.items()},
            "refunds": {k: self.refund_json(r) for k, r in self.refunds.items()},
            "deliveries": [asdict(d) for d in self.deliveries],
            "faults": {k: asdict(f) for k, f in self.faults.items()},
            "calls": dict(self.calls),
        }


def create_bank_blueprint(sandbox: BankSandbox) -> Blueprint:
    """Routes: GET/POST /bank/… (the gateway) and the controls under /sandbox/bank."""
    bp = Blueprint(f"bank_sandbox_{next(_names)}")

    @bp.route("/bank/<rest:path>", methods=["GET", "POST"], name="gateway")  # type: ignore[untyped-decorator]
    async def gateway(request: Request, rest: str) -> HTTPResponse:
        answer = await sandbox.handle(request.method, request.path, request.headers, request.body)
        return HTTPResponse(answer.body, status=answer.status, headers=answer.headers,
                            content_type=answer.content_type)

    @bp.post("/sandbox/bank/accounts", name="seed_account")
    async def seed_account(request: Request) -> HTTPResponse:
        """{bank_code, account_no, holder_name, id_number, balance_fen, frozen, id_type? ("ID_CARD")}"""
        def act() -> dict[str, Any]:
            d = control_body(request)
            return asdict(sandbox.seed_account(str(d["bank_code"]), str(d["account_no"]), str(d["holder_name"]),
                                               str(d["id_number"]), d.get("balance_fen", 0), bool(d.get("frozen")),
                                               str(d.get("id_type") or "ID_CARD")))

        return await control(act)

    @bp.post("/sandbox/bank/accounts/demo", name="seed_demo_accounts")
    async def seed_demo(request: Request) -> HTTPResponse:
        return await control(lambda: [asdict(a) for a in sandbox.seed_demo_accounts()])

    @bp.post("/sandbox/bank/settle", name="settle")
    async def settle(request: Request) -> HTTPResponse:
        """{out_trade_no?}: finish pending debits and refunds, deliver their callbacks."""
        async def act() -> dict[str, int]:
            number = control_body(request).get("out_trade_no")
            return await sandbox.settle(str(number) if number else None)

        return await control(act)

    @bp.post("/sandbox/bank/deliver", name="deliver")
    async def deliver(request: Request) -> HTTPResponse:
        return await control(sandbox.deliver_pending)

    @bp.post("/sandbox/bank/callbacks/forge", name="forge")
    async def forge(request: Request) -> HTTPResponse:
        """{forge, out_trade_no | out_refund_no}"""
        async def act() -> dict[str, Any]:
            d = control_body(request)
            return asdict(await sandbox.deliver_forged(str(d["forge"]), d.get("out_trade_no"), d.get("out_refund_no")))

        return await control(act)

    @bp.post("/sandbox/bank/faults", name="set_fault")
    async def set_fault(request: Request) -> HTTPResponse:
        """{operation, mode, count? (default 1; null: until cleared)}"""
        def act() -> None:
            d = control_body(request)
            count = d.get("count", 1)
            sandbox.set_fault(str(d["operation"]), str(d["mode"]), None if count is None else int(count))

        return await control(act)

    @bp.delete("/sandbox/bank/faults", name="clear_faults")
    async def clear_faults(request: Request) -> HTTPResponse:
        return await control(sandbox.clear_faults)

    @bp.get("/sandbox/bank/state", name="state")
    async def state(request: Request) -> HTTPResponse:
        return json_response(sandbox.snapshot())

    return bp
