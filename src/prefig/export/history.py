"""How often each meeting's event changed, from the register's git history.

A register holds only the present state of a meeting; iCalendar's SEQUENCE must grow every
time the event changes, and LAST-MODIFIED/DTSTAMP should say when it last did. An event is
built from more than the meeting's record: its body gives the summary, description and
category, its venue the location, the settings the time zone and the language. So this
module replays the commits that touched any of those files (``register.yaml``,
``bodies.yaml``, ``venues.yaml``, ``meetings.yaml``; first parents only, oldest first),
builds each meeting's :class:`~prefig.export.events.EventContent` at each of them with the very
function the calendar is written with, and counts for each meeting id the commits in which
that content changed. An edit not yet committed counts as one more change. Outside a git
repository (or without git) every meeting has SEQUENCE 0.

:func:`meeting_history` reads the history (through :mod:`prefig.gitread`, which runs every
git command) and hands it to :func:`replay`, a pure function of the commits (which version
of each file each holds), a way to read a version, and the events built from the working
tree: it can be tested, and reasoned about, without git.

Past versions are read under the loader's size bound (``PREFIG_MAX_FILE_BYTES``): a version
larger than that is never read, and the commits holding it are passed over (and listed in
:attr:`History.passed_over`, for a warning). The others are read from git a group at a time,
in the order the replay needs them, so that at most about :data:`READ_GROUP_BYTES` (or one
file) of them is held at once, however long the history.

Whatever does not reach the calendar is therefore not a change: formatting, comments, key
order, the ``sources``/``note``/``exempt`` fields, a body's seats, a venue no meeting uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from prefig.export.events import EventContent, event_content, event_contents
from prefig.gitread import (
    BlobGroups,
    BlobVersion,
    GitReadError,
    blob_versions,
    first_parent_log,
    is_shallow,
    locate,
)
from prefig.load import DATA_DIR, SETTINGS_FILE, Register, max_file_bytes, parse_yaml
from prefig.model import RECORD_MODELS, Settings

WATCHED = ("register", "bodies", "venues", "meetings")
"""The data files (by kind; ``register`` is the settings) that a meeting's event is built
from."""

READ_GROUP_BYTES = 64 * 1024 * 1024
"""Most bytes of past versions read from git at once (one version larger than this, but
within the file-size bound, is read alone)."""


@dataclass(frozen=True)
class Revision:
    """A meeting's revision number and when it last changed (None: not committed yet)."""

    sequence: int
    modified: dt.datetime | None


@dataclass(frozen=True)
class PassedOver:
    """A past version of a data file that was not read, being larger than the size bound."""

    commit: str
    """The first commit (oldest first, first parents) that holds this version."""
    path: str
    """The file's path in the repository."""
    size: int
    limit: int


@dataclass(frozen=True)
class History:
    """Revisions of every meeting of a register, and how much history there was to read."""

    revisions: dict[str, Revision] = field(default_factory=dict)
    available: bool = False
    """Whether the register is in a git repository whose history could be read."""
    shallow: bool = False
    """Whether the repository is a shallow clone (its SEQUENCE numbers are too low)."""
    last_commit: dt.datetime | None = None
    """Time of the newest commit that touched a file the events are built from."""
    passed_over: tuple[PassedOver, ...] = ()
    """Past versions too large to read (the commits holding them were passed over)."""

    def revision(self, meeting_id: str) -> Revision:
        return self.revisions.get(meeting_id, Revision(0, None))


@dataclass(frozen=True)
class Snapshot:
    """One commit of the history replayed: when it was made, and which version of each
    watched file it holds."""

    commit: str
    when: dt.datetime
    files: tuple[BlobVersion | None, ...]
    """One per kind of :data:`WATCHED`, in that order; None when the commit has no such
    file (or not as a file)."""


Read = Callable[[str], bytes | None]
"""The content of a version (its object id); None when it cannot be read."""


