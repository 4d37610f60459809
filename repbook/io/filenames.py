"""File and folder names that are safe on Windows, macOS and Linux alike."""

from __future__ import annotations

import re

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_NAME = 120


def safe_filename(text: str, fallback: str = "unnamed") -> str:
    """``text`` as one path component: no forbidden characters, reserved names or trailing dots."""
    name = _FORBIDDEN.sub("_", text).strip().rstrip(". ")
    name = re.sub(r"\s+", " ", name)[:MAX_NAME].rstrip(". ")
    if not name:
        return fallback
    if name.split(".")[0].upper() in _RESERVED:
        name = "_" + name
    return name
