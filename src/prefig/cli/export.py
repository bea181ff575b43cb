"""``prefig export ...``: the register as a calendar and as open-data documents."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from prefig.load import Register

app = typer.Typer(
    help="Export the register: iCalendar, JSON, OParl 1.1, Popolo. "
    "Writes to stdout, or to --out FILE (never over an existing file without --force).",
    no_args_is_help=True,
)

OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out", "-o", help="Write to this file instead of stdout.", dir_okay=False, metavar="FILE"
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite --out if it exists.")]

MAX_PASSED_OVER_SHOWN = 10
"""Past versions too large to read that ``export ics`` names one by one; the rest are counted."""


def load_whole(ctx: typer.Context) -> Register:
    """The loaded register, or exit 2 when any record of it cannot be read: the loader leaves
    such a record out, and an export without it would be published as if it were complete
    (a subscribed calendar would delete the meeting)."""
    from prefig.cli.common import load_or_fail

    register, _ = load_or_fail(ctx, incomplete="an export would leave out")
    return register


def emit(data: str | bytes, out: Path | None, force: bool) -> None:
    """Write ``data`` to stdout, or atomically to ``out`` (exit 2 if it exists without
    ``force``)."""
    from prefig.cli.common import fail
    from prefig.fsutil import WriteRefusedError, atomic_write

    payload = data.encode("utf-8") if isinstance(data, str) else data
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return
    try:
        atomic_write(out, payload, force=force)
    except WriteRefusedError as err:
        fail(str(err))
    except OSError as err:
        fail(f"cannot write {out}: {err.strerror or err}.")


@app.command("ics")
def ics(
    ctx: typer.Context,
    body: Annotated[
        str | None,
        typer.Option("--body", "-b", help="Only the meetings of this body (id).", metavar="ID"),
    ] = None,
    uid_domain: Annotated[
        str | None,
        typer.Option(
            help="Right-hand side of every UID (default: the slug of the register's name). "
            "Pin it to keep UIDs when the register is renamed.",
            metavar="DOMAIN",
        ),
    ] = None,
    out: OutOption = None,
    force: ForceOption = False,
) -> None:
    """The meetings as an iCalendar file (RFC 5545), one event per meeting.

    UIDs are stable, SEQUENCE counts the changes of each event (its meeting, body, venue or
    time zone) in the register's git history, DTSTAMP honours SOURCE_DATE_EPOCH. See
    docs/exports.md.

    Example: prefig export ics --out reunions.ics
    """
    import os

    from prefig.cli.common import fail
    from prefig.export.history import meeting_history
    from prefig.export.ics import SourceDateEpochError, build_calendar, source_date_epoch
    from prefig.query import UnknownIdError, by_id

    register = load_whole(ctx)
    try:
        stamp = source_date_epoch(os.environ)
        if body is not None:
            by_id(register.bodies, body, "body")
    except (SourceDateEpochError, UnknownIdError) as err:
        fail(str(err))
    if uid_domain is not None and (not uid_domain.strip() or any(c.isspace() for c in uid_domain)):
        fail(f"--uid-domain {uid_domain!r} must be a non-empty word without spaces.")
    history = meeting_history(register)
    if history.shallow:
        print(
            "prefig: warning: the repository is a shallow clone; SEQUENCE numbers count only "
            "the history it holds (run `git fetch --unshallow`).",
            file=sys.stderr,
        )
    for old in history.passed_over[:MAX_PASSED_OVER_SHOWN]:
        print(
            f"prefig: warning: {old.path} at commit {old.commit[:10]} is {old.size:,} bytes, "
            f"more than the {old.limit:,} a data file may have: that version was not read and "
            "its commits are passed over in SEQUENCE (raise PREFIG_MAX_FILE_BYTES to read it).",
            file=sys.stderr,
        )
    if len(history.passed_over) > MAX_PASSED_OVER_SHOWN:
        more = len(history.passed_over) - MAX_PASSED_OVER_SHOWN
        print(f"prefig: warning: ... and {more} more such versions.", file=sys.stderr)
    emit(
        build_calendar(register, history, body=body, stamp=stamp, uid_domain=uid_domain), out, force
    )


@app.command("json")
def json_(ctx: typer.Context, out: OutOption = None, force: ForceOption = False) -> None:
    """The whole register as one JSON document (format prefig-register, version 1).

    Example: prefig export json --out register.json
    """
    from prefig.export import dump_json
    from prefig.export.jsonexport import register_document

    register = load_whole(ctx)
    emit(dump_json(register_document(register)), out, force)


@app.command("oparl")
def oparl(
    ctx: typer.Context,
    base_url: Annotated[
        str,
        typer.Option(
            help="Base of the URLs that name the OParl objects (OParl ids are URLs). "
            "The default is in the reserved .invalid domain: set your own to publish."
        ),
    ] = "https://example.invalid/oparl",
    out: OutOption = None,
    force: ForceOption = False,
) -> None:
    """The register as OParl 1.1 objects: System, Body, Organization, Person, Membership,
    Meeting, AgendaItem, Location.

    Example: prefig export oparl --base-url https://data.example.org/oparl
    """
    from prefig.cli.common import fail
    from prefig.export import dump_json
    from prefig.export.oparl import BaseUrlError, check_base_url, oparl_document

    try:
        check_base_url(base_url)
    except BaseUrlError as err:
        fail(str(err))
    register = load_whole(ctx)
    emit(dump_json(oparl_document(register, base_url)), out, force)


@app.command("popolo")
def popolo(ctx: typer.Context, out: OutOption = None, force: ForceOption = False) -> None:
    """Persons, organizations, posts, memberships and events in Popolo JSON.

    Example: prefig export popolo --out popolo.json
    """
    from prefig.export import dump_json
    from prefig.export.popolo import popolo_document

    register = load_whole(ctx)
    emit(dump_json(popolo_document(register)), out, force)
