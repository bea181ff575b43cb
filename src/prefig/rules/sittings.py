"""Sittings: attendance and proxies, quorum item by item, votes, deliberation numbers, and the
publication deadlines that follow a sitting (CGCT L2121-15, L2121-17, L2121-20, L2121-25)."""

from __future__ import annotations

from collections.abc import Iterator

from prefig.diagnostics import Severity
from prefig.model import Meeting
from prefig.query import members_in_office, sorted_meetings
from prefig.rules import Context, Finding, rule
from prefig.sitting import (
    VOTED,
    deliberation_sequence,
    deliberations,
    is_held,
    item_number,
    present_at,
    quorum_at,
    represented_at,
    week_after,
)
from prefig.vocab import AttendanceStatus


def _members(ctx: Context, meeting: Meeting) -> set[str] | None:
    """Ids of the named members in office of the meeting's body on its day."""
    body = ctx.register.index("bodies").get(meeting.body)
    if body is None:
        return None
    return {person.id for _, person in members_in_office(ctx.register, body, meeting.date).named}


@rule("PF601", "quorum-not-reached")
def quorum_not_reached(ctx: Context) -> Iterator[Finding]:
    """A sitting records deliberations voted while too few members were present.

    ## What it does
    For each held meeting with an `attendance` and a body with a `quorum`, counts the members
    present at the opening and at each item whose deliberation was voted on (adopted or
    rejected), given late arrivals (`arrived_before_item`) and early departures
    (`left_before_item`); proxies do not count. Reports a deliberation voted without the
    quorum, unless the meeting is the second convocation of one that lacked it
    (`second_convocation_of`).

    ## Why is this bad?
    An assembly deliberates validly only when the majority of its members in office is
    present (CGCT L2121-17, L4132-13); a deliberation adopted without quorum is illegal and
    the administrative court annuls it. Without quorum the sitting is adjourned and a second
    convocation called, three days later at least, which deliberates whatever the number.

    ## Example
    ```yaml
    - id: cm-2026-10-08          # 25 members in office: 13 needed
      status: held
      attendance: [...]          # 11 present
      agenda:
        - name: Tarifs de la cantine
          deliberation: {number: 2026-040, outcome: adopted}
    ```

    ## Use instead
    ```yaml
    - id: cm-2026-10-08          # adjourned: no deliberation recorded
      status: held
      attendance: [...]
    - id: cm-2026-10-12
      second_convocation_of: cm-2026-10-08
      agenda:
        - name: Tarifs de la cantine
          deliberation: {number: 2026-040, outcome: adopted}
    ```
    """
    for meeting in ctx.register.meetings:
        if not is_held(meeting) or not meeting.attendance or meeting.second_convocation_of:
            continue
        for index, item in enumerate(meeting.agenda):
            if item.deliberation is None or item.deliberation.outcome not in VOTED:
                continue
            quorum = quorum_at(ctx.register, meeting, index)
            if quorum.reached is not False:
                continue
            yield ctx.at(
                meeting,
                "agenda",
                index,
                "deliberation",
                message=f"deliberation {item.deliberation.number} of meeting {meeting.id!r} "
                f"(item {item_number(item, index)}) was voted with {quorum.present} members "
                f"present, and the quorum is {quorum.needed}; record the sitting as adjourned "
                "and the deliberation at its second convocation, or correct the attendance.",
            )


