"""``prefig export ics``: golden file, parse-back with two independent parsers, UID and
SEQUENCE behaviour over a git history, DTSTAMP and reproducibility."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from prefig.export.history import History
from prefig.export.ics import build_calendar
from prefig.load import Register
from prefig.model import AgendaItem, Body, BodyKind, Meeting, Settings, Venue
from tests.conftest import Golden

Run = Callable[..., Result]
PARIS = ZoneInfo("Europe/Paris")
EPOCH_2015 = "1420070400"  # 2015-01-01T00:00:00Z


def ics(run: Run, root: Path, *args: str, env: dict[str, str] | None = None) -> bytes:
    result = run("--register", str(root), "export", "ics", *args, env=env)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_golden(run: Run, register_copy: Path, golden: Golden) -> None:
    golden("export/meetings.ics", ics(run, register_copy, env={"SOURCE_DATE_EPOCH": EPOCH_2015}))


def test_byte_for_byte_reproducible(run: Run, register_copy: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": EPOCH_2015}
    assert ics(run, register_copy, env=env) == ics(run, register_copy, env=env)


def test_parse_back_with_icalendar(run: Run, register_copy: Path) -> None:
    cal = icalendar.Calendar.from_ical(
        ics(run, register_copy, env={"SOURCE_DATE_EPOCH": EPOCH_2015})
    )
    assert str(cal["X-WR-CALNAME"]) == "Syndicat « Rivière & Coteaux » | test"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    events = {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}
    assert list(events) == [
        "cs-2015-01-20",
        "bureau-2015-02-03",
        "ct-2015-02-24",  # all-day meetings come first on their day
        "cs-2015-02-24",
        "cs-2015-06-30",
    ]
    held = events["cs-2015-01-20"]
    assert held.decoded("DTSTART") == dt.datetime(2015, 1, 20, 18, 30, tzinfo=PARIS)
    assert held["DTSTART"].params["TZID"] == "Europe/Paris"
    assert held.decoded("DTEND") == dt.datetime(2015, 1, 20, 20, 0, tzinfo=PARIS)
    assert str(held["STATUS"]) == "CONFIRMED"
    assert str(held["LOCATION"]) == (
        "Mairie d'Amont, Salle du conseil, 1 place de la Mairie, 31000 Amont, France"
    )
    assert "2.a. Budget primitif 2015" in str(held["DESCRIPTION"])
    assert "1. Approbation du procès-verbal (résultat : adopté)" in str(held["DESCRIPTION"])
    summer = events["cs-2015-06-30"]
    assert summer.decoded("DTSTART").utcoffset() == dt.timedelta(hours=2)  # CEST
    all_day = events["bureau-2015-02-03"]
    assert all_day["DTSTART"].params["VALUE"] == "DATE"
    assert all_day.decoded("DTSTART") == dt.date(2015, 2, 3)
    assert all_day.decoded("DTEND") == dt.date(2015, 2, 4)
    assert str(events["cs-2015-02-24"]["STATUS"]) == "CANCELLED"
    assert "DTEND" not in events["cs-2015-02-24"]  # a start and no end: zero duration
    assert str(events["ct-2015-02-24"]["STATUS"]) == "TENTATIVE"
    assert all(
        e.decoded("DTSTAMP") == dt.datetime(2015, 1, 1, tzinfo=dt.UTC) for e in events.values()
    )
    assert all(int(e["SEQUENCE"]) == 0 for e in events.values())


def test_parse_back_with_vobject(run: Run, register_copy: Path) -> None:
    text = ics(run, register_copy, env={"SOURCE_DATE_EPOCH": EPOCH_2015}).decode("utf-8")
    cal = vobject.readOne(text)
    events = {e.uid.value: e for e in cal.vevent_list}
    domain = "syndicat-riviere-coteaux-test"
    assert sorted(events) == sorted(
        f"{m}@{domain}"
        for m in (
            "cs-2015-01-20",
            "bureau-2015-02-03",
            "cs-2015-02-24",
            "ct-2015-02-24",
            "cs-2015-06-30",
        )
    )
    held = events[f"cs-2015-01-20@{domain}"]
    start = held.dtstart.value
    assert start.utcoffset() == dt.timedelta(hours=1)
    assert start.astimezone(dt.UTC) == dt.datetime(2015, 1, 20, 17, 30, tzinfo=dt.UTC)
    summer = events[f"cs-2015-06-30@{domain}"].dtstart.value
    assert summer.astimezone(dt.UTC) == dt.datetime(2015, 6, 30, 16, 0, tzinfo=dt.UTC)
    all_day = events[f"bureau-2015-02-03@{domain}"]
    assert all_day.dtstart.value == dt.date(2015, 2, 3)
    assert all_day.dtend.value == dt.date(2015, 2, 4)
    assert all_day.location.value == "Salle des fêtes d'Aval"
    assert events[f"cs-2015-02-24@{domain}"].status.value == "CANCELLED"
    assert cal.contents["x-wr-calname"][0].value == "Syndicat « Rivière & Coteaux » | test"


def test_body_filter_and_unknown_body(run: Run, register_copy: Path) -> None:
    cal = icalendar.Calendar.from_ical(ics(run, register_copy, "--body", "bureau"))
    assert [str(e["UID"]) for e in cal.walk("VEVENT")] == [
        "bureau-2015-02-03@syndicat-riviere-coteaux-test"
    ]
    assert str(cal["X-WR-CALNAME"]).endswith(': Bureau "exécutif" | <restreint>')
    result = run("--register", str(register_copy), "export", "ics", "--body", "burea")
    assert result.exit_code == 2
    assert "no body has the id 'burea'; did you mean bureau?" in result.stderr


def test_uid_domain_option(run: Run, register_copy: Path) -> None:
    cal = icalendar.Calendar.from_ical(ics(run, register_copy, "--uid-domain", "syndicat.fr"))
    assert {str(e["UID"]).split("@")[1] for e in cal.walk("VEVENT")} == {"syndicat.fr"}
    bad = run("--register", str(register_copy), "export", "ics", "--uid-domain", "a b")
    assert bad.exit_code == 2


def test_uid_domain_transliterates_and_a_pinned_one_stays(run: Run, register_copy: Path) -> None:
    settings = register_copy / "data" / "register.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("name: Syndicat", "name: Œuvre sociale du Syndicat"), "utf-8")
    domains = {
        str(e["UID"]).split("@")[1]
        for e in icalendar.Calendar.from_ical(ics(run, register_copy)).walk("VEVENT")
    }
    assert domains == {"oeuvre-sociale-du-syndicat-riviere-coteaux-test"}
    # A calendar published before letters were transliterated pinned its old domain.
    pinned = "uvre-sociale-du-syndicat-riviere-coteaux-test"
    cal = icalendar.Calendar.from_ical(ics(run, register_copy, "--uid-domain", pinned))
    assert {str(e["UID"]).split("@")[1] for e in cal.walk("VEVENT")} == {pinned}


def test_dtstamp_without_history_or_epoch_is_the_epoch(run: Run, register_copy: Path) -> None:
    cal = icalendar.Calendar.from_ical(ics(run, register_copy))
    stamps = {e.decoded("DTSTAMP") for e in cal.walk("VEVENT")}
    assert stamps == {dt.datetime(1970, 1, 1, tzinfo=dt.UTC)}


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("yesterday", "is not a whole number of seconds"),
        ("-1", "is not a whole number of seconds"),
        ("١٢٣", "is not a whole number of seconds"),  # digits, but not ASCII ones
        ("253402300800", "is after the year 9999"),
        ("99999999999999999999", "is after the year 9999"),
    ],
)
def test_bad_source_date_epoch_is_misuse(
    run: Run, register_copy: Path, value: str, says: str
) -> None:
    result = run(
        "--register", str(register_copy), "export", "ics", env={"SOURCE_DATE_EPOCH": value}
    )
    assert result.exit_code == 2
    assert f"SOURCE_DATE_EPOCH={value!r} {says}" in result.stderr


def test_last_representable_source_date_epoch(run: Run, register_copy: Path) -> None:
    cal = icalendar.Calendar.from_ical(
        ics(run, register_copy, env={"SOURCE_DATE_EPOCH": "253402300799"})
    )
    stamps = {e.decoded("DTSTAMP") for e in cal.walk("VEVENT")}
    assert stamps == {dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)}


# --------------------------------------------------------------------------- git history


def git(root: Path, *args: str, when: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def first_commit(root: Path) -> None:
    """Make ``root`` a git repository whose first commit, on 1 January 2015, holds it all."""
    git(root, "init", "-q", "-b", "main", when="2015-01-01T10:00:00Z")
    git(root, "add", "-A", when="2015-01-01T10:00:00Z")
    git(root, "commit", "-q", "-m", "first", when="2015-01-01T10:00:00Z")


def shallow_clone(root: Path, clone: Path) -> Path:
    """A clone of ``root`` with only its last commit."""
    git(
        clone.parent,
        "clone",
        "-q",
        "--depth",
        "1",
        root.as_uri(),
        str(clone),
        when="2015-01-03T00:00:00Z",
    )
    return clone


def revisions(run: Run, root: Path) -> dict[str, tuple[int, dt.datetime]]:
    cal = icalendar.Calendar.from_ical(ics(run, root))
    return {
        str(e["UID"]).split("@")[0]: (int(e["SEQUENCE"]), e.decoded("DTSTAMP"))
        for e in cal.walk("VEVENT")
    }


def edit(root: Path, old: str, new: str, file: str = "meetings.yaml") -> None:
    path = root / "data" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_sequence_grows_with_each_change_in_git_history(run: Run, register_copy: Path) -> None:
    root = register_copy
    first_commit(root)
    first = dt.datetime(2015, 1, 1, 10, tzinfo=dt.UTC)
    assert revisions(run, root)["bureau-2015-02-03"] == (0, first)

    # An edit not yet committed already counts; committing it does not count it twice.
    edit(
        root,
        "- id: bureau-2015-02-03\n  body: bureau\n",
        '- id: bureau-2015-02-03\n  body: bureau\n  start_time: "17:00"\n',
    )
    seq, stamp = revisions(run, root)["bureau-2015-02-03"]
    assert seq == 1 and stamp == first  # DTSTAMP falls back to the newest commit
    git(root, "commit", "-q", "-am", "time", when="2015-01-02T10:00:00Z")
    second = dt.datetime(2015, 1, 2, 10, tzinfo=dt.UTC)
    assert revisions(run, root)["bureau-2015-02-03"] == (1, second)

    # Comments, sources and notes are not changes of the meeting.
    edit(
        root,
        "- id: bureau-2015-02-03\n",
        "# un commentaire\n- id: bureau-2015-02-03\n  note: à confirmer\n",
    )
    git(root, "commit", "-q", "-am", "note", when="2015-01-03T10:00:00Z")
    assert revisions(run, root)["bureau-2015-02-03"] == (1, second)

    # Cancelling is a change; other meetings keep their numbers and the UID stays the same.
    edit(root, "  location: salle-aval\n", "  location: salle-aval\n  status: cancelled\n")
    git(root, "commit", "-q", "-am", "cancel", when="2015-01-04T10:00:00Z")
    after = revisions(run, root)
    assert after["bureau-2015-02-03"] == (2, dt.datetime(2015, 1, 4, 10, tzinfo=dt.UTC))
    assert after["cs-2015-01-20"] == (0, first)
    cal = icalendar.Calendar.from_ical(ics(run, root))
    cancelled = next(e for e in cal.walk("VEVENT") if "bureau" in str(e["UID"]))
    assert str(cancelled["UID"]) == "bureau-2015-02-03@syndicat-riviere-coteaux-test"
    assert str(cancelled["STATUS"]) == "CANCELLED"

    # SOURCE_DATE_EPOCH still wins over the history for DTSTAMP, not for SEQUENCE.
    cal = icalendar.Calendar.from_ical(ics(run, root, env={"SOURCE_DATE_EPOCH": EPOCH_2015}))
    cancelled = next(e for e in cal.walk("VEVENT") if "bureau" in str(e["UID"]))
    assert int(cancelled["SEQUENCE"]) == 2
    assert cancelled.decoded("DTSTAMP") == dt.datetime(2015, 1, 1, tzinfo=dt.UTC)
    # LAST-MODIFIED is clamped to SOURCE_DATE_EPOCH, never after DTSTAMP ...
    assert cancelled.decoded("LAST-MODIFIED") == dt.datetime(2015, 1, 1, tzinfo=dt.UTC)
    # ... and left alone when the epoch is later.
    cal = icalendar.Calendar.from_ical(ics(run, root, env={"SOURCE_DATE_EPOCH": "1500000000"}))
    cancelled = next(e for e in cal.walk("VEVENT") if "bureau" in str(e["UID"]))
    assert cancelled.decoded("LAST-MODIFIED") == dt.datetime(2015, 1, 4, 10, tzinfo=dt.UTC)


def committed(root: Path) -> dt.datetime:
    """``root`` in a new repository, its register committed once; the commit's time."""
    first_commit(root)
    return dt.datetime(2015, 1, 1, 10, tzinfo=dt.UTC)


