"""Speed work on the normalize stage: the offset maps sliced from one shared list of integers are the
maps built from ranges (the code before the change, kept here as the reference)."""
import re

import pytest

from marsad.pipeline import normalize as normalize_module
from marsad.pipeline.normalize import normalize
from marsad.text import fold, fold_tables


def _maps_by_ranges(text):
    """The offset maps as the normalize stage built them before: ``extend(range(...))`` per run."""
    _, deleted = fold_tables()
    chars = "[" + "".join(re.escape(c) for c in sorted(deleted)) + "]"
    offsets, inverse = [], []
    start = shift = 0
    for m in re.finditer(chars + "+", text):
        a, b = m.span()
        offsets.extend(range(start, a))
        inverse.extend(range(start - shift, a - shift))
        inverse.extend([a - shift] * (b - a))
        shift += b - a
        start = b
    offsets.extend(range(start, len(text)))
    offsets.append(len(text))
    inverse.extend(range(start - shift, len(text) - shift + 1))
    return offsets, inverse


TEXTS = [
    "قُتِلَ ثلاثة مدنيين",
    "ـــبلدة",  # deleted characters first
    "بلدة\u200c\u200c",  # ... last
    "\u064b",  # nothing but one
    "\u064b\u064c\u0640",
    "أَ\u200fبـ ـو" * 3,
    "قصف الطيران الحربي مدينة إدلب",  # none deleted: the identity map
    "",
    "ABC قَصف",
    "\u0640" * 700 + "قتل" + "\u064e" * 3,
    ("قَتَلَ " * 400).strip(),  # a text longer than any before it: the shared list grows
]


@pytest.mark.parametrize("text", TEXTS)
def test_sliced_maps_are_the_range_maps(text):
    n = normalize(text)
    assert n.norm == fold(text)
    if len(n.norm) == len(text):
        assert n.offsets == [] and n.inverse == []
        return
    assert (n.offsets, n.inverse) == _maps_by_ranges(text)


def test_a_text_past_the_bound_is_mapped_from_a_range(monkeypatch):
    monkeypatch.setattr(normalize_module, "_SHARED_INTEGERS_MAX", 10)
    for text in TEXTS:
        n = normalize(text)
        if len(n.norm) != len(text):
            assert (n.offsets, n.inverse) == _maps_by_ranges(text)


def test_the_shared_integers_are_their_own_indices():
    normalize("\u064e" + "ب" * 5000)
    ints = normalize_module._integers(5002)
    assert len(ints) >= 5002
    assert ints == list(range(len(ints)))


def test_growing_the_shared_integers_never_changes_a_list_in_place(monkeypatch):
    """Regression: the list was extended in place, and two threads growing it at once could leave
    integers twice (every later offset map wrong, silently). A grown list is now a new list swapped in
    whole: a list a reader already holds never changes."""
    monkeypatch.setattr(normalize_module, "_INTEGERS", [])
    held = normalize_module._integers(10)
    copy = list(held)
    grown = normalize_module._integers(50_000)
    assert held == copy and grown is not held
    assert grown == list(range(len(grown))) and len(grown) >= 50_000
    text = "\u064e" + "قتل " * 3000
    assert (normalize(text).offsets, normalize(text).inverse) == _maps_by_ranges(text)
