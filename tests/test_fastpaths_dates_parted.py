"""Fast path of the dates stage: :class:`PartedRegex` tries at a position only the alternatives of the date
regex that may open with the word there, each compiled on first use. Its ``match`` must be the combined
regex's ``match`` at every position of a text (the reference: the whole alternation compiled as one)."""
import pytest

from marsad.pipeline.dates import GrammarPart, PartedRegex, date_lexicon
from marsad.pipeline.normalize import normalize
from test_dates import ALL_PHRASES

# sentences around the tables' phrases, and phrases that open with a clitic, a digit glued to a word, or
# a word that opens no date (every position of each is tried)
SENTENCES = [f"وقال المصدر إن الهجوم وقع {phrase} في المدينة." for phrase in ALL_PHRASES] + [
    "وفي 26 كانون الأول 2015 وو12/3/2014 والـ19 من تشرين الثاني قصفت الطائرات",
    "فالخميس الماضي ومساء أمس وفامس والثلاثاء وفي مايو2015 و2015-08-15",
    "قناة روسيا اليوم وحتى الآن لم يعلن عن ضحايا منذ ثلاثة أيام وقبل يومين",
    "في الحادي والعشرين من مايو وفي العاشر من الشهر الماضي ويوم 5 الجاري",
    "الأسبوع الثاني من شباط وفي منتصف شهر مارس الماضي ومطلع عام 2015م",
    "ال26 ديسمبر/كانون الأول وال 7 أبريل (نيسان) 2018 ليل الأحد-الاثنين",
    "x_ 3a ٢٠٢٢ عام ٢٠٢٢ منذ 3 سنوات قبل أسابيع الانسان سيارة",
]


def reference_match(grammar: PartedRegex, text: str, pos: int):
    """The alternation compiled whole, written out: what ``grammar.match`` must give."""
    return grammar.regex.match(text, pos)


def described(m):
    return None if m is None else (m.span(), m.lastgroup, {k: v for k, v in m.groupdict().items() if v is not None})


@pytest.mark.parametrize("sentence", SENTENCES)
def test_parted_match_is_the_whole_regex_match(sentence):
    grammar = date_lexicon().grammar
    norm = normalize(sentence).norm
    for pos in range(len(norm) + 1):
        assert described(grammar.match(norm, pos)) == described(reference_match(grammar, norm, pos)), (pos, norm[pos:])


@pytest.mark.parametrize("sentence", SENTENCES)
def test_the_part_that_matches_is_tried(sentence):
    """The dispatch leaves out no part that matches (the alternative the whole regex takes is among the parts
    ``parts_at`` lists): a wrong opener list fails here."""
    grammar = date_lexicon().grammar
    names = [part.pattern[4:part.pattern.index(">")] for part in grammar.parts]  # "(?P<name>..."
    norm = normalize(sentence).norm
    for pos in range(len(norm) + 1):
        m = reference_match(grammar, norm, pos)
        if m is not None:
            assert names.index(m.lastgroup) in grammar.parts_at(norm, pos), (pos, norm[pos:])


TOY = [
    GrammarPart(r"(?P<a>(?<!\w)(?P<acl>[وف](?=\w))?(?:قبل|منذ)\s+\d+)", ["قبل", "منذ"]),
    GrammarPart(r"(?P<b>(?<!\w)\d+\s+يوم)", [], digits=True, clitic=False),
    GrammarPart(r"(?P<c>(?<!\w)(?P<ccl>[وف](?=\w))?(?:ال\s*)?\d+\s+مايو)", ["ال"], digits=True),
    GrammarPart(r"(?P<d>(?<!\w)(?:قبل|بعد)\s+\w+)", ["قبل", "بعد"], clitic=False),
]


@pytest.mark.parametrize("text", [
    "قبل 3", "وقبل 3", "فمنذ 12", "قبل امس", "وقبل امس", "3 يوم", "و3 يوم", "3 مايو", "و3 مايو", "ال3 مايو",
    "وال 3 مايو", "بعد غد", "وبعد غد", "قبلها 3", "x3 مايو", "",
])
def test_toy_alternation(text):
    grammar = PartedRegex(TOY)
    for pos in range(len(text) + 1):
        assert described(grammar.match(text, pos)) == described(reference_match(grammar, text, pos)), (pos, text)
