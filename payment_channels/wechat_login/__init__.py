"""WeChat mini-program login (wx.login code → openid)."""

from payment_channels.wechat_login.client import (
    LoginCodeRejected,
    LoginError,
    LoginSession,
    LoginUnavailable,
    WeChatLoginClient,
)

__all__ = ["LoginCodeRejected", "LoginError", "LoginSession", "LoginUnavailable", "WeChatLoginClient"]
