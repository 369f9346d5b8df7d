"""Bank agreement debits (两方协议代扣): the channel adapter (adapter.py), the daily statement
(statement.py), and its declaration (`CHANNEL`): the bank debits the payer's own agreement."""

from payment_channels.bank import statement
from payment_channels.bank.adapter import BankAgreementChannel, BankConfig, SignedAgreement
from payment_channels.bank.statement import StatementLine, StatementUnreadable
from payment_channels.interfaces import PaymentChannel
from payment_channels.spec import (
    ChannelContext,
    ChannelSpec,
    Device,
    NotificationEndpoint,
    PayerKind,
    StatementFormat,
    json_acknowledgement,
)


def config(context: ChannelContext, gateway_url: str | None = None) -> BankConfig:
    bank = context.settings.bank
    private, public = context.keys(bank.merchant_private_key_file, bank.bank_public_key_file, "bank_merchant",
                                   "bank_gateway")
    return BankConfig(bank.merchant_no, private, public, gateway_url or bank.gateway_url or context.sandbox_base_url,
                      timeout_seconds=bank.timeout_seconds)


def _build(context: ChannelContext) -> PaymentChannel:
    return BankAgreementChannel(config(context))


CHANNEL = ChannelSpec(
    name="bank_agreement",
    label="银行卡协议缴费",
    settings_table="bank",
    build=_build,
    enabled=lambda settings: settings.bank.enabled,
    sandbox="sandboxes.bank:channel_sandbox",
    sandbox_http="sandboxes.bank:create_bank_blueprint",
    statement=StatementFormat(statement.parse, StatementUnreadable),  # 对账文件, with its totals checked
    notification=NotificationEndpoint(
        summary="银行代扣网关的扣款/退款结果通知：验签（X-Bank-*）、商户号、时间窗、金额校验，并向银行查询确认后才入账",
        description="Body: the gateway's signed JSON callback (DEBIT.SUCCESS, DEBIT.FAILED, REFUND.SUCCESS). "
                    "200 SUCCESS once kept and decided (rejected ones are flagged, never applied); 503 FAIL "
                    "when the result could not be confirmed with the bank, so that it sends it again.",
        acknowledge=json_acknowledgement),
    devices=(Device("agreement", "协议扣款", PayerKind.AGREEMENT),),
)

__all__ = ["CHANNEL", "BankAgreementChannel", "BankConfig", "SignedAgreement", "StatementLine",
           "StatementUnreadable", "config"]
