"""Files -> records: find the register, read its YAML strictly, validate it into models.

Reading is strict because a register is edited by hand: YAML 1.2 core semantics (``no`` and
``10:00`` stay strings), duplicate keys are errors, alias expansion and file size are bounded,
UTF-8 with or without BOM, LF or CRLF. Every problem becomes a :class:`Diagnostic` with file,
line and column; nothing here prints or exits.
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import os
import re
import reprlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from pydantic import BaseModel, TypeAdapter, ValidationError

from prefig.diagnostics import Diagnostic, Location, Severity, format_path
from prefig.model import (
    RECORD_KINDS,
    RECORD_MODELS,
    SLUG_PATTERN,
    Body,
    Decision,
    Meeting,
    Organization,
    Person,
    Settings,
    Source,
    Venue,
)

if TYPE_CHECKING:
    from prefig.sourcemap import SourceText

DATA_DIR = "data"
MARKER = f"{DATA_DIR}/bodies.yaml"
SETTINGS_FILE = "register.yaml"
ENV_VAR = "PREFIG_REGISTER"

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Largest data file read by default (64 MiB, about 300,000 meetings)."""
SIZE_ENV_VAR = "PREFIG_MAX_FILE_BYTES"
"""Environment variable that overrides :data:`MAX_FILE_BYTES` (a number of bytes)."""
MAX_FILE_BYTES_CEILING = 1024**4
"""Largest value :data:`SIZE_ENV_VAR` can set (1 TiB): a larger number is read as this one,
so that no size computation overflows (a file that large would not fit in memory anyway)."""
MAX_ALIAS_EVENTS = 1_000_000
"""Most YAML events that aliases may replay in one file (bounds "billion laughs")."""
MAX_ALIAS_DEPTH = 64
MAX_BLOCK_NESTING = 1000
"""Most indentation and compact block indicators (``- - - x``) before a line's content: a
bound on block nesting. The parser overflows its stack somewhere past 10,000 levels (a 200 KB
file of ``- - - ...`` crashed the process); flow nesting is bounded by the parser at 255."""
MAX_DIAGNOSTICS_PER_FILE = 100
"""Validation problems reported per file; the rest are summed up in one last diagnostic."""
VALIDATION_CHUNK = 1000
"""Records validated at a time (the parsed YAML of each chunk is freed once validated)."""

# Loader codes: a file that cannot be read at all (PF001-PF009) makes the register
# unreadable (exit 2); a record that does not fit the model (PF010-PF019) is a finding.
LOADER_CODES: dict[str, tuple[str, str]] = {
    "PF001": ("unreadable-file", "A data file cannot be opened or is not a regular file."),
    "PF002": ("file-too-large", "A data file is larger than the loader accepts."),
    "PF003": ("invalid-encoding", "A data file is not valid UTF-8."),
    "PF004": ("yaml-syntax", "A data file is not well-formed YAML."),
    "PF005": ("duplicate-key", "A mapping has the same key twice."),
    "PF006": ("wrong-document-shape", "A file holds the wrong kind of YAML document."),
    "PF007": ("unsupported-tag", "A value carries a YAML tag (`!name`) that prefig would ignore."),
    "PF010": ("unknown-field", "A record has a field the model does not know."),
    "PF011": ("missing-field", "A record lacks a required field."),
    "PF012": ("invalid-value", "A field's value has the wrong type or form."),
    "PF013": (
        "unexpected-file",
        "A file in data/ that prefig does not read (a misnamed file?); a warning for a file "
        "that is not YAML or JSON.",
    ),
}
FATAL_CODES = frozenset(f"PF00{n}" for n in range(1, 10))
CONFIGURABLE_LOADER_CODES = frozenset({"PF013"})
"""Loader codes that ``rules:`` in register.yaml may turn off or give another severity
(a README kept in data/ on purpose). The others cannot be: a file that cannot be read, or a
record left out because it does not fit the model, must not go unnoticed."""


class RegisterNotFoundError(Exception):
    """No register where one was looked for; the message says where and what to do."""


@dataclass(frozen=True)
class RegisterRoot:
    path: Path
    how: str
    """How it was found: ``--register``, ``PREFIG_REGISTER`` or ``found from <cwd>``."""