class _Replay:
    """The records of one kind as they stood at the commit being replayed.

    A record whose YAML is equal to its previous version's keeps its previous model (the
    same object), so that :func:`replay` rebuilds only the events whose inputs changed, and
    validates only the records that did.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.raw: dict[str, Any] = {}
        self.records: dict[str, Any] = {}

    def update(self, text: str | None, relpath: str) -> bool:
        """Move to the version ``text`` (None: the file is absent); False if it does not
        parse as a list of records (the version is then skipped, like the loader refuses
        it)."""
        data: Any = []
        if text is not None:
            data, problems = parse_yaml(text, relpath)
            if problems or not isinstance(data, list | None):
                return False
        model = RECORD_MODELS[self.kind]
        raw: dict[str, Any] = {}
        records: dict[str, Any] = {}
        for item in data or ():
            key = item.get("id") if isinstance(item, dict) else None
            if not isinstance(key, str):
                continue
            raw[key] = item
            previous = self.raw.get(key)
            if previous is not None and previous == item and key in self.records:
                records[key] = self.records[key]
                continue
            try:
                records[key] = model.model_validate(item)
            except ValidationError:  # left out, as the loader leaves it out
                records.pop(key, None)
        self.raw, self.records = raw, records
        return True


def _settings(text: str | None, relpath: str) -> Settings | None:
    """The settings in one version of ``register.yaml``; None when they cannot be read."""
    if text is None:
        return None
    data, problems = parse_yaml(text, relpath)
    if problems or not isinstance(data, dict):
        return None
    try:
        return Settings.model_validate(data)
    except ValidationError:
        return None


_UNSEEN = BlobVersion("", -1)
"""Stands for "no version replayed yet" in :class:`_Replayer`'s record of what it replayed."""


class _Replayer:
    """The state of :func:`replay` between commits: the register's records as they stood at
    the last readable commit, and each meeting's last event, its SEQUENCE and when it last
    changed."""

    def __init__(self, read: Read, paths: Sequence[str], limit: int) -> None:
        self.read, self.paths, self.limit = read, paths, limit
        self.records = {kind: _Replay(kind) for kind in WATCHED if kind != "register"}
        self.settings: Settings | None = None
        self.seen: tuple[BlobVersion | None, ...] = (_UNSEEN,) * len(WATCHED)
        self.inputs: dict[str, tuple[object, ...]] = {}
        self.last: dict[str, EventContent] = {}
        self.sequence: dict[str, int] = {}
        self.modified: dict[str, dt.datetime] = {}
        self.passed_over: dict[str, PassedOver] = {}

    def step(self, snapshot: Snapshot) -> None:
        """Replay one commit: read the files that changed, then count the events that did."""
        if snapshot.files == self.seen:
            return
        if not self._read(snapshot) or self.settings is None:
            # The register could not be loaded at this commit: pass it over, and read every
            # file again at the next one.
            self.seen = (_UNSEEN,) * len(WATCHED)
            return
        self.seen = snapshot.files
        self._count(snapshot.when)

    def _read(self, snapshot: Snapshot) -> bool:
        """Move the records to the versions ``snapshot`` holds; False when one of them cannot
        be read (too large, unreadable, not UTF-8, not parsing)."""
        readable = True
        for kind, path, version, replayed in zip(
            WATCHED, self.paths, snapshot.files, self.seen, strict=True
        ):
            if version == replayed:
                continue
            text: str | None = None
            if version is not None:
                if version.size > self.limit:
                    self.passed_over.setdefault(
                        version.object,
                        PassedOver(snapshot.commit, path, version.size, self.limit),
                    )
                    readable = False
                    continue
                raw = self.read(version.object)
                try:
                    text = raw.decode("utf-8-sig") if raw is not None else None
                except UnicodeDecodeError:
                    text = None
                if text is None:
                    readable = False
                    continue
            if kind == "register":
                self.settings = _settings(text, path)
            elif not self.records[kind].update(text, path):
                readable = False
        return readable

    def _count(self, when: dt.datetime) -> None:
        """Compare each meeting's event with its last one, rebuilding only the events whose
        meeting, body, venue or settings is not the same object as last time."""
        bodies, venues = self.records["bodies"].records, self.records["venues"].records
        for mid, meeting in self.records["meetings"].records.items():
            owner = bodies.get(meeting.body)
            venue = venues.get(meeting.location or "")
            inputs = (meeting, owner, venue, self.settings)
            before = self.inputs.get(mid)
            if before is not None and all(a is b for a, b in zip(before, inputs, strict=True)):
                continue  # nothing the event is built from changed
            self.inputs[mid] = inputs
            assert self.settings is not None  # a commit without settings is passed over
            content = event_content(meeting, owner, venue, self.settings)
            if mid not in self.last:
                self.sequence[mid] = 0
                self.modified[mid] = when
            elif self.last[mid] != content:
                self.sequence[mid] += 1
                self.modified[mid] = when
            self.last[mid] = content

    def revisions(self, current: Mapping[str, EventContent]) -> dict[str, Revision]:
        """The revision of each meeting of ``current`` (its events in the working tree): an
        event that differs from its last committed one counts one more change, not
        committed yet."""
        out: dict[str, Revision] = {}
        for mid, content in current.items():
            if mid not in self.last:
                out[mid] = Revision(0, None)
            elif self.last[mid] != content:
                out[mid] = Revision(self.sequence[mid] + 1, None)
            else:
                out[mid] = Revision(self.sequence[mid], self.modified[mid])
        return out