@rule("PF602", "several-proxies")
def several_proxies(ctx: Context) -> Iterator[Finding]:
    """A member holds more than one proxy at a sitting.

    ## What it does
    Counts, for each held meeting, the members represented whose `proxy_to` names the same
    member, and reports every proxy after the first.

    ## Why is this bad?
    "Un même conseiller municipal ne peut être porteur que d'un seul pouvoir" (CGCT L2121-20;
    L4132-15 for a conseil régional): the second proxy is void, and the votes cast with it
    were not validly cast.

    ## Example
    ```yaml
    attendance:
      - {person: anne, status: present}
      - {person: bruno, status: represented, proxy_to: anne}
      - {person: claire, status: represented, proxy_to: anne}
    ```

    ## Use instead
    ```yaml
      - {person: claire, status: represented, proxy_to: denis}
    ```
    """
    for meeting in ctx.register.meetings:
        holders: dict[str, str] = {}
        for a, entry in enumerate(meeting.attendance):
            if entry.proxy_to is None:
                continue
            first = holders.setdefault(entry.proxy_to, entry.person)
            if first != entry.person:
                yield ctx.at(
                    meeting,
                    "attendance",
                    a,
                    "proxy_to",
                    message=f"{entry.proxy_to!r} already holds the proxy of {first!r} at "
                    f"meeting {meeting.id!r} and cannot hold that of {entry.person!r} "
                    "(one proxy per member, CGCT L2121-20); give it to another member.",
                )


@rule("PF603", "invalid-proxy")
def invalid_proxy(ctx: Context) -> Iterator[Finding]:
    """A proxy is given to someone who is not a member present, or not in writing.

    ## What it does
    For each member represented at a held meeting, checks that the holder of the proxy
    (`proxy_to`) is a member in office of the body, present at the sitting, and that the
    proxy was not recorded as oral (`proxy_written: false`).

    ## Why is this bad?
    A member who cannot attend may give "à un collègue de son choix pouvoir écrit de voter
    en son nom" (CGCT L2121-20): to a member of the assembly, who votes for both, so present;
    and in writing. A proxy to anyone else is void.

    ## Example
    ```yaml
      - {person: bruno, status: represented, proxy_to: claire}
      - {person: claire, status: excused}
    ```

    ## Use instead
    ```yaml
      - {person: bruno, status: represented, proxy_to: anne, proxy_written: true}
      - {person: anne, status: present}
    ```
    """
    for meeting in ctx.register.meetings:
        if not meeting.attendance:
            continue  # no proxies: the body's composition on the day is not needed
        members = _members(ctx, meeting)
        status = {e.person: e for e in meeting.attendance}
        for a, entry in enumerate(meeting.attendance):
            holder = entry.proxy_to
            if holder is None:
                continue
            problem = None
            if members is not None and holder not in members:
                problem = f"{holder!r} is not a member in office of {meeting.body!r}"
            elif holder not in status or status[holder].status != AttendanceStatus.PRESENT:
                held = status[holder].status if holder in status else "not recorded"
                problem = f"{holder!r} is {held} at the sitting"
            elif entry.proxy_written is False:
                problem = "the proxy was not given in writing"
            if problem is None:
                continue
            yield ctx.at(
                meeting,
                "attendance",
                a,
                "proxy_to",
                message=f"the proxy of {entry.person!r} at meeting {meeting.id!r} is void: "
                f"{problem} (CGCT L2121-20); record the member as excused or the proxy as "
                "given to a member present, in writing.",
            )


