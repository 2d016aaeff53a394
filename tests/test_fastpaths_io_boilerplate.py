"""The fast paths of boilerplate removal (marsad.io.ingest) against the reference behaviour:
a line's key tested only against the patterns its first character and needles allow
(:func:`pattern_prefilter`), and the text folded once instead of line by line."""
from __future__ import annotations

import re

import pytest

from marsad.io.ingest import (
    STRIP_CHARS,
    BoilerplateRules,
    boilerplate_rules,
    pattern_prefilter,
    remove_boilerplate,
)
from marsad.text import fold


def reference_is_boilerplate(rules: BoilerplateRules, line: str) -> bool:
    """The rule as written: the whole key against every phrase and every pattern."""
    if len(line) > rules.max_line_chars:
        return False
    key = " ".join(fold(line).split()).strip(STRIP_CHARS)
    if not key:
        return len(line.strip()) >= 3
    return key in rules.phrases or any(p.fullmatch(key) is not None for p in rules.patterns)


def reference_remove(text: str, rules: BoilerplateRules) -> tuple[str, int]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    kept = [line for line in lines if not reference_is_boilerplate(rules, line)]
    removed = len(lines) - len(kept)
    cleaned = re.sub(r"\n[ \t\u00a0]*(?:\n[ \t\u00a0]*)+\n", "\n\n", "\n".join(kept)) if removed else text
    return cleaned.strip(), removed


BOILERPLATE = [
    # boilerplate of each kind of row
    "إقرأ أيضاً: مقتل ثلاثة عناصر في انفجار عبوة بريف المدينة",
    "تابعونا على قناتنا في تلغرام",
    "تابعوا آخر الأخبار عبر موقعنا",
    "شارك هذا الخبر على فيسبوك",
    "مشاركة: واتساب تويتر",
    "فيسبوك | تويتر | واتساب",
    "facebook twitter whatsapp",
    "الرابط المختصر: https://example.org/x1",
    "رابط الخبر بموقع الأنباء: عنوان خبر قديم عن المعارك",
    "سمات الجيش الحدود القصف",
    "جميع الحقوق محفوظة لموقع الأخبار 2021",
    "موقع الأخبار اليومية جميع الحقوق محفوظة",
    "© 2020 وكالة الأنباء",
    "copyright news site",
    "جريدة المساء copyright 2019 كل شيء",
    "Copyright 2018 Some Agency",
    "سوق المدينة القديمة - أرشيفية",
    "جسر النهر — صورة أرشيفية",
    "الوسوم: قصف، حدود، جيش",
    "Tags: war",
    "اشترك في النشرة البريدية اليومية",
    "انقر هنا لمتابعة البث",
    "اظهر المزيد",
    "  شارك  ",
    "-----",
]

LINES = BOILERPLATE + [
    "__",
    "(c) news site",  # "(" is trimmed before the patterns see the key
    ".",
    "",
    "   ",
    # article text that starts like boilerplate or holds its words
    "اقرأ التقرير كاملا لتعرف ما جرى في القرية أمس",
    "تابع الجيش تقدمه نحو البلدة الواقعة شرق النهر",
    "شارك مئات المتظاهرين في مسيرة وسط المدينة",
    "قال المتحدث إن جميع الحقوق محفوظة للضحايا وذويهم في محاكمة عادلة وشفافة بعد انتهاء التحقيق",
    "وأفاد مراسلنا بأن الصورة الأرشيفية لا تعود للحادثة",
    "سمات",
    "الرابط بين الحادثين غير واضح بعد، حسب مصدر أمني",
    "أعلنت وزارة الدفاع مقتل جنديين في هجوم على نقطة عسكرية قرب الحدود",
    "انفجرت سيارة مفخخة في سوق شعبي صباح اليوم ما أدى إلى سقوط ضحايا",
    "x",
    "© ",
    "ــــــ",  # tatweel only: folds to nothing
    "أ" * 301,
    "مقتل مدني " * 31,
]