def max_file_bytes() -> int:
    """The size limit in force: ``$PREFIG_MAX_FILE_BYTES`` when it is a positive whole
    number (at most :data:`MAX_FILE_BYTES_CEILING`, which a larger number stands for), else
    :data:`MAX_FILE_BYTES`. Read on each load so that tests and long-running callers see a
    change."""
    value = os.environ.get(SIZE_ENV_VAR, "").strip().replace("_", "")
    if not value.isascii() or not value.isdigit():
        return MAX_FILE_BYTES
    # Compare the digits' count before converting: int() refuses more than 4,300 digits.
    if len(value) > len(str(MAX_FILE_BYTES_CEILING)) or int(value) > MAX_FILE_BYTES_CEILING:
        return MAX_FILE_BYTES_CEILING
    return int(value) if int(value) > 0 else MAX_FILE_BYTES


def _root_of(path: Path) -> Path | None:
    """The register root that ``path`` lies in when it names ``data/`` or a file of it."""
    for candidate in (path, *path.parents[:2]):
        if (candidate / MARKER).is_file() and candidate != path:
            return candidate
    return None


def find_register(
    explicit: str | os.PathLike[str] | None = None, cwd: Path | None = None
) -> RegisterRoot:
    """The register's root: ``explicit``, else ``$PREFIG_REGISTER``, else the nearest folder
    at or above ``cwd`` that holds ``data/bodies.yaml`` (the way git finds ``.git``)."""
    for value, how in ((explicit, "--register"), (os.environ.get(ENV_VAR) or None, ENV_VAR)):
        if value is None or not str(value).strip():
            continue
        root = Path(value).expanduser()
        if not root.exists():
            raise RegisterNotFoundError(
                f"{how} names {root}, which does not exist; name the register's folder "
                f"(the one holding {MARKER})."
            )
        if not (root / MARKER).exists():
            parent = _root_of(root.absolute())
            what = "a file" if not root.is_dir() else f"a folder without {MARKER}"
            advice = (
                f"did you mean {parent}, the register it belongs to?"
                if parent is not None
                else f"name the register's folder (the one holding {MARKER}), or create "
                f"a register there with `prefig init {root}`."
            )
            raise RegisterNotFoundError(f"{how} names {root}, which is {what}; {advice}")
        return RegisterRoot(root, how)
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / MARKER).is_file():
            return RegisterRoot(folder, f"found from {start}")
    raise RegisterNotFoundError(
        f"no register found: looked for {MARKER} in {start} and every folder above it. "
        f"Run prefig inside a register, point at one with --register PATH or "
        f"{ENV_VAR}=PATH, or create one with `prefig init DIR`."
    )


@dataclass
class DataFile:
    """One data file as read: its path relative to the root and its text."""

    kind: str
    relpath: str
    text: str
    _source: SourceText | None = field(default=None, init=False, repr=False)

    def position(self, path: Sequence[str | int], *, at_key: bool = False) -> tuple[int, int]:
        if self._source is None:
            from prefig.sourcemap import SourceText  # composing is only paid for on error

            self._source = SourceText(self.text)
        return self._source.position(tuple(path), at_key=at_key)


@dataclass
class Register:
    """A loaded register: settings and records of every kind, with where they were read."""

    root: Path
    settings: Settings
    sources: list[Source] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    venues: list[Venue] = field(default_factory=list)
    bodies: list[Body] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    files: dict[str, DataFile] = field(default_factory=dict)
    raw_ids: dict[str, set[str]] = field(default_factory=dict)
    """Ids written in each file, valid records or not (so that a record that failed
    validation is not reported again as a dangling reference)."""
    _where: dict[int, tuple[str, int]] = field(default_factory=dict, repr=False)
    _indexes: dict[str, tuple[tuple[int, int], dict[str, Any]]] = field(
        default_factory=dict, repr=False
    )

    def records(self, kind: str) -> list[Any]:
        return list(getattr(self, kind))

    def all_records(self) -> Iterator[tuple[str, Any]]:
        """``(kind, record)`` for every top-level record, kind by kind in load order."""
        for kind in RECORD_KINDS:
            for record in getattr(self, kind):
                yield kind, record

    def index(self, kind: str) -> dict[str, Any]:
        """Records of ``kind`` by id (the first one when an id is repeated), built once and
        rebuilt only if the list of records is replaced or changes length."""
        records = getattr(self, kind)
        key = (id(records), len(records))
        cached = self._indexes.get(kind)
        if cached is None or cached[0] != key:
            built: dict[str, Any] = {}
            for record in records:
                built.setdefault(record.id, record)
            cached = (key, built)
            self._indexes[kind] = cached
        return cached[1]

    def locate(self, record: BaseModel, *subpath: str | int, at_key: bool = False) -> Location:
        """File, line and column of ``record`` (or of a field inside it)."""
        kind, index = self._where[id(record)]
        return self.locate_path(kind, (index, *subpath), at_key=at_key)

    def locate_path(
        self, kind: str, path: Sequence[str | int], *, at_key: bool = False
    ) -> Location:
        data_file = self.files.get(kind)
        if data_file is None:
            return Location(f"{DATA_DIR}/{kind}.yaml")
        line, column = data_file.position(path, at_key=at_key)
        return Location(data_file.relpath, line, column)

    def kind_of(self, record: BaseModel) -> tuple[str, int]:
        return self._where[id(record)]


