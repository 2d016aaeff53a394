"""Events step 4, the date of a candidate: the sentence's date mention nearest the trigger, "now",
the last recent date written before it, or the publication date.
"""
from __future__ import annotations

from datetime import date
from typing import Optional

from ...document import DateMention, Trigger
from .context import Context, SentenceSpans

# How far a present-tense verb ("تجري", "تدور") may stand from the trigger it dates to publication.
ONGOING_REACH = 30


def event_date(
    ctx: Context, ss: SentenceSpans, trig: Trigger, last_date: Optional[DateMention]
) -> tuple[Optional[date], int, bool]:
    """(date, time precision, whether the sentence itself gave the date)."""
    usable = [d for d in ss.dates if d.time_precision < 4 and d.kind != "future"]
    if usable:
        best = min(usable, key=lambda d: abs(d.start - trig.start) * (1.0 if d.start >= trig.start else 1.2))
        if best.value is not None:
            return best.value, best.time_precision, True
    published = ctx.doc.published
    background = any(c.cls == "background" and c.start < trig.start for c in ss.cues)
    if background and published is not None:
        return published, 2, False
    if published is not None and any(c.cls == "ongoing" and abs(c.start - trig.start) <= ONGOING_REACH for c in ss.cues):
        return published, 1, False  # "اشتباكات عنيفة تجري": happening as the article is written
    if last_date is not None and last_date.value is not None:
        return last_date.value, last_date.time_precision, False
    if published is not None:
        return published, 1, False
    return None, 3, False
