"""Text for people from the query views of :mod:`prefig.views`.

One language policy: prefig's own words (labels, headings, placeholders such as "not set")
are English, like its help and messages; what the register says (names, missions, agenda
items) is shown as written; dates, times and durations are in the register's locale, through
Babel (:mod:`prefig.i18n`): ``vendredi 13 février 2015``, ``dans 12 jours``.

Each ``render_*`` takes a view (the same dict ``--json`` prints) and returns a
:class:`~prefig.output.tables.Doc`; it never prints.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from prefig.i18n import format_clock, format_day, format_delta
from prefig.output.tables import Doc
from prefig.vocab import MeetingStatus

if TYPE_CHECKING:
    from prefig.views import (
        ActionView,
        BodiesDocument,
        BodyDetail,
        BodyDocument,
        DecisionDocument,
        DecisionsDocument,
        DeliberationDocument,
        DeliberationsDocument,
        DeliberationView,
        MeetingDocument,
        MeetingsDocument,
        MeetingView,
        NamedRef,
        NextMeetingsDocument,
        PartyView,
        PeopleDocument,
        PersonDocument,
        PersonSummary,
        QuorumView,
        Ref,
        SeatView,
        SittingView,
        VoteView,
    )

UNSET = "not set"
"""How a value the register leaves unset reads."""


def _or_unset(value: object) -> str:
    return UNSET if value is None or value == "" else str(value)


def _day(iso: str | None, locale: str) -> str:
    return UNSET if iso is None else format_day(dt.date.fromisoformat(iso), locale)


def _clock(iso: str, locale: str) -> str:
    return format_clock(dt.time.fromisoformat(iso), locale)


def when(meeting: MeetingView, locale: str) -> str:
    """``vendredi 13 février 2015, 10 h – 12 h``; ``time not set`` when untimed."""
    day = format_day(dt.date.fromisoformat(meeting["date"]), locale)
    if meeting["start_time"] is None:
        return f"{day}, time not set"
    clock = _clock(meeting["start_time"], locale)
    if meeting["end_time"] is not None:
        clock += f" – {_clock(meeting['end_time'], locale)}"
    return f"{day}, {clock}"


def venue(meeting: MeetingView) -> str:
    place = meeting["location"]
    if place is None:
        return "venue not set"
    name = place["name"] or place["id"]
    address = ", ".join(
        p for p in (place["room"], place["street_address"], place["postal_code"]) if p
    )
    if place["locality"]:
        address = f"{address} {place['locality']}".strip()
    return f"{name}, {address}" if address else f"{name} (address not set)"


def relative(seconds: int, locale: str, *, days: int | None = None) -> str:
    """How far a meeting is from the reference moment (see :func:`prefig.i18n.format_delta`);
    ``days`` is the count of calendar days to it, None for a timed meeting later that day."""
    return format_delta(dt.timedelta(seconds=seconds), locale, whole_days=days)


def _name(ref: Ref | None) -> str:
    if ref is None:
        return UNSET
    return str(ref["name"] or ref["id"])


def meeting_block(
    doc: Doc,
    meeting: MeetingView,
    locale: str,
    *,
    as_of: dt.date | None = None,
    heading: str | None = None,
) -> None:
    """A meeting as labelled fields; with ``as_of`` (the reference day), how far it is."""
    named = meeting["name"] is not None
    doc.heading(heading or meeting["name"] or _name(meeting["body"]))
    pairs = [("When", when(meeting, locale))]
    if as_of is not None and "seconds_until_start" in meeting:
        # Calendar days in the register's time zone, as notice periods count them ("dans 8
        # jours" for a meeting eight days later, whatever its hour; "demain" for tomorrow
        # afternoon); hours only for a timed meeting on the reference day itself.
        days: int | None = (dt.date.fromisoformat(meeting["date"]) - as_of).days
        if days == 0 and meeting["start_time"] is not None:
            days = None
        seconds = meeting["seconds_until_start"]
        label = "Starts" if (seconds >= 0 if days is None else days >= 0) else "Started"
        pairs.append((label, relative(seconds, locale, days=days)))
    body_id = meeting["body"]["id"]
    status = meeting["status"]
    if (
        status == MeetingStatus.PLANNED
        and as_of is not None
        and dt.date.fromisoformat(meeting["date"]) < as_of
    ):
        # The register may keep a past meeting planned when no source says it was held
        # (PF302 exempted): say so rather than let "planned" read as still to come.
        status += " (its day has passed; the register does not say it was held)"
    pairs += [
        ("Body", f"{_name(meeting['body'])} ({body_id})" if named else body_id),
        ("Venue", venue(meeting)),
        ("Status", status),
    ]
    if not meeting["agenda"]:
        pairs.append(("Agenda", UNSET))
    else:
        pairs.append(
            ("Agenda", "\n".join(f"{item['number']}. {item['name']}" for item in meeting["agenda"]))
        )
    if meeting["convened_on"]:
        pairs.append(("Convened", _day(meeting["convened_on"], locale)))
    if meeting["notes"]:
        pairs.append(("Notes", meeting["notes"]))
    pairs.append(("Id", meeting["id"]))
    doc.fields(pairs)


def render_next(view: NextMeetingsDocument, locale: str) -> Doc:
    doc = Doc()
    as_of = dt.datetime.fromisoformat(view["as_of"])
    moment = format_day(as_of.date(), locale)
    if as_of.time() != dt.time():
        moment += f", {format_clock(as_of.time(), locale)}"
    scope = f" of {_name(view['body'])}" if view["body"] else ""
    upcoming = view["upcoming"]
    if upcoming:
        label = "Next meeting" if len(upcoming) == 1 else f"Next {len(upcoming)} meetings"
        doc.line(f"{label}{scope} after {moment} ({view['timezone']}):", "dim")
        for meeting in upcoming:
            meeting_block(doc, meeting, locale, as_of=as_of.date())
        return doc
    doc.line(f"No upcoming meeting{scope} after {moment} ({view['timezone']}).", "yellow")
    latest = view["latest_past"]
    if latest is None:
        doc.line(
            f"There is no earlier meeting{scope} either."
            if scope
            else "The register has no earlier meeting either."
        )
    else:
        doc.line("The most recent one:")
        meeting_block(doc, latest, locale, as_of=as_of.date())
    return doc


def _meeting_rows(meetings: list[MeetingView], locale: str) -> list[tuple[str, ...]]:
    return [(when(m, locale), _name(m["body"]), venue(m), m["status"], m["id"]) for m in meetings]


MEETING_COLUMNS = ("When", "Body", "Venue", "Status", "Id")


def render_meeting_list(view: MeetingsDocument, locale: str) -> Doc:
    doc = Doc()
    meetings = view["meetings"]
    doc.table(
        f"{len(meetings)} meeting{'s' * (len(meetings) != 1)}",
        MEETING_COLUMNS,
        _meeting_rows(meetings, locale),
    )
    return doc


def render_meeting(view: MeetingDocument, locale: str) -> Doc:
    doc = Doc()
    as_of = dt.datetime.fromisoformat(view["as_of"]).date()
    meeting_block(doc, view["meeting"], locale, as_of=as_of)
    notice = view["notice"]
    if notice is not None:
        said = f"{notice['described']}: send by {notice['last_day']}"
        if notice["urgency"]:
            said += " (under urgency)"
        if notice["given_days"] is not None:
            said += f"; gave {notice['given_days']}" + (", late" if notice["late"] else ", on time")
        doc.fields([("Notice", said)])
    if view["sitting"] is not None:
        sitting_block(doc, view["sitting"])
    if view["decisions"]:
        doc.table("Decisions", ("Title", "Id"), [(d["title"], d["id"]) for d in view["decisions"]])
    return doc


def vote_counts(vote: VoteView | None) -> str:
    """``unanimous``, ``17 for, 2 against, 2 abstentions, 1 not taking part``; ``—`` when the
    register gives no vote."""
    if vote is None:
        return "—"
    if vote["unanimous"]:
        return f"unanimous ({vote['in_favour']} for)" if vote["in_favour"] else "unanimous"
    parts = [f"{vote['in_favour']} for", f"{vote['against']} against"]
    parts.append(f"{vote['abstentions']} abstention{'s' * (vote['abstentions'] != 1)}")
    if vote["not_taking_part"]:
        parts.append(f"{vote['not_taking_part']} not taking part")
    return ", ".join(parts)


def _quorum_at_opening(sitting: SittingView) -> str:
    quorum = sitting["quorum"]
    present = f"{quorum['present']} present"
    if quorum["needed"] is None:
        return f"{present}, quorum needed {UNSET}"
    verdict = "reached" if quorum["reached"] else "not reached"
    out = f"{verdict}: {present}, {quorum['needed']} needed"
    if sitting["second_convocation_of"]:
        out += f" (second convocation of {sitting['second_convocation_of']}: no quorum required)"
    return out


def sitting_block(doc: Doc, sitting: SittingView) -> None:
    """What happened at a sitting: officers, attendance by status, quorum at the opening, and
    what came of each agenda item."""
    doc.heading("Sitting")
    counts = sitting["counts"]
    pairs = [
        ("President", _name(sitting["president"])),
        ("Secretary", _name(sitting["secretary"])),
        ("Quorum at opening", _quorum_at_opening(sitting)),
    ]
    attendance = sitting["attendance"]
    for status, label, count in (
        ("present", "Present", counts["present"]),
        ("represented", "Represented", counts["represented"]),
        ("excused", "Excused", counts["excused"]),
        ("absent", "Absent", counts["absent"]),
    ):
        entries = [e for e in attendance if e["status"] == status]
        if status == "represented":
            said = "\n".join(
                f"{_name(e['person'])} représenté(e) par {_name(e['proxy_to'])}"
                if e["proxy_to"]
                else _name(e["person"])
                for e in entries
            )
        else:
            said = ", ".join(_name(e["person"]) for e in entries)
        pairs.append((f"{label} ({count})", said or "—"))
    moves = [
        f"{_name(e['person'])} arrived before item {e['arrived_before_item']}"
        for e in attendance
        if e["arrived_before_item"]
    ] + [
        f"{_name(e['person'])} left before item {e['left_before_item']}"
        for e in attendance
        if e["left_before_item"]
    ]
    if moves:
        pairs.append(("During the sitting", "\n".join(moves)))
    doc.fields(pairs)
    doc.table(
        "Agenda items",
        ("Item", "Deliberation", "Outcome", "Vote", "Present", "Represented"),
        [
            (
                f"{item['number']}. {item['name']}",
                _deliberation_number(item["deliberation"]),
                item["deliberation"]["outcome"] if item["deliberation"] else "—",
                vote_counts(item["deliberation"]["vote"]) if item["deliberation"] else "—",
                str(item["present"]),
                str(item["represented"]),
            )
            for item in sitting["items"]
        ],
    )


def _deliberation_number(deliberation: DeliberationView | None) -> str:
    return "—" if deliberation is None else deliberation["number"]


# --------------------------------------------------------------------------- bodies


def render_body_list(view: BodiesDocument, locale: str) -> Doc:
    doc = Doc()
    doc.table(
        f"{len(view['bodies'])} bodies",
        ("Level", "Name", "Kind", "Seats", "Meetings", "Id"),
        [
            (
                _or_unset(b["level"]),
                b["name"],
                b["kind"],
                str(b["seats"]),
                str(b["meetings"]),
                b["id"],
            )
            for b in view["bodies"]
        ],
    )
    return doc


def _people(refs: list[NamedRef]) -> str:
    return ", ".join(p["name"] for p in refs)


def _parties(parties: list[PartyView]) -> str:
    """``Martin Malvy (person); Région B (organization)``; parties whose names coincide (two
    seats of the same role, one per region) are told apart by their ids."""
    names = [p["name"] or p["id"] for p in parties]
    return "; ".join(
        f"{name} ({p['kind']} {p['id']})" if names.count(name) > 1 else f"{name} ({p['kind']})"
        for name, p in zip(names, parties, strict=True)
    )


def _action_rows(actions: list[ActionView], locale: str) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for a in actions:
        due = _day(a["due_date"], locale) if a["due_date"] else ""
        if a["horizon"]:
            due = (due + " " if due else "") + f"horizon {a['horizon']}"
        if a["recurring"]:
            due = (due + " " if due else "") + "recurring"
        status = f"{a['status']} (overdue)" if a["overdue"] else a["status"]
        rows.append((a["description"], status, due or UNSET, a["id"]))
    return rows


ACTION_COLUMNS = ("Action", "Status", "Due", "Id")


def _notice(days: int | None) -> str:
    if days is None:
        return UNSET
    return f"{days} day{'s' * (days != 1)}"


def _members_in_office(body: BodyDetail, locale: str, as_of: dt.date) -> str:
    count = body["members_in_office"]
    vacant = f", {body['vacant']} vacant" if body["vacant"] else ""
    return f"{_or_unset(count)}{vacant} (on {format_day(as_of, locale)})"


def _quorum(quorum: QuorumView) -> str:
    rule = "more than" if quorum["comparison"] == "more-than" else "at least"
    out = f"{rule} {quorum['numerator']}/{quorum['denominator']} of the voting members in office"
    if quorum["text"]:
        out += f': "{quorum["text"]}"'
    if quorum["needed"] is not None:
        out = f"{quorum['needed']} members present ({out})"
    return out


def _places(seat: SeatView) -> str:
    out = _or_unset(seat["count"])
    extra = []
    # Unnamed places go without saying when nobody is named; beside named holders they tell
    # the reader that the list is not the whole seat.
    if seat["unnamed"] and seat["holders"]:
        extra.append(f"{seat['unnamed']} unnamed")
    if seat["vacant"]:
        extra.append(f"{seat['vacant']} vacant")
    return f"{out} ({', '.join(extra)})" if extra else out


def render_body(view: BodyDocument, locale: str) -> Doc:
    body = view["body"]
    doc = Doc()
    as_of = dt.datetime.fromisoformat(view["as_of"]).date()
    doc.heading(body["name"])
    pairs = [
        ("Id", body["id"]),
        ("Level", _or_unset(body["level"])),
        ("Kind", body["kind"]),
        ("Since", _day(body["start_date"], locale)),
    ]
    if body["end_date"]:
        pairs.append(("Until", _day(body["end_date"], locale)))
    pairs.append(("Mission", _or_unset(body["mission"])))
    if body["objectives"]:
        pairs.append(("Objectives", "\n".join(f"- {o}" for o in body["objectives"])))
    if body["responsible"]:
        pairs.append(("Responsible", _parties(body["responsible"])))
    if body["convened_by"]:
        pairs.append(("Convened by", _parties(body["convened_by"])))
    cadence = body["cadence"]
    pairs.append(
        (
            "Cadence",
            UNSET
            if cadence is None
            else cadence["frequency"] + (f' ("{cadence["text"]}")' if cadence["text"] else ""),
        )
    )
    pairs.append(("Notice period", _notice(body["notice_period_days"])))
    pairs.append(("Members in office", _members_in_office(body, locale, as_of)))
    if body["quorum"] is not None:
        pairs.append(("Quorum", _quorum(body["quorum"])))
    for parity in body["parity"]:
        sides = ", ".join(f"{_name(o)}: {_or_unset(o['places'])}" for o in parity["between"])
        pairs.append(("Parity", f"{sides} ({parity['basis']})"))
    for basis in body["legal_basis"]:
        pairs.append(("Legal basis", basis["title"]))
    for relation in body["relations"]:
        targets = (
            [_name(relation["body"])]
            if relation["body"]
            else [_name(o) for o in relation["organizations"]]
        )
        pairs.append(("Relation", f"{relation['kind']}: {', '.join(targets)}"))
    doc.fields(pairs)

    if body["composition"]:
        doc.heading(f"Composition on {format_day(as_of, locale)}")
    for group in body["composition"]:
        org = group["organization"]
        title = _name(org) if org else "Other seats"
        doc.table(
            f"{title} · places: {_or_unset(group['places'])}",
            ("Seat", "Places", "Holders", "Substitutes", "Capacity", "Id"),
            [
                (
                    s["role"],
                    _places(s),
                    _people(s["holders"]) or "—",
                    _people(s["substitutes"]) or "—",
                    s["capacity"],
                    s["id"],
                )
                for s in group["seats"]
            ],
        )
    if not body["composition"]:
        doc.line(f"Composition: {UNSET}")
    # Every meeting here is the body's own: no Body column.
    columns = tuple(c for c in MEETING_COLUMNS if c != "Body")
    for title, meetings in (
        ("Upcoming meetings", view["upcoming_meetings"]),
        ("Past meetings", view["past_meetings"]),
    ):
        rows = [(r[0], *r[2:]) for r in _meeting_rows(meetings, locale)]
        doc.table(title, columns, rows)
    doc.table("Open follow-up actions", ACTION_COLUMNS, _action_rows(view["open_actions"], locale))
    return doc


# --------------------------------------------------------------------------- people


def _offices(person: PersonSummary) -> str:
    return "; ".join(f"{o['role']}, {_name(o['organization'])}" for o in person["offices"])


def render_people_list(view: PeopleDocument, locale: str) -> Doc:
    doc = Doc()
    doc.table(
        f"{len(view['people'])} people",
        ("Name", "Offices", "Id"),
        [(p["name"], _offices(p) or "—", p["id"]) for p in view["people"]],
    )
    return doc


def render_person(view: PersonDocument, locale: str) -> Doc:
    person = view["person"]
    doc = Doc()
    doc.heading(person["name"])
    doc.fields([("Id", person["id"]), ("Civility", _or_unset(person["honorific_prefix"]))])
    doc.table(
        "Offices",
        ("Role", "Organisation", "From", "To"),
        [
            (
                o["role"],
                _name(o["organization"]),
                _day(o["start_date"], locale) if o["start_date"] else "—",
                _day(o["end_date"], locale) if o["end_date"] else "—",
            )
            for o in person["offices"]
        ],
    )
    doc.table(
        "Seats",
        ("Body", "Seat", "As", "From", "To", "Id"),
        [
            (
                s["body"]["name"],
                s["seat"]["role"],
                "substitute" if s["substitute"] else "holder",
                _day(s["start_date"], locale) if s["start_date"] else "—",
                _day(s["end_date"], locale) if s["end_date"] else "—",
                s["seat"]["id"],
            )
            for s in person["seats"]
        ],
    )
    doc.table(
        "Upcoming meetings", MEETING_COLUMNS, _meeting_rows(view["upcoming_meetings"], locale)
    )
    return doc


# --------------------------------------------------------------------------- decisions


def _status_counts(actions: list[ActionView]) -> str:
    counts: dict[str, int] = {}
    for a in actions:
        counts[a["status"]] = counts.get(a["status"], 0) + 1
    return ", ".join(f"{n} {status}" for status, n in counts.items()) or "—"


def render_decision_list(view: DecisionsDocument, locale: str) -> Doc:
    doc = Doc()
    doc.table(
        f"{len(view['decisions'])} decision{'s' * (len(view['decisions']) != 1)}",
        ("Decided", "Title", "Actions", "Id"),
        [
            (
                _day(d["decided_on"], locale),
                d["title"],
                _status_counts(d["actions"]),
                d["id"],
            )
            for d in view["decisions"]
        ],
    )
    return doc


def render_decision(view: DecisionDocument, locale: str) -> Doc:
    decision = view["decision"]
    doc = Doc()
    doc.heading(decision["title"])
    pairs = [
        ("Id", decision["id"]),
        ("Decided", _day(decision["decided_on"], locale)),
        ("Decided by", _parties(decision["decided_by"])),
    ]
    if decision["body"]:
        pairs.append(("Body", _name(decision["body"])))
    if decision["meeting"]:
        pairs.append(("Meeting", decision["meeting"]))
    if decision["text"]:
        pairs.append(("Text", decision["text"]))
    doc.fields(pairs)
    doc.table("Follow-up actions", ACTION_COLUMNS, _action_rows(decision["actions"], locale))
    for a in decision["actions"]:
        people = []
        if a["actors"]:
            people.append(("Actors", _parties(a["actors"])))
        if a["addressees"]:
            people.append(("Addressees", _parties(a["addressees"])))
        if people:
            doc.heading(f"Action {a['id']}")
            doc.fields(people)
    return doc


# --------------------------------------------------------------------------- deliberations


def render_deliberation_list(view: DeliberationsDocument, locale: str) -> Doc:
    doc = Doc()
    found = view["deliberations"]
    doc.table(
        f"{len(found)} deliberation{'s' * (len(found) != 1)}",
        ("Number", "Sitting", "Title", "Outcome", "Vote", "Published"),
        [
            (
                d["number"],
                _day(d["meeting"]["date"], locale),
                d["title"] or d["item"]["name"],
                d["outcome"],
                vote_counts(d["vote"]),
                _day(d["published_on"], locale) if d["published_on"] else "—",
            )
            for d in found
        ],
    )
    return doc


def _names(refs: list[Ref]) -> str:
    return ", ".join(_name(r) for r in refs)


def render_deliberation(view: DeliberationDocument, locale: str) -> Doc:
    d = view["deliberation"]
    doc = Doc()
    doc.heading(f"Deliberation {d['number']}")
    pairs = [
        ("Title", d["title"] or d["item"]["name"]),
        ("Body", _name(d["body"])),
        ("Sitting", f"{_day(d['meeting']['date'], locale)} ({d['meeting']['id']})"),
        ("Item", f"{d['item']['number']}. {d['item']['name']}"),
        ("Outcome", d["outcome"]),
        ("Vote", vote_counts(d["vote"])),
    ]
    vote = d["vote"]
    if vote is not None:
        for label, refs in (
            ("For", vote["voted_for"]),
            ("Against", vote["voted_against"]),
            ("Abstained", vote["abstained"]),
            ("Did not take part", vote["did_not_take_part"]),
        ):
            if refs:
                pairs.append((label, _names(refs)))
    pairs += [
        ("Rapporteur", _name(d["rapporteur"])),
        ("Transmitted", _day(d["transmitted_on"], locale)),
        ("Published", _day(d["published_on"], locale)),
        ("Enforceable", _day(d["enforceable_on"], locale)),
    ]
    doc.fields(pairs)
    doc.table("Decisions", ("Title", "Id"), [(x["title"], x["id"]) for x in d["decisions"]])
    return doc
