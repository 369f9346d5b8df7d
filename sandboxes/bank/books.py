"""The bank sandbox's vocabulary: its banks, id types, refusals and operations; the wire's signed
messages; the books (accounts, agreements, debits, refunds, callbacks delivered); the demo accounts,
and a card for each demo payer."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric import rsa

from app.clock import SHANGHAI
from payment_channels import demo_key_pairs as key_pairs

if TYPE_CHECKING:
    from sandboxes.bank.sandbox import BankSandbox
    from sandboxes.upstream.demo_data import DemoPerson

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


# ---- keys (PEM forms: payment_channels.demo_key_pairs) ----

def generate_keys() -> tuple[rsa.RSAPrivateKey, rsa.RSAPrivateKey]:
    """(our merchant key, the bank's key): demo key pairs, 2048-bit RSA."""
    return key_pairs.generate(), key_pairs.generate()


# ---- the wire ----

def request_message(method: str, path: str, timestamp: str, nonce: str, body: str) -> str:
    return f"{method}\n{path}\n{timestamp}\n{nonce}\n{body}\n"


def answer_message(timestamp: str, nonce: str, body: str) -> str:
    return f"{timestamp}\n{nonce}\n{body}\n"


def broken_signature(signature: str) -> str:
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



def iso(moment: datetime | None) -> str:
    return moment.astimezone(SHANGHAI).isoformat(timespec="seconds") if moment is not None else ""


def fen(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def digits(n: int) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(n))



def open_demo_accounts(sandbox: BankSandbox) -> None:
    """The bank sandbox's own demo accounts, and a card with 10,000 元 for each demo payer."""
    sandbox.seed_demo_accounts()
    for bank_code, account_no, person in demo_bank_accounts():
        sandbox.seed_account(bank_code, account_no, person.name, person.id_number, balance_fen=10_000_00)


def demo_bank_accounts() -> list[tuple[str, str, DemoPerson]]:
    """Each demo payer's card at the sandbox bank (resident id cards only: what the gateway's
    demo accounts hold), 10,000 元 on it: (bank_code, account_no, person)."""
    from sandboxes.upstream.demo_data import DEMO_PEOPLE

    banks = ("ICBC", "CCB", "ABC", "HUBEI_RCB")
    return [(banks[i % len(banks)], f"622202{i + 1:013d}", p)
            for i, p in enumerate(DEMO_PEOPLE) if p.id_type == "resident_id_card"]
