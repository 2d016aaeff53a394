"""Numbers stage (codebook section 5): figures in digits, words, approximate words and duals."""
import re
from datetime import date

import pytest

from marsad.pipeline.dates import find_dates
from marsad.document import Article, Document
from marsad.pipeline.normalize import normalize
from marsad.text import fold
from marsad.pipeline.numbers import find_numbers, parse_number


def numbers_of(text: str) -> Document:
    doc = Document.from_article(Article(id="t", text=text, published=date(2023, 1, 25)))
    n = normalize(text)
    doc.norm, doc.norm_offsets = n.norm, n.offsets
    return find_numbers(find_dates(doc))


# (text, value, approximate)
NUMBERS = [
    ("25", 25, False),
    ("1,200", 1200, False),
    ("١٢٠٠", 1200, False),
    ("٢٦", 26, False),
    ("١٬٢٠٠", 1200, False),
    ("واحد", 1, False),
    ("واحدة", 1, False),
    ("اثنان", 2, False),
    ("اثنين", 2, False),
    ("ثلاث", 3, False),
    ("ثلاثة", 3, False),
    ("ثلاثه", 3, False),
    ("أربعة", 4, False),
    ("خمس", 5, False),
    ("ست", 6, False),
    ("ستة", 6, False),
    ("سبعة", 7, False),
    ("ثماني", 8, False),
    ("ثمانية", 8, False),
    ("تسعة", 9, False),
    ("عشرة", 10, False),
    ("عشر", 10, False),
    ("أحد عشر", 11, False),
    ("إحدى عشرة", 11, False),
    ("اثنا عشر", 12, False),
    ("اثني عشر", 12, False),
    ("ثلاثة عشر", 13, False),
    ("ثلاث عشرة", 13, False),
    ("تسعة عشر", 19, False),
    ("عشرين", 20, False),
    ("ثلاثين", 30, False),
    ("ثلاثون", 30, False),
    ("خمسة وعشرين", 25, False),
    ("خمسة و عشرين", 25, False),
    ("ثمانية وثلاثون", 38, False),
    ("واحد وأربعين", 41, False),
    ("تسعين", 90, False),
    ("مئة", 100, False),
    ("مائة", 100, False),
    ("مئتين", 200, False),
    ("مائتي", 200, False),
    ("ثلاثمائة", 300, False),
    ("ثلاث مئة", 300, False),
    ("خمسمئة وخمسين", 550, False),
    ("مئة وخمسة وعشرين", 125, False),
    ("ألف", 1000, False),
    ("ألفين", 2000, False),
    ("ألفي", 2000, False),  # a dual construct: "نحو ألفي مواطن" (was read as 1, from "ألف" + a suffix)
    ("ثلاثة آلاف", 3000, False),
    ("ألف ومئتين", 1200, False),
    ("70 ألف", 70000, False),
    ("50 ألفا و570", 50570, False),
    ("عشرات", 12, True),
    ("العشرات", 12, True),
    ("مئات", 100, True),
    ("المئات", 100, True),
    ("عدة", 3, True),
    ("عدد من", 3, True),
    ("عدداً من", 3, True),
    ("بضعة", 3, True),
    ("العديد من", 3, True),
    ("قتيلين", 2, False),
    ("شخصين", 2, False),
    ("جنديين", 2, False),
    ("طفلان", 2, False),
    ("مسلحان", 2, False),
]


@pytest.mark.parametrize("text, value, approximate", NUMBERS)
def test_number(text, value, approximate):
    doc = numbers_of(f"وقال المصدر إن {text} سقطوا هناك")
    assert [(n.value, n.approximate) for n in doc.numbers] == [(value, approximate)]
    n = doc.numbers[0]
    assert doc.text[n.start : n.end] == n.text


@pytest.mark.parametrize(
    "text, span",
    [("وثمانية من مقاتلي داعش", "ثمانية"), ("بثلاثة صواريخ", "ثلاثة"), ("لخمسة أيام", "خمسة"), ("و25 جريحا", "25")],
)
def test_clitics_are_not_part_of_the_number(text, span):
    doc = numbers_of(text)
    assert [n.text for n in doc.numbers] == [span]


@pytest.mark.parametrize(
    "text, value",
    [
        ("خلف الحادث ما لا يقل عن خمسين جريحا", 50),
        ("قتل أكثر من 200 شخص", 200),
        ("قتل 25 مقاتلاً على الأقل", 25),
        ("قتل 18 عنصراً من الفصائل المسلحة على الأقل", 18),
        ("قتل على الأقل 5 أشخاص", 5),
        ("ما يزيد على مئة قتيل", 100),
    ],
)
def test_at_least(text, value):
    doc = numbers_of(text)
    assert [(n.value, n.at_least) for n in doc.numbers] == [(value, True)]


def test_at_least_does_not_reach_past_the_clause():
    doc = numbers_of("قتل 5 أشخاص، وأصيب 10 على الأقل")
    assert [(n.value, n.at_least) for n in doc.numbers] == [(5, False), (10, True)]


