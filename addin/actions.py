"""What each ribbon button does in Excel, by registry command id.

Every button runs the same command as the terminal (repbook/commands), on the active
workbook or the workbook it points to: the control workbook and the master are
found as addin/books.py says, outputs go where the terminal examples put them (beside the
control workbook), and each action returns the one paragraph the manager reads. A
registry command with a ribbon group but no action here would still get its button, which
then names the terminal command (entry.py); tests keep every button covered. Each action
imports its command's modules itself, when clicked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from repbook.errors import Cancelled, RepbookError
from repbook.locale import Locale, catalogue

from .books import (
    active_folder,
    ask_form,
    ask_period,
    ask_rep,
    ask_text,
    confirm_replace,
    find_book,
    find_quietly,
    form_of,
    listed,
    metadata_of,
    progress,
    rep_named,
    say,
    title,
    uncovered,
)

if TYPE_CHECKING:
    from repbook.commands.send import SendReport
    from repbook.model import ControlData
    from repbook.periods import Period, PeriodKind

    from .session import ExcelSession

Action = Callable[["ExcelSession", Locale], str]

PACK_FOLDER = "{stem}_pack"  # beside the control workbook: what Generate writes and Send mails
OUTBOX = "outbox"  # e-mail drafts, as the demo keeps them
NEW_FORMS = "forms"  # single forms made with New form, one folder per rep
ADOPTED = "adopted"  # beside the adopted workbook
REVIEWS = "reviews"
MASTER = "master.xlsx"


# -- plan ---------------------------------------------------------------------------------

def init_new_control(session: ExcelSession, locale: Locale) -> str:
    """A new control workbook where the manager saves it, for the period typed (default: next month)."""
    from repbook.commands.init_control import init_control
    from repbook.io.filenames import safe_filename
    from repbook.periods import period_containing
    from repbook.spec import CONTROL, load_spec

    heading = title("init", locale)
    default = period_containing(date.today()).next()
    period = ask_period(session, locale, heading, say("addin_ask_period", locale, example=default.code), default)
    start = active_folder(session) or _documents()
    suggested = start / (safe_filename(f"{load_spec(CONTROL).title(locale)}_{period.code}") + ".xlsx")
    path = session.choose_new_file(say("addin_save_control", locale), suggested)
    if path is None:
        raise Cancelled
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    if path.exists():
        raise RepbookError(say("addin_control_exists", locale, path=path))
    made = init_control(path, period, locale)
    session.open_book(path)
    return say("addin_initialized", locale, path=path, period=period.code) + uncovered(made.uncovered_years, locale)


def split_in_control(session: ExcelSession, locale: Locale) -> str:
    """Split into the control workbook itself: Excel lets go of it while the split sheets are written."""
    from repbook.commands.split import run_split

    control = find_book(session, "control", locale)
    with session.writing(), session.editing(control):
        result = run_split(control)
    session.open_book(control)  # the split sheets are what the manager looks at next
    reps = len(result.reps[0].shares) if result.reps else 0
    text = say("addin_split", locale, indicators=len(result.reps), reps=reps, control=control.name)
    if result.skipped:
        text += say("addin_not_split", locale, indicators=", ".join(result.skipped))
    return text + uncovered(result.uncovered_years, locale)


def roll_over_to_next(session: ExcelSession, locale: Locale) -> str:
    """The next period's control workbook and pack, in a folder named after it beside this period's."""
    from repbook.commands.rollover import roll_over
    from repbook.io.control import control_period, read_control

    heading = title("rollover", locale)
    control = find_book(session, "control", locale)
    master = find_book(session, "master", locale, near=[control])
    current = control_period(read_control(control), control)
    default = current.next()
    to = ask_period(session, locale, heading, say("addin_ask_next_period", locale, current=current.code,
                                                  example=default.code), default)
    home = control.parent.parent if control.parent.name == current.code else control.parent
    out_dir = home / to.code
    confirm_replace(session, locale, heading, [out_dir / control.name, *sorted((out_dir / "pack").rglob("*.xlsx"))])
    session.status(say("addin_working", locale, command=heading, book=control.name))
    result = roll_over(control, master, to, out_dir, jobs=1)
    if result.control.name == control.name:  # Excel cannot hold two books of one name: this period's gives way
        session.close_book(control)
    session.open_book(result.control)
    text = say("addin_rolled_over", locale, period=to.code, control=result.control, files=len(result.pack),
               pack=out_dir / "pack", customers=result.customers, actions=result.open_actions,
               measures=result.open_measures, history=result.history_rows)
    if result.shared_customers:
        text += say("addin_rollover_shared", locale, count=len(result.shared_customers))
    return text


# -- record -------------------------------------------------------------------------------

def new_form_for_rep(session: ExcelSession, locale: Locale) -> str:
    """One form for one rep, pre-filled from the control workbook, in forms/ beside it; it opens.

    Three prompts (form, rep, period), each with a default: the rep whose ID or name is the
    selected cell (click the rep on the roster), else the rep of the form that is active.
    """
    from repbook.commands.generate_pack import form_filename, rep_folder
    from repbook.commands.new_form import new_form
    from repbook.io.control import control_period, read_control

    heading = title("new", locale)
    selected = session.selected_text()
    active = session.active_book_file()
    shown = metadata_of(active) if active is not None else {}  # a rep's form open: another of theirs is likely
    control_path = find_book(session, "control", locale)
    control = read_control(control_path)
    form = ask_form(session, locale, heading, shown.get("form", "work-log"))
    rep = ask_rep(session, locale, heading, control, control_path,
                  rep_named(control, selected) or rep_named(control, shown.get("rep_id", "")))
    default = control_period(control, control_path)
    kinds: tuple[PeriodKind, ...] = ("month", "quarter") if form == "review" else ("month",)
    period = ask_period(session, locale, heading, say("addin_ask_period", locale, example=default.code), default,
                        kinds)
    output = rep_folder(control_path.parent / NEW_FORMS, rep) / form_filename(form, rep, period, control.locale)
    confirm_replace(session, locale, heading, [output])
    path = new_form(form, rep.rep_id, period, None, output, control_path)
    session.open_book(path)
    return say("addin_new_form", locale, form=catalogue().choice_label("form", form, locale),
               rep=f"{rep.rep_id} {rep.name}", period=period.code, control=control_path.name, path=path)


# -- check --------------------------------------------------------------------------------

def validate_active(session: ExcelSession, locale: Locale) -> str:
    """Check the active workbook as saved and mark every problem in it, in place: fills and
    notes where the manager is looking, a results sheet in front; 清除标注 restores each cell."""
    from repbook.validation.marking import write_marked_copy
    from repbook.validation.validate import validate_paths

    path = session.active_book_path()
    report = validate_paths([path], locale)
    counts = report.counts()
    (checked,) = report.files
    if checked.form is None:  # not a form: nothing to mark, the problem is the whole file
        return say("addin_not_marked", locale, book=path.name,
                   problem=next((i.message for i in checked.issues), ""))
    with session.writing(), session.editing(path):
        write_marked_copy(path, checked.issues, locale, target=path)
    return say("addin_validated", locale, errors=counts.get("error", 0), warnings=counts.get("warning", 0),
               book=path.name)


def clear_marks_active(session: ExcelSession, locale: Locale) -> str:
    """repbook's marks off the active workbook, in place; a workbook without marks is not rewritten."""
    from repbook.commands.validate import remove_marks
    from repbook.validation.marking import has_marks

    path = session.active_book_path()
    if not has_marks(path):
        return say("addin_no_marks", locale, book=path.name)
    with session.writing(), session.editing(path):
        restored = remove_marks(path)
    return say("addin_cleared", locale, book=path.name, cells=restored)


