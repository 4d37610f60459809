"""LibreOffice headless as the independent spreadsheet engine the tests judge formulas by."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

# LibreOffice keeps the cached values of a file that says Excel wrote it; this profile
# setting makes it recalculate every formula on load, which is the point of the test.
_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise RuntimeError("LibreOffice is not installed: run the README's test command, which installs it.")
    return found


class LibreOffice:
    """Converts workbooks with a private profile; one process per batch of files."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.profile = workdir / "profile"
        (self.profile / "user").mkdir(parents=True, exist_ok=True)
        (self.profile / "user" / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS, "utf-8")

    def convert(self, files: Sequence[Path], to: str = "xlsx", timeout: float = 600) -> list[Path]:
        """Recalculate and save ``files`` as ``to`` (xlsx, pdf, ods); returns the new paths."""
        outdir = Path(tempfile.mkdtemp(prefix=f"lo-{to}-", dir=self.workdir))
        command = [soffice(), f"-env:UserInstallation={self.profile.as_uri()}", "--headless",
                   "--norestore", "--convert-to", to, "--outdir", str(outdir), *map(str, files)]
        subprocess.run(command, check=True, capture_output=True, timeout=timeout)
        results = [outdir / (Path(f).stem + "." + to.split(":")[0]) for f in files]
        missing = [p.name for p in results if not p.exists()]
        if missing:
            raise RuntimeError(f"LibreOffice did not convert: {', '.join(missing)}")
        return results

    def recalculate(self, files: Sequence[Path]) -> list[Path]:
        return self.convert(files, "xlsx")
