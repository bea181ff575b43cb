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
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prefig.load import Register, parse_yaml

IGNORED_FIELDS = frozenset({"sources", "note", "exempt"})
"""Fields whose edits are not changes of the meeting (they do not reach the calendar)."""

GIT_TIMEOUT_SECONDS = 120


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


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=env,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _blobs(top: Path, specs: list[str]) -> list[tuple[str, bytes] | None]:
    """Object id and content of ``commit:path`` objects, read through one
    ``git cat-file --batch`` (None for a commit where the file is missing)."""
    if not specs:
        return []
    raw = _git(top, "cat-file", "--batch", stdin="".join(f"{s}\n" for s in specs).encode())
    out: list[tuple[str, bytes] | None] = []
    pos = 0
    for _ in specs:
        end = raw.find(b"\n", pos) if raw is not None else -1
        if raw is None or end < 0:
            out.append(None)
            continue
        header = raw[pos:end].split()
        pos = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            out.append((header[0].decode(), raw[pos : pos + size]))
            pos += size + 1
        else:
            out.append(None)
    return out


def meeting_history(register: Register) -> History:
    """Replay the git history of the register's meetings file into per-meeting revisions."""
    data_file = register.files.get("meetings")
    relpath = data_file.relpath if data_file is not None else "data/meetings.yaml"
    current = fingerprints(data_file.text, relpath) if data_file is not None else {}
    top_raw = _git(register.root, "rev-parse", "--show-toplevel")
    if top_raw is None:
        return History({mid: Revision(0, None) for mid in current})
    top = Path(top_raw.decode().strip())
    try:
        inside = (register.root / relpath).resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return History({mid: Revision(0, None) for mid in current})
    shallow = (_git(top, "rev-parse", "--is-shallow-repository") or b"").strip() == b"true"
    log = _git(top, "log", "--first-parent", "--reverse", "--format=%H %ct", "--", inside) or b""
    commits = [line.split() for line in log.decode().splitlines() if line.strip()]
    blobs = _blobs(top, [f"{sha}:{inside}" for sha, _ in commits])

    last: dict[str, str] = {}
    sequence: dict[str, int] = {}
    modified: dict[str, dt.datetime] = {}
    last_commit: dt.datetime | None = None
    previous_blob = ""
    for (_, stamp), blob in zip(commits, blobs, strict=True):
        when = dt.datetime.fromtimestamp(int(stamp), dt.UTC)
        last_commit = when
        if blob is None or blob[0] == previous_blob:  # same content: nothing changed
            continue
        previous_blob = blob[0]
        try:
            text = blob[1].decode("utf-8-sig")
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
