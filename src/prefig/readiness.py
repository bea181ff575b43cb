"""What a meeting's convocation needs, and whether it was (or can still be) sent in time.

Shared by the documents-readiness rules, the renderers and ``prefig diff``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from prefig.load import Register
from prefig.model import Body, Meeting


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
    if body is not None and not body.convened_by:
        gaps.append(Gap("convened_by", "signataire à préciser"))
    return gaps


def convocation_deadline(body: Body, meeting: Meeting) -> dt.date | None:
    """The last day a convocation may be sent to give the body's notice period, if any."""
    if body.notice_period_days is None:
        return None
    return meeting.date - dt.timedelta(days=body.notice_period_days)