def last_modified(run: Run, root: Path) -> dict[str, dt.datetime | None]:
    cal = icalendar.Calendar.from_ical(ics(run, root))
    return {
        str(e["UID"]).split("@")[0]: e.decoded("LAST-MODIFIED") if "LAST-MODIFIED" in e else None
        for e in cal.walk("VEVENT")
    }


def test_venue_address_change_raises_the_sequence_of_its_meetings_only(
    run: Run, register_copy: Path
) -> None:
    root = register_copy
    first = committed(root)
    before = revisions(run, root)
    edit(root, "1 place de la Mairie", "3 place de la Mairie", file="venues.yaml")
    # Not committed yet: one more change already, and DTSTAMP the newest commit.
    pending = revisions(run, root)
    assert pending["cs-2015-01-20"] == pending["cs-2015-06-30"] == (1, first)
    assert last_modified(run, root)["cs-2015-01-20"] is None
    git(root, "commit", "-q", "-am", "address", when="2015-01-02T10:00:00Z")
    second = dt.datetime(2015, 1, 2, 10, tzinfo=dt.UTC)
    after = revisions(run, root)
    # The two meetings at the town hall; not the one at the other venue, nor those without.
    assert after["cs-2015-01-20"] == after["cs-2015-06-30"] == (1, second)
    assert last_modified(run, root)["cs-2015-01-20"] == second
    for mid in ("bureau-2015-02-03", "cs-2015-02-24", "ct-2015-02-24"):
        assert after[mid] == before[mid] == (0, first)


