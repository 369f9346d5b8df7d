"""Simulators of every outside party, speaking their real protocols with real keys: WeChat Pay
(`wechat_pay`), wx.login (`wechat_login`), WeChat 人脸核身 (`wechat_face`), Alipay (`alipay`), the
bank gateway (`bank`) and hrss / healthcare_security / treasury (`upstream`).

Not part of the product: the package does not install them.
"""