def replay(
    snapshots: Iterable[Snapshot],
    read: Read,
    current: Mapping[str, EventContent],
    *,
    paths: Sequence[str] = WATCHED,
    limit: int,
) -> History:
    """The revisions of the meetings of ``current`` (their events as the working tree
    builds them) after the commits ``snapshots`` (oldest first), whose versions ``read``
    gives.

    ``paths`` name the watched files (as :data:`WATCHED` orders them) in warnings; a version
    larger than ``limit`` bytes is never read: the commits holding it are passed over, and
    :attr:`History.passed_over` lists it.
    """
    replayer = _Replayer(read, paths, limit)
    last_commit: dt.datetime | None = None
    for snapshot in snapshots:
        last_commit = snapshot.when
        replayer.step(snapshot)
    return History(
        replayer.revisions(current),
        available=True,
        last_commit=last_commit,
        passed_over=tuple(replayer.passed_over.values()),
    )


def _relpaths(register: Register) -> dict[str, str]:
    """The path of each watched file in the register's folder (where the loader found it,
    else where it would be)."""
    return {
        kind: data_file.relpath
        if (data_file := register.files.get(kind)) is not None
        else f"{DATA_DIR}/{SETTINGS_FILE if kind == 'register' else f'{kind}.yaml'}"
        for kind in WATCHED
    }


def meeting_history(register: Register) -> History:
    """Replay the git history of the files the register's events are built from into
    per-meeting revisions (see :func:`replay`)."""
    current = event_contents(register.settings, register.bodies, register.venues, register.meetings)
    relpaths = _relpaths(register)
    try:
        repo = locate(register.root)
        paths = [f"{repo.prefix}{relpaths[kind]}" for kind in WATCHED]
        shallow = is_shallow(repo)
        commits = first_parent_log(repo, paths)
        versions = blob_versions(repo, [f"{sha}:{path}" for sha, _ in commits for path in paths])
    except GitReadError:  # not in a repository, no git, or git failing: no history
        return History({mid: Revision(0, None) for mid in current})

    width = len(WATCHED)
    snapshots = [
        Snapshot(sha, when, tuple(versions[row * width : (row + 1) * width]))
        for row, (sha, when) in enumerate(commits)
    ]
    limit = max_file_bytes()
    contents = BlobGroups(
        repo,
        [v.object if v is not None else None for v in versions],
        {v.object: v.size for v in versions if v is not None},
        limit,
        READ_GROUP_BYTES,
    )
    history = replay(snapshots, contents.read, current, paths=paths, limit=limit)
    return replace(history, shallow=shallow)
