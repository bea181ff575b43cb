"""How often each meeting changed, from the git history of the meetings file.

A register holds only the present state of a meeting; iCalendar's SEQUENCE must grow every
time the meeting changes, and LAST-MODIFIED/DTSTAMP should say when it last did. A register
is kept in git, so its history is there: this module replays the commits that touched
``data/meetings.yaml`` (first parents only, oldest first), and counts for each meeting id
the commits in which the record's content changed. An edit not yet committed counts as one
more change. Outside a git repository (or without git) every meeting has SEQUENCE 0.

Formatting, comments, key order and the ``sources``/``note``/``exempt`` fields do not count
as changes: they do not change what a calendar shows.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from prefig.gitread import GitReadError, Repository, is_shallow, locate, read_blobs, run_git
from prefig.load import Register, parse_yaml

IGNORED_FIELDS = frozenset({"sources", "note", "exempt"})
"""Fields whose edits are not changes of the meeting (they do not reach the calendar)."""


@dataclass(frozen=True)
class Revision:
    """A meeting's revision number and when it last changed (None: not committed yet)."""

    sequence: int
    modified: dt.datetime | None


@dataclass(frozen=True)
class History:
    """Revisions of every meeting of a register, and how much history there was to read."""

    revisions: dict[str, Revision] = field(default_factory=dict)
    available: bool = False
    """Whether the register is in a git repository whose history could be read."""
    shallow: bool = False
    """Whether the repository is a shallow clone (its SEQUENCE numbers are too low)."""
    last_commit: dt.datetime | None = None
    """Time of the newest commit that touched the meetings file."""

    def revision(self, meeting_id: str) -> Revision:
        return self.revisions.get(meeting_id, Revision(0, None))


def fingerprint(record: Any) -> str | None:
    """The content of one meeting record that matters to a calendar, as canonical JSON."""
    if not isinstance(record, dict):
        return None
    kept = {k: v for k, v in record.items() if k not in IGNORED_FIELDS}
    return json.dumps(kept, sort_keys=True, ensure_ascii=False, default=str)


def fingerprints(text: str, relpath: str) -> dict[str, str]:
    """Fingerprint of each meeting (by id) in one version of the meetings file."""
    data, problems = parse_yaml(text, relpath)
    if problems or not isinstance(data, list):
        return {}
    out: dict[str, str] = {}
    for item in data:
        meeting_id = item.get("id") if isinstance(item, dict) else None
        digest = fingerprint(item)
        if isinstance(meeting_id, str) and digest is not None:
            out[meeting_id] = digest
    return out


def _log(repo: Repository, path: str) -> list[tuple[str, dt.datetime]]:
    """The commits that touched ``path``, first parents only, oldest first, with their time."""
    done = run_git(
        repo.toplevel, "log", "--first-parent", "--reverse", "--format=%H %ct", "--", path
    )
    if done.returncode != 0:  # a repository without commits yet
        return []
    commits = []
    for line in done.stdout.decode("ascii", "replace").splitlines():
        sha, _, stamp = line.partition(" ")
        if sha and stamp.isdigit():
            commits.append((sha, dt.datetime.fromtimestamp(int(stamp), dt.UTC)))
    return commits


def meeting_history(register: Register) -> History:
    """Replay the git history of the register's meetings file into per-meeting revisions."""
    data_file = register.files.get("meetings")
    relpath = data_file.relpath if data_file is not None else "data/meetings.yaml"
    current = fingerprints(data_file.text, relpath) if data_file is not None else {}
    unknown = History({mid: Revision(0, None) for mid in current})
    try:
        repo = locate(register.root)
        inside = f"{repo.prefix}{relpath}"
        shallow = is_shallow(repo)
        commits = _log(repo, inside)
        blobs = read_blobs(repo.toplevel, [f"{sha}:{inside}" for sha, _ in commits])
    except GitReadError:  # not in a repository, no git, or git failing: no history
        return unknown

    last: dict[str, str] = {}
    sequence: dict[str, int] = {}
    modified: dict[str, dt.datetime] = {}
    last_commit: dt.datetime | None = None
    previous_blob = ""
    for (_, when), blob in zip(commits, blobs, strict=True):
        last_commit = when
        if blob is None or blob.object == previous_blob:  # same content: nothing changed
            continue
        previous_blob = blob.object
        try:
            text = blob.content.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
        for mid, digest in fingerprints(text, inside).items():
            if mid not in last:
                sequence[mid] = 0
                modified[mid] = when
            elif last[mid] != digest:
                sequence[mid] += 1
                modified[mid] = when
            last[mid] = digest

    revisions: dict[str, Revision] = {}
    for mid, digest in current.items():
        if mid not in last:
            revisions[mid] = Revision(0, None)
        elif last[mid] != digest:
            revisions[mid] = Revision(sequence[mid] + 1, None)
        else:
            revisions[mid] = Revision(sequence[mid], modified[mid])
    return History(revisions, available=True, shallow=shallow, last_commit=last_commit)
