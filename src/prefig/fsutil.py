"""Writing files safely: atomically, never over what exists without ``force``, never outside
the folder asked for."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path


class WriteRefusedError(Exception):
    """A write prefig refused to make; the message says why and what to do."""


def atomic_write(path: Path, data: str | bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename,
    so that a reader or an interruption never sees a half-written file.

    Refuses to replace an existing file unless ``force``.
    """
    if path.exists() and not force:
        raise WriteRefusedError(f"{path} already exists; use --force to overwrite it.")
    if path.is_dir():
        raise WriteRefusedError(f"{path} is a folder.")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_UNSAFE = re.compile(r"[^a-z0-9._-]+")


def safe_name(text: str, *, suffix: str = "") -> str:
    """A deterministic file name from an id or a label: ASCII, lower case, no separators,
    never empty, never ``.`` or ``..``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    name = _UNSAFE.sub("-", ascii_text.lower()).strip("-.") or "document"
    return f"{name[:120]}{suffix}"


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing any name that would resolve outside ``folder``."""
    base = folder.resolve()
    target = (base / name).resolve()
    if not target.is_relative_to(base) or target == base:
        raise WriteRefusedError(f"{name!r} would be written outside {folder}; refusing.")
    return target
