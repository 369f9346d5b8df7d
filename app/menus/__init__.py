"""The region's menus, honest about what this service performs."""

from app.menus.services import menus_for

__all__ = [
    "menus_for",
]
