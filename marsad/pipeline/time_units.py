"""Units of time ("ساعات", "يومين", "أسبوع", ...), folded: the "منذ/قبل" units of the dates stage,
which the fatalities stage also reads (a number before a unit of time counts no dead). A module of
its own so that numbers does not import dates (dates imports numbers for its number words)."""
from __future__ import annotations

import functools

from ..resources import read_yaml
from ..text import fold


@functools.lru_cache(maxsize=1)
def time_unit_words() -> frozenset[str]:
    """Folded words for units of time ("ساعات", "يومين", "أسبوع", ...): the "منذ/قبل" units."""
    units = read_yaml("relative_dates.yaml")["ago_units"]
    return frozenset(fold(str(w)).strip() for u in units for number in ("singular", "plural", "dual") for w in u[number])
