"""What each row the comparison returns means: its kind of difference, and what may be done.

Pure functions over the rows of `matching.py` (dicts), no I/O. The table, in short:

    statement debit, no payment of ours with the number      PAID_UNKNOWN_HERE      person
    statement debit, our payment not paid, same amount        PAID_UNKNOWN_HERE      sync: ask the channel
    statement debit(s) and ours paid, amounts differ          AMOUNT_MISMATCH        person
    ours paid that day, no statement debit                    PAID_NOT_AT_CHANNEL    ask: still paid → open (late)
    statement refund, no refund of ours with the number       REFUND_UNKNOWN_HERE    person
    statement refund, ours open (created/processing/unknown)  REFUND_UNKNOWN_HERE    sync: ask the channel
    statement refund, ours failed                             REFUND_UNKNOWN_HERE    person
    statement refund and ours, amounts (or orders) differ     AMOUNT_MISMATCH        person
    a refund number listed twice; a refund above its share;
      an order refunded beyond what was paid                  REFUNDED_TWICE         person
    ours succeeded that day, no statement refund              REFUND_NOT_AT_CHANNEL  ask: still refunded → open
    upstream posting, no share of ours with the number        POSTED_WITHOUT_MONEY   person
    upstream posting, our payment not paid                    POSTED_WITHOUT_MONEY   person (channel asked)
    upstream posting, our share failed (refunded or due)      POSTED_WITHOUT_MONEY   person
    upstream posting, our paid share not/being/unknown posted POSTED_WITHOUT_MONEY   sync: ask upstream
    upstream posting and our share, amounts differ            AMOUNT_MISMATCH        person
    ours posted that day, not in upstream's list              NOT_POSTED_UPSTREAM    person (upstream asked)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.reconciliation.models import DifferenceKind as K

SYNC_PAYMENT = "sync_payment"  # query the channel; a confirmed debit of our amount is applied
SYNC_REFUND = "sync_refund"  # query the channel about our open refund and apply the answer
SYNC_POSTING = "sync_posting"  # query upstream about our share and apply the answer
CONFIRM_PAYMENT = "confirm_payment"  # ask the channel: still paid → the statement is late
CONFIRM_REFUND = "confirm_refund"  # ask the channel: still refunded → the statement is late
ASK_CHANNEL = "ask_channel"  # for the evidence only: a person decides
ASK_UPSTREAM = "ask_upstream"  # for the evidence only: a person decides
PERSON = "person"  # nothing is safe to do automatically
OPEN_REFUND_STATES = ("created", "processing", "unknown")
OPEN_POSTING_STATES = ("not_posted", "posting", "unknown")


@dataclass
class Found:
    """One difference as the comparison saw it, before it is written or resolved."""

    kind: K
    ident: str  # what names it within the day: out_trade_no, out_refund_no or posting_no
    action: str
    why: str  # in Chinese, for the dashboard
    out_trade_no: str | None = None
    out_refund_no: str | None = None
    posting_no: str | None = None
    transaction_id: str | None = None
    payment_id: int | None = None
    refund_id: int | None = None
    item_id: int | None = None
    channel_amount_fen: int | None = None
    local_amount_fen: int | None = None
    upstream_amount_fen: int | None = None
    line_nos: tuple[int, ...] = ()  # the statement lines (the first and the last, if more)
    lines: int = 0  # how many statement lines it covers
    upstream: dict[str, Any] | None = None  # upstream's record, as its list gave it
    seen: dict[str, Any] = field(default_factory=dict)


@dataclass
class Compared:
    found: list[Found]
    matched: int


def _lines(first: Any, last: Any) -> tuple[int, ...]:
    if first is None:
        return ()
    return (int(first),) if last in (None, first) else (int(first), int(last))


# ---- debits ----

def listed_debits(rows: list[dict[str, Any]], twice: list[dict[str, Any]]
                  ) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The statement's debits that did not match a payment of ours paid that day (by number:
    lines, amount, count), and the payments the join found for them."""
    listed: dict[str, dict[str, Any]] = {}
    ours: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["line_no"] is None:
            continue
        entry = listed.setdefault(r["out_trade_no"], {"first": r["line_no"], "last": r["line_no"], "fen": 0, "n": 0,
                                                      "transaction_id": r["listed_transaction_id"]})
        entry.update(first=min(entry["first"], r["line_no"]), last=max(entry["last"], r["line_no"]),
                     fen=entry["fen"] + r["total_fen"], n=entry["n"] + 1)
        if r["id"] is not None:
            ours[r["out_trade_no"]] = {**r, "out_trade_no": r["no"]}
    for r in twice:  # every line of a number listed more than once, matched or not
        previous = listed.get(r["out_trade_no"], {})
        listed[r["out_trade_no"]] = {"first": r["first_line"], "last": r["last_line"], "fen": r["fen"], "n": r["n"],
                                     "transaction_id": previous.get("transaction_id")}
    return listed, ours


