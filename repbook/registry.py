"""The one command registry: every verb of the product, named once.

The CLI registers its commands by these ids, the ribbon XML and the VBA dispatcher are
generated from the entries that have a ribbon group, and the README's button table is
printed from them; tests check that the three agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # the catalogue (pydantic, YAML) loads on first label: the add-in's entry imports this module
    from repbook.locale import Text

RibbonGroup = Literal["plan", "record", "check", "summarize", "distribute"]


@dataclass(frozen=True)
class CommandInfo:
    """A verb of the product. Its ribbon label is the catalogue label ``cmd_<id>``."""

    id: str
    help: str
    group: RibbonGroup | None = None
    icon: str = "FileNew"

    @property
    def on_ribbon(self) -> bool:
        return self.group is not None

    @property
    def label(self) -> Text:
        from repbook.locale import catalogue

        return catalogue().labels[f"cmd_{self.id.replace('-', '_')}"]


COMMANDS: tuple[CommandInfo, ...] = (
    CommandInfo("init", "Create an empty control workbook: roster, targets, calendar, e-mail settings, instructions.",
                group="plan", icon="FileNew"),
    CommandInfo("split", "Split the team's targets to reps, weeks or 旬, customers and events, as live formulas "
                "in the control workbook; the reps' must-achieve figures go to its rep targets.",
                group="plan", icon="ChartSecondaryAxis"),
    CommandInfo("new", "Generate one form for one rep and period.", group="record", icon="TableInsert"),
    CommandInfo("generate", "Generate every form for every active rep on the roster, pre-filled.",
                group="distribute", icon="FilesToolbox"),
    CommandInfo("validate", "Check returned workbooks and mark every problem at its cell, with a report.",
                group="check", icon="ReviewAcceptChange"),
    CommandInfo("clear-marks", "Remove repbook's marks (fills, notes, results sheet) from a workbook, and only them.",
                group="check", icon="ReviewDeleteComment"),
    CommandInfo("adopt", "Adopt a workbook reps already keep (hand-made or an older template) into a repbook "
                "form, keeping every entry.", group="check", icon="ImportExcel"),
    CommandInfo("consolidate", "Consolidate a folder of returned workbooks (or regional masters) into one master "
                "workbook with summaries and charts.", group="summarize", icon="ConsolidateMenu"),
    CommandInfo("send", "E-mail each rep their pack (dry run, .eml drafts or SMTP); resumable with a journal.",
                group="distribute", icon="FileSendAsAttachment"),
    CommandInfo("status", "Who returned which form, on time or late, and how complete, from a master workbook.",
                group="summarize", icon="CheckWorkflow"),
    CommandInfo("review", "Pre-fill each rep's review (述职表) from the consolidated master for a month or quarter.",
                group="summarize", icon="ReviewNewComment"),
    CommandInfo("rollover", "Start the next period from this one: customers, open items and last month's results "
                "carried into a new pack; actuals into the history.", group="plan", icon="CalendarMonthDetails"),
    CommandInfo("report", "The manager's weekly or monthly report to the superior, as a workbook and an HTML page.",
                group="summarize", icon="FileSaveAsWebPage"),
    CommandInfo("demo", "Make a sample team (2 regions, 8 reps, ~300 customers), its pack, "
                "and the pack filled as reps would."),
    CommandInfo("addin", "Build the Excel add-in (the ribbon tab with a button per command) and install, check "
                "or remove it where Excel loads it."),
)


def command(command_id: str) -> CommandInfo:
    for info in COMMANDS:
        if info.id == command_id:
            return info
    raise KeyError(command_id)


GROUP_ORDER: tuple[RibbonGroup, ...] = ("plan", "record", "check", "summarize", "distribute")


def button_table(locale: str = "zh-CN") -> str:
    """The README's table of ribbon buttons, in ribbon order, printed from this registry."""
    from repbook.locale import catalogue

    cat = catalogue()
    loc = locale if locale in ("zh-CN", "zh-TW", "en") else "zh-CN"
    lines = ["| group | button | command | what it does |", "| --- | --- | --- | --- |"]
    for group in GROUP_ORDER:
        for info in COMMANDS:
            if info.group == group:
                lines.append(f"| {cat.label('group_' + group, loc)} | {info.label(loc)} | "  # type: ignore[arg-type]
                             f"`repbook {info.id}` | {info.help} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(button_table())
