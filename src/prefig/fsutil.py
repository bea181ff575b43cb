"""Writing files safely: atomically, never over what exists without ``force``, never outside
the folder asked for, and all of a set of files or none of them.

A file is written to a temporary file beside it (``.NAME.RANDOM.tmp``), flushed to disk, then
moved into place: renamed over the old file with ``force``, hard-linked otherwise, which fails
if the name was taken meanwhile, so that a file that exists is never replaced without
``force``, even by a race. New files get the mode ``0666`` less the umask, as any program's;
a replaced file keeps its mode. Only regular files are ever replaced: a folder, a symbolic
link, a device, a named pipe or a socket in the way is refused, ``force`` or not.
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import stat
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from prefig.slug import slug

MAX_NAME = 120
"""Most characters of a file name prefig derives from an id, before its suffix."""
MAX_TAIL = 60
"""Most characters kept of the distinguishing end of a name that must be shortened."""
DIGEST = 10
"""Hexadecimal digits of the hash that stands for the cut part of a shortened name."""


class WriteRefusedError(Exception):
    """A write prefig refused to make; the message says why and what to do."""


def atomic_write(path: Path, data: str | bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename,
    so that a reader or an interruption never sees a half-written file.

    Refuses to replace an existing file unless ``force``, and anything but a regular file
    even with ``force``.
    """
    old = _replaceable(path, force)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_all([(path, _bytes(data), old)], force)


def update_file(path: Path, change: Callable[[bytes | None], bytes]) -> None:
    """Replace the file at ``path`` with ``change(its bytes)`` (``None`` when there is no
    file yet), atomically, holding the lock on its folder from the read to the replacement,
    so that two programs updating it cannot lose each other's change.

    ``change`` may raise to leave the file as it was; an interruption at any point does too.
    Refuses anything but a regular file in the way.
    """
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder):
        old = _replaceable(path, force=True)
        current = None
        if old is not None:
            flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
            with os.fdopen(os.open(path, flags), "rb") as stream:
                current = stream.read()
        _write_all([(path, change(current), old)], force=True)


def write_files(
    folder: Path,
    files: Sequence[tuple[str, str | bytes]],
    *,
    force: bool = False,
    sync_once: bool = False,
) -> list[Path]:
    """Write each ``(name, data)`` into ``folder`` (created if need be): all of them, or,
    when any is refused or fails, none; the paths written.

    Every file reaches the disk before any is moved into place. With ``sync_once`` (for
    thousands of files, such as a site's pages), they are flushed to disk by one ``sync``
    of the file systems rather than one ``fsync`` each, which on most disks is far faster.

    Refuses, before writing anything, names that lead outside ``folder``, two names for one
    file, and files in the way (those that exist, without ``force``; those that are not
    regular files, always). An exclusive lock on ``folder`` keeps a second prefig from
    writing into it at the same time.
    """
    targets = _inside_all(folder, [name for name, _ in files])
    _refuse_case_clashes(folder, [name for name, _ in files], targets)
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder):
        planned, in_the_way = [], []
        for (_, data), target in zip(files, targets, strict=True):
            try:
                planned.append((target, _bytes(data), _replaceable(target, force)))
            except WriteRefusedError as err:
                in_the_way.append(str(err))
        if in_the_way:
            raise WriteRefusedError(
                "nothing was written:\n  " + "\n  ".join(in_the_way[:20]) + _more(in_the_way)
            )
        _write_all(planned, force, sync_once=sync_once and hasattr(os, "sync"))
    return targets


def _bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _more(items: Sequence[str]) -> str:
    return f"\n  ... and {len(items) - 20} more" if len(items) > 20 else ""


