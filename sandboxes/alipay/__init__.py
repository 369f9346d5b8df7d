"""Our Alipay sandbox: the open platform gateway (`/alipay/gateway.do`) as the official SDK speaks
to it, and asynchronous notifications as Alipay sends them.

A precreated qr_code (扫码缴款) is no trade until a phone scans it: until then a query answers
ACQ.TRADE_NOT_EXIST, and a close answers the same but locks the code.

Protocol, as the SDK and Alipay's documents give it: common parameters in the query string,
`biz_content` (JSON) in the form body, an RSA2 (SHA256withRSA) signature over every parameter but
`sign`, sorted and joined `k=v&k=v`; answers `{"<method with underscores>_response": {…}, "sign":
"…"}` signed by Alipay over the inner JSON exactly as sent; amounts are yuan strings with two
decimals; a notification is a form POST signed over its sorted pairs without `sign` and
`sign_type`, answered with the text `success`.
"""

from payment_channels.spec import ChannelContext
from sandboxes.alipay.bill import BILL_COLUMNS
from sandboxes.alipay.http import create_alipay_blueprint
from sandboxes.alipay.protocol import fen, generate_keys, rsa2_sign, rsa2_verify, sign_content
from sandboxes.alipay.sandbox import NOTIFY_FORGES, AlipaySandbox, AlipayTrade, PrecreatedCode


def channel_sandbox(context: ChannelContext) -> AlipaySandbox:
    """The Alipay simulator, holding the other halves of the Alipay demo keys; its bill addresses
    point at the sandboxes' own base URL."""
    app_public, alipay_key = context.demo_pair("alipay_app", "alipay_platform")
    alipay = context.settings.alipay
    return AlipaySandbox(alipay.app_id, alipay.seller_id, alipay_key, app_public, base_url=context.sandbox_base_url)


__all__ = ["BILL_COLUMNS", "NOTIFY_FORGES", "AlipaySandbox", "AlipayTrade", "PrecreatedCode", "channel_sandbox",
           "create_alipay_blueprint", "fen", "generate_keys", "rsa2_sign", "rsa2_verify", "sign_content"]
