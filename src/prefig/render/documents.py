"""The meeting documents prefig renders: one row of :data:`DOCUMENTS` per kind, and the
function that renders any of them.

A row says everything that differs from one kind of document to another: its template and
title, the context function that builds its variables (:mod:`prefig.render.context`), the
pieces it shows as placeholders and those it cannot go without unless ``--draft``, what a
cancelled or postponed meeting does to it, how its files are named and which ``prefig
render`` command writes it. Nothing else tests a document's kind.

To add a document: a row here, a context function in :mod:`prefig.render.context`, a template
in ``src/prefig/templates/`` (and its copy in the shipped register's ``templates/``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from prefig.fsutil import document_name
from prefig.model import Meeting
from prefig.render.context import (
    PIECES,
    PROXY_FORM,
    SITTING_PIECES,
    Builder,
    Page,
    Recipient,
    agenda_pages,
    convocation_index,
    convocation_pages,
    notice_pages,
    proxy_pages,
)
from prefig.render.mailmerge import convocation_table
from prefig.render.sitting import attendance_pages, deliberations_pages, minutes_pages


@dataclass(frozen=True)
class Index:
    """A companion document listing the files of a document written one per recipient
    (written with ``--out`` only: on stdout there are no files to list)."""

    template: str
    name: str
    """The file name after the meeting's id: ``convocations-index``."""
    context: Callable[[Builder, DocumentKind, Sequence[str]], dict[str, Any]]
    """Its variables, given the names of the files written."""
    table: Callable[[Builder, Sequence[str]], str] | None = None
    """A CSV of the same rows for mail merge, written beside it as ``MEETING-NAME.csv``."""
    table_name: str = ""
    """That CSV's name after the meeting's id: ``convocations``."""


@dataclass(frozen=True)
class Enclosure:
    """A document enclosed with some of the letters, one file per recipient it concerns,
    written beside them with ``--out`` (the proxy form)."""

    template: str
    name: str
    """The file name after the meeting's id: ``pouvoir`` (``MEETING-pouvoir-NN-KEY.md``)."""
    context: Callable[[Builder, DocumentKind], list[Page]]
    """Its variables: one page per recipient that gets one."""


@dataclass(frozen=True)
class DocumentKind:
    """One kind of meeting document."""

    name: str
    """``document.kind`` in templates, and what its file names start with: ``agenda``."""
    command: str
    """The ``prefig render`` command that writes it."""
    help: str
    """That command's help (its first line is the summary ``prefig render --help`` lists)."""
    template: str
    """The template file, looked for along the search path (see docs/templates.md)."""
    title: str
    """``document.title``: ``Ordre du jour``."""
    context: Callable[[Builder, DocumentKind], list[Page]]
    """Builds the variables: one page per file."""
    placeholders: frozenset[str]
    """The pieces (:data:`prefig.render.context.PIECES`) the document shows: each one the
    register lacks prints as a placeholder (``[heure à préciser]``) and is listed as a gap."""
    requires: frozenset[str] = frozenset()
    """Of those, the pieces without which it is refused unless ``--draft`` fills them with
    their placeholders; the others only bring a warning."""
    per: Literal["meeting", "recipient"] = "meeting"
    """One file per meeting (``MEETING-agenda.md``) or one per recipient
    (``MEETING-convocation-NN-KEY.md``)."""
    when_off: Literal["announce", "warn", "refuse"] = "warn"
    """For a meeting that will not take place (cancelled, postponed): ``announce`` it (the
    document needs no piece and takes its title from :attr:`off_titles`), render it as
    recorded with a warning, or ``refuse`` it, even with ``--draft``."""
    off_titles: Mapping[str, str] = field(default_factory=dict)
    """``document.title`` by meeting status when the meeting will not take place."""
    notice_period: bool = False
    """Whether it is sent to members, so that sending it after the body's notice period
    brings a warning."""
    index: Index | None = None
    enclosure: Enclosure | None = None

    def title_for(self, meeting: Meeting) -> str:
        """``document.title`` for ``meeting``."""
        return self.off_titles.get(meeting.status.value, self.title)


_AGENDA_ITEMS = frozenset({"start_time", "location", "agenda"})
_SITTING = frozenset({"start_time", "location", "convened_by"}) | SITTING_PIECES

