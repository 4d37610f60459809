"""Issue records, the code catalogue and the per-run report.

Each code has one severity and one sentence per locale (``issue_<code>`` in
templates/locale.yaml); an issue is data (file, sheet, cell, field, code, severity,
message) rendered the same way in the terminal, in JSON, on the marked cells and on the
results sheet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from repbook.locale import Locale, catalogue

Severity = Literal["error", "warning", "info"]

# code -> severity. The sentence lives in the catalogue as messages.issue_<code with _>.
CODES: dict[str, Severity] = {
    # the file as a whole
    "file-unreadable": "error",
    "file-not-workbook": "error",
    "file-encrypted": "error",
    "file-format-unsupported": "error",
    "file-too-large": "error",
    "zip-bomb": "error",
    "xml-entities": "error",
    "sheet-too-large": "error",
    "not-repbook": "warning",
    "schema-outdated": "warning",
    "schema-newer": "error",
    "table-missing": "warning",
    "column-missing": "warning",
    "column-extra": "info",
    "column-renamed": "warning",
    # one cell
    "required-missing": "error",
    "type-invalid": "error",
    "choice-invalid": "error",
    "below-minimum": "error",
    "above-maximum": "error",
    "date-outside-period": "error",
    "error-value": "error",
    "value-normalized": "info",
    # across fields, rows and forms
    "next-contact-before-contact": "error",
    "amount-without-close": "error",
    "closed-without-amount": "warning",
    "date-outside-week": "error",
    "split-sum-mismatch": "error",
    "customer-not-in-archive": "warning",
    "duplicate-customer-id": "error",
    "closed-star-scale": "warning",
    "amount-outlier": "warning",
    # consolidation
    "customer-in-two-archives": "warning",
}
SEVERITY_ORDER: dict[Severity, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Issue:
    file: str
    code: str
    severity: Severity
    message: str
    sheet: str = ""
    cell: str = ""
    row: int | None = None
    column: str = ""
    field: str = ""
    value: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def make_issue(code: str, locale: Locale, *, file: str, sheet: str = "", cell: str = "", row: int | None = None,
               column: str = "", field: str = "", value: Any = None, **details: object) -> Issue:
    """An issue whose message is the catalogue sentence for ``code`` filled with ``details``."""
    severity = CODES[code]
    shown = "" if value is None else str(value)
    message = catalogue().message("issue_" + code.replace("-", "_"), locale, value=shown, field=field, **details)
    return Issue(file=file, code=code, severity=severity, message=message, sheet=sheet, cell=cell, row=row,
                 column=column, field=field, value=shown[:200])


@dataclass
class FileReport:
    file: str
    form: str | None = None
    rep_id: str = ""
    period: str = ""
    rows: int = 0
    issues: list[Issue] = field(default_factory=list)

    def add(self, issue: Issue) -> None:
        self.issues.append(issue)

    @property
    def valid(self) -> bool:
        return not any(i.severity == "error" for i in self.issues)


@dataclass
class Report:
    files: list[FileReport] = field(default_factory=list)

    def issues(self) -> Iterator[Issue]:
        for report in self.files:
            yield from report.issues

    def sorted_issues(self) -> list[Issue]:
        return sorted(self.issues(), key=lambda i: (i.file, SEVERITY_ORDER[i.severity], i.sheet, i.row or 0, i.cell))

    def counts(self) -> Counter[str]:
        return Counter(i.severity for i in self.issues())

    @property
    def has_errors(self) -> bool:
        return self.counts().get("error", 0) > 0

    def as_dict(self) -> dict[str, Any]:
        counts = self.counts()
        return {
            "valid": not self.has_errors,
            "files": [{"file": f.file, "form": f.form, "rep_id": f.rep_id, "period": f.period, "rows": f.rows,
                       "valid": f.valid} for f in self.files],
            "counts": {s: counts.get(s, 0) for s in ("error", "warning", "info")},
            "issues": [i.as_dict() for i in self.sorted_issues()],
        }


def merge(reports: Iterable[Report]) -> Report:
    merged = Report()
    for report in reports:
        merged.files.extend(report.files)
    return merged