def _replaceable(path: Path, force: bool) -> os.stat_result | None:
    """What ``path`` names now (``None``: nothing), refusing what may not be replaced."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISDIR(status.st_mode):
        raise WriteRefusedError(f"{path} is a folder.")
    if not stat.S_ISREG(status.st_mode):
        raise WriteRefusedError(
            f"{path} is {_kind(status.st_mode)}, not a regular file; prefig writes only "
            "regular files, even with --force. Name a new file, or remove this one first."
        )
    if not force:
        raise WriteRefusedError(f"{path} already exists; use --force to overwrite it.")
    return status


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on ``folder`` while the block runs, taken on the folder itself (so
    it leaves no file behind); refused at once if another process holds it."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; the no-replace links still guard each file.
        yield
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WriteRefusedError(
                f"another prefig is writing into {folder}; nothing was written. Run this "
                "again once it has finished."
            ) from None
        except OSError:  # a file system without locks: the no-replace links still guard
            pass
        yield
    finally:
        os.close(fd)  # releases the lock


def _write_all(
    planned: Sequence[tuple[Path, bytes, os.stat_result | None]],
    force: bool,
    *,
    sync_once: bool = False,
) -> None:
    """Stage every file, then move them all into place; on any failure or interruption
    (including SIGTERM, which the CLI turns into an exception), remove what was staged and
    undo what was placed, so that the folder is as it was."""
    staged: list[Path] = []
    placed: list[tuple[Path, bool, Path | None]] = []
    try:
        for path, payload, old in planned:
            tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
            staged.append(tmp)  # before it exists: an interruption may come at any moment
            _write_new(
                tmp, payload, None if old is None else stat.S_IMODE(old.st_mode), sync=not sync_once
            )
        if sync_once:
            os.sync()  # every staged file on disk before any takes its place
        for (path, _, old), tmp in zip(planned, staged, strict=True):
            placed.append((path, old is not None, _keep(path) if old is not None else None))
            try:
                _place(tmp, path, force)
            except WriteRefusedError:
                placed.pop()  # the name was taken by another: leave that file alone
                raise
    except BaseException:
        for tmp in staged:
            tmp.unlink(missing_ok=True)
        for path, existed, backup in reversed(placed):
            _undo(path, existed, backup)
        raise
    for _, _, backup in placed:
        if backup is not None:
            backup.unlink(missing_ok=True)


def _write_new(path: Path, payload: bytes, mode: int | None, *, sync: bool = True) -> None:
    """Create ``path`` (it must not exist), write ``payload`` and (with ``sync``) flush it
    to disk."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o666)  # the umask applies, as for any new file
    if mode is not None and hasattr(os, "fchmod"):
        os.fchmod(fd, mode)  # a replaced file keeps its mode
    with os.fdopen(fd, "wb") as stream:
        stream.write(payload)
        stream.flush()
        if sync:
            os.fsync(stream.fileno())


def _place(tmp: Path, path: Path, force: bool) -> None:
    """Move ``tmp`` to ``path``: over what is there with ``force``, else only if the name is
    still free (a hard link fails on an existing name where a rename would replace it)."""
    if force:
        tmp.replace(path)
        return
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise WriteRefusedError(
            f"{path} appeared while prefig was writing; use --force to overwrite it."
        ) from None
    except OSError as err:
        if err.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        # No hard links here (some network or FAT file systems): claim the name, then rename.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        tmp.replace(path)
        return
    tmp.unlink()


def _keep(path: Path) -> Path | None:
    """A second name for the file at ``path`` (a hard link), to put it back if a later file
    fails; ``None`` where the file system has no hard links."""
    backup = path.with_name(f".{path.name}.{secrets.token_hex(8)}.old")
    try:
        os.link(path, backup)
    except OSError:
        return None
    return backup


def _undo(path: Path, existed: bool, backup: Path | None) -> None:
    """Put back the file that was at ``path`` (kept as ``backup``), or remove the file placed
    where there was none."""
    try:
        if backup is not None:
            # The backup is a second link to the old file: when the new file never took its
            # place, both names are that file, and a rename between them would do nothing
            # (POSIX), leaving the backup behind.
            if not backup.samefile(path):
                backup.replace(path)
            backup.unlink(missing_ok=True)
        elif not existed:
            path.unlink(missing_ok=True)
    except OSError:
        pass  # best effort: the error that brought us here is the one to report


def safe_name(text: str, *, suffix: str = "") -> str:
    """A deterministic file name from an id or a label: its :func:`prefig.slug.slug` (ASCII,
    lower case, letters transliterated, no separators), never empty, never ``.`` or ``..``,
    cut at :data:`MAX_NAME` characters."""
    return f"{(slug(text) or 'document')[:MAX_NAME]}{suffix}"


