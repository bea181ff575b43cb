"""prefig's one way to git, and the register as it stood at a git revision.

Every git command prefig runs goes through :func:`run_git` (one environment, one timeout,
one error type) and reads files through :func:`read_blobs` (one ``cat-file --batch``):
``prefig diff`` here, and the meetings' history behind iCalendar's SEQUENCE
(:mod:`prefig.export.history`).

``prefig diff`` compares the register at two revisions. Rather than parse git's object store,
this module asks git (``rev-parse``, ``ls-tree``, ``cat-file --batch``) for the register's data
files at a commit, writes them into a temporary folder laid out like a register, and loads that
folder with :func:`prefig.load.load_register`, so that a revision is read exactly as a checkout
would be. Files are read as committed (no checkout filters). Every failure is a
:class:`GitReadError` naming the revision and the reason; nothing here prints or exits.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from prefig.load import DATA_DIR, MAX_FILE_BYTES, SETTINGS_FILE, LoadResult, load_register
from prefig.model import RECORD_MODELS

DATA_FILES = (SETTINGS_FILE, *(f"{kind}.yaml" for kind in RECORD_MODELS))
"""The names in ``data/`` that the loader reads; nothing else is fetched from git."""

GIT_TIMEOUT_SECONDS = 120
"""Longest prefig waits for one git command (a repository on a stalled network share ...)."""

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
    """One file's content as git stores it, and its object id."""

    object: str
    content: bytes


def read_blobs(cwd: Path, names: Sequence[str], revision: str | None = None) -> list[Blob | None]:
    """The blobs ``names`` (object ids or ``rev:path``), read through one
    ``git cat-file --batch``; ``None`` for a name that is missing or not a blob.

    Raises :class:`GitReadError` when git cannot be run or fails as a whole.
    """
    if not names:
        return []
    result = run_git(
        cwd,
        "cat-file",
        "--batch",
        stdin="".join(f"{n}\n" for n in names).encode("utf-8"),
        revision=revision,
    )
    if result.returncode != 0:
        raise GitReadError(revision, f"git cannot read the files: {_stderr(result)}.")
    out: list[Blob | None] = []
    data, pos = result.stdout, 0
    for _ in names:
        end = data.find(b"\n", pos)
        if end < 0:
            raise GitReadError(revision, "git cat-file --batch ended early; try again.")
        header = data[pos:end].split()
        pos = end + 1
        if len(header) != 3:  # "<name> missing" or "<name> ambiguous"
            out.append(None)
            continue
        size = int(header[2])
        kept = header[1] == b"blob"
        out.append(Blob(header[0].decode("ascii"), data[pos : pos + size]) if kept else None)
        pos += size + 1
    return out


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


def _list_data(repo: Repository, revision: Revision) -> list[_Entry]:
    tree = f"{revision.commit}:{repo.data_path}"
    kind = run_git(repo.toplevel, "cat-file", "-t", tree, revision=revision.spec)
    if kind.returncode != 0 or kind.stdout.strip() != b"tree":
        where = f"{repo.prefix}{DATA_DIR}/" if repo.prefix else f"{DATA_DIR}/"
        raise GitReadError(
            revision.spec,
            f"the register is not in this revision: it has no {where} folder.",
        )
    listing = run_git(repo.toplevel, "ls-tree", "-z", "-l", tree, revision=revision.spec)
    if listing.returncode != 0:
        raise GitReadError(revision.spec, f"git cannot list {tree}: {_stderr(listing)}.")
    entries = []
    for raw in listing.stdout.split(b"\0"):
        if not raw:
            continue
        meta, _, name = raw.partition(b"\t")
        mode, kind_, obj, size = meta.decode("ascii").split()
        entries.append(
            _Entry(
                mode,
                kind_,
                obj,
                int(size) if size.isdigit() else None,
                name.decode("utf-8", "replace"),
            )
        )
    return entries


def _contents(blobs: list[Blob | None]) -> list[bytes | None]:
    return [blob.content if blob is not None else None for blob in blobs]


def is_shallow(repo: Repository) -> bool:
    """Whether the repository is a shallow clone (its history is cut short)."""
    result = run_git(repo.toplevel, "rev-parse", "--is-shallow-repository")
    return result.returncode == 0 and result.stdout.strip() == b"true"


def materialise(repo: Repository, revision: Revision, dest: Path) -> None:
    """Write the register's data files at ``revision`` into ``dest/data/``.

    Regular files are written as committed; a symbolic link is recreated as one (and its
    target fetched when it lies inside the register), so that the loader judges it exactly
    as in a checkout. A file larger than the loader accepts is written sparse, at its size,
    so that the loader reports it without prefig reading it.
    """
    data_dir = dest / DATA_DIR
    data_dir.mkdir(parents=True, exist_ok=True)
    wanted = [e for e in _list_data(repo, revision) if e.name in DATA_FILES]
    small = [e for e in wanted if e.kind == "blob" and (e.size is None or e.size <= MAX_FILE_BYTES)]
    contents = dict(
        zip(
            (e.name for e in small),
            _contents(read_blobs(repo.toplevel, [e.object for e in small], revision.spec)),
            strict=True,
        )
    )
    links: list[tuple[_Entry, str]] = []
    for entry in wanted:
        path = data_dir / entry.name
        if entry.mode in (_MODE_TREE, _MODE_SUBMODULE):
            path.mkdir()
        elif entry.kind != "blob":
            continue
        elif entry.name not in contents:
            with path.open("wb") as stream:
                stream.truncate(entry.size or 0)
        elif entry.mode == _MODE_SYMLINK:
            target = (contents[entry.name] or b"").decode("utf-8", "surrogateescape")
            links.append((entry, target))
        else:
            path.write_bytes(contents[entry.name] or b"")
    _materialise_links(repo, revision, dest, links)


def _materialise_links(
    repo: Repository, revision: Revision, dest: Path, links: list[tuple[_Entry, str]]
) -> None:
    inside: list[tuple[str, str]] = []  # (path in the register, name to ask git for)
    for entry, target in links:
        try:
            (dest / DATA_DIR / entry.name).symlink_to(target)
        except OSError:
            continue  # the loader then reports the file as missing or unreadable
        if posixpath.isabs(target) or "\n" in target:
            continue  # an absolute target is outside the register; a newline, a trick
        relative = posixpath.normpath(posixpath.join(DATA_DIR, target))
        if relative.startswith("../") or relative == ".." or (dest / relative).exists():
            continue
        inside.append((relative, f"{revision.commit}:{repo.prefix}{relative}"))
    for (relative, _), blob in zip(
        inside,
        _contents(read_blobs(repo.toplevel, [name for _, name in inside], revision.spec)),
        strict=True,
    ):
        if blob is None:
            continue
        target_path = dest / relative
        target_path.parent.mkdir(parents=True, exist_ok=True)
        target_path.write_bytes(blob)


def load_at(repo: Repository, revision: Revision) -> LoadResult:
    """Load the register as it stood at ``revision`` (see :func:`materialise`).

    The loaded register keeps its texts in memory; its ``root`` names a temporary folder
    that no longer exists once this returns.
    """
    with tempfile.TemporaryDirectory(prefix="prefig-diff-") as folder:
        root = Path(folder)
        materialise(repo, revision, root)
        return load_register(root)
