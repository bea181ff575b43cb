"""prefig's one way to git, and the register as it stood at a git revision.

Every git command prefig runs is in this module and goes through :func:`run_git` (one
environment, one timeout, one error type); files are read through :func:`read_blobs` (one
``cat-file --batch``). Two users: ``prefig diff`` (:func:`load_at`, below), and the meetings'
history behind iCalendar's SEQUENCE (:mod:`prefig.export.history`), which asks for the
commits that touched some files (:func:`first_parent_log`), which version of each file
each commit holds (:func:`blob_versions`), and their contents a group at a time
(:class:`BlobGroups`).

``prefig diff`` compares the register at two revisions. Rather than parse git's object store,
this module asks git (``rev-parse``, ``ls-tree``, ``cat-file --batch``) for the register's data
files at a commit, writes them into a temporary folder laid out like a register, and loads that
folder with :func:`prefig.load.load_register`, so that a revision is read exactly as a checkout
would be. Files are read as committed (no checkout filters). Every failure is a
:class:`GitReadError` naming the revision and the reason; nothing here prints or exits.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from prefig.diagnostics import Diagnostic, Location, Severity
from prefig.load import (
    DATA_DIR,
    LOADER_CODES,
    SETTINGS_FILE,
    SIZE_ENV_VAR,
    LoadResult,
    load_register,
    max_file_bytes,
)
from prefig.model import RECORD_MODELS

DATA_FILES = (SETTINGS_FILE, *(f"{kind}.yaml" for kind in RECORD_MODELS))
"""The names in ``data/`` that the loader reads; nothing else is fetched from git."""

GIT_TIMEOUT_SECONDS = 120
"""Longest prefig waits for one git command (a repository on a stalled network share ...)."""

MAX_LINKS = 40
"""Most symbolic links followed to reach one file, as Linux does (``MAXSYMLINKS``): past
that, the links are taken to loop."""

MAX_LINK_BYTES = 4096
"""Longest symbolic link target read (``PATH_MAX``); a longer one is no path."""

_REPOSITORY_VARIABLES = frozenset({"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX"})

_MODE_SYMLINK = "120000"
_MODE_TREE = "040000"
_MODE_SUBMODULE = "160000"


class GitReadError(Exception):
    """A revision, or the register at it, cannot be had from git.

    ``revision`` is the revision as the user wrote it (``None`` when the problem is the
    repository itself); ``reason`` says why, in a sentence that ends with what to do.
    """

    def __init__(self, revision: str | None, reason: str) -> None:
        self.revision = revision
        self.reason = reason
        where = f"revision {revision!r}: " if revision is not None else ""
        super().__init__(f"{where}{reason}")


@dataclass(frozen=True)
class Repository:
    """The git repository a register lives in."""

    toplevel: Path
    """The repository's working-tree root."""
    prefix: str
    """The register root relative to ``toplevel``, POSIX style, ``""`` or ending with ``/``."""

    @property
    def data_path(self) -> str:
        """The register's ``data/`` folder as a path inside the repository's trees."""
        return f"{self.prefix}{DATA_DIR}"


@dataclass(frozen=True)
class Revision:
    """A revision as the user named it, and the commit it resolves to."""

    spec: str
    commit: str

    @property
    def short(self) -> str:
        return self.commit[:10]

    def __str__(self) -> str:
        return f"{self.spec} ({self.short})"


GIT_CONFIG = ("-c", "core.quotepath=off")
"""Options given to every git command: paths printed as they are, not octal-escaped."""


