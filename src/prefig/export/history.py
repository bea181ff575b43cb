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
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from prefig.export.events import EventContent, event_content, event_contents
from prefig.gitread import (
    GitReadError,
    Repository,
    blob_headers,
    is_shallow,
    locate,
    read_blobs,
    run_git,
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


def _log(repo: Repository, paths: Sequence[str]) -> list[tuple[str, dt.datetime]]:
    """The commits that touched ``paths``, first parents only, oldest first, with their time."""
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


def _versions(repo: Repository, names: Sequence[str]) -> tuple[list[str | None], dict[str, int]]:
    """The object id of each ``rev:path`` in ``names`` (None when missing or not a file), and
    the size of each, through one ``git cat-file --batch-check``: which version of each file
    each commit holds, without reading any content."""
    headers = blob_headers(repo.toplevel, names)
    ids = [h[0] if h is not None and h[1] == "blob" else None for h in headers]
    sizes = {h[0]: h[2] for h in headers if h is not None and h[1] == "blob"}
    return ids, sizes


class _Contents:
    """The contents of the versions the replay needs, read a group at a time.

    ``order`` is every version in the order the replay may ask for it (repeats included);
    when one is asked for that is not held, what is held is dropped and the versions from
    there on are read, up to :data:`READ_GROUP_BYTES`. Versions over ``limit`` are never read.
    """

    def __init__(
        self, repo: Repository, order: Sequence[str | None], sizes: dict[str, int], limit: int
    ) -> None:
        self._repo, self._order, self._sizes, self._limit = repo, order, sizes, limit
        self._held: dict[str, bytes] = {}

    def get(self, version: str, at: int) -> bytes | None:
        """The content of ``version``, which the replay needs at index ``at`` of ``order``;
        None when it is too large, or git cannot read it."""
        if self._sizes.get(version, 0) > self._limit:
            return None
        if version not in self._held:
            self._held = {}
            group: dict[str, None] = {}
            total = 0
            for upcoming in self._order[at:]:
                size = self._sizes.get(upcoming or "", 0)
                if upcoming is None or upcoming in group or size > self._limit:
                    continue
                if group and total + size > READ_GROUP_BYTES:
                    break
                group[upcoming] = None
                total += size
            try:
                blobs = read_blobs(self._repo.toplevel, list(group), limit=self._limit)
            except GitReadError:
                return None
            self._held = {b.object: b.content for b in blobs if b and b.content is not None}
        return self._held.get(version)


class _Replay:
    """The records of one kind as they stood at the commit being replayed.

    A record whose YAML is equal to its previous version's keeps its previous model (the
    same object), so that :func:`meeting_history` rebuilds only the events whose inputs
    changed, and validates only the records that did.
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


def meeting_history(register: Register) -> History:
    """Replay the git history of the files the register's events are built from into
    per-meeting revisions."""
    current = event_contents(register.settings, register.bodies, register.venues, register.meetings)
    unknown = History({mid: Revision(0, None) for mid in current})
    relpaths = {
        kind: data_file.relpath
        if (data_file := register.files.get(kind)) is not None
        else f"{DATA_DIR}/{SETTINGS_FILE if kind == 'register' else f'{kind}.yaml'}"
        for kind in WATCHED
    }
    try:
        repo = locate(register.root)
        inside = [f"{repo.prefix}{relpaths[kind]}" for kind in WATCHED]
        shallow = is_shallow(repo)
        commits = _log(repo, inside)
        ids, sizes = _versions(repo, [f"{sha}:{path}" for sha, _ in commits for path in inside])
    except GitReadError:  # not in a repository, no git, or git failing: no history
        return unknown

    limit = max_file_bytes()
    contents = _Contents(repo, ids, sizes, limit)
    passed_over: dict[str, PassedOver] = {}

    width = len(WATCHED)
    replays = {kind: _Replay(kind) for kind in WATCHED if kind != "register"}
    settings: Settings | None = None
    seen: list[str | None] = [""] * width  # the object ids replayed last ("": none yet)
    inputs: dict[str, tuple[object, ...]] = {}
    last: dict[str, EventContent] = {}
    sequence: dict[str, int] = {}
    modified: dict[str, dt.datetime] = {}
    last_commit: dt.datetime | None = None
    for row, (_, when) in enumerate(commits):
        last_commit = when
        versions = ids[row * width : (row + 1) * width]
        if versions == seen:
            continue
        readable = True
        for column, (kind, version, replayed) in enumerate(
            zip(WATCHED, versions, seen, strict=True)
        ):
            if version == replayed:
                continue
            if version is not None and sizes[version] > limit:
                if version not in passed_over:
                    sha = commits[row][0]
                    passed_over[version] = PassedOver(sha, inside[column], sizes[version], limit)
                readable = False
                continue
            raw = contents.get(version, row * width + column) if version is not None else None
            if version is not None and raw is None:
                readable = False
                continue
            try:
                text = raw.decode("utf-8-sig") if raw is not None else None
            except UnicodeDecodeError:
                readable = False
                continue
            if kind == "register":
                settings = _settings(text, relpaths[kind])
            elif not replays[kind].update(text, relpaths[kind]):
                readable = False
        if not readable or settings is None:
            # The register could not be loaded at this commit: pass it over, and read every
            # file again at the next one.
            seen = [""] * width
            continue
        seen = versions
        bodies, venues = replays["bodies"].records, replays["venues"].records
        for mid, meeting in replays["meetings"].records.items():
            owner = bodies.get(meeting.body)
            venue = venues.get(meeting.location or "")
            before = inputs.get(mid)
            if (
                before is not None
                and before[0] is meeting
                and before[1] is owner
                and before[2] is venue
                and before[3] is settings
            ):
                continue  # nothing the event is built from changed
            inputs[mid] = (meeting, owner, venue, settings)
            content = event_content(meeting, owner, venue, settings)
            if mid not in last:
                sequence[mid] = 0
                modified[mid] = when
            elif last[mid] != content:
                sequence[mid] += 1
                modified[mid] = when
            last[mid] = content

    revisions: dict[str, Revision] = {}
    for mid, content in current.items():
        if mid not in last:
            revisions[mid] = Revision(0, None)
        elif last[mid] != content:
            revisions[mid] = Revision(sequence[mid] + 1, None)
        else:
            revisions[mid] = Revision(sequence[mid], modified[mid])
    return History(
        revisions,
        available=True,
        shallow=shallow,
        last_commit=last_commit,
        passed_over=tuple(passed_over.values()),
    )
