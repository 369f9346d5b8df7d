"""The payment channels, each declared once in its own package (`payment_channels/<name>/`) as a
`ChannelSpec` (`payment_channels.spec`), and listed here. Nothing else names a channel: the service
builds the adapters, the sandboxes, the notification endpoints, the statement readers, the
checkout's devices and payer references, and the labels people read from these specs. Adding a
channel is a folder and a line below (and its settings and region profiles)."""

from __future__ import annotations

from payment_channels import alipay, bank, wechat_pay
from payment_channels.spec import ChannelSpec, Device, PayerKind

CHANNELS: dict[str, ChannelSpec] = {c.name: c for c in (wechat_pay.CHANNEL, alipay.CHANNEL, bank.CHANNEL)}


def spec(name: str) -> ChannelSpec:
    """Raises KeyError for a name no channel has."""
    return CHANNELS[name]


def label(name: str) -> str:
    """What people read for a channel (its name itself for one that no longer exists)."""
    found = CHANNELS.get(name)
    return found.label if found else name


def by_payer(kind: PayerKind) -> ChannelSpec | None:
    """The channel whose orders are paid by that kind of payer reference (e.g. the agreement debit)."""
    return next((c for c in CHANNELS.values() if any(d.payer == kind for d in c.devices)), None)


def sign_in_channel() -> ChannelSpec | None:
    """The channel whose users can sign in with its auth codes."""
    return next((c for c in CHANNELS.values() if c.signs_in), None)


def answers() -> list[Device]:
    """Every device that is handed something to pay, once per answer field (the checkout's answer)."""
    seen: dict[str, Device] = {}
    for channel in CHANNELS.values():
        for device in channel.devices:
            if device.handed is not None and device.answer_field not in seen:
                seen[device.answer_field] = device
    return list(seen.values())
