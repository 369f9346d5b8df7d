"""Names as id documents print them: Chinese names in any CJK block (rare characters included),
minority names with a middle dot, and Latin-script names of foreigners and HK/MO/TW residents."""

from __future__ import annotations

import re
import unicodedata

# CJK Unified Ideographs and every extension (A: 3400–4DBF, URO to 9FFF including 9FA6–9FFF,
# B–F: 20000–2EBEF, G–H: 30000–323AF, I: 2EBF0–2EE5F) and the compatibility ideographs
_HAN = (
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0002ebef\U0002ebf0-\U0002ee5f\U00030000-\U000323af\U0002f800-\U0002fa1f"
)
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_NAME = re.compile(rf"[{_HAN}{_LATIN}][{_HAN}{_LATIN}·.'\- ]{{1,59}}")
_MIDDLE_DOTS = str.maketrans({"•": "·", "\u30fb": "·", "\u2027": "·", "\uff65": "·"})


def normalise_name(name: str) -> str | None:
    """The name in one spelling (NFC, middle dots unified, spaces collapsed), or None when it is
    not a name: 2–60 characters of CJK ideographs or Latin letters, with · . ' - and spaces inside."""
    text = " ".join(unicodedata.normalize("NFC", name).translate(_MIDDLE_DOTS).split())
    return text if _NAME.fullmatch(text) and not text.endswith(("·", "-", " ")) else None
