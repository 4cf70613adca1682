"""Dates, times and numbers in a reader's language: Babel's CLDR data, never the C library's
locale and never hand-written month names.

A language Babel does not know is written in English rather than failing the build.
"""
from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

FALLBACK = "en"


@lru_cache(maxsize=64)
def locale(language: str) -> Any:
    """The Babel Locale for an article's language code ('de', 'pt-BR'), English when unknown."""
    from babel import Locale, UnknownLocaleError
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(FALLBACK)


@lru_cache(maxsize=256)
def _day(language: str, year: int, month: int, day: int) -> str:
    from babel.dates import format_date
    from datetime import date
    return format_date(date(year, month, day), "long", locale=locale(language))


def day_text(dt: datetime, language: str) -> str:
    """'19 January 2025' in the language's own words and order ('19. Januar 2025')."""
    return _day(language, dt.year, dt.month, dt.day)


def datetime_text(dt: datetime, language: str) -> str:
    """Date, time and zone, as the language joins them: 'January 19, 2025, 8:30 AM GMT'. The zone is
    the time's own abbreviation (GMT, CET): readers of news need to know which clock it is."""
    from babel.dates import format_time, get_datetime_format
    loc = locale(language)
    joined = get_datetime_format("long", locale=loc).replace("'", "")
    clock = f"{format_time(dt, 'short', locale=loc)} {dt.tzname()}"
    return joined.replace("{0}", clock).replace("{1}", day_text(dt, language))


@lru_cache(maxsize=4096)
def month_text(year: int, month: int, language: str) -> str:
    """'January 2025', 'Januar 2025', 'janvier 2025'."""
    from babel.dates import format_skeleton
    return format_skeleton("yMMMM", datetime(year, month, 1), locale=locale(language))


def number_text(n: int, language: str) -> str:
    """1,234 / 1.234 / 1 234: digits grouped the language's way."""
    from babel.numbers import format_decimal
    return format_decimal(n, locale=locale(language))
