"""``prefig render ...``: a meeting's agenda, public notice and convocation letters."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from prefig.cli.common import fail, load_or_fail, parse_as_of

if TYPE_CHECKING:
    from prefig.render import Builder, Document

app = typer.Typer(
    help="Meeting documents as Markdown: agenda, public notice, convocation letters.",
    no_args_is_help=True,
)

EPILOG = (
    "Exit codes: 0 written, 2 unknown meeting, missing pieces (convocations without --draft), "
    "a template error, or a file that exists without --force."
)

MeetingArg = Annotated[str, typer.Argument(metavar="MEETING-ID", help="Id of the meeting.")]
OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help="Folder to write the documents to (created if needed); default: stdout.",
        file_okay=False,
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite files that exist.")]
DraftOpt = Annotated[
    bool,
    typer.Option(
        "--draft",
        help="Render despite missing pieces: each gap prints as a visible placeholder "
        "([heure à préciser]) and the document is marked as a draft.",
    ),
]
TemplatesOpt = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        help="Folder of templates that take precedence over the register's templates/ "
        "and the defaults shipped with prefig.",
        file_okay=False,
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Date the documents are prepared on (default: today): the date of the letters "
        "when the meeting records no convened_on, and of the notice-period warning.",
        metavar="DATE",
    ),
]


def _warn(message: str) -> None:
    from prefig.cli.common import error_console

    error_console().print(f"prefig: warning: {message}", markup=False, highlight=False)


def _prepare(ctx: typer.Context, meeting_id: str, draft: bool, as_of: str | None) -> Builder:
    from prefig.query import UnknownIdError, by_id
    from prefig.render import Builder

    # A document built from a register missing some records would silently drop a
    # member's letter or an agenda item: refuse, as an export does.
    register, _ = load_or_fail(ctx, incomplete="a document would leave out")
    try:
        meeting = by_id(register.meetings, meeting_id, "meeting")
        today = _as_of(as_of, register.settings.timezone).date()
        return Builder(register, meeting, draft=draft, prepared_on=today)
    except (UnknownIdError, LookupError) as err:
        fail(str(err))


def _search(builder: Builder, templates: Path | None) -> list[Path]:
    from prefig.render import TemplateRenderError, search_path

    if templates is not None and not templates.is_dir():
        fail(f"--templates {templates} is not a folder.")
    try:
        return search_path(builder.register.root, templates)
    except TemplateRenderError as err:
        fail(str(err))


def _gaps(builder: Builder, kind: str, draft: bool) -> None:
    """Refuse a convocation with missing pieces; warn about those of an agenda or notice."""
    if not builder.takes_place():
        status = builder.meeting.status.value
        if kind == "convocation":
            fail(
                f"meeting {builder.meeting.id} is {status}: no convocation is sent for it. "
                "Render its notice (prefig render notice) to announce it."
            )
        if kind == "agenda":
            _warn(f"meeting {builder.meeting.id} is {status}; its agenda is printed as recorded.")
    gaps = builder.gaps(kind)
    if not gaps or draft:
        return
    listing = "\n  ".join(f"{g.field}: {g.label}" for g in gaps)
    if kind == "convocation":
        fail(
            f"the convocation for {builder.meeting.id} lacks:\n  {listing}\n"
            "Complete the register, or render a draft with --draft."
        )
    _warn(f"the {kind} for {builder.meeting.id} prints placeholders for:\n  {listing}")


def _emit(documents: list[Document], out: Path | None, force: bool) -> None:
    from prefig.fsutil import WriteRefusedError, write_files

    if out is None:
        # Each document ends with exactly one newline, so the shell prompt (or a warning on
        # stderr) starts on a line of its own; letters are parted by a thematic break.
        text = "\n---\n\n".join(d.text.rstrip("\n") + "\n" for d in documents)
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        written = write_files(out, [(d.name, d.text) for d in documents], force=force)
    except WriteRefusedError as err:
        fail(str(err))
    except OSError as err:
        fail(f"cannot write to {out}: {err.strerror or err}; nothing was written.")
    for path in written:
        typer.echo(f"wrote {path}", err=True)


def _render(
    ctx: typer.Context,
    kind: str,
    meeting_id: str,
    out: Path | None,
    force: bool,
    draft: bool,
    templates: Path | None,
    as_of: str | None,
) -> None:
    from prefig import render

    builder = _prepare(ctx, meeting_id, draft, as_of)
    search = _search(builder, templates)
    _gaps(builder, kind, draft)
    if kind == "convocation":
        _deadline_warning(builder, as_of)
    try:
        if kind == "agenda":
            documents = [render.render_agenda(builder, search)]
        elif kind == "notice":
            documents = [render.render_notice(builder, search)]
        else:
            documents = render.render_convocations(builder, search, with_index=out is not None)
    except render.TemplateRenderError as err:
        fail(str(err))
    _emit(documents, out, force)


def _as_of(as_of: str | None, tz: str) -> dt.datetime:
    """``--as-of``, else now in the register's time zone."""
    moment = parse_as_of(as_of, tz)
    if moment is None:
        from zoneinfo import ZoneInfo

        moment = dt.datetime.now(ZoneInfo(tz))
    return moment


def _deadline_warning(builder: Builder, as_of: str | None) -> None:
    from prefig.i18n import format_day
    from prefig.readiness import convocation_deadline

    deadline = convocation_deadline(builder.body, builder.meeting)
    if deadline is None:
        return
    # A letter whose sending the register records is judged on that day, else on --as-of.
    sent = builder.meeting.convened_on
    day = sent or _as_of(as_of, builder.register.settings.timezone).date()
    if day > deadline:
        locale = builder.register.settings.locale
        _warn(
            f"too late for the notice period: {builder.body.id} requires "
            f"{builder.body.notice_period_days} days' notice, so the convocation for "
            f"{builder.meeting.id} had to be sent by {deadline.isoformat()} "
            f"({format_day(deadline, locale)}); "
            + (f"it was sent on {day.isoformat()}." if sent else f"it is now {day.isoformat()}.")
        )


@app.command("agenda", epilog=EPILOG)
def agenda(
    ctx: typer.Context,
    meeting_id: MeetingArg,
    out: OutOpt = None,
    force: ForceOpt = False,
    draft: DraftOpt = False,
    templates: TemplatesOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """The agenda (ordre du jour): items, then the body's open follow-up actions.

    Example: prefig render agenda cmpt-2015-02-13 --draft
    """
    _render(ctx, "agenda", meeting_id, out, force, draft, templates, as_of)


@app.command("notice", epilog=EPILOG)
def notice(
    ctx: typer.Context,
    meeting_id: MeetingArg,
    out: OutOpt = None,
    force: ForceOpt = False,
    draft: DraftOpt = False,
    templates: TemplatesOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """The public notice of the meeting (avis de réunion).

    Example: prefig render notice cmpt-2015-02-13 --out documents/
    """
    _render(ctx, "notice", meeting_id, out, force, draft, templates, as_of)


@app.command("convocations", epilog=EPILOG)
def convocations(
    ctx: typer.Context,
    meeting_id: MeetingArg,
    out: OutOpt = None,
    force: ForceOpt = False,
    draft: DraftOpt = False,
    templates: TemplatesOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """One convocation letter per member, contributor and observer, plus (with --out) an
    index of recipients. Refused, listing what is missing, unless --draft.

    Example: prefig render convocations cmpt-2015-02-13 --draft --out convocations/
    """
    _render(ctx, "convocation", meeting_id, out, force, draft, templates, as_of)
