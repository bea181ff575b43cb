"""Assembling the register: the settings, then each kind's file, then what else ``data/``
holds, into a :class:`Register` and the diagnostics found on the way."""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from prefig.load.files import (
    DataFile,
    DroppedRecord,
    RecordFile,
    read_records,
    read_settings,
    unexpected_files,
)
from prefig.load.register import LoadResult, Register
from prefig.load.root import DATA_DIR
from prefig.model import RECORD_KINDS


def load_register(root: Path, kinds: Collection[str] | None = None) -> LoadResult:
    """Read and validate every data file under ``root/data``, or, with ``kinds``, the
    settings and the files of those kinds of records only.

    Records that fail validation are reported and left out; the rest are loaded so that
    register-wide rules can still run on them. Returns ``register=None`` only when the
    settings themselves cannot be had.

    ``kinds`` is for a command that reads only some kinds (``meetings next`` needs bodies,
    venues and meetings): the files of the other kinds are neither read nor validated, their
    lists stay empty (:attr:`Register.kinds` says which were read), and the models of their
    records are not even built. ``prefig check`` reads every file.
    """
    if kinds is not None:
        unknown = set(kinds) - set(RECORD_KINDS)
        if unknown:
            raise ValueError(f"unknown kinds of records: {', '.join(sorted(unknown))}")
    with paused_gc():
        return _load_register(root, RECORD_KINDS if kinds is None else tuple(kinds))


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


def _load_register(root: Path, kinds: tuple[str, ...]) -> LoadResult:
    found = read_settings(root)
    diagnostics = list(found.diagnostics)
    files: dict[str, DataFile] = {}
    if found.data_file is not None:
        files["register"] = found.data_file
    raw_ids: dict[str, set[str]] = {}
    dropped: list[DroppedRecord] = []
    loaded: dict[str, list[Any]] = {}
    where: dict[int, tuple[str, int]] = {}
    for kind in RECORD_KINDS:
        if kind not in kinds:
            continue
        read = read_records(root, kind)
        diagnostics += read.diagnostics
        if read.data_file is not None:
            files[kind] = read.data_file
        if read.ids is not None:
            raw_ids[kind] = read.ids
        dropped += read.dropped
        loaded[kind] = _placed(read, where)
    diagnostics += unexpected_files(root / DATA_DIR)
    if found.settings is None:
        return LoadResult(None, diagnostics)
    # One list per kind, by the kinds' names: mypy cannot match them to Register's fields.
    register = Register(
        root=root,
        settings=found.settings,
        files=files,
        raw_ids=raw_ids,
        dropped=dropped,
        kinds=tuple(kind for kind in RECORD_KINDS if kind in kinds),
        **loaded,  # type: ignore[arg-type]
    )
    register._where = where
    return LoadResult(register, diagnostics)


def _placed(read: RecordFile, where: dict[int, tuple[str, int]]) -> list[Any]:
    """The valid records of ``read``, each entered in ``where`` with its kind and its index
    among the file's items (which :meth:`Register.locate` walks the file's YAML with)."""
    records: list[Any] = []
    for index, record in enumerate(read.items):
        if record is not None:
            where[id(record)] = (read.kind, index)
            records.append(record)
    read.items.clear()
    return records
