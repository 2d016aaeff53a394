"""check_text's fast path (marsad.io.ingest): the Arabic letters counted on the head of the text
first, the rest only when the head does not decide; the verdict and the error must be those of
counting the whole text."""
from __future__ import annotations

import re
from typing import Optional

import pytest

from marsad.errors import InputError
from marsad.io.ingest import IngestOptions, check_text

_ARABIC = re.compile(r"[\u0621-\u064A\u066E-\u06D3\u06FA-\u06FF\u0750-\u077F\u08A0-\u08FF]+")
_LETTERS = re.compile(r"[^\W\d_]+")


def reference_verdict(text: str, options: IngestOptions) -> Optional[str]:
    """The error check_text gives (None: accepted), from the letters of the whole text."""
    try:
        check_text(text, options)
    except InputError as exc:
        if not str(exc).startswith(("no Arabic text", "too short")):
            return str(exc)
    arabic = sum(map(len, _ARABIC.findall(text)))
    if arabic >= options.min_arabic_letters and arabic >= options.min_arabic_share * len(text):
        return None
    letters = sum(map(len, _LETTERS.findall(text)))
    if not arabic or arabic < options.min_arabic_share * letters:
        return (f"no Arabic text: {arabic} Arabic letter(s) of {letters} letter(s) "
                f"(need at least {options.min_arabic_letters} and {options.min_arabic_share:.0%})")
    if arabic < options.min_arabic_letters:
        return (f"too short: {arabic} Arabic letter(s) (need at least {options.min_arabic_letters}, "
                f"setting ingest.min_arabic_letters)")
    return None


def verdict(text: str, options: IngestOptions) -> Optional[str]:
    try:
        check_text(text, options)
    except InputError as exc:
        return str(exc)
    return None


ARABIC = "قصفت الطائرات مواقع في ريف المدينة الشمالي صباح الأحد. "
LATIN = "The statement was published on the ministry website today. "
TEXTS = [
    ARABIC * 10,
    ARABIC,
    "قصف عنيف",  # too few letters
    LATIN * 10 + ARABIC,  # Arabic only at the end: the head does not decide
    ARABIC + LATIN * 10,  # Arabic only at the start: too little of it
    LATIN * 3 + ARABIC * 3,
    ARABIC * 3 + LATIN * 3,
    "12345 " * 40 + ARABIC * 2,  # digits and spaces first
    ARABIC * 2 + "-" * 400,  # punctuation after: letters share decides
    "-" * 400 + ARABIC * 2,
    "ـ" * 50 + ARABIC,  # tatweel is an Arabic letter of the class
    "Ù…Ø±Ø­Ø¨Ø§ " * 30,  # mojibake of Arabic
]
OPTIONS = [IngestOptions(), IngestOptions(min_arabic_letters=200), IngestOptions(min_arabic_share=0.9),
           IngestOptions(min_arabic_letters=0, min_arabic_share=0.0)]


@pytest.mark.parametrize("options", OPTIONS)
@pytest.mark.parametrize("text", TEXTS)
def test_check_text_as_counting_the_whole_text(text, options):
    assert verdict(text, options) == reference_verdict(text, options)


def test_check_text_refuses_text_with_too_little_arabic():
    assert verdict(LATIN * 10 + ARABIC, IngestOptions()).startswith("no Arabic text")
    assert verdict(ARABIC * 10, IngestOptions()) is None
