"""Public pages anyone can open without signing in: 记录查验 (certificate verification), where the
QR code on every certificate leads."""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
