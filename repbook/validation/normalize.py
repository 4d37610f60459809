"""Reading what reps type: text dates, full-width digits, "1,200元", stray spaces, Y/N.

A value that can be read is normalised with a note saying how it was read; a value that
cannot keeps its text and is reported. Nothing is silently guessed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from repbook.locale import Locale, catalogue
from repbook.periods import Period
from repbook.spec import NUMBER_TYPES, ColumnType

EXCEL_EPOCH = date(1899, 12, 30)
_NUMBER_NOISE = re.compile(r"[,\s元¥￥]|RMB|CNY", re.IGNORECASE)
_FULL_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SHORT_DATE = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_TIME = re.compile(r"^(\d{1,2})[:：](\d{2})$")
_YES = {"y", "yes", "是", "对", "對", "√", "✓", "true", "1"}
_NO = {"n", "no", "否", "不", "错", "錯", "×", "x", "false", "0"}


@dataclass(frozen=True)
class Reading:
    """The value as understood; ``note`` when it was changed, ``failed`` when it could not be read."""

    value: Any
    note: str | None = None
    failed: bool = False


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_value(value: Any, column_type: ColumnType, choices: str | None, period: Period | None) -> Reading:
    if is_blank(value):
        return Reading(None)
    if column_type == "date":
        return _read_date(value, period)
    if column_type == "time":
        return _read_time(value)
    if column_type in NUMBER_TYPES:
        return _read_number(value, column_type)
    if column_type == "choice" and choices:
        return _read_choice(value, choices)
    if isinstance(value, str):
        return Reading(value.strip())
    if isinstance(value, float) and value.is_integer():
        return Reading(str(int(value)))
    return Reading(value if isinstance(value, str) else str(value))


def expected_text(column_type: ColumnType, locale: Locale) -> str:
    return catalogue().label(f"type_{column_type}", locale)


def _plain(text: str) -> str:
    """Full-width digits and punctuation to half-width, spaces trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def _read_date(value: Any, period: Period | None) -> Reading:
    if isinstance(value, datetime):
        return Reading(value.date())
    if isinstance(value, date):
        return Reading(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20000 < value < 80000:
        day = EXCEL_EPOCH + timedelta(days=int(value))
        return Reading(day, note=day.isoformat())
    text = _plain(str(value))
    found: date | None = None
    try:
        if (m := _FULL_DATE.match(text)) or (m := _COMPACT_DATE.match(text)):
            found = date(int(m[1]), int(m[2]), int(m[3]))
        elif (m := _SHORT_DATE.match(text)) and period is not None:
            found = _in_period(int(m[1]), int(m[2]), period)
    except ValueError:
        found = None
    if found is None:
        return Reading(str(value), failed=True)
    return Reading(found, note=found.isoformat())


def _in_period(month: int, day: int, period: Period) -> date | None:
    """A month and day without a year, taken in the period's year that puts it inside the period."""
    for year in sorted({period.start.year, period.end.year}):
        candidate = date(year, month, day)
        if period.contains(candidate):
            return candidate
    return None


def _read_time(value: Any) -> Reading:
    if isinstance(value, time):
        return Reading(value)
    if isinstance(value, datetime):
        return Reading(value.time())
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return Reading(time(minutes // 60, minutes % 60))
    text = _plain(str(value))
    if (m := _TIME.match(text)) and int(m[1]) < 24 and int(m[2]) < 60:
        found = time(int(m[1]), int(m[2]))
        return Reading(found, note=found.strftime("%H:%M"))
    return Reading(str(value), failed=True)


def _read_number(value: Any, column_type: ColumnType) -> Reading:
    if isinstance(value, bool):
        return Reading(str(value), failed=True)
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:
            return Reading(str(value), failed=True)
        if not math.isfinite(number):  # a NaN or infinity a generator wrote into the cell
            return Reading(str(value), failed=True)
        return _whole(number, column_type, None)
    raw = str(value)
    text = _plain(raw)
    percent = text.endswith("%")
    cleaned = _NUMBER_NOISE.sub("", text.rstrip("%"))
    for star in ("星", "★", "stars", "star"):
        if column_type == "star":
            cleaned = cleaned.replace(star, "")
    try:
        number = float(cleaned)
    except ValueError:
        return Reading(raw, failed=True)
    if not math.isfinite(number):  # float() takes "nan" and "inf"; no rep means them
        return Reading(raw, failed=True)
    if percent:
        number /= 100
    return _whole(number, column_type, f"{number:g}")


def _whole(number: float, column_type: ColumnType, note: str | None) -> Reading:
    if column_type in ("int", "star"):
        if not number.is_integer():
            return Reading(f"{number:g}", failed=True)
        return Reading(int(number), note=note)
    return Reading(number, note=note)


def _read_choice(value: Any, choices: str) -> Reading:
    raw = value if isinstance(value, str) else (str(int(value)) if isinstance(value, float) and value.is_integer() else str(value))
    cat = catalogue()
    code = cat.choice_code(choices, raw)
    if code is not None:
        # Found after trimming: say so, since a stray space is what breaks filters in Excel.
        return Reading(code, note=cat.choice_label(choices, code, "zh-CN") if raw != raw.strip() else None)
    text = _plain(raw)
    code = cat.choice_code(choices, text)
    if code is None and choices == "yes_no":
        lowered = text.lower()
        code = "yes" if lowered in _YES else "no" if lowered in _NO else None
    if code is None:
        return Reading(raw, failed=True)
    return Reading(code, note=cat.choice_label(choices, code, "zh-CN"))
