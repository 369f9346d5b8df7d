"""Our own simulators of the payment providers, speaking their real protocols with real keys.

Never started in the production profile (see config.settings).
"""

from payment_channels.sandbox.runner import serve_in_loop
from payment_channels.sandbox.wechat_http import create_sandbox_app, create_wechat_sandbox_blueprint
from payment_channels.sandbox.wechat_pay import WeChatPaySandbox

__all__ = ["WeChatPaySandbox", "create_sandbox_app", "create_wechat_sandbox_blueprint", "serve_in_loop"]
