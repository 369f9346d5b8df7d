"""Inbound channel notifications: kept, verified, confirmed by a query, applied once."""

from app.notifications.models import ChannelNotification
from app.notifications.services import handle_notification

__all__ = [
    "ChannelNotification",
    "handle_notification",
]
