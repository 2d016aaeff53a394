"""Fast path of the dates stage: at a run of digits, :class:`PartedRegex` leaves out the parts that open with
digits whose :class:`DigitTail` the digits and the word after them do not fit ("15 قتيلا" tries no date
part). Its ``match`` must stay the combined regex's ``match`` (the reference: the alternation compiled whole),
at every position, and no part that matches may be left out."""
import pytest

from marsad.pipeline.dates import DigitTail, date_lexicon
from marsad.pipeline.normalize import normalize

# digits before month names, joiners, the words of the day of this month, numeric dates, and before the
# words of counts and other things that open no date; glued, spaced, at the end of a text
PHRASES = [
    "15 مايو", "15مايو", "15 من مايو", "15 شهر مايو", "15 من شهر أيار 2015", "26 كانون الأول", "26 كانون",
    "5 الي7 مايو", "5 إلى 7 مايو", "5-7 مايو", "5 - 7 مايو", "5 و6 مايو", "5 والعشرين من مايو", "5 حتى 7 مايو",
    "12 من الشهر الجاري", "5 الجاري", "12 الشهر الماضي", "الأسبوع 12 الجاري", "و5 الجاري", "ف12 مايو",
    "15-8-2015", "21/1/2013", "3.5.2016", "21 / 1 / 2013", "2015-08-15", "1999-1-2", "2015 - 08 - 15",
    "15 قتيلا", "15 مسلحا", "2015", "عام 2015", "في 2015", "150 مايو", "015 مايو", "123/4/2015", "32 مايو",
    "00 مايو", "15.", "15,5 مايو", "15/", "15", "1", "15 ", "15 (مايو)", "15 م", "2015م", "15 مايوكم",
    "15 منذ", "15 من", "15 وقتل", "15 الياس", "15 حتىالسابع", "15\nمايو", "٢٠٢٢-٠٨-١٥", "١٥ مايو",
    "15 ٣ مايو", "x15 مايو", "15x مايو", "و15", "و15 قتيلا", "ال15 مايو", "ال 15 مايو", "وال15 مايو",
]


def described(m):
    return None if m is None else (m.span(), m.lastgroup, {k: v for k, v in m.groupdict().items() if v is not None})


@pytest.mark.parametrize("phrase", PHRASES)
def test_digit_tails_keep_the_whole_regex_match(phrase):
    grammar = date_lexicon().grammar
    for text in (phrase, f"وقال المصدر إن {phrase} في المدينة."):
        norm = normalize(text).norm
        for pos in range(len(norm) + 1):
            assert described(grammar.match(norm, pos)) == described(grammar.regex.match(norm, pos)), (pos, norm[pos:])


@pytest.mark.parametrize("phrase", PHRASES)
def test_no_matching_part_is_left_out_at_digits(phrase):
    grammar = date_lexicon().grammar
    names = [part.pattern[4:part.pattern.index(">")] for part in grammar.parts]  # "(?P<name>..."
    norm = normalize(phrase).norm
    for pos in range(len(norm) + 1):
        m = grammar.regex.match(norm, pos)
        if m is not None:
            assert names.index(m.lastgroup) in grammar.parts_at(norm, pos), (pos, norm[pos:])


def spelled_out(tail: DigitTail, digits: int, after: str) -> bool:
    """:meth:`DigitTail.admits` written out: the length, then a mark, a word or a word opening with a prefix."""
    if digits not in tail.lengths or after == "":
        return False
    if not after[0].isalpha():
        return after in list(tail.marks)
    return after in tail.words or any(after.startswith(p) for p in tail.prefixes)


TAIL = DigitTail(frozenset({1, 2}), marks="-/", words=frozenset({"مايو", "من"}), prefixes=("و", "الي"))


@pytest.mark.parametrize("digits, after", [
    (1, "مايو"), (2, "مايو"), (3, "مايو"), (0, "مايو"), (2, "من"), (2, "منذ"), (2, "و"), (2, "والعشرين"),
    (2, "الي"), (2, "اليوم"), (2, "ال"), (2, "-"), (2, "/"), (2, "."), (2, ""), (2, "مايوكم"), (4, "-"),
])
def test_digit_tail_admits(digits, after):
    assert TAIL.admits(digits, after) is spelled_out(TAIL, digits, after)


@pytest.mark.parametrize("tail", ["مايو", "قتيلا", "والعشرين", "وقتل", "الي", "الياس", "-", "/", "", "(", "م"])
def test_tails_of_one_class_pass_the_same_tests(tail):
    """The parts kept are remembered by the class of the tail: two tails of one class pass every test alike."""
    grammar = date_lexicon().grammar
    tails = grammar._digit_tails.values()
    probes = ["مايو", "قتيلا", "والعشرين", "وقتل", "و", "الي", "الياس", "حتي", "حتيالسابع", "-", "/", ".", "",
              "(", "م", "من", "منذ", "الجاري", "الشهر", "شهر", "كانون"]
    for other in probes:
        if grammar._tail_class(other) == grammar._tail_class(tail):
            for t in tails:
                for digits in (1, 2, 3, 4, 5):
                    assert t.admits(digits, other) == t.admits(digits, tail), (tail, other, digits)
