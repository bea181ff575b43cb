"""The documents of a sitting (attendance sheet, procès-verbal, list of deliberations) on the
sittings fixture: golden files read as a secrétaire de mairie would write them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from typer.testing import Result

from prefig.load import load_register
from prefig.model import Vote
from prefig.render.context import Builder
from prefig.render.documents import document_kind
from prefig.render.sitting import vote_text
from prefig.vocab import DeliberationOutcome
from tests.conftest import REPO, TESTS, Golden
from tests.render.test_render import _paths

SITTINGS = TESTS / "fixtures" / "sittings"
HELD = ["cm-2026-09-24", "cm-2026-10-21"]
KINDS = ["attendance", "minutes", "deliberations"]
COMMAND = {"attendance": "attendance-sheet"}


@pytest.mark.parametrize("meeting", HELD)
@pytest.mark.parametrize("kind", KINDS)
def test_golden(run: Callable[..., Result], golden: Golden, kind: str, meeting: str) -> None:
    command = COMMAND.get(kind, kind)
    result = run("--register", str(SITTINGS), "render", command, meeting, "--as-of", "2026-11-02")
    assert result.exit_code == 0, result.output
    golden(f"render/sittings/{meeting}-{kind}.md", result.stdout)


def test_minutes_refuse_what_a_sitting_lacks(run: Callable[..., Result]) -> None:
    result = run("--register", str(SITTINGS), "render", "minutes", "cm-2026-12-17")
    assert result.exit_code == 2
    assert "secretary: secrétaire de séance à préciser" in result.output
    draft = run("--register", str(SITTINGS), "render", "minutes", "cm-2026-12-17", "--draft")
    assert draft.exit_code == 0, draft.output
    assert "[présences à préciser]" in draft.stdout
    assert "[suite donnée au point 2.a à préciser]" in draft.stdout


@pytest.mark.parametrize(
    ("outcome", "vote", "text"),
    [
        ("adopted", Vote(unanimous=True), "adoptée à l'unanimité"),
        ("adopted", Vote(in_favour=20, against=3, abstentions=2),
         "adoptée par 20 voix pour, 3 contre et 2 abstentions"),
        ("adopted", Vote(in_favour=1, abstentions=1), "adoptée par 1 voix pour et 1 abstention"),
        ("rejected", Vote(in_favour=10, against=12), "rejetée par 12 voix contre et 10 pour"),
        ("withdrawn", None, "retirée de l'ordre du jour"),
        ("postponed", None, "ajournée"),
        ("adopted", None, "adoptée"),
    ],
)  # fmt: skip
def test_vote_wording(outcome: str, vote: Vote | None, text: str) -> None:
    assert vote_text(DeliberationOutcome(outcome), vote) == text


def test_docs_list_every_sitting_variable() -> None:
    register = load_register(SITTINGS).register
    assert register is not None
    names: set[str] = set()
    for meeting_id in [*HELD, "cm-2026-12-17"]:
        meeting = register.index("meetings")[meeting_id]
        builder = Builder(register, meeting, draft=True, prepared_on=dt.date(2026, 11, 2))
        for name in KINDS:
            kind = document_kind(name)
            for _, context in kind.context(builder, kind):
                for key, value in context.items():
                    names |= _paths(value, key)
    doc = (REPO / "docs" / "templates.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_]+(?:\[\])?(?:\.[a-z_]+(?:\[\])?)*)`", doc))
    missing = sorted(names - documented)
    assert not missing, f"docs/templates.md does not document {missing}"
