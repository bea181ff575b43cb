"""PF402 and PF403 read each member's recorded dispatch (``data/dispatches.yaml``) rather than
the meeting's ``convened_on``, and name the member sent too late; a dispatch names a meeting
and a person that exist (PF101)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from prefig.check import check
from tests.mail.conftest import MEETING

# Thursday 14 January 2027, five jours francs: the last day to send is Friday 8 January.
ON_TIME = "2027-01-08T23:30:00+01:00"  # the 8th in Paris
LATE_IN_PARIS = "2027-01-08T23:30:00+00:00"  # the 8th in UTC, the 9th in Paris
LOCATION_AND_DAY = "  location: mairie\n  convened_on: 2027-01-12\n"


def dispatch(n: int, person: str, sent_at: str, meeting: str = MEETING) -> str:
    return (
        f"- id: dispatch-{n}\n  meeting: {meeting}\n  person: {person}\n"
        f"  to: {person}@example.org\n  sent_at: {sent_at}\n  message_id: '<{n}@example.org>'\n"
        f"  server_reply: 250 2.0.0 Ok\n  sha256: '{n:064x}'\n  content: {'c' * 64}\n"
    )


def findings(root: Path, code: str, as_of: dt.date) -> list[tuple[str, str, int | None]]:
    report = check(root, as_of=as_of, select=[code])
    return [
        (d.location.file, d.message, d.location.line) for d in report.diagnostics if d.code == code
    ]


def test_pf402_names_each_member_sent_too_late(mail_register: Path) -> None:
    (mail_register / "data" / "dispatches.yaml").write_text(
        dispatch(1, "louis-bernard", ON_TIME)
        + dispatch(2, "amelie-petit", LATE_IN_PARIS)
        # A second message to a member counts from the first one.
        + dispatch(3, "louis-bernard", "2027-01-12T09:00:00+01:00"),
        "utf-8",
    )
    (found,) = findings(mail_register, "PF402", dt.date(2027, 1, 10))
    path, message, line = found
    assert path == "data/dispatches.yaml"
    assert line == 14  # the sent_at of amelie-petit's dispatch
    assert message == (
        f"'amelie-petit' was sent the convocation to meeting '{MEETING}' on 2027-01-09, "
        "giving 4 clear days; body 'conseil-municipal' requires 5 clear days (jours francs, "
        "CGCT L2121-12): send by 2027-01-08."
    )


def test_pf402_uses_the_dispatches_rather_than_convened_on(mail_register: Path) -> None:
    meetings = mail_register / "data" / "meetings.yaml"
    text = meetings.read_text("utf-8")
    meetings.write_text(text.replace("  location: mairie\n", LOCATION_AND_DAY), "utf-8")
    assert len(findings(mail_register, "PF402", dt.date(2027, 1, 10))) == 1
    (mail_register / "data" / "dispatches.yaml").write_text(
        dispatch(1, "louis-bernard", ON_TIME), "utf-8"
    )
    assert findings(mail_register, "PF402", dt.date(2027, 1, 10)) == []


MEMBERS = ("jeanne-martin", "louis-bernard", "amelie-petit", "hugo-roux", "chloe-fabre")


def test_pf403_takes_a_meeting_sent_to_every_member_as_convened(mail_register: Path) -> None:
    overdue = findings(mail_register, "PF403", dt.date(2027, 1, 11))
    assert len(overdue) == 1 and MEETING in overdue[0][1]
    (mail_register / "data" / "dispatches.yaml").write_text(
        "".join(dispatch(n, p, ON_TIME) for n, p in enumerate((*MEMBERS, "marc-garnier"))),
        "utf-8",
    )
    assert findings(mail_register, "PF403", dt.date(2027, 1, 11)) == []


def test_pf403_names_the_members_no_dispatch_reached(mail_register: Path) -> None:
    # Sent to all but one (no address, a refused recipient, a run cut short): once the last
    # day is past, that member is named; before it, nothing is overdue yet.
    (mail_register / "data" / "dispatches.yaml").write_text(
        "".join(dispatch(n, p, ON_TIME) for n, p in enumerate(MEMBERS)), "utf-8"
    )
    assert findings(mail_register, "PF403", dt.date(2027, 1, 8)) == []
    ((path, message, _),) = findings(mail_register, "PF403", dt.date(2027, 1, 11))
    assert path == "data/meetings.yaml"
    assert message == (
        f"meeting '{MEETING}' of 2027-01-14 was convened by e-mail, but no convocation is "
        "recorded as sent to 'marc-garnier' and the last day to give 5 clear days (jours "
        "francs, CGCT L2121-12) was 2027-01-08; convene them (prefig send convocations, or by "
        "post and record convened_on), or move the meeting."
    )


def test_a_dispatch_names_a_meeting_and_a_person_that_exist(mail_register: Path) -> None:
    (mail_register / "data" / "dispatches.yaml").write_text(
        dispatch(1, "louis-bernart", ON_TIME, meeting="cm-2027-01-15"), "utf-8"
    )
    messages = [m for _, m, _ in findings(mail_register, "PF101", dt.date(2027, 1, 10))]
    assert len(messages) == 2
    assert any("cm-2027-01-15" in m and "cm-2027-01-14" in m for m in messages)
    assert any("louis-bernart" in m and "louis-bernard" in m for m in messages)
