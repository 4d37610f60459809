"""Real SMTP servers on 127.0.0.1 (aiosmtpd): plain, STARTTLS with a throw-away certificate, AUTH."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "chen.jianguo@example.com", "s3cret-测试"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Inbox:
    """What the server received: envelope recipients and the parsed message."""

    messages: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    accept: int | None = None  # after this many messages, answer 421 (the server goes away)
    drop: bool = False  # with accept: hang up instead of answering 421
    busy: int = 0  # answer "451 try again" to this many messages first (a server under load)
    data_attempts: int = 0
    logins: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.data_attempts += 1
        if self.accept is not None and len(self.messages) >= self.accept:
            if self.drop:
                server.transport.close()
            return "421 Service not available, closing transmission channel"
        if self.busy:
            self.busy -= 1
            return "451 Requested action aborted: try again later"
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address.endswith("@invalid.example"):
            return "550 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        self.logins += 1
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == USER and \
            auth_data.password.decode() == PASSWORD
        return AuthResult(success=ok, handled=False)  # handled=False: the server itself answers 535


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, made for this test run only.

    Made with the `cryptography` package (installed with the test extra), else with the openssl tool.
    """
    try:
        import cryptography  # noqa: F401
    except ImportError:
        return _self_signed_openssl(folder)
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def _self_signed_openssl(folder: Path) -> tuple[Path, Path]:
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key_path),
                    "-out", str(cert_path)], check=True, capture_output=True)
    return cert_path, key_path


@contextmanager
def smtp_server(inbox: Inbox, *, tls_files: tuple[Path, Path] | None = None, auth: bool = False,
                implicit_tls: bool = False) -> Iterator[int]:
    """Run a server on 127.0.0.1 for the duration of the block; yields its port.

    With ``tls_files``: STARTTLS required, or (``implicit_tls``) TLS from the first byte, as on port 465.
    With ``auth``: login required, and only over TLS when there is TLS.
    """
    kwargs: dict[str, Any] = {}
    if tls_files is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*map(str, tls_files))
        kwargs.update(ssl_context=context) if implicit_tls else kwargs.update(tls_context=context,
                                                                               require_starttls=True)
    if auth:
        # aiosmtpd counts only its own STARTTLS as TLS; over implicit TLS it must be told AUTH is fine.
        kwargs.update(authenticator=inbox.authenticate, auth_required=True,
                      auth_require_tls=tls_files is not None and not implicit_tls)
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def trusting(cert: Path) -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.load_verify_locations(str(cert))
    return context
