"""Events step 4, the date of a candidate: the sentence's date mention nearest the trigger, "now",
the last recent date written before it, or the publication date. A day span ("منذ الخميس",
"لليوم الثاني على التوالي") dates a report on each of its days (codebook section 1).
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple, Optional

from ...document import DateMention, Trigger
from .context import Context, SentenceSpans

# How far a present-tense verb ("تجري", "تدور") may stand from the trigger it dates to publication.
ONGOING_REACH = 30


class EventDate(NamedTuple):
    day: Optional[date]
    time_precision: int
    explicit: bool  # the sentence itself gave the date
    first: Optional[date] = None  # a day span: its first day (``day`` is its last)

    def days(self) -> list[Optional[date]]:
        """Every day the report covers: the days of a span, else the one day."""
        if self.first is None or self.day is None or self.first > self.day:
            return [self.day]
        return [self.first + timedelta(days=k) for k in range((self.day - self.first).days + 1)]


def event_date(
    ctx: Context, ss: SentenceSpans, trig: Trigger, last_date: Optional[DateMention]
) -> EventDate:
    """The date of a report whose first trigger is ``trig``."""
    usable = [d for d in ss.dates if d.time_precision < 4 and d.kind not in ("future", "since")]
    if usable:
        best = min(usable, key=lambda d: abs(d.start - trig.start) * (1.0 if d.start >= trig.start else 1.2))
        if best.value is not None:
            return EventDate(best.value, best.time_precision, True, best.first if best.kind == "span" else None)
    published = ctx.doc.published
    background = any(c.cls == "background" and c.start < trig.start for c in ss.cues)
    if background and published is not None:
        return EventDate(published, 2, False)
    if published is not None and any(c.cls == "ongoing" and abs(c.start - trig.start) <= ONGOING_REACH for c in ss.cues):
        return EventDate(published, 1, False)  # "اشتباكات عنيفة تجري": happening as the article is written
    if last_date is not None and last_date.value is not None:
        return EventDate(last_date.value, last_date.time_precision, False)
    if published is not None:
        return EventDate(published, 1, False)
    return EventDate(None, 3, False)
