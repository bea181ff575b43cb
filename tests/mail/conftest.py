"""A real SMTP server for the sending tests: aiosmtpd's Controller on localhost, plain, with
authentication, STARTTLS or implicit TLS (a self-signed certificate made by ``openssl`` for
the test), refusing a recipient or cutting the connection after some messages; and a copy of
the fixture register with e-mail addresses (``tests/fixtures/mail``)."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TESTS
from tests.security.conftest import git_repo as git_repo  # the throw-away repository fixture

MAIL_FIXTURE = TESTS / "fixtures" / "mail"
MEETING = "cm-2027-01-14"
USER, PASSWORD = "greffe", "mot-de-passe-d'essai"


@dataclass
class Received:
    """What the server accepted: the envelope's recipients and the bytes of each message."""

    rcpt: list[str]
    data: bytes


@dataclass
class Handler:
    """An aiosmtpd handler that keeps what it accepts, refuses the addresses in ``refuse``
    (550) and drops the connection at the ``MAIL`` of message number ``cut_after + 1``."""

    refuse: set[str] = field(default_factory=set)
    cut_after: int | None = None
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_MAIL(  # noqa: N802  (aiosmtpd's hook names)
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        with self.lock:
            if self.cut_after is not None and len(self.received) >= self.cut_after:
                server.transport.close()  # the connection is lost, with no answer
                return "421 4.3.0 gone"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802
        self, server: Any, session: Any, envelope: Any
    ) -> str:
        with self.lock:
            self.received.append(
                Received(list(envelope.rcpt_tos), bytes(envelope.original_content))
            )
            number = len(self.received)
        return f"250 2.0.0 Ok: queued as Q{number:04d}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class SmtpServer:
    handler: Handler
    port: int
    cafile: Path | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key, made by ``openssl``."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    from aiosmtpd.smtp import AuthResult, LoginPassword

    ok = (
        isinstance(data, LoginPassword)
        and data.login == USER.encode()
        and data.password == PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp_server(
    request: pytest.FixtureRequest, certificate: tuple[Path, Path]
) -> Iterator[SmtpServer]:
    """A server on localhost: ``plain`` (the default), ``auth-starttls`` (STARTTLS and
    AUTH required) or ``tls`` (implicit TLS), as the test's ``indirect`` parameter says."""
    from aiosmtpd.controller import Controller

    mode = getattr(request, "param", "plain")
    handler = Handler()
    port = free_port()
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    options: dict[str, Any] = {}
    if mode == "auth-starttls":
        options = {
            "tls_context": context,
            "require_starttls": True,
            "auth_require_tls": True,
            "authenticator": _authenticate,
            "auth_required": True,
        }
    elif mode == "tls":
        options = {"ssl_context": context}
    controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield SmtpServer(handler, port, cert if mode != "plain" else None)
    finally:
        controller.stop()


@pytest.fixture
def mail_register(tmp_path: Path) -> Path:
    """A copy of ``tests/fixtures/mail``, which sending writes to."""
    root = tmp_path / "register"
    shutil.copytree(MAIL_FIXTURE, root)
    return root