def git_environment() -> dict[str, str]:
    """The environment every git command runs in.

    The register's folder decides the repository: variables a git hook may have set for
    another one (``GIT_DIR`` relative to the hook's folder ...) must not redirect it. Reading
    must never prompt, page, or take the index lock that a concurrent git uses; messages are
    in English so that they can be recognised.
    """
    env = {k: v for k, v in os.environ.items() if k not in _REPOSITORY_VARIABLES}
    env.update(GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0", GIT_PAGER="cat", LC_ALL="C")
    return env


def run_git(
    cwd: Path, *args: str, stdin: bytes | None = None, revision: str | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``git args`` in ``cwd`` and return what it did, whatever its exit status.

    Raises :class:`GitReadError` (about ``revision``) only when git cannot be run at all or
    does not answer within :data:`GIT_TIMEOUT_SECONDS`.
    """
    try:
        return subprocess.run(
            ["git", *GIT_CONFIG, *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=git_environment(),
            check=False,
            timeout=GIT_TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        raise GitReadError(
            revision, f"git did not answer within {GIT_TIMEOUT_SECONDS} seconds; try again."
        ) from None
    except FileNotFoundError:
        raise GitReadError(
            revision, "git is not installed or not on PATH; install git to compare revisions."
        ) from None
    except OSError as err:
        raise GitReadError(revision, f"git cannot be run: {err.strerror or err}.") from None


def _stderr(result: subprocess.CompletedProcess[bytes]) -> str:
    lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[0].removeprefix("fatal: ").strip() if lines else f"git exited {result.returncode}"


@dataclass(frozen=True)
class Blob:
    """One file as git stores it: its object id, its size, and its content when it was read."""

    object: str
    size: int
    content: bytes | None
    """None when the blob is larger than the limit it was asked for with: it was not read."""


def blob_headers(
    cwd: Path, names: Sequence[str], revision: str | None = None
) -> list[tuple[str, str, int] | None]:
    """The object id, type and size of each of ``names`` (object ids or ``rev:path``),
    through one ``git cat-file --batch-check``, without reading any content; None for a name
    that is missing.

    Raises :class:`GitReadError` when git cannot be run or fails as a whole.
    """
    if not names:
        return []
    result = run_git(
        cwd,
        "cat-file",
        "--batch-check",
        stdin="".join(f"{n}\n" for n in names).encode("utf-8", "surrogateescape"),
        revision=revision,
    )
    if result.returncode != 0:
        raise GitReadError(revision, f"git cannot list the files: {_stderr(result)}.")
    lines = result.stdout.split(b"\n")
    if len(lines) < len(names):
        raise GitReadError(revision, "git cat-file --batch-check ended early; try again.")
    out: list[tuple[str, str, int] | None] = []
    for line in lines[: len(names)]:
        parts = line.split()
        if len(parts) == 3 and parts[2].isdigit():
            out.append((parts[0].decode("ascii"), parts[1].decode("ascii"), int(parts[2])))
        else:  # "<name> missing" or "<name> ambiguous"
            out.append(None)
    return out


def read_blobs(
    cwd: Path, names: Sequence[str], revision: str | None = None, limit: int | None = None
) -> list[Blob | None]:
    """The blobs ``names`` (object ids or ``rev:path``); ``None`` for a name that is missing
    or not a blob.

    Sizes are asked first (:func:`blob_headers`), and a blob larger than ``limit`` bytes (by
    default the loader's, :func:`prefig.load.max_file_bytes`) is never read: its ``content``
    is None. The others are read through one ``git cat-file --batch``, each once.

    Raises :class:`GitReadError` when git cannot be run or fails as a whole.
    """
    limit = max_file_bytes() if limit is None else limit
    headers = blob_headers(cwd, names, revision)
    wanted = sorted({h[0] for h in headers if h is not None and h[1] == "blob" and h[2] <= limit})
    contents = _cat_blobs(cwd, wanted, revision)
    return [
        Blob(h[0], h[2], contents.get(h[0])) if h is not None and h[1] == "blob" else None
        for h in headers
    ]


def _cat_blobs(cwd: Path, objects: Sequence[str], revision: str | None) -> dict[str, bytes]:
    """The content of each blob in ``objects`` (object ids, already known to be blobs)."""
    if not objects:
        return {}
    result = run_git(
        cwd,
        "cat-file",
        "--batch",
        stdin="".join(f"{o}\n" for o in objects).encode("ascii"),
        revision=revision,
    )
    if result.returncode != 0:
        raise GitReadError(revision, f"git cannot read the files: {_stderr(result)}.")
    out: dict[str, bytes] = {}
    data, pos = memoryview(result.stdout), 0
    for obj in objects:
        end = result.stdout.find(b"\n", pos)
        header = bytes(data[pos:end]).split() if end >= 0 else []
        if len(header) != 3 or not header[2].isdigit():
            raise GitReadError(revision, f"git cat-file --batch could not read {obj}; try again.")
        size = int(header[2])
        out[obj] = bytes(data[end + 1 : end + 1 + size])
        pos = end + 1 + size + 1
    return out


def first_parent_log(repo: Repository, paths: Sequence[str]) -> list[tuple[str, dt.datetime]]:
    """The commits that touched ``paths`` (inside the repository), first parents only, oldest
    first, with their commit time; none in a repository without commits yet."""
    done = run_git(
        repo.toplevel, "log", "--first-parent", "--reverse", "--format=%H %ct", "--", *paths
    )
    if done.returncode != 0:  # a repository without commits yet
        return []
    commits = []
    for line in done.stdout.decode("ascii", "replace").splitlines():
        sha, _, stamp = line.partition(" ")
        if sha and stamp.isdigit():
            commits.append((sha, dt.datetime.fromtimestamp(int(stamp), dt.UTC)))
    return commits


class BlobVersion(NamedTuple):
    """Which version of a file a commit holds: equal object ids, equal contents."""

    object: str
    size: int


def blob_versions(repo: Repository, names: Sequence[str]) -> list[BlobVersion | None]:
    """The version of each ``rev:path`` in ``names`` (None when missing or not a file),
    through one ``git cat-file --batch-check``, without reading any content."""
    return [
        BlobVersion(h[0], h[2]) if h is not None and h[1] == "blob" else None
        for h in blob_headers(repo.toplevel, names)
    ]


class BlobGroups:
    """The contents of many blobs, read a group at a time in the order they are needed.

    ``order`` is every blob (object id; None for none) in the order they may be asked for,
    repeats included, and asked for no earlier than that order says. When a blob is asked
    for that is not held, what is held is dropped and the blobs from there on are read, up to
    ``group_bytes`` (or one blob, if larger), so that memory stays bounded however many
    there are. Blobs larger than ``limit`` are never read.
    """

    def __init__(
        self,
        repo: Repository,
        order: Sequence[str | None],
        sizes: Mapping[str, int],
        limit: int,
        group_bytes: int,
    ) -> None:
        self._repo, self._order, self._sizes = repo, order, sizes
        self._limit, self._group_bytes = limit, group_bytes
        self._next = 0  # where in ``order`` the next blob asked for is, or later
        self._held: dict[str, bytes] = {}

    def read(self, obj: str) -> bytes | None:
        """The content of blob ``obj``; None when it is too large, or git cannot read it."""
        try:
            at = self._order.index(obj, self._next)
        except ValueError:
            at = len(self._order)
        self._next = at + 1
        if self._sizes.get(obj, 0) > self._limit:
            return None
        if obj not in self._held:
            self._held = {}
            group: dict[str, None] = {obj: None}
            total = self._sizes.get(obj, 0)
            for upcoming in self._order[at + 1 :]:
                size = self._sizes.get(upcoming or "", 0)
                if upcoming is None or upcoming in group or size > self._limit:
                    continue
                if total + size > self._group_bytes:
                    break
                group[upcoming] = None
                total += size
            try:
                blobs = read_blobs(self._repo.toplevel, list(group), limit=self._limit)
            except GitReadError:
                return None
            self._held = {b.object: b.content for b in blobs if b and b.content is not None}
        return self._held.get(obj)


def locate(root: Path) -> Repository:
    """The repository holding the register at ``root``, and where the register sits in it."""
    if not root.is_dir():
        raise GitReadError(None, f"{root} is not a folder.")
    result = run_git(root, "rev-parse", "--show-toplevel", "--show-prefix")
    if result.returncode != 0:
        reason = _stderr(result)
        if "not a git repository" in reason:
            raise GitReadError(
                None,
                f"{root} is not inside a git repository; prefig diff compares revisions of a "
                "register kept in git.",
            )
        raise GitReadError(None, f"git cannot read the repository at {root}: {reason}.")
    lines = result.stdout.decode("utf-8", "surrogateescape").splitlines()
    if not lines or not lines[0]:
        # A bare repository or the inside of .git: no working tree to speak of.
        raise GitReadError(None, f"{root} is not inside a git working tree.")
    prefix = lines[1] if len(lines) > 1 else ""
    return Repository(Path(lines[0]), prefix)


def resolve(repo: Repository, spec: str) -> Revision:
    """The commit ``spec`` names (a branch, tag, sha, ``HEAD~2``, ``main@{yesterday}``...)."""
    if not spec or spec.startswith("-") or "\n" in spec or "\0" in spec:
        raise GitReadError(spec, "this is not a revision name.")
    result = run_git(
        repo.toplevel,
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        f"{spec}^{{commit}}",
        revision=spec,
    )
    if result.returncode != 0:
        if (
            spec == "HEAD"
            and run_git(repo.toplevel, "rev-parse", "-q", "--verify", "HEAD").returncode
        ):
            raise GitReadError(spec, "the repository has no commit yet; commit the register first.")
        hint = (
            " (the repository is a shallow clone: fetch more history, or the branch, first)"
            if is_shallow(repo)
            else ""
        )
        raise GitReadError(
            spec,
            f"unknown revision: no branch, tag or commit of this repository has that name{hint}.",
        )
    return Revision(spec, result.stdout.decode("ascii").strip())


def split_range(spec: str) -> tuple[str, str, bool] | None:
    """``A..B`` -> (A, B, False) and ``A...B`` -> (A, B, True), as git diff reads them (an
    empty side is ``HEAD``); None when ``spec`` is not a range."""
    for dots, merge_base in (("...", True), ("..", False)):
        left, found, right = spec.partition(dots)
        if found:
            if ".." in right:
                return None
            return left or "HEAD", right or "HEAD", merge_base
    return None


def merge_base(repo: Repository, left: Revision, right: Revision) -> Revision:
    """The best common ancestor of two commits: where a branch forked, for ``A...B``."""
    spec = f"{left.spec}...{right.spec}"
    result = run_git(repo.toplevel, "merge-base", left.commit, right.commit, revision=spec)
    if result.returncode != 0 or not result.stdout.strip():
        hint = " (the repository is a shallow clone: fetch more history first)"
        raise GitReadError(
            spec,
            f"{left.spec} and {right.spec} have no common ancestor"
            f"{hint if is_shallow(repo) else ''}.",
        )
    return Revision(f"merge-base {left.spec} {right.spec}", result.stdout.decode("ascii").strip())


@dataclass(frozen=True)
class _Entry:
    mode: str
    kind: str
    object: str
    size: int | None
    name: str


def is_shallow(repo: Repository) -> bool:
    """Whether the repository is a shallow clone (its history is cut short)."""
    result = run_git(repo.toplevel, "rev-parse", "--is-shallow-repository")
    return result.returncode == 0 and result.stdout.strip() == b"true"


class _RefusedPathError(Exception):
    """A path of the register cannot be read at a revision; the message says why, naming it."""


class _RegisterTree:
    """The register's tree at one revision, read folder by folder as paths are followed.

    Symbolic links are resolved here, by path arithmetic on git's listings, never by the file
    system: a link is followed only while it stays inside the register (relative, and never
    ``..`` above its root), at most :data:`MAX_LINKS` times in a row.
    """

    def __init__(self, repo: Repository, revision: Revision) -> None:
        self.repo = repo
        self.revision = revision
        self._folders: dict[tuple[str, ...], dict[str, _Entry] | None] = {}
        self._targets: dict[str, str] = {}

    def folder(self, parts: tuple[str, ...]) -> dict[str, _Entry] | None:
        """The entries of the folder ``parts`` (from the register root) by name; None when
        that path is not a folder of the tree."""
        if parts not in self._folders:
            listing: dict[str, _Entry] | None = None
            parent = self.folder(parts[:-1]) if parts else {}
            entry = parent.get(parts[-1]) if parts and parent is not None else None
            if not parts or (entry is not None and entry.mode == _MODE_TREE):
                listing = {e.name: e for e in self._list("/".join(parts))}
            self._folders[parts] = listing
        return self._folders[parts]

    def _list(self, inside: str) -> list[_Entry]:
        path = f"{self.repo.prefix}{inside}".rstrip("/")
        tree = f"{self.revision.commit}:{path}"
        listing = run_git(
            self.repo.toplevel, "ls-tree", "-z", "-l", tree, revision=self.revision.spec
        )
        if listing.returncode != 0:
            if not inside:  # no register folder at this revision
                return []
            raise GitReadError(self.revision.spec, f"git cannot list {tree}: {_stderr(listing)}.")
        entries = []
        for raw in listing.stdout.split(b"\0"):
            if not raw:
                continue
            meta, _, name = raw.partition(b"\t")
            mode, kind, obj, size = meta.decode("ascii").split()
            entries.append(
                _Entry(
                    mode,
                    kind,
                    obj,
                    int(size) if size.isdigit() else None,
                    name.decode("utf-8", "surrogateescape"),
                )
            )
        return entries

    def follow(self, relpath: str) -> tuple[tuple[str, ...], _Entry | None]:
        """Where ``relpath`` leads, following symbolic links inside the register: the path
        reached and its entry (a blob, a folder or a submodule; None for the register's root
        itself).

        Raises :class:`_RefusedPathError` when a link leads outside the register, loops, or leads
        nowhere.
        """
        pending = list(reversed(relpath.split("/")))
        parts: list[str] = []
        links = 0
        target = relpath  # the last link's target, for messages
        while pending:
            name = pending.pop()
            if name in ("", "."):
                continue
            if name == "..":
                if not parts:
                    raise _RefusedPathError(
                        f"{relpath} leads outside the register (through a symbolic link to "
                        f"{target}); copy the file into the register instead of linking to it."
                    )
                parts.pop()
                continue
            listing = self.folder(tuple(parts))
            entry = listing.get(name) if listing is not None else None
            if entry is None:
                raise _RefusedPathError(
                    f"{relpath} is a symbolic link to {'/'.join((*parts, name))}, which this "
                    "revision does not have; commit the file itself."
                )
            if entry.mode != _MODE_SYMLINK:
                parts.append(name)
                continue
            links += 1
            if links > MAX_LINKS:
                raise _RefusedPathError(
                    f"{relpath} cannot be read: its symbolic links loop (more than "
                    f"{MAX_LINKS} in a row); replace the link by the file itself."
                )
            target = self._target(relpath, entry)
            if target.startswith("/"):
                raise _RefusedPathError(
                    f"{relpath} leads to {target}, outside the register (through a symbolic "
                    "link); copy the file into the register instead of linking to it."
                )
            pending.extend(reversed(target.split("/")))
        if not parts:
            return (), None
        listing = self.folder(tuple(parts[:-1]))
        assert listing is not None  # every folder of ``parts`` was listed on the way
        return tuple(parts), listing[parts[-1]]

    def _target(self, relpath: str, link: _Entry) -> str:
        """Where the symbolic link ``link`` points, as committed."""
        if link.object not in self._targets:
            (blob,) = read_blobs(
                self.repo.toplevel, [link.object], self.revision.spec, limit=MAX_LINK_BYTES
            )
            content = blob.content if blob is not None else None
            if content is None or b"\0" in content:
                raise _RefusedPathError(
                    f"{relpath} is a symbolic link whose target is not a path; replace it by "
                    "the file itself."
                )
            self._targets[link.object] = content.decode("utf-8", "surrogateescape")
        return self._targets[link.object]


def _error(code: str, message: str, relpath: str) -> Diagnostic:
    return Diagnostic(code, LOADER_CODES[code][0], Severity.ERROR, message, Location(relpath))


def _create(path: Path, content: bytes) -> None:
    """Write ``content`` to a new regular file ``path``: never through an existing file or
    symbolic link."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), 0o600)
    with os.fdopen(fd, "wb") as stream:
        stream.write(content)


def materialise(repo: Repository, revision: Revision, dest: Path) -> list[Diagnostic]:
    """Write the register's data files at ``revision`` into ``dest/data/``, as regular files
    and folders only, and return the errors of the files that could not be written.

    A symbolic link is followed in git's tree (see :class:`_RegisterTree`) and its target
    written in its place; one that leads outside the register, loops or leads nowhere is an
    error (PF001) and nothing is written for it. A file larger than the loader accepts
    (``PREFIG_MAX_FILE_BYTES``) is an error (PF002) and is never read. Nothing is ever
    written through a link, since none is ever made, and every file is created anew.
    """
    tree = _RegisterTree(repo, revision)
    try:
        data_parts, data = (
            tree.follow(DATA_DIR) if DATA_DIR in (tree.folder(()) or {}) else ((), None)
        )
    except _RefusedPathError as refused:
        raise GitReadError(revision.spec, str(refused)) from None
    if data is None or data.mode != _MODE_TREE:
        where = f"{repo.prefix}{DATA_DIR}/" if repo.prefix else f"{DATA_DIR}/"
        raise GitReadError(
            revision.spec, f"the register is not in this revision: it has no {where} folder."
        )
    listing = tree.folder(data_parts) or {}
    data_dir = dest / DATA_DIR
    data_dir.mkdir(parents=True, exist_ok=True)
    limit = max_file_bytes()
    errors: list[Diagnostic] = []
    wanted: dict[str, str] = {}  # name in data/ -> blob to write there
    for name in DATA_FILES:
        if name not in listing:
            continue
        relpath = f"{DATA_DIR}/{name}"
        try:
            _, entry = tree.follow(relpath)
        except _RefusedPathError as refused:
            errors.append(_error("PF001", str(refused), relpath))
            continue
        if entry is None or entry.mode in (_MODE_TREE, _MODE_SUBMODULE):
            (data_dir / name).mkdir()  # the loader reports a folder where a file should be
        elif entry.size is not None and entry.size > limit:
            errors.append(
                _error(
                    "PF002",
                    f"{relpath} is {entry.size:,} bytes, more than the {limit:,} a data file "
                    f"may have; split it, or raise {SIZE_ENV_VAR} if this is intended.",
                    relpath,
                )
            )
        elif entry.kind == "blob":
            wanted[name] = entry.object
    blobs = read_blobs(repo.toplevel, list(wanted.values()), revision.spec, limit)
    for name, blob in zip(wanted, blobs, strict=True):
        if blob is not None and blob.content is not None:
            _create(data_dir / name, blob.content)
    return errors


def load_at(repo: Repository, revision: Revision) -> LoadResult:
    """Load the register as it stood at ``revision`` (see :func:`materialise`).

    The loaded register keeps its texts in memory; its ``root`` names a temporary folder
    that no longer exists once this returns.
    """
    with tempfile.TemporaryDirectory(prefix="prefig-diff-") as folder:
        root = Path(folder)
        errors = materialise(repo, revision, root)
        result = load_register(root)
    # A file refused here is absent from the folder: its error replaces the loader's.
    refused = {error.location.file for error in errors}
    result.diagnostics = errors + [d for d in result.diagnostics if d.location.file not in refused]
    return result
