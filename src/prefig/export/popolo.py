"""The register in Popolo JSON (https://www.popoloproject.com): ``prefig export popolo``.

One document with the four Popolo collections plus posts::

    {"persons": [...], "organizations": [...], "posts": [...], "memberships": [...],
     "events": [...]}

Ids are the register's own ids (Popolo ids are opaque strings). Bodies and organisations
are both Popolo organizations (a body's ``classification`` is ``body/<kind>``); each seat
is a post of its body; each named holder or substitute of a seat is a membership; each
meeting is an event (``start_date`` is the day, or the day and time when it is known, with
the register's UTC offset).
"""

from __future__ import annotations

from typing import Any

from prefig.export import Exported, dump_json, terms
from prefig.export.events import venue_text
from prefig.load import Register
from prefig.query import meeting_end, meeting_start, sorted_meetings


def _clean(**fields: Any) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None and v != []}


def popolo_document(register: Register) -> dict[str, Any]:
    venues = {v.id: v for v in register.venues}
    bodies = {b.id: b for b in register.bodies}
    persons = [
        _clean(
            id=p.id,
            name=p.name,
            given_name=p.given_name,
            family_name=p.family_name,
            honorific_prefix=p.honorific_prefix,
            gender=p.gender,
            email=p.email,
        )
        for p in register.people
    ]
    organizations = [
        _clean(
            id=b.id,
            name=b.name,
            other_names=[{"name": b.short_name, "note": "short name"}] if b.short_name else None,
            classification=f"body/{b.kind}",
            founding_date=b.start_date.isoformat() if b.start_date else None,
            dissolution_date=b.end_date.isoformat() if b.end_date else None,
        )
        for b in register.bodies
    ] + [
        _clean(
            id=o.id,
            name=o.name,
            other_names=[{"name": o.short_name, "note": "short name"}] if o.short_name else None,
            classification=str(o.classification),
            parent_id=o.parent,
        )
        for o in register.organizations
    ]
    posts = [
        _clean(id=seat.id, label=seat.role, role=seat.role, organization_id=body.id)
        for body in register.bodies
        for seat in body.seats
    ]
    memberships = []
    for body in register.bodies:
        for seat in body.seats:
            for kind, holders in (("holder", seat.holders), ("substitute", seat.substitutes)):
                for holder, term in zip(holders, terms(holders), strict=True):
                    suffix = "" if kind == "holder" else "-substitute"
                    if term > 1:  # the same person holding the seat again
                        suffix += f"-term-{term}"
                    memberships.append(
                        _clean(
                            id=f"{seat.id}--{holder.person}{suffix}",
                            person_id=holder.person,
                            organization_id=body.id,
                            post_id=seat.id,
                            role=seat.role if kind == "holder" else f"{seat.role} (substitute)",
                            on_behalf_of_id=seat.on_behalf_of,
                            start_date=holder.start_date.isoformat() if holder.start_date else None,
                            end_date=holder.end_date.isoformat() if holder.end_date else None,
                        )
                    )
    for person in register.people:
        for index, office in enumerate(person.offices, start=1):
            memberships.append(
                _clean(
                    id=f"{person.id}--office-{index}",
                    person_id=person.id,
                    organization_id=office.organization,
                    role=office.role,
                    start_date=office.start_date.isoformat() if office.start_date else None,
                    end_date=office.end_date.isoformat() if office.end_date else None,
                )
            )
    events = []
    for meeting in sorted_meetings(register):
        owner = bodies.get(meeting.body)
        venue = venues.get(meeting.location or "")
        timed = meeting.start_time is not None
        events.append(
            _clean(
                id=meeting.id,
                name=meeting.name or (owner.name if owner else meeting.body),
                classification="meeting",
                start_date=meeting_start(register, meeting).isoformat()
                if timed
                else meeting.date.isoformat(),
                end_date=meeting_end(register, meeting).isoformat()
                if meeting.end_time is not None
                else None,
                location=venue_text(venue) if venue else None,
                status=str(meeting.status),
                organization_id=meeting.body,
            )
        )
    motions, vote_events = _motions_and_votes(register)
    return {
        "persons": persons,
        "organizations": organizations,
        "posts": posts,
        "memberships": memberships,
        "events": events,
        "motions": motions,
        "vote_events": vote_events,
    }


# Popolo's vote options, from the register's vote fields (counts and the names under them).
_OPTIONS = (
    ("in_favour", "voted_for", "yes"),
    ("against", "voted_against", "no"),
    ("abstentions", "abstained", "abstain"),
    ("not_taking_part", "did_not_take_part", "not voting"),
)
_RESULTS = {"adopted": "pass", "rejected": "fail"}


def _motions_and_votes(register: Register) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One motion per deliberation, and one vote event per deliberation whose vote is recorded
    (its counts, and each named member's vote)."""
    from prefig.sitting import deliberations

    motions: list[dict[str, Any]] = []
    vote_events: list[dict[str, Any]] = []
    for meeting, index, deliberation in deliberations(register):
        result = _RESULTS.get(deliberation.outcome.value)
        motion_id = f"motion-{deliberation.number}"
        motions.append(
            _clean(
                id=motion_id,
                identifier=deliberation.number,
                organization_id=meeting.body,
                legislative_session_id=meeting.id,
                text=deliberation.title or meeting.agenda[index].name,
                date=meeting.date.isoformat(),
                result=result,
            )
        )
        vote = deliberation.vote
        if vote is None:
            continue
        counts = [
            {"option": option, "value": vote.count(field)}
            for field, names, option in _OPTIONS
            if getattr(vote, field) is not None or getattr(vote, names)
        ]
        votes = [
            {"voter_id": person, "option": option}
            for _, names, option in _OPTIONS
            for person in getattr(vote, names)
        ]
        vote_events.append(
            _clean(
                id=deliberation.number,
                identifier=deliberation.number,
                motion_id=motion_id,
                organization_id=meeting.body,
                legislative_session_id=meeting.id,
                start_date=meeting.date.isoformat(),
                result=result,
                counts=counts or None,
                votes=votes or None,
            )
        )
    return motions, vote_events


def export_popolo(register: Register) -> Exported:
    """``prefig export popolo``: :func:`popolo_document` as JSON."""
    return Exported(dump_json(popolo_document(register)).encode("utf-8"))