def document_name(head: str, tail: str, *, suffix: str = "") -> str:
    """The file name of ``head`` then ``tail`` (a meeting's id, then ``agenda`` or
    ``convocation-03-KEY``): both made safe as :func:`safe_name` does, joined by ``-``.

    A name longer than :data:`MAX_NAME` characters keeps the start of ``head`` (the same
    length for every document, so that a meeting's documents sort together), a hash of
    ``head`` and ``tail`` as given, then the start of ``tail`` (up to :data:`MAX_TAIL`
    characters): names of different documents stay different, however long their ids.
    """
    start, end = slug(head), slug(tail)
    name = "-".join(part for part in (start, end) if part) or "document"
    if len(name) > MAX_NAME:
        digest = hashlib.sha256(f"{head}\0{tail}".encode()).hexdigest()[:DIGEST]
        end = end[:MAX_TAIL].rstrip("-.")
        start = start[: MAX_NAME - DIGEST - MAX_TAIL - 2].rstrip("-.")
        name = "-".join(part for part in (start, digest, end) if part)
    return f"{name}{suffix}"


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing any name that would resolve outside ``folder``."""
    return _inside(folder.resolve(), folder, name)


def _refuse_case_clashes(folder: Path, names: list[str], targets: list[Path]) -> None:
    """Refuse two names that would be one file: case-insensitive file systems (macOS,
    Windows) take two names differing by case for one file."""
    seen: dict[str, str] = {}
    for name, target in zip(names, targets, strict=True):
        key = str(target).casefold()
        if key in seen:
            raise WriteRefusedError(
                f"{seen[key]!r} and {name!r} would be one file in {folder}; nothing was "
                "written. Give the records they come from ids that differ sooner."
            )
        seen[key] = name


def _inside_all(folder: Path, names: Sequence[str]) -> list[Path]:
    """:func:`inside` for each of ``names``, each folder on the way resolved once: writing
    thousands of files into a few folders, resolving every path in full would cost more
    than writing them. A last part that is a link is not followed here, and
    :func:`_replaceable` refuses it (prefig replaces only regular files)."""
    base = folder.resolve()
    parents: dict[str, Path] = {"": base}
    out = []
    for name in names:
        head, _, tail = name.replace(os.sep, "/").rpartition("/")
        if tail in ("", ".", "..") or "\0" in name:
            out.append(_inside(base, folder, name))
            continue
        if head not in parents:
            parents[head] = _inside(base, folder, head)
        out.append(parents[head] / tail)
    return out


def _inside(base: Path, folder: Path, name: str) -> Path:
    """:func:`inside`, ``folder`` resolved already (``base``): writing thousands of files,
    resolving the folder again for each would double the cost."""
    target = (base / name).resolve()
    if not target.is_relative_to(base) or target == base:
        raise WriteRefusedError(f"{name!r} would be written outside {folder}; refusing.")
    return target


def remove_files(folder: Path, names: Sequence[str]) -> list[str]:
    """Remove each regular file ``name`` of ``folder`` that prefig wrote earlier and no
    longer writes (a site's pages that are gone), then the folders this leaves empty; the
    names removed. Names that lead outside ``folder``, and anything but a regular file
    (a folder, a link), are left alone."""
    removed = []
    base = folder.resolve()
    for name in names:
        try:
            target = inside(folder, name)
        except WriteRefusedError:
            continue
        try:
            if not stat.S_ISREG(os.lstat(target).st_mode):
                continue
            target.unlink()
        except FileNotFoundError:
            continue
        removed.append(name)
        parent = target.parent
        while parent != base and parent.is_relative_to(base):
            try:
                parent.rmdir()  # only when empty
            except OSError:
                break
            parent = parent.parent
    return removed


def write_new_folder(folder: Path, files: Sequence[tuple[str, str | bytes]]) -> list[Path]:
    """Create ``folder`` with each ``(name, data)`` in it, all at once: the files are
    written into a hidden folder beside it (``.NAME.RANDOM.tmp``), flushed to disk by one
    ``sync``, and that folder is renamed to ``folder``; on any failure or interruption it
    is removed and nothing is left. ``folder`` must not exist, or be an empty folder (which
    the rename replaces; one that fills meanwhile makes the rename fail, refused).

    For thousands of new files (a site's first build) this is several times faster than
    :func:`write_files`, which stages and moves each file on its own.
    """
    import shutil

    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise WriteRefusedError(f"{folder} exists and is not a folder.")
    if folder.is_dir() and any(folder.iterdir()):
        raise WriteRefusedError(f"{folder} is not empty.")
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = folder.parent / f".{folder.name}.{secrets.token_hex(8)}.tmp"
    staging.mkdir()
    try:
        targets = _inside_all(staging, [name for name, _ in files])
        _refuse_case_clashes(folder, [name for name, _ in files], targets)
        made: set[Path] = {staging.resolve()}
        for (_, data), target in zip(files, targets, strict=True):
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            _write_new(target, _bytes(data), None, sync=False)
        if hasattr(os, "sync"):
            os.sync()
        else:  # pragma: no cover - Windows: no sync of the whole disk
            for target in targets:
                with target.open("rb+") as stream:
                    os.fsync(stream.fileno())
        try:
            staging.replace(folder)
        except OSError as err:
            raise WriteRefusedError(
                f"{folder} is in the way ({err.strerror or err}); nothing was written."
            ) from None
        return [folder / name for name, _ in files]
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
