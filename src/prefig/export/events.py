"""What a meeting's calendar event says, shared by the iCalendar export and its history.

:func:`event_content` is the one place that decides which fields of a meeting, its body, its
venue and the settings make its event: :mod:`prefig.export.ics` writes the VEVENT from it,
and :mod:`prefig.export.history` compares it between revisions of the register, so that
``SEQUENCE`` grows exactly when what a calendar shows changes. :func:`venue_text` (a venue on
one line) is also the location in the Popolo and OParl exports and in the month grid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from prefig.i18n import language
from prefig.model import Body, Meeting, MeetingStatus, Settings, Venue
from prefig.query import meeting_end_day

STATUS_BY_MEETING = {
    MeetingStatus.PLANNED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.POSTPONED: "TENTATIVE",
    MeetingStatus.CANCELLED: "CANCELLED",
}

_LABELS = {
    "fr": {"body": "Instance", "agenda": "Ordre du jour", "result": "résultat"},
    "en": {"body": "Body", "agenda": "Agenda", "result": "result"},
}


def meeting_uid(meeting: Meeting, domain: str) -> str:
    """The event's ``UID``: the meeting's id, which people edit the meeting under, at
    ``domain``; stable across every edit of the meeting."""
    return f"{meeting.id}@{domain}"


def venue_text(venue: Venue) -> str:
    """A venue on one line: name, room, street, postal code and locality, country."""
    town = " ".join(p for p in (venue.postal_code, venue.locality) if p)
    parts = [venue.name, venue.room, venue.street_address, town, venue.country]
    return ", ".join(p for p in parts if p)


def meeting_description(meeting: Meeting, body: Body | None, locale: str) -> str:
    labels = _LABELS.get(language(locale), _LABELS["en"])
    lines = [f"{labels['body']} : {body.name if body else meeting.body}"]
    if meeting.agenda:
        lines += ["", f"{labels['agenda']} :"]
        for order, item in enumerate(meeting.agenda, start=1):
            line = f"{item.number or order}. {item.name}"
            if item.result:
                line += f" ({labels['result']} : {item.result})"
            lines.append(line)
    if meeting.notes:
        lines += ["", meeting.notes]
    return "\n".join(lines)


@dataclass(frozen=True)
class EventContent:
    """What a calendar shows of one meeting: every property of its VEVENT but ``UID``,
    ``SEQUENCE``, ``DTSTAMP`` and ``LAST-MODIFIED``.

    :func:`~prefig.export.ics.build_calendar` writes the event from it, and
    :mod:`prefig.export.history` compares it between revisions of the register: ``SEQUENCE``
    grows exactly when it changes, whichever record (meeting, body, venue, settings) the
    change came from.
    """

    timezone: str | None
    """The ``TZID`` of ``start`` and ``end``; None for an all-day event."""
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime | None
    summary: str
    location: str | None
    description: str
    status: str
    categories: tuple[str, ...]


def event_content(
    meeting: Meeting, owner: Body | None, venue: Venue | None, settings: Settings
) -> EventContent:
    """The event of ``meeting``, held by the body ``owner`` at ``venue`` (None when the
    register has no such record), in the register described by ``settings``."""
    last_day = meeting_end_day(meeting)
    if meeting.start_time is None:
        timezone = None
        start: dt.date | dt.datetime = meeting.date
        end: dt.date | dt.datetime | None = last_day + dt.timedelta(days=1)
    else:
        timezone = settings.timezone
        tz = ZoneInfo(timezone)  # cached by zoneinfo: the same object as query.zone's
        start = dt.datetime.combine(meeting.date, meeting.start_time, tz)
        if meeting.end_time is not None:
            end = dt.datetime.combine(last_day, meeting.end_time, tz)
        elif meeting.end_date is not None:  # a session over days: until the end of the last
            end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), tz)
        else:
            end = None
    return EventContent(
        timezone=timezone,
        start=start,
        end=end,
        summary=meeting.name or (owner.name if owner else meeting.body),
        location=venue_text(venue) if venue is not None else None,
        description=meeting_description(meeting, owner, settings.locale),
        status=STATUS_BY_MEETING[meeting.status],
        categories=(owner.short_name or owner.name,) if owner is not None else (),
    )


def event_contents(
    settings: Settings,
    bodies: Iterable[Body],
    venues: Iterable[Venue],
    meetings: Iterable[Meeting],
) -> dict[str, EventContent]:
    """The event of each meeting (by id; the last of a repeated id), looked up as
    :func:`~prefig.export.ics.build_calendar` looks up bodies and venues."""
    by_body = {b.id: b for b in bodies}
    by_venue = {v.id: v for v in venues}
    return {
        m.id: event_content(m, by_body.get(m.body), by_venue.get(m.location or ""), settings)
        for m in meetings
    }
