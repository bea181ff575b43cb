"""Parsing one data file's text: YAML 1.2 through yaml-rs, with bounds on aliases and
nesting, and the checks yaml-rs does not make (tags, several documents, escaped controls)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from prefig.diagnostics import Diagnostic, Location
from prefig.load.messages import diagnostic
from prefig.load.read import _NON_PRINTABLE, max_file_bytes

MAX_ALIAS_EVENTS = 1_000_000
"""Most YAML events that aliases may replay in one file (bounds "billion laughs")."""
MAX_ALIAS_DEPTH = 64
MAX_BLOCK_NESTING = 1000
"""Most indentation and compact block indicators (``- - - x``) before a line's content: a
bound on block nesting. The parser overflows its stack somewhere past 10,000 levels (a 200 KB
file of ``- - - ...`` crashed the process); flow nesting is bounded by the parser at 255."""

_POSITION = re.compile(r"line (\d+),? column (\d+)")


_TOO_DEEP = re.compile(rf"^(?:[ \t]|[-?:][ \t]){{{MAX_BLOCK_NESTING}}}", re.MULTILINE)


def parse_yaml(text: str, relpath: str) -> tuple[Any, list[Diagnostic]]:
    """Parse one YAML document with YAML 1.2 core semantics; diagnostics on failure."""
    import yaml_rs

    deep = _TOO_DEEP.search(text)
    if deep is not None:
        line = text.count("\n", 0, deep.start()) + 1
        return None, [
            diagnostic(
                "PF004",
                f"this line is indented or nested more than {MAX_BLOCK_NESTING:,} levels deep, "
                "more than the loader accepts; flatten the structure.",
                Location(relpath, line, 1),
            )
        ]

    replay = MAX_ALIAS_EVENTS
    if "&" in text and _ALIAS.search(text):
        measured = measure_aliases(text, max_file_bytes())
        if measured is None:
            # Not measurable: no value is longer than the text it is written in, so
            # replaying this many events repeats at most the character bound.
            replay = min(MAX_ALIAS_EVENTS, max_file_bytes() // max(len(text), 1))
        elif measured.crossed_at is not None:
            return None, [_alias_bomb(measured, relpath)]
    limits = yaml_rs.AliasLimits(
        max_total_replayed_events=replay, max_replay_stack_depth=MAX_ALIAS_DEPTH
    )
    try:
        data = yaml_rs.loads(
            text, alias_limits=limits, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error
        )
    except yaml_rs.YAMLDecodeError as err:
        if replay < MAX_ALIAS_EVENTS and str(err).startswith("alias replay"):
            line, column = _first_alias(text)
            return None, [
                diagnostic(
                    "PF004",
                    f"aliases in this file may repeat more than {max_file_bytes():,} "
                    "characters (prefig cannot measure them in this file's YAML, so counts "
                    "each repeated value as long as the file); write the values out instead "
                    "of using anchors and aliases (&name, *name).",
                    Location(relpath, line, column),
                )
            ]
        return None, [_yaml_error(str(err), text, relpath)]
    except (RecursionError, MemoryError, ValueError, TypeError, OverflowError) as err:
        return None, [
            diagnostic(
                "PF004",
                f"the YAML cannot be read: {err}; simplify the structure at fault.",
                Location(relpath, 1, 1),
            )
        ]
    # yaml-rs returns a stream of several documents as a list of them: tell that apart from
    # one document holding a list by counting the document markers.
    if isinstance(data, list) and _DOCUMENT_MARKER.search(text):
        second = _second_document_line(text)
        if second is not None:
            return None, [
                diagnostic(
                    "PF006",
                    "a second YAML document starts here (after ---); a data file holds one "
                    "document: remove the --- line, or move the records into the list above.",
                    Location(relpath, second, 1),
                )
            ]
    if "!" in text and _MAYBE_TAG.search(text):
        tagged = _unsupported_tag(text)
        if tagged is not None:
            tag, line, column = tagged
            return None, [
                diagnostic(
                    "PF007",
                    f"the tag {tag} is not supported: prefig reads plain YAML (text, numbers, "
                    "true/false, lists, mappings) and would silently drop the tag; remove it, "
                    f'or quote the value ("{tag} ...") if the tag is meant as text.',
                    Location(relpath, line, column),
                )
            ]
    if "\\" in text:  # only an escape in a double-quoted scalar can still hold one
        escaped = _control_character(data)
        if escaped is not None:
            from prefig.sourcemap import SourceText

            path, at_key, character = escaped
            line, column = SourceText(text).position(path, at_key=at_key)
            return None, [
                diagnostic(
                    "PF004",
                    f"this value holds the control character U+{ord(character):04X}, written "
                    "as an escape; remove it (only tab, line feed and carriage return, \\t "
                    "\\n \\r, may be written so).",
                    Location(relpath, line, column),
                )
            ]
    return data, []


def _control_character(data: Any) -> tuple[tuple[str | int, ...], bool, str] | None:
    """The path of the first key or text of ``data`` that holds a character outside YAML's
    printable set, whether it is a key, and the character; None when there is none.

    The file's text is checked for such characters before parsing (:data:`_NON_PRINTABLE`),
    but a double-quoted scalar can still make them from escapes (``"\\0"``, ``"\\e"``,
    ``"\\x9b"``), and they would reach terminals, calendars and documents raw."""
    pending: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    seen: set[int] = set()  # aliases share containers: walk each once
    while pending:
        path, value = pending.pop()
        if isinstance(value, str):
            bad = _NON_PRINTABLE.search(value)
            if bad is not None:
                return path, False, bad.group()
        elif isinstance(value, dict | list) and id(value) not in seen:
            seen.add(id(value))
            items = value.items() if isinstance(value, dict) else enumerate(value)
            children: list[tuple[tuple[str | int, ...], Any]] = []
            for key, child in items:
                if isinstance(key, str):
                    bad = _NON_PRINTABLE.search(key)
                    if bad is not None:
                        return (*path, key), True, bad.group()
                children.append(((*path, key), child))
            pending += reversed(children)  # popped in document order
    return None


@dataclass(frozen=True)
class AliasReplay:
    """What the aliases of a file repeat: YAML events and characters of scalar values, with
    the 1-based line and column of the alias at which a bound was passed, if one was."""

    events: int
    characters: int
    crossed_at: tuple[int, int] | None = None


def measure_aliases(text: str, max_characters: int) -> AliasReplay | None:
    """What the aliases of ``text`` repeat (nested aliases included), measured on its event
    stream before any value is built; the count stops at the first alias that passes
    :data:`MAX_ALIAS_EVENTS` events or ``max_characters`` characters.

    yaml-rs bounds alias replay by events, not by size: a 1 MB string aliased 3,000 times took
    3 GB. Each anchored node's expanded size is summed from its events, an alias adds its
    anchor's, and sums stop growing past the bounds, so a "billion laughs" stays cheap.
    PyYAML's C parser gives the events. None when it cannot follow the text (YAML 1.2 that
    YAML 1.1 refuses, or a syntax error): the caller then bounds replay by events alone, as
    if each repeated value were as long as the file.
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    cap = (MAX_ALIAS_EVENTS + 1, max_characters + 1)
    sizes: dict[str, tuple[int, int]] = {}
    open_nodes: list[tuple[str | None, int, int]] = []  # anchor, events, characters so far
    events = characters = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                open_nodes.append((event.anchor, 2, 0))  # its start and end events
                continue
            if isinstance(event, yaml.AliasEvent):
                size = sizes.get(event.anchor or "", (0, 0))
                events, characters = events + size[0], characters + size[1]
                if events >= cap[0] or characters >= cap[1]:
                    mark = event.start_mark
                    at = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
                    return AliasReplay(events, characters, at)
            elif isinstance(event, yaml.ScalarEvent):
                size = (1, len(event.value))
                if event.anchor is not None:
                    sizes[event.anchor] = size
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, *counts = open_nodes.pop()
                size = (counts[0], counts[1])
                if anchor is not None:
                    sizes[anchor] = size
            else:
                continue
            if open_nodes:
                anchor, held, chars = open_nodes[-1]
                held, chars = min(held + size[0], cap[0]), min(chars + size[1], cap[1])
                open_nodes[-1] = (anchor, held, chars)
    except yaml.YAMLError:
        return None
    return AliasReplay(events, characters)


