"""Every form in every locale: generated, well-formed, and computing in a real engine."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from repbook.commands.context import form_context
from repbook.formulas import ALLOWED_FUNCTIONS, functions_used
from repbook.generators.workbook import build_workbook
from repbook.io.workbook_reader import RepbookWorkbook
from repbook.locale import LOCALES
from repbook.model import ControlData, Customer, Rep
from repbook.periods import parse_period
from repbook.settings import DEFAULT_SETTINGS
from repbook.spec import FORMS, load_spec
from tests.support.libreoffice import LibreOffice
from tests.support.workbooks import error_cells, formulas

PERIOD = parse_period("2026-12")
HOSTILE_NAME = "=HYPERLINK(\"http://x\",\"点我\")"
HOSTILE = ["+86 138", "-折扣", "@客户", HOSTILE_NAME]


def control_with_hostile_text() -> ControlData:
    rep = Rep("R01", HOSTILE_NAME, "r01@example.com", "-华东区")
    customers = tuple(Customer(f"C{i}", name, "R01", contact_name="@李经理", notes="=1+1")
                      for i, name in enumerate(HOSTILE))
    return ControlData(settings=dict(DEFAULT_SETTINGS), reps=(rep,), customers=customers)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    folder = tmp_path_factory.mktemp("forms")
    control = control_with_hostile_text()
    made = {}
    for form in FORMS:
        for locale in LOCALES:
            ctx = form_context(form, control.reps[0], PERIOD, control, locale)
            made[(form, locale)] = build_workbook(ctx, folder / f"{form}-{locale}.xlsx")
    return made


@pytest.fixture(scope="module")
def recalculated(generated: dict[tuple[str, str], Path], libreoffice: LibreOffice) -> dict[tuple[str, str], Path]:
    keys = list(generated)
    return dict(zip(keys, libreoffice.recalculate([generated[k] for k in keys]), strict=True))


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("locale", LOCALES)
def test_form_has_its_tables_validations_and_metadata(
    generated: dict[tuple[str, str], Path], form: str, locale: str
) -> None:
    path = generated[(form, locale)]
    book = openpyxl.load_workbook(path)
    spec = load_spec(form)
    tables = {name for sheet in book.worksheets for name in sheet.tables}
    assert {t.name for t in spec.tables()} <= tables
    assert "tblCalendar" in tables
    meta_sheet = book["_repbook"]
    assert meta_sheet.sheet_state == "veryHidden"
    meta = RepbookWorkbook(path).metadata
    assert meta["form"] == form
    assert meta["locale"] == locale
    assert meta["period"] == "2026-12"
    assert meta["rep_id"] == "R01"
    assert int(meta["schema_version"]) == spec.schema_version
    validations = sum(len(sheet.data_validations.dataValidation) for sheet in book.worksheets)
    assert validations >= 1
    first = book.worksheets[0]
    assert first.protection.sheet is True
    assert first.page_setup.orientation in ("landscape", "portrait")
    assert first.freeze_panes is not None or not spec.sheets[0].tables()


@pytest.mark.parametrize("form", FORMS)
def test_only_allowed_functions_are_used(generated: dict[tuple[str, str], Path], form: str) -> None:
    for locale in LOCALES:
        for where, formula in formulas(generated[(form, locale)]):
            banned = functions_used(formula) - ALLOWED_FUNCTIONS
            assert not banned, f"{form} {locale} {where}: {formula}"


def test_every_form_recalculates_without_error_values(recalculated: dict[tuple[str, str], Path]) -> None:
    problems = {f"{form} {locale}": error_cells(path) for (form, locale), path in recalculated.items()}
    assert {k: v for k, v in problems.items() if v} == {}


def test_time_progress_is_computed_in_every_form(recalculated: dict[tuple[str, str], Path]) -> None:
    for (form, _locale), path in recalculated.items():
        book = RepbookWorkbook(path)
        if any(s.header for s in load_spec(form).sheets[:1]):
            assert book.named_value("rb_workdays_total") == 23, form  # December 2026: 23 weekdays, no holiday
            assert 0 <= book.named_value("rb_time_progress") <= 1


def test_names_starting_with_formula_characters_stay_text(generated: dict[tuple[str, str], Path]) -> None:
    for (form, locale), path in generated.items():
        book = openpyxl.load_workbook(path)
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        assert "HYPERLINK" not in str(cell.value), f"{form} {locale} {sheet.title}!{cell.coordinate}"
                        assert str(cell.value) != "=1+1"
        values = {c.value for s in book.worksheets for r in s.iter_rows() for c in r if c.data_type == "s"}
        assert HOSTILE_NAME in values, f"{form} {locale}: the rep's name is not on the form"
