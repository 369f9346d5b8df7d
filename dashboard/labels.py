"""The operators' words for everything the code names: one label table per state machine (the
tables of app/machines.py; a test checks every state of every machine has its label), per reason
code, per event and audit action, per actor; masking and formatting. Shared by every dashboard
page (and its exports): a page never shows a code's own identifier (`awaiting_payment`,
`bad_signature`, `user:6`), it shows these.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app import clock
from app.clock import SHANGHAI
from app.money import fen_to_display
from app.operations import MANUAL_REFUND_LABELS, ROLE_LABELS
from payment_channels.registry import CHANNELS as REGISTERED

CHANNELS = {name: spec.label for name, spec in REGISTERED.items()}

# ---- one table per state machine (entity name as in app/machines.py → state → label) ----

STATES: dict[str, dict[str, str]] = {
    "payment": {"created": "待下单", "awaiting_payment": "待支付", "unknown": "扣款结果未知", "paid": "已扣款",
                "closed": "已关闭", "failed": "扣款失败"},
    "payment_item": {"not_posted": "未到账确认", "posting": "到账确认中", "posted": "已到账确认",
                     "unknown": "到账结果未知", "failed": "到账确认失败"},
    "declaration": {"declared": "申报成功", "processing": "申报处理中", "voided": "已作废"},
    "refund": {"created": "待发送", "processing": "退款中", "succeeded": "已退款", "failed": "退费失败",
               "unknown": "退款结果未知", "offline": "线下已退"},
    "manual_refund": {k.value: v for k, v in MANUAL_REFUND_LABELS.items()},
    "difference": {"open": "待处理", "needs_person": "需人工处理", "auto_resolved": "已自动处理",
                   "resolved": "已人工处理"},
    "reconciliation_run": {"running": "对账中", "done": "已完成", "failed": "对账失败"},
    "batch_debit_list": {"issuing": "生成中", "out": "扣款中", "done": "已完成"},
    "batch_debit_setting": {"active": "生效中", "voided": "已作废"},
    "certificate": {"making": "制作中", "ready": "制作成功", "superseded": "已被新证明取代"},
    "agreement": {"active": "生效中", "revoked": "已解约"},
    "notification": {"received": "处理中", "applied": "已处理", "duplicate": "重复通知（未重复入账）",
                     "ignored": "无需处理", "rejected": "已拒收", "unconfirmed": "渠道未确认，待重发"},
    "audit": {"ok": "成功", "refused": "已拒绝"},
    "saved_payer": {"saved": "已保存"},
    "user": {"bound": "已绑定"},
    "case_claim": {"claimed": "已认领", "released": "已释放"},
}
STATES["recon_difference"] = STATES["difference"]  # the event log's name of a difference
PAYMENT_STATES = STATES["payment"]
POSTING_STATES = STATES["payment_item"]
REFUND_STATES = STATES["refund"]
DIFFERENCE_STATES = STATES["difference"]
NOTIFICATION_VERDICTS = STATES["notification"]

ENTITIES = {"payment": "缴款", "payment_item": "费款", "declaration": "申报", "refund": "退费",
            "notification": "渠道通知", "difference": "对账差异", "manual_refund": "人工退费申请", "operator": "操作员",
            "path": "页面", "reconciliation_run": "对账", "batch_debit_list": "批扣清册",
            "batch_debit_setting": "批扣设置", "certificate": "缴费证明", "agreement": "缴费协议",
            "saved_payer": "常用缴费人", "user": "用户", "recon_difference": "对账差异", "view": "列表",
            "case_claim": "认领"}

# ---- reasons ----

DIFFERENCE_KINDS = {
    "paid_unknown_here": "渠道已扣款，本系统无记录", "paid_not_at_channel": "本系统已扣款，渠道无记录",
    "amount_mismatch": "金额不符", "posted_without_money": "已到账确认，未收到款",
    "not_posted_upstream": "本系统已到账，经办机构无记录", "refund_unknown_here": "渠道已退款，本系统无记录",
    "refund_not_at_channel": "本系统已退款，渠道无记录", "refunded_twice": "重复退款",
}
NOTIFICATION_REASONS = {  # why a channel's notification was refused (flagged, never applied)
    "bad_signature": "签名验证失败", "decrypt_failed": "解密失败", "malformed": "格式无法识别",
    "missing_headers": "缺少签名信息", "stale_timestamp": "时间戳过期", "wrong_mchid": "商户号不符",
    "wrong_appid": "应用号不符", "inconsistent_event": "事件与状态矛盾", "unknown_order": "本系统无此商户单号",
    "unknown_refund": "本系统无此退款单号", "order_mismatch": "退款与商户单号不符", "amount_mismatch": "金额不符",
    "not_confirmed": "渠道查询结果与通知不符", "wrong_seller": "收款方不符", "wrong_app": "应用号不符",
}
NOTIFICATION_EVENTS = {
    "TRANSACTION.SUCCESS": "支付成功", "REFUND.SUCCESS": "退款成功", "REFUND.ABNORMAL": "退款异常",
    "REFUND.CLOSED": "退款关闭", "TRADE_SUCCESS": "支付成功", "TRADE_FINISHED": "交易完结",
    "TRADE_CLOSED": "交易关闭", "WAIT_BUYER_PAY": "等待付款", "REFUND_SUCCESS": "退款成功",
}
REFUND_FAILURES = {"CLOSED": "退款关闭", "ABNORMAL": "退款异常（收款账户异常）"}
REASON_CODES = {  # posting and refund reason codes
    "declaration_voided": "申报已作废", "duplicate_debit": "重复扣款", "result_unknown": "结果未知",
    "manual_refund": "人工退费", "posting_deadline_passed": "超过到账确认期限", "unavailable": "经办机构暂不可达",
    "not_found_upstream": "经办机构无此记录", "waiting": "等待前期到账", "not_enrolled": "未参保",
}

# ---- events and audit actions ----

EVENT_ACTIONS = {
    "create": "创建", "transition": "状态变更", "declare": "申报", "void": "作废", "paid": "已扣款",
    "freed": "释放", "posting": "到账确认", "posted": "已到账确认", "retry": "重新发起退费",
    "request": "申请人工退费", "approved": "审批通过", "rejected": "驳回", "refunding": "发起退费",
    "cancel": "撤销", "refunded_offline": "登记线下已退", "resolve": "人工处理", "found": "发现差异",
    "done": "完成", "failed": "失败", "issue": "生成", "sent": "发出", "made": "制作完成", "supersede": "被取代",
    "sign": "签约", "revoke": "解约", "set": "设置", "held": "占用", "channel_mismatch": "渠道信息不符",
    "refund_refused": "退费被拒", "channel_contradicts": "渠道状态矛盾", "channel_unavailable": "渠道暂不可用",
    "add": "新增", "edit": "修改", "delete": "删除", "bind": "绑定", "region": "切换地区",
    "claim": "认领处理", "release": "释放认领",
    "records_lookup": "查询他人社保费信息",
}
AUDIT_ACTIONS = {
    "sign_in": "登录", "sign_out": "退出", "retry_refund": "重新发起退费", "mark_refunded_offline": "登记线下已退",
    "request_manual_refund": "申请人工退费", "approve_manual_refund": "审批通过人工退费",
    "reject_manual_refund": "驳回人工退费", "resolve_difference": "处理对账差异", "requery_channel": "重新查询渠道",
    "unmask_id": "查看完整证件号码", "csrf_refused": "拒绝可疑请求", "operator_add": "新增操作员",
    "operator_password": "重置密码", "operator_unlock": "解除锁定", "operator_disable": "停用操作员",
    "refused": "越权访问（已拒绝）", "export": "导出列表", "claim_case": "认领处理", "release_case": "释放认领",
    "case_note": "添加处理记录", "download_statement": "下载对账单",
    "institution_key_issue": "签发机构查验密钥", "institution_key_revoke": "停用机构查验密钥",
    "certificate_check": "机构查验证明",
}
SYSTEM_ACTORS = {
    "certificates": "系统（缴费证明）", "reconciliation": "系统（对账）", "batch_debit": "系统（批扣）",
    "refunds": "系统（自动退费）", "refund_job": "系统（自动退费）", "expiry": "系统（申报到期）",
    "retry": "系统（自动重试）", "posting": "系统（到账确认）", "checkout": "系统（下单）",
}


def label(value: object, table: dict[str, str]) -> str:
    """The table's word for a value (an enum or its string); the value itself when the table does
    not know it (the test of every page catches that), — for nothing."""
    key = getattr(value, "value", value)
    return table.get(str(key), str(key)) if key is not None and key != "" else "—"


def state_label(entity: str, value: object) -> str:
    return label(value, STATES.get(entity, {}))


def actor_label(actor: object, operators: dict[str, str] | None = None) -> str:
    """`user:6` → 缴费用户（编号 6）; `staff:otto` → the operator's name; `channel:wechat_pay:query` →
    微信支付（主动查询）; `system:posting` → 系统（到账确认）."""
    text = str(actor or "")
    kind, _, rest = text.partition(":")
    if kind == "user":
        return f"缴费用户（编号 {rest}）"
    if kind == "staff":
        return f"{(operators or {}).get(rest, rest)}（工作人员）"
    if kind == "channel":
        name, _, how = rest.partition(":")
        return f"{CHANNELS.get(name, name)}（{'主动查询' if how == 'query' else '渠道通知'}）"
    if kind == "system":
        return SYSTEM_ACTORS.get(rest, "系统")
    return text or "—"


_TOKEN = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+|\b[a-z]{3,}\b")
_ALL_WORDS: dict[str, str] = {}
for _table in (*STATES.values(), DIFFERENCE_KINDS, NOTIFICATION_REASONS, REASON_CODES):
    _ALL_WORDS.update({k: v for k, v in _table.items() if k not in _ALL_WORDS})


def plain(text: object) -> str:
    """Free text written by the code (a reason, a difference's explanation) with any state or
    reason identifier in it put in words: 本系统记为awaiting_payment → 本系统记为待支付."""
    if text is None:
        return ""
    return _TOKEN.sub(lambda m: _ALL_WORDS.get(m.group(0), m.group(0)), str(text))


def technical(text: object) -> bool:
    """Text a program wrote for programmers (an exception's message): still has code words once
    every known identifier is put in words."""
    return bool(text) and bool(_TOKEN.search(plain(text)))


def reason_label(code: object, text: object = None) -> str:
    """A reason: its text when there is one and it is in words, else its code's label."""
    if text and not technical(text):
        return plain(text)
    if not code and text:
        return "系统技术原因（详见技术详情）"
    key = str(code or "")
    kind, _, rest = key.partition(":")
    if rest and kind == "reject":
        return f"经办机构拒绝：{REASON_CODES.get(rest, NOTIFICATION_REASONS.get(rest, rest))}"
    return REASON_CODES.get(key) or NOTIFICATION_REASONS.get(key) or REFUND_FAILURES.get(key) or key


# ---- masking and formatting ----

def mask_name(name: object) -> str:
    """张三 → 张*, 张三丰 → 张*丰, 欧阳娜娜 → 欧**娜."""
    text = str(name or "")
    if len(text) <= 1:
        return text
    if len(text) == 2:
        return text[0] + "*"
    return text[0] + "*" * (len(text) - 2) + text[-1]


def yuan(fen: object) -> str:
    if fen is None or fen == "":
        return "—"
    return fen_to_display(int(fen) if isinstance(fen, int | Decimal) else int(str(fen)))  # PostgreSQL sums: numeric


def local_time(at: object) -> str:
    if isinstance(at, datetime):
        return at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(at, date):
        return at.isoformat()
    return "—" if at is None else str(at)


def age(since: object, now: datetime | None = None) -> str:
    """How long ago: 35分钟, 5小时, 3天."""
    if not isinstance(since, datetime):
        return "—"
    seconds = max(0, int(((now or clock.now()) - since).total_seconds()))
    if seconds < 3600:
        return f"{max(1, seconds // 60)}分钟"
    if seconds < 86400:
        return f"{seconds // 3600}小时"
    return f"{seconds // 86400}天"


def days_left(due: object, today: date) -> dict[str, Any] | None:
    """Days left to a due day: {"text": "剩2天" | "今日到期" | "已逾期3天", "late": bool}."""
    if not isinstance(due, date):
        return None
    days = (due - today).days
    if days > 0:
        return {"text": f"剩{days}天", "late": False, "days": days}
    if days == 0:
        return {"text": "今日到期", "late": False, "days": 0}
    return {"text": f"已逾期{-days}天", "late": True, "days": days}


ROLES = {k.value: v for k, v in ROLE_LABELS.items()}


PAGES = {"/dashboard/": "概览", "/dashboard/refunds": "退费异常", "/dashboard/manual-refunds": "人工退费审批",
         "/dashboard/overdue": "逾期未退费", "/dashboard/differences": "对账差异",
         "/dashboard/notifications": "异常通知",
         "/dashboard/batch-debit-lists": "批扣清册", "/dashboard/audit": "审计日志", "/dashboard/search": "搜索",
         "/dashboard/sign-in": "登录", "/dashboard/sign-out": "退出",
         "/dashboard/reconciliation-runs": "对账批次", "/dashboard/my-claims": "我认领的",
         "/dashboard/awaiting-me": "待我处理"}
FORM_ACTIONS = {"retry": "重新发起退费", "offline": "登记线下已退", "manual-refund": "申请人工退费",
                "approve": "审批通过人工退费", "reject": "驳回人工退费", "resolve": "处理对账差异",
                "requery": "重新查询渠道", "unmask": "查看完整证件号码",
                "claim": "认领处理", "release": "释放认领", "notes": "添加处理记录"}


def path_label(path: object) -> str:
    """A dashboard address in words: /dashboard/audit → 审计日志页面; /dashboard/refunds/7/retry →
    重新发起退费（表单）."""
    text = str(path or "")
    if text in PAGES:
        return f"{PAGES[text]}页面"
    if text.startswith("/dashboard/payments/") and text.rstrip("/").split("/")[-1].isdigit():
        return "缴款详情页面"
    last = text.rstrip("/").rsplit("/", 1)[-1]
    if last in FORM_ACTIONS:
        return f"{FORM_ACTIONS[last]}（表单）"
    return "其他页面"
