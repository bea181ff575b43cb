"""Sending messages through an SMTP server, one at a time, at a bounded rate, recording each
one the server accepts before the next is sent.

Each message is its own transaction (``MAIL FROM``, ``RCPT TO``, ``DATA``), so that a
recipient the server refuses is reported and the others go on, and the server's answer to
``DATA`` (its acceptance, often with a queue id) is what the proof of dispatch keeps. The
connection is secured with STARTTLS or implicit TLS with certificate verification always on
(a private CA is given as a file); a password is never sent over a connection that is not
encrypted. A connection lost mid-run ends the run cleanly: what was accepted is recorded, and
a run started again sends only the rest.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import smtplib
import ssl
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from prefig.mail import MailError
from prefig.mail.dispatch import Accepted, reply_text
from prefig.mail.message import Outgoing

Security = Literal["plain", "starttls", "tls"]

DEFAULT_RATE = 30
"""Messages per minute by default: one every two seconds, well under what mail providers
allow an authenticated sender (commonly 100 to 500 an hour for small accounts)."""
MAX_RATE = 600
"""Most messages per minute ``--rate`` may ask for."""
TIMEOUT = 60.0
"""Seconds to wait for the server at each step before taking the connection for lost."""


@dataclass(frozen=True)
class Server:
    """Where and how to send."""

    host: str
    port: int
    security: Security = "plain"
    user: str | None = None
    password: str | None = None
    cafile: Path | None = None
    timeout: float = TIMEOUT


def parse_server(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:25`` for an IPv6 address) as a host and a port;
    :class:`MailError` for anything else."""
    value = text.strip()
    host, sep, port = value.rpartition(":")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise MailError(
            f"--smtp {text!r} is not HOST:PORT; write it as smtp.example.org:587 (STARTTLS), "
            "smtp.example.org:465 (--tls) or localhost:25."
        )
    if any(c.isspace() or c in "/@" for c in host):
        raise MailError(f"--smtp {text!r}: {host!r} is not a host name or address.")
    return host, int(port)


@dataclass
class Report:
    """What a run did."""

    accepted: list[tuple[Outgoing, Accepted]] = field(default_factory=list)
    refused: list[tuple[Outgoing, str]] = field(default_factory=list)
    """Messages the server refused, with its answer."""
    unsent: list[Outgoing] = field(default_factory=list)
    """Messages not tried, the connection being lost."""
    cut: str | None = None
    """Why the run stopped before its end (the connection lost), if it did."""


def _context(cafile: Path | None) -> ssl.SSLContext:
    try:
        return ssl.create_default_context(cafile=str(cafile) if cafile is not None else None)
    except (OSError, ssl.SSLError) as err:
        raise MailError(f"--cafile {cafile}: cannot read certificates from it ({err}).") from None


def connect(server: Server) -> smtplib.SMTP:
    """An open SMTP session, secured and logged in as ``server`` says; :class:`MailError`
    when it cannot be had."""
    if server.user is not None and server.security == "plain":
        raise MailError(
            "--user sends a password, which prefig never sends over a connection that is not "
            "encrypted: add --starttls (port 587 usually) or --tls (port 465)."
        )
    where = f"{server.host}:{server.port}"
    try:
        session: smtplib.SMTP
        if server.security == "tls":
            session = smtplib.SMTP_SSL(
                server.host,
                server.port,
                timeout=server.timeout,
                context=_context(server.cafile),
            )
        else:
            session = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
        try:
            session.ehlo()
            if server.security == "starttls":
                if not session.has_extn("starttls"):
                    raise MailError(f"the server at {where} does not offer STARTTLS.")
                session.starttls(context=_context(server.cafile))
                session.ehlo()
            if server.user is not None:
                session.login(server.user, server.password or "")
        except BaseException:
            _close(session)
            raise
    except MailError:
        raise
    except smtplib.SMTPAuthenticationError as err:
        raise MailError(
            f"the server at {where} refused the user {server.user!r}: "
            f"{reply_text(err.smtp_code, err.smtp_error)}. Check --user and "
            "PREFIG_SMTP_PASSWORD."
        ) from None
    except ssl.SSLCertVerificationError as err:
        raise MailError(
            f"the certificate of {where} could not be verified ({err.verify_message}); give "
            "the certificate of a private authority with --cafile PATH."
        ) from None
    except (smtplib.SMTPException, ssl.SSLError, OSError) as err:
        raise MailError(f"cannot talk to the mail server at {where}: {_reason(err)}.") from None
    return session


def _reason(err: BaseException) -> str:
    if isinstance(err, smtplib.SMTPResponseException):
        return reply_text(err.smtp_code, err.smtp_error)
    return getattr(err, "strerror", None) or str(err) or type(err).__name__


def _close(session: smtplib.SMTP) -> None:
    try:
        session.quit()
    except (smtplib.SMTPException, OSError):
        session.close()


def send_all(
    server: Server,
    messages: Sequence[tuple[Outgoing, str]],
    *,
    envelope_from: str,
    record: Callable[[Outgoing, Accepted], None],
    rate: float = DEFAULT_RATE,
    now: Callable[[], dt.datetime],
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Report:
    """Send each ``(message, meeting id)``, at most ``rate`` a minute, calling ``record``
    with each one the server accepts before the next is sent.

    A recipient refused is reported in :attr:`Report.refused` and the run goes on; a lost
    connection stops it (:attr:`Report.cut`, the rest in :attr:`Report.unsent`). ``record``
    raising stops the run at once (what is not recorded must not be followed by more).
    Raises :class:`MailError` when no session can be opened.
    """
    report = Report()
    if not messages:
        return report
    interval = 60.0 / rate
    session = connect(server)
    last: float | None = None
    try:
        for index, (message, meeting) in enumerate(messages):
            if last is not None:
                wait = last + interval - clock()
                if wait > 0:
                    sleep(wait)
            last = clock()
            try:
                answer = _transaction(session, envelope_from, message)
            except smtplib.SMTPResponseException as err:
                if err.smtp_code == 421:  # the server is closing the connection
                    report.cut = reply_text(err.smtp_code, err.smtp_error)
                    report.unsent = [m for m, _ in messages[index:]]
                    return report
                report.refused.append((message, reply_text(err.smtp_code, err.smtp_error)))
                _reset(session)
                continue
            except OSError as err:  # smtplib's errors are OSErrors: a lost connection
                report.cut = _reason(err) or "the connection was closed"
                report.unsent = [m for m, _ in messages[index:]]
                return report
            accepted = Accepted(
                meeting=meeting,
                person=message.person.id,
                to=message.address,
                sent_at=now(),
                message_id=message.message_id,
                server_reply=answer,
                sha256=message.sha256,
                content=message.content,
            )
            record(message, accepted)
            report.accepted.append((message, accepted))
    finally:
        _close(session)
    return report


def _transaction(session: smtplib.SMTP, envelope_from: str, message: Outgoing) -> str:
    """One message's ``MAIL``, ``RCPT`` and ``DATA``: the server's answer to ``DATA``, or
    :class:`smtplib.SMTPResponseException` for a refusal."""
    code, text = session.mail(envelope_from)
    if code != 250:
        raise smtplib.SMTPResponseException(code, text)
    code, text = session.rcpt(message.address)
    if code not in (250, 251):
        raise smtplib.SMTPResponseException(code, text)
    code, text = session.data(message.data)
    if code != 250:
        raise smtplib.SMTPResponseException(code, text)
    return reply_text(code, text)


def _reset(session: smtplib.SMTP) -> None:
    # A lost connection shows at the next message.
    with contextlib.suppress(smtplib.SMTPException, OSError):
        session.rset()
