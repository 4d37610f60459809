"""SMTP with STARTTLS or SSL, retries with back-off on temporary failures, and a rate limit.

Three kinds of failure, because they call for three different next steps:
- PermanentFailure: this message was refused for good (5xx, a bad address); the others still go out.
- TemporaryFailure: this message still failed after the retries (4xx); a re-run tries it again.
- a failure of the server itself (cannot connect, certificate not trusted, login refused, 421,
  the connection dropped on every retry): the message that met it fails, and the rest of the
  run is not attempted (TemporaryFailure with ``not_attempted``) rather than hammering a server
  that locks accounts after a few wrong passwords or that has gone away.
"""

from __future__ import annotations

import base64
import contextlib
import smtplib
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Literal

Security = Literal["starttls", "ssl", "plain"]
SECURITIES: tuple[Security, ...] = ("starttls", "ssl", "plain")
Refused = dict[str, tuple[int, str]]


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
    per_minute: int | None = None  # messages a minute; None: the e-mail sheet's, 0: no limit


class PermanentFailure(Exception):
    """The server refused this message for good (5xx, bad address): others still go out."""


class TemporaryFailure(Exception):
    """Still failing after the retries (4xx, dropped connection): a re-run will try again."""

    def __init__(self, reason: str, *, not_attempted: bool = False) -> None:
        super().__init__(reason)
        self.not_attempted = not_attempted  # the server failed earlier in this run; this one was never tried


class _ServerDown(Exception):
    """The server itself cannot be used; carries whether retrying later may help."""

    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.permanent = permanent


class SmtpSender:
    def __init__(self, settings: SmtpSettings, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self._sleep = sleep
        self._clock = clock
        self._client: smtplib.SMTP | None = None
        self._last_sent: float | None = None
        self._down = ""  # why the server cannot be used any more in this run

    def __enter__(self) -> SmtpSender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = s.ssl_context or ssl.create_default_context()
        client: smtplib.SMTP
        try:
            if s.security == "ssl":
                client = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
            else:
                client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.security == "starttls":
                    client.starttls(context=context)
        except socket.gaierror as exc:
            raise _ServerDown(f"{s.host}: unknown host ({exc.strerror})", permanent=True) from exc
        except ssl.SSLCertVerificationError as exc:
            raise _ServerDown(f"{s.host}: certificate not trusted ({exc.verify_message})", permanent=True) from exc
        except ssl.SSLError as exc:
            raise _ServerDown(f"{s.host}:{s.port}: TLS failed ({exc.reason}); check --ssl / --starttls and the port",
                              permanent=True) from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise _ServerDown(f"{s.host}: the server offers no STARTTLS; use --ssl or another port",
                              permanent=True) from exc
        if s.user:
            try:
                _login(client, s.user, s.password)
            except smtplib.SMTPAuthenticationError as exc:
                _quietly_close(client)
                raise _ServerDown(f"login refused: {_describe(exc)}", permanent=True) from exc
            except smtplib.SMTPNotSupportedError as exc:
                _quietly_close(client)
                raise _ServerDown("the server offers no login (AUTH); check the security setting",
                                  permanent=True) from exc
        return client

    def close(self) -> None:
        if self._client is not None:
            _quietly_close(self._client)
            self._client = None

    def send(self, message: EmailMessage) -> Refused:
        """Send one message; temporary failures are retried with growing pauses.

        Returns the CC addresses the server refused while it accepted the message for the
        recipient (the rep got it: it counts as sent).
        """
        if self._down:
            raise TemporaryFailure(self._down, not_attempted=True)
        self._respect_rate()
        try:
            return self._send_with_retries(message)
        except _ServerDown as exc:
            self.close()
            self._down = str(exc)
            raise (PermanentFailure(str(exc)) if exc.permanent else TemporaryFailure(str(exc))) from exc

    def _send_with_retries(self, message: EmailMessage) -> Refused:
        delay = self.settings.backoff
        for attempt in range(1, self.settings.retries + 1):
            last = attempt == self.settings.retries
            try:
                if self._client is None:
                    self._client = self._connect()
                refused = {a: (c, m.decode(errors="replace")) for a, (c, m) in
                           self._client.send_message(message).items()}
                self._last_sent = self._clock()
                recipients = {a.addr_spec.lower() for a in message["To"].addresses}
                if recipients & {a.lower() for a in refused}:
                    raise PermanentFailure(_refusals(refused))
                return refused
            except smtplib.SMTPRecipientsRefused as exc:
                codes = [c for c, _ in exc.recipients.values()]
                if 421 in codes:
                    self.close()
                    if last:
                        raise _ServerDown(_describe(exc), permanent=False) from exc
                elif not all(400 <= c < 500 for c in codes):
                    raise PermanentFailure(_describe(exc)) from exc
                elif last:  # a mailbox busy or greylisted: another run may get through
                    raise TemporaryFailure(_describe(exc)) from exc
            except smtplib.SMTPSenderRefused as exc:
                if not 400 <= exc.smtp_code < 500:  # the sender address itself is refused: no message can go
                    raise _ServerDown(_describe(exc), permanent=True) from exc
                self.close()
                if last:
                    raise _ServerDown(_describe(exc), permanent=False) from exc
            except smtplib.SMTPResponseException as exc:
                if not 400 <= exc.smtp_code < 500:
                    raise PermanentFailure(_describe(exc)) from exc
                self.close()
                if last:
                    if exc.smtp_code == 421:  # "service not available, closing": the server went away
                        raise _ServerDown(_describe(exc), permanent=False) from exc
                    raise TemporaryFailure(_describe(exc)) from exc
            except smtplib.SMTPServerDisconnected as exc:
                self._client = None
                if last:
                    raise _ServerDown(_describe(exc), permanent=False) from exc
            except smtplib.SMTPException as exc:  # e.g. an address needing SMTPUTF8 the server lacks
                raise PermanentFailure(_describe(exc)) from exc
            except OSError as exc:  # refused connection, reset, timeout: the server may be back in a moment
                self.close()
                if last:
                    raise _ServerDown(_describe(exc), permanent=False) from exc
            self._sleep(delay)
            delay *= 2
        raise AssertionError("unreachable: the last attempt raises")

    def _respect_rate(self) -> None:
        if self.settings.per_minute and self._last_sent is not None:
            wait = 60.0 / self.settings.per_minute - (self._clock() - self._last_sent)
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


def _quietly_close(client: smtplib.SMTP) -> None:
    with contextlib.suppress(smtplib.SMTPException, OSError):
        client.quit()
    with contextlib.suppress(OSError):
        client.close()


def _refusals(refused: Refused) -> str:
    return "; ".join(f"{a}: {c} {m}" for a, (c, m) in refused.items())


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {text}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return _refusals({a: (c, m.decode(errors="replace")) for a, (c, m) in exc.recipients.items()})
    return exc.__class__.__name__ + (f": {exc}" if str(exc) else "")
