"""Sane bounds for values that cross a boundary (ingest, review, import, command-line flags).

A value outside these bounds is refused where it enters (a 422 from the API, a per-item error
in ingest and import, a usage error on the command line), so that no stored value can break a
later read:

- dates: from :data:`MIN_DATE` (1990-01-01) to *today + 1 day* (a report dated tomorrow in
  another time zone is fine, one of 9999-12-31 is not). "Today" comes from a clock that tests
  inject (:func:`set_clock`, or the ``today`` argument of every check);
- fatalities: 0 to :data:`MAX_FATALITIES` (100,000). Implausible but possible values (a toll of
  5,000 for one raid) pass here: they are for the review page's suspect flags, not refused;
- command-line dates are strict ISO ``YYYY-MM-DD`` (:func:`strict_iso_date`): ``01/02/2023`` is
  refused rather than guessed day-first.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, Callable, Optional, Sequence

from .errors import MarsadError

MIN_DATE = date(1990, 1, 1)
MAX_FATALITIES = 100_000
#: Longest text a reviewer may write into one field or comment (characters).
MAX_TEXT = 10_000

_clock: Callable[[], date] = date.today
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


class BoundsError(MarsadError, ValueError):
    """A value outside its sane bounds (a date out of the window, a toll over the bound)."""


def set_clock(clock: Optional[Callable[[], date]]) -> Callable[[], date]:
    """Make ``clock()`` the source of "today" (None: the system date); returns the previous one."""
    global _clock
    previous = _clock
    _clock = clock or date.today
    return previous


def today() -> date:
    """Today by the current clock (:func:`set_clock`)."""
    return _clock()


def date_window(now: Optional[date] = None) -> tuple[date, date]:
    """The first and last accepted dates: :data:`MIN_DATE` .. today + 1 day."""
    return MIN_DATE, (now or today()) + timedelta(days=1)


def check_date(value: Any, name: str = "date", *, now: Optional[date] = None, allow_empty: bool = False) -> str:
    """``value`` (a date or ``YYYY-MM-DD`` text) as ISO text when within :func:`date_window`;
    raises :class:`BoundsError` otherwise. ``allow_empty``: ``""``/None pass as ``""``."""
    if value in (None, "") and allow_empty:
        return ""
    if isinstance(value, date):
        day = value
    else:
        text = str(value).strip()
        if not _ISO.fullmatch(text):
            raise BoundsError(f"{name} must be a date YYYY-MM-DD, got {str(value)[:40]!r}")
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise BoundsError(f"{name} must be a date YYYY-MM-DD, got {text!r}") from None
    first, last = date_window(now)
    if not first <= day <= last:
        raise BoundsError(f"{name} {day.isoformat()} is outside {first.isoformat()} .. {last.isoformat()} (today + 1 day)")
    return day.isoformat()


def date_ok(value: Any, *, now: Optional[date] = None) -> bool:
    """True when ``value`` is a ``YYYY-MM-DD`` date within the window."""
    try:
        check_date(value, now=now)
    except BoundsError:
        return False
    return True


def check_fatalities(value: Any, name: str = "fatalities") -> int:
    """``value`` as an int within 0 .. :data:`MAX_FATALITIES`; raises :class:`BoundsError`."""
    if isinstance(value, bool) or not isinstance(value, (int, str, float)):
        raise BoundsError(f"{name} must be an integer, got {str(value)[:40]!r}")
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")) or not value.is_integer():
            raise BoundsError(f"{name} must be an integer, got {value!r}")
        value = int(value)
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"[+-]?\d{1,12}", text):
            raise BoundsError(f"{name} must be an integer, got {value[:40]!r}")
        value = int(text)
    if not 0 <= value <= MAX_FATALITIES:
        raise BoundsError(f"{name} must be between 0 and {MAX_FATALITIES:,}, got {value if abs(value) < 10**15 else 'a huge number'}")
    return value


def safe_fatalities(value: Any) -> int:
    """A stored toll as a readable int: out-of-bound or malformed values (kept by an older
    version) read as the nearest bound, never as an error."""
    try:
        return check_fatalities(value)
    except BoundsError:
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            return 0
        if number != number:
            return 0
        return MAX_FATALITIES if number > MAX_FATALITIES else 0


def events_in_bounds(events: Sequence[Any], *, now: Optional[date] = None) -> tuple[list[Any], list[str]]:
    """The events (records with ``event_date`` and ``fatalities``) whose date (or empty date) and toll
    are within bounds, and why each other one is left out ("event left out: ..."): what the store keeps
    and ``marsad extract`` writes."""
    now = now or today()
    days_ok = _DAYS_OK.get(now)
    if days_ok is None:  # (the dates found in bounds, by day of the clock: a run codes the same days again)
        _DAYS_OK.clear()
        days_ok = _DAYS_OK[now] = {""}
    # most records: a toll in bounds and a date seen before, each told at once
    if all(type(ev.fatalities) is int and 0 <= ev.fatalities <= MAX_FATALITIES and type(ev.event_date) is str
           and ev.event_date in days_ok for ev in events):
        return list(events), []
    kept: list[Any] = []
    refused: list[str] = []
    for ev in events:
        try:
            day = check_date(ev.event_date, "event_date", now=now, allow_empty=True)
            check_fatalities(ev.fatalities)
        except BoundsError as exc:
            refused.append(f"event left out: {exc}")
            continue
        if day == ev.event_date and len(days_ok) < 100_000:
            days_ok.add(day)
        kept.append(ev)
    return kept, refused


_DAYS_OK: dict[date, set] = {}  # today -> the ISO dates events_in_bounds found within bounds


def strict_iso_date(value: Optional[str], name: str = "date") -> Optional[date]:
    """A command-line date: exactly ``YYYY-MM-DD`` (None passes); raises :class:`BoundsError`
    for any other form (``01/02/2023``, ``2013/02/01``, ``2023-1-5``) instead of guessing."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    if not _ISO.fullmatch(text):
        raise BoundsError(f"{name} must be a date YYYY-MM-DD, got {value!r}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BoundsError(f"{name} is not a calendar date: {value!r}") from None
