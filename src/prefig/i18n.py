"""Dates and times in the register's locale, through Babel (CLDR), never hand-written names."""

from __future__ import annotations

import datetime as dt
import re

_DAY_ONE = re.compile(r"(?<!\d)1(?!\d)")


def format_day(day: dt.date, locale: str) -> str:
    """The full date as people write it: ``vendredi 13 février 2015`` in ``fr_FR``.

    French writes the first of the month as an ordinal, ``dimanche 1er mars 2015``; CLDR's
    pattern prints a bare ``1``, so the day number is completed here for every French locale.
    """
    from babel.dates import format_date

    text = format_date(day, format="full", locale=locale)
    if day.day == 1 and _language(locale) == "fr":
        text = _DAY_ONE.sub("1er", text, count=1)
    return text


def format_date(day: dt.date, locale: str) -> str:
    """The date without the weekday, as a letter is dated: ``1er février 2015`` in ``fr_FR``."""
    from babel.dates import format_date as babel_format_date

    text = babel_format_date(day, format="long", locale=locale)
    if day.day == 1 and _language(locale) == "fr":
        text = _DAY_ONE.sub("1er", text, count=1)
    return text


def format_clock(time: dt.time, locale: str) -> str:
    """A time of day: ``10 h 30`` (``10 h`` on the hour) in French, the locale's short
    format elsewhere."""
    if _language(locale) == "fr":
        return f"{time.hour} h" if time.minute == 0 else f"{time.hour} h {time.minute:02d}"
    from babel.dates import format_time

    return format_time(time, format="short", locale=locale)


def format_delta(delta: dt.timedelta, locale: str) -> str:
    """How long until (or since) something: ``dans 12 jours``, ``il y a 3 mois``."""
    from babel.dates import format_timedelta

    return format_timedelta(delta, add_direction=True, locale=locale, threshold=1.5)


def _language(locale: str) -> str:
    return locale.replace("-", "_").split("_")[0].lower()