def debit_verdicts(listed: dict[str, dict[str, Any]], ours: dict[str, dict[str, Any]]) -> list[Found]:
    found = []
    for number, e in listed.items():
        p = ours.get(number)
        common: dict[str, Any] = dict(
            ident=number, out_trade_no=number, channel_amount_fen=e["fen"], line_nos=_lines(e["first"], e["last"]),
            lines=e["n"], seen={"statement": e, "payment": p},
            transaction_id=(p or {}).get("transaction_id") or e["transaction_id"])
        if p is None:
            found.append(Found(K.PAID_UNKNOWN_HERE, action=PERSON, why="渠道扣款成功，但本系统从未发起该商户订单号",
                               **common))
            continue
        paid = p["amount_fen"] if p["paid_amount_fen"] is None else p["paid_amount_fen"]
        common.update(payment_id=p["id"], local_amount_fen=p["amount_fen"])
        if e["n"] > 1 or e["fen"] != p["amount_fen"] or e["fen"] != paid:
            found.append(Found(K.AMOUNT_MISMATCH, action=PERSON,
                               why=f"渠道扣款{e['fen']}分（{e['n']}笔），本系统订单{p['amount_fen']}分", **common))
        elif p["state"] != "paid":
            found.append(Found(K.PAID_UNKNOWN_HERE, action=SYNC_PAYMENT, why=f"渠道扣款成功，本系统记为{p['state']}",
                               **common))
        # else: ours, paid on another day, the same amount: it matches
    return found


def paid_not_listed(r: dict[str, Any]) -> Found:
    return Found(K.PAID_NOT_AT_CHANNEL, r["no"], CONFIRM_PAYMENT, "本系统记为已支付，渠道对账单无此笔扣款",
                 out_trade_no=r["no"], transaction_id=r["transaction_id"], payment_id=r["id"],
                 local_amount_fen=r["amount_fen"] if r["paid_amount_fen"] is None else r["paid_amount_fen"], seen=r)


# ---- refunds ----

def refund_verdict(r: dict[str, Any]) -> Found:
    kind, action, why = _refund_kind(r)
    return Found(kind, r["out_refund_no"], action, why, out_refund_no=r["out_refund_no"],
                 out_trade_no=r["out_trade_no"], payment_id=r["payment_id"], refund_id=r["refund_id"],
                 channel_amount_fen=r["fen"], local_amount_fen=r["amount_fen"],
                 line_nos=_lines(r["first_line"], r["last_line"]), lines=r["n"], seen=r)


def _refund_kind(r: dict[str, Any]) -> tuple[K, str, str]:
    if r["n"] > 1:
        return K.REFUNDED_TWICE, PERSON, f"同一退款单号在对账单中出现{r['n']}次，共退{r['fen']}分"
    if r["refund_id"] is None:
        return K.REFUND_UNKNOWN_HERE, PERSON, "渠道退款成功，但本系统从未发起该退款单号"
    if r["share_fen"] is not None and r["fen"] > r["share_fen"]:
        return K.REFUNDED_TWICE, PERSON, f"渠道退款{r['fen']}分，超过该笔费款{r['share_fen']}分"
    if r["fen"] != r["amount_fen"] or r["our_out_trade_no"] != r["out_trade_no"]:
        return (K.AMOUNT_MISMATCH, PERSON, f"渠道退款{r['fen']}分（订单{r['out_trade_no']}），"
                                           f"本系统退款{r['amount_fen']}分（订单{r['our_out_trade_no']}）")
    if r["state"] in OPEN_REFUND_STATES:
        return K.REFUND_UNKNOWN_HERE, SYNC_REFUND, f"渠道退款成功，本系统记为{r['state']}"
    return K.REFUND_UNKNOWN_HERE, PERSON, f"渠道退款成功，本系统记为{r['state']}（仍欠款？切勿再次退款）"


