"""The deadline arithmetic of notice periods, row by row: each row is a case a clerk can check
with a calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prefig.notice import PRESETS, NoticeRule, days_between

D = dt.date

# (preset, meeting day, urgency, last day to send, why)
DEADLINES = [
    ("cgct-commune-3500-plus", D(2026, 12, 10), False, D(2026, 12, 4),
     "Thursday 10 December: 5, 6, 7, 8, 9 are the five jours francs"),
    ("cgct-commune-3500-plus", D(2026, 12, 7), False, D(2026, 12, 1),
     "Monday 7 December: 2 to 6 December"),
    ("cgct-commune-3500-plus", D(2026, 12, 10), True, D(2026, 12, 8),
     "urgency: one jour franc, Wednesday 9 December"),
    ("cgct-commune-under-3500", D(2026, 12, 10), False, D(2026, 12, 6),
     "three jours francs: 7, 8, 9 December"),
    ("cgct-commune-under-3500", D(2026, 12, 10), True, D(2026, 12, 8),
     "urgency: one jour franc"),
    ("cgct-commune-3500-plus", D(2027, 1, 4), False, D(2026, 12, 29),
     "across the year end: 30, 31 December, 1, 2, 3 January"),
    ("cgct-commune-3500-plus", D(2027, 3, 1), False, D(2027, 2, 23),
     "across the end of a 28-day February: 24 to 28 February"),
    ("cgct-commune-3500-plus", D(2028, 3, 1), False, D(2028, 2, 24),
     "across 29 February 2028: 25 to 29 February"),
    ("cgct-commune-3500-plus", D(2027, 3, 31), False, D(2027, 3, 25),
     "across the change to summer time (28 March 2027): calendar days are days"),
    ("cgct-commune-3500-plus", D(2026, 11, 2), False, D(2026, 10, 27),
     "across 1 November, a public holiday, which counts"),
    ("cgct-epci-3500-plus", D(2026, 12, 10), False, D(2026, 12, 4), "as the large communes"),
    ("cgct-epci-under-3500", D(2026, 12, 10), False, D(2026, 12, 6), "as the small communes"),
    ("cgct-region", D(2015, 3, 10), False, D(2015, 2, 26),
     "twelve days before 10 March 2015, February of 28 days"),
    ("cgct-region", D(2027, 1, 5), False, D(2026, 12, 24), "across the year end"),
    ("cgct-region", D(2026, 12, 10), True, D(2026, 11, 28), "no urgency floor: unchanged"),
    ("cgct-departement", D(2028, 3, 10), False, D(2028, 2, 27), "across 29 February 2028"),
]  # fmt: skip


@pytest.mark.parametrize(("preset", "meeting", "urgency", "last", "why"), DEADLINES)
def test_last_day_to_send(
    preset: str, meeting: dt.date, urgency: bool, last: dt.date, why: str
) -> None:
    rule = PRESETS[preset]
    assert rule.last_day_to_send(meeting, urgency=urgency) == last, why
    # Sent on the last day, the convocation gives exactly the period; a day later, one less.
    needed = rule.urgency_days if urgency and rule.urgency_days is not None else rule.days
    assert rule.days_given(last, meeting) == needed
    assert rule.days_given(last + dt.timedelta(days=1), meeting) == needed - 1


def test_the_issue_cases_in_jours_francs() -> None:
    rule = PRESETS["cgct-commune-3500-plus"]
    # Sent on Saturday 5 December for Thursday 10: only 6, 7, 8 and 9 are full days.
    assert rule.days_given(D(2026, 12, 5), D(2026, 12, 10)) == 4
    # Monday 7 December, not convened by Wednesday 2 December: the deadline was 1 December.
    assert rule.last_day_to_send(D(2026, 12, 7)) < D(2026, 12, 2)


@pytest.mark.parametrize(
    ("days", "counting", "described"),
    [(5, "clear", "cinq jours francs"), (1, "clear", "un jour franc"), (12, "plain", "12 jours")],
)
def test_describe(days: int, counting: str, described: str) -> None:
    assert NoticeRule(days, counting).describe() == described  # type: ignore[arg-type]


def test_second_convocations() -> None:
    commune = PRESETS["cgct-commune-3500-plus"].second_convocation
    region = PRESETS["cgct-region"].second_convocation
    assert commune is not None and region is not None
    first = D(2026, 12, 10)
    assert not commune.allows(first, D(2026, 12, 12))
    assert commune.allows(first, D(2026, 12, 13))
    assert commune.allows(first, D(2026, 12, 20))
    assert region.allows(first, D(2026, 12, 13))
    assert not region.allows(first, D(2026, 12, 14))
    assert commune.describe() == "à trois jours au moins d'intervalle (CGCT L2121-17)"
    assert region.describe() == "de plein droit trois jours plus tard (CGCT L4132-13)"


@given(
    meeting=st.dates(min_value=D(1800, 2, 1), max_value=D(2200, 12, 31)),
    days=st.integers(min_value=0, max_value=31),
    counting=st.sampled_from(["plain", "clear"]),
)
def test_sent_on_the_last_day_gives_the_period(meeting: dt.date, days: int, counting: str) -> None:
    rule = NoticeRule(days, counting)  # type: ignore[arg-type]
    last = rule.last_day_to_send(meeting)
    assert rule.days_given(last, meeting) == days
    assert days_between(last, meeting, counting) == days  # type: ignore[arg-type]
    assert all(rule.days_given(last - dt.timedelta(days=k), meeting) > days for k in (1, 2))
