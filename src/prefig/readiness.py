"""What a meeting's convocation needs, and whether it was (or can still be) sent in time.

Shared by the documents-readiness rules, the renderers and ``prefig diff``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from prefig import query
from prefig.load import Register
from prefig.model import Body, Meeting
from prefig.notice import PRESETS, Counting, NoticeRule, days_between, explain
from prefig.vocab import NoticeCounting, NoticePreset


@dataclass(frozen=True)
class Gap:
    """A piece a convocation needs and the register lacks."""

    field: str
    """Where it belongs: ``start_time``, ``location``, ``agenda``, ``convened_by``, ..."""
    label: str
    """What is missing, in French, as a placeholder reads: ``heure à préciser``."""


def convocation_gaps(register: Register, meeting: Meeting, body: Body | None) -> list[Gap]:
    """Everything a convocation for ``meeting`` needs that the register does not say."""
    gaps: list[Gap] = []
    if meeting.start_time is None:
        gaps.append(Gap("start_time", "heure à préciser"))
    venue = register.index("venues").get(meeting.location) if meeting.location else None
    if meeting.location is None or venue is None:
        gaps.append(Gap("location", "lieu à préciser"))
    elif venue.street_address is None or venue.locality is None:
        gaps.append(Gap("location.address", "adresse à préciser"))
    if not meeting.agenda:
        gaps.append(Gap("agenda", "ordre du jour à préciser"))
    signing = query.convenors(register, meeting)
    if body is not None and not signing:
        gaps.append(Gap("convened_by", "signataire à préciser"))
    if body is not None and not has_addressee(register, meeting, body):
        gaps.append(Gap("seats.addressees", "destinataires à préciser"))
    return gaps


def has_addressee(register: Register, meeting: Meeting, body: Body) -> bool:
    """Whether a convocation for ``meeting`` goes to anyone: a named holder or substitute in
    office at its date who does not sign it, an unnamed place the seat says how to address
    (``address_as``), or a seat of unknown count (whose letter then says so). Vacant places
    and unnamed places with no ``address_as`` get no letter."""
    signing = query.convenors(register, meeting)
    signing_seats = {p.seat for p in signing if p.seat}
    signing_people = {p.person for p in signing if p.person}
    for seat_at in query.composition_at(register, body, meeting.date):
        if seat_at.seat.id in signing_seats:
            continue
        if any(p.id not in signing_people for p in seat_at.holders) or seat_at.substitutes:
            return True
        if seat_at.addressed is None or seat_at.addressed > 0:
            return True
    return False


def notice_rule(body: Body) -> NoticeRule | None:
    """The body's notice period and how it counts: its ``notice`` (a CGCT preset or a period
    a text sets), else ``notice_period_days`` as plain days; None when it has none."""
    notice = body.notice
    if isinstance(notice, NoticePreset):
        return PRESETS[notice.value]
    if notice is not None:
        counting: Counting = "clear" if notice.counting == NoticeCounting.CLEAR else "plain"
        return NoticeRule(notice.days, counting, notice.urgency_days, notice.article)
    if body.notice_period_days is not None:
        return NoticeRule(body.notice_period_days)
    return None


@dataclass(frozen=True)
class NoticeVerdict:
    """What a body's notice period asks of one meeting's convocation: the one answer that the
    rules, ``render``, ``diff``, ``meetings show`` and the letters all give."""

    rule: NoticeRule
    """The period, as the body sets it."""
    urgency: bool
    """Whether the meeting was convened under urgency (its floor applies, when there is one)."""
    last_day: dt.date
    """The last day the convocation may be sent."""
    required: int
    """Days of notice required (the urgency floor under urgency), counted as ``rule`` counts."""
    given: int | None
    """Days of notice the convocation gave, when it records ``convened_on``."""

    @property
    def late(self) -> bool:
        """Whether the recorded convocation was sent after the last day."""
        return self.given is not None and self.given < self.required

    def describe(self) -> str:
        """The period required, as messages say it: ``5 clear days (jours francs, CGCT
        L2121-12)``."""
        return explain(self.required, self.rule.counting, self.rule.article)


def notice_verdict(
    body: Body, meeting: Meeting, *, sent_on: dt.date | None = None
) -> NoticeVerdict | None:
    """What the body's notice period asks of ``meeting``; None when the body sets none.

    ``given`` counts from ``sent_on`` (the day one member was sent the convocation, as
    ``data/dispatches.yaml`` records it) when given, else from the meeting's
    ``convened_on``."""
    rule = notice_rule(body)
    if rule is None:
        return None
    urgency = meeting.urgency is not None and rule.urgency_days is not None
    required = rule.urgency_days if urgency and rule.urgency_days is not None else rule.days
    given = None
    sent = sent_on if sent_on is not None else meeting.convened_on
    if sent is not None:
        given = days_between(sent, meeting.date, rule.counting)
    return NoticeVerdict(
        rule, urgency, rule.last_day_to_send(meeting.date, urgency=urgency), required, given
    )


def convocation_deadline(body: Body, meeting: Meeting) -> dt.date | None:
    """The last day a convocation may be sent to give the body's notice period, if any."""
    verdict = notice_verdict(body, meeting)
    return None if verdict is None else verdict.last_day
