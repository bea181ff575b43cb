"""The documents of a real-sized assembly, as a clerk would send them: the conseil municipal of
Saint-Exemple (27 seats, two vacancies, a place its register does not name, adjoints and
adjointes, a closed-session item, annexes), convened for 17 December 2026.

Every file is a golden file (tests/golden/render/assembly/), read line by line; the
assertions below pin what must never change whatever the wording becomes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import GOLDEN, TESTS, UPDATE_GOLDEN, Golden

ASSEMBLY = TESTS / "fixtures" / "assembly"
MEETING = "cm-2026-12-17"
AS_OF = "2026-12-04"

Run = Callable[..., Result]


def _render(run: Run, *args: str) -> Result:
    result = run("--register", str(ASSEMBLY), "render", *args, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("kind", ["agenda", "notice"])
def test_golden_meeting_documents(run: Run, golden: Golden, kind: str) -> None:
    result = _render(run, kind, MEETING)
    assert result.stderr == ""
    golden(f"render/assembly/{kind}.md", result.stdout)


@pytest.fixture
def letters(run: Run, golden: Golden, tmp_path: Path) -> dict[str, str]:
    out = tmp_path / "out"
    _render(run, "convocations", MEETING, "--out", str(out))
    written = {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}
    for name, text in written.items():
        golden(f"render/assembly/convocations/{name}", text)
    if not UPDATE_GOLDEN:
        stored = GOLDEN / "render" / "assembly" / "convocations"
        assert sorted(p.name for p in stored.iterdir()) == sorted(written)
    return written


def test_golden_convocations_one_per_member_in_office_but_the_convenor(
    letters: dict[str, str],
) -> None:
    convocations = [n for n in letters if "-convocation-" in n]
    proxies = [n for n in letters if "-pouvoir-" in n]
    # 25 members in office (27 seats, two vacant): the maire convenes and signs, the place the
    # register does not name gets no letter.
    assert len(convocations) == len(proxies) == 23
    assert f"{MEETING}-convocations-index.md" in letters
    assert f"{MEETING}-convocations.csv" in letters
    assert not any("Madame, Monsieur le" in t for t in letters.values())
    index = letters[f"{MEETING}-convocations-index.md"]
    assert "place sans titulaire connu : pas de convocation" in index


def test_a_letter_is_one_a_clerk_could_sign(letters: dict[str, str]) -> None:
    benali = letters[f"{MEETING}-convocation-02-nadia-benali.md"]
    assert "\nMadame Nadia Benali\n\nAdjointe au maire chargée de l'urbanisme\n" in benali
    assert "\nMadame l'Adjointe,\n" in benali
    lefevre = letters[f"{MEETING}-convocation-01-bruno-lefevre.md"]
    assert "\nMonsieur le Premier adjoint,\n" in lefevre
    for text in (benali, lefevre):
        assert "lorsqu'au moins 13 de ses 25 membres en exercice sont présents" in text
        assert "\n2.a Budget principal\n" in text
        assert "\n2.b Budget annexe de l'assainissement\n" in text
        assert (
            "\n4\\. Acquisition amiable d'une parcelle au lieu-dit Les Garennes (à huis clos)"
            in (text)
        )
        assert "article L2121-20 du code général des collectivités territoriales" in text
        assert "- Note explicative de synthèse\n" in text
        assert "- Rapport sur le budget principal 2027 (point 2.a)\n" in text
        assert "\nFait à Saint-Exemple, le 4 décembre 2026\n" in text
        assert "La Maire de la Commune de Saint-Exemple,\n\n**Hélène Marchand**" in text
