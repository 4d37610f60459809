"""The one locale catalogue: labels, choice lists and messages in zh-CN, zh-TW and en.

Everything a person reads comes from ``templates/locale.yaml`` (shared labels, choice
lists, messages) or from a form spec's own column labels; code holds keys, never text.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from repbook.errors import SpecError, UsageError
from repbook.yaml_text import parse_yaml

Locale = Literal["zh-CN", "zh-TW", "en"]
LOCALES: tuple[Locale, ...] = get_args(Locale)
DEFAULT_LOCALE: Locale = "zh-CN"


class Text(BaseModel):
    """One piece of user-facing text in every supported locale."""

    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="forbid")

    zh_CN: str = Field(alias="zh-CN")
    zh_TW: str = Field(alias="zh-TW")
    en: str

    def __call__(self, locale: Locale) -> str:
        return str(getattr(self, locale.replace("-", "_")))

    def all(self) -> tuple[str, ...]:
        return (self.zh_CN, self.zh_TW, self.en)


class Choice(BaseModel, frozen=True):
    """One entry of a drop-down list: a stable code and its label per locale."""

    code: str
    text: Text


class Catalogue(BaseModel, frozen=True):
    labels: dict[str, Text]
    choices: dict[str, tuple[Choice, ...]]
    messages: dict[str, Text]

    def label(self, key: str, locale: Locale) -> str:
        return self._lookup(self.labels, "label", key)(locale)

    def message(self, key: str, locale: Locale, **values: object) -> str:
        return self._lookup(self.messages, "message", key)(locale).format(**values)

    def choice_list(self, list_id: str) -> tuple[Choice, ...]:
        try:
            return self.choices[list_id]
        except KeyError:
            raise SpecError(f"Unknown choice list '{list_id}' in templates/locale.yaml.") from None

    def choice_labels(self, list_id: str, locale: Locale) -> list[str]:
        return [c.text(locale) for c in self.choice_list(list_id)]

    def choice_label(self, list_id: str, code: str, locale: Locale) -> str:
        try:
            return _labels_by_code(list_id)[code](locale)
        except KeyError:
            raise SpecError(f"Choice list '{list_id}' has no code '{code}'.") from None

    def choice_code(self, list_id: str, label: str) -> str | None:
        """The code of a label typed in any locale (what a reader meets in a returned file)."""
        self.choice_list(list_id)  # an unknown list is a spec error, not "no such label"
        return choice_codes(list_id).get(label.strip())

    @staticmethod
    def _lookup(table: dict[str, Text], kind: str, key: str) -> Text:
        try:
            return table[key]
        except KeyError:
            raise SpecError(f"Unknown {kind} key '{key}' in templates/locale.yaml.") from None


@cache
def _labels_by_code(list_id: str) -> dict[str, Text]:
    """Labels by code for one list of the (single, cached) catalogue: a lookup per cell written."""
    return {choice.code: choice.text for choice in catalogue().choice_list(list_id)}


@cache
def choice_codes(list_id: str) -> dict[str, str]:
    """Code by every text that names it (the code itself, a label in any locale); the first
    choice that claims a text keeps it. A reader looks up every drop-down cell here."""
    codes: dict[str, str] = {}
    for choice in catalogue().choice_list(list_id):
        for text in (choice.code, *choice.text.all()):
            codes.setdefault(text, choice.code)
    return codes


def _text(raw: object, where: str) -> Text:
    if not isinstance(raw, dict) or set(raw) != set(LOCALES):
        raise SpecError(f"{where}: needs exactly the locales {', '.join(LOCALES)}.")
    return Text.model_validate(raw)


@cache
def catalogue() -> Catalogue:
    raw = parse_yaml(resources.files("repbook.templates").joinpath("locale.yaml").read_text("utf-8"))
    return Catalogue(
        labels={k: _text(v, f"labels.{k}") for k, v in raw["labels"].items()},
        choices={
            list_id: tuple(
                Choice(code=str(code), text=_text(text, f"choices.{list_id}.{code}"))
                for code, text in items.items()
            )
            for list_id, items in raw["choices"].items()
        },
        messages={k: _text(v, f"messages.{k}") for k, v in raw["messages"].items()},
    )


def parse_locale(value: str) -> Locale:
    for locale in LOCALES:
        if value.lower() == locale.lower():
            return locale
    raise UsageError(f"Unknown locale '{value}'.", hint=f"Use one of: {', '.join(LOCALES)}.")
