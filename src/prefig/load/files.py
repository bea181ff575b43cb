"""The files of ``data/``: which ones prefig reads, the model each holds, and reading the
records of one (piece by piece when it is large, validated in chunks)."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from prefig.diagnostics import Diagnostic, Location, Severity
from prefig.load.codes import LOADER_CODES
from prefig.load.messages import (
    MAX_DIAGNOSTICS_PER_FILE,
    _capped,
    _shape,
    _validation_diagnostics,
    diagnostic,
)
from prefig.load.parse import parse_yaml
from prefig.load.read import read_text
from prefig.load.root import DATA_DIR, SETTINGS_FILE
from prefig.model import RECORD_KINDS, RECORD_MODELS, Settings

if TYPE_CHECKING:
    from prefig.sourcemap import SourceText

VALIDATION_CHUNK = 1000
"""Records validated at a time (the parsed YAML of each chunk is freed once validated)."""


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


def _record_id(item: Any) -> str | None:
    if isinstance(item, dict):
        value = item.get("id")
        if isinstance(value, str):
            return value
    return None


@dataclass(frozen=True)
class DroppedRecord:
    """An item of a data file that failed validation and was left out of the register, with
    what could still be read of it, so that rules reasoning about absence (a cadence gap, a
    body without meetings) do not report the gap the dropped record would have filled."""

    kind: str
    """The file it was read from (``meetings``, ``bodies`` ...)."""
    index: int
    """Its index among the file's items."""
    id: str | None
    """Its ``id``, when it wrote one as text."""
    fields: dict[str, str]
    """Its top-level fields written as text or as a day (a meeting's ``body`` and ``date``,
    a day as ``YYYY-MM-DD``): nothing in them is validated."""


def _dropped(kind: str, index: int, item: Any) -> DroppedRecord:
    fields: dict[str, str] = {}
    if isinstance(item, dict):
        for key, value in item.items():
            # The parser reads a day (``2026-04-14``) as a date: kept as the text it was.
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                value = value.isoformat()
            if isinstance(key, str) and isinstance(value, str):
                fields[key] = value
    return DroppedRecord(kind, index, _record_id(item), fields)


_ADAPTERS: dict[str, TypeAdapter[Any]] = {}


def _adapter(kind: str) -> TypeAdapter[Any]:
    if kind not in _ADAPTERS:
        _ADAPTERS[kind] = TypeAdapter(list[RECORD_MODELS[kind]])  # type: ignore[valid-type]
    return _ADAPTERS[kind]


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


@dataclass
class Validated:
    """What validating items of a file gave: for each item its record, or None when it is
    invalid; the diagnostics of the invalid ones (as many as there was room for); the ids
    written, valid records or not."""

    items: list[Any] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    dropped: list[DroppedRecord] = field(default_factory=list)

    def extend(self, more: Validated) -> None:
        """Add what the next items of the same file gave."""
        self.items += more.items
        self.diagnostics += more.diagnostics
        self.ids |= more.ids
        self.dropped += more.dropped

    @property
    def room(self) -> int:
        """How many more diagnostics the file's cap leaves room for (one more than
        :data:`MAX_DIAGNOSTICS_PER_FILE`, so that ``_capped`` can tell there are more)."""
        return MAX_DIAGNOSTICS_PER_FILE + 1 - len(self.diagnostics)


def _validate_chunk(
    kind: str, chunk: list[Any], start: int, data_file: DataFile, room: int
) -> Validated:
    """Validate ``chunk`` (items ``start`` onwards of a file): a record, or None, for each
    item, the diagnostics of the invalid ones (at most ``room``), and the ids written."""
    ids = {i for i in map(_record_id, chunk) if i is not None}
    try:
        return Validated(list(_adapter(kind).validate_python(chunk)), [], ids)
    except ValidationError:
        pass
    # Validate item by item to keep the valid records and report the others.
    model = RECORD_MODELS[kind]
    out = Validated(ids=ids)
    for index, item in enumerate(chunk, start=start):
        try:
            out.items.append(model.model_validate(item))
        except ValidationError as err:
            out.items.append(None)
            out.dropped.append(_dropped(kind, index, item))
            left = room - len(out.diagnostics)
            if left > 0:
                found = _validation_diagnostics(err, data_file, (index,), _record_id(item))
                out.diagnostics += itertools.islice(found, left)
    return out


def _validate_whole(kind: str, data: list[Any], data_file: DataFile) -> Validated:
    """Validate the parsed list ``data`` in chunks, dropping each chunk's parsed YAML once
    its records are built, so that the parsed file and its records are never both held
    whole (``data`` is left holding None)."""
    out = Validated()
    for start in range(0, len(data), VALIDATION_CHUNK):
        chunk = data[start : start + VALIDATION_CHUNK]
        data[start : start + VALIDATION_CHUNK] = [None] * len(chunk)
        out.extend(_validate_chunk(kind, chunk, start, data_file, out.room))
        del chunk
    return out


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


