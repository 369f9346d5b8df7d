"""WeChat 人脸核身 2.0 (getverifyid / queryverifyinfo) behind app.identity.face.FaceVerifier."""

from payment_channels.wechat_face.client import WeChatFaceVerifier

__all__ = ["WeChatFaceVerifier"]
