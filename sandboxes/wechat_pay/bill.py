"""Trade statements in WeChat's CSV format (交易账单, bill_type=ALL), for the sandbox."""

from __future__ import annotations

from dataclasses import dataclass

from app.money import fen_to_yuan as _yuan

HEADER = (
    "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,"
    "货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,"
    "商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注"
)
SUMMARY_HEADER = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额"
FEE_RATE = "0.60%"


@dataclass(frozen=True)
class BillLine:
    time: str  # "2026-01-05 10:00:00", Asia/Shanghai
    appid: str
    mchid: str
    transaction_id: str
    out_trade_no: str
    openid: str
    trade_state: str  # SUCCESS | REFUND
    total_fen: int
    description: str
    attach: str = ""
    refund_id: str = ""
    out_refund_no: str = ""
    refund_fen: int = 0
    refund_status: str = ""
    trade_type: str = "JSAPI"


def _fee(fen: int) -> int:
    return (fen * 6 + 500) // 1000  # 0.6 %, rounded to the fen


def _row(line: BillLine) -> str:
    is_refund = line.trade_state == "REFUND"
    settled = 0 if is_refund else line.total_fen
    fee = -_fee(line.refund_fen) if is_refund else _fee(line.total_fen)
    values = [
        line.time, line.appid, line.mchid, "0", "", line.transaction_id, line.out_trade_no, line.openid,
        line.trade_type, line.trade_state, "OTHERS", "CNY", _yuan(settled), "0.00", line.refund_id or "0",
        line.out_refund_no or "0", _yuan(line.refund_fen), "0.00", "ORIGINAL" if is_refund else "",
        line.refund_status, line.description, line.attach, f"{fee / 100:.5f}", FEE_RATE,
        _yuan(line.total_fen), _yuan(line.refund_fen), "",
    ]
    return ",".join("`" + v.replace(",", "，") for v in values)


def render_trade_bill(lines: list[BillLine]) -> str:
    payments = [x for x in lines if x.trade_state != "REFUND"]
    refunds = [x for x in lines if x.trade_state == "REFUND"]
    settled = sum(x.total_fen for x in payments)
    refunded = sum(x.refund_fen for x in refunds)
    fees = sum(_fee(x.total_fen) for x in payments) - sum(_fee(x.refund_fen) for x in refunds)
    summary = [str(len(lines)), _yuan(settled), _yuan(refunded), "0.00", f"{fees / 100:.5f}",
               _yuan(settled), _yuan(refunded)]
    out = [HEADER, *(_row(x) for x in lines), SUMMARY_HEADER, ",".join("`" + v for v in summary)]
    return "\r\n".join(out) + "\r\n"
