"""Files -> records: find the register, read its YAML strictly, validate it into models.

Reading is strict because a register is edited by hand: YAML 1.2 core semantics (``no`` and
``10:00`` stay strings), duplicate keys are errors, alias expansion and file size are bounded,
UTF-8 with or without BOM, LF or CRLF. Every problem becomes a :class:`Diagnostic` with file,
line and column; nothing here prints or exits.

One module per step, each usable alone:

- :mod:`~prefig.load.root`: finding the register (``--register``, ``PREFIG_REGISTER``, or
  the nearest folder holding ``data/bodies.yaml``);
- :mod:`~prefig.load.read`: one file's text (size bound, UTF-8, characters YAML allows);
- :mod:`~prefig.load.parse`: the text's YAML (yaml-rs, alias and nesting bounds, tags);
- :mod:`~prefig.load.messages`: the wording of what is wrong, validation errors included;
- :mod:`~prefig.load.files`: which files ``data/`` holds and the records of each;
- :mod:`~prefig.load.register` and :mod:`~prefig.load.assemble`: the :class:`Register`,
  and :func:`load_register`, which builds it step by step;
- :mod:`~prefig.load.codes`: the codes PF001-PF013 (documented as rules in
  :mod:`prefig.rules.loading`).

The names below are the loader's public interface; import them from ``prefig.load``.
"""

from __future__ import annotations

from prefig.load.assemble import load_register, paused_gc
from prefig.load.codes import CONFIGURABLE_LOADER_CODES, FATAL_CODES, LOADER_CODES
from prefig.load.files import (
    EXPECTED_FILES,
    VALIDATION_CHUNK,
    DataFile,
    DroppedRecord,
    unexpected_files,
)
from prefig.load.messages import MAX_DIAGNOSTICS_PER_FILE
from prefig.load.parse import (
    MAX_ALIAS_DEPTH,
    MAX_ALIAS_EVENTS,
    MAX_BLOCK_NESTING,
    AliasReplay,
    measure_aliases,
    parse_yaml,
)
from prefig.load.read import (
    MAX_FILE_BYTES,
    MAX_FILE_BYTES_CEILING,
    SIZE_ENV_VAR,
    RegisterFileError,
    max_file_bytes,
    read_register_file,
    read_text,
)
from prefig.load.register import LoadResult, Register
from prefig.load.root import (
    DATA_DIR,
    ENV_VAR,
    MARKER,
    SETTINGS_FILE,
    RegisterNotFoundError,
    RegisterRoot,
    find_register,
    register_of,
    relative_location,
    work_tree_root,
)

__all__ = [
    "CONFIGURABLE_LOADER_CODES",
    "DATA_DIR",
    "ENV_VAR",
    "EXPECTED_FILES",
    "FATAL_CODES",
    "LOADER_CODES",
    "MARKER",
    "MAX_ALIAS_DEPTH",
    "MAX_ALIAS_EVENTS",
    "MAX_BLOCK_NESTING",
    "MAX_DIAGNOSTICS_PER_FILE",
    "MAX_FILE_BYTES",
    "MAX_FILE_BYTES_CEILING",
    "SETTINGS_FILE",
    "SIZE_ENV_VAR",
    "VALIDATION_CHUNK",
    "AliasReplay",
    "DataFile",
    "DroppedRecord",
    "LoadResult",
    "Register",
    "RegisterFileError",
    "RegisterNotFoundError",
    "RegisterRoot",
    "find_register",
    "load_register",
    "max_file_bytes",
    "measure_aliases",
    "parse_yaml",
    "paused_gc",
    "read_register_file",
    "read_text",
    "register_of",
    "relative_location",
    "unexpected_files",
    "work_tree_root",
]
