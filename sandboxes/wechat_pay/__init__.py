"""WeChat Pay API v3 as our simulator speaks it (with wx.login and 人脸核身 beside it, served on
the same app), real keys and signatures both ways."""

from sandboxes.wechat_pay.http import create_sandbox_app, create_wechat_sandbox_blueprint
from sandboxes.wechat_pay.sandbox import WeChatPaySandbox

__all__ = ["WeChatPaySandbox", "create_sandbox_app", "create_wechat_sandbox_blueprint"]
