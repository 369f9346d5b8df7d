"""Whose account a user is: a WeChat openid of our appid, or a channel's user who signed in with
the channel's auth code (users.openid "<channel>:<user id>")."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from app.identity.models import User
from payment_channels.registry import CHANNELS


@dataclass(frozen=True)
class ChannelAccount:
    """An account of a channel's user (signed in with the channel's auth code): the channel, and
    the user's id there ("" when too long to keep: users.openid holds 64 characters)."""

    channel: str
    user_id: str


def channel_identity(channel: str, user_id: str) -> str:
    """users.openid of a channel's user: "<channel>:<user id>", or, for an id too long for the
    column, "<channel>#<its SHA-256>"."""
    if len(channel) + 1 + len(user_id) <= 64:
        return f"{channel}:{user_id}"
    return f"{channel}#" + hashlib.sha256(user_id.encode()).hexdigest()[:63 - len(channel)]


def channel_account(user: User) -> ChannelAccount | None:
    """The channel account a user signed in as (None: a WeChat openid)."""
    for channel in CHANNELS.values():
        if not channel.signs_in:
            continue
        if user.openid.startswith(f"{channel.name}:"):
            return ChannelAccount(channel.name, user.openid.removeprefix(f"{channel.name}:"))
        if user.openid.startswith(f"{channel.name}#"):
            return ChannelAccount(channel.name, "")
    return None
