"""Map a path inside a YAML document (``(3, "location")``) to its line and column.

The fast loader returns plain data without positions, so positions are recovered only when a
diagnostic needs one: the offending file is composed into a node tree (PyYAML's C composer,
once per file, cached) and the path is walked down that tree. A clean register never pays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

try:  # the C composer is ~10x faster; fall back when PyYAML was built without libyaml
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]


def _compose(text: str) -> yaml.Node | None:
    """The node tree of ``text``, or None when PyYAML cannot compose it.

    The fast loader accepts YAML 1.2 that PyYAML's 1.1 composer may refuse (or, on
    pathological input, fail on in other ways); positions are a courtesy to the reader of a
    diagnostic and must never turn it into a crash, so they then fall back to the start of
    the file.
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except Exception:  # any failure means "no positions" (see above)
        return None
    return node if isinstance(node, yaml.Node) else None


ITEM_BY_ITEM_CHARACTERS = 1 << 20
"""From this size on (a mebibyte, about 2,000 meetings), a file that is a plain root block
sequence is composed one item at a time, when a position inside that item is asked for,
rather than whole: the node tree of a whole file takes about thirty times its size in
memory (750 MB for 25 MB of meetings), and a register with thousands of findings asks for
a position in every part of it."""

_ITEM_LINE = re.compile(r"^-(?=[ \t]|\r?$)", re.MULTILINE)
_FIRST_ITEM = re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\r?\n)*-(?:[ \t]|\r?\n)")
_NOT_ITEM_BY_ITEM = re.compile(r"^(?:---|\.\.\.|%)|[*\x85\u2028\u2029]|\r(?!\n)", re.MULTILINE)
"""What keeps a file from being composed item by item: document markers and directives,
aliases (which tie items together), and line breaks other than LF and CRLF
(which PyYAML counts as lines, so that an item's first line could not be counted)."""
_ITEMS_CACHED = 64


@dataclass
class SourceText:
    """The text of one data file, with its node tree composed on first use: whole, or, for
    a large root block sequence, item by item (:data:`ITEM_BY_ITEM_CHARACTERS`)."""

    text: str
    _node: yaml.Node | None = field(default=None, init=False, repr=False)
    _composed: bool = field(default=False, init=False, repr=False)
    _starts: list[int] | None = field(default=None, init=False, repr=False)
    _lines: list[int] = field(default_factory=list, init=False, repr=False)
    """The 0-based line of each of ``_starts``."""
    _items: dict[int, tuple[int, yaml.Node] | None] = field(
        default_factory=dict, init=False, repr=False
    )

    def node(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            self._node = _compose(self.text)
        return self._node

    def _item_starts(self) -> list[int]:
        """Where each root item's line starts, for a large file that can be composed item
        by item; empty otherwise (and for a file already composed whole)."""
        if self._starts is None:
            text = self.text
            self._starts = []
            if (
                not self._composed
                and len(text) >= ITEM_BY_ITEM_CHARACTERS
                and _FIRST_ITEM.match(text)
                and not _NOT_ITEM_BY_ITEM.search(text)
            ):
                self._starts = [m.start() for m in _ITEM_LINE.finditer(text)]
                line, previous = 0, 0
                for start in self._starts:  # counted once, piece by piece
                    line += text.count("\n", previous, start)
                    self._lines.append(line)
                    previous = start
        return self._starts

    def _item(self, index: int) -> tuple[int, yaml.Node] | None:
        """The 0-based line where root item ``index`` starts and its node, composed from
        the item's own lines; None when that cannot be done exactly (the whole file is then
        composed instead): the item's lines must compose to a sequence of one mapping."""
        if index in self._items:
            return self._items[index]
        starts = self._item_starts()
        found: tuple[int, yaml.Node] | None = None
        if 0 <= index < len(starts):
            start = starts[index]
            end = starts[index + 1] if index + 1 < len(starts) else len(self.text)
            root = _compose(self.text[start:end])
            if (
                isinstance(root, yaml.SequenceNode)
                and len(root.value) == 1
                and isinstance(root.value[0], yaml.MappingNode)
            ):
                found = (self._lines[index], root.value[0])
        if len(self._items) >= _ITEMS_CACHED:
            self._items.pop(next(iter(self._items)))  # the oldest
        self._items[index] = found
        return found

    def position(self, path: Path_, *, at_key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the node at ``path``, or of its nearest ancestor.

        With ``at_key``, point at the key of the last path element rather than its value
        (an unknown field is best shown where its name is written).
        """
        if path and isinstance(path[0], int) and self._item_starts():
            item = self._item(path[0])
            if item is not None:
                first_line, found = item
                line, column = _walk(found, path[1:], at_key=at_key)
                return (first_line + line, column)
            self._starts = []  # not item by item after all: compose the whole file
        root = self.node()
        if root is None:
            return (1, 1)
        return _walk(root, path, at_key=at_key)


def _walk(node: yaml.Node, path: Path_, *, at_key: bool) -> tuple[int, int]:
    """1-based (line, column), in the text ``node`` was composed from, of the node at
    ``path`` below ``node``, or of its nearest ancestor."""
    best = node.start_mark
    for depth, part in enumerate(path):
        last = depth == len(path) - 1
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                    child = key if (last and at_key) else value
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(node.value)
        ):
            child = node.value[part]
        if child is None:
            break
        node = child
        best = node.start_mark
    return (best.line + 1, best.column + 1)


_QUOTED = re.compile(r"""^(\s*-?\s*)(['"]?)(?P<key>[^'":#]+?)\2\s*:(\s|$)""")


def duplicate_key_position(text: str, key: str) -> tuple[int, int] | None:
    """Where a key is written for the second time at the same indentation, if anywhere.

    The fast loader reports a duplicate key without its position. PyYAML's composer keeps
    duplicates, so walk its mappings; fall back to a line scan when it cannot compose.
    """
    root = _compose(text)
    if root is not None:
        stack: list[yaml.Node] = [root]
        visited: set[int] = set()  # aliases share nodes: walk each once, not once per alias
        while stack:
            node = stack.pop()
            if id(node) in visited:
                continue
            visited.add(id(node))
            if isinstance(node, yaml.MappingNode):
                seen: set[str] = set()
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode):
                        if k.value == key and k.value in seen:
                            return (k.start_mark.line + 1, k.start_mark.column + 1)
                        seen.add(k.value)
                    stack.append(v)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
        return None
    seen_at: set[tuple[int, str]] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        match = _QUOTED.match(line)
        if match and match.group("key").strip() == key:
            column = match.start(2) + 1  # where the key starts, quote included
            if (column, key) in seen_at:
                return (number, column)
            seen_at.add((column, key))
    return None
