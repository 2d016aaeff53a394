"""The numbers stage's matches (issue 9): :func:`find_numbers` reads a match's kind from the last group
it closes (``lastgroup``), not by asking each group in turn; the kind must be the one the groups give,
and "على الأقل" after a figure is found as the search of every phrase finds it."""
import pytest

from marsad.pipeline.numbers import _at_least_after, number_lexicon
from marsad.text import fold

TEXTS = [
    "قتل 5 أشخاص و1,200 جندي و3.5 طن و50 ألفا و2 مليون و30 ألف و500",
    "مقتل خمسة وعشرين شخصا وثلاثة آلاف وخمسمائة جندي وثلاثمائة مدني",
    "سقط عشرات القتلى ومئات الجرحى والعشرات من المدنيين وعدة أشخاص",
    "قتل طفلين ومقتل القتيلين وشخصين اثنين والمدنيين الاثنين",
    "بثلاثة ولخمسة فثمانية وبست لست بعشر الي7 5 الي 7",
    "قتل ثلاثة عشر شخصا واحد عشر طفلا وأحد عشر مقاتلا و11 آخرين",
    "ما لا يقل عن 30 شخصا قتلوا، وأكثر من عشرة على الأقل",
    "استهداف ستة مواقع ستين مرة خمسين وست وستين",
]


def _reference_group(m):
    if m.group("digits"):
        return "digits"
    return "approx" if m.group("approx") else "dual" if m.group("dual") else "words"


@pytest.mark.parametrize("text", TEXTS)
def test_lastgroup_is_the_matched_kind(text):
    lex = number_lexicon()
    norm = fold(text)
    matches = list(lex.finder.finditer(norm)) + list(lex.regex.finditer(norm))
    assert matches
    for m in matches:
        assert m.lastgroup == _reference_group(m)


def _at_least_after_reference(norm, end):
    import re
    stop = re.compile(r"[,.;:!?\n]|\d").search(norm, end, end + 80)
    window = norm[end : stop.start() if stop else end + 80]
    m = number_lexicon().at_least_after.search(window)
    return bool(m) and len(window[: m.start()].split()) <= 6


@pytest.mark.parametrize("text", TEXTS + ["قتل 5 على الاقل", "قتل 5 أشخاص في القصف على الأقل", "قتل 5 في القصف العنيف على المدينة الشمالية امس على الاقل"])
def test_at_least_after_agrees_with_the_search(text):
    norm = fold(text)
    assert [_at_least_after(norm, i) for i in range(len(norm))] == [_at_least_after_reference(norm, i)
                                                                     for i in range(len(norm))]
    assert [_at_least_after(norm, i, number_lexicon()) for i in range(len(norm))] == [
        _at_least_after_reference(norm, i) for i in range(len(norm))]


@pytest.mark.parametrize("phrase", [
    "خمسه وعشرين", "ثلاثه الاف وخمسمائه", "عشرات", "قتيلين", "1,200", "3.5", "  12 ", "ثلاثه عشر", "وثلاثه",
    "الف", "خمسه الاف", "مائه", "ثلاثمائه", "كلمه", "", "5²", "ست مائه", "احد عشر",
])
def test_cached_parse_number_agrees_with_the_computation(phrase):
    from marsad.pipeline.numbers import parse_number
    phrase = fold(phrase) if phrase.strip() else phrase
    for _ in range(2):  # (the second time from the cache)
        assert parse_number(phrase) == parse_number.__wrapped__(phrase)
