"""What a WeChat Pay payer's device is handed to pay an order."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class RequestPayment(BaseModel):
    """The object the mini-program passes to wx.requestPayment."""

    model_config = ConfigDict(extra="forbid")

    appId: str  # noqa: N815 - WeChat's names
    timeStamp: str  # noqa: N815
    nonceStr: str  # noqa: N815
    package: str
    signType: Literal["RSA"]  # noqa: N815
    paySign: str  # noqa: N815
