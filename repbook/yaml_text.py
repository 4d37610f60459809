"""Parsing repbook's own YAML (catalogue, form specs, demo team) with the C loader when present.

Every command and every worker process parses the catalogue and the specs first; the
pure-Python loader made that half a second of each start.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """Safe YAML (no Python objects), as ``yaml.safe_load`` reads it."""
    return yaml.load(text, Loader=_LOADER)