@dataclass
class LoadResult:
    register: Register | None
    diagnostics: list[Diagnostic]

    @property
    def fatal(self) -> bool:
        """True when a file could not be read at all (the register is unreadable)."""
        return self.register is None or any(d.code in FATAL_CODES for d in self.diagnostics)


def _diag(code: str, message: str, location: Location, **kw: Any) -> Diagnostic:
    name = LOADER_CODES[code][0]
    return Diagnostic(code, name, Severity.ERROR, message, location, **kw)


_POSITION = re.compile(r"line (\d+),? column (\d+)")


def read_text(path: Path, relpath: str, root: Path) -> tuple[str | None, list[Diagnostic]]:
    """The decoded text of one data file, or diagnostics saying why it cannot be had."""
    here = Location(relpath)
    limit = max_file_bytes()
    try:
        target = path.resolve()
        if not target.is_relative_to(root.resolve()):
            return None, [
                _diag(
                    "PF001",
                    f"{relpath} leads to {target}, outside the register (through a symbolic "
                    "link); copy the file into the register instead of linking to it.",
                    here,
                )
            ]
        if path.is_dir():
            return None, [
                _diag(
                    "PF001",
                    f"{relpath} is a folder, not a file; move what it holds elsewhere and "
                    f"write the records as a YAML list in the file {relpath}.",
                    here,
                )
            ]
        if not path.is_file():
            return None, [
                _diag(
                    "PF001",
                    f"{relpath} is not a regular file (a device, socket or pipe); replace it "
                    "with a YAML file.",
                    here,
                )
            ]
        size = path.stat().st_size
        if size > limit:
            return None, [
                _diag(
                    "PF002",
                    f"{relpath} is {size:,} bytes, more than the {limit:,} a data file may "
                    f"have; split it, or raise {SIZE_ENV_VAR} if this is intended.",
                    here,
                )
            ]
        with path.open("rb") as stream:
            raw = _read_at_most(stream, size, limit)
    except (OSError, RuntimeError) as err:  # RuntimeError: a symbolic link loop
        reason = getattr(err, "strerror", None) or str(err)
        return None, [
            _diag(
                "PF001",
                f"{relpath} cannot be read: {reason}; check the file exists and may be read.",
                here,
            )
        ]
    if len(raw) > limit:  # grew between stat and read
        return None, [
            _diag(
                "PF002",
                f"{relpath} is larger than the {limit:,} bytes a data file may have; split it, "
                f"or raise {SIZE_ENV_VAR} if this is intended.",
                here,
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return None, [_encoding_error(raw, err, relpath)]
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:
        head = text[: bad.start()]
        line = head.count("\n") + 1
        column = bad.start() - (head.rfind("\n") + 1) + 1
        return None, [
            _diag(
                "PF004",
                f"control character U+{ord(bad.group()):04X} is not allowed in a YAML file; "
                "remove it (inside a double-quoted string, write it as an escape such as \\t).",
                Location(relpath, line, column),
            )
        ]
    return text, []


def _read_at_most(stream: BinaryIO, size: int, limit: int) -> bytes:
    """The stream's bytes, but no more than ``limit + 1`` of them (one more tells that the
    file grew past the limit since ``stat`` gave ``size``). ``read(n)`` allocates ``n``
    bytes up front, so the first read asks for the size ``stat`` gave, not for the limit
    (which ``PREFIG_MAX_FILE_BYTES`` may set to a terabyte)."""
    first = min(size, limit) + 1
    raw = stream.read(first)
    if len(raw) < first or len(raw) > limit:
        return raw
    rest = [raw]  # the file grew meanwhile: read on, a mebibyte at a time
    while (got := sum(map(len, rest))) <= limit:
        chunk = stream.read(min(1 << 20, limit + 1 - got))
        if not chunk:
            break
        rest.append(chunk)
    return b"".join(rest)


_NON_PRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
"""Characters outside YAML's printable set (c-printable): C0 and C1 controls other than tab,
line feed, carriage return and next line, DEL, and the non-characters U+FFFE and U+FFFF."""


def _encoding_error(raw: bytes, err: UnicodeDecodeError, relpath: str) -> Diagnostic:
    before = raw[: err.start]
    line_start = before.rfind(b"\n") + 1
    line = before.count(b"\n") + 1
    # The bytes before the bad one decode (that is how far decoding got): count characters.
    column = len(before[line_start:].decode("utf-8")) + 1
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        advice = "the file looks like UTF-16; save it as UTF-8"
    else:
        advice = "save the file as UTF-8 (it may have been saved as Latin-1 or Windows-1252)"
    return _diag(
        "PF003",
        f"byte 0x{raw[err.start]:02x} is not valid UTF-8; {advice}.",
        Location(relpath, line, column),
    )


_TOO_DEEP = re.compile(rf"^(?:[ \t]|[-?:][ \t]){{{MAX_BLOCK_NESTING}}}", re.MULTILINE)


def parse_yaml(text: str, relpath: str) -> tuple[Any, list[Diagnostic]]:
    """Parse one YAML document with YAML 1.2 core semantics; diagnostics on failure."""
    import yaml_rs

    deep = _TOO_DEEP.search(text)
    if deep is not None:
        line = text.count("\n", 0, deep.start()) + 1
        return None, [
            _diag(
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
                _diag(
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
            _diag(
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
                _diag(
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
                _diag(
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
                _diag(
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
        return _diag(
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
    return _diag(
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
    return _diag("PF004", message, Location(relpath, *(replay.crossed_at or (1, 1))))


_ALIAS = re.compile(r"(?:^|[\s\[{,:])\*[^\s\[\]{},]+", re.MULTILINE)


def _first_alias(text: str) -> tuple[int, int]:
    match = _ALIAS.search(text)
    if match is None:
        return (1, 1)
    star = text.index("*", match.start())
    line_start = text.rfind("\n", 0, star) + 1
    return text.count("\n", 0, star) + 1, star - line_start + 1


def _validation_diagnostics(
    err: ValidationError, data_file: DataFile, prefix: tuple[str | int, ...], record: str | None
) -> Iterator[Diagnostic]:
    """One diagnostic per error of ``err``, each located when it is taken: a caller that
    shows the first hundred (``itertools.islice``) pays for a hundred positions, not for one
    per error (finding a key walks its mapping, so 32,000 unknown keys took 20 s)."""
    for error in err.errors(include_url=False):
        loc: tuple[str | int, ...] = (*prefix, *error["loc"])
        at_key = False
        if loc and loc[-1] == "[key]":  # a mapping key that is wrong: point at the key
            loc, at_key = loc[:-1], True
        field_loc = tuple(p for p in error["loc"] if p != "[key]")
        kind = error["type"]
        field_name = str(field_loc[-1]) if field_loc else ""
        if kind == "extra_forbidden":
            line, col = data_file.position(loc, at_key=True)
            code = "PF010"
            message = _unknown_field_message(field_name, data_file.kind, field_loc[:-1])
        elif kind == "missing":
            line, col = data_file.position(loc[:-1])
            code = "PF011"
            where = format_path(field_loc[:-1])
            message = f"required field {field_name!r} is missing" + (
                f" in {where}; add it." if where else "; add it."
            )
        else:
            line, col = data_file.position(loc, at_key=at_key)
            code = "PF012"
            message = _value_message(error, field_loc, field_name, data_file.kind)
        yield _diag(
            code,
            message,
            Location(data_file.relpath, line, col),
            record=record,
            path=(data_file.kind, *(str(p) if not isinstance(p, int) else p for p in loc)),
        )


def _unknown_field_message(field_name: str, kind: str, parent: tuple[str | int, ...]) -> str:
    if field_name == "<<":
        return (
            "YAML merge keys (<<) are not part of YAML 1.2 and prefig does not expand them; "
            "write the fields out in full."
        )
    import difflib

    model = Settings if kind == "register" else RECORD_MODELS.get(kind)
    fields = _fields_at(model, parent) if model is not None else []
    close = difflib.get_close_matches(field_name, fields, n=1, cutoff=0.7)
    advice = (
        f"did you mean {close[0]!r}?"
        if close
        else f"check its spelling (`prefig schema {kind}` lists the fields)."
    )
    return f"unknown field {field_name!r}; {advice}"


def _fields_at(model: type[BaseModel], path: tuple[str | int, ...]) -> list[str]:
    """Names of the fields of the model found at ``path`` inside ``model`` (list indexes
    skipped), or [] when the path leads to no model."""
    import typing

    current: type[BaseModel] | None = model
    for part in path:
        if current is None:
            return []
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = None
        pending: list[Any] = [info.annotation]
        while pending:
            hint = pending.pop()
            if isinstance(hint, type) and issubclass(hint, BaseModel):
                current = hint
                break
            pending += typing.get_args(hint)
    return list(current.model_fields) if current is not None else []


_DAY_ERRORS = {"date_type", "date_parsing", "date_from_datetime_parsing"}
_TIME_ERRORS = {"time_type", "time_parsing"}


def _value_message(error: Any, field_loc: tuple[str | int, ...], field_name: str, kind: str) -> str:
    """What is wrong with a value, in the register's terms, and what to write instead."""
    where = format_path(field_loc) or "the record"
    value = error.get("input")
    type_ = error["type"]
    if type_ in _DAY_ERRORS or type_ == "date_from_datetime_inexact":
        return f"{where}: {_shown(value)} is not a day; write it as YYYY-MM-DD (2015-02-13)."
    if type_ in _TIME_ERRORS:
        return (
            f'{where}: {_shown(value)} is not a time of day; write it as "HH:MM" ("10:00", '
            "24-hour clock)."
        )
    if type_ == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == SLUG_PATTERN:
        fixed = re.sub(r"[\s_]+", "-", str(value).strip().lower())
        example = f"write {fixed!r}" if re.match(SLUG_PATTERN, fixed) else "comite-pilotage-2015"
        return (
            f"{where}: {_shown(value)} is not a valid id; ids use lower-case letters, digits "
            f"and hyphens, starting with a letter or digit ({example})."
        )
    if type_ == "model_type" and not field_loc:
        return (
            f"each item of {kind}.yaml must be a mapping of fields (starting with `- id: ...`), "
            f"not {_shown(value)}."
        )
    if type_ in {"model_type", "dict_type"}:
        return f"{where}: expected a mapping of fields (key: value lines), got {_shown(value)}."
    if type_ == "list_type":
        return f"{where}: expected a list (lines starting with `- `), got {_shown(value)}."
    if type_ == "string_too_short":
        return f"{where}: must not be empty; write a value or remove the field."
    if type_ == "invalid_key":
        return f"{where}: {_shown(value)} is not a valid key; keys are plain names."
    if type_ == "string_type":
        return (
            f"{where}: expected text, got {_shown(value)}; write text, in quotes if it looks "
            'like a number or a date ("2015").'
        )
    if type_ in {"int_type", "int_parsing", "int_from_float"}:
        if isinstance(value, str) and value.strip().isdigit():
            return (
                f"{where}: expected a whole number, got the text {_shown(value)}; write the "
                f"number without quotes ({value.strip()})."
            )
        return f"{where}: expected a whole number, got {_shown(value)}."
    if type_ in {"bool_type", "bool_parsing"}:
        if isinstance(value, str) and value.strip().lower() in {"true", "false"}:
            return (
                f"{where}: expected true or false, got the text {_shown(value)}; write it "
                f"without quotes ({value.strip().lower()})."
            )
        return f"{where}: expected true or false, got {_shown(value)}."
    if type_ in {"enum", "literal_error"}:
        import difflib

        expected = str(error.get("ctx", {}).get("expected", ""))
        choices = re.findall(r"'([^']*)'", expected)
        close = (
            difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
            if isinstance(value, str)
            else []
        )
        if close:
            return (
                f"{where}: {_shown(value)} is not allowed here; did you mean {close[0]!r}? "
                f"(one of {expected})"
            )
        return f"{where}: {_shown(value)} is not allowed here; use one of {expected}."
    if type_ == "value_error":  # the models' own checks: their message says what to do
        detail = str(error.get("ctx", {}).get("error", error["msg"]))
        return f"{where}: {detail}."
    detail = error["msg"]
    detail = detail[0].lower() + detail[1:] if detail else detail
    return f"{where}: {detail} (got {_shown(value)})."


def _short_repr() -> reprlib.Repr:
    short = reprlib.Repr()
    short.maxlevel = 2
    return short


_SHORT_REPR = _short_repr()


def _shown(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return f"{value.isoformat(sep=' ')} (a date and time)"
    # Python refuses to write out an int of more than 4,300 digits (and it would take long).
    if isinstance(value, int) and value.bit_length() > 64:
        digits = int(abs(value).bit_length() * 0.30102999566398) + 1  # at most one too many
        digits -= abs(value) < 10 ** (digits - 1)
        return f"a number of {digits:,} digits"
    # A value nested thousands of levels deep (or a huge list) must not be repr'd whole: the
    # built-in repr recurses without bound.
    containers = (dict, list, tuple, set)
    try:
        shown = _SHORT_REPR.repr(value) if isinstance(value, containers) else repr(value)
    except ValueError:  # a huge int inside a list: reprlib writes ints out in full
        shown = f"a {type(value).__name__} holding a number too long to show"
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _record_id(item: Any) -> str | None:
    if isinstance(item, dict):
        value = item.get("id")
        if isinstance(value, str):
            return value
    return None


_ADAPTERS: dict[str, TypeAdapter[Any]] = {}


def _adapter(kind: str) -> TypeAdapter[Any]:
    if kind not in _ADAPTERS:
        _ADAPTERS[kind] = TypeAdapter(list[RECORD_MODELS[kind]])  # type: ignore[valid-type]
    return _ADAPTERS[kind]


def load_register(root: Path) -> LoadResult:
    """Read and validate every data file under ``root/data``.

    Records that fail validation are reported and left out; the rest are loaded so that
    register-wide rules can still run on them. Returns ``register=None`` only when the
    settings themselves cannot be had.
    """
    with paused_gc():
        return _load_register(root)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cycle collector while the register is built.

    Loading makes hundreds of thousands of objects that all survive (parsed data, then
    records), so the collector runs again and again and finds nothing to free: on a 10 MB
    register it took nearly two thirds of the loading time (docs/loader.md). Parsed YAML and
    records hold no reference cycles, so nothing is lost by collecting later.

    For programs that embed prefig: the collector is off, for every thread, inside the block;
    it is switched back on when the block ends, by an exception too, and only if it was on
    before (a caller that turned it off keeps it off; nested pauses are fine). Objects alive
    at the end are moved to the oldest generation, unless the caller has frozen objects of
    its own (``gc.freeze()``), which are then left as they are.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What was made meanwhile sits in the youngest generation, which the first collection
        # after re-enabling would scan whole: move it to the oldest one, which only a full
        # collection scans (freeze then unfreeze does that; nothing stays frozen). unfreeze()
        # would also thaw what the caller froze (a pre-fork server does), so not then.
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def _load_register(root: Path) -> LoadResult:
    diagnostics: list[Diagnostic] = []
    data_dir = root / DATA_DIR
    files: dict[str, DataFile] = {}
    raw_ids: dict[str, set[str]] = {}
    loaded: dict[str, list[Any]] = {}
    where: dict[int, tuple[str, int]] = {}

    settings: Settings | None = None
    rel = f"{DATA_DIR}/{SETTINGS_FILE}"
    settings_path = data_dir / SETTINGS_FILE
    if not settings_path.exists() and not settings_path.is_symlink():
        diagnostics.append(
            _diag(
                "PF001",
                f"{rel} is missing; create it with at least `name: <register name>` "
                "(`prefig init` writes one).",
                Location(rel),
            )
        )
    else:
        text, problems = read_text(settings_path, rel, root)
        diagnostics += problems
        if text is not None:
            data, problems = parse_yaml(text, rel)
            diagnostics += problems
            data_file = DataFile("register", rel, text)
            files["register"] = data_file
            if not problems:
                if not isinstance(data, dict):
                    diagnostics.append(
                        _diag(
                            "PF006",
                            f"{rel} must be a mapping of settings (name:, locale:, timezone:)"
                            f", not {_shape(data)}.",
                            Location(rel, 1, 1),
                        )
                    )
                else:
                    try:
                        settings = Settings.model_validate(data)
                    except ValidationError as err:
                        found = _validation_diagnostics(err, data_file, (), None)
                        shown = itertools.islice(found, MAX_DIAGNOSTICS_PER_FILE + 1)
                        diagnostics += _capped(list(shown), rel)

    for kind in RECORD_KINDS:
        rel = f"{DATA_DIR}/{kind}.yaml"
        path = data_dir / f"{kind}.yaml"
        records: list[Any] = []
        loaded[kind] = records
        if not path.exists() and not path.is_symlink():
            if kind == "bodies":
                diagnostics.append(_diag("PF001", f"{rel} is missing.", Location(rel)))
            continue
        text, problems = read_text(path, rel, root)
        diagnostics += problems
        if text is None:
            continue
        data_file = DataFile(kind, rel, text)
        ids: set[str] = set()
        invalid: list[Diagnostic] = []
        if not _load_in_pieces(kind, text, data_file, records, invalid, ids):
            data, problems = parse_yaml(text, rel)
            diagnostics += problems
            if problems:
                continue
            files[kind] = data_file
            if data is None:
                diagnostics.append(
                    _diag(
                        "PF006",
                        f"{rel} is empty; write `[]` for a file with no {kind} yet.",
                        Location(rel, 1, 1),
                    )
                )
                continue
            if not isinstance(data, list):
                diagnostics.append(
                    _diag(
                        "PF006",
                        f"{rel} must be a list of {kind} (each item starting with `- id: ...`), "
                        f"not {_shape(data)}.",
                        Location(rel, 1, 1),
                    )
                )
                continue
            # Validate in chunks, dropping each chunk's parsed YAML once its records are
            # built, so that the parsed file and its records are never both held whole.
            for start in range(0, len(data), VALIDATION_CHUNK):
                chunk = data[start : start + VALIDATION_CHUNK]
                data[start : start + VALIDATION_CHUNK] = [None] * len(chunk)
                _validate_chunk(kind, chunk, start, data_file, records, invalid, ids)
                del chunk
            del data
        files[kind] = data_file
        raw_ids[kind] = ids
        diagnostics += _capped(invalid, rel)
        for index, record in enumerate(records):
            if record is not None:
                where[id(record)] = (kind, index)
        records[:] = [r for r in records if r is not None]

    diagnostics += unexpected_files(data_dir)
    if settings is None:
        return LoadResult(None, diagnostics)
    register = Register(root=root, settings=settings, files=files, raw_ids=raw_ids, **loaded)  # type: ignore[arg-type]
    register._where = where
    return LoadResult(register, diagnostics)


EXPECTED_FILES = (SETTINGS_FILE, *(f"{kind}.yaml" for kind in RECORD_KINDS))
"""The files of ``data/`` that prefig reads."""

_OTHER_NAMES = {
    "settings": "register",
    "config": "register",
    "persons": "people",
    "members": "people",
    "orgs": "organizations",
    "places": "venues",
    "locations": "venues",
    "committees": "bodies",
}
"""Names people give a data file that no spelling distance leads to."""


def _meant(name: str) -> str | None:
    """The expected file that ``name`` (a file or folder of ``data/``) stands for, if any."""
    import difflib

    stem = name.split(".", 1)[0].lower().replace("_", "-")
    stems = [n.removesuffix(".yaml") for n in EXPECTED_FILES]
    if stem in _OTHER_NAMES:
        return f"{_OTHER_NAMES[stem]}.yaml"
    close = difflib.get_close_matches(stem, stems, n=1, cutoff=0.75)
    return f"{close[0]}.yaml" if close else None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def unexpected_files(data_dir: Path) -> list[Diagnostic]:
    """PF013 for each entry of ``data/`` that prefig does not read, since whatever it holds
    is silently left out of the register: an error for a YAML file or a folder named like a
    data file (``meeting.yaml``, ``bodies.yml``, ``meetings/``), a warning for anything else.
    Hidden entries and editor backups (``~``, ``#...#``) are passed over, and so is a name
    that is a data file's under another case on a case-insensitive file system."""
    try:
        entries = sorted(os.scandir(data_dir), key=lambda e: e.name)
    except OSError:
        return []
    out: list[Diagnostic] = []
    for entry in entries:
        name = entry.name
        if name in EXPECTED_FILES or name.startswith(".") or name.endswith("~"):
            continue
        if name.startswith("#") and name.endswith("#"):  # an editor's autosave file
            continue
        rel = f"{DATA_DIR}/{name}"
        meant = _meant(name)
        if meant is not None and _same_file(data_dir / name, data_dir / meant):
            continue  # Meetings.yaml on a case-insensitive file system: it is read
        try:
            folder = entry.is_dir()
        except OSError:
            folder = False
        yaml_like = name.lower().endswith((".yaml", ".yml", ".json"))
        severity = Severity.ERROR if yaml_like or (folder and meant) else Severity.WARNING
        what = "folder" if folder else "file"
        if meant is not None and (data_dir / meant).exists():
            advice = (
                f"prefig reads {DATA_DIR}/{meant}, which exists: move any records of {rel} "
                f"into it, then remove {rel}."
            )
        elif meant is not None:
            advice = f"did you mean {DATA_DIR}/{meant}? Rename it."
        else:
            advice = (
                f"prefig reads only {', '.join(EXPECTED_FILES)}: move the {what} out of "
                f"{DATA_DIR}/, or its records into one of those files."
            )
        out.append(
            Diagnostic(
                "PF013",
                LOADER_CODES["PF013"][0],
                severity,
                f"{rel} is not read, so anything it holds is left out of the register; {advice}",
                Location(rel),
            )
        )
    return out


def _validate_chunk(
    kind: str,
    chunk: list[Any],
    start: int,
    data_file: DataFile,
    records: list[Any],
    invalid: list[Diagnostic],
    ids: set[str],
) -> None:
    """Validate ``chunk`` (items ``start`` onwards of a file): append a record, or None, for
    each item, the diagnostics of the invalid ones (while under the cap), and the ids
    written."""
    ids.update(i for i in map(_record_id, chunk) if i is not None)
    try:
        records.extend(_adapter(kind).validate_python(chunk))
    except ValidationError:
        # Validate item by item to keep the valid records and report the others.
        model = RECORD_MODELS[kind]
        for index, item in enumerate(chunk, start=start):
            try:
                records.append(model.model_validate(item))
            except ValidationError as err:
                records.append(None)
                room = MAX_DIAGNOSTICS_PER_FILE + 1 - len(invalid)
                if room > 0:
                    found = _validation_diagnostics(err, data_file, (index,), _record_id(item))
                    invalid += itertools.islice(found, room)


_FIRST_ITEM = re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\r?\n)*-(?:[ \t]|\r?\n)")
_ITEM = re.compile(r"^-(?=[ \t]|\r?$)", re.MULTILINE)
_WHOLE_DOCUMENT = re.compile(r"^(?:---|\.\.\.|%)", re.MULTILINE)


def _pieces(text: str) -> Iterator[str] | None:
    """``text`` cut before every ``VALIDATION_CHUNK``-th item of its root block sequence, or
    None when the file must be parsed whole: it is small, is not a root block sequence, or has
    aliases, document markers or directives, which may tie items together.

    A line that starts with ``- `` at column 0 begins a new root item, unless it lies inside an
    unterminated quoted string or flow collection; the piece before it then fails to parse,
    and the caller parses the whole file instead.
    """
    if "*" in text or not _FIRST_ITEM.match(text) or _WHOLE_DOCUMENT.search(text):
        return None
    starts = [m.start() for m in _ITEM.finditer(text)][VALIDATION_CHUNK::VALIDATION_CHUNK]
    if not starts or any(_block_scalar_left_open(text, start) for start in starts):
        return None
    bounds = [0, *starts, len(text)]
    return (text[a:b] for a, b in itertools.pairwise(bounds))


_BLOCK_SCALAR_HEADER = re.compile(r"(?:^|[ \t])[|>][-+1-9]{0,2}[ \t]*(?:#.*)?$")


def _block_scalar_left_open(text: str, end: int) -> bool:
    """Whether the last content line before ``end`` opens a block scalar (``notes: |``).

    Such a scalar is empty when the next item follows at once; yaml-rs reads it as ``""``
    there but as ``"\n"`` at the end of its input, so a piece cut at ``end`` would disagree
    with the whole file. Comment and blank lines are passed over."""
    for line in reversed(text[max(0, end - 4096) : end].splitlines()):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return _BLOCK_SCALAR_HEADER.search(line.rstrip()) is not None
    return False


def _load_in_pieces(
    kind: str,
    text: str,
    data_file: DataFile,
    records: list[Any],
    invalid: list[Diagnostic],
    ids: set[str],
) -> bool:
    """Parse and validate a large file piece by piece, so that neither the parser's working
    memory nor the parsed YAML is ever held for the whole file. False (and nothing added)
    when the file must be parsed whole, including when any piece fails to parse: the whole
    parse then gives the same diagnostics as ever."""
    pieces = _pieces(text)
    if pieces is None:
        return False
    start = 0
    for piece in pieces:
        data, problems = parse_yaml(piece, data_file.relpath)
        if problems or not isinstance(data, list):
            records.clear()
            invalid.clear()
            ids.clear()
            return False
        _validate_chunk(kind, data, start, data_file, records, invalid, ids)
        start += len(data)
    return True


def _capped(problems: list[Diagnostic], relpath: str) -> list[Diagnostic]:
    """At most :data:`MAX_DIAGNOSTICS_PER_FILE` problems, then one saying that there are
    more: a file wrong throughout is fixed from its first errors, and listing them all (a
    generated file, an alias expanding to thousands of bad items) would take long."""
    if len(problems) <= MAX_DIAGNOSTICS_PER_FILE:
        return problems
    kept = problems[:MAX_DIAGNOSTICS_PER_FILE]
    last = kept[-1]
    summary = _diag(
        last.code,
        f"more problems in {relpath} are not shown; fix the ones above and check again.",
        last.location,
    )
    return [*kept, summary]


def _shape(data: Any) -> str:
    if data is None:
        return "an empty document"
    if isinstance(data, list):
        return "a list"
    if isinstance(data, dict):
        return "a mapping"
    return f"a single value ({type(data).__name__})"
