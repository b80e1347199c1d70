"""Finnish dates for people: `25. marraskuuta 2026` and `25. marraskuuta 2026 klo 14.05`.

Used as the Jinja filters `fi_date` and `fi_datetime` by the Pelican theme and by every place that
renders the comment block, so a date reads the same on every page. Times are shown in Helsinki
time; naive values are taken to be Helsinki time already (that is how Pelican and authors write
them).
"""

import math
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import format_timedelta

LOCALE = "fi_FI"
TIMEZONE = ZoneInfo("Europe/Helsinki")
DATE_PATTERN = "d. MMMM y"
DATETIME_PATTERN = "d. MMMM y 'klo' H.mm"

DateLike = date | datetime | str


def format_wait(seconds: float) -> str:
    """How long to wait, in Finnish, rounded up so it is never less than the real wait:
    `40 sekuntia`, `2 minuuttia` (for 61-120 s), `1 tunti`."""
    unit = 3600 if seconds > 3600 else 60 if seconds > 60 else 1
    whole = timedelta(seconds=max(1, math.ceil(seconds / unit)) * unit)
    return format_timedelta(whole, threshold=1.0, locale=LOCALE)


def format_date(value: DateLike) -> str:
    """Return the day of `value` in Helsinki as Finnish text, e.g. `25. marraskuuta 2026`."""
    parsed = _parse(value)
    if isinstance(parsed, datetime):
        parsed = _in_helsinki(parsed).date()
    return babel_format_date(parsed, DATE_PATTERN, locale=LOCALE)


def format_datetime(value: DateLike) -> str:
    """Return `value` in Helsinki time as Finnish text, e.g. `25. marraskuuta 2026 klo 14.05`.

    A plain date has no time of day, so it is formatted like `format_date` does.
    """
    parsed = _parse(value)
    if not isinstance(parsed, datetime):
        return format_date(parsed)
    return babel_format_datetime(_in_helsinki(parsed), DATETIME_PATTERN, locale=LOCALE)


def format_age(value: DateLike, now: datetime | None = None) -> str:
    """How long ago `value` was, in Finnish words, e.g. `3 tuntia` or `2 päivää`."""
    moment = _parse(value)
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    current = now or datetime.now(TIMEZONE)
    return format_timedelta(current - _in_helsinki(moment), threshold=1, locale=LOCALE)


def _parse(value: DateLike) -> date | datetime:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text)
    raise TypeError(f"expected a date, datetime or ISO 8601 string, got {type(value).__name__}")


def _in_helsinki(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=TIMEZONE)
    return moment.astimezone(TIMEZONE)
