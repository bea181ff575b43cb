"""Finding the register: its root folder and the names of what it holds."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = "data"
MARKER = f"{DATA_DIR}/bodies.yaml"
SETTINGS_FILE = "register.yaml"
ENV_VAR = "PREFIG_REGISTER"


class RegisterNotFoundError(Exception):
    """No register where one was looked for; the message says where and what to do."""


@dataclass(frozen=True)
class RegisterRoot:
    path: Path
    how: str
    """How it was found: ``--register``, ``PREFIG_REGISTER`` or ``found from <cwd>``."""


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
    found = _nearest(start, _holds_register)
    if found is not None:
        return RegisterRoot(found, f"found from {start}")
    raise RegisterNotFoundError(
        f"no register found: looked for {MARKER} in {start} and every folder above it. "
        f"Run prefig inside a register, point at one with --register PATH or "
        f"{ENV_VAR}=PATH, or create one with `prefig init DIR`."
    )


def work_tree_root(start: Path) -> Path | None:
    """The root of the git work tree that ``start`` lies in, found as git finds it: the
    nearest folder at or above ``start`` holding ``.git`` (a folder, or a file in linked
    worktrees and submodules). None outside any work tree. Nothing is read from ``.git``
    and git is not run: the register's repository is untrusted input."""
    return _nearest(start.resolve(), lambda folder: (folder / ".git").exists())


def relative_location(root: Path, base: Path) -> str:
    """Where the register at ``root`` is seen from ``base``, ``/``-separated (``.`` when
    they are the same folder, ``..`` steps when the register is not below ``base``)."""
    return Path(os.path.relpath(root.resolve(), base.resolve())).as_posix()


def register_of(file: Path) -> Path | None:
    """The root of the register that ``file`` (a data file, or any file) belongs to: the
    nearest folder at or above the file's own holding ``data/bodies.yaml``; None if none.
    A folder is looked for from itself: a register's root names its own register."""
    try:
        start = file.absolute() if file.is_dir() else file.absolute().parent
    except OSError:  # a folder that cannot be searched: no register can be seen there
        return None
    return _nearest(start, _holds_register)


def _holds_register(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def _nearest(start: Path, holds: Callable[[Path], bool]) -> Path | None:
    """The nearest folder at or above ``start`` that ``holds`` says yes to, the way git looks
    for ``.git``; a folder that cannot be searched is passed over."""
    for folder in (start, *start.parents):
        try:
            if holds(folder):
                return folder
        except OSError:
            continue
    return None
