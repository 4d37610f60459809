"""Validating files and folders: one FileReport per workbook, one Report per run."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from repbook.errors import RepbookError
from repbook.locale import Locale
from repbook.spec import load_spec

from .guard import check_file, skipped_name
from .issues import FileReport, Issue, Report, make_issue
from .reading import FormData, read_form
from .rules import Checked, check_across_forms, check_cells, check_form

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb", ".csv")


def workbook_files(paths: Sequence[Path]) -> Iterator[Path]:
    """Files named and, for folders, every spreadsheet below them; lock files are skipped."""
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_file() and found.suffix.lower() in WORKBOOK_SUFFIXES and not skipped_name(found):
                    yield found
        elif not skipped_name(path):
            yield path


def validate_paths(paths: Sequence[Path], locale: Locale = "zh-CN") -> Report:
    report = Report()
    checked_all: list[Checked] = []
    for path in workbook_files(paths):
        file_report, checked = validate_file(path, locale)
        report.files.append(file_report)
        if checked is not None:
            checked_all.append(checked)
    check_across_forms(checked_all)  # adds to each file's own report
    return report


def validate_file(path: Path, locale: Locale = "zh-CN") -> tuple[FileReport, Checked | None]:
    """Check one workbook; whatever is wrong with it becomes issues, never an exception."""
    report = FileReport(str(path))
    refusal = check_file(path)
    if refusal is not None:
        report.add(make_issue(refusal.code, locale, file=str(path), **refusal.details))
        return report, None
    try:
        form = read_form(path)
    except RepbookError:
        raise
    except Exception as exc:  # a damaged package fails in the reader in many ways
        if isinstance(exc, OSError) and exc.filename not in (None, str(path)):
            raise  # our own files (specs, catalogue) missing is a bug, not a bad return
        report.add(make_issue("file-unreadable", locale, file=str(path), reason=f"{exc.__class__.__name__}"))
        return report, None
    report.form, report.rep_id, report.period = form.form, form.rep_id, form.metadata.get("period", "")
    if form.form is None:
        report.add(make_issue("file-not-workbook", locale, file=str(path)))
        return report, None
    report.issues.extend(_form_level(form, locale))
    if any(i.code == "schema-newer" for i in report.issues):
        return report, None
    checked = check_cells(form, locale)
    check_form(checked)
    report.rows = sum(len(t.rows) for t in checked.tables.values() if t.data.table.rows_from is None)
    report.issues.extend(checked.issues)
    checked.issues = report.issues
    return report, checked


def _form_level(form: FormData, locale: Locale) -> Iterable[Issue]:
    file = str(form.path)
    assert form.form is not None
    spec = load_spec(form.form)
    if form.recognised_by_headers:
        yield make_issue("not-repbook", locale, file=file, form=spec.title(locale))
    version = form.metadata.get("schema_version", "")
    if version.isdigit() and int(version) < spec.schema_version:
        yield make_issue("schema-outdated", locale, file=file, version=version, current=spec.schema_version)
    elif version.isdigit() and int(version) > spec.schema_version:
        yield make_issue("schema-newer", locale, file=file, version=version, current=spec.schema_version)
    for name in form.missing_tables:
        yield make_issue("table-missing", locale, file=file, table=name)
    for drift in form.drift:
        yield make_issue(drift.code, locale, file=file, sheet=drift.sheet, cell=drift.cell, field=drift.field,
                         value=drift.value)
