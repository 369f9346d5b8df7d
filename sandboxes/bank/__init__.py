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

Controls (plain methods, and routes under /sandbox/bank, answered by `sandboxes.control.control`):
seed_account / seed_demo_accounts, settle, deliver_pending, deliver_forged (bad_signature,
wrong_amount, stale, wrong_merchant, tampered), set_fault (per operation or "*": timeout — done,
answered after the client gave up; unavailable — 503 before processing; bad_signature — done,
answered with a broken signature; error_500 — done, answered 500), clear_faults, snapshot.

Modules: `books` (the vocabulary, the wire's messages, the books, the demo accounts), `sandbox`
(`BankSandbox`: the gateway), `callbacks` (settlement and callbacks), `http` (the HTTP face).
"""

from payment_channels.spec import ChannelContext
from sandboxes.bank.books import (
    DEMO_ACCOUNTS,
    BankAccount,
    BankAnswer,
    answer_message,
    demo_bank_accounts,
    generate_keys,
    open_demo_accounts,
    request_message,
)
from sandboxes.bank.http import create_bank_blueprint
from sandboxes.bank.sandbox import BankSandbox


def channel_sandbox(context: ChannelContext) -> BankSandbox:
    """The bank gateway simulator (demo accounts opened), holding the other halves of its keys."""
    merchant_public, bank_key = context.demo_pair("bank_merchant", "bank_gateway")
    sandbox = BankSandbox(context.settings.bank.merchant_no, bank_key, merchant_public)
    open_demo_accounts(sandbox)
    return sandbox


__all__ = ["DEMO_ACCOUNTS", "BankAccount", "BankAnswer", "BankSandbox", "answer_message", "channel_sandbox",
           "create_bank_blueprint", "demo_bank_accounts", "generate_keys", "open_demo_accounts", "request_message"]
