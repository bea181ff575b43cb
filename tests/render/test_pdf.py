"""PDF documents (prefig.render.pdf): read back by text extraction with pypdf."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pypdf
import pytest
from pydantic import ValidationError

from prefig.load import Register, load_register
from prefig.model import AgendaItem, Letterhead
from prefig.render import pdf
from prefig.render.context import Builder
from prefig.render.documents import DOCUMENTS, Document, document_kind, render_document
from prefig.render.pdf import MAX_PAGES, PdfError, document_pdf, document_tree, pdf_name
from prefig.render.sandbox import PACKAGE_TEMPLATES
from tests.conftest import SHIPPED

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FULL = FIXTURES / "render" / "full"
ASSEMBLY = FIXTURES / "assembly"


def _register(root: Path) -> Register:
    register = load_register(root).register
    assert register is not None
    return register


def _documents(
    register: Register,
    meeting_id: str,
    kind: str = "convocation",
    search: list[Path] | None = None,
    **changes: object,
) -> list[Document]:
    meeting = next(m for m in register.meetings if m.id == meeting_id)
    builder = Builder(
        register, meeting.model_copy(update=changes), draft=True, prepared_on=dt.date(2015, 2, 1)
    )
    return render_document(document_kind(kind), builder, search or [PACKAGE_TEMPLATES])


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def _pages(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def test_a_letter_gives_the_date_recipient_subject_agenda_and_signatures() -> None:
    register = _register(FULL)
    letters = _documents(register, "ce-2015-02-13")
    data = document_pdf(letters[1], register)
    assert data.startswith(b"%PDF-")
    text = _text(data)
    assert "Le 1er février 2015" in text
    assert "Madame Sophie Bernard" in text
    assert "Objet\u00a0: convocation à la réunion du vendredi 13 février 2015" in text
    assert "Madame la Vice-présidente," in text
    # register text shows as written, Markdown escapes gone
    assert "2. Budget *prévisionnel* [2015] | annexes" in text
    assert "3. # Questions diverses" in text
    assert "Claire Dupont" in text and "Jean Martin" in text
    assert "l\u2019honneur" in text  # the typographic apostrophe
    assert _pages(data) == 1
    assert "Page 1" not in text  # a one-page letter is not numbered


def test_agenda_numbers_and_annex_titles_are_those_of_the_register() -> None:
    register = _register(ASSEMBLY)
    letter = _documents(register, "cm-2026-12-17")[0]
    text = _text(document_pdf(letter, register))
    for number in ("1.", "2.", "2.a", "2.b", "4."):
        assert f"\n{number}" in f"\n{text}", number
    assert "Note explicative de synthèse" in text
    assert "Rapport sur le budget principal 2027 (point 2.a)" in text
    assert "Rapport sur le budget annexe de l\u2019assainissement 2027" in text


def test_without_a_letterhead_the_register_name_heads_the_letter() -> None:
    register = _register(FULL)
    text = _text(document_pdf(_documents(register, "ce-2015-02-13")[0], register))
    assert text.startswith("Registre d\u2019essai des documents de séance")


def test_the_letterhead_and_footer_come_from_the_settings() -> None:
    register = _register(FULL)
    register.settings = register.settings.model_copy(
        update={
            "letterhead": Letterhead(
                authority=["République française", "Région Midi-Pyrénées"],
                address=["22 boulevard du Maréchal Juin", "31406 Toulouse Cedex 9"],
                footer="Hôtel de Région - 05 61 33 50 50",
            )
        }
    )
    text = _text(document_pdf(_documents(register, "ce-2015-02-13")[0], register))
    assert text.startswith("République française\nRégion Midi-Pyrénées\n22 boulevard")
    assert "31406 Toulouse Cedex 9" in text
    assert "Hôtel de Région - 05 61 33 50 50" in text
    assert "Registre d\u2019essai" not in text


def test_a_long_agenda_is_numbered_page_n_of_m_and_bounded() -> None:
    register = _register(FULL)
    items = [
        AgendaItem(number=str(i), name=f"Délibération relative au dossier numéro {i}")
        for i in range(1, 121)
    ]
    (agenda,) = _documents(register, "ce-2015-02-13", "agenda", agenda=items)
    data = document_pdf(agenda, register)
    pages = _pages(data)
    assert 2 <= pages <= MAX_PAGES
    text = _text(data)
    assert f"Page 1 sur {pages}" in text
    assert f"Page {pages} sur {pages}" in text
    assert "120. Délibération relative au dossier numéro 120" in text


def test_a_document_longer_than_the_page_bound_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    register = _register(FULL)
    items = [AgendaItem(number=str(i), name=f"Point {i}") for i in range(1, 200)]
    (agenda,) = _documents(register, "ce-2015-02-13", "agenda", agenda=items)
    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    with pytest.raises(PdfError, match=r"runs to \d+ pages, more than 2 allowed"):
        document_pdf(agenda, register)


def test_a_pdf_larger_than_the_size_bound_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    register = _register(FULL)
    monkeypatch.setattr(pdf, "MAX_BYTES", 1000)
    with pytest.raises(PdfError, match="more than the 1,000 a document may have"):
        document_pdf(_documents(register, "ce-2015-02-13")[0], register)


def test_the_same_document_gives_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    register = _register(FULL)
    letter = _documents(register, "ce-2015-02-13")[0]
    first = document_pdf(letter, register)
    assert document_pdf(letter, register) == first
    assert pypdf.PdfReader(io.BytesIO(first)).metadata.creation_date is None


def test_source_date_epoch_is_the_creation_date(monkeypatch: pytest.MonkeyPatch) -> None:
    register = _register(FULL)
    letter = _documents(register, "ce-2015-02-13")[0]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1423818000")  # 2015-02-13 09:00 UTC
    data = document_pdf(letter, register)
    created = pypdf.PdfReader(io.BytesIO(data)).metadata.creation_date
    assert created is not None
    assert created.astimezone(dt.UTC) == dt.datetime(2015, 2, 13, 9, 0, tzinfo=dt.UTC)
    assert document_pdf(letter, register) == data
    for wrong in ("yesterday", "-5", "99999999999999999999"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", wrong)
        with pytest.raises(PdfError, match=r"SOURCE_DATE_EPOCH .* seconds since 1970"):
            document_pdf(letter, register)


def test_the_document_title_is_the_pdf_title() -> None:
    register = _register(FULL)
    data = document_pdf(_documents(register, "ce-2015-02-13")[0], register)
    assert pypdf.PdfReader(io.BytesIO(data)).metadata.title == "Convocation (projet)"


def test_a_template_override_reaches_the_pdf(tmp_path: Path) -> None:
    register = _register(FULL)
    override = tmp_path / "templates"
    override.mkdir()
    original = (PACKAGE_TEMPLATES / "convocation.md.j2").read_text(encoding="utf-8")
    (override / "convocation.md.j2").write_text(
        original.replace("## Ordre du jour", "## Questions soumises au comité"), "utf-8"
    )
    letter = _documents(register, "ce-2015-02-13", search=[override, PACKAGE_TEMPLATES])[0]
    text = _text(document_pdf(letter, register))
    assert "Questions soumises au comité" in text
    assert "Ordre du jour" not in text


@pytest.mark.parametrize("kind", [k.name for k in DOCUMENTS])
def test_every_document_of_the_assembly_renders(kind: str) -> None:
    register = _register(ASSEMBLY)
    meeting = "cm-2026-12-17" if kind in ("agenda", "notice", "convocation") else "cm-2026-09-24"
    documents = _documents(register, meeting, kind)
    for document in documents[:3]:
        data = document_pdf(document, register)
        assert 1 <= _pages(data) <= MAX_PAGES
        assert document_kind(kind).title.split()[0] in _text(data)


def test_the_assembly_attendance_sheet_keeps_its_table() -> None:
    register = _register(ASSEMBLY)
    (sheet,) = _documents(register, "cm-2026-09-24", "attendance")
    text = _text(document_pdf(sheet, register))
    assert "Signature" in text
    assert "Hélène Marchand" in text


def test_the_shipped_register_renders() -> None:
    register = _register(SHIPPED)
    for meeting in register.meetings:
        for document in _documents(register, meeting.id, "agenda"):
            assert "Ordre du jour" in _text(document_pdf(document, register))
        letters = _documents(register, meeting.id, "convocation")
        assert letters
        for letter in letters:
            text = _text(document_pdf(letter, register))
            assert "Objet\u00a0: convocation" in text or "Objet\u00a0: information" in text


def test_pdf_names_follow_the_markdown_names() -> None:
    assert pdf_name(Document("m-convocation-01-x.md", "")) == "m-convocation-01-x.pdf"
    with pytest.raises(ValueError, match="not a Markdown document"):
        pdf_name(Document("m-convocations.csv", ""))
    with pytest.raises(ValueError, match="not a Markdown document"):
        document_pdf(Document("m-convocations.csv", "a,b\r\n"), _register(FULL))


def test_the_tree_finds_the_parts_of_a_letter() -> None:
    tree = document_tree(
        "# Convocation\n\n**Comité**\n\nMadame X\n\n**Objet :** réunion\n\nMadame,\n\n"
        "Texte.\n\nJe vous prie d'agréer, Madame, mes salutations.\n\n"
        "Fait à Toulouse, le 3 mars 2015\n\nLe Président,\n\n**Jean Martin**\n"
    )
    assert tree["title_text"] == "Convocation"
    assert [b["c"] for b in tree["head"]] == [[{"t": "strong", "c": ["Comité"]}], ["Madame X"]]
    assert tree["body"][0]["c"][0] == {"t": "strong", "c": ["Objet\u00a0:"]}
    assert [b["c"] for b in tree["closing"]] == [
        ["Fait à Toulouse, le 3 mars 2015"],
        ["Le Président,"],
        [{"t": "strong", "c": ["Jean Martin"]}],
    ]


def test_french_spacing_is_applied_to_text() -> None:
    tree = document_tree("Quorum : atteint ; vote « pour » ! Vraiment ?\n")
    assert tree["body"][0]["c"] == [
        "Quorum\u00a0: atteint\u202f; vote «\u202fpour\u202f»\u202f! Vraiment\u202f?"
    ]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"authority": ["Ligne"] * 7}, "at most 6 items"),
        ({"address": ["x" * 201]}, "at most 200 characters"),
        ({"footer": "Hôtel de Région\nligne forgée"}, "holds a line break"),
    ],
)
def test_a_letterhead_is_a_few_short_lines(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Letterhead.model_validate(fields)


def test_the_date_of_the_address_block_is_marked_to_stand_apart() -> None:
    tree = document_tree(
        "**Comité**\n\nMadame X\n\nToulouse, le 12 mars 2015\n\n**Objet :** réunion\n"
    )
    assert [b["date"] for b in tree["head"]] == [False, False, True]
    tree = document_tree("**Comité**\n\nLe 1er février 2015\n\n**Objet :** réunion\n")
    assert [b["date"] for b in tree["head"]] == [False, True]
