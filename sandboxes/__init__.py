"""Simulators of every outside party, speaking their real protocols with real keys: WeChat Pay
(`wechat_pay`), wx.login (`wechat_login`), WeChat 人脸核身 (`wechat_face`), Alipay (`alipay`), the
bank gateway (`bank`) and hrss / healthcare_security / treasury (`upstream`).

Not part of the product: the package does not install them, production code loads them only
lazily (app/bootstrap.py and the `serve`, `sandbox` and `demo` commands), and they refuse to be
imported in the production profile unless `allow_sandboxes` is set on purpose (staging).
"""

from config.settings import sandboxes_allowed

if not sandboxes_allowed():
    raise ImportError(
        "sandboxes: the simulators are not part of the product and refuse the production profile "
        "(SHEBAO_PROFILE=production); a staging deployment that runs against them on purpose sets "
        "SHEBAO_ALLOW_SANDBOXES=true",
        name="sandboxes",
    )
