"""The stable JSON shapes of query output (``--json``), built from a loaded register.

Pure functions from records to plain dicts of str, int, bool, None, lists and dicts, ready
for ``json.dumps``: dates and times in ISO 8601, enums as their values, ids next to the names
they resolve to, nothing decorative (no localised dates, no colours). The text output of the
CLI is rendered from these same dicts, so both say the same thing. Each document has a
``version``; the shapes are documented in ``docs/json.md`` and their JSON Schemas live in
``docs/json/``; a field is never removed or renamed without bumping the version.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from typing import Any

from prefig.load import Register
from prefig.model import Action, Body, Decision, Meeting, Party, Person, Seat
from prefig.query import (
    SeatAt,
    composition_by_organization,
    counts_for_parity,
    meeting_end,
    meeting_start,
    meetings_of_person,
    open_actions,
    party_name,
    seat_total,
    seats_of_person,
    upcoming_and_past,
)

VERSION = 1
"""Version of every query document; bumped on an incompatible change."""

View = dict[str, Any]


def _iso(value: dt.date | dt.time | None) -> str | None:
    return None if value is None else value.isoformat()


def document(kind: str, **content: Any) -> View:
    """A top-level ``--json`` document: its version, what it holds, then the content."""
    return {"version": VERSION, "kind": kind, **content}


def ref(register: Register, kind: str, ident: str | None) -> View | None:
    """``{"id", "name"}`` of a record pointed at, ``name`` None when the id is unknown."""
    if ident is None:
        return None
    record = register.index(kind).get(ident)
    return {"id": ident, "name": None if record is None else record.name}


def party(register: Register, value: Party) -> View:
    return {"kind": value.kind, "id": value.ref, "name": party_name(register, value)}


# --------------------------------------------------------------------------- meetings


def meeting(register: Register, record: Meeting, *, as_of: dt.datetime | None = None) -> View:
    """One meeting; with ``as_of``, ``seconds_until_start`` (negative once started)."""
    venue = None if record.location is None else register.index("venues").get(record.location)
    start = meeting_start(register, record)
    out: View = {
        "id": record.id,
        "name": record.name,
        "body": ref(register, "bodies", record.body),
        "date": record.date.isoformat(),
        "start_time": _iso(record.start_time),
        "end_time": _iso(record.end_time),
        "start": start.isoformat() if record.start_time is not None else None,
        "end": (meeting_end(register, record).isoformat() if record.end_time is not None else None),
        "timezone": register.settings.timezone,
        "location": (
            None
            if record.location is None
            else {
                "id": record.location,
                "name": venue.name if venue else None,
                "street_address": venue.street_address if venue else None,
                "postal_code": venue.postal_code if venue else None,
                "locality": venue.locality if venue else None,
                "room": venue.room if venue else None,
            }
        ),
        "status": record.status.value,
        "agenda": [
            {
                "number": item.number or str(index),
                "name": item.name,
                "public": item.public,
                "result": item.result,
            }
            for index, item in enumerate(record.agenda, start=1)
        ],
        "convened_on": _iso(record.convened_on),
        "notes": record.notes,
    }
    if as_of is not None:
        out["seconds_until_start"] = int((start - as_of).total_seconds())
    return out


def next_meetings(
    register: Register,
    upcoming: list[Meeting],
    latest: Meeting | None,
    *,
    as_of: dt.datetime,
    body: str | None,
) -> View:
    """``meetings next``: the upcoming meetings, and the most recent past one (so that a
    register with nothing ahead still says something)."""
    return document(
        "meetings-next",
        as_of=as_of.isoformat(),
        timezone=register.settings.timezone,
        body=ref(register, "bodies", body),
        upcoming=[meeting(register, m, as_of=as_of) for m in upcoming],
        latest_past=None if latest is None else meeting(register, latest, as_of=as_of),
    )


def meeting_list(register: Register, meetings: list[Meeting], filters: View) -> View:
    return document(
        "meetings",
        filters=filters,
        meetings=[meeting(register, m) for m in meetings],
    )


def meeting_detail(register: Register, record: Meeting, *, as_of: dt.datetime) -> View:
    """``meetings show``: the meeting, and the decisions taken in it."""
    decisions = [d for d in register.decisions if d.meeting == record.id]
    return document(
        "meeting",
        as_of=as_of.isoformat(),
        meeting=meeting(register, record, as_of=as_of),
        decisions=[{"id": d.id, "title": d.title} for d in decisions],
    )


# --------------------------------------------------------------------------- bodies


def body_summary(
    register: Register, record: Body, meeting_counts: Mapping[str, int] | None = None
) -> View:
    """A body in brief; ``meeting_counts`` (meetings by body id), when given, spares a pass
    over every meeting for each body."""
    if meeting_counts is None:
        meeting_counts = Counter(m.body for m in register.meetings if m.body == record.id)
    return {
        "id": record.id,
        "name": record.name,
        "short_name": record.short_name,
        "level": record.level,
        "kind": record.kind.value,
        "start_date": _iso(record.start_date),
        "end_date": _iso(record.end_date),
        "seats": len(record.seats),
        "meetings": meeting_counts.get(record.id, 0),
    }


def body_list(register: Register) -> View:
    counts = Counter(m.body for m in register.meetings)
    return document("bodies", bodies=[body_summary(register, b, counts) for b in register.bodies])


def _person_ref(person: Person) -> View:
    return {"id": person.id, "name": person.name}


def seat_at(seat: SeatAt) -> View:
    return {
        "id": seat.seat.id,
        "role": seat.seat.role,
        "count": seat.seat.count,
        "capacity": seat.seat.capacity,
        "voting_right": seat.seat.voting_right,
        "holders": [_person_ref(p) for p in seat.holders],
        "substitutes": [_person_ref(p) for p in seat.substitutes],
        "unnamed": seat.unnamed,
    }


def action(register: Register, decision: Decision, record: Action) -> View:
    return {
        "id": record.id,
        "decision": {"id": decision.id, "title": decision.title},
        "description": record.description,
        "status": record.status.value,
        "actors": [party(register, p) for p in record.actors],
        "addressees": [party(register, p) for p in record.addressees],
        "due_date": _iso(record.due_date),
        "horizon": record.horizon,
        "recurring": record.recurring,
        "body": record.body,
        "status_date": _iso(record.status_date),
    }


def body_detail(register: Register, record: Body, *, as_of: dt.datetime) -> View:
    """``bodies show``: everything about a body, its composition as it stood on ``as_of``."""
    groups = composition_by_organization(register, record, as_of.date())
    upcoming, past = upcoming_and_past(
        register, as_of, (m for m in register.meetings if m.body == record.id)
    )
    seats_by_org = {org: seats for org, seats in groups}
    return document(
        "body",
        as_of=as_of.isoformat(),
        body={
            **body_summary(register, record),
            "mission": record.mission,
            "objectives": list(record.objectives),
            "responsible": [party(register, p) for p in record.responsible],
            "convened_by": [party(register, p) for p in record.convened_by],
            "composition": [
                {
                    "organization": ref(register, "organizations", org),
                    "places": seat_total(s.seat for s in seats),
                    "seats": [seat_at(s) for s in seats],
                }
                for org, seats in groups
            ],
            "parity": [
                {
                    "between": [
                        {
                            **(ref(register, "organizations", org) or {}),
                            "places": seat_total(
                                s.seat
                                for s in seats_by_org.get(org, [])
                                if counts_for_parity(s.seat, p)
                            ),
                        }
                        for org in p.between
                    ],
                    "basis": p.basis,
                    "note": p.note,
                }
                for p in record.parity
            ],
            "cadence": (
                None
                if record.cadence is None
                else {
                    "frequency": record.cadence.frequency,
                    "text": record.cadence.text,
                    "note": record.cadence.note,
                }
            ),
            "legal_basis": [
                {"title": b.title, "reference": b.reference, "url": b.url}
                for b in record.legal_basis
            ],
            "relations": [
                {
                    "kind": r.kind.value,
                    "body": ref(register, "bodies", r.body),
                    "organizations": [ref(register, "organizations", o) for o in r.organizations],
                    "note": r.note,
                }
                for r in record.relations
            ],
            "notice_period_days": record.notice_period_days,
        },
        upcoming_meetings=[meeting(register, m, as_of=as_of) for m in upcoming],
        past_meetings=[meeting(register, m, as_of=as_of) for m in past],
        open_actions=[action(register, d, a) for d, a in open_actions(register, body=record.id)],
    )


# --------------------------------------------------------------------------- people


def person_summary(register: Register, record: Person) -> View:
    return {
        "id": record.id,
        "name": record.name,
        "honorific_prefix": record.honorific_prefix,
        "offices": [
            {
                "role": o.role,
                "organization": ref(register, "organizations", o.organization),
                "start_date": _iso(o.start_date),
                "end_date": _iso(o.end_date),
            }
            for o in record.offices
        ],
    }


def people_list(register: Register) -> View:
    return document("people", people=[person_summary(register, p) for p in register.people])


def _seat_ref(seat: Seat) -> View:
    return {"id": seat.id, "role": seat.role, "on_behalf_of": seat.on_behalf_of}


def person_detail(register: Register, record: Person, *, as_of: dt.datetime) -> View:
    """``people show``: offices, every seat held (with its period), upcoming meetings."""
    upcoming, _ = upcoming_and_past(register, as_of, meetings_of_person(register, record.id))
    return document(
        "person",
        as_of=as_of.isoformat(),
        person={
            **person_summary(register, record),
            "given_name": record.given_name,
            "family_name": record.family_name,
            "seats": [
                {
                    "body": {"id": held.body.id, "name": held.body.name},
                    "seat": _seat_ref(held.seat),
                    "substitute": held.substitute,
                    "start_date": _iso(held.holding.start_date),
                    "end_date": _iso(held.holding.end_date),
                }
                for held in seats_of_person(register, record.id)
            ],
        },
        upcoming_meetings=[meeting(register, m, as_of=as_of) for m in upcoming],
    )


# --------------------------------------------------------------------------- decisions


def decision(register: Register, record: Decision) -> View:
    return {
        "id": record.id,
        "title": record.title,
        "decided_on": _iso(record.decided_on),
        "decided_by": [party(register, p) for p in record.decided_by],
        "body": ref(register, "bodies", record.body),
        "meeting": record.meeting,
        "text": record.text,
        "actions": [action(register, record, a) for a in record.actions],
    }


def decision_list(register: Register, decisions: list[Decision], filters: View) -> View:
    return document(
        "decisions", filters=filters, decisions=[decision(register, d) for d in decisions]
    )


def decision_detail(register: Register, record: Decision) -> View:
    return document("decision", decision=decision(register, record))