def test_body_rename_raises_the_sequence_of_its_meetings(run: Run, register_copy: Path) -> None:
    root = register_copy
    first = committed(root)
    edit(
        root,
        "  name: Commission des travaux\n",
        "  name: Commission des travaux et de l'eau\n",
        file="bodies.yaml",
    )
    git(root, "commit", "-q", "-am", "rename", when="2015-01-02T10:00:00Z")
    after = revisions(run, root)
    assert after["ct-2015-02-24"] == (1, dt.datetime(2015, 1, 2, 10, tzinfo=dt.UTC))
    cal = icalendar.Calendar.from_ical(ics(run, root))
    renamed = next(e for e in cal.walk("VEVENT") if "ct-" in str(e["UID"]))
    assert str(renamed["SUMMARY"]) == "Commission des travaux et de l'eau"
    assert all(after[m] == (0, first) for m in after if m != "ct-2015-02-24")
    # A change of the body that no event shows (its seats) is not a change of the events.
    edit(root, "  seats:\n", "  note: à revoir\n  seats:\n", file="bodies.yaml")
    git(root, "commit", "-q", "-am", "note", when="2015-01-03T10:00:00Z")
    assert revisions(run, root) == after


def test_note_only_changes_raise_nothing(run: Run, register_copy: Path) -> None:
    root = register_copy
    committed(root)
    before = revisions(run, root)
    edit(root, "  notes: Séance publique.\n", "  notes: Séance publique.\n  note: vu\n")
    edit(root, "  locality: Amont\n", "  locality: Amont\n  note: accessible\n", "venues.yaml")
    edit(root, "  short_name: Comité\n", "  short_name: Comité\n  note: x\n", "bodies.yaml")
    edit(
        root, "timezone: Europe/Paris\n", "timezone: Europe/Paris\nnote: x # why\n", "register.yaml"
    )
    assert revisions(run, root) == before  # not committed: no change either
    git(root, "commit", "-q", "-am", "notes", when="2015-01-02T10:00:00Z")
    assert revisions(run, root) == before


