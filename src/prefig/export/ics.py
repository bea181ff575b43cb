"""The register's meetings as an iCalendar (RFC 5545) calendar, built with ``icalendar``.

One VEVENT per meeting:

* ``UID``: ``<meeting id>@<uid domain>``; the domain is ``--uid-domain``, else the
  register's ``uid_domain`` setting, else the slug of its name
  (:func:`prefig.export.uid_domain`). Stable across runs and across edits of the meeting.
* ``SEQUENCE``: how many times the event (:class:`~prefig.export.events.EventContent`)
  changed in the register's git history (:mod:`prefig.export.history`), so it grows with
  every change, cancellation, a new venue address or a renamed body included.
* ``DTSTAMP``: ``SOURCE_DATE_EPOCH`` when set; else when the meeting last changed (its last
  commit); else the newest commit of the files events are built from; else 1970-01-01T00:00:00Z.
  ``LAST-MODIFIED``: the time of the event's last commit, when there is one, no later than
  ``SOURCE_DATE_EPOCH``.
* ``DTSTART``/``DTEND`` in the register's time zone, with its VTIMEZONE (only when some
  meeting has a time of day); a meeting with no time of day is an all-day event
  (``VALUE=DATE``, ``DTEND`` the next day).
* ``STATUS``: CANCELLED for cancelled meetings, TENTATIVE for postponed ones, CONFIRMED for
  planned and held ones.

The output depends only on the register, its history and ``SOURCE_DATE_EPOCH``: the same
inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any

from prefig.export import Exported, ExportError, Options
from prefig.export import uid_domain as resolve_uid_domain
from prefig.export.events import EventContent, event_content, meeting_uid
from prefig.export.history import History, meeting_history
from prefig.load import Register
from prefig.model import Meeting
from prefig.query import UnknownIdError, by_id, sorted_meetings, zone

PRODID = "-//prefig//prefig export ics//EN"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LAST_SECOND = 253402300799
"""9999-12-31T23:59:59Z: iCalendar writes four-digit years."""

MAX_PASSED_OVER_SHOWN = 10
"""Past versions too large to read that the export warns of one by one; the rest are
counted."""


class SourceDateEpochError(ExportError):
    """``SOURCE_DATE_EPOCH`` is set but is not a whole number of seconds."""


def source_date_epoch(environ: Mapping[str, str]) -> dt.datetime | None:
    """The time ``SOURCE_DATE_EPOCH`` names (https://reproducible-builds.org), or None."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit():
        raise SourceDateEpochError(
            f"SOURCE_DATE_EPOCH={value!r} is not a whole number of seconds since 1970."
        )
    if int(value) > LAST_SECOND:
        raise SourceDateEpochError(
            f"SOURCE_DATE_EPOCH={value!r} is after the year 9999, which iCalendar cannot write."
        )
    return dt.datetime.fromtimestamp(int(value), dt.UTC)


def build_calendar(
    register: Register,
    history: History,
    *,
    body: str | None = None,
    stamp: dt.datetime | None = None,
    uid_domain: str | None = None,
) -> bytes:
    """The calendar of the register's meetings (of one body when ``body`` is given).

    ``stamp`` (from ``SOURCE_DATE_EPOCH``) replaces every DTSTAMP when given.
    """
    from icalendar import Calendar

    text = _text_type()

    settings = register.settings
    domain = resolve_uid_domain(settings, uid_domain)
    bodies = {b.id: b for b in register.bodies}
    venues = {v.id: v for v in register.venues}
    meetings = [m for m in sorted_meetings(register) if body is None or m.body == body]

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    name = settings.name if body is None else f"{settings.name} : {bodies[body].name}"
    calendar.add("name", text(name))
    calendar.add("x-wr-calname", text(name))
    calendar.add("x-wr-timezone", settings.timezone)
    # A VTIMEZONE only for events that name it: all-day events are floating dates.
    timed = [m.date for m in meetings if m.start_time is not None]
    if timed:
        calendar.add_component(timezone_component(register, timed))

    for meeting in meetings:
        content = event_content(
            meeting, bodies.get(meeting.body), venues.get(meeting.location or ""), settings
        )
        calendar.add_component(meeting_event(meeting, content, history, domain, stamp))
    return bytes(calendar.to_ical())


def meeting_event(
    meeting: Meeting,
    content: EventContent,
    history: History,
    domain: str,
    stamp: dt.datetime | None,
) -> Any:
    """The VEVENT of ``meeting`` (an ``icalendar.Event``): its ``UID`` at ``domain``, its
    ``SEQUENCE`` and times from ``history``, and ``content``. The calendar and the invitation
    sent with a convocation (:mod:`prefig.mail.message`) both write their event with it, so
    that a calendar takes them for the same event."""
    from icalendar import Event

    text = _text_type()
    revision = history.revision(meeting.id)
    event = Event()
    event.add("uid", meeting_uid(meeting, domain))
    event.add("sequence", revision.sequence)
    event.add("dtstamp", stamp or revision.modified or history.last_commit or EPOCH)
    if revision.modified is not None:
        # Clamped to SOURCE_DATE_EPOCH, as reproducible builds do: the same bytes from a
        # full clone and from a shallow one, and never a change after DTSTAMP.
        modified = min(revision.modified, stamp) if stamp else revision.modified
        event.add("last-modified", modified)
    event.add("dtstart", content.start)
    if content.end is not None:
        event.add("dtend", content.end)
    event.add("summary", text(content.summary))
    if content.location is not None:
        event.add("location", text(content.location))
    event.add("description", text(content.description))
    event.add("status", content.status)
    if content.categories:
        event.add("categories", list(content.categories))
    return event


def timezone_component(register: Register, days: list[dt.date]) -> Any:
    """The VTIMEZONE (an ``icalendar.Timezone``) of the register's time zone, covering the
    years of ``days``."""
    from icalendar import Timezone

    first = dt.date(min(days).year, 1, 1)
    last = dt.date(max(days).year + 1, 1, 1)
    return Timezone.from_tzinfo(
        zone(register), tzid=register.settings.timezone, first_date=first, last_date=last
    )


@functools.cache
def _text_type() -> type[Any]:
    """A TEXT value escaped as RFC 5545 (3.3.11) says, and nothing more: icalendar's own
    escaping first turns a backslash followed by ``N`` into a line break, so a name holding
    ``\\N`` would come back changed. Built on first use, as icalendar is imported."""
    from icalendar import vText

    class Text(vText):
        def to_ical(self) -> bytes:
            text = str(self).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
            return text.encode("utf-8")

    return Text


def history_warnings(history: History) -> list[str]:
    """What the export should warn of about ``history``: a shallow clone, past versions too
    large to read."""
    warnings = []
    if history.shallow:
        warnings.append(
            "the repository is a shallow clone; SEQUENCE numbers count only the history it "
            "holds (run `git fetch --unshallow`)."
        )
    for old in history.passed_over[:MAX_PASSED_OVER_SHOWN]:
        warnings.append(
            f"{old.path} at commit {old.commit[:10]} is {old.size:,} bytes, more than the "
            f"{old.limit:,} a data file may have: that version was not read and its commits "
            "are passed over in SEQUENCE (raise PREFIG_MAX_FILE_BYTES to read it)."
        )
    if len(history.passed_over) > MAX_PASSED_OVER_SHOWN:
        more = len(history.passed_over) - MAX_PASSED_OVER_SHOWN
        warnings.append(f"... and {more} more such versions.")
    return warnings


def export_ics(register: Register, options: Options, environ: Mapping[str, str]) -> Exported:
    """``prefig export ics``: the calendar of the register's meetings (only those of the
    body ``options["body"]`` when set), with the SEQUENCE numbers of its git history.

    Raises :class:`~prefig.export.ExportError` for a bad ``SOURCE_DATE_EPOCH`` in
    ``environ``, an unknown body or a bad ``uid_domain``.
    """
    body, uid_domain = options.get("body"), options.get("uid_domain")
    stamp = source_date_epoch(environ)
    if body is not None:
        try:
            by_id(register.bodies, body, "body")
        except UnknownIdError as err:
            raise ExportError(str(err)) from None
    if uid_domain is not None and (not uid_domain.strip() or any(c.isspace() for c in uid_domain)):
        raise ExportError(f"--uid-domain {uid_domain!r} must be a non-empty word without spaces.")
    history = meeting_history(register)
    calendar = build_calendar(register, history, body=body, stamp=stamp, uid_domain=uid_domain)
    return Exported(calendar, tuple(history_warnings(history)))
