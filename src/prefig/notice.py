"""Notice periods as the law counts them: the last day a convocation may be sent, and how many
days of notice a convocation gave.

Two ways of counting exist in the CGCT:

- **plain days** (``plain``): "douze jours au moins avant la réunion" (L3121-19 for
  départements, L4132-18 for régions): a convocation sent on day S for a meeting on day M gives
  ``M - S`` days; it is on time when ``M - S >= n``;
- **clear days** (``clear``, *jours francs*): neither the day the convocation is sent nor the
  day of the meeting counts (L2121-11, L2121-12): it gives ``M - S - 1`` days; it is on time
  when ``M - S - 1 >= n``. Five jours francs before a meeting on Thursday 10 December: the
  last day to send is Friday 4 December (5, 6, 7, 8 and 9 are the five full days).

Days are calendar days: Sundays and public holidays count, and a period is not extended when
its last day falls on one.

This module is pure (standard library only): the model, the rules, ``render``, ``diff`` and the
views all ask it, so that they give one verdict.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

Counting = Literal["plain", "clear"]


@dataclass(frozen=True)
class SecondConvocation:
    """When a sitting that lacked its quorum may be held again without one."""

    days: int
    """Days after the first sitting."""
    exact: bool
    """True: held as of right that many days later (régions L4132-13, départements L3121-14);
    False: convened again at least that many days later (communes L2121-17)."""
    article: str
    """The text that says so."""

    def allows(self, first: dt.date, second: dt.date) -> bool:
        """Whether a second sitting on ``second`` follows a first on ``first`` as the text says."""
        interval = (second - first).days
        return interval == self.days if self.exact else interval >= self.days

    def describe(self) -> str:
        """What the text requires, in French."""
        days = _number(self.days)
        if self.exact:
            return f"de plein droit {days} jours plus tard ({self.article})"
        return f"à {days} jours au moins d'intervalle ({self.article})"


@dataclass(frozen=True)
class NoticeRule:
    """How much notice a body's convocations must give, and how it is counted."""

    days: int
    """How many days of notice."""
    counting: Counting = "plain"
    """``plain`` (days before the meeting) or ``clear`` (jours francs)."""
    urgency_days: int | None = None
    """The floor under urgency, counted the same way; None when urgency cannot shorten it."""
    article: str | None = None
    """The text the period comes from (``CGCT L2121-12``), when known."""
    second_convocation: SecondConvocation | None = None
    """When a sitting without quorum may be held again, where a text says."""

    def last_day_to_send(self, meeting_day: dt.date, *, urgency: bool = False) -> dt.date:
        """The last day a convocation may be sent for a meeting on ``meeting_day``; with
        ``urgency``, the urgency floor (the ordinary period when there is none)."""
        days = self.days if not urgency or self.urgency_days is None else self.urgency_days
        return meeting_day - dt.timedelta(days=days + (1 if self.counting == "clear" else 0))

    def days_given(self, sent_on: dt.date, meeting_day: dt.date) -> int:
        """How many days of notice a convocation sent on ``sent_on`` gave, counted as this rule
        counts them (never negative)."""
        return max(days_between(sent_on, meeting_day, self.counting), 0)

    def describe(self) -> str:
        """The period in French: ``cinq jours francs``, ``12 jours``."""
        kind = "jours francs" if self.counting == "clear" else "jours"
        if self.days == 1:
            kind = "jour franc" if self.counting == "clear" else "jour"
        return f"{_number(self.days)} {kind}"


def explain(days: int, counting: Counting, article: str | None = None) -> str:
    """A period in the words of prefig's messages: ``5 clear days (jours francs, CGCT
    L2121-12)``, ``12 days``."""
    unit = "day" if days == 1 else "days"
    if counting == "clear":
        where = f", {article}" if article else ""
        return f"{days} clear {unit} (jours francs{where})"
    return f"{days} {unit}" + (f" ({article})" if article else "")


def days_between(sent_on: dt.date, meeting_day: dt.date, counting: Counting) -> int:
    """Days of notice from ``sent_on`` to ``meeting_day``: calendar days for ``plain``, the full
    days strictly between them for ``clear`` (may be negative when sent after)."""
    days = (meeting_day - sent_on).days
    return days - 1 if counting == "clear" and days > 0 else days


_WORDS = {1: "un", 2: "deux", 3: "trois", 4: "quatre", 5: "cinq", 6: "six", 7: "sept"}


def _number(n: int) -> str:
    return _WORDS.get(n, str(n))


_COMMUNE_AGAIN = SecondConvocation(3, exact=False, article="CGCT L2121-17")

PRESETS: dict[str, NoticeRule] = {
    "cgct-commune-3500-plus": NoticeRule(5, "clear", 1, "CGCT L2121-12", _COMMUNE_AGAIN),
    "cgct-commune-under-3500": NoticeRule(3, "clear", 1, "CGCT L2121-11", _COMMUNE_AGAIN),
    "cgct-epci-3500-plus": NoticeRule(5, "clear", 1, "CGCT L5211-1, L2121-12", _COMMUNE_AGAIN),
    "cgct-epci-under-3500": NoticeRule(3, "clear", 1, "CGCT L5211-1, L2121-11", _COMMUNE_AGAIN),
    "cgct-departement": NoticeRule(
        12, "plain", None, "CGCT L3121-19", SecondConvocation(3, True, "CGCT L3121-14")
    ),
    "cgct-region": NoticeRule(
        12, "plain", None, "CGCT L4132-18", SecondConvocation(3, True, "CGCT L4132-13")
    ),
}
"""Named notice periods of the CGCT, so that a register says ``notice: cgct-region`` instead
of the arithmetic. Communes and EPCI: jours francs, shortened under urgency by the mayor or
president to one jour franc at least, the assembly ruling on the urgency at the opening of
the sitting (L2121-11, L2121-12; EPCI by L5211-1, on the rules of communes of their largest
member's size). Départements and régions: twelve days before, with the reports."""