@rule("PF604", "proxy-beyond-three-sittings")
def proxy_beyond_three_sittings(ctx: Context) -> Iterator[Finding]:
    """The same proxy is used at more than three consecutive sittings.

    ## What it does
    Follows each member through the held meetings of a body, in order, and reports the
    fourth consecutive sitting at which the member is represented by the same proxy: the same
    holder and the same `proxy_given_on` (or no date given).

    ## Why is this bad?
    "Un même pouvoir ne peut être valable pour plus de trois séances consécutives" (CGCT
    L2121-20): from the fourth sitting on, the member must sign a new proxy, or the votes cast
    in the member's name are void.

    ## Example
    ```yaml
    # four consecutive sittings with
      - {person: bruno, status: represented, proxy_to: anne, proxy_given_on: 2026-09-01}
    ```

    ## Use instead
    ```yaml
    # the fourth with a new proxy
      - {person: bruno, status: represented, proxy_to: anne, proxy_given_on: 2026-12-10}
    ```
    """
    by_body: dict[str, list[Meeting]] = {}
    for meeting in sorted_meetings(ctx.register):
        if is_held(meeting):
            by_body.setdefault(meeting.body, []).append(meeting)
    for meetings in by_body.values():
        runs: dict[str, tuple[tuple[str, object], int]] = {}
        for meeting in meetings:
            seen = set()
            for a, entry in enumerate(meeting.attendance):
                seen.add(entry.person)
                if entry.proxy_to is None:
                    runs.pop(entry.person, None)
                    continue
                proxy = (entry.proxy_to, entry.proxy_given_on)
                last = runs.get(entry.person)
                length = last[1] + 1 if last is not None and last[0] == proxy else 1
                runs[entry.person] = (proxy, length)
                if length == 4:
                    yield ctx.at(
                        meeting,
                        "attendance",
                        a,
                        "proxy_to",
                        message=f"{entry.person!r} is represented by {entry.proxy_to!r} at a "
                        f"fourth consecutive sitting ({meeting.id!r}) with the same proxy; a "
                        "proxy is valid for three consecutive sittings at most (CGCT "
                        "L2121-20): record the new proxy's proxy_given_on.",
                    )
            for person in set(runs) - seen:
                del runs[person]


@rule("PF605", "votes-do-not-add-up")
def votes_do_not_add_up(ctx: Context) -> Iterator[Finding]:
    """A vote counts more voices than members present and represented, or is "unanimous" with
    votes against.

    ## What it does
    For each deliberation with a `vote` at a meeting with an `attendance`, checks that votes
    for, against, abstentions and members not taking part add up to no more than the members
    present at that item plus those they represent; that everyone named in the vote was
    present or represented; and that a vote `unanimous: true` has no vote against.

    ## Why is this bad?
    Either a count or the attendance is wrong, and the deliberation as recorded could not
    have been adopted the way the register says: the procès-verbal would be contestable.

    ## Example
    ```yaml
    # 9 present, 2 represented
          vote: {in_favour: 10, against: 2}
    ```

    ## Use instead
    ```yaml
          vote: {in_favour: 9, against: 2}
    ```
    """
    for meeting in ctx.register.meetings:
        for index, item in enumerate(meeting.agenda):
            vote = item.deliberation.vote if item.deliberation is not None else None
            if vote is None:
                continue
            path = ("agenda", index, "deliberation", "vote")
            number = item.deliberation.number if item.deliberation else ""
            against = vote.count("against")
            if vote.unanimous and against:
                yield ctx.at(
                    meeting,
                    *path,
                    message=f"deliberation {number} is recorded as unanimous with {against} "
                    f"vote{'s' if against > 1 else ''} against; remove one or the other.",
                )
            if not meeting.attendance:
                continue
            present = present_at(meeting, index)
            voices = {e.person for e in present} | {
                e.person for e in represented_at(meeting, index)
            }
            if vote.total > len(voices):
                yield ctx.at(
                    meeting,
                    *path,
                    message=f"deliberation {number} counts {vote.total} votes, abstentions "
                    f"and members not taking part, and {len(present)} members were present "
                    f"at item {item_number(item, index)} with {len(voices) - len(present)} "
                    "proxies; correct the counts or the attendance.",
                )
            for _, names in vote.PAIRS:
                for n, person in enumerate(getattr(vote, names)):
                    if person not in voices:
                        yield ctx.at(
                            meeting,
                            *path,
                            names,
                            n,
                            message=f"{person!r} is named in the vote on deliberation "
                            f"{number} but was neither present nor represented at item "
                            f"{item_number(item, index)}.",
                        )


