"""What an Alipay payer's device is handed to pay an order."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class TradePay(BaseModel):
    """The object the Alipay mini-program passes to my.tradePay."""

    model_config = ConfigDict(extra="forbid")

    tradeNO: str  # noqa: N815 - Alipay's name


class AppOrder(BaseModel):
    """What a phone app hands to the Alipay SDK (alipay.trade.app.pay's signed order string)."""

    model_config = ConfigDict(extra="forbid")

    orderStr: str  # noqa: N815 - Alipay's name
