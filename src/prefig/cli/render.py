"""``prefig render ...``: a meeting's agenda, public notice and convocation letters, as
Markdown or PDF."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from prefig.cli import complete
from prefig.cli.common import fail, load_or_fail, parse_as_of

if TYPE_CHECKING:
    from prefig.render import Builder, Document, DocumentKind


class _DocumentCommands(TyperGroup):
    """One command per row of the document table (:data:`prefig.render.documents.DOCUMENTS`),
    made when ``prefig render`` lists or runs them: other commands never load the table."""

    def _add_documents(self) -> None:
        from prefig.render.documents import DOCUMENTS

        for kind in DOCUMENTS:
            if kind.command not in self.commands:
                self.add_command(_document_command(kind))

    # Typer keeps its copy of Click private (typer._click): its Context and Command types have
    # no public name to annotate with.
    def list_commands(self, ctx: Any) -> list[str]:
        self._add_documents()
        return super().list_commands(ctx)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        self._add_documents()
        return super().get_command(ctx, cmd_name)


app = typer.Typer(
    cls=_DocumentCommands,
    help="Meeting documents as Markdown or PDF: agenda, public notice, convocation letters.",
    no_args_is_help=True,
)

EPILOG = (
    "Exit codes: 0 written, 2 unknown meeting, missing pieces (convocations without --draft), "
    "a template error, a PDF that cannot be made, or a file that exists without --force."
)


class DocumentFormat(StrEnum):
    """What ``--format`` writes each document as."""

    MARKDOWN = "markdown"
    PDF = "pdf"
    EML = "eml"


FormatOpt = Annotated[
    DocumentFormat,
    typer.Option(
        "--format",
        "-f",
        help="markdown, or pdf: one PDF letter per document (needs --out), laid out with the "
        "letterhead of the register's settings, or eml (convocations only): one e-mail "
        "message per recipient with the PDF letter, the annexes and a calendar invitation, "
        "as `prefig send convocations` sends them (needs --out).",
        case_sensitive=False,
    ),
]

MeetingArg = Annotated[
    str,
    typer.Argument(
        metavar="MEETING-ID", help="Id of the meeting.", autocompletion=complete.meeting_ids
    ),
]
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


SkipMissingOpt = Annotated[
    bool,
    typer.Option(
        "--skip-missing",
        help="With --format eml: leave out the recipients without an e-mail address (listed) "
        "instead of refusing.",
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


def _as_of(as_of: str | None, tz: str) -> dt.datetime:
    """``--as-of``, else now in the register's time zone."""
    moment = parse_as_of(as_of, tz)
    if moment is None:
        from zoneinfo import ZoneInfo

        moment = dt.datetime.now(ZoneInfo(tz))
    return moment


def _search(builder: Builder, templates: Path | None) -> list[Path]:
    from prefig.render import TemplateRenderError, search_path

    if templates is not None and not templates.is_dir():
        fail(f"--templates {templates} is not a folder.")
    try:
        return search_path(builder.register.root, templates)
    except TemplateRenderError as err:
        fail(str(err))


def _pdf(documents: list[Document], builder: Builder) -> list[tuple[str, str | bytes]]:
    """Each Markdown document as its PDF; the mail-merge CSV as it is."""
    from prefig.render.pdf import PdfError, document_pdf, pdf_name

    files: list[tuple[str, str | bytes]] = []
    try:
        for document in documents:
            if document.name.endswith(".md"):
                files.append((pdf_name(document), document_pdf(document, builder.register)))
            else:
                files.append((document.name, document.text))
    except PdfError as err:
        fail(f"{err}; nothing was written.")
    return files


def _emit(
    documents: list[Document], out: Path | None, force: bool, pdf: Builder | None = None
) -> None:
    from prefig.fsutil import WriteRefusedError, write_files

    if out is None:
        # Each document ends with exactly one newline, so the shell prompt (or a warning on
        # stderr) starts on a line of its own; letters are parted by a thematic break.
        text = "\n---\n\n".join(d.text.rstrip("\n") + "\n" for d in documents)
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        files = _pdf(documents, pdf) if pdf is not None else [(d.name, d.text) for d in documents]
        written = write_files(out, files, force=force)
    except WriteRefusedError as err:
        fail(str(err))
    except OSError as err:
        fail(f"cannot write to {out}: {err.strerror or err}; nothing was written.")
    for path in written:
        typer.echo(f"wrote {path}", err=True)


def _render(
    ctx: typer.Context,
    kind: DocumentKind,
    meeting_id: str,
    out: Path | None,
    force: bool,
    draft: bool,
    templates: Path | None,
    as_of: str | None,
    fmt: DocumentFormat = DocumentFormat.MARKDOWN,
    skip_missing: bool = False,
) -> None:
    from prefig.render import TemplateRenderError, render_document, review

    if fmt is DocumentFormat.EML and kind.name != "convocation":
        fail(f"--format eml is for convocations; write {kind.command} as markdown or pdf.")
    pdf = fmt is DocumentFormat.PDF
    if pdf and out is None:
        fail("--format pdf writes files: give the folder to write them to with --out.")
    builder = _prepare(ctx, meeting_id, draft, as_of)
    search = _search(builder, templates)
    for finding in review(builder, kind, draft=draft):
        if finding.refuses:
            fail(finding.message)
        _warn(finding.message)
    if fmt is DocumentFormat.EML:
        from prefig.cli.send import write_eml

        write_eml(ctx, builder, templates, out, force, skip_missing)
        return
    try:
        documents = render_document(
            kind, builder, search, with_index=out is not None, listed_as=".pdf" if pdf else ".md"
        )
    except TemplateRenderError as err:
        fail(str(err))
    _emit(documents, out, force, builder if pdf else None)


def _document_command(kind: DocumentKind) -> Any:
    """The ``prefig render`` command of ``kind``: the same options for every document."""

    def command(
        ctx: typer.Context,
        meeting_id: MeetingArg,
        out: OutOpt = None,
        force: ForceOpt = False,
        draft: DraftOpt = False,
        templates: TemplatesOpt = None,
        as_of: AsOfOpt = None,
        fmt: FormatOpt = DocumentFormat.MARKDOWN,
        skip_missing: SkipMissingOpt = False,
    ) -> None:
        _render(ctx, kind, meeting_id, out, force, draft, templates, as_of, fmt, skip_missing)

    one = typer.Typer(rich_markup_mode=None, add_completion=False)
    one.command(kind.command, help=kind.help, epilog=EPILOG)(command)
    return typer.main.get_command(one)
