"""Calendar rules against a plain re-statement of them, on generated meeting sets."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from prefig.check import check

AS_OF = dt.date(2015, 7, 1)
STATUSES = ("planned", "held", "cancelled", "postponed")

meeting_sets = st.lists(
    st.tuples(st.dates(dt.date(2015, 1, 1), dt.date(2015, 12, 31)), st.sampled_from(STATUSES)),
    max_size=12,
)


def _one_month_after(day: dt.date) -> dt.date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _expected(meetings: list[tuple[dt.date, str]]) -> dict[str, int]:
    live_days = sorted(d for d, s in meetings if s in ("planned", "held"))
    distinct = sorted(set(live_days))
    return {
        "PF302": sum(1 for d, s in meetings if s == "planned" and d < AS_OF),
        "PF303": len(live_days) - len(distinct),
        "PF304": sum(1 for a, b in itertools.pairwise(distinct) if b > _one_month_after(a)),
    }


@settings(max_examples=40, deadline=None)
@given(meeting_sets)
def test_calendar_rules_match_their_statement(meetings: list[tuple[dt.date, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        data.mkdir()
        (data / "register.yaml").write_text("name: Propriétés\n", encoding="utf-8")
        (data / "organizations.yaml").write_text(
            "- {id: region-a, name: Région A, classification: region}\n", encoding="utf-8"
        )
        (data / "bodies.yaml").write_text(
            "- id: conference\n  name: Conférence\n  kind: political\n"
            "  responsible: [{organization: region-a}]\n  cadence: {frequency: monthly}\n",
            encoding="utf-8",
        )
        (data / "meetings.yaml").write_text(
            "".join(
                f"- {{id: m{i}, body: conference, date: {d.isoformat()}, status: {s}}}\n"
                for i, (d, s) in enumerate(meetings)
            )
            or "[]\n",
            encoding="utf-8",
        )
        report = check(Path(folder), as_of=AS_OF, select=["PF302", "PF303", "PF304"])
    found = {code: 0 for code in ("PF302", "PF303", "PF304")}
    for d in report.diagnostics:
        found[d.code] += 1
    assert found == _expected(meetings)