@pytest.mark.parametrize("line", LINES)
def test_is_boilerplate_matches_every_pattern_tried(line):
    rules = boilerplate_rules()
    assert rules.is_boilerplate(line) is reference_is_boilerplate(rules, line)


@pytest.mark.parametrize("line", BOILERPLATE)
def test_boilerplate_rows_are_found(line):
    # the boilerplate lines of LINES stay boilerplate (the table above is not vacuous)
    assert boilerplate_rules().is_boilerplate(line)


@pytest.mark.parametrize("text", [
    "\n".join(LINES),
    "\r\n".join(LINES[::-1]),
    "سطر من الخبر\rاظهر المزيد\r\n\r\n\r\nسطر ثان من الخبر",
    "سطر وحيد بلا شيء يزال",
    "\u200fشارك\u200f\nخبر عن قصف مدفعي على\u00a0القرية\n\n\n© 2022",
])
def test_remove_boilerplate_as_line_by_line(text):
    rules = boilerplate_rules()
    assert remove_boilerplate(text, rules) == reference_remove(text, rules)


PATTERNS = [r"(?:ab|cd)x.*", r".{0,5}(foo|bar)", r"[^a]bc", r"\bfoo\s+bar", r"(x)?yz", r"a*b+c",
            r"(?:q|)r", r"[a-c]{2,}z", r"\d+ km", r".*", r"(?i)abc", r"(?i:abc)d", r"(ab|c)(?=d)d"]
TEXTS = ["abx", "cdx!", "foo", "12foo", "123456bar", "xbc", "abc", "foo  bar", "xyz", "yz", "bc", "aabbc",
         "r", "qr", "abz", "ccz", "12 km", "ABC", "ABCd", "abd", "cd", "", "zzz"]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_pattern_prefilter_never_rejects_a_match(pattern):
    compiled = re.compile(pattern)
    first, needles = pattern_prefilter(compiled)
    for text in TEXTS:
        if text and compiled.fullmatch(text):
            assert first is None or text[0] in first, (pattern, text)
            assert needles is None or any(n in text for n in needles), (pattern, text)


@pytest.mark.parametrize("pattern, first, needles", [
    (r"(?:ab|cd)x.*", {"a", "c"}, None),
    (r".{0,5}(foo|bar)", None, ("bar", "foo")),
    (r"(x)?yz", {"x", "y"}, ("yz",)),
    (r"(?i)abc", None, None),
    (r".*", None, None),
])
def test_pattern_prefilter_reads_the_pattern(pattern, first, needles):
    got_first, got_needles = pattern_prefilter(re.compile(pattern))
    assert (None if got_first is None else set(got_first)) == first
    if needles is not None:
        assert got_needles == needles
    elif first is None:
        assert got_needles is None


@pytest.mark.parametrize("text", [
    "  \u00a0\nخبرٌ عن قصفٍ مدفعيّ على القرية " * 12 + " \n\u00a0 ",
    "\u200f  " + "قُتل ثلاثة مدنيين في انفجار لغم أرضي " * 10 + "\u200e  ",
    "\ufeff" + "مقتل جندي في هجوم على حاجز للجيش " * 8,
    "ـــ" + "أُصيب خمسة أشخاص بجروح " * 12 + "\t\n",
])
def test_remembered_fold_is_the_fold_of_the_cleaned_text(text):
    from marsad.pipeline.normalize import normalize
    from marsad.text import fold_by_replace, fold_replacements

    cleaned, removed = remove_boilerplate(text)
    assert removed == 0
    table = {ord(c): to for c, to in fold_replacements()}
    copy = "".join(list(cleaned))  # an equal text, another object: folded from scratch
    assert copy is not cleaned
    assert fold_by_replace(cleaned) == cleaned.translate(table) == fold_by_replace(copy)
    assert normalize(cleaned).norm == normalize(copy).norm  # the normalize stage reads the remembered fold
