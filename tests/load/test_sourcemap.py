"""Positions of paths inside a YAML document, recovered only when a diagnostic needs one."""

from __future__ import annotations

import pytest

from prefig.sourcemap import SourceText, duplicate_key_position

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
