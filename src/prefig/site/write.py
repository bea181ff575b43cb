"""Writing a site into its folder: all or nothing, only what changed, with a manifest.

The folder's manifest (:data:`MANIFEST`) lists every file prefig wrote there, with its size
and SHA-256. A rebuild compares each new file with the manifest and rewrites only those
whose bytes differ (or that are missing or were changed by hand), then removes the files
the site no longer has. A folder that is not empty and has no manifest was not made by
``prefig site build``: it is refused unless ``force``.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prefig.fsutil import (
    WriteRefusedError,
    inside,
    remove_files,
    write_files,
    write_new_folder,
)

MANIFEST = ".prefig-site.json"
MANIFEST_KIND = "prefig-site-manifest"
MANIFEST_VERSION = 1


@dataclass(frozen=True)
class WriteReport:
    """What a build did to its folder."""

    written: tuple[str, ...]
    """Files written (new or changed)."""
    unchanged: int
    """Files left as they were: their bytes had not changed."""
    removed: tuple[str, ...]
    """Files of an earlier build that the site no longer has."""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(folder: Path) -> dict[str, dict[str, Any]] | None:
    """The files an earlier build wrote into ``folder`` (path -> size and sha256); None
    when ``folder`` has no manifest. A manifest that cannot be read is refused."""
    path = folder / MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as err:
        raise WriteRefusedError(f"cannot read {path}: {err}; remove it, or use --force.") from None
    try:
        data = json.loads(text)
        files = data["files"] if data.get("kind") == MANIFEST_KIND else None
        if not isinstance(files, dict) or not all(
            isinstance(k, str) and isinstance(v, dict) for k, v in files.items()
        ):
            raise ValueError("no files")
    except (ValueError, AttributeError, KeyError, TypeError):
        raise WriteRefusedError(
            f"{path} is not a manifest of prefig site build; the folder was not made by "
            "prefig: name another folder, or use --force."
        ) from None
    return files


def _same(folder: Path, name: str, entry: Mapping[str, Any] | None, sha256: str, size: int) -> bool:
    """Whether the file ``name`` in ``folder`` is still what the manifest says and holds
    the data of digest ``sha256``: same digest in the manifest, and on disk a regular file
    of the same size."""
    if entry is None or entry.get("sha256") != sha256:
        return False
    try:
        status = os.lstat(folder / name)
    except OSError:
        return False
    return stat.S_ISREG(status.st_mode) and status.st_size == size == entry.get("size")


SYNC_ONCE_FROM = 64
"""From this many files to write, one ``sync`` of the disk rather than an ``fsync`` each."""


def _manifest(digests: Mapping[str, str], files: Mapping[str, bytes]) -> str:
    """The manifest's text: one line per file, without indentation, so that Python's C
    encoder (used only without an indent) writes it for tens of thousands of files in a
    blink, and a diff of two manifests shows the files that changed."""
    head = json.dumps({"kind": MANIFEST_KIND, "version": MANIFEST_VERSION})[:-1]
    lines = ",\n".join(
        json.dumps(name) + ":" + json.dumps({"sha256": digests[name], "size": len(data)})
        for name, data in sorted(files.items())
    )
    return f'{head}, "files": {{\n{lines}\n}}}}\n'


def write_site(folder: Path, files: Mapping[str, bytes], *, force: bool = False) -> WriteReport:
    """Write ``files`` (path inside ``folder`` -> bytes) and the manifest into ``folder``:
    all of the changed ones or, on any failure, none; then remove the files of the earlier
    build the site no longer has.

    Refuses a folder that is not empty and was not made by ``prefig site build`` (no
    manifest), and a file in the way that the earlier build did not write, unless
    ``force``.
    """
    if MANIFEST in files:
        raise WriteRefusedError(f"the site may not have a file named {MANIFEST}.")
    old = None
    if folder.exists():
        if not folder.is_dir():
            raise WriteRefusedError(f"{folder} exists and is not a folder.")
        try:
            old = read_manifest(folder)
        except WriteRefusedError:
            if not force:
                raise
        if old is None and not force and any(folder.iterdir()):
            raise WriteRefusedError(
                f"{folder} is not empty and was not made by prefig site build (it has no "
                f"{MANIFEST}); name an empty or new folder, or use --force to write into it."
            )
    digests = {name: digest(data) for name, data in files.items()}
    manifest = _manifest(digests, files)
    fresh = not folder.is_symlink() and (not folder.exists() or not any(folder.iterdir()))
    if old is None and fresh:
        # A first build: every file is new, written at once into a fresh folder.
        write_new_folder(folder, [*files.items(), (MANIFEST, manifest)])
        return WriteReport(written=tuple(files), unchanged=0, removed=())
    previous = old or {}
    changed = [
        (name, data)
        for name, data in files.items()
        if not _same(folder, name, previous.get(name), digests[name], len(data))
    ]
    in_the_way = [name for name, _ in changed if name not in previous and (folder / name).exists()]
    if in_the_way and not force:
        raise WriteRefusedError(
            "nothing was written: files not made by prefig are in the way:\n  "
            + "\n  ".join(str(inside(folder, n)) for n in in_the_way[:20])
            + ("\n  ..." if len(in_the_way) > 20 else "")
            + "\nRemove them, or use --force to overwrite them."
        )
    for parent in sorted({name.rpartition("/")[0] for name, _ in changed} - {""}):
        inside(folder, parent).mkdir(parents=True, exist_ok=True)
    write_files(
        folder,
        [*changed, (MANIFEST, manifest)],
        force=True,
        sync_once=len(changed) >= SYNC_ONCE_FROM,
    )
    stale = sorted(name for name in previous if name not in files)
    removed = remove_files(folder, stale)
    return WriteReport(
        written=tuple(name for name, _ in changed),
        unchanged=len(files) - len(changed),
        removed=tuple(removed),
    )
