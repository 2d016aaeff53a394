"""Arabic normalisation for matching, with a map back to the original offsets.

Matching runs on a folded copy of the text (alef/hamza forms, ta marbuta, alef maqsura,
Persian letters, Arabic-Indic digits, curly quotes; tatweel, diacritics and invisible marks
deleted; ASCII lower-cased): :func:`marsad.text.fold` applied to a whole article. Folding maps a
character to one character or to nothing, so every folded index has one original index and
spans found in the folded text are reported with offsets into the original text.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..text import fold, fold_tables


@dataclass
class Normalized:
    """Folded text and, where characters were deleted, the original index of each folded one."""

    text: str
    norm: str
    offsets: list[int]  # empty when no character was deleted (identity map)
    # the other way: for each original index (and len(text)), the folded index of the first folded
    # character at or after it (empty with ``offsets``)
    inverse: list[int] = field(default_factory=list)

    def to_text(self, i: int) -> int:
        """Original offset of folded offset ``i`` (``i == len(norm)`` maps to ``len(text)``)."""
        if not self.offsets:
            return i
        return self.offsets[i]


def normalize(text: str) -> Normalized:
    """Fold ``text`` and keep the offset map (see module docstring)."""
    norm = fold(text)
    if len(norm) == len(text):
        return Normalized(text, norm, [])
    # the offset map, built from the runs of kept characters between deleted ones (a list
    # comprehension over every character costs twice as much on long articles), copied as slices of one
    # shared list of the integers: the maps of an article are thousands of integers past the 256 that
    # Python keeps made, and a slice copies the made ones instead of making (and later freeing) each
    # (a text longer than any article section is mapped from a range, as the list is kept for the run)
    ints = _integers(len(text) + 1) if len(text) < _SHARED_INTEGERS_MAX else range(len(text) + 1)
    offsets: list[int] = []
    inverse: list[int] = []
    start = 0
    shift = 0  # characters deleted before ``start``
    for m in _deleted_pattern().finditer(text):
        a, b = m.span()
        offsets += ints[start:a]
        inverse += ints[start - shift:a - shift]
        inverse += [ints[a - shift]] * (b - a)  # a deleted character: the folded one after it
        shift += b - a
        start = b
    offsets += ints[start:len(text) + 1]
    inverse += ints[start - shift:len(text) - shift + 1]
    return Normalized(text, norm, offsets, inverse)


#: 0, 1, 2, ...: the integers the offset maps are sliced from (grown to the longest text seen; replaced,
#: never changed in place, so that a thread reading it never sees a half-grown list)
_INTEGERS: list[int] = []
#: texts this long or longer are mapped without :data:`_INTEGERS` (a bound on the memory it keeps)
_SHARED_INTEGERS_MAX = 200_000


def _integers(n: int) -> list[int]:
    """:data:`_INTEGERS`, holding at least ``0 .. n - 1``."""
    global _INTEGERS
    ints = _INTEGERS
    if len(ints) < n:
        # a new list, swapped in with one assignment: extending the shared one in place could interleave
        # with another thread's extension and leave integers twice (every later map wrong, silently).
        # Grown by at least half, so that ever longer texts do not grow it each time.
        ints = list(range(max(n, len(ints) + len(ints) // 2)))
        _INTEGERS = ints
    return ints


@functools.lru_cache(maxsize=1)
def _deleted_pattern() -> "re.Pattern[str]":
    _, deleted = fold_tables()
    # a run of them, written [..][..]*, not [..]+: a pattern that opens with a character class lets the
    # regex engine skip to the deleted characters (the same runs, found in a third of the time)
    chars = "[" + "".join(re.escape(c) for c in sorted(deleted)) + "]"
    return re.compile(chars + chars + "*")
