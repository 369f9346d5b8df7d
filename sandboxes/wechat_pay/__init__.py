"""WeChat Pay API v3 as our simulator speaks it (with wx.login and 人脸核身 beside it, served on
the same app), real keys and signatures both ways."""

from payment_channels.spec import ChannelContext
from payment_channels.wechat_pay import demo_keys_of
from sandboxes.wechat_pay.http import create_sandbox_app, create_wechat_sandbox_blueprint
from sandboxes.wechat_pay.sandbox import WeChatPaySandbox


def channel_sandbox(context: ChannelContext) -> WeChatPaySandbox:
    """The WeChat Pay / wx.login / 人脸核身 simulator, holding the other half of the demo keys."""
    settings = context.settings
    if settings.profile == "production" and not settings.allow_sandboxes:
        raise RuntimeError("the sandbox refuses to start in the production profile")
    return WeChatPaySandbox.from_demo_keys(demo_keys_of(context), mchid=settings.wechat.mchid,
                                           appid=settings.wechat.appid, login_secret=settings.wechat.app_secret)


__all__ = ["WeChatPaySandbox", "channel_sandbox", "create_sandbox_app", "create_wechat_sandbox_blueprint"]
