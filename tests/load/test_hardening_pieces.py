"""Large files are parsed and validated piece by piece; the outcome must be exactly that of
parsing the file whole, whatever the file holds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prefig.load import files as load
from prefig.load import load_register
from tests.conftest import SHIPPED

ITEMS = [
    "- id: m-{n}\n  body: conference-presidents-regions\n  date: 2015-03-{day:02d}\n",
    "- {{id: m-{n}, body: comite-mixte-pilotage-technique, date: 2015-04-{day:02d}}}\n",
    "# a comment between items\n- id: m-{n}\n  body: conference-presidents-regions\n"
    "  date: 2015-05-{day:02d}\n  notes: |\n    a literal block\n    - not an item\n",
    '- id: m-{n}\n  body: conference-presidents-regions\n  date: 2015-06-{day:02d}\n  name: "a\n'
    '    quoted name"\n  agenda: [{{name: un}},\n    {{name: deux}}]\n',
    "-\n  id: m-{n}\n  body: conference-presidents-regions\n  date: 2015-07-{day:02d}\n"
    "  start_time: '10:00'\n  status: 42\n",
]
NOISE = [
    "\n- ",
    "\n-",
    '"',
    "'",
    "[",
    "]",
    "{",
    "}",
    "\n  ",
    "#",
    ": ",
    "*a",
    "&a ",
    "\n---\n",
    "\t",
]


def meetings_text(count: int) -> str:
    return "".join(ITEMS[n % len(ITEMS)].format(n=n, day=n % 28 + 1) for n in range(count))


def outcome(root: Path) -> tuple[object, ...]:
    result = load_register(root)
    register = result.register
    records = None if register is None else [m.model_dump() for m in register.meetings]
    raw = None if register is None else register.raw_ids.get("meetings")
    return tuple(result.diagnostics), records, raw


def both_ways(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    monkeypatch.setattr(load, "VALIDATION_CHUNK", 2)
    pieces = outcome(root)
    with monkeypatch.context() as whole:
        whole.setattr(load, "_pieces", lambda text: None)
        return pieces, outcome(root)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(SHIPPED / "data", tmp_path / "data")
    return tmp_path


def test_pieces_are_used_and_agree_on_a_clean_file(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (root / "data" / "meetings.yaml").write_text(meetings_text(23), encoding="utf-8")
    calls: list[str] = []
    real = load.parse_yaml

    def spy(text: str, relpath: str) -> object:
        calls.append(relpath)
        return real(text, relpath)

    monkeypatch.setattr(load, "parse_yaml", spy)
    pieces, whole = both_ways(root, monkeypatch)
    assert pieces == whole
    assert calls.count("data/meetings.yaml") == 12 + 1  # 12 pieces, then once whole
    diagnostics, records, _ = pieces  # type: ignore[misc]
    assert len(records) == 23 - 4
    assert [(d.code, d.record, d.path) for d in diagnostics] == [
        ("PF012", f"m-{n}", ("meetings", n, "status")) for n in (4, 9, 14, 19)
    ]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    count=st.integers(min_value=0, max_value=14),
    edits=st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=1), st.sampled_from(NOISE) | st.text(max_size=3)
        ),
        max_size=3,
    ),
)
def test_pieces_agree_with_the_whole_file(
    root: Path,
    monkeypatch: pytest.MonkeyPatch,
    count: int,
    edits: list[tuple[float, str]],
) -> None:
    text = meetings_text(count)
    for where, noise in edits:
        at = int(where * len(text))
        text = text[:at] + noise + text[at:]
    (root / "data" / "meetings.yaml").write_text(text, encoding="utf-8")
    pieces, whole = both_ways(root, monkeypatch)
    assert pieces == whole


def test_a_piece_ending_in_an_empty_block_scalar_agrees_with_the_whole_file(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # yaml-rs reads an empty block scalar as "" before another item but as "\n" at the end
    # of its input: a piece must not be cut right after one.
    text = meetings_text(9)
    at = text.index("  notes: |\n", text.index("id: m-7")) + len("  notes: |\n")
    text = text[:at] + "- \n" + text[at:]
    (root / "data" / "meetings.yaml").write_text(text, encoding="utf-8")
    pieces, whole = both_ways(root, monkeypatch)
    assert pieces == whole
    diagnostics = pieces[0]  # type: ignore[index]
    assert any(d.path == ("meetings", 7, "notes") for d in diagnostics)
