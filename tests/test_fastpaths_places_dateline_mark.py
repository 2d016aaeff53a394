"""The dateline's quick test (:func:`_has_dateline_mark`, an ``in`` test per mark) says what the regex class
it replaced says (the class of the marks that close a dateline, kept here as the reference), on Arabic
openings, edge cases and every character."""
from __future__ import annotations

import re

import pytest

from marsad.pipeline.places import _DATELINE_DASHES, _has_dateline_mark

_DATELINE_MARK = re.compile(rf"[({_DATELINE_DASHES}]")  # the search the quick test replaced


@pytest.mark.parametrize("text", [
    "بيروت (أ ف ب) - قتل",
    "دمشق - سانا",
    "حلب: قصف",
    "حمص/ قتل",
    "حماة ـ قتل",  # a tatweel
    "درعا — قتل",  # an em dash
    "إدلب – قتل",  # an en dash
    "قال ناشطون إن الطائرات قصفت البلدة",  # none
    "قتل ٥ أشخاص، بينهم نساء.",  # Arabic comma and full stop: no mark
    "دير الزور «خاص»",  # guillemets: no mark
    ")",  # a closing bracket is no mark
    "",
    "(",
    "a-b",
    "x" * 199 + "/",  # the mark as the last character of the slice
    "\n\nحلب - قتل",
])
def test_dateline_mark_phrases(text):
    assert _has_dateline_mark(text) is (_DATELINE_MARK.search(text) is not None)


def test_dateline_mark_every_character():
    marks = {ch for ch in map(chr, range(0x10000)) if _DATELINE_MARK.fullmatch(ch)}
    assert marks == {"(", "-", "–", "—", "ـ", ":", "/"}
    assert all(_has_dateline_mark("قبل " + ch + " بعد") for ch in marks)
    assert not any(_has_dateline_mark(ch) for ch in map(chr, range(0x10000)) if ch not in marks)