DOCUMENTS: tuple[DocumentKind, ...] = (
    DocumentKind(
        name="agenda",
        command="agenda",
        help="The agenda (ordre du jour): items, then the body's open follow-up actions.\n\n"
        "Example: prefig render agenda cmpt-2015-02-13 --draft",
        template="agenda.md.j2",
        title="Ordre du jour",
        context=agenda_pages,
        placeholders=_AGENDA_ITEMS,
        when_off="warn",
    ),
    DocumentKind(
        name="notice",
        command="notice",
        help="The public notice of the meeting (avis de réunion).\n\n"
        "Example: prefig render notice cmpt-2015-02-13 --out documents/",
        template="notice.md.j2",
        title="Avis de réunion",
        context=notice_pages,
        placeholders=_AGENDA_ITEMS | {"convened_by"},
        when_off="announce",
        off_titles={"cancelled": "Avis d'annulation", "postponed": "Avis de report"},
    ),
    DocumentKind(
        name="convocation",
        command="convocations",
        help="One convocation letter per member, contributor and observer, plus (with --out) "
        "an index of recipients. Refused, listing what is missing, unless --draft.\n\n"
        "Example: prefig render convocations cmpt-2015-02-13 --draft --out convocations/",
        template="convocation.md.j2",
        title="Convocation",
        context=convocation_pages,
        placeholders=PIECES,
        requires=PIECES,
        per="recipient",
        when_off="refuse",
        notice_period=True,
        index=Index(
            "index.md.j2",
            "convocations-index",
            convocation_index,
            table=convocation_table,
            table_name="convocations",
        ),
        enclosure=Enclosure("proxy.md.j2", PROXY_FORM, proxy_pages),
    ),
    DocumentKind(
        name="attendance",
        command="attendance-sheet",
        help="The attendance sheet (feuille d'émargement): one line per member in office, "
        "with a signature column and the proxies the register already knows.\n\n"
        "Example: prefig render attendance-sheet cm-2026-09-24",
        template="attendance.md.j2",
        title="Feuille d'émargement",
        context=attendance_pages,
        placeholders=frozenset({"start_time", "location"}),
        when_off="refuse",
    ),
    DocumentKind(
        name="minutes",
        command="minutes",
        help="The minutes of a sitting (procès-verbal): convocation, presidency and "
        "secretary, attendance, quorum, each item's deliberation, vote and outcome. Refused, "
        "listing what is missing, unless --draft.\n\n"
        "Example: prefig render minutes cm-2026-09-24 --draft",
        template="minutes.md.j2",
        title="Procès-verbal",
        context=minutes_pages,
        placeholders=_SITTING,
        requires=frozenset({"attendance", "president", "secretary"}),
        when_off="refuse",
    ),
    DocumentKind(
        name="deliberations",
        command="deliberations",
        help="The list of the deliberations examined at a sitting, for posting and putting "
        "online within a week (CGCT L2121-25): number, title, outcome.\n\n"
        "Example: prefig render deliberations cm-2026-09-24 --out affichage/",
        template="deliberations.md.j2",
        title="Liste des délibérations",
        context=deliberations_pages,
        placeholders=frozenset({"president"}),
        when_off="refuse",
    ),
)
"""Every document ``prefig render`` writes, in the order its help lists them."""


def document_kind(name: str) -> DocumentKind:
    """The row of :data:`DOCUMENTS` named ``name``, or the one its ``command`` is."""
    for kind in DOCUMENTS:
        if name in (kind.name, kind.command):
            return kind
    raise LookupError(f"no document is called {name!r}")


@dataclass(frozen=True)
class Document:
    """A rendered document and the file name it takes in an output folder."""

    name: str
    text: str


def file_name(meeting: Meeting, kind: str, recipient: Recipient | None = None) -> str:
    """The deterministic, safe name of a document of ``kind`` (a :class:`DocumentKind`'s
    ``name``) in an output folder: ``MEETING-KIND.md``, or ``MEETING-KIND-NN-KEY.md`` for a
    recipient's; different for every document of a meeting however long its ids (see
    :func:`prefig.fsutil.document_name`)."""
    if recipient is not None:
        return document_name(
            meeting.id, f"{kind}-{recipient.number:02d}-{recipient.key}", suffix=".md"
        )
    return document_name(meeting.id, kind, suffix=".md")


def render_document(
    kind: DocumentKind,
    builder: Builder,
    search: Sequence[Path],
    *,
    with_index: bool = False,
    listed_as: str = ".md",
) -> list[Document]:
    """The files of a document of ``kind`` for the builder's meeting, then (``with_index``,
    for a kind that has one) its index. The index and its CSV name the letters with the
    suffix ``listed_as`` (``.pdf`` when they are written as PDF). Raises
    :class:`~prefig.render.sandbox.TemplateRenderError`."""
    from prefig.render.sandbox import environment, render_template

    env = environment(search)
    documents = [
        Document(
            file_name(builder.meeting, kind.name, recipient),
            render_template(env, kind.template, context, search),
        )
        for recipient, context in kind.context(builder, kind)
    ]
    letters = [d.name.removesuffix(".md") + listed_as for d in documents]
    if with_index and kind.enclosure is not None:
        documents += [
            Document(
                file_name(builder.meeting, kind.enclosure.name, recipient),
                render_template(env, kind.enclosure.template, context, search),
            )
            for recipient, context in kind.enclosure.context(builder, kind)
        ]
    if with_index and kind.index is not None:
        context = kind.index.context(builder, kind, letters)
        name = document_name(builder.meeting.id, kind.index.name, suffix=".md")
        text = render_template(env, kind.index.template, context, search)
        documents.append(Document(name, text))
        if kind.index.table is not None:
            table = document_name(builder.meeting.id, kind.index.table_name, suffix=".csv")
            documents.append(Document(table, kind.index.table(builder, letters)))
    return documents
