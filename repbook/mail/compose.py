"""Building each rep's message from the Jinja2 templates; headers cannot be injected."""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import jinja2

from repbook.locale import Locale

if TYPE_CHECKING:
    from .plan import Delivery

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_LINE_BREAKS = re.compile(r"[\r\n\t\x0b\x0c\x85\u2028\u2029]+")
# One plain address: no display name, no list, no spaces or controls, a dotted domain.
_ADDRESS = re.compile(r"[^\s@<>()\[\],;:\"\\\x00-\x1f\x7f]+@[^\s@<>()\[\],;:\"\\\x00-\x1f\x7f.]+(\.[^\s@<>()\[\],;:\"\\\x00-\x1f\x7f.]+)+")


@dataclass(frozen=True)
class Sender:
    name: str
    email: str
    reply_to: str = ""
    cc: str = ""


def header_text(value: object) -> str:
    """A value fit for one header line: any line break becomes a space (no header injection)."""
    return _LINE_BREAKS.sub(" ", str(value)).strip()


def is_address(text: str) -> bool:
    """``text`` is one plain e-mail address (what a roster cell must hold; ``a@b.com; c@d.com`` is not)."""
    return _ADDRESS.fullmatch(text.strip()) is not None


def address(name: str, email: str) -> Address:
    local, _, domain = header_text(email).partition("@")
    return Address(display_name=header_text(name), username=local, domain=domain)


@cache
def _environment() -> jinja2.Environment:
    folder = resources.files("repbook.templates").joinpath("mail")
    loader = jinja2.DictLoader({p.name: p.read_text("utf-8") for p in folder.iterdir() if p.name.endswith(".j2")})
    return jinja2.Environment(loader=loader, autoescape=False, undefined=jinja2.StrictUndefined,
                              keep_trailing_newline=True)


def render(template: str, locale: Locale, values: dict[str, Any]) -> str:
    return _environment().get_template(f"{template}.{locale}.j2").render(**values)


def compose(delivery: Delivery, sender: Sender, locale: Locale, values: dict[str, Any],
            template: str = "pack", html: str | None = None) -> EmailMessage:
    """The message for one rep: subject and body from templates, exactly that rep's files attached."""
    context = {**values, "rep_name": delivery.rep.name, "files": [f.name for f in delivery.files]}
    message = EmailMessage()
    message["Subject"] = header_text(render(f"{template}_subject", locale, context))
    if is_address(sender.email):  # else a draft: the mail program fills in its own account
        message["From"] = address(sender.name, sender.email)
    message["To"] = address(delivery.rep.name, delivery.rep.email)
    if sender.cc:
        message["Cc"] = address("", sender.cc)
    if sender.reply_to:
        message["Reply-To"] = address(sender.name, sender.reply_to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.email.partition("@")[2] or None)
    message.set_content(render(f"{template}_body", locale, context))
    if html is not None:
        message.add_alternative(html, subtype="html")
    for path in delivery.files:
        kind = XLSX if path.suffix.lower() == ".xlsx" else (mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        maintype, _, subtype = kind.partition("/")
        # The filename is encoded per RFC 2231, so 工作日志_王芳.xlsx arrives as named.
        message.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    return message
