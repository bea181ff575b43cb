"""``prefig send convocations`` against a real SMTP server on localhost: what the server
receives, what the register records, and that nothing is ever sent twice."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest
from typer.testing import Result

from prefig.load import load_register
from tests.mail.conftest import MEETING, PASSWORD, USER, SmtpServer

ADDRESSES = [
    "louis.bernard@example.org",
    "amelie.petit@example.org",
    "hugo.roux@example.org",
    "chloe.fabre@example.org",
]

Run = Callable[..., Result]


def send(run: Run, root: Path, server: SmtpServer, *extra: str, password: str = "") -> Result:
    env = {"PREFIG_SMTP_PASSWORD": password} if password else {}
    return run(
        "--register",
        str(root),
        "send",
        "convocations",
        MEETING,
        "--smtp",
        server.address,
        "--skip-missing",
        "--rate",
        "600",
        *extra,
        env=env,
    )


def recorded(root: Path) -> list[tuple[str, str, str]]:
    """``(person, to, sha256)`` of each dispatch the register records, in order."""
    result = load_register(root)
    assert result.register is not None
    assert not result.diagnostics, result.diagnostics
    return [(d.person, d.to, d.sha256) for d in result.register.dispatches]


def parse(data: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    return message


def test_sends_one_message_per_member_and_records_each(
    run: Run, mail_register: Path, smtp_server: SmtpServer
) -> None:
    before = (mail_register / "data" / "dispatches.yaml").exists()
    result = send(run, mail_register, smtp_server)
    assert result.exit_code == 0, result.stderr
    assert "marc-garnier" in result.stderr  # left out, and said so
    received = smtp_server.handler.received
    assert [r.rcpt for r in received] == [[a] for a in ADDRESSES]
    records = recorded(mail_register)
    assert [to for _, to, _ in records] == ADDRESSES
    # The hash recorded is that of the bytes the server received.
    for record, message in zip(records, received, strict=True):
        assert record[2] == hashlib.sha256(message.data).hexdigest()
    register = load_register(mail_register).register
    assert register is not None
    for dispatch, message in zip(register.dispatches, received, strict=True):
        parsed = parse(message.data)
        assert parsed["Message-ID"].strip() == dispatch.message_id
        assert dispatch.server_reply.startswith("250 2.0.0 Ok: queued as Q")
        assert dispatch.sent_at.utcoffset() is not None
        assert dispatch.meeting == MEETING
    assert not before
    check = run("--register", str(mail_register), "check", "--as-of", "2027-01-01")
    assert check.exit_code == 0, check.stdout


def test_a_second_run_sends_nothing_and_resend_sends_again(
    run: Run, mail_register: Path, smtp_server: SmtpServer
) -> None:
    assert send(run, mail_register, smtp_server).exit_code == 0
    text = (mail_register / "data" / "dispatches.yaml").read_bytes()
    again = send(run, mail_register, smtp_server)
    assert again.exit_code == 0, again.stderr
    assert "nothing to send" in again.stderr
    assert len(smtp_server.handler.received) == 4
    assert (mail_register / "data" / "dispatches.yaml").read_bytes() == text

    resent = send(run, mail_register, smtp_server, "--resend")
    assert resent.exit_code == 0, resent.stderr
    received = smtp_server.handler.received
    assert len(received) == 8
    ids = [parse(r.data)["Message-ID"] for r in received]
    assert len(set(ids)) == 8  # a resend is another message
    assert (mail_register / "data" / "dispatches.yaml").read_bytes().startswith(text)
    assert len(recorded(mail_register)) == 8


def test_dry_run_sends_and_writes_nothing(
    run: Run, mail_register: Path, smtp_server: SmtpServer
) -> None:
    files = {p: p.read_bytes() for p in (mail_register / "data").iterdir()}
    result = send(run, mail_register, smtp_server, "--dry-run")
    assert result.exit_code == 0, result.stderr
    for address in ADDRESSES:
        assert address in result.stdout
    assert "nothing was sent" in result.stderr
    assert smtp_server.handler.received == []
    assert {p: p.read_bytes() for p in (mail_register / "data").iterdir()} == files


def test_a_recipient_refused_is_reported_and_the_others_go_on(
    run: Run, mail_register: Path, smtp_server: SmtpServer
) -> None:
    smtp_server.handler.refuse = {"amelie.petit@example.org"}
    result = send(run, mail_register, smtp_server)
    assert result.exit_code == 1, result.stderr
    assert "amelie-petit" in result.stderr and "550" in result.stderr
    refused_out = [a for a in ADDRESSES if a != "amelie.petit@example.org"]
    assert [r.rcpt[0] for r in smtp_server.handler.received] == refused_out
    assert [to for _, to, _ in recorded(mail_register)] == refused_out

    smtp_server.handler.refuse = set()
    again = send(run, mail_register, smtp_server)
    assert again.exit_code == 0, again.stderr
    assert [r.rcpt[0] for r in smtp_server.handler.received[3:]] == ["amelie.petit@example.org"]
    assert sorted(to for _, to, _ in recorded(mail_register)) == sorted(ADDRESSES)


def test_a_connection_cut_mid_run_resumes_without_sending_twice(
    run: Run, mail_register: Path, smtp_server: SmtpServer
) -> None:
    smtp_server.handler.cut_after = 2
    result = send(run, mail_register, smtp_server)
    assert result.exit_code == 2, result.stderr
    assert "connection" in result.stderr and "Run the command again" in result.stderr
    assert len(smtp_server.handler.received) == 2
    # The register records exactly what the server accepted.
    accepted = [hashlib.sha256(r.data).hexdigest() for r in smtp_server.handler.received]
    assert [sha for _, _, sha in recorded(mail_register)] == accepted

    smtp_server.handler.cut_after = None
    again = send(run, mail_register, smtp_server)
    assert again.exit_code == 0, again.stderr
    everyone = [r.rcpt[0] for r in smtp_server.handler.received]
    assert sorted(everyone) == sorted(ADDRESSES)  # each member once, no one twice
    assert [sha for _, _, sha in recorded(mail_register)] == [
        hashlib.sha256(r.data).hexdigest() for r in smtp_server.handler.received
    ]


@pytest.mark.parametrize("smtp_server", ["auth-starttls"], indirect=True)
def test_starttls_and_authentication(
    run: Run, mail_register: Path, smtp_server: SmtpServer
) -> None:
    cafile = str(smtp_server.cafile)
    ok = send(
        run, mail_register, smtp_server, "--starttls", "--user", USER, "--cafile", cafile,
        password=PASSWORD,
    )  # fmt: skip
    assert ok.exit_code == 0, ok.stderr
    assert len(smtp_server.handler.received) == 4


@pytest.mark.parametrize("smtp_server", ["auth-starttls"], indirect=True)
def test_refusals_before_anything_is_sent(
    run: Run, mail_register: Path, smtp_server: SmtpServer
) -> None:
    cafile = str(smtp_server.cafile)
    wrong = send(
        run, mail_register, smtp_server, "--starttls", "--user", USER, "--cafile", cafile,
        password="not-it",
    )  # fmt: skip
    assert wrong.exit_code == 2
    assert "refused the user 'greffe'" in wrong.stderr
    unverified = send(
        run, mail_register, smtp_server, "--starttls", "--user", USER, password=PASSWORD
    )
    assert unverified.exit_code == 2
    assert "could not be verified" in unverified.stderr and "--cafile" in unverified.stderr
    no_password = run(
        "--register", str(mail_register), "send", "convocations", MEETING, "--skip-missing",
        "--smtp", smtp_server.address, "--starttls", "--cafile", cafile, "--user", USER,
        env={"PREFIG_SMTP_PASSWORD": None},
    )  # fmt: skip
    assert no_password.exit_code == 2 and "PREFIG_SMTP_PASSWORD" in no_password.stderr
    in_clear = send(run, mail_register, smtp_server, "--user", USER, password=PASSWORD)
    assert in_clear.exit_code == 2
    assert "never sends over a connection that is not encrypted" in in_clear.stderr
    no_auth = send(run, mail_register, smtp_server, "--starttls", "--cafile", cafile)
    assert no_auth.exit_code == 1  # the server refuses every message: no one was sent
    assert smtp_server.handler.received == []
    assert not (mail_register / "data" / "dispatches.yaml").exists()


@pytest.mark.parametrize("smtp_server", ["tls"], indirect=True)
def test_implicit_tls(run: Run, mail_register: Path, smtp_server: SmtpServer) -> None:
    result = send(run, mail_register, smtp_server, "--tls", "--cafile", str(smtp_server.cafile))
    assert result.exit_code == 0, result.stderr
    assert len(smtp_server.handler.received) == 4


def test_misuse(run: Run, mail_register: Path, smtp_server: SmtpServer) -> None:
    both = send(run, mail_register, smtp_server, "--tls", "--starttls")
    assert both.exit_code == 2 and "exclude each other" in both.stderr
    missing = run("--register", str(mail_register), "send", "convocations", MEETING, "--dry-run")
    assert missing.exit_code == 2
    assert "marc-garnier" in missing.stderr and "--skip-missing" in missing.stderr
    no_server = run(
        "--register", str(mail_register), "send", "convocations", MEETING, "--skip-missing",
        env={"PREFIG_SMTP": ""},
    )  # fmt: skip
    assert no_server.exit_code == 2 and "--smtp HOST:PORT" in no_server.stderr
    bad = run(
        "--register", str(mail_register), "send", "convocations", MEETING, "--skip-missing",
        "--smtp", "localhost",
    )  # fmt: skip
    assert bad.exit_code == 2 and "is not HOST:PORT" in bad.stderr
    unknown = send(run, mail_register, smtp_server).exit_code
    assert unknown == 0
    nothing = run("--register", str(mail_register), "send", "convocations", "no-such-meeting")
    assert nothing.exit_code == 2
    assert smtp_server.handler.received[4:] == []


def test_no_sender_is_refused_naming_the_setting(
    run: Run, mail_register: Path, smtp_server: SmtpServer
) -> None:
    settings = mail_register / "data" / "register.yaml"
    text = settings.read_text("utf-8")
    settings.write_text(text.split("sender:")[0], "utf-8")
    result = send(run, mail_register, smtp_server)
    assert result.exit_code == 2
    assert "sender:" in result.stderr and "data/register.yaml" in result.stderr
    assert smtp_server.handler.received == []


def test_the_shipped_register_names_no_sender(run: Run, tmp_path: Path) -> None:
    result = run("render", "convocations", "cmpt-2015-02-13", "--format", "eml", "--out",
                 str(tmp_path / "out"), "--draft")  # fmt: skip
    assert result.exit_code == 2
    assert "names no sender" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_rate_is_bounded(mail_register: Path, smtp_server: SmtpServer) -> None:
    import datetime as dt

    from prefig.export.history import meeting_history
    from prefig.mail.message import build_convocations
    from prefig.mail.smtp import Server, send_all
    from prefig.render import Builder, search_path

    register = load_register(mail_register).register
    assert register is not None
    builder = Builder(register, register.index("meetings")[MEETING])
    now = dt.datetime(2026, 12, 20, 9, 0, tzinfo=dt.UTC)
    batch = build_convocations(
        builder, search_path(register.root, None), meeting_history(register), now=now
    )
    moments = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        moments[0] += seconds

    host, port = smtp_server.address.split(":")
    report = send_all(
        Server(host, int(port)),
        [(m, MEETING) for m in batch.messages],
        envelope_from="greffe@saint-exemple.example.org",
        record=lambda message, accepted: None,
        rate=30,
        now=lambda: now,
        sleep=sleep,
        clock=lambda: moments[0],
    )
    assert len(report.accepted) == 4
    assert slept == [2.0, 2.0, 2.0]  # 30 a minute: one every two seconds, none before the first
