"""The runs of digits of the last text searched are kept once for every anchored finder: the dates
stage's finder (a subclass, :class:`marsad.pipeline.dates.DateFinder`) and the numbers stage's finder
read one scan of an article, and the starts are those of a plain search for ``\\d+``."""
import re

import pytest

from marsad.pipeline.dates import date_lexicon
from marsad.pipeline.numbers import AnchoredRegex, number_lexicon
from marsad.text import fold

PHRASES = [
    "قتل 5 أشخاص وأصيب 20 آخرون في 15 مارس 2015",
    "في 21/1/2013 و2015-08-15 سقط 1,200 قتيل",
    "الـ26 من الشهر وال26 و3.5 كلم",
    "لا أرقام هنا",
    "",
    "١٢ قتيلا و٣ جرحى",
    "123456789 0 00 7",
]


class _CountingDigits:
    """Stands for the digit regex, counting the scans."""

    def __init__(self):
        self.scans = 0

    def finditer(self, text):
        self.scans += 1
        return re.finditer(r"\d\d*", text)


@pytest.mark.parametrize("phrase", PHRASES)
def test_dates_and_numbers_share_one_scan(phrase, monkeypatch):
    counter = _CountingDigits()
    monkeypatch.setattr(AnchoredRegex, "_DIGITS", counter)
    monkeypatch.setattr(AnchoredRegex, "_last_digits", ("", []))
    text = fold(phrase) + " "  # (a text of its own: not the one the cache may hold)
    list(date_lexicon().finder.finditer(text))
    list(number_lexicon().finder.finditer(text))
    assert counter.scans == 1


@pytest.mark.parametrize("phrase", PHRASES)
def test_digit_starts_are_those_of_a_plain_search(phrase):
    text = fold(phrase)
    expected = [m.start() for m in re.finditer(r"\d+", text)]
    for finder in (date_lexicon().finder, number_lexicon().finder):
        assert finder._digit_starts(text) == expected
        assert finder._digit_starts(text) == expected  # (the second time from the cache)