def adopt_active(session: ExcelSession, locale: Locale) -> str:
    """The active sheet a rep keeps, adopted into a repbook form in ``adopted/`` beside it, which opens.

    With a control workbook open or beside it, the rep comes from its roster (the one named in
    the file name is the default) and the form is pre-filled from it.
    """
    from repbook.commands.adopt import adopt, adoption_rep
    from repbook.commands.generate_pack import form_filename
    from repbook.io.control import read_control
    from repbook.model import ControlData

    heading = title("adopt", locale)
    path = session.active_book_path()
    control_path, _ = find_quietly(session, "control", [path])
    control = read_control(control_path) if control_path else ControlData(settings={}, reps=())
    form = ask_form(session, locale, heading, form_of(path) or _form_in_name(path.stem) or "work-log")
    if control_path is not None:
        guess = rep_named(control, metadata_of(path).get("rep_id", "")) or \
            next((r for r in control.reps if r.active and r.name and r.name in path.stem), None)
        rep_id: str | None = ask_rep(session, locale, heading, control, control_path, guess).rep_id
    else:
        rep_id = ask_text(session, heading, say("addin_ask_rep_free", locale),
                          metadata_of(path).get("rep_id", "")) or None
    form_locale = control.locale if control_path else locale
    out_dir = path.parent / ADOPTED
    preview = adopt([path], form, out_dir, rep_id=rep_id, control_path=control_path, dry_run=True)[0]
    rep = adoption_rep(control, rep_id, path, control_path)
    confirm_replace(session, locale, heading, [out_dir / form_filename(form, rep, preview.period, form_locale)])
    (adoption,) = adopt([path], form, out_dir, rep_id=rep_id, period=preview.period, locale=form_locale,
                        control_path=control_path)
    assert adoption.output is not None
    session.open_book(adoption.output)
    kept = {k for r in adoption.kept for k in r if not k.startswith("_")}
    who = rep.rep_id if rep.name == rep.rep_id else f"{rep.rep_id} {rep.name}"
    return say("addin_adopted", locale, entries=len(adoption.rows), form=catalogue().choice_label("form", form, locale),
               rep=who, period=adoption.period.code, path=adoption.output, totals=adoption.totals_rows,
               unreadable=len(adoption.unreadable), kept=len(kept))


