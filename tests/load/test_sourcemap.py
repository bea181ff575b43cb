"""Positions of paths inside a YAML document, recovered only when a diagnostic needs one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

import prefig.sourcemap
from prefig.sourcemap import SourceText, duplicate_key_position
from tests.conftest import REPO, SHIPPED, TESTS

BLOCK = """\
# a comment
- id: comite
  name: Comité
  seats:
    - id: president
      role: Président
      holders:
        - person: martin-malvy
- id: conference
  name: Conférence
"""


@pytest.mark.parametrize(
    ("path", "at_key", "expected"),
    [
        ((), False, (2, 1)),
        ((0,), False, (2, 3)),
        ((0, "id"), False, (2, 7)),
        ((0, "id"), True, (2, 3)),
        ((0, "seats", 0, "role"), False, (6, 13)),
        ((0, "seats", 0, "role"), True, (6, 7)),
        ((0, "seats", 0, "holders", 0, "person"), False, (8, 19)),
        ((1, "name"), False, (10, 9)),
    ],
)
def test_block_style(path: tuple[str | int, ...], at_key: bool, expected: tuple[int, int]) -> None:
    assert SourceText(BLOCK).position(path, at_key=at_key) == expected


def test_missing_path_falls_back_to_nearest_ancestor() -> None:
    source = SourceText(BLOCK)
    assert source.position((0, "seats", 0, "count")) == (5, 7)  # the seat
    assert source.position((0, "seats", 7, "role")) == (5, 5)  # the seats list
    assert source.position((5,)) == (2, 1)  # the whole document


def test_flow_style() -> None:
    text = "- {id: hotel, name: Hôtel, tags: [a, b]}\n"
    source = SourceText(text)
    assert source.position((0, "name")) == (1, 21)
    assert source.position((0, "name"), at_key=True) == (1, 15)
    assert source.position((0, "tags", 1)) == (1, 38)


def test_crlf_and_quoted_keys() -> None:
    source = SourceText("- \"id\": a\r\n  'name': b\r\n")
    assert source.position((0, "name")) == (2, 11)
    assert source.position((0, "name"), at_key=True) == (2, 3)


def test_text_pyyaml_cannot_compose_has_no_positions() -> None:
    assert SourceText("a: 1\nb: [\n").position(("a",)) == (1, 1)


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ("a: 1\nb: 2\na: 3\n", "a", (3, 1)),
        ("- x: 1\n  y:\n    z: 1\n    z: 2\n", "z", (4, 5)),
        ("{a: 1, b: 2, a: 3}\n", "a", (1, 14)),
        ("- {id: m, date: 1}\n- {id: n, date: 2}\n", "date", None),  # not in one mapping
    ],
)
def test_duplicate_key_position(text: str, key: str, expected: tuple[int, int] | None) -> None:
    assert duplicate_key_position(text, key) == expected


def test_duplicate_key_position_falls_back_to_a_line_scan() -> None:
    # PyYAML cannot compose this (an unclosed bracket), so lines are scanned instead.
    text = "a: 1\nb: 2\n'a': 3\nc: [\n"
    assert duplicate_key_position(text, "a") == (3, 1)


def test_duplicate_key_search_walks_shared_nodes_once() -> None:
    # Nine aliases of nine aliases ...: walking each alias again would take 9**8 steps.
    lines = ["a0: &a0 [x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    assert duplicate_key_position("\n".join(lines) + "\n", "zz") is None


def _paths(
    node: yaml.Node, path: tuple[str | int, ...] = (), seen: set[int] | None = None
) -> Iterator[tuple[str | int, ...]]:
    """Every path of the tree below ``node``, each with a child that does not exist; a node
    that aliases share is walked once (the fixtures hold alias bombs)."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    yield path
    yield (*path, "no-such-field")
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield from _paths(value, (*path, key.value), seen)
    elif isinstance(node, yaml.SequenceNode):
        yield (*path, len(node.value))
        for index, value in enumerate(node.value):
            yield from _paths(value, (*path, index), seen)


DATA_FILES = sorted(
    path
    for path in {*SHIPPED.glob("data/*.yaml"), *(TESTS / "fixtures").rglob("*.yaml")}
    if path.is_file() and not path.is_symlink() and path.name != "register.yaml"
)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_item_by_item_gives_the_positions_of_the_whole_file(
    monkeypatch: pytest.MonkeyPatch, path: Path
) -> None:
    """Composed item by item (as large files are), every path of every data file the tests
    hold is at the line and column the whole file's tree gives."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: never composed")
    whole = SourceText(text)
    root = whole.node()
    monkeypatch.setattr(prefig.sourcemap, "ITEM_BY_ITEM_CHARACTERS", 0)
    items = SourceText(text)
    if root is None:
        assert items.position((0, "id")) == (1, 1)
        return
    for found in _paths(root):
        for at_key in (False, True):
            assert items.position(found, at_key=at_key) == whole.position(found, at_key=at_key)


def test_large_files_are_composed_item_by_item(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prefig.sourcemap, "ITEM_BY_ITEM_CHARACTERS", 10_000)
    item = "- id: m-{n}\n  body: b\n  date: 2015-02-13\n  notes: >-\n    Une note.\n\n"
    text = "# réunions\n" + "".join(item.format(n=n) for n in range(500))
    assert len(text) > 10_000
    source = SourceText(text)
    assert source.position((345, "notes")) == (2 + 345 * 6 + 3, 10)
    assert source.position((345, "notes"), at_key=True) == (2 + 345 * 6 + 3, 3)
    assert not source._composed  # the whole file was never composed
    assert source.position((500,)) == (2, 1)  # no such item: the whole file, as ever
    assert source._composed
    small = SourceText(text[:9_000])
    assert small.position((3, "date")) == (2 + 3 * 6 + 2, 9)
    assert small._composed  # below the size: composed whole
