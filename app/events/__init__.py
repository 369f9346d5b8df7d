"""The append-only event log (invariant 5): every state change, who, what, from, to, why, when."""

from app.events.models import Event
from app.events.services import record

__all__ = [
    "Event",
    "record",
]