def test_time_zone_change_raises_the_timed_meetings_only(run: Run, register_copy: Path) -> None:
    root = register_copy
    first = committed(root)
    edit(root, "timezone: Europe/Paris", "timezone: Europe/Brussels", file="register.yaml")
    git(root, "commit", "-q", "-am", "zone", when="2015-01-02T10:00:00Z")
    after = revisions(run, root)
    second = dt.datetime(2015, 1, 2, 10, tzinfo=dt.UTC)
    assert {m for m, (seq, _) in after.items() if seq} == {
        "cs-2015-01-20",
        "cs-2015-02-24",
        "cs-2015-06-30",
    }
    assert after["cs-2015-01-20"] == (1, second)
    assert after["bureau-2015-02-03"] == (0, first)  # all day: no time zone to change


def test_a_commit_the_register_cannot_be_read_at_is_passed_over(
    run: Run, register_copy: Path
) -> None:
    root = register_copy
    committed(root)
    edit(root, "  locality: Amont\n", "  locality: [Amont\n", file="venues.yaml")
    git(root, "commit", "-q", "-am", "broken", when="2015-01-02T10:00:00Z")
    edit(root, "  locality: [Amont\n", "  locality: Amont-le-Haut\n", file="venues.yaml")
    git(root, "commit", "-q", "-am", "fixed", when="2015-01-03T10:00:00Z")
    after = revisions(run, root)
    assert after["cs-2015-01-20"] == (1, dt.datetime(2015, 1, 3, 10, tzinfo=dt.UTC))
    assert after["bureau-2015-02-03"][0] == 0


