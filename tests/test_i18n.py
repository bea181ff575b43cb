"""Dates and times as French administrative letters write them."""

from __future__ import annotations

import datetime as dt

import pytest

from prefig import i18n


@pytest.mark.parametrize(
    ("day", "locale", "text"),
    [
        (dt.date(2015, 2, 13), "fr_FR", "vendredi 13 février 2015"),
        (dt.date(2015, 2, 1), "fr_FR", "dimanche 1er février 2015"),
        (dt.date(2015, 3, 1), "fr_FR", "dimanche 1er mars 2015"),
        (dt.date(2001, 1, 1), "fr_FR", "lundi 1er janvier 2001"),
        (dt.date(2015, 2, 11), "fr_FR", "mercredi 11 février 2015"),
        (dt.date(2015, 2, 21), "fr_FR", "samedi 21 février 2015"),
        (dt.date(2015, 3, 1), "fr_CA", "dimanche 1er mars 2015"),
        (dt.date(2015, 3, 1), "fr_CH", "dimanche, 1er mars 2015"),
        (dt.date(2015, 3, 1), "en_GB", "Sunday, 1 March 2015"),
    ],
)
def test_format_day(day: dt.date, locale: str, text: str) -> None:
    assert i18n.format_day(day, locale) == text


@pytest.mark.parametrize(
    ("time", "locale", "text"),
    [
        (dt.time(10, 30), "fr_FR", "10 h 30"),
        (dt.time(9, 5), "fr_FR", "9 h 05"),
        (dt.time(12, 0), "fr_FR", "12 h"),
        (dt.time(0, 0), "fr_FR", "0 h"),
    ],
)
def test_format_clock(time: dt.time, locale: str, text: str) -> None:
    assert i18n.format_clock(time, locale) == text


@pytest.mark.parametrize(
    ("day", "locale", "text"),
    [
        (dt.date(2015, 2, 1), "fr_FR", "1er février 2015"),
        (dt.date(2015, 2, 13), "fr_FR", "13 février 2015"),
        (dt.date(2015, 2, 1), "en_GB", "1 February 2015"),
    ],
)
def test_format_date(day: dt.date, locale: str, text: str) -> None:
    assert i18n.format_date(day, locale) == text


def test_format_delta_counts_days_up_to_a_month_then_rounds() -> None:
    day = dt.timedelta(days=1)
    assert i18n.format_delta(3 * dt.timedelta(hours=1), "fr_FR") == "dans 3 heures"
    assert i18n.format_delta(12 * day, "fr_FR") == "dans 12 jours"
    assert i18n.format_delta(-31 * day, "fr_FR") == "il y a 31 jours"
    assert i18n.format_delta(45 * day, "fr_FR") == "dans 2 mois"
    assert i18n.format_delta(-4380 * day, "fr_FR") == "il y a 12 ans"


def test_format_delta_names_the_days_around_a_whole_day() -> None:
    ignored = dt.timedelta(hours=-9)
    assert i18n.format_delta(ignored, "fr_FR", whole_days=0) == "aujourd’hui"
    assert i18n.format_delta(ignored, "fr_FR", whole_days=1) == "demain"
    assert i18n.format_delta(ignored, "en_GB", whole_days=-1) == "yesterday"
    assert i18n.format_delta(ignored, "fr_FR", whole_days=9) == "dans 9 jours"
