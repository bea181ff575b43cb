"""Whether a document may be rendered, and what to warn about first: pure functions over a
:class:`~prefig.render.context.Builder` and a row of the document table, returning
:class:`Finding` values that the command line prints (a refusal exits 2).

- A meeting that will not take place (cancelled, postponed): a document whose row says
  ``refuse`` is refused even with ``--draft``; one that says ``warn`` is rendered as recorded,
  with a warning.
- Missing pieces: without ``--draft``, a document refuses those it ``requires`` and warns
  that it prints placeholders for the others; with ``--draft`` nothing is said (the document
  says it is a draft).
- The notice period: a document sent to members after the body's notice period is rendered
  with a warning naming the deadline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from prefig.i18n import format_day
from prefig.readiness import Gap, notice_verdict
from prefig.render.context import Builder, piece
from prefig.render.documents import DOCUMENTS, DocumentKind


@dataclass(frozen=True)
class Finding:
    """Something to tell before rendering; a refusal means nothing is rendered."""

    message: str
    refuses: bool = False


def review(builder: Builder, kind: DocumentKind, *, draft: bool) -> list[Finding]:
    """What to tell before rendering a document of ``kind``, in order; a refusal, if any,
    comes last (nothing after it is judged)."""
    findings: list[Finding] = []
    for judge in (_not_taking_place(builder, kind), missing_pieces(builder, kind, draft=draft)):
        if judge is not None:
            findings.append(judge)
            if judge.refuses:
                return findings
    if kind.notice_period:
        late = late_notice(builder, kind, builder.prepared_on)
        if late is not None:
            findings.append(late)
    return findings


def _not_taking_place(builder: Builder, kind: DocumentKind) -> Finding | None:
    if builder.takes_place() or kind.when_off == "announce":
        return None
    meeting, status = builder.meeting.id, builder.meeting.status.value
    if kind.when_off == "refuse":
        announcer = next(k for k in DOCUMENTS if k.when_off == "announce")
        return Finding(
            f"meeting {meeting} is {status}: no {kind.name} is sent for it. Render its "
            f"{announcer.name} (prefig render {announcer.command}) to announce it.",
            refuses=True,
        )
    return Finding(f"meeting {meeting} is {status}; its {kind.name} is printed as recorded.")


def missing_pieces(builder: Builder, kind: DocumentKind, *, draft: bool) -> Finding | None:
    """Without ``--draft``: a refusal listing the gaps of the pieces ``kind`` requires, else
    a warning listing the placeholders it prints; None when nothing is missing or with
    ``--draft``."""
    gaps = builder.gaps(kind)
    if not gaps or draft:
        return None
    required = [gap for gap in gaps if piece(gap) in kind.requires]
    if required:
        return Finding(
            f"the {kind.name} for {builder.meeting.id} lacks:\n  {_listing(required)}\n"
            "Complete the register, or render a draft with --draft.",
            refuses=True,
        )
    return Finding(
        f"the {kind.name} for {builder.meeting.id} prints placeholders for:\n  {_listing(gaps)}"
    )


def late_notice(builder: Builder, kind: DocumentKind, today: dt.date | None) -> Finding | None:
    """A warning when the document is (or was) sent after the body's notice period: judged
    on the day the register records it was sent (``convened_on``), else on ``today``."""
    verdict = notice_verdict(builder.body, builder.meeting)
    sent = builder.meeting.convened_on
    day = sent or today
    if verdict is None or day is None or day <= verdict.last_day:
        return None
    body, meeting, deadline = builder.body, builder.meeting, verdict.last_day
    when = f"it was sent on {day.isoformat()}." if sent else f"it is now {day.isoformat()}."
    return Finding(
        f"too late for the notice period: {body.id} requires {verdict.describe()}, so the "
        f"{kind.name} for {meeting.id} had to be sent by {deadline.isoformat()} "
        f"({format_day(deadline, builder.locale)}); {when}"
    )


def _listing(gaps: Sequence[Gap]) -> str:
    return "\n  ".join(f"{gap.field}: {gap.label}" for gap in gaps)
