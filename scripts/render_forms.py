"""Render each form's first sheet to a PNG for the README: LibreOffice -> PDF -> pdftoppm.

    python scripts/render_forms.py [--out docs/img] [--locale zh-CN] [--period 2026-11]

Uses the demo team's filled workbooks, so the pictures show what a rep's month looks like.
Needs LibreOffice (soffice) and poppler-utils (pdftoppm), which scripts/test.sh installs.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from repbook.commands.demo import run_demo  # noqa: E402
from repbook.periods import parse_period  # noqa: E402
from repbook.spec import FORMS  # noqa: E402
from tests.support.libreoffice import LibreOffice  # noqa: E402

RESOLUTION = 70


def render(out: Path, locale: str, period: str) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        result = run_demo(work / "demo", parse_period(period), locale, jobs=1)  # type: ignore[arg-type]
        rep = result.returned[0].rep_id
        books = {f.form: f.path for f in result.returned if f.rep_id == rep}
        books["control"] = result.control
        office = LibreOffice(work)
        made = []
        for name, book in books.items():
            if name not in (*FORMS, "control"):
                continue
            (pdf,) = office.convert([book], "pdf")
            target = out / f"{name}"
            subprocess.run(["pdftoppm", "-png", "-r", str(RESOLUTION), "-f", "1", "-l", "1", "-singlefile",
                            str(pdf), str(target)], check=True)
            made.append(target.with_suffix(".png"))
        return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--locale", default="zh-CN")
    parser.add_argument("--period", default="2026-11")
    args = parser.parse_args()
    if not shutil.which("pdftoppm"):
        sys.exit("pdftoppm is missing: apt-get install poppler-utils")
    for path in render(args.out, args.locale, args.period):
        print(path)


if __name__ == "__main__":
    main()