@rule("PF606", "duplicate-deliberation-number")
def duplicate_deliberation_number(ctx: Context) -> Iterator[Finding]:
    """Two deliberations have the same number.

    ## What it does
    Reports every deliberation whose `number` an earlier deliberation of the register
    already has.

    ## Why is this bad?
    The number is how a deliberation is cited, transmitted to the prefecture and published:
    two with one number make every reference to it ambiguous.

    ## Example
    ```yaml
          deliberation: {number: 2026-041, outcome: adopted}
          deliberation: {number: 2026-041, outcome: adopted}
    ```

    ## Use instead
    ```yaml
          deliberation: {number: 2026-041, outcome: adopted}
          deliberation: {number: 2026-042, outcome: adopted}
    ```
    """
    first: dict[str, str] = {}
    for meeting, index, deliberation in deliberations(ctx.register):
        if deliberation.number not in first:
            first[deliberation.number] = meeting.id
            continue
        where = first[deliberation.number]
        yield ctx.at(
            meeting,
            "agenda",
            index,
            "deliberation",
            "number",
            message=f"deliberation number {deliberation.number} is already given at meeting "
            f"{where!r}; give each deliberation its own number.",
        )


@rule("PF607", "deliberation-out-of-sequence")
def deliberation_out_of_sequence(ctx: Context) -> Iterator[Finding]:
    """A deliberation's number does not follow the order of the sittings.

    ## What it does
    Takes the deliberations in the order of the sittings and of their agendas, and reports a
    number whose year is not the year of its sitting, or whose rank is below the rank of the
    deliberation before it in the same year (a rank given twice is PF606). Gaps are allowed:
    a register may not record every deliberation.

    ## Why is this bad?
    Deliberations are numbered in the order they are taken, year by year; a number out of
    sequence is a typo or a deliberation recorded at the wrong sitting, and the registre des
    délibérations would not read in order.

    ## Example
    ```yaml
    # cm-2026-09-24
          deliberation: {number: 2026-042, outcome: adopted}
    # cm-2026-12-17
          deliberation: {number: 2026-040, outcome: adopted}
    ```

    ## Use instead
    ```yaml
    # cm-2026-12-17
          deliberation: {number: 2026-043, outcome: adopted}
    ```
    """
    last: dict[int, tuple[int, str]] = {}
    for meeting, index, deliberation in deliberations(ctx.register):
        year, rank = deliberation_sequence(deliberation.number)
        problem = None
        if year != meeting.date.year:
            problem = f"its year is not that of the sitting, {meeting.date.year}"
        elif year in last and rank < last[year][0]:
            problem = f"it comes after deliberation {last[year][1]}, taken earlier"
        if year == meeting.date.year and (year not in last or rank > last[year][0]):
            last[year] = (rank, deliberation.number)
        if problem is None:
            continue
        yield ctx.at(
            meeting,
            "agenda",
            index,
            "deliberation",
            "number",
            message=f"deliberation number {deliberation.number} at meeting {meeting.id!r} is "
            f"out of sequence: {problem}; number deliberations in the order they are taken.",
        )


@rule("PF608", "deliberation-of-meeting-not-held")
def deliberation_of_meeting_not_held(ctx: Context) -> Iterator[Finding]:
    """A deliberation is recorded on an item of a meeting that was not held.

    ## What it does
    Reports a `deliberation` on an agenda item of a meeting whose `status` is not `held`
    (planned, cancelled or postponed).

    ## Why is this bad?
    An assembly deliberates at a sitting: a deliberation of a meeting still planned, or one
    that did not take place, is either recorded ahead of time or the meeting's status was
    not updated.

    ## Example
    ```yaml
    - id: cm-2026-12-17
      status: planned
      agenda:
        - name: Budget primitif 2027
          deliberation: {number: 2026-050, outcome: adopted}
    ```

    ## Use instead
    ```yaml
      status: held
    ```
    """
    for meeting in ctx.register.meetings:
        if is_held(meeting):
            continue
        for index, item in enumerate(meeting.agenda):
            if item.deliberation is not None:
                yield ctx.at(
                    meeting,
                    "agenda",
                    index,
                    "deliberation",
                    message=f"item {item_number(item, index)} of meeting {meeting.id!r} "
                    f"carries deliberation {item.deliberation.number} and the meeting is "
                    f"{meeting.status}; set its status to held or remove the deliberation.",
                )