def test_shallow_clone_warns(run: Run, register_copy: Path, tmp_path: Path) -> None:
    root = register_copy
    first_commit(root)
    edit(root, "  status: postponed\n", "  status: cancelled\n")
    git(root, "commit", "-q", "-am", "cancel", when="2015-01-02T10:00:00Z")
    clone = shallow_clone(root, tmp_path / "clone")
    result = run("--register", str(clone), "export", "ics")
    assert result.exit_code == 0, result.output
    assert "shallow clone" in result.stderr
    full = icalendar.Calendar.from_ical(ics(run, root))
    assert {int(e["SEQUENCE"]) for e in full.walk("VEVENT") if "ct-" in str(e["UID"])} == {1}


def test_shallow_clone_gives_the_same_bytes_with_source_date_epoch(
    run: Run, register_copy: Path, tmp_path: Path
) -> None:
    root = register_copy
    first_commit(root)
    edit(root, "- id: cs-2015-01-20\n", "# un commentaire\n- id: cs-2015-01-20\n")
    git(root, "commit", "-q", "-am", "comment", when="2015-01-02T10:00:00Z")
    clone = shallow_clone(root, tmp_path / "clone")
    env = {"SOURCE_DATE_EPOCH": EPOCH_2015}
    shallow = run("--register", str(clone), "export", "ics", env=env)
    assert shallow.exit_code == 0, shallow.output
    assert "shallow clone" in shallow.stderr
    assert shallow.stdout_bytes == ics(run, root, env=env)
    # Without the epoch, the shallow clone knows only its one commit: a later LAST-MODIFIED.
    assert revisions(run, clone)["cs-2015-01-20"][1] > revisions(run, root)["cs-2015-01-20"][1]


def test_no_vtimezone_when_every_meeting_is_all_day(run: Run, register_copy: Path) -> None:
    path = register_copy / "data" / "meetings.yaml"
    text = path.read_text(encoding="utf-8")
    kept = [line for line in text.splitlines(keepends=True) if "_time:" not in line]
    path.write_text("".join(kept), encoding="utf-8")
    data = ics(run, register_copy, env={"SOURCE_DATE_EPOCH": EPOCH_2015})
    cal = icalendar.Calendar.from_ical(data)
    assert cal.walk("VTIMEZONE") == []
    assert b"TZID" not in data
    events = cal.walk("VEVENT")
    assert len(events) == 5
    assert all(e["DTSTART"].params["VALUE"] == "DATE" for e in events)
    parsed = vobject.readOne(data.decode("utf-8"))
    assert "vtimezone" not in parsed.contents
    assert all(isinstance(e.dtstart.value, dt.date) for e in parsed.vevent_list)


