"""The document-kind table, the refusal and deadline policy and the ``prefig.render`` package,
tested without the command line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

import prefig.render
from prefig.load import Register, load_register
from prefig.model import Meeting, MeetingStatus
from prefig.readiness import Gap
from prefig.render.context import PIECES, SITTING_PIECES, Builder, issued_vars, venue_vars
from prefig.render.documents import DOCUMENTS, DocumentKind, document_kind, render_document
from prefig.render.policy import late_notice, missing_pieces, review
from prefig.render.sandbox import PACKAGE_TEMPLATES
from tests.conftest import REPO, SHIPPED, TESTS
from tests.test_startup_imports import modules_loaded

FULL = TESTS / "fixtures" / "render" / "full"
FULL_MEETING = "ce-2015-02-13"
SHIPPED_MEETING = "cmpt-2015-02-13"


def _register(root: Path) -> Register:
    register = load_register(root).register
    assert register is not None
    return register


def _builder(root: Path, meeting_id: str, prepared_on: dt.date | None = None) -> Builder:
    register = _register(root)
    meeting = next(m for m in register.meetings if m.id == meeting_id)
    return Builder(register, meeting, prepared_on=prepared_on)


def _with_status(builder: Builder, status: str) -> Builder:
    meeting: Meeting = builder.meeting.model_copy(update={"status": MeetingStatus(status)})
    return Builder(builder.register, meeting, prepared_on=builder.prepared_on)


# --------------------------------------------------------------------------- the table


def test_rows_are_consistent() -> None:
    assert len({k.name for k in DOCUMENTS}) == len(DOCUMENTS)
    assert len({k.command for k in DOCUMENTS}) == len(DOCUMENTS)
    for kind in DOCUMENTS:
        assert (PACKAGE_TEMPLATES / kind.template).is_file(), kind.template
        assert kind.placeholders <= PIECES | SITTING_PIECES, kind.name
        assert kind.requires <= kind.placeholders, kind.name
        assert kind.help.strip(), kind.name
        if kind.index is not None:
            assert kind.per == "recipient", "an index lists the files of letters"
            assert (PACKAGE_TEMPLATES / kind.index.template).is_file()
    assert [k for k in DOCUMENTS if k.when_off == "announce"], "a refusal points to one"


def test_every_row_is_a_render_command(run: Callable[..., Result]) -> None:
    result = run("render", "--help")
    listed = [line.split()[0] for line in result.stdout.split("Commands:")[1].splitlines() if line]
    assert listed == [k.command for k in DOCUMENTS]


def test_a_kind_is_found_by_its_name_or_its_command() -> None:
    assert document_kind("convocation") is document_kind("convocations")
    with pytest.raises(LookupError, match="register"):
        document_kind("register")


@pytest.mark.parametrize("kind", DOCUMENTS, ids=lambda k: k.name)
def test_pages_follow_the_naming(kind: DocumentKind) -> None:
    builder = _builder(FULL, FULL_MEETING, prepared_on=dt.date(2015, 2, 1))
    pages = kind.context(builder, kind)
    if kind.per == "meeting":
        assert [recipient for recipient, _ in pages] == [None]
    else:
        assert pages and all(recipient is not None for recipient, _ in pages)
    for _, context in pages:
        assert context["document"].kind == kind.name


def test_render_document_names_each_file(tmp_path: Path) -> None:
    builder = _builder(FULL, FULL_MEETING, prepared_on=dt.date(2015, 2, 1))
    letters = render_document(document_kind("convocation"), builder, [PACKAGE_TEMPLATES])
    assert letters[0].name == "ce-2015-02-13-convocation-01-camille-leroy.md"
    indexed = render_document(
        document_kind("convocation"), builder, [PACKAGE_TEMPLATES], with_index=True
    )
    assert [d.name for d in indexed[:-2]] == [d.name for d in letters]
    assert indexed[-2].name == "ce-2015-02-13-convocations-index.md"
    assert indexed[-1].name == "ce-2015-02-13-convocations.csv"
    (agenda,) = render_document(document_kind("agenda"), builder, [PACKAGE_TEMPLATES])
    assert agenda.name == "ce-2015-02-13-agenda.md"


def test_a_new_row_renders_with_its_own_template(tmp_path: Path) -> None:
    # What adding a document takes: a row, a context function, a template.
    (tmp_path / "sheet.md.j2").write_text("# {{ document.title }}: {{ meeting.day }}\n")
    sheet = DocumentKind(
        name="sheet",
        command="sheet",
        help="An attendance sheet.",
        template="sheet.md.j2",
        title="Feuille d'émargement",
        context=lambda builder, kind: [(None, builder.base(kind))],
        placeholders=frozenset({"start_time"}),
    )
    builder = _builder(FULL, FULL_MEETING)
    (doc,) = render_document(sheet, builder, [tmp_path, PACKAGE_TEMPLATES])
    assert doc.name == "ce-2015-02-13-sheet.md"
    assert doc.text == "# Feuille d'émargement: vendredi 13 février 2015\n"


# --------------------------------------------------------------------------- context pieces


def test_pieces_of_the_context_are_pure_functions() -> None:
    builder = _builder(FULL, FULL_MEETING)
    unknown = issued_vars(builder.meeting, None, "fr_FR")
    assert (unknown.date, unknown.day) == ("", "[date d'envoi à préciser]")
    assert issued_vars(builder.meeting, dt.date(2015, 2, 1), "fr_FR").text == "1er février 2015"
    nowhere = venue_vars(None, [])
    assert nowhere.full == nowhere.address == "[lieu à préciser]"
    assert builder.venue is not None
    named = venue_vars(builder.venue, [Gap("agenda", "ordre du jour à préciser")])
    assert named.name == builder.venue.name and "[" not in named.full


# --------------------------------------------------------------------------- the policy


def test_a_convocation_lacking_pieces_is_refused_unless_draft() -> None:
    builder = _builder(SHIPPED, SHIPPED_MEETING, prepared_on=dt.date(2015, 2, 1))
    convocation = document_kind("convocation")
    (refusal,) = review(builder, convocation, draft=False)
    assert refusal.refuses
    assert "convened_by: signataire à préciser" in refusal.message
    assert refusal.message.endswith("render a draft with --draft.")
    assert missing_pieces(builder, convocation, draft=True) is None


def test_an_agenda_lacking_pieces_only_warns() -> None:
    builder = _builder(SHIPPED, SHIPPED_MEETING, prepared_on=dt.date(2015, 2, 1))
    (warning,) = review(builder, document_kind("agenda"), draft=False)
    assert not warning.refuses
    assert "prints placeholders for" in warning.message
    assert "convened_by" not in warning.message  # an agenda is not signed
    assert review(builder, document_kind("agenda"), draft=True) == []


@pytest.mark.parametrize("status", ["cancelled", "postponed"])
def test_a_meeting_that_will_not_take_place(status: str) -> None:
    builder = _with_status(_builder(FULL, FULL_MEETING, prepared_on=dt.date(2015, 2, 1)), status)
    (refusal,) = review(builder, document_kind("convocation"), draft=True)
    assert refusal.refuses
    assert "(prefig render notice)" in refusal.message
    (warning,) = review(builder, document_kind("agenda"), draft=True)
    assert not warning.refuses
    assert review(builder, document_kind("notice"), draft=False) == []
    assert builder.gaps(document_kind("notice")) == []


def test_the_notice_period_is_judged_on_the_day_given() -> None:
    builder = _builder(FULL, FULL_MEETING)
    convocation = document_kind("convocation")
    assert late_notice(builder, convocation, dt.date(2015, 2, 8)) is None
    assert late_notice(builder, convocation, None) is None
    late = late_notice(builder, convocation, dt.date(2015, 2, 10))
    assert late is not None and not late.refuses
    assert "had to be sent by 2015-02-08 (dimanche 8 février 2015); it is now 2015-02-10." in (
        late.message
    )
    # Only a document sent to members is judged on it.
    quiet = dataclasses.replace(convocation, notice_period=False)
    late_builder = _builder(FULL, FULL_MEETING, prepared_on=dt.date(2015, 2, 10))
    assert review(late_builder, quiet, draft=False) == []
    assert len(review(late_builder, convocation, draft=False)) == 1


# --------------------------------------------------------------------------- the package


@pytest.mark.parametrize("name", prefig.render.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(prefig.render, name) is not None


def test_the_markdown_escaper_loads_no_jinja() -> None:
    code = (
        "import sys, prefig.render.markdown, prefig.output.diff, prefig.export.graph; "
        "loaded = [m for m in sys.modules if m.startswith(('jinja2', 'prefig.render.'))]; "
        "assert loaded == ['prefig.render.markdown'], loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_meetings_next_loads_nothing_of_rendering() -> None:
    loaded = modules_loaded("meetings", "next", "--as-of", "2015-02-01")
    assert not {m for m in loaded if m.startswith("prefig.render")}
