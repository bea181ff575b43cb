"""The replay behind iCalendar's SEQUENCE, on in-memory histories: no git, no files.

Each test writes the versions of the four watched files as YAML text, lays out commits
(which version of each file a commit holds) and checks the revisions :func:`replay` computes.
The same behaviour through git and the command line is in ``test_ics.py``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from prefig.export.events import EventContent, event_contents
from prefig.export.history import WATCHED, Revision, Snapshot, replay
from prefig.gitread import BlobVersion
from prefig.load import parse_yaml
from prefig.model import Body, Meeting, Settings, Venue

SETTINGS = "name: Test\nlocale: fr_FR\ntimezone: Europe/Paris\n"
BODIES = "- id: cs\n  name: Comité syndical\n  kind: assembly\n"
VENUES = "- id: mairie\n  name: Mairie\n  locality: Amont\n"
MEETING = "- id: cs-1\n  body: cs\n  date: 2015-02-13\n  start_time: '10:00'\n  location: mairie\n"
LIMIT = 1_000_000


def day(n: int) -> dt.datetime:
    return dt.datetime(2015, 1, n, 12, tzinfo=dt.UTC)


class Store:
    """The versions of a history, by object id, and the reads the replay makes."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}
        self.reads: list[str] = []

    def version(self, text: str) -> BlobVersion:
        data = text.encode("utf-8")
        obj = hashlib.sha1(data).hexdigest()
        self.blobs[obj] = data
        return BlobVersion(obj, len(data))

    def read(self, obj: str) -> bytes | None:
        self.reads.append(obj)
        return self.blobs.get(obj)

    def commit(
        self,
        n: int,
        meetings: str = MEETING,
        *,
        settings: str = SETTINGS,
        bodies: str = BODIES,
        venues: str = VENUES,
    ) -> Snapshot:
        files = (settings, bodies, venues, meetings)
        return Snapshot(f"c{n}", day(n), tuple(self.version(text) for text in files))


def events(meetings: str = MEETING, venues: str = VENUES) -> dict[str, EventContent]:
    """The events of a working tree holding these files (and the others as above)."""

    def records(text: str, model: type[Any]) -> list[Any]:
        data, _ = parse_yaml(text, "test.yaml")
        return [model.model_validate(item) for item in data]

    settings = Settings.model_validate(parse_yaml(SETTINGS, "register.yaml")[0])
    return event_contents(
        settings, records(BODIES, Body), records(venues, Venue), records(meetings, Meeting)
    )


def test_no_commits_every_meeting_not_committed_yet() -> None:
    history = replay([], Store().read, events(), limit=LIMIT)
    assert history.revisions == {"cs-1": Revision(0, None)}
    assert history.last_commit is None


def test_sequence_counts_the_commits_that_changed_the_event() -> None:
    store = Store()
    moved = MEETING.replace("'10:00'", "'11:00'")
    again = moved.replace("2015-02-13", "2015-02-14")
    commits = [store.commit(1), store.commit(2, moved), store.commit(3, again)]
    history = replay(commits, store.read, events(again), limit=LIMIT)
    assert history.revisions == {"cs-1": Revision(2, day(3))}
    assert history.last_commit == day(3)
    assert history.passed_over == ()


def test_changes_a_calendar_does_not_show_are_not_changes() -> None:
    store = Store()
    noted = MEETING + "  note: a private remark\n"
    commits = [store.commit(1), store.commit(2, noted), store.commit(3, "# comment\n" + noted)]
    history = replay(commits, store.read, events(noted), limit=LIMIT)
    assert history.revisions == {"cs-1": Revision(0, day(1))}
    assert history.last_commit == day(3)


def test_a_new_venue_address_changes_the_meetings_held_there() -> None:
    store = Store()
    venues = VENUES.replace("Amont", "Aval")
    commits = [store.commit(1), store.commit(2, venues=venues)]
    history = replay(commits, store.read, events(venues=venues), limit=LIMIT)
    assert history.revisions == {"cs-1": Revision(1, day(2))}


def test_an_edit_not_committed_counts_one_more_change() -> None:
    store = Store()
    edited = MEETING.replace("'10:00'", "'11:00'")
    history = replay([store.commit(1)], store.read, events(edited), limit=LIMIT)
    assert history.revisions == {"cs-1": Revision(1, None)}


def test_a_commit_that_does_not_parse_is_passed_over() -> None:
    store = Store()
    moved = MEETING.replace("'10:00'", "'11:00'")
    commits = [
        store.commit(1),
        store.commit(2, "- id: [unclosed\n"),
        store.commit(3, moved),
        store.commit(4, moved, settings="name: [unclosed\n"),
    ]
    history = replay(commits, store.read, events(moved), limit=LIMIT)
    # the change counts once, at the next readable commit, and commit 4 is no change
    assert history.revisions == {"cs-1": Revision(1, day(3))}
    assert history.last_commit == day(4)


def test_a_version_over_the_limit_is_never_read() -> None:
    store = Store()
    big = MEETING + "  notes: " + "x" * 200 + "\n"
    moved = MEETING.replace("'10:00'", "'11:00'")
    commits = [store.commit(1), store.commit(2, big), store.commit(3, moved)]
    paths = tuple(f"data/{kind}.yaml" for kind in WATCHED)
    small = len(MEETING) + 100
    history = replay(commits, store.read, events(moved), paths=paths, limit=small)
    assert commits[1].files[3] is not None
    big_object = commits[1].files[3].object
    assert big_object not in store.reads
    (passed,) = history.passed_over
    assert (passed.commit, passed.path, passed.limit) == ("c2", "data/meetings.yaml", small)
    assert history.revisions == {"cs-1": Revision(1, day(3))}


def test_each_version_is_read_once_while_the_history_is_readable() -> None:
    store = Store()
    moved = MEETING.replace("'10:00'", "'11:00'")
    commits = [store.commit(1), store.commit(2), store.commit(3, moved), store.commit(4, moved)]
    replay(commits, store.read, events(moved), limit=LIMIT)
    assert len(store.reads) == len(set(store.reads)) == 5  # four files, then one new version


def test_an_unreadable_version_passes_its_commit_over() -> None:
    store = Store()
    moved = MEETING.replace("'10:00'", "'11:00'")
    commits = [store.commit(1), store.commit(2, moved)]
    assert commits[1].files[3] is not None
    lost = commits[1].files[3].object
    history = replay(
        commits, lambda obj: None if obj == lost else store.read(obj), events(moved), limit=LIMIT
    )
    assert history.revisions == {"cs-1": Revision(1, None)}  # only the working tree differs