@rule("PF609", "dangling-deliberation")
def dangling_deliberation(ctx: Context) -> Iterator[Finding]:
    """A decision points at a deliberation number that no agenda item carries.

    ## What it does
    Checks that the `deliberation` of each decision of `decisions.yaml` is the number of a
    deliberation recorded on an agenda item, and that the decision's `meeting`, when set, is
    the meeting of that deliberation.

    ## Why is this bad?
    The link from a decision to the deliberation that took it is how its legal basis is
    found; a number that matches nothing is a typo or a deliberation not yet recorded.

    ## Example
    ```yaml
    - id: tarifs-cantine
      deliberation: 2026-404
    ```

    ## Use instead
    ```yaml
      deliberation: 2026-040
    ```
    """
    where = {d.number: m.id for m, _, d in deliberations(ctx.register)}
    for decision in ctx.register.decisions:
        number = decision.deliberation
        if number is None:
            continue
        if number not in where:
            yield ctx.at(
                decision,
                "deliberation",
                message=f"decision {decision.id!r} points at deliberation {number}, which no "
                "agenda item of meetings.yaml records; correct the number or record the "
                "deliberation.",
            )
        elif decision.meeting is not None and decision.meeting != where[number]:
            yield ctx.at(
                decision,
                "deliberation",
                message=f"decision {decision.id!r} was taken at meeting {decision.meeting!r} "
                f"but deliberation {number} is of meeting {where[number]!r}; correct one.",
            )


@rule("PF610", "minutes-not-published", severity=Severity.WARNING)
def minutes_not_published(ctx: Context) -> Iterator[Finding]:
    """A procès-verbal was not published within the week after it was adopted.

    ## What it does
    For each meeting whose `minutes` were adopted at a held sitting (`adopted_at`), reports
    minutes published more than seven days after that sitting, or not published when the
    reference date (`--as-of`) is past those seven days.

    ## Why is this bad?
    "Dans la semaine qui suit la séance au cours de laquelle il a été arrêté, le
    procès-verbal est publié sous forme électronique de manière permanente et gratuite sur
    le site internet de la commune" (CGCT L2121-15, since 1 July 2022).

    ## Example
    ```yaml
      minutes: {adopted_at: cm-2026-12-17}            # as of 2027-01-10
    ```

    ## Use instead
    ```yaml
      minutes: {adopted_at: cm-2026-12-17, published_on: 2026-12-20}
    ```
    """
    meetings = ctx.register.index("meetings")
    for meeting in ctx.register.meetings:
        minutes = meeting.minutes
        adopted = meetings.get(minutes.adopted_at) if minutes and minutes.adopted_at else None
        if minutes is None or adopted is None or not is_held(adopted):
            continue
        deadline = week_after(adopted.date)
        if minutes.published_on is not None and minutes.published_on > deadline:
            yield ctx.at(
                meeting,
                "minutes",
                "published_on",
                message=f"the procès-verbal of meeting {meeting.id!r}, adopted on "
                f"{adopted.date.isoformat()}, was published on "
                f"{minutes.published_on.isoformat()}, after {deadline.isoformat()} (within the "
                "week, CGCT L2121-15).",
            )
        elif minutes.published_on is None and ctx.as_of > deadline:
            yield ctx.at(
                meeting,
                "minutes",
                message=f"the procès-verbal of meeting {meeting.id!r}, adopted on "
                f"{adopted.date.isoformat()}, was to be published by {deadline.isoformat()} "
                "(CGCT L2121-15); publish it and record published_on.",
            )


