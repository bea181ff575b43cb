"""``prefig send convocations``, and the e-mail messages of ``prefig render convocations
--format eml``: a meeting's convocations by e-mail, with the proof of dispatch recorded in
the register."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from prefig.cli import complete
from prefig.cli.common import echo, fail

if TYPE_CHECKING:
    from prefig.load import Register
    from prefig.mail.dispatch import Accepted
    from prefig.mail.message import Outgoing, Plan, Unreachable
    from prefig.render import Builder

EXIT_REFUSED = 1

app = typer.Typer(
    help="Send documents by e-mail through an SMTP server, recording each one the server "
    "accepts in data/dispatches.yaml (see docs/sending.md).",
    no_args_is_help=True,
    rich_markup_mode=None,
)

EPILOG = (
    "Exit codes: 0 every message sent (or none left to send), 1 the server refused some "
    "recipients (the others were sent), 2 misuse, no sender, recipients without an address "
    "(without --skip-missing), a server that cannot be reached or a connection lost mid-run "
    "(run the command again: what was accepted is recorded and not sent twice)."
)


def _warn(message: str) -> None:
    from prefig.cli.common import error_console

    error_console().print(f"prefig: warning: {message}", markup=False, highlight=False)


def _say(message: str) -> None:
    typer.echo(message, err=True)


def _stamp() -> dt.datetime | None:
    from prefig.export.ics import SourceDateEpochError, source_date_epoch

    try:
        return source_date_epoch(os.environ)
    except SourceDateEpochError as err:
        fail(str(err))


def prepare_plan(
    ctx: typer.Context,
    meeting_id: str,
    *,
    templates: Path | None,
    resend: bool,
    skip_missing: bool,
    builder: Builder | None = None,
) -> tuple[Register, Plan]:
    """The meeting's convocations by e-mail, or exit 2 with why not (no sender, an annex
    that cannot be read, recipients without an address unless ``skip_missing``)."""
    from zoneinfo import ZoneInfo

    from prefig.cli.common import load_or_fail
    from prefig.cli.render import _search
    from prefig.export.history import meeting_history
    from prefig.mail import MailError
    from prefig.mail.message import letters_day, plan_convocations
    from prefig.query import UnknownIdError, by_id
    from prefig.render import Builder, TemplateRenderError, review
    from prefig.render.documents import document_kind

    if builder is None:
        register, _ = load_or_fail(ctx, incomplete="a convocation would leave out")
        try:
            meeting = by_id(register.meetings, meeting_id, "meeting")
            now = dt.datetime.now(ZoneInfo(register.settings.timezone))
            day = letters_day(register, meeting, now.date())
            builder = Builder(register, meeting, prepared_on=day)
        except (UnknownIdError, LookupError) as err:
            fail(str(err))
        kind = document_kind("convocations")
        for finding in review(builder, kind, draft=False):
            if finding.refuses:
                fail(finding.message)
            _warn(finding.message)
    register = builder.register
    search = _search(builder, templates)
    stamp = _stamp()
    now = dt.datetime.now(ZoneInfo(register.settings.timezone)).replace(microsecond=0)
    try:
        plan = plan_convocations(
            builder, search, meeting_history(register), now=now, stamp=stamp, resend=resend
        )
    except MailError as err:
        fail(str(err))
    except TemplateRenderError as err:
        fail(str(err))
    if plan.unreachable:
        listing = _unreachable(plan.unreachable)
        if not skip_missing:
            fail(
                f"{len(plan.unreachable)} recipient(s) have no e-mail address prefig can send "
                f"to; nothing was sent or written:{listing}\nAdd their `email` in "
                "data/people.yaml, or leave them out with --skip-missing (and send them the "
                "letter another way)."
            )
        _warn(f"left out (--skip-missing), to convene another way:{listing}")
    return register, plan


def _unreachable(items: list[Unreachable]) -> str:
    lines = [f"  {u.label}" for u in items[:50]]
    if len(items) > 50:
        lines.append(f"  ... and {len(items) - 50} more")
    return "\n" + "\n".join(lines)


def write_eml(
    ctx: typer.Context,
    builder: Builder,
    templates: Path | None,
    out: Path | None,
    force: bool,
    skip_missing: bool,
) -> None:
    """``prefig render convocations --format eml --out DIR``: one ``.eml`` file per
    recipient, all or none."""
    from prefig.fsutil import WriteRefusedError, write_files

    if out is None:
        fail("--format eml writes one file per recipient: give the folder with --out DIR.")
    _, plan = prepare_plan(
        ctx,
        builder.meeting.id,
        templates=templates,
        resend=True,
        skip_missing=skip_missing,
        builder=builder,
    )
    try:
        written = write_files(out, [(m.file_name, m.data) for m in plan.to_send], force=force)
    except WriteRefusedError as err:
        fail(str(err))
    except OSError as err:
        fail(f"cannot write to {out}: {err.strerror or err}; nothing was written.")
    for path in written:
        typer.echo(f"wrote {path}", err=True)


MeetingArg = Annotated[
    str,
    typer.Argument(
        metavar="MEETING-ID", help="Id of the meeting.", autocompletion=complete.meeting_ids
    ),
]


@app.command("convocations", epilog=EPILOG)
def convocations(
    ctx: typer.Context,
    meeting_id: MeetingArg,
    smtp: Annotated[
        str | None,
        typer.Option(
            "--smtp",
            envvar="PREFIG_SMTP",
            show_envvar=True,
            metavar="HOST:PORT",
            help="The SMTP server to send through: smtp.example.org:587 with --starttls, "
            ":465 with --tls.",
        ),
    ] = None,
    starttls: Annotated[
        bool, typer.Option("--starttls", help="Secure the connection with STARTTLS.")
    ] = False,
    tls: Annotated[
        bool, typer.Option("--tls", help="Connect with TLS from the start (port 465).")
    ] = False,
    user: Annotated[
        str | None,
        typer.Option(
            "--user",
            help="Log in as this user; the password is read from PREFIG_SMTP_PASSWORD, else "
            "asked for (never from a file). Needs --starttls or --tls.",
        ),
    ] = None,
    cafile: Annotated[
        Path | None,
        typer.Option(
            "--cafile",
            dir_okay=False,
            help="Certificates (PEM) of the authority that signed the server's certificate, "
            "for a private one; verification is never turned off.",
        ),
    ] = None,
    rate: Annotated[
        int,
        typer.Option(
            "--rate",
            min=1,
            max=600,
            help="At most this many messages a minute (default 30, one every two seconds).",
        ),
    ] = 30,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Say what would be sent to whom; send nothing, write nothing."
        ),
    ] = False,
    skip_missing: Annotated[
        bool,
        typer.Option(
            "--skip-missing",
            help="Leave out the recipients without an e-mail address (listed) instead of "
            "refusing to send.",
        ),
    ] = False,
    resend: Annotated[
        bool,
        typer.Option(
            "--resend",
            help="Send again to the members already sent this very convocation (recorded in "
            "data/dispatches.yaml).",
        ),
    ] = False,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            file_okay=False,
            help="Folder of templates that take precedence over the register's templates/.",
        ),
    ] = None,
) -> None:
    """Send a meeting's convocations by e-mail, one message per member, and record each one
    the server accepts in data/dispatches.yaml (commit it: it is the proof of dispatch).

    A member already sent the same convocation is not sent it again (--resend does); the
    password comes from PREFIG_SMTP_PASSWORD, else a prompt.

    Example: prefig send convocations cm-2026-12-10 --smtp smtp.example.org:587 --starttls
    --user greffe
    """
    from prefig.mail import MailError
    from prefig.mail.dispatch import record_dispatch, record_text
    from prefig.mail.message import sender_of
    from prefig.mail.smtp import Server, parse_server, send_all

    if starttls and tls:
        fail("--starttls and --tls exclude each other: --starttls on port 587, --tls on 465.")
    register, plan = prepare_plan(
        ctx, meeting_id, templates=templates, resend=resend, skip_missing=skip_missing
    )
    for message in plan.already_sent:
        _say(f"already sent: {message.person.id} <{message.address}> (--resend sends again)")
    if dry_run:
        for message in plan.to_send:
            echo(
                f"would send: {message.person.id} <{message.address}> {message.file_name} "
                f"({len(message.data):,} bytes)"
            )
        _say(f"{len(plan.to_send)} message(s) would be sent; nothing was sent (--dry-run).")
        return
    if not plan.to_send:
        _say("nothing to send: every recipient was already sent this convocation.")
        return
    if smtp is None:
        fail("name the SMTP server with --smtp HOST:PORT (or PREFIG_SMTP).")
    try:
        host, port = parse_server(smtp)
    except MailError as err:
        fail(str(err))
    password = None
    if user is not None:
        password = os.environ.get("PREFIG_SMTP_PASSWORD")
        if password is None:
            if not sys.stdin.isatty():
                fail(
                    f"--user {user} needs a password: set PREFIG_SMTP_PASSWORD, or run the "
                    "command in a terminal to be asked for it."
                )
            password = typer.prompt(f"Password of {user} at {host}", hide_input=True)
    server = Server(
        host,
        port,
        security="tls" if tls else "starttls" if starttls else "plain",
        user=user,
        password=password,
        cafile=cafile,
    )
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(register.settings.timezone)

    def record(message: Outgoing, accepted: Accepted) -> None:
        try:
            record_dispatch(register.root, accepted)
        except MailError as err:
            raise MailError(
                f"the server accepted the message to {accepted.person} <{accepted.to}> but it "
                f"could not be recorded: {err}\nAdd this record to data/dispatches.yaml by "
                f"hand before sending again:\n{record_text(accepted)}"
            ) from None
        _say(f"sent: {accepted.person} <{accepted.to}> {accepted.server_reply}")

    try:
        report = send_all(
            server,
            [(m, meeting_id) for m in plan.to_send],
            envelope_from=sender_of(register.settings).address,
            record=record,
            rate=rate,
            now=lambda: dt.datetime.now(zone).replace(microsecond=0),
        )
    except MailError as err:
        fail(str(err))
    for message, answer in report.refused:
        _warn(f"refused by the server: {message.person.id} <{message.address}>: {answer}")
    _say(
        f"{len(report.accepted)} sent and recorded in data/dispatches.yaml, "
        f"{len(report.refused)} refused, {len(report.unsent)} not sent."
    )
    if report.cut is not None:
        fail(
            f"the connection to {host}:{port} was lost ({report.cut}); "
            f"{len(report.unsent)} message(s) were not sent. Run the command again: what "
            "was accepted is recorded and is not sent twice."
        )
    if report.refused:
        raise typer.Exit(EXIT_REFUSED)
