"""The saved-at stamp of a workbook (docProps/core.xml, dcterms:modified), as Excel writes it on save."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from repbook.io.atomic import atomic_path

_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def set_saved_at(path: Path, when: datetime) -> Path:
    """Stamp ``path`` as saved at local time ``when`` (stored in UTC, as Excel does)."""
    stamp = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    # The zips close (innermost first) before the temporary file is renamed into place.
    with atomic_path(path) as tmp, zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = _MODIFIED.sub(lambda m: m.group(1) + stamp + m.group(2), data)
            dst.writestr(item, data)
    return path
