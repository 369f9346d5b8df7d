from __future__ import annotations

from app.errors import Conflict, Forbidden, InvalidInput, NotFound, RateLimited, ServiceUnavailable, Unauthenticated


class SignInFailed(Unauthenticated):
    code = "operator_sign_in_failed"
    message = "用户名或密码错误"


class OperatorLocked(RateLimited):
    code = "operator_locked"
    message = "连续登录失败次数过多，账号已暂时锁定，请稍后再试或联系管理员"


class OperatorDisabled(Forbidden):
    code = "operator_disabled"
    message = "该账号已停用"


class RoleRequired(Forbidden):
    code = "operator_role_required"
    message = "当前角色无权办理此操作"


class CsrfRefused(Forbidden):
    code = "csrf_refused"
    message = "页面已失效或请求来源不明，请刷新页面后重试"


class RemarkRequired(InvalidInput):
    code = "remark_required"
    message = "请填写操作说明（1–500字）"


class BankReferenceRequired(InvalidInput):
    code = "bank_reference_required"
    message = "请填写银行流水号（4–64位字母、数字或短横线）"


class WeakPassword(InvalidInput):
    code = "operator_password_weak"
    message = "密码至少12位，且不能与用户名相同"


class BadUsername(InvalidInput):
    code = "operator_username_invalid"
    message = "用户名为3–32位小写字母、数字、点、短横线或下划线"


class OperatorExists(Conflict):
    code = "operator_exists"
    message = "该用户名已存在"


class OperatorNotFound(NotFound):
    code = "operator_not_found"
    message = "操作员不存在"


class FourEyes(Forbidden):
    code = "four_eyes_required"
    message = "不能审批本人发起的退费申请，须由另一名审批员审批"


class ManualRefundNotFound(NotFound):
    code = "manual_refund_not_found"
    message = "退费申请不存在"


class ManualRefundDecided(Conflict):
    code = "manual_refund_decided"
    message = "该退费申请已处理，不能重复审批"


class ManualRefundOpen(Conflict):
    code = "manual_refund_open"
    message = "该笔费款已有待审批的退费申请"


class ShareNotEligible(Conflict):
    code = "share_not_eligible_for_manual_refund"
    message = "该笔费款当前状态不能申请人工退费"


class RefundNotRetryable(Conflict):
    code = "refund_not_retryable"
    message = "只有退费失败的退费单可以重新发起"


class RefundNotOffline(Conflict):
    code = "refund_not_markable_offline"
    message = "只有退费失败的退费单可以登记为线下已退"


class DifferenceNotOpen(Conflict):
    code = "difference_not_open"
    message = "该对账差异已处理"


class DifferenceNotFound(NotFound):
    code = "difference_not_found"
    message = "对账差异不存在"


class PaymentNotFound(NotFound):
    code = "payment_not_found"
    message = "缴款记录不存在"


class ShareNotFound(NotFound):
    code = "share_not_found"
    message = "该笔费款不存在"


class RefundAbnormal(Conflict):
    code = "refund_abnormal"
    message = "退款异常（收款账户已注销或冻结），不能原路重试；请线下退款后登记银行流水号"


class RefundLiveAtChannel(Conflict):
    code = "refund_live_at_channel"
    message = "渠道显示该退款已成功或处理中，不能重试或登记线下退款；请先重新查询渠道"


class ChannelNotAnswering(ServiceUnavailable):
    code = "channel_not_answering"
    message = "支付渠道暂未应答，未做任何变更，请稍后再试"


class RefundSeenPaid(Conflict):
    code = "refund_seen_paid_by_reconciliation"
    message = "对账发现渠道已退款（待人工处理），切勿再次退款；请先核实并处理该对账差异"


class FilterInvalid(InvalidInput):
    code = "filter_invalid"
    message = "筛选条件有误，请检查后重试"


class TooManySelected(InvalidInput):
    code = "bulk_selection_invalid"
    message = "请勾选要批量处理的记录（每次最多200条）"


class CaseNotFound(NotFound):
    code = "case_not_found"
    message = "该异常记录不存在"


class CaseClaimed(Conflict):
    code = "case_claimed"
    message = "该异常已由他人认领处理"


class CaseNotClaimed(Conflict):
    code = "case_not_claimed"
    message = "该异常当前无人认领"


class StatementNotKept(NotFound):
    code = "statement_not_kept"
    message = "该批次未保存对账单（对账在读取对账单前失败，或早于保存对账单的版本）"