@rule("PF611", "deliberations-list-not-published", severity=Severity.WARNING)
def deliberations_list_not_published(ctx: Context) -> Iterator[Finding]:
    """The list of the deliberations of a sitting was not published within a week.

    ## What it does
    For each held meeting with deliberations, reports a `deliberations_list_published_on`
    more than seven days after the sitting, or none when the reference date (`--as-of`) is
    past those seven days.

    ## Why is this bad?
    "Dans un délai d'une semaine, la liste des délibérations examinées en séance est affichée
    à la mairie et mise en ligne sur le site internet de la commune" (CGCT L2121-25): it is
    how the public learns what was decided before the procès-verbal is adopted.

    ## Example
    ```yaml
    - id: cm-2026-09-24            # as of 2026-10-15
      status: held
    ```

    ## Use instead
    ```yaml
      deliberations_list_published_on: 2026-09-28
    ```
    """
    for meeting in ctx.register.meetings:
        if not is_held(meeting) or not any(i.deliberation for i in meeting.agenda):
            continue
        deadline = week_after(meeting.date)
        published = meeting.deliberations_list_published_on
        if published is not None and published > deadline:
            yield ctx.at(
                meeting,
                "deliberations_list_published_on",
                message=f"the list of the deliberations of meeting {meeting.id!r} was "
                f"published on {published.isoformat()}, after {deadline.isoformat()} (within a "
                "week, CGCT L2121-25).",
            )
        elif published is None and ctx.as_of > deadline:
            yield ctx.at(
                meeting,
                message=f"the list of the deliberations of meeting {meeting.id!r} was to be "
                f"published by {deadline.isoformat()} (CGCT L2121-25); publish it and record "
                "deliberations_list_published_on.",
            )


@rule("PF612", "attendance-of-non-member")
def attendance_of_non_member(ctx: Context) -> Iterator[Finding]:
    """A sitting's attendance lists someone who is not a member, lists a member twice, or
    gives an item number that the agenda does not have.

    ## What it does
    Checks each entry of a held meeting's `attendance`: its person is a named member in office
    of the body on the day, listed once, and its `arrived_before_item` and
    `left_before_item` are numbers of the meeting's agenda.

    ## Why is this bad?
    Quorum, proxies and votes are counted on the attendance: an entry for someone else, or
    twice for one member, or an arrival at an item that does not exist, makes every count
    wrong.

    ## Example
    ```yaml
      - {person: anne, status: present, arrived_before_item: "7"}   # 3 items
    ```

    ## Use instead
    ```yaml
      - {person: anne, status: present, arrived_before_item: "3"}
    ```
    """
    for meeting in ctx.register.meetings:
        if not meeting.attendance:
            continue  # nothing to check: the body's composition on the day is not needed
        members = _members(ctx, meeting)
        numbers = {item_number(item, i) for i, item in enumerate(meeting.agenda)}
        seen: set[str] = set()
        for a, entry in enumerate(meeting.attendance):
            if entry.person in seen:
                yield ctx.at(
                    meeting,
                    "attendance",
                    a,
                    "person",
                    message=f"{entry.person!r} is listed twice in the attendance of meeting "
                    f"{meeting.id!r}; keep one entry.",
                )
            seen.add(entry.person)
            if members is not None and entry.person not in members:
                yield ctx.at(
                    meeting,
                    "attendance",
                    a,
                    "person",
                    message=f"{entry.person!r} is not a member in office of {meeting.body!r} "
                    f"on {meeting.date.isoformat()}; the attendance lists the members only.",
                )
            for field in ("arrived_before_item", "left_before_item"):
                number = getattr(entry, field)
                if number is not None and number not in numbers:
                    yield ctx.at(
                        meeting,
                        "attendance",
                        a,
                        field,
                        message=f"meeting {meeting.id!r} has no agenda item {number!r}; give "
                        "the number of an item of its agenda.",
                    )
