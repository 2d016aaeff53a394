"""The anchored number and date finders skip the retry at an anchor inside a
word (after a clitic: "وثلاثة", "الاثنين", "بغداد") when the anchor opens with a letter, as no
alternative of their regexes can open at a letter that follows a letter or digit."""
import copy
import re

import pytest

from marsad.pipeline.dates import date_lexicon
from marsad.pipeline.numbers import number_lexicon
from marsad.text import fold

PHRASES = [
    "قتل ثلاثة أشخاص وأصيب خمسة آخرون",
    "وثلاثة من عناصر الأمن",
    "هجوم يوم الاثنين الماضي",
    "استهدف مسلحون حاجزا في بغداد أمس",
    "وأمس الأحد سقط 12 قتيلا",
    "في 15 مارس 2015م",
    "منذ 3 أيام وحتى الخميس",
    "بعد ظهر اليوم السبت",
    "والخامس عشر من الشهر الماضي",
    "ب5 قتلى و20 جريحا",
    "الـ15 من آذار",
    "سابقا ولاحقا وغدا",
    "استعادة السيطرة على اثنين من المواقع",
    "أحد عشر شخصا والعشرات",
    "مطلع عام 2014 وفي 21/1/2013",
    "الساعات الأخيرة والأسبوع الماضي",
]

FINDERS = {"numbers": lambda: number_lexicon().finder, "dates": lambda: date_lexicon().finder}


def _regex_internals():
    """``re``'s parser and its constants (``re._parser`` from Python 3.11, ``sre_parse`` before)."""
    try:
        from re import _constants, _parser
    except ImportError:  # Python 3.10
        import sre_constants as _constants
        import sre_parse as _parser
    return _constants, _parser


@pytest.mark.parametrize("which", sorted(FINDERS))
@pytest.mark.parametrize("phrase", PHRASES)
def test_skipped_retry_finds_the_same_matches(which, phrase):
    fast = FINDERS[which]()
    assert fast.letters_open_words
    slow = copy.copy(fast)
    slow.letters_open_words = False
    text = fold(phrase)
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in slow.finditer(text)]


@pytest.mark.parametrize("which", sorted(FINDERS))
@pytest.mark.parametrize("phrase", PHRASES)
def test_no_match_opens_at_a_letter_inside_a_word(which, phrase):
    """What makes the skip safe: at a letter after a letter or digit the regex never matches."""
    regex = FINDERS[which]().regex
    text = fold(phrase)
    for p in range(1, len(text)):
        if text[p - 1].isalnum() and not text[p].isdigit():
            assert regex.match(text, p) is None, (text[:p], text[p:])


@pytest.mark.parametrize("which", sorted(FINDERS))
def test_every_alternative_opens_with_a_word_start_or_a_digit(which):
    """The regexes' alternatives open with ``(?<!\\w)``, or with a digit (after look-behinds)."""
    c, _parser = _regex_internals()
    parsed = _parser.parse(FINDERS[which]().regex.pattern)
    assert _opens_safely(list(parsed), c)


def _opens_safely(items, c) -> bool:
    """Whether no match of ``items`` can open at a letter after a word character."""
    for op, av in items:
        if op is c.ASSERT_NOT and av[0] == -1 and list(av[1]) == [(c.IN, [(c.CATEGORY, c.CATEGORY_WORD)])]:
            return True  # (?<!\w) before anything is consumed
        if op in (c.ASSERT, c.ASSERT_NOT):
            continue  # another look-around consumes nothing
        if op is c.SUBPATTERN:
            return _opens_safely(list(av[3]), c)
        if op is c.BRANCH:
            return all(_opens_safely(list(b), c) for b in av[1])
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            return _opens_safely(list(av[2]), c)
        if op is c.IN:
            return all(o is c.CATEGORY and a is c.CATEGORY_DIGIT or o is c.LITERAL and chr(a).isdigit()
                       for o, a in av)
        if op is c.LITERAL:
            return chr(av).isdigit()
        return False
    return False


@pytest.mark.parametrize("pattern, safe", [
    (r"(?<!\w)قتل", True), (r"(?<![\d.])\d+", True), (r"(?<!\w)(?:و)?امس|(?<![/])(?:19|20)\d\d", True),
    (r"قتل", False), (r"(?:و)?(?<!\w)امس", False), (r"\d*امس", False), (r"(?<![\d])[\d\w]", False),
])
def test_opening_check(pattern, safe):
    c, _parser = _regex_internals()
    assert _opens_safely(list(_parser.parse(pattern)), c) is safe


@pytest.mark.parametrize("text", ["", "قال مصدر أمني", "وأضاف: إن 3 مسلحين_قتلوا", "سيشيع يوم الجمعة"])
def test_compiled_word_pattern_is_the_findall_one(text):
    from marsad.pipeline.dates import _WORDS
    assert _WORDS.findall(text) == re.findall(r"\w+", text)
