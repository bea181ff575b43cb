"""A loaded register: its settings and records, where each was read, lookups by id."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, overload

from pydantic import BaseModel

from prefig.diagnostics import Diagnostic, Location
from prefig.load.codes import FATAL_CODES
from prefig.load.files import DataFile, DroppedRecord
from prefig.load.root import DATA_DIR
from prefig.model import (
    RECORD_KINDS,
    Body,
    Decision,
    Dispatch,
    Meeting,
    Organization,
    Person,
    Settings,
    Source,
    Venue,
)


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
    dispatches: list[Dispatch] = field(default_factory=list)
    files: dict[str, DataFile] = field(default_factory=dict)
    raw_ids: dict[str, set[str]] = field(default_factory=dict)
    """Ids written in each file, valid records or not (so that a record that failed
    validation is not reported again as a dangling reference)."""
    dropped: list[DroppedRecord] = field(default_factory=list)
    """The items that failed validation and were left out, as far as they can be read (so
    that rules do not report the absence of a record the loader has already reported)."""
    kinds: tuple[str, ...] = RECORD_KINDS
    """The kinds of records read (every kind, unless ``load_register`` was given fewer: the
    lists of the others are then empty because they were not read)."""
    _where: dict[int, tuple[str, int]] = field(default_factory=dict, repr=False)
    _indexes: dict[str, tuple[tuple[int, int], dict[str, Any]]] = field(
        default_factory=dict, repr=False
    )

    def dropped_of(self, kind: str) -> list[DroppedRecord]:
        """The items of ``kind`` that failed validation (see :attr:`dropped`)."""
        return [d for d in self.dropped if d.kind == kind]

    def records(self, kind: str) -> list[Any]:
        return list(getattr(self, kind))

    def all_records(self) -> Iterator[tuple[str, Any]]:
        """``(kind, record)`` for every top-level record, kind by kind in load order."""
        for kind in RECORD_KINDS:
            for record in getattr(self, kind):
                yield kind, record

    @overload
    def index(self, kind: Literal["sources"]) -> dict[str, Source]: ...
    @overload
    def index(self, kind: Literal["organizations"]) -> dict[str, Organization]: ...
    @overload
    def index(self, kind: Literal["people"]) -> dict[str, Person]: ...
    @overload
    def index(self, kind: Literal["venues"]) -> dict[str, Venue]: ...
    @overload
    def index(self, kind: Literal["bodies"]) -> dict[str, Body]: ...
    @overload
    def index(self, kind: Literal["meetings"]) -> dict[str, Meeting]: ...
    @overload
    def index(self, kind: Literal["decisions"]) -> dict[str, Decision]: ...
    @overload
    def index(self, kind: Literal["dispatches"]) -> dict[str, Dispatch]: ...
    @overload
    def index(self, kind: str) -> dict[str, Any]: ...

    def index(self, kind: str) -> dict[str, Any]:
        """Records of ``kind`` by id (the first one when an id is repeated), built once and
        rebuilt only if the list of records is replaced or changes length.

        Typed by kind: ``register.index("bodies")`` is a ``dict[str, Body]``; a kind only
        known at run time (a ``str``) gives ``dict[str, Any]``."""
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
