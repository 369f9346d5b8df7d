"""WeChat 人脸核身 2.0 (getverifyid / queryverifyinfo) behind payment_channels.face.FaceVerifier."""

from payment_channels.wechat_face.client import WeChatFaceVerifier

__all__ = ["WeChatFaceVerifier"]