# -- summarize ----------------------------------------------------------------------------

def consolidate_returned(session: ExcelSession, locale: Locale) -> str:
    """The returned folder (the control workbook's setting, else a folder dialog) into master.xlsx beside
    the control workbook, which opens."""
    from repbook.commands.consolidate import consolidate
    from repbook.io.control import read_control

    heading = title("consolidate", locale)
    control = find_book(session, "control", locale)
    typed = str(read_control(control).settings.get("returned_folder") or "").strip()
    if typed:
        folder = control.parent / Path(typed).expanduser()
        if not folder.is_dir():
            raise RepbookError(say("addin_missing_folder", locale, control=control.name, folder=folder))
    else:
        chosen = session.choose_folder(say("addin_choose_returned", locale), control.parent)
        if chosen is None:
            raise Cancelled
        folder = chosen
    if folder.resolve() in (control.parent.resolve(), *control.parent.resolve().parents):
        raise RepbookError(say("addin_folder_holds_control", locale, folder=folder, control=control.name))
    master = control.parent / MASTER
    session.close_book(master)
    result = consolidate([folder], master, locale, jobs=1, control_path=control,
                         progress=progress(session, locale, heading, folder.name))
    session.open_book(master)
    return say("addin_consolidated", locale, folder=folder, files=len(result.files), input=result.input_rows,
               consolidated=result.consolidated_rows, rejected=result.rejected_rows, master=master)


def status_of_master(session: ExcelSession, locale: Locale) -> str:
    """Who returned which form, from the master: the counts, and each rep with a missing or late form."""
    from repbook.commands.status import read_status

    master = find_book(session, "master", locale)
    standings = read_status(master)
    cat = catalogue()
    missing = sum(s.count("missing") for s in standings)
    late = sum(s.count("late") for s in standings)
    lines = []
    for s in standings:
        behind = [f"{cat.label('discipline_' + st, locale)} {cat.choice_label('form', form, locale)}"
                  for form, st in s.forms.items() if st in ("missing", "late")]
        if behind:
            lines.append(say("addin_status_line", locale, rep=f"{s.rep_id} {s.rep_name}", forms=", ".join(behind)))
    if session.active_book_file() != master:
        session.open_book(master)  # its reporting-discipline sheet has the detail
    text = say("addin_status", locale, reps=len(standings), missing=missing, late=late, master=master.name)
    return text + ("\n" + listed(lines, locale) if lines else "")