def over_refunded(r: dict[str, Any]) -> Found:
    refunded = r["fen"] + r["earlier_fen"]
    return Found(K.REFUNDED_TWICE, f"order:{r['out_trade_no']}", PERSON,
                 f"该订单累计退款{refunded}分，超过实付{r['paid_fen'] or r['order_fen']}分",
                 out_trade_no=r["out_trade_no"], payment_id=r["payment_id"], channel_amount_fen=refunded,
                 local_amount_fen=r["paid_fen"], line_nos=_lines(r["first_line"], r["last_line"]), seen=r)


def refund_not_listed(r: dict[str, Any]) -> Found:
    return Found(K.REFUND_NOT_AT_CHANNEL, r["out_refund_no"], CONFIRM_REFUND, "本系统记为已退款，渠道对账单无此笔退款",
                 out_refund_no=r["out_refund_no"], out_trade_no=r["out_trade_no"],
                 transaction_id=r["transaction_id"], payment_id=r["payment_id"], refund_id=r["refund_id"],
                 local_amount_fen=r["amount_fen"], seen=r)


# ---- postings ----

def posting_verdict(u: dict[str, Any], ours: dict[str, Any] | None) -> Found | None:
    """Upstream's posting `u` against our share of that number (any day), or None if it agrees."""
    upstream = {k: u[k] for k in ("posting_no", "assessment_no", "region", "insurance_type", "amount_fen",
                                  "channel", "channel_transaction_id", "posted_at")}
    common: dict[str, Any] = dict(ident=u["posting_no"], posting_no=u["posting_no"], upstream=upstream,
                                  upstream_amount_fen=u["amount_fen"], transaction_id=u["channel_transaction_id"],
                                  seen={"ours": ours})
    if ours is None:
        return Found(K.POSTED_WITHOUT_MONEY, action=PERSON, why="经办机构已到账确认，但本系统从未发起该到账确认号",
                     **common)
    common.update(out_trade_no=ours["out_trade_no"], payment_id=ours["payment_id"], item_id=ours["item_id"],
                  local_amount_fen=ours["item_fen"],
                  transaction_id=ours["transaction_id"] or u["channel_transaction_id"])
    if ours["payment_state"] != "paid":
        return Found(K.POSTED_WITHOUT_MONEY, action=ASK_CHANNEL,
                     why=f"经办机构已到账确认，本系统缴款记为{ours['payment_state']}（未收款）", **common)
    if u["amount_fen"] != ours["item_fen"]:
        return Found(K.AMOUNT_MISMATCH, action=PERSON,
                     why=f"经办机构到账{u['amount_fen']}分，本系统该笔费款{ours['item_fen']}分", **common)
    if ours["posting_state"] == "failed":
        return Found(K.POSTED_WITHOUT_MONEY, action=PERSON,
                     why="经办机构已到账确认，本系统记为到账失败（费款已退或待退）", **common)
    if ours["posting_state"] in OPEN_POSTING_STATES:
        return Found(K.POSTED_WITHOUT_MONEY, action=SYNC_POSTING,
                     why=f"经办机构已到账确认，本系统记为{ours['posting_state']}", **common)
    return None  # posted here on another day, the same amount: it matches


def not_posted_upstream(r: dict[str, Any]) -> Found:
    why = "本系统记为已到账确认，经办机构当日到账信息无此笔"
    return Found(K.NOT_POSTED_UPSTREAM, r["posting_no"], ASK_UPSTREAM, why,
                 posting_no=r["posting_no"], out_trade_no=r["out_trade_no"], transaction_id=r["transaction_id"],
                 payment_id=r["payment_id"], item_id=r["item_id"], local_amount_fen=r["amount_fen"], seen=r)
