"""The agenda keeps the register's numbers, in every document and for any Markdown reader."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from prefig.load import load_register
from prefig.model import AgendaItem
from prefig.render.context import Builder, agenda_label
from prefig.render.documents import DOCUMENTS, render_document
from prefig.render.sandbox import PACKAGE_TEMPLATES

FULL = Path(__file__).resolve().parent.parent / "fixtures" / "render" / "full"
NUMBERS = ["1", "2", "2.a", "2.b", "4"]


def _builder() -> Builder:
    register = load_register(FULL).register
    assert register is not None
    meeting = next(m for m in register.meetings if m.id == "ce-2015-02-13")
    agenda = [AgendaItem(number=n, name=f"Point {n}") for n in NUMBERS]
    agenda[3] = agenda[3].model_copy(update={"public": False})
    meeting = meeting.model_copy(update={"agenda": agenda})
    return Builder(register, meeting, prepared_on=dt.date(2015, 2, 1))


def _paragraphs(text: str) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(text)
    assert not any(t.type == "ordered_list_open" for t in tokens), "a list would renumber"
    return [t.content.replace("\\", "") for t in tokens if t.type == "inline"]


# The attendance sheet and the list of deliberations print no agenda.
SHOW_AGENDA = [k for k in DOCUMENTS if k.name not in ("attendance", "deliberations")]


@pytest.mark.parametrize("kind", SHOW_AGENDA, ids=lambda k: k.name)
def test_every_document_keeps_the_numbers(kind: object) -> None:
    (document, *_) = render_document(kind, _builder(), [PACKAGE_TEMPLATES])  # type: ignore[arg-type]
    items = [p for p in _paragraphs(document.text) if p.startswith(("1", "2", "4"))]
    assert items[:5] == [
        "1. Point 1",
        "2. Point 2",
        "2.a Point 2.a",
        "2.b Point 2.b (à huis clos)",
        "4. Point 4",
    ]


@pytest.mark.parametrize(
    ("number", "label"),
    [("1", "1\\."), ("12", "12\\."), ("2.a", "2.a"), ("3)", "3\\)"), ("II", "II"), ("1.", "1\\.")],
)
def test_a_label_never_opens_a_list(number: str, label: str) -> None:
    assert agenda_label(number) == label
    (token, *_) = MarkdownIt("commonmark").parse(f"{label} Budget\n")
    assert token.type == "paragraph_open"