@pytest.mark.parametrize(
    "text",
    [
        "لست أدري",  # "ل" + "ست" is "I am not"
        "على بعد 3.5 كيلومتر",  # decimals are not counts
        "يوم الاثنين",  # a weekday, not "two"
        "للمرة الثالثة",  # ordinal
        "في 26 كانون الأول",  # part of a date
        "منذ ثلاثة أيام",  # part of a date
        "في 15/08/2015",
        "أحد القادة",  # "one of", not a count
    ],
)
def test_not_a_count(text):
    assert numbers_of(text).numbers == []


def test_dual_said_again_is_one_figure():
    doc = numbers_of("قتل شخصين اثنين")
    assert [n.value for n in doc.numbers] == [2]


@pytest.mark.parametrize(
    "text, value",
    [("خمسه وعشرين", 25), ("ثلاثه الاف", 3000), ("1,200", 1200), ("3.5", None), ("كلمة", None), ("عشرات", 12)],
)
def test_parse_number(text, value):
    assert parse_number(fold(text)) == value


@pytest.mark.parametrize("text", ["²", "5²", "١²", "3.5"])
def test_superscripts_and_decimals_are_no_counts(text):
    """Regression (found by the fuzz suite): a superscript is a digit to str.isdigit but not to int()."""
    assert parse_number(text) is None


# A toy grammar for the anchored search: "مارس" with up to two words before it, or digits.
_TOY = re.compile(r"(?:(?:في|منتصف|وفي)\s+)*مارس(?!\w)|\d+")


@pytest.mark.parametrize(
    "text",
    [
        "وقع الهجوم في منتصف مارس الماضي",  # words before the anchor open the match
        "وقع الهجوم وفي مارس",  # an initial word after a clitic
        "قال في بيان مارس",  # "بيان" cannot open a match: the match starts at the anchor
        "ومارس الضغط",  # the anchor after a clitic
        "يمارس الضغط",  # inside a word: no match
        "الكتاب12 و 7 و2023",  # digits glued to a long word are tried at the digits
        "مارس مارس12 في مارس",
        "",
    ],
)
def test_anchored_regex_finds_what_the_regex_finds(text):
    from marsad.pipeline.numbers import AnchoredRegex

    finder = AnchoredRegex(_TOY, {"مارس": 2}, digit_back=0, initial_words={"في", "منتصف"})
    assert [m.span() for m in finder.finditer(text)] == [m.span() for m in _TOY.finditer(text)]


def test_anchored_regex_looks_back_only_as_many_words_as_the_anchor_allows():
    from marsad.pipeline.numbers import AnchoredRegex

    finder = AnchoredRegex(_TOY, {"مارس": 2}, digit_back=0, initial_words={"في", "منتصف"})
    assert [m.span() for m in finder.finditer("في في في في مارس")] == [(6, 16)]


def _random_phrases(rng, alphabet="abc", max_words=3):
    words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 8))]
    return {" ".join(rng.choice(words) for _ in range(rng.randint(1, max_words))) for _ in range(rng.randint(1, 10))}


# what may follow an alternation in a grammar: nothing, or text that makes the engine come back to it
_CONTINUATIONS = ["", r"\s+c", r"(?:\s+b)?\s*a", r"\s*(?P<tail>a+|b)"]


@pytest.mark.parametrize("seed", range(40))
def test_trie_alternation_matches_like_the_flat_one(seed):
    """The trie form of an alternation gives the same match (span and groups) as the flat one, longest
    first, at every position of random texts, whatever follows it in the pattern."""
    import random

    from marsad.pipeline.numbers import alternation, flat_alternation

    rng = random.Random(seed)
    phrases = _random_phrases(rng)
    for cont in _CONTINUATIONS:
        trie = re.compile(alternation(phrases) + cont)
        flat = re.compile(flat_alternation(phrases) + cont)
        for _ in range(30):
            text = "".join(rng.choice("abc  \n-") for _ in range(rng.randint(0, 14)))
            for pos in range(len(text) + 1):
                t, f = trie.match(text, pos), flat.match(text, pos)
                assert (t and (t.span(), t.groupdict())) == (f and (f.span(), f.groupdict())), (phrases, cont, text, pos)


@pytest.mark.parametrize(
    "phrases, pattern",
    [
        (["قبل", "قبلها", "منتصف ليل", "منتصف", "من"], r"(?:(?:قبل(?:ها)?|من(?:تصف(?:\s+ليل)?)?))(?!\w)"),
        (["ثلاثة"], r"(?:ثلاثة)(?!\w)"),
        (["a", "a  b"], r"(?:a\s+b|a)(?!\w)"),  # a phrase with extra spaces: the flat form
    ],
)
def test_alternation_pattern(phrases, pattern):
    from marsad.pipeline.numbers import alternation

    assert alternation(phrases) == pattern