def _load_in_pieces(kind: str, text: str, data_file: DataFile) -> Validated | None:
    """Parse and validate a large file piece by piece, so that neither the parser's working
    memory nor the parsed YAML is ever held for the whole file. None when the file must be
    parsed whole, including when any piece fails to parse: the whole parse then gives the
    same diagnostics as ever."""
    pieces = _pieces(text)
    if pieces is None:
        return None
    out = Validated()
    for piece in pieces:
        data, problems = parse_yaml(piece, data_file.relpath)
        if problems or not isinstance(data, list):
            return None
        out.extend(_validate_chunk(kind, data, len(out.items), data_file, out.room))
    return out


@dataclass
class RecordFile:
    """What one file of records gave."""

    kind: str
    data_file: DataFile | None
    """The file as read, once it parsed (diagnostics about it can then be located)."""
    items: list[Any]
    """A record, or None for an item that is not valid, per item of the file."""
    ids: set[str] | None
    """The ids written in the file, valid records or not; None when it held no list."""
    diagnostics: list[Diagnostic]
    dropped: list[DroppedRecord] = field(default_factory=list)
    """The items that failed validation, as far as they can be read."""


def read_records(root: Path, kind: str) -> RecordFile:
    """Read, parse and validate ``data/<kind>.yaml``; a file that is not there gives no
    records (and PF001 for ``bodies.yaml``, the file that marks a register)."""
    rel = f"{DATA_DIR}/{kind}.yaml"
    path = root / DATA_DIR / f"{kind}.yaml"
    if not path.exists() and not path.is_symlink():
        if kind != "bodies":
            return RecordFile(kind, None, [], None, [])
        missing = diagnostic("PF001", f"{rel} is missing.", Location(rel))
        return RecordFile(kind, None, [], None, [missing])
    text, problems = read_text(path, rel, root)
    if text is None:
        return RecordFile(kind, None, [], None, problems)
    return records_from_text(kind, rel, text)


def records_from_text(kind: str, rel: str, text: str) -> RecordFile:
    """Parse and validate ``text`` as the file ``rel`` of records of ``kind``, as
    :func:`read_records` does once it has read the file (a program that writes a data file
    checks the new text with it before replacing the file)."""
    data_file = DataFile(kind, rel, text)
    validated = _load_in_pieces(kind, text, data_file)
    if validated is None:
        data, problems = parse_yaml(text, rel)
        if problems:
            return RecordFile(kind, None, [], None, problems)
        if not isinstance(data, list):
            return RecordFile(kind, data_file, [], None, [_not_a_list(data, kind, rel)])
        validated = _validate_whole(kind, data, data_file)
        del data
    diagnostics = _capped(validated.diagnostics, rel)
    return RecordFile(
        kind, data_file, validated.items, validated.ids, diagnostics, validated.dropped
    )


def _not_a_list(data: Any, kind: str, rel: str) -> Diagnostic:
    """PF006 for a file of records that holds no list."""
    if data is None:
        message = f"{rel} is empty; write `[]` for a file with no {kind} yet."
    else:
        message = (
            f"{rel} must be a list of {kind} (each item starting with `- id: ...`), "
            f"not {_shape(data)}."
        )
    return diagnostic("PF006", message, Location(rel, 1, 1))


@dataclass
class SettingsFile:
    """What ``data/register.yaml`` gave."""

    settings: Settings | None
    data_file: DataFile | None
    """The file as read, once its text could be had (even if it does not parse)."""
    diagnostics: list[Diagnostic]


def read_settings(root: Path) -> SettingsFile:
    """Read, parse and validate ``data/register.yaml``."""
    rel = f"{DATA_DIR}/{SETTINGS_FILE}"
    path = root / DATA_DIR / SETTINGS_FILE
    if not path.exists() and not path.is_symlink():
        message = (
            f"{rel} is missing; create it with at least `name: <register name>` "
            "(`prefig init` writes one)."
        )
        return SettingsFile(None, None, [diagnostic("PF001", message, Location(rel))])
    text, problems = read_text(path, rel, root)
    if text is None:
        return SettingsFile(None, None, problems)
    data, problems = parse_yaml(text, rel)
    data_file = DataFile("register", rel, text)
    if problems:
        return SettingsFile(None, data_file, problems)
    if not isinstance(data, dict):
        message = (
            f"{rel} must be a mapping of settings (name:, locale:, timezone:), not {_shape(data)}."
        )
        return SettingsFile(None, data_file, [diagnostic("PF006", message, Location(rel, 1, 1))])
    try:
        return SettingsFile(Settings.model_validate(data), data_file, [])
    except ValidationError as err:
        found = _validation_diagnostics(err, data_file, (), None)
        shown = itertools.islice(found, MAX_DIAGNOSTICS_PER_FILE + 1)
        return SettingsFile(None, data_file, _capped(list(shown), rel))
