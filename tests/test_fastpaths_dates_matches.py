"""Fast paths of the dates stage: the run-of-letters set of ``AnchoredRegex`` (one lookup for a word of the
regex's vocabulary bare, after a clitic or after a glued joiner), the readers that take groups straight
from the match, and the fewer words a text is scanned for before the span and "غداة" searches."""
from datetime import date

import pytest

from marsad.document import Article, Document
from marsad.pipeline.dates import date_lexicon, find_dates, least_substrings
from marsad.pipeline.normalize import normalize
from marsad.pipeline.sentences import split_sentences
from marsad.resources import read_yaml
from marsad.text import fold

PUB = date(2023, 1, 25)  # a Wednesday


def dates_of(text: str) -> list[tuple]:
    doc = Document.from_article(Article(id="t", text=text, published=PUB))
    n = normalize(text)
    doc.norm, doc.norm_offsets = n.norm, n.offsets
    return [(m.text, m.value.isoformat() if m.value else None, m.kind, m.time_precision)
            for m in find_dates(split_sentences(doc)).dates]


def spelled_out(finder, word: str) -> bool:
    """The vocabulary test written out: bare, or a clitic or glued joiner then a word of the vocabulary."""
    vocabulary = finder.vocabulary
    return (word in vocabulary
            or any(word.startswith(c) and word[len(c):] in vocabulary for c in finder.clitics)
            or any(word.startswith(j) and word[len(j):] in vocabulary for j in finder.glued))


@pytest.mark.parametrize("word, expected", [
    ("يناير", True),
    ("ويناير", True),     # clitic "و"
    ("فامس", True),       # clitic "ف"
    ("الي", True),        # a glued joiner alone ("الي7")
    ("والعشرين", True),
    ("حتيالعشرين", True),  # joiner glued to a day in words
    ("الانسان", False),   # holds the anchor "الان", no word of the regex
    ("سيارة", False),
    ("بيناير", False),    # "ب" is no clitic of the date regex
    ("", False),
])
def test_holdable_words(word, expected):
    finder = date_lexicon().finder
    word = fold(word)
    assert finder._in_vocabulary(word) is expected
    assert spelled_out(finder, word) is expected


def test_holdable_set_is_the_spelled_out_test():
    finder = date_lexicon().finder
    probes = set(finder.vocabulary)
    for prefix in ("", "و", "ف", "ب", "ل", "وال", "الي", "حتي", "وو"):
        probes.update(prefix + w for w in list(finder.vocabulary)[:200])
        probes.update(prefix + w[1:] for w in list(finder.vocabulary)[:200])
    for word in probes:
        assert finder._in_vocabulary(word) is spelled_out(finder, word), word


@pytest.mark.parametrize("text, expected", [
    ('قتل ثلاثة في الحادي والعشرين من يناير 2022 في المدينة', [('الحادي والعشرين من يناير 2022', '2022-01-21', 'full', 1)]),
    ('وقع الانفجار في 12 ديسمبر/كانون الأول 2022 قرب السوق', [('12 ديسمبر/كانون الأول 2022', '2022-12-12', 'full', 1)]),
    ('وصلت القوات في الأسبوع الأول من يناير الماضي الى البلدة', [('الأسبوع الأول من يناير الماضي', '2022-01-04', 'week', 2)]),
    ('تجدد القصف في منتصف شهر ديسمبر الماضي', [('منتصف شهر ديسمبر الماضي', '2022-12-15', 'month', 3)]),
    ('سقط صاروخ في 5 من الشهر الجاري على الحي', [('5 من الشهر الجاري', '2023-01-05', 'day_month', 1)]),
    ('هاجم مسلحون القرية قبل ثلاثة أيام', [('قبل ثلاثة أيام', '2023-01-22', 'ago', 1)]),
    ('قصفت الطائرات البلدة مساء أمس الثلاثاء', [('مساء أمس الثلاثاء', '2023-01-24', 'yesterday', 1)]),
    ('اندلعت الاشتباكات ليل الأحد-الاثنين في الريف', [('ليل الأحد-الاثنين', '2023-01-22', 'night', 1)]),
    ('اعتقلت الشرطة رجلين الخميس الماضي', [('الخميس الماضي', '2023-01-19', 'weekday', 1)]),
    ('التقى الوزير في بغداد اليوم بالسفير', []),
    ('زار الانسان المدينة في 3 يناير', [('3 يناير', '2023-01-03', 'day_month', 1)]),
    ('وتستمر المعارك من 10 الى15 يناير', [('10 الى15 يناير', '2023-01-10', 'day_month', 1)]),
    ('تجمع المحتجون فأمس خرجوا الى الشارع', [('أمس', '2023-01-24', 'yesterday', 1)]),
    ('في 20 يناير 2021 وحتي 22 يناير 2021 استمر القتال', [('20 يناير 2021 وحتي 22 يناير 2021', '2021-01-22', 'span', 1)]),
    ('وقعت المواجهات والعشرين من يناير', [('العشرين من يناير', '2023-01-20', 'day_month', 1)]),
])
def test_dates_read_from_the_match_groups(text, expected):
    assert dates_of(text) == expected


@pytest.mark.parametrize("words, expected", [
    (["لليوم", "يومها", "يومه", "بيومها", "بيومه"], ("لليوم", "يومه")),
    (["يومه", "يومه"], ("يومه",)),  # a word given twice is kept once, not dropped for holding itself
    (["غداه"], ("غداه",)),
    (["ab", "b", "ca"], ("b", "ca")),
    ([], ()),
])
def test_least_substrings(words, expected):
    assert least_substrings(words) == expected


@pytest.mark.parametrize("text", [
    "لليوم الثالث على التوالي تستمر الاحتجاجات",
    "في يومها الثالث تواصلت الاحتجاجات",
    "بيومها الرابع دخل الاضراب مرحلة جديدة",
    "غداة الهجوم على الحاجز الثلاثاء",
    "قالت الشرطة إن يوم الاثنين كان هادئا",
    "الاحتجاجات مستمرة منذ الأحد",
])
def test_scanned_words_find_what_all_words_find(text):
    lex = date_lexicon()
    norm = normalize(text).norm
    data = read_yaml("relative_dates.yaml")
    for scanned, listed in ((lex.span_words, data["span_day_words"]), (lex.day_before_words, data["day_before_words"])):
        assert any(w in norm for w in scanned) is any(fold(w) in norm for w in listed)
