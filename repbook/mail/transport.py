"""SMTP with STARTTLS or SSL, retries with back-off on temporary failures, and a rate limit."""

from __future__ import annotations

import base64
import contextlib
import smtplib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Literal

Security = Literal["starttls", "ssl", "plain"]


@dataclass
class SmtpSettings:
    host: str
    port: int
    security: Security = "starttls"
    user: str = ""
    password: str = field(default="", repr=False)
    timeout: float = 30.0
    ssl_context: ssl.SSLContext | None = field(default=None, repr=False)
    retries: int = 3
    backoff: float = 2.0
    per_minute: int = 0


class PermanentFailure(Exception):
    """The server refused this message for good (5xx, bad address): others still go out."""


class TemporaryFailure(Exception):
    """Still failing after the retries (4xx, dropped connection): a re-run will try again."""


class SmtpSender:
    def __init__(self, settings: SmtpSettings, sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self._sleep = sleep
        self._client: smtplib.SMTP | None = None
        self._last_sent = 0.0

    def __enter__(self) -> SmtpSender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = s.ssl_context or ssl.create_default_context()
        client: smtplib.SMTP
        if s.security == "ssl":
            client = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
        else:
            client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            if s.security == "starttls":
                client.starttls(context=context)
        if s.user:
            _login(client, s.user, s.password)
        return client

    def close(self) -> None:
        if self._client is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._client.quit()
            self._client = None

    def send(self, message: EmailMessage) -> None:
        """Send one message; temporary failures are retried with growing pauses."""
        self._respect_rate()
        delay = self.settings.backoff
        for attempt in range(1, self.settings.retries + 1):
            try:
                if self._client is None:
                    self._client = self._connect()
                refused = self._client.send_message(message)
                if refused:
                    raise PermanentFailure("; ".join(f"{a}: {c} {m.decode(errors='replace')}" for a, (c, m) in refused.items()))
                self._last_sent = time.monotonic()
                return
            except smtplib.SMTPRecipientsRefused as exc:
                raise PermanentFailure(_describe(exc)) from exc
            except smtplib.SMTPAuthenticationError as exc:
                raise PermanentFailure(_describe(exc)) from exc
            except smtplib.SMTPResponseException as exc:
                if 400 <= exc.smtp_code < 500:
                    self.close()
                    if attempt == self.settings.retries:
                        raise TemporaryFailure(_describe(exc)) from exc
                else:
                    raise PermanentFailure(_describe(exc)) from exc
            except (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError) as exc:
                self._client = None
                if attempt == self.settings.retries:
                    raise TemporaryFailure(_describe(exc)) from exc
            self._sleep(delay)
            delay *= 2

    def _respect_rate(self) -> None:
        if self.settings.per_minute > 0 and self._last_sent:
            wait = 60.0 / self.settings.per_minute - (time.monotonic() - self._last_sent)
            if wait > 0:
                self._sleep(wait)


def _login(client: smtplib.SMTP, user: str, password: str) -> None:
    """One mechanism, one answer: UTF-8 AUTH PLAIN (RFC 4616) when offered, else smtplib's choice.

    smtplib's own login encodes the password as ASCII and, after a refusal, tries the next
    mechanism, which some servers never answer; a wrong password must fail at once.
    """
    client.ehlo_or_helo_if_needed()
    offered = client.esmtp_features.get("auth", "").upper().split()
    if "PLAIN" in offered:
        token = base64.b64encode(f"\0{user}\0{password}".encode()).decode("ascii")
        code, reply = client.docmd("AUTH", f"PLAIN {token}")
        if code != 235:
            raise smtplib.SMTPAuthenticationError(code, reply)
        return
    client.login(user, password)


def _describe(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {text}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{a}: {c} {m.decode(errors='replace')}" for a, (c, m) in exc.recipients.items())
    return exc.__class__.__name__ + (f": {exc}" if str(exc) else "")
