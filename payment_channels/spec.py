"""What a payment channel declares about itself (`ChannelSpec`), in its own package; the registry
(`payment_channels.registry`) lists them.

A channel's *devices* are how a payer pays one of its orders: the mini-program (wx.requestPayment,
my.tradePay), a phone app (an order string for the Alipay SDK), a computer (a QR code scanned with a
phone), or a bank debit. Each says who pays (`PayerKind`: the checkout finds that reference) and
what the device is handed (a pydantic model, the field of the checkout's answer that carries it).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import BaseModel

from config.settings import PROJECT_DIR, Settings
from payment_channels import demo_key_pairs as key_pairs
from payment_channels.interfaces import PaymentChannel


class PayerKind(enum.StrEnum):
    """Who pays an order, as the channel knows them before it is paid."""

    WECHAT_USER = "wechat_user"  # the signed-in WeChat user's openid of our appid (JSAPI)
    ALIPAY_USER = "alipay_user"  # the Alipay user of an auth code, or the account signed in with Alipay
    AGREEMENT = "agreement"  # the bank's number of the payer's own agreement (a debit, no device)
    ANYONE = "anyone"  # whoever pays it (a phone app, a scanned QR code): the trade names them once paid


@dataclass(frozen=True)
class Device:
    """One way a payer pays this channel's orders."""

    name: str  # "mini_program", "app", "pc", "agreement"
    label: str  # what people read: 小程序, 手机应用, 电脑扫码, 协议扣款
    payer: PayerKind
    handed: type[BaseModel] | None = None  # what the device is given to pay (None: nothing, the bank debits)
    answer_field: str = ""  # the checkout answer's field that carries it
    answer_doc: str = ""


@dataclass(frozen=True)
class Acknowledgement:
    """The answer a notification gets: `retry` asks the channel to send it again."""

    status: int
    body: str
    content_type: str


def json_acknowledgement(retry: bool) -> Acknowledgement:
    """{"code": "SUCCESS"|"FAIL", "message"}: 200 once decided, 503 FAIL to be sent again."""
    if retry:
        return Acknowledgement(503, '{"code":"FAIL","message":"暂时无法确认，请稍后重发"}', "application/json")
    return Acknowledgement(200, '{"code":"SUCCESS","message":"成功"}', "application/json")


@dataclass(frozen=True)
class NotificationEndpoint:
    summary: str  # for the API document
    description: str
    acknowledge: Callable[[bool], Acknowledgement]  # retry? → the answer in the channel's own format
    json_ack: bool = True  # the acknowledgement is {"code","message"} JSON (else plain text)


@dataclass(frozen=True)
class StatementFormat:
    """How reconciliation reads the channel's daily statement: streamed in the 交易账单 layout
    (`parse` None: millions of lines), or cut into lines by the channel's own parser, which checks
    its file's own totals (each line: kind, transaction_id, out_trade_no, out_refund_no, amount_fen, at)."""

    parse: Callable[[str], Sequence[Any]] | None = None
    unreadable: type[Exception] = ValueError


@dataclass(frozen=True)
class ChannelContext:
    """What a channel's adapter or sandbox is built from: the settings, where demo keys are kept,
    and where the sandboxes listen on the embedded default."""

    settings: Settings
    options: Mapping[str, Any] = field(default_factory=dict)  # e.g. the WeChat Pay demo keys a test made

    @property
    def keys_dir(self) -> Path:
        directory = Path(self.settings.wechat.keys_dir)
        return directory if directory.is_absolute() else PROJECT_DIR / directory

    @property
    def sandbox_base_url(self) -> str:
        return f"http://{self.settings.sandbox_host}:{self.settings.sandbox_port}"

    def keys(self, private_file: str, public_file: str, ours: str, theirs: str) -> tuple[str, str]:
        """Our private key and the channel's public key, PEM: the configured files, or (embedded
        default) the demo pairs `ours` and `theirs` kept beside the WeChat Pay demo keys."""
        if private_file and public_file:
            return _read(private_file), _read(public_file)
        return (key_pairs.private_pem(key_pairs.load_or_create(self.keys_dir, ours)),
                key_pairs.public_pem(key_pairs.load_or_create(self.keys_dir, theirs)))

    def demo_pair(self, ours: str, theirs: str) -> tuple[rsa.RSAPublicKey, rsa.RSAPrivateKey]:
        """A sandbox's halves of a channel's demo keys: our public key, the channel's private key."""
        if self.settings.profile == "production" and not self.settings.allow_sandboxes:
            raise RuntimeError("the sandbox refuses to start in the production profile")
        return (key_pairs.load_or_create(self.keys_dir, ours).public_key(),
                key_pairs.load_or_create(self.keys_dir, theirs))


def _read(path: str) -> str:
    file = Path(path)
    return (file if file.is_absolute() else PROJECT_DIR / file).read_text(encoding="utf-8")


@dataclass(frozen=True)
class ChannelSpec:
    """Everything the service needs to know about one channel."""

    name: str  # as configuration and region profiles name it
    label: str  # 微信支付
    settings_table: str  # its table of the settings: [wechat], [alipay], [bank]
    build: Callable[[ChannelContext], PaymentChannel]
    enabled: Callable[[Settings], bool]
    sandbox: str  # "module:function" under sandboxes/ building its simulator (only where sandboxes may run)
    sandbox_http: str  # "module:function" making the simulator's Sanic blueprint
    statement: StatementFormat  # its daily statement, as reconciliation reads it
    notification: NotificationEndpoint
    devices: tuple[Device, ...]
    signs_in: bool = False  # its auth codes also sign a person in (an account of this channel's users)
    extras: dict[str, Any] = field(default_factory=dict)

    def device(self, name: str) -> Device | None:
        return next((d for d in self.devices if d.name == name), None)

    @property
    def default_device(self) -> Device:
        return self.devices[0]

    def build_sandbox(self, context: ChannelContext) -> Any:
        """The channel's simulator (never in production: `sandboxes` refuses to be imported there)."""
        return _load(self.sandbox)(context)

    def sandbox_blueprint(self, simulator: Any) -> Any:
        """The simulator's HTTP face (a Sanic blueprint)."""
        return _load(self.sandbox_http)(simulator)


def _load(path: str) -> Callable[..., Any]:
    module, _, name = path.partition(":")
    found: Callable[..., Any] = getattr(import_module(module), name)
    return found