def review_from_master(session: ExcelSession, locale: Locale) -> str:
    """Each active rep's review pre-filled from the master, for a month or a quarter, in reviews/."""
    from repbook.commands.generate_pack import form_filename, rep_folder
    from repbook.commands.review import write_reviews
    from repbook.io.control import read_control
    from repbook.periods import period_containing

    heading = title("review", locale)
    control = find_book(session, "control", locale)
    master = find_book(session, "master", locale, near=[control])
    data = read_control(control)
    default = _master_period(master) or period_containing(date.today())
    quarter = period_containing(default.start, "quarter")
    period = ask_period(session, locale, heading, say("addin_ask_review_period", locale, month=default.code,
                                                      quarter=quarter.code), default, ("month", "quarter"))
    out_dir = control.parent / REVIEWS
    reps = [r for r in data.reps if r.active]
    confirm_replace(session, locale, heading,
                    [rep_folder(out_dir, r) / form_filename("review", r, period, data.locale) for r in reps])
    session.status(say("addin_working", locale, command=heading, book=master.name))
    made = write_reviews(control, master, period, out_dir)
    return say("addin_reviewed", locale, count=len(made), period=period.code, master=master.name, folder=out_dir)


def report_from_master(session: ExcelSession, locale: Locale) -> str:
    """The manager's report for a month or an ISO week, beside the master; the workbook opens."""
    from repbook.commands.report import make_report
    from repbook.periods import period_containing

    heading = title("report", locale)
    master = find_book(session, "master", locale)
    default = _master_period(master) or period_containing(date.today())
    week = period_containing(min(date.today(), default.end), "week")
    span = ask_period(session, locale, heading, say("addin_ask_report_period", locale, month=default.code,
                                                    week=week.code), default, ("month", "week"))
    stem = master.parent / f"report_{span.code}"
    session.close_book(stem.with_suffix(".xlsx"))
    made = make_report(master, span, stem, locale)
    session.open_book(made.workbook)
    return say("addin_reported", locale, period=span.code, master=master.name,
               progress=f"{made.report.time_progress:.0%}", workbook=made.workbook, html=made.html)


# -- distribute ---------------------------------------------------------------------------

def generate_from_control(session: ExcelSession, locale: Locale) -> str:
    """The control workbook's pack, in the form language it sets, to a folder beside it; progress per rep.

    A pack made before (perhaps sent already) is replaced only when the manager says so.
    """
    from repbook.commands.generate_pack import form_filename, generate_pack, rep_folder
    from repbook.io.control import control_period, read_control
    from repbook.spec import FORMS

    heading = title("generate", locale)
    path = find_book(session, "control", locale)
    control = read_control(path)
    period = control_period(control, path)
    folder = _pack_folder(path)
    reps = [r for r in control.reps if r.active]
    confirm_replace(session, locale, heading, [rep_folder(folder, r) / form_filename(f, r, period, control.locale)
                                               for r in reps for f in FORMS])
    show = progress(session, locale, heading, path.name)
    files = []
    for done, rep in enumerate(reps):
        show(done, len(reps))
        # One process: a click's Python must not fork workers behind Excel's back.
        files += generate_pack(control, folder, period, reps=[rep], jobs=1)
    return say("addin_generated", locale, control=path.name, reps=len(reps), files=len(files), folder=folder)