def test_history_is_the_registers_even_inside_a_hook(
    run: Run, register_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SEQUENCE is read through the same git layer as ``prefig diff``: variables a hook sets
    for another repository do not redirect it."""
    root = register_copy
    first_commit(root)
    edit(root, "  status: postponed\n", "  status: cancelled\n")
    git(root, "commit", "-q", "-am", "cancel", when="2015-01-02T10:00:00Z")
    other = tmp_path / "other"
    git(tmp_path, "init", "-q", str(other), when="2015-01-03T00:00:00Z")
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other))
    seq, stamp = revisions(run, root)["ct-2015-02-24"]
    assert (seq, stamp) == (1, dt.datetime(2015, 1, 2, 10, tzinfo=dt.UTC))


def test_blobs_missing_at_a_commit_read_as_none(register_copy: Path) -> None:
    from prefig.gitread import read_blobs

    root = register_copy
    first_commit(root)
    names = [
        "HEAD:data/meetings.yaml",
        "HEAD:data/nothing.yaml",
        "HEAD:data",
        "HEAD:data/bodies.yaml",
    ]
    meetings, missing, tree, bodies = read_blobs(root, names)
    assert meetings is not None and meetings.content == (root / "data/meetings.yaml").read_bytes()
    assert missing is None and tree is None
    assert bodies is not None and bodies.content == (root / "data/bodies.yaml").read_bytes()
    assert len(meetings.object) == 40


@pytest.mark.parametrize("kind", ["ics", "json", "oparl", "popolo"])
def test_exports_refuse_a_register_with_unreadable_records(
    run: Run, register_copy: Path, kind: str
) -> None:
    """The loader leaves an unreadable record out: published without it, a calendar would
    lose the meeting for every subscriber."""
    edit(register_copy, "date: 2015-02-03", "date: 3 février")
    target = register_copy / f"out.{kind}"
    result = run("--register", str(register_copy), "export", kind, "--out", str(target))
    assert result.exit_code == 2
    assert "records that cannot be read, which an export would leave out" in result.stderr
    assert "data/meetings.yaml:" in result.stderr
    assert not target.exists()


def test_out_file_refuses_to_overwrite_without_force(run: Run, register_copy: Path) -> None:
    target = register_copy / "out" / "reunions.ics"
    args = ("--register", str(register_copy), "export", "ics", "--out", str(target))
    assert run(*args).exit_code == 0
    written = target.read_bytes()
    assert written.startswith(b"BEGIN:VCALENDAR\r\n")
    target.write_bytes(b"mine")
    refused = run(*args)
    assert refused.exit_code == 2
    assert "already exists; use --force" in refused.stderr
    assert target.read_bytes() == b"mine"
    assert run(*args, "--force").exit_code == 0
    assert target.read_bytes() == written


@pytest.mark.parametrize("command", ["ics", "json", "oparl", "popolo"])
def test_commands_have_help(run: Run, command: str) -> None:
    result = run("export", command, "--help")
    assert result.exit_code == 0
    assert "--out" in result.stdout and "Example:" in result.stdout


# --------------------------------------------------------------------------- any text


@settings(max_examples=40, deadline=None)
@given(
    name=st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=80).filter(
        lambda s: s.strip() == s and s
    ),
    item=st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=80).filter(
        lambda s: s.strip() == s and s
    ),
)
def test_any_text_survives_both_parsers(name: str, item: str) -> None:
    settings_ = Settings(name=f"R {name}")
    register = Register(
        root=Path("/nonexistent"),
        settings=settings_,
        bodies=[Body(id="b", name=name, kind=BodyKind.OTHER)],
        venues=[Venue(id="v", name=name, locality=item)],
        meetings=[
            Meeting(
                id="m",
                body="b",
                name=name,
                date=dt.date(2015, 3, 29),  # the day Paris moves to summer time
                start_time=dt.time(3, 30),
                location="v",
                agenda=[AgendaItem(name=item)],
            )
        ],
    )
    data = build_calendar(register, History(), stamp=dt.datetime(2015, 1, 1, tzinfo=dt.UTC))
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == name
    assert str(event["LOCATION"]) == f"{name}, {item}"
    assert f"1. {item}" in str(event["DESCRIPTION"])
    parsed = vobject.readOne(data.decode("utf-8")).vevent
    assert parsed.summary.value == name
    assert parsed.location.value == f"{name}, {item}"
    assert parsed.dtstart.value.astimezone(dt.UTC) == dt.datetime(2015, 3, 29, 1, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize("name", ["a\\Nb", "\\N", "x\\\\N;, y", "fin \\"])
def test_backslashes_survive_as_written(name: str) -> None:
    """icalendar's own escaping reads a backslash and ``N`` as a line break; prefig escapes
    TEXT values itself, as RFC 5545 says."""
    register = Register(
        root=Path("/nonexistent"),
        settings=Settings(name="R"),
        bodies=[Body(id="b", name=name, kind=BodyKind.OTHER)],
        meetings=[Meeting(id="m", body="b", name=name, date=dt.date(2015, 3, 29))],
    )
    data = build_calendar(register, History(), stamp=dt.datetime(2015, 1, 1, tzinfo=dt.UTC))
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == name
    assert vobject.readOne(data.decode("utf-8")).vevent.summary.value == name
