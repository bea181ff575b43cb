"""The loader's bounds: diagnostics per file, the size limit from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from prefig.load import (
    MAX_DIAGNOSTICS_PER_FILE,
    MAX_FILE_BYTES,
    SIZE_ENV_VAR,
    load_register,
    max_file_bytes,
)
from tests.conftest import empty_register


def _register(tmp_path: Path, venues: str) -> Path:
    empty_register(tmp_path)
    (tmp_path / "data" / "venues.yaml").write_text(venues, "utf-8")
    return tmp_path


def test_diagnostics_per_file_are_capped(tmp_path: Path) -> None:
    venues = "".join(f"- id: salle-{n}\n  nom: Salle {n}\n" for n in range(300))
    diagnostics = load_register(_register(tmp_path, venues)).diagnostics
    assert len(diagnostics) == MAX_DIAGNOSTICS_PER_FILE + 1
    assert "more problems in data/venues.yaml are not shown" in diagnostics[-1].message
    assert diagnostics[0].path == ("venues", 0, "name")  # missing, at the record: line 1
    assert diagnostics[1].path == ("venues", 0, "nom")  # unknown, at its key: line 2
    assert [d.location.line for d in diagnostics[:2]] == [1, 2]


def test_valid_records_beside_invalid_ones_are_kept(tmp_path: Path) -> None:
    venues = "- id: salle-a\n  name: A\n- id: salle-b\n  nom: B\n- id: salle-c\n  name: C\n"
    result = load_register(_register(tmp_path, venues))
    assert sorted(d.code for d in result.diagnostics) == ["PF010", "PF011"]
    assert result.register is not None
    assert [v.id for v in result.register.venues] == ["salle-a", "salle-c"]
    assert result.register.locate(result.register.venues[1]).line == 5


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1000", 1000), ("1_000_000", 1_000_000), ("", MAX_FILE_BYTES), ("lots", MAX_FILE_BYTES)],
)
def test_size_limit_from_the_environment(
    value: str, expected: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SIZE_ENV_VAR, value)
    assert max_file_bytes() == expected


def test_zero_is_not_a_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SIZE_ENV_VAR, "0")
    assert max_file_bytes() == MAX_FILE_BYTES
