"""Files -> records: find the register, read its YAML strictly, validate it into models.

Reading is strict because a register is edited by hand: YAML 1.2 core semantics (``no`` and
``10:00`` stay strings), duplicate keys are errors, alias expansion and file size are bounded,
UTF-8 with or without BOM, LF or CRLF. Every problem becomes a :class:`Diagnostic` with file,
line and column; nothing here prints or exits.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from prefig.diagnostics import Diagnostic, Location, Severity
from prefig.model import (
    RECORD_MODELS,
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

MAX_FILE_BYTES = int(os.environ.get("PREFIG_MAX_FILE_BYTES", 64 * 1024 * 1024))
"""Largest data file read (64 MiB by default, about 300,000 meetings)."""
MAX_ALIAS_EVENTS = 1_000_000
"""Most YAML events that aliases may replay in one file (bounds "billion laughs")."""
MAX_ALIAS_DEPTH = 64

# Loader codes: a file that cannot be read at all (PF001-PF009) makes the register
# unreadable (exit 2); a record that does not fit the model (PF010-PF019) is a finding.
LOADER_CODES: dict[str, tuple[str, str]] = {
    "PF001": ("unreadable-file", "A data file cannot be opened or is not a regular file."),
    "PF002": ("file-too-large", "A data file is larger than the loader accepts."),
    "PF003": ("invalid-encoding", "A data file is not valid UTF-8."),
    "PF004": ("yaml-syntax", "A data file is not well-formed YAML."),
    "PF005": ("duplicate-key", "A mapping has the same key twice."),
    "PF006": ("wrong-document-shape", "A file holds the wrong kind of YAML document."),
    "PF010": ("unknown-field", "A record has a field the model does not know."),
    "PF011": ("missing-field", "A record lacks a required field."),
    "PF012": ("invalid-value", "A field's value has the wrong type or form."),
}
FATAL_CODES = frozenset(f"PF00{n}" for n in range(1, 10))


class RegisterNotFoundError(Exception):
    """No register where one was looked for; the message says where and what to do."""


@dataclass(frozen=True)
class RegisterRoot:
    path: Path
    how: str
    """How it was found: ``--register``, ``PREFIG_REGISTER`` or ``found from <cwd>``."""


def find_register(
    explicit: str | os.PathLike[str] | None = None, cwd: Path | None = None
) -> RegisterRoot:
    """The register's root: ``explicit``, else ``$PREFIG_REGISTER``, else the nearest folder
    at or above ``cwd`` that holds ``data/bodies.yaml`` (the way git finds ``.git``)."""
    for value, how in ((explicit, "--register"), (os.environ.get(ENV_VAR) or None, ENV_VAR)):
        if value is None:
            continue
        root = Path(value).expanduser()
        if not root.exists():
            raise RegisterNotFoundError(f"{how} names {root}, which does not exist.")
        if not root.is_dir():
            raise RegisterNotFoundError(
                f"{how} names {root}, which is a file; name the register's folder "
                f"(the one holding {MARKER})."
            )
        if not (root / MARKER).exists():
            raise RegisterNotFoundError(
                f"{how} names {root}, which holds no {MARKER}; is it the register's root? "
                f"`prefig init {root}` creates a new register there."
            )
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

    def records(self, kind: str) -> list[Any]:
        return list(getattr(self, kind))

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
    try:
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root.resolve()):
                return None, [
                    _diag(
                        "PF001",
                        f"{relpath} is a symbolic link to {target}, outside the register; "
                        "copy the file into the register instead.",
                        here,
                    )
                ]
        if path.is_dir():
            return None, [_diag("PF001", f"{relpath} is a folder; it must be a YAML file.", here)]
        if not path.is_file():
            return None, [
                _diag("PF001", f"{relpath} is not a regular file; it must be a YAML file.", here)
            ]
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                _diag(
                    "PF002",
                    f"{relpath} is {size:,} bytes, more than the {MAX_FILE_BYTES:,} a data file "
                    "may have; split it, or raise PREFIG_MAX_FILE_BYTES if this is intended.",
                    here,
                )
            ]
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        reason = err.strerror or str(err)
        return None, [_diag("PF001", f"{relpath} cannot be read: {reason}.", here)]
    if len(raw) > MAX_FILE_BYTES:  # grew between stat and read
        return None, [_diag("PF002", f"{relpath} is larger than {MAX_FILE_BYTES:,} bytes.", here)]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [
            _diag(
                "PF003",
                f"byte 0x{raw[err.start]:02x} is not valid UTF-8; save the file as UTF-8.",
                Location(relpath, line, column),
            )
        ]
    return text, []


def parse_yaml(text: str, relpath: str) -> tuple[Any, list[Diagnostic]]:
    """Parse one YAML document with YAML 1.2 core semantics; diagnostics on failure."""
    import yaml_rs

    limits = yaml_rs.AliasLimits(
        max_total_replayed_events=MAX_ALIAS_EVENTS, max_replay_stack_depth=MAX_ALIAS_DEPTH
    )
    try:
        data = yaml_rs.loads(
            text, alias_limits=limits, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error
        )
    except yaml_rs.YAMLDecodeError as err:
        return None, [_yaml_error(str(err), text, relpath)]
    except (RecursionError, MemoryError, ValueError, TypeError, OverflowError) as err:
        return None, [_diag("PF004", f"the YAML cannot be read: {err}.", Location(relpath, 1, 1))]
    if isinstance(data, list) and text.lstrip().startswith("---") and _is_multi_document(text):
        return None, [
            _diag(
                "PF006",
                "the file holds several YAML documents (separated by ---); "
                "keep one document per file.",
                Location(relpath, 1, 1),
            )
        ]
    return data, []


def _is_multi_document(text: str) -> bool:
    return sum(1 for line in text.splitlines() if line.startswith("---")) > 1


def _yaml_error(message: str, text: str, relpath: str) -> Diagnostic:
    first = message.strip().splitlines()[0] if message.strip() else "invalid YAML"
    dup = re.match(r"duplicate mapping key: '(.*)'", first)
    if dup:
        key = dup.group(1)
        from prefig.sourcemap import duplicate_key_position

        line, column = duplicate_key_position(text, key) or (1, 1)
        return _diag(
            "PF005",
            f"key {key!r} appears twice in the same mapping; keep one (YAML would silently "
            "drop the other).",
            Location(relpath, line, column),
        )
    match = _POSITION.search(message)
    line, column = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
    reason = message.strip().splitlines()[-1].strip() if match else first
    if "alias" in message.lower() and ("limit" in message.lower() or "exceed" in message.lower()):
        reason = f"{reason} (aliases expand to more than the loader allows)"
    return _diag(
        "PF004",
        f"invalid YAML: {reason}.",
        Location(relpath, max(line, 1), max(column, 1)),
        hint="Fix the YAML syntax at this position.",
    )


def _validation_diagnostics(
    err: ValidationError, data_file: DataFile, prefix: tuple[str | int, ...], record: str | None
) -> Iterator[Diagnostic]:
    for error in err.errors(include_url=False):
        loc = (*prefix, *error["loc"])
        kind = error["type"]
        field_name = str(error["loc"][-1]) if error["loc"] else ""
        if kind == "extra_forbidden":
            line, col = data_file.position(loc, at_key=True)
            code = "PF010"
            message = f"unknown field {field_name!r}; check its spelling (see `prefig schema`)."
        elif kind == "missing":
            line, col = data_file.position(loc[:-1])
            code = "PF011"
            message = f"required field {field_name!r} is missing."
        else:
            line, col = data_file.position(loc)
            code = "PF012"
            where = ".".join(str(p) for p in error["loc"] if not isinstance(p, int)) or "value"
            detail = error["msg"].removeprefix("Value error, ")
            message = f"{where}: {detail}" + _got(error.get("input"), kind)
        yield _diag(
            code,
            message,
            Location(data_file.relpath, line, col),
            record=record,
            path=tuple(str(p) if not isinstance(p, int) else p for p in loc),
        )


def _got(value: Any, kind: str) -> str:
    if kind.endswith("_type") or kind in {"enum", "literal_error", "string_pattern_mismatch"}:
        shown = repr(value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        return f" (got {shown})."
    return "."


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
                        diagnostics += _validation_diagnostics(err, data_file, (), None)

    for kind, model in RECORD_MODELS.items():
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
        data, problems = parse_yaml(text, rel)
        diagnostics += problems
        if problems:
            continue
        data_file = DataFile(kind, rel, text)
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
        raw_ids[kind] = {i for i in map(_record_id, data) if i is not None}
        try:
            records.extend(_adapter(kind).validate_python(data))
        except ValidationError:
            # Validate item by item to keep the valid records and report the others.
            for index, item in enumerate(data):
                try:
                    records.append(model.model_validate(item))
                except ValidationError as err:
                    diagnostics += _validation_diagnostics(
                        err, data_file, (index,), _record_id(item)
                    )
                    records.append(None)
        for index, record in enumerate(records):
            if record is not None:
                where[id(record)] = (kind, index)
        records[:] = [r for r in records if r is not None]

    if settings is None:
        return LoadResult(None, diagnostics)
    register = Register(root=root, settings=settings, files=files, raw_ids=raw_ids, **loaded)  # type: ignore[arg-type]
    register._where = where
    return LoadResult(register, diagnostics)


def _shape(data: Any) -> str:
    if data is None:
        return "an empty document"
    if isinstance(data, list):
        return "a list"
    if isinstance(data, dict):
        return "a mapping"
    return f"a single value ({type(data).__name__})"


def iter_records(register: Register, kinds: Iterable[str] | None = None) -> Iterator[Any]:
    for kind in kinds or RECORD_MODELS:
        yield from getattr(register, kind)
