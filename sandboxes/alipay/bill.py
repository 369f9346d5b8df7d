"""Alipay's daily bill (业务明细) as the sandbox publishes it."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from typing import TYPE_CHECKING

from app.money import fen_to_yuan as yuan
from sandboxes.alipay.protocol import fen, now_text

if TYPE_CHECKING:
    from sandboxes.alipay.sandbox import AlipayTrade

BILL_COLUMNS = tuple(
    "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,"
    "商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,"
    "商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注".split(","))


def bill_zip(seller_id: str, trades: Iterable[AlipayTrade], day: str) -> bytes:
    """The bill as Alipay publishes it: a zip of `<pid>_<yyyymmdd>_业务明细.csv` (and its 汇总),
    GBK, comment lines starting with '#'."""
    rows = []
    for t in trades:
        if t.paid_at is not None and t.paid_at.strftime("%Y-%m-%d") == day:
            stamp = t.paid_at.strftime("%Y-%m-%d %H:%M:%S")
            rows.append([t.trade_no, t.out_trade_no, "交易", t.subject, stamp, stamp, "", "", "", "",
                         t.buyer_open_id, yuan(t.total_fen), yuan(t.total_fen), "0.00", "0.00", "0.00", "0.00",
                         "0.00", "", "0.00", "0.00", "", "0.00", "0.00", ""])
        for request_no, amount in t.refunds.items():
            at = t.refunded_at.get(request_no)
            if at is not None and at.strftime("%Y-%m-%d") == day:
                stamp = at.strftime("%Y-%m-%d %H:%M:%S")
                rows.append([t.trade_no, t.out_trade_no, "退款", t.subject, stamp, stamp, "", "", "", "",
                             t.buyer_open_id, yuan(-amount), yuan(-amount), "0.00", "0.00", "0.00", "0.00",
                             "0.00", "", "0.00", "0.00", request_no, "0.00", "0.00", ""])
    header = ",".join(BILL_COLUMNS)
    paid = [r for r in rows if r[2] == "交易"]
    back = [r for r in rows if r[2] == "退款"]
    lines = ["#支付宝业务明细查询", f"#账号：[{seller_id}]",
             f"#起始日期：[{day} 00:00:00]   终止日期：[{day} 23:59:59]",
             "#" + "-" * 20 + "业务明细列表" + "-" * 20,
             header, *[",".join(r) for r in rows], "#" + "-" * 20 + "业务明细列表结束" + "-" * 20,
             f"#交易合计：{len(paid)}笔，商家实收共{yuan(sum(fen(r[12]) for r in paid))}元",
             f"#退款合计：{len(back)}笔，商家实收退款共{yuan(sum(fen(r[12]) for r in back))}元",
             f"#导出时间：[{now_text()}]"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        name = f"{seller_id}0156_{day.replace('-', '')}"
        archive.writestr(f"{name}_业务明细.csv", ("\r\n".join(lines) + "\r\n").encode("gbk"))
        archive.writestr(f"{name}_业务明细(汇总).csv", "#支付宝业务汇总查询\r\n".encode("gbk"))
    return out.getvalue()
