"""AnchoredRegex's digit openers: a word before an anchor that opens a match with digits glued to it
("ال" of "ال26"), read from data (number_words.tsv, kind day_article), not written in the code."""
import re

import pytest

from marsad.pipeline.dates import date_lexicon
from marsad.pipeline.numbers import AnchoredRegex, number_lexicon

REGEX = re.compile(r"(?<!\w)(?:ال)?\d+ مارس")


@pytest.mark.parametrize("text, openers, expected", [
    ("قتل في ال26 مارس", ("ال",), ["ال26 مارس"]),
    ("قتل في ال26 مارس", (), []),  # no opener: "ال26" opens nothing, and the anchor's own word does not match
    ("قتل في 26 مارس", (), ["26 مارس"]),  # a word of digits opens a match whatever the openers
    ("قتل في 26 مارس", ("ال",), ["26 مارس"]),
    ("قتل في الف مارس", ("ال",), []),  # "ال" with no digit after it
    ("قتل في يوم26 مارس", ("يوم",), []),  # an opener whose digits the regex does not take
])
def test_digit_openers(text, openers, expected):
    finder = AnchoredRegex(REGEX, {"مارس": 1}, initial_words=(), digit_openers=openers)
    assert [m.group() for m in finder.finditer(text)] == expected


def test_dates_take_their_digit_openers_from_the_data():
    assert date_lexicon().finder.digit_openers == number_lexicon().day_articles == ("ال",)
