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
    if day.day == 1 and language(locale) == "fr":
        text = _DAY_ONE.sub("1er", text, count=1)
    return text


def format_date(day: dt.date, locale: str) -> str:
    """The date without the weekday, as a letter is dated: ``1er février 2015`` in ``fr_FR``."""
    from babel.dates import format_date as babel_format_date

    text = babel_format_date(day, format="long", locale=locale)
    if day.day == 1 and language(locale) == "fr":
        text = _DAY_ONE.sub("1er", text, count=1)
    return text


def format_clock(time: dt.time, locale: str) -> str:
    """A time of day: ``10 h 30`` (``10 h`` on the hour) in French, the locale's short
    format elsewhere."""
    if language(locale) == "fr":
        return f"{time.hour} h" if time.minute == 0 else f"{time.hour} h {time.minute:02d}"
    from babel.dates import format_time

    return format_time(time, format="short", locale=locale)


SHORT_RANGE_DAYS = 31
"""Up to this many days away, a distance is counted in days ("dans 12 jours"), not rounded
to weeks ("dans 2 semaines"); beyond, weeks, months or years are precise enough."""


def format_delta(delta: dt.timedelta, locale: str, *, whole_days: int | None = None) -> str:
    """How long until (or since) something: ``dans 3 heures``, ``dans 12 jours``,
    ``dans 5 semaines``, ``il y a 12 ans``.

    ``whole_days`` counts calendar days to something that lasts its whole day (a meeting with
    no time of day): it then reads ``aujourd’hui``, ``demain``, ``hier`` where the locale
    names those days, rather than "il y a 9 heures", and ``delta`` is not used.
    """
    from babel.dates import format_timedelta

    if whole_days is not None:
        named = _named_day(whole_days, locale)
        if named is not None:
            return named
        delta = dt.timedelta(days=whole_days)
    if dt.timedelta(days=1) <= abs(delta) <= dt.timedelta(days=SHORT_RANGE_DAYS):
        return format_timedelta(
            delta,
            granularity="day",
            threshold=SHORT_RANGE_DAYS + 1,
            add_direction=True,
            locale=locale,
        )
    return format_timedelta(delta, add_direction=True, locale=locale, threshold=1.5)


def _named_day(days: int, locale: str) -> str | None:
    """CLDR's name for a day near today (``aujourd’hui``, ``demain``, ``avant-hier``), if the
    locale has one. Babel exposes these names only through the locale's data, so any change
    there falls back to a count of days."""
    from babel import Locale, UnknownLocaleError

    try:
        names = Locale.parse(locale)._data["date_fields"]["day"]["relative"]
    except (KeyError, TypeError, ValueError, UnknownLocaleError):
        return None
    name = names.get(days) if hasattr(names, "get") else None
    return None if name is None else str(name)


def language(locale: str) -> str:
    """The language part of a locale, lower case: ``fr_FR`` (or ``fr-FR``) -> ``fr``."""
    return locale.replace("-", "_").split("_")[0].lower()
