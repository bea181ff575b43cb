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


@dataclass
class SourceText:
    """The text of one data file, with its node tree composed on first use."""

    text: str
    _node: yaml.Node | None = field(default=None, init=False, repr=False)
    _composed: bool = field(default=False, init=False, repr=False)

    def node(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            self._node = _compose(self.text)
        return self._node

    def position(self, path: Path_, *, at_key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the node at ``path``, or of its nearest ancestor.

        With ``at_key``, point at the key of the last path element rather than its value
        (an unknown field is best shown where its name is written).
        """
        node = self.node()
        if node is None:
            return (1, 1)
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
