"""Every word a payer can read, one place per reason code, in the manuals' Chinese.

A refusal's `code` is stable and documented; its words are here and nowhere else (`DomainError`
takes its message from `REASONS` by its code). Status labels and the words a share's posting shows
are here too. Words never carry our internal identifiers (state codes, reason codes, upstream
names such as `healthcare_security`): what the payer reads says what is happening and what comes
next. `docs/api.md`'s table of reason codes is generated from this module
(`python -m app words`); a test keeps it current.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from string import Formatter
from typing import Any

# Refusals, by stable code (`{"error": {"code", "message"}}`), grouped by the feature that raises them.
REASONS: dict[str, str] = {
    # 通用
    "bad_request": "请求格式不正确",
    "route_not_found": "请求的接口不存在",
    "method_not_allowed": "不支持该请求方法",
    "payload_too_large": "请求内容过大",
    "internal_error": "系统繁忙，请稍后再试",
    "store_unavailable": "系统繁忙，请稍后再试",
    "invalid_request": "请求无效",
    "invalid_input": "输入内容不正确",
    "not_found": "记录不存在",
    "conflict": "当前状态不允许此操作",
    "unauthenticated": "请先登录",
    "forbidden": "无权办理此业务",
    "rate_limited": "操作过于频繁，请稍后再试",
    "service_unavailable": "服务暂时不可用，请稍后再试",
    # 缴费协议办理 (app.agreements)
    "agreements_not_offered": "本地区暂不支持银行卡协议缴费",
    "real_name_required": "请先完成实名认证后再办理",
    "bank_not_supported": "暂不支持该银行，请选择列表中的银行",
    "division_code_invalid": "行政区划不正确，请选择本地区的行政区划",
    "account_number_invalid": "银行账号应为12至19位数字",
    "tax_office_invalid": "请选择税务机关",
    "cardholder_mismatch": "签约银行卡必须为缴费人本人持有的银行卡，持卡人姓名需要和缴费人姓名一致",
    "agreement_exists": "该银行账户已签订缴费协议，无需重复签订",
    "card_not_usable": "该银行卡不能用于签订本协议：签约银行卡须为缴费人本人名下、状态正常的银行卡，"
                       "请核对开户银行与银行账号，或更换本人的其他银行卡",
    "agreement_face_verification_required": "签订银行卡缴费协议需由缴费人本人刷脸确认，请先完成人脸识别后再提交签约",
    "agreement_refused": "银行未通过协议签订，请稍后再试或更换本人的其他银行卡",
    "bank_unavailable": "银行系统暂时不可用，请稍后再试",
    "agreement_not_found": "缴费协议不存在",
    "agreement_revoked": "该协议已撤销，不能再用于社保费缴款或批扣",
    "agreement_not_effective": "该协议尚未生效（签订成功的协议于次日生效），请生效后再缴费",
    "agreement_required": "请选择用于缴费的协议账户",
    "agreement_tax_office_mismatch": "协议中的税务机关与缴费的税务机关不一致，该协议无法用于本次社保费缴款",
    "revoke_not_confirmed": "请再次确认是否撤销该协议",
    "agreement_in_use": "该协议有正在扣款的缴费，请扣款结果返回后再撤销",
    "agreement_busy": "该协议正在处理中，请稍后再试",
    # 批量扣款缴费金额设置 (app.batch_debit)
    "batch_debit_not_offered": "本地区该险种不支持设置批量扣款缴费金额",
    "batch_debit_amount_not_allowed": "缴费金额不在该险种可选的缴费金额范围内",
    "batch_debit_year_invalid": "只能设置本年度的缴费金额",
    "batch_debit_setting_not_found": "批量扣款缴费金额设置不存在",
    "batch_debit_setting_voided": "该缴费金额设置已作废",
    "batch_debit_setting_busy": "缴费金额设置正在处理中，请稍后再试",
    "batch_debit_setting_exists": "该缴费人本年度该险种已有其他账号设置的批量扣款缴费金额",
    # 完税证明 (app.certificates)
    "certificate_not_found": "未找到该证明，请核对纳税人识别号与证明校验码",
    "certificate_code_invalid": "证明校验码有误（应为16位数字，请核对后重新输入）",
    "captcha_invalid": "验证码错误或已过期，请点击验证码更换后重新输入",
    "certificate_not_posted_yet": "该笔缴款尚未全部到账确认，暂不能开具完税证明，请稍后再试",
    "certificate_treasury_wait": "社保费缴入国库后才能开具缴费证明，请等待3个工作日后查看",
    "certificate_before_cutoff": "该时间之前的缴费记录暂不提供打印凭证服务",
    "certificate_nothing_paid": "该笔缴款没有已到账的费款，无需开具完税证明",
    "certificate_still_making": "证明正在制作，请稍后在记录下载中查看",
    "certificate_verification_rate_limited": "查验过于频繁，请稍后再试",
    "certificate_nothing_in_periods": "所选费款所属期内没有可开具缴费证明的缴费记录（缴入国库后才能开具，请稍后再查）",
    "certificate_style_not_offered": "本地区不提供该样式的完税证明",
    "period_range_invalid": "费款所属期起不能晚于费款所属期止",
    "paid_record_not_found": "未找到该缴费记录（请在缴款信息查询的全渠道记录中选择）",
    "paid_record_is_ours": "该记录为本平台缴款，请在该笔缴款中开具完税证明",
    "certificate_after_daily_reconciliation": "通过银行柜面或银行批扣缴费的，在日切对账完成后（次日起）可开具缴费证明",
    "paid_records_unavailable": "暂时无法查询全渠道缴费记录，请稍后再试",
    "certificate_person_not_verified": "请先完成实名核验后再开具其他渠道缴费记录的证明",
    # 申报 (app.declarations)
    "insurance_type_not_offered": "本地区不提供该险种的缴费业务",
    "payment_kind_not_allowed": "该险种不支持所选缴费类型",
    "grade_not_allowed": "所选缴费档次不在可选范围内",
    "base_out_of_range": "缴费基数不在规定范围内",
    "period_invalid": "费款所属期不正确[[，格式应为{format}]][[，应为1至{max_months}个月]]"
                      "[[，该险种按年缴费，应为{year}年1月至12月]]",
    "collection_window_not_open": "[[{year}年度的]]集中征缴期尚未开始[[，自{opens_on}开始]]",
    "collection_year_closed": "该年度已结束，不能再按正常缴费申报",
    "outside_collection_window": "当前不在该险种的集中征缴期内，暂不能缴费",
    "upstream_refused": "社保经办机构未通过该请求",
    "upstream_unavailable": "社保核定信息暂时无法获取，请稍后再试",
    "declaration_not_found": "申报记录不存在",
    "declaration_exists": "该费款所属期已申报但尚未缴费，请在申报记录中继续缴费，或作废后重新申报",
    "period_already_paid": "该费款所属期已缴费，无需重复申报；缴费情况可在缴费记录中查看",
    "period_being_paid": "该费款所属期正在缴款中，请在缴费记录中查看缴款结果，无需重复申报",
    "declaration_overlaps": "所选费款所属期与该缴费人已有的申报[[（{period_start}-{period_end}）]]重叠",
    "declaration_busy": "该缴费人正在办理申报，请稍后再试",
    "declaration_expired": "该申报已超过缴款期限并自动作废，请重新申报",
    "declaration_not_voidable": "该申报已缴款或正在缴款，不能作废",
    "declaration_voided": "该申报已作废",
    "extraction_method_required": "请选择核定提取方式和登记所在地后再提取核定",
    "extraction_method_invalid": "核定提取方式不在可选范围内，请重新选择",
    "registration_place_invalid": "登记所在地不是该缴费人的灵活就业登记所在地，请重新选择",
    # 登录与实名认证 (app.identity)
    "login_code_invalid": "登录凭证无效或已过期，请重新进入小程序",
    "session_invalid": "登录已失效，请重新登录",
    "region_unknown": "暂不支持该地区的社保缴费业务",
    "already_bound": "该账号已绑定其他实名信息",
    "id_type_unknown": "不支持的证件类型",
    "id_number_format": "证件号码格式不正确",
    "id_number_checksum": "身份证号码校验位不正确",
    "id_number_birth_date": "身份证号码中的出生日期无效",
    "sign_in_code_missing": "请提供微信登录凭证或支付宝授权码（二选一）",
    "sign_in_code_ambiguous": "请提供微信登录凭证或支付宝授权码（二选一）",
    "id_type_not_offered": "本地区暂不支持该证件类型",
    "name_invalid": "姓名格式不正确",
    "sign_in_rate_limited": "登录过于频繁，请稍后再试",
    "binding_rate_limited": "实名认证尝试过于频繁，请一小时后再试",
    "login_unavailable": "微信登录服务暂时不可用，请稍后再试",
    "real_name_unverified": "实名信息尚未核验，请重新完成实名认证",
    "person_mismatch": "证件号码与姓名不一致，请核对后重新填写",
    "person_not_found": "未查询到该证件号码的登记信息，请核对证件类型和证件号码",
    "identity_check_rate_limited": "身份核验次数过多，请一小时后再试",
    "identity_check_unavailable": "身份核验服务暂时不可用，请稍后再试",
    "face_verification_required": "本地区实名认证需进行人脸识别，请先完成人脸识别",
    "face_verification_failed": "人脸识别未通过或已失效，请重新进行人脸识别",
    "face_id_type_unsupported": "人脸识别仅支持居民身份证，其他证件请到办税服务厅办理实名认证",
    "face_unavailable": "人脸识别服务暂时不可用，请稍后再试",
    "face_verification_pending": "人脸识别尚未完成，请完成刷脸后再提交",
    "face_verification_rate_limited": "人脸识别尝试过于频繁，请一小时后再试",
    "alipay_sign_in_not_offered": "暂不支持支付宝登录，请使用微信登录",
    "sign_in_not_offered": "[[{platform}]]暂不支持此登录方式[[（{sign_in_name}）]][[，请使用{use_instead}]]",
    "face_verification_needs_wechat": "人脸识别需在微信小程序中完成，请使用微信登录后再办理",
    # 代缴人与查询 (app.payers)
    "saved_payer_not_found": "代缴人信息不存在",
    "saved_payer_exists": "该人员已在代缴人名单中",
    "saved_payers_limit": "代缴人名单已满[[（最多可添加{limit}人）]]，请删除不再代缴的人员后再添加",
    "saved_payer_is_self": "代缴人不能是本人，为本人缴费请使用自缴",
    "nationality_required": "请填写委托人的国籍（地区）",
    "nationality_invalid": "国籍（地区）格式不正确",
    "payer_ambiguous": "请选择已添加的代缴人或填写缴费人信息，二者只能选其一",
    "payer_name_mismatch": "缴费人姓名与本人实名信息不一致",
    "insurance_type_not_for_others": "本地区不支持为他人缴纳该险种",
    "not_enrolled": "该人员未参加该险种[[：{insurance_type_name}]]",
    # upstream's refusals (UpstreamRefused carries upstream's code): its own Chinese reason is
    # passed on when it has one, else these
    "already_paid": "该费款所属期已缴费，无需重复缴纳",
    "period_not_allowed": "费款所属期不符合缴费规定",
    "no_assessment": "未查询到应缴费核定信息",
    "amount_mismatch": "缴费金额与核定金额不一致，请重新申报",
    "person_not_accessible": "只能查询本人、已添加的代缴人或曾为其缴费人员的社保费信息",
    "records_lookup_rate_limited": "查询他人社保费信息过于频繁，请一小时后再试",
    # 缴款 (app.payments)
    "channel_not_offered": "本地区暂不支持该缴款方式",
    "channel_not_yet_offered": "该缴款方式暂未开通，请选择其他缴款方式",
    "device_not_offered": "该缴款方式不支持所选的缴款终端，请选择其他缴款方式",
    "channel_not_for_others": "为他人缴费不支持该缴款方式，请选择其他缴款方式",
    "too_many_declarations": "一次缴款的申报记录过多",
    "payment_face_verification_required": "银行卡扣款需由缴费人本人刷脸确认（扫脸支付），请先完成人脸识别后再支付",
    "payment_not_found": "缴款记录不存在",
    "declaration_already_paid": "该申报已缴款，请勿重复缴费",
    "declaration_in_other_payment": "所选申报正在另一笔缴款中处理，请先完成或查验该笔缴款",
    "payment_busy": "该笔缴款正在处理中，请稍后再试",
    "payment_rejected": "支付渠道拒绝了本次缴款",
    "payment_not_open": "该笔缴款已结束，不能继续支付",
    "channel_unavailable": "支付渠道暂时不可用，请稍后再试",
    "channel_result_unknown": "支付渠道响应超时，缴款结果确认中，请稍后在缴费记录中查验状态",
    "alipay_auth_code_required": "使用支付宝缴款需先授权：请重新进入缴款页面后再试",
    "alipay_auth_code_invalid": "支付宝授权已失效，请重新授权后再缴款",
    "batch_debit_in_progress": "批扣清册生成至签约银行返回批扣结果期间，无法通过其他渠道缴款",
    "wechat_pay_needs_wechat_sign_in": "微信支付需在微信小程序中使用微信登录后缴款，请选择其他缴款方式",
    # 退费 (app.refunds)
    "refund_not_found": "退费记录不存在",
    "refund_payment_not_paid": "该笔缴款未扣款成功，无需退费",
    "share_not_refundable": "该笔费款尚未确认到账失败，暂不能退费",
    "refund_exceeds_paid": "退费金额不能超过已缴金额",
    # 机构查验 (app.institutions): institutions' machines, not payers
    "institution_api_key_missing": "请在请求头 Authorization 中提供机构 API 密钥（ApiKey …）",
    "institution_api_key_invalid": "机构 API 密钥无效或已停用，请联系平台运营人员",
    "institution_rate_limited": "该机构的查验次数已达每分钟上限，请稍后再试",
    "certificate_document_not_pdf": ("请求体应为证明的PDF文件（Content-Type: application/pdf），"
                                     "或含证明校验码与SHA-256的JSON"),
    "certificate_document_too_large": "PDF文件过大（不超过1MB）",
    "certificate_sha256_invalid": "sha256 应为64位十六进制字符",
    "institution_exists": "该机构已有API密钥；如需更换，请先停用原密钥",
    "institution_not_found": "未找到该机构的API密钥",
    "institution_name_required": "机构名称不能为空",
    # 沙箱时钟 (miniprogram_api.sandbox_clock): sandboxes and staging only
    "sandbox_clock_refused": "生产环境的时间不能调整：测试时钟仅用于沙箱与预发布环境",
    "sandbox_clock_backwards": ("测试时钟只能向后调整：已经发生的事不能回到未来之前；"
                                "如需回到真实时间，请用 DELETE /sandbox/clock"),
    "sandbox_clock_too_far": "测试时钟一次最多前进 400 天，总共最多比真实时间快 10 年",
    # 请求格式 (miniprogram_api.parsing)
    "body_invalid": "请求内容必须是JSON对象",
    "field_missing": "缺少必填项[[：{label}]]",
    "field_invalid": "填写内容格式不正确[[：{label}{problem}]]",
    "field_unknown": "请求中有不支持的字段",
}

# 缴款 as the payer sees it (app.payments.payer_status / item_status)
PAYER_STATUS_LABELS = {
    "paying": "缴款中",
    "paid": "缴款成功",
    "failed": "缴款失败",
    "partly_failed": "部分缴款失败",
}

# 申报 as the payer sees it (app.declarations.record_state): a declared declaration is either
# still to be paid (申报成功未缴款) or paid; `?state=` of 申报记录查询 takes the same names
DECLARATION_STATE_LABELS = {
    "declared": "申报成功，未缴款",
    "paid": "已缴款",
    "processing": "申报处理中",
    "voided": "已作废",
}

# the money of a declaration (DeclarationOut.payment_status)
DECLARATION_PAYMENT_LABELS = {
    "unpaid": "未缴款",
    "paying": "缴款中",
    "paid": "已缴款",
    "failed": "缴款失败",
    "refunding": "退费中",
    "refunded": "已退费",
}

# 退费 (app.refunds.RefundState)
REFUND_STATE_LABELS = {
    "created": "退费中",
    "processing": "退费中",
    "unknown": "退费中",
    "succeeded": "已退费",
    "failed": "退费异常，工作人员处理中",
    "offline": "已退费（银行转账）",
}

# 完税证明 (app.certificates.CertificateState)
CERTIFICATE_STATE_LABELS = {
    "making": "正在制作",
    "ready": "制作成功",
    "superseded": "已作废（已重新开具）",
}

# 批量扣款缴费金额设置 (app.batch_debit.BatchDebitSettingState)
BATCH_DEBIT_STATE_LABELS = {"active": "有效", "voided": "已作废"}

# 缴费协议 (app.agreements.status_label)
AGREEMENT_STATUS_LABELS = {"pending": "待生效", "effective": "已生效", "revoked": "已撤销"}


# what a payment made by another account shows its beneficiary (PaymentOut.description), by
# whether that account belongs to the same person (the same id number): 本人缴纳 either way then
PAID_FOR_ME = {False: "他人为本人缴纳的社会保险费", True: "本人缴纳的社会保险费（本人的其他账号缴款）"}


# 到账确认 of one share as the payer reads it (PaymentItemOut.posting_reason), by what is going on:
# never upstream's internal words (到账确认失败 while it is only held, its system's names)
POSTING_WORDS = {
    # not posted yet, for whatever reason (upstream holds it, did not answer, is down): the system
    # asks again by itself and refunds by the region's deadline
    "confirming": "正在确认到账[[，如未成功，本笔费款将于{refund_by}前原路退回]]",
    # held here behind an earlier period of the same payer and insurance type
    "waiting_for_earlier": "等待费款所属期{period_start}-{period_end}的缴款到账确认后自动提交",
    "waiting_for_unpaid": "（该期申报尚未缴款：请先缴纳，或作废该申报；未缴款的申报到期自动作废）",
    "waiting_deadline": "；若{deadline}前仍未到账确认，本笔费款将按原渠道退还",
    # refused for good: the money comes back
    "declaration_voided": "该申报已作废，本笔费款将按原渠道退还",
    "duplicate_debit": "该申报已由另一笔缴款支付，本笔费款将按原渠道退还",
    "posting_deadline_passed": "超过到账确认期限仍未到账，本笔费款将按原渠道退还",
    "manual_refund": "经工作人员核实，本笔费款按原渠道退还",
    "refused": "社保经办机构未确认到账[[：{reason}]]，本笔费款将按原渠道退还",
}

# why a declaration was voided (DeclarationOut.void_reason); a payer's own reason is kept as given
VOID_REASONS = {
    "expired": "逾期未缴款，申报已自动作废",
    "self_precedence": "缴费人本人已申报，他人代为申报的未缴款记录自动作废",
    "by_payer": "缴费人作废",
    "not_posted": "社保经办机构未确认到账[[：{reason}]]，申报已作废，费款按原渠道退还；如需缴费请重新申报",
}

# why a share's money is sent back (RefundOut.reason; also the channel's refund reason)
REFUND_REASONS = {
    "duplicate_debit": "重复扣款退费：该申报已由另一笔缴款支付",
    "declaration_voided": "退费：该申报已作废",
    "manual_refund": "人工退费",
    "posting_deadline_passed": "社保费逾期未到账确认退费",
    "posting_refused": "社保费未到账确认退费[[：{reason}]]",
}

# a payment the channel did not complete, when its own reason cannot be shown (PaymentOut.failure_reason)
PAYMENT_FAILED = "缴款未成功，未扣款的可重新缴款"

# a request's fields as the refusal names them (`data.field` keeps the field's own name)
FIELD_LABELS = {
    "account_no": "银行账号", "agreement_id": "协议", "alipay_auth_code": "支付宝授权码", "alipay_client": "缴款终端",
    "amount_fen": "金额", "bank_code": "开户银行", "channel": "缴款方式", "code": "登录凭证", "confirm": "确认",
    "contribution_base_fen": "缴费基数", "date_from": "开始日期", "date_to": "结束日期", "from": "开始日期",
    "to": "结束日期", "declaration_ids": "申报记录", "device": "缴款终端", "division_code": "行政区划",
    "face_verify_id": "人脸识别", "grade": "缴费档次", "holder_name": "持卡人姓名", "id_number": "证件号码",
    "id_type": "证件类型", "insurance_type": "险种", "name": "姓名", "nationality": "国籍（地区）", "order": "排序",
    "page": "页码", "page_size": "每页条数", "payer": "缴费人", "payment_kind": "缴费类型",
    "period_end": "费款所属期止", "period_from": "费款所属期起", "period_start": "费款所属期起",
    "period_to": "费款所属期止", "reason": "原因",
    "region": "地区", "saved_payer_id": "代缴人", "state": "状态", "tax_office": "税务机关", "year": "年度",
    "captcha_id": "验证码", "captcha_answer": "验证码", "receipt_no": "凭证号", "style": "证明样式",
    "taxpayer_id": "纳税人识别号", "verification_code": "证明校验码", "id": "编号",
}

# what is wrong with a field, by pydantic's error type
FIELD_PROBLEMS = {
    "int_type": "应为整数", "int_parsing": "应为整数", "query_int": "应为整数", "int_from_float": "应为整数",
    "greater_than_equal": "超出范围", "less_than_equal": "超出范围", "greater_than": "超出范围",
    "less_than": "超出范围", "string_type": "应为字符串", "string_too_long": "过长", "too_long": "过长",
    "too_short": "过短", "model_type": "应为对象", "dict_type": "应为对象", "model_attributes_type": "应为对象",
    "list_type": "应为列表", "text_characters": "含有不允许的字符", "string_pattern_mismatch": "格式不正确",
    "bool_type": "应为true或false", "literal_error": "不在可选范围内", "enum": "不在可选范围内",
    "text_blank": "不能为空", "repeated": "只能填写一次", "date_format": "应为YYYY-MM-DD格式的日期",
    "year_range": "应在1900年至2100年之间", "later_than": "不能晚于", "id_format": "格式不正确",
}


def field_label(loc: tuple[int | str, ...] | str) -> str:
    """A field as the payer reads it: its label, or 填写内容 for one without."""
    names = [part for part in ((loc,) if isinstance(loc, str) else loc) if isinstance(part, str)]
    return FIELD_LABELS.get(names[-1], "填写内容") if names else "填写内容"


# what looks like one of our identifiers (snake_case, e.g. healthcare_security, posting_failed):
# never in words a payer reads
INTERNAL = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+")


def say(words: str, data: Mapping[str, Any]) -> str:
    """The words with their `{placeholders}` filled from `data` (a refusal's data). A part in
    [[ ]] is said only when `data` gives all its placeholders (not None); outside [[ ]], all must be."""
    def optional(part: re.Match[str]) -> str:
        names = {name for _, name, _, _ in Formatter().parse(part.group(1)) if name}
        return part.group(1) if all(data.get(n) is not None for n in names) else ""

    words = re.sub(r"\[\[(.*?)\]\]", optional, words)
    return words.format_map(data) if "{" in words else words


def foreign(text: str | None) -> str | None:
    """Someone else's words (upstream's, a channel's, a bank's) passed on to the payer only when
    they are Chinese and carry none of the identifiers of a system."""
    if not text or INTERNAL.search(text) or not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return None
    return text


def posting_words(posting_state: str, reason_code: str | None, reason: str | None,
                  refund_by: date | None) -> str | None:
    """What a paid share's 到账确认 shows: what is happening, and what comes next."""
    if posting_state == "posted":
        return None
    if posting_state == "failed":
        words = POSTING_WORDS.get(reason_code or "", POSTING_WORDS["refused"])
        return say(words, {"reason": foreign(reason)})
    if reason_code == "waiting_for_earlier" and reason and reason.startswith("等待"):  # said by wait_words
        return reason
    return say(POSTING_WORDS["confirming"], {"refund_by": china_date(refund_by) if refund_by else None})


def wait_words(period_start: str, period_end: str, earlier_paid: bool, deadline: date | None) -> str:
    """Why a share is held behind an earlier period of the same payer and insurance type."""
    words = say(POSTING_WORDS["waiting_for_earlier"], {"period_start": period_start, "period_end": period_end})
    if not earlier_paid:
        words += POSTING_WORDS["waiting_for_unpaid"]
    if deadline is not None:
        words += say(POSTING_WORDS["waiting_deadline"], {"deadline": f"{deadline:%Y-%m-%d}"})
    return words


def china_date(day: date) -> str:
    """A date as the payer reads it: 2026年12月14日."""
    return f"{day.year}年{day.month}月{day.day}日"