_MAYBE_TAG = re.compile(
    r"(?:^[ \t]*+|[-?:][ \t]++|[\[{,][ \t]*+|(?<![^\s\[{,])&[^\s\[\]{},]++[ \t]++)!",
    re.MULTILINE,
)
"""Where a tag may start: at a line's start, after an indicator (``- ``, ``: ``, ``? ``, a
flow bracket or comma) or an anchor. A cheap first look, so that the text's own exclamation
marks ("Attention !") do not send a large file through PyYAML's scanner.

Linear in the text: the quantifiers are possessive, and an anchor is only looked for where
one can begin (after a space, a flow bracket or comma) with a name that stops at the flow
indicators, so no run of ``&`` or ``,&`` is scanned more than once (an anchor written as
``&`` and any run of non-spaces took 30 s on 80,000 ``&`` then ``!``)."""

_CORE_TAGS = frozenset(
    {
        *(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null")),
        *(f"tag:yaml.org,2002:{name}" for name in ("map", "seq")),
        "!",  # the non-specific tag: the value is read as text
    }
)
"""Tags that only say what YAML 1.2's core schema reads anyway (``!!str 2`` is the text
``"2"``): yaml-rs applies them. Any other tag (``!include``, ``!!binary``, ``!!set``) yaml-rs
either drops silently or reads as a type no record holds."""


def _unsupported_tag(text: str) -> tuple[str, int, int] | None:
    """The first tag of ``text`` outside :data:`_CORE_TAGS`, as written, with its 1-based
    line and column; None when there is none, or when PyYAML cannot scan the text (the
    check is then skipped rather than turned into a false error)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for token in yaml.scan(text, Loader=loader):
            if not isinstance(token, yaml.TagToken):
                continue
            handle, suffix = token.value
            full = f"tag:yaml.org,2002:{suffix}" if handle == "!!" else suffix
            if handle is None and suffix == "!":
                full = "!"
            if full in _CORE_TAGS:
                continue
            shown = f"{handle}{suffix}" if handle is not None else f"!<{suffix}>"
            return shown, token.start_mark.line + 1, token.start_mark.column + 1
    except yaml.YAMLError:
        return None
    return None


_DOCUMENT_MARKER = re.compile(r"^(?:---|\.\.\.)(?:[ \t]|\r?$)", re.MULTILINE)


def _second_document_line(text: str) -> int | None:
    """Line where a second document of the stream starts, if there is one.

    A ``---`` or ``...`` at the start of a line is always a document marker in YAML 1.2 (a
    scalar cannot hold one), so counting them, with the bare documents that content outside
    any open document starts, is exact for streams that parse.
    """
    documents = 0
    open_document = False
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if line.startswith("---") and (len(line) == 3 or line[3] in " \t"):
            documents += 1
            open_document = True
        elif line.startswith("...") and (len(line) == 3 or line[3] in " \t"):
            open_document = False
            continue
        elif not open_document and line.strip() and not line.lstrip().startswith(("#", "%")):
            documents += 1
            open_document = True
        else:
            continue
        if documents == 2:
            return number
    return None


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""What YAML 1.2 counts as a line break (not Python's splitlines, which counts more)."""

_DUPLICATE = re.compile(r"duplicate mapping key: (?P<key>.*)$")


def _yaml_error(message: str, text: str, relpath: str) -> Diagnostic:
    first = message.strip().splitlines()[0] if message.strip() else "invalid YAML"
    dup = _DUPLICATE.match(first)
    if dup:
        key = dup.group("key").strip()
        if len(key) >= 2 and key[0] == key[-1] and key[0] in "'\"":
            key = key[1:-1]
        from prefig.sourcemap import duplicate_key_position

        line, column = duplicate_key_position(text, key) or (1, 1)
        shown = "an empty key (null)" if key in {"None", "null", "~", ""} else f"key {key!r}"
        return diagnostic(
            "PF005",
            f"{shown} appears twice in the same mapping; keep one of them (YAML would "
            "otherwise silently drop the other).",
            Location(relpath, line, column),
        )
    if first.startswith("alias replay"):
        return _alias_bomb(AliasReplay(MAX_ALIAS_EVENTS + 1, 0, _first_alias(text)), relpath)
    match = _POSITION.search(message)
    line, column = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
    lines = _LINE_BREAK.split(text)
    if line > len(lines):  # the parser points past the last line break: show the file's end
        line, column = len(lines), len(lines[-1]) + 1
    reason = message.strip().splitlines()[-1].strip() if match else first
    return diagnostic(
        "PF004",
        f"invalid YAML: {reason.rstrip('.')}; fix the syntax at this position (quote a value "
        "that holds ': ' or ' #', indent with spaces, close every bracket and quote).",
        Location(relpath, max(line, 1), max(column, 1)),
    )


def _alias_bomb(replay: AliasReplay, relpath: str) -> Diagnostic:
    """PF004 at the alias where ``replay`` passed a bound."""
    if replay.events > MAX_ALIAS_EVENTS:
        message = (
            f"aliases in this file expand to more than {MAX_ALIAS_EVENTS:,} YAML nodes (a "
            '"billion laughs" bomb, or aliases nested too deep); write the values out '
            "instead of repeating aliases of aliases."
        )
    else:
        limit = max_file_bytes()
        message = (
            f"aliases in this file repeat more than {limit:,} characters, more than a data "
            "file may hold written out, once this alias is expanded; write the values out "
            "instead of repeating long ones."
        )
    return diagnostic("PF004", message, Location(relpath, *(replay.crossed_at or (1, 1))))


_ALIAS = re.compile(r"(?:^|[\s\[{,:])\*[^\s\[\]{},]+", re.MULTILINE)


def _first_alias(text: str) -> tuple[int, int]:
    match = _ALIAS.search(text)
    if match is None:
        return (1, 1)
    star = text.index("*", match.start())
    line_start = text.rfind("\n", 0, star) + 1
    return text.count("\n", 0, star) + 1, star - line_start + 1
