"""Loading only some kinds of records, as a command that needs no others does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from prefig.load import load_register
from prefig.model import RECORD_KINDS
from tests.conftest import SHIPPED

READ = ("meetings", "bodies", "venues")


def test_only_the_kinds_asked_for_are_read() -> None:
    whole = load_register(SHIPPED).register
    part = load_register(SHIPPED, kinds=READ).register
    assert whole is not None and part is not None
    assert whole.kinds == RECORD_KINDS
    assert part.kinds == ("venues", "bodies", "meetings")  # in the order of RECORD_KINDS
    assert part.people == [] and part.decisions == [] and part.sources == []
    assert sorted(part.files) == ["bodies", "meetings", "register", "venues"]
    for kind in READ:
        assert [r.id for r in part.records(kind)] == [r.id for r in whole.records(kind)]
    assert part.settings == whole.settings


def test_the_files_of_other_kinds_are_not_even_read(tmp_path: Path) -> None:
    shutil.copytree(SHIPPED / "data", tmp_path / "data")
    (tmp_path / "data" / "people.yaml").write_text("- id: [broken\n", encoding="utf-8")
    assert load_register(tmp_path, kinds=READ).diagnostics == []
    codes = [d.code for d in load_register(tmp_path).diagnostics]
    assert codes == ["PF004"]


def test_an_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown kinds of records: meeting"):
        load_register(SHIPPED, kinds=("meeting",))