def send_from_control(session: ExcelSession, locale: Locale) -> str:
    """E-mail the pack (or, clicked on a master, reminders to the reps with missing or late forms).

    Drafts (.eml) go to outbox/ beside the control workbook, unless the e-mail sheet names a
    server and the manager answers Yes; the password is then asked for hidden and never kept.
    """
    from repbook.commands.send import SendOutcome, send_pack, send_reminders, smtp_settings
    from repbook.io.control import read_control
    from repbook.mail.transport import SmtpSettings

    heading = title("send", locale)
    active = session.active_book_file()
    master = find_book(session, "master", locale) if active is not None and form_of(active) == "master" else None
    control = find_book(session, "control", locale, near=[master] if master else ())
    data = read_control(control)
    outbox = control.parent / OUTBOX
    pack = None
    if master is None:
        pack = _existing_pack(control) or session.choose_folder(say("addin_choose_pack", locale), control.parent)
        if pack is None:
            raise Cancelled
    show = progress(session, locale, heading, control.name)
    planned: list[SendOutcome] = []
    done: list[SendOutcome] = []

    def step(outcome: SendOutcome) -> None:
        done.append(outcome)
        show(len(done), len(planned))

    def run(*, dry_run: bool = False, eml_dir: Path | None = None, smtp: SmtpSettings | None = None) -> SendReport:
        if pack is None:
            assert master is not None
            return send_reminders(control, master, dry_run=dry_run, eml_dir=eml_dir, smtp=smtp)
        return send_pack(control, pack, dry_run=dry_run, eml_dir=eml_dir, smtp=smtp,
                         progress=None if dry_run else step)

    planned += [o for o in run(dry_run=True).outcomes if o.status == "planned"]
    if master is not None and not planned:
        return say("addin_remind_none", locale, master=master.name)
    intro = say("addin_mail_remind", locale, master=master.name) if master is not None else \
        say("addin_mail_pack", locale, pack=pack, control=control.name)
    smtp = None
    if planned and _can_send(data):
        server = f"{data.settings.get('smtp_host')}:{data.settings.get('smtp_port') or ''}".rstrip(":")
        user = str(data.settings.get("smtp_user") or data.settings.get("sender_email") or "")
        answer = session.ask_yes_no(heading, say("addin_confirm_send", locale, server=server, user=user,
                                                 count=len(planned), outbox=outbox), cancel=True)
        if answer is None:
            raise Cancelled
        if answer:
            smtp = smtp_settings(control, data.settings,
                                 lambda login: _password(session, locale, heading, server, login))
    report = run(smtp=smtp) if smtp is not None else run(eml_dir=outbox)
    return intro + _mail_summary(report, locale, f"{smtp.host}:{smtp.port}" if smtp else "", outbox)


ACTIONS: dict[str, Action] = {
    "init": init_new_control,
    "split": split_in_control,
    "rollover": roll_over_to_next,
    "new": new_form_for_rep,
    "validate": validate_active,
    "clear-marks": clear_marks_active,
    "adopt": adopt_active,
    "consolidate": consolidate_returned,
    "status": status_of_master,
    "review": review_from_master,
    "report": report_from_master,
    "generate": generate_from_control,
    "send": send_from_control,
}


# -- helpers ------------------------------------------------------------------------------

def _documents() -> Path:
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


def _pack_folder(control: Path) -> Path:
    return control.parent / PACK_FOLDER.format(stem=control.stem)


def _existing_pack(control: Path) -> Path | None:
    """The pack Generate wrote beside the control workbook (or the demo's pack/)."""
    return next((p for p in (_pack_folder(control), control.parent / "pack") if p.is_dir()), None)


def _form_in_name(name: str) -> str | None:
    """The form whose title, in any language, is part of the file name (a rep's own "<name> work log")."""
    cat = catalogue()
    for choice in cat.choice_list("form"):
        if any(text in name for text in choice.text.all()):
            return choice.code
    return None


def _master_period(master: Path) -> Period | None:
    from repbook.periods import parse_period

    code = metadata_of(master).get("period", "")
    try:
        return parse_period(code) if code else None
    except RepbookError:
        return None


def _can_send(data: ControlData) -> bool:
    from repbook.mail.compose import is_address

    s = data.settings
    return bool(str(s.get("smtp_host") or "").strip()) and is_address(str(s.get("sender_email") or
                                                                          s.get("manager_email") or ""))


def _password(session: ExcelSession, locale: Locale, heading: str, server: str, login: str) -> str:
    secret = session.ask_secret(heading, say("addin_ask_password", locale, server=server, user=login))
    if secret is None:
        raise Cancelled
    return secret


def _mail_summary(report: SendReport, locale: Locale, server: str, outbox: Path) -> str:
    counts = Counter(o.status for o in report.outcomes)
    text = ""
    if counts["sent"]:
        text += " " + say("addin_mail_sent", locale, server=server, count=counts["sent"])
    if counts["draft"]:
        text += say("addin_mail_drafts", locale, count=counts["draft"], outbox=outbox)
    if counts["already-sent"]:
        text += say("addin_mail_already", locale, count=counts["already-sent"])
    if report.problems:
        lines = [f"{o.rep_id} {o.rep_name}: {o.status} {o.detail}".strip() for o in report.problems]
        text += say("addin_mail_problems", locale, count=len(report.problems), lines=listed(lines, locale))
    return text
