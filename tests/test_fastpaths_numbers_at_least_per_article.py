""""At least" in the numbers stage (issue 9): :func:`find_numbers` looks for a phrase after a figure
("على الأقل") only in an article that holds the last word of one, makes the first test of the phrase
before a figure ("أكثر من") itself, and :func:`_at_least_after` tests the 80 characters after the figure
for a last word before it cuts the clause. The figures' ``at_least`` must be those the plain searches
below give, figure by figure."""
import re

import pytest

from marsad.document import Article
from marsad.pipeline import Pipeline
from marsad.pipeline import numbers as N
from marsad.text import fold


def _reference_at_least(norm, start, end):
    """The plain searches: the phrase before the figure, then the one after it in its clause."""
    lex = N.number_lexicon()
    if lex.at_least_before.search(norm, max(0, start - 24), start):
        return True
    stop = re.compile(r"[,.;:!?\n]|\d").search(norm, end, end + 80)
    window = norm[end: stop.start() if stop else end + 80]
    m = lex.at_least_after.search(window)
    return bool(m) and len(window[: m.start()].split()) <= 6


TEXTS = [
    "قتل ما لا يقل عن 5 أشخاص وأصيب أكثر من 12 آخرين",
    "قتل 5 أشخاص على الأقل في القصف، وأصيب 3",
    "قتل 5 على أقل تقدير، و7 في أقل تقدير",
    "قتل 5 أشخاص. وقال المصدر إن الحصيلة على الأقل مرتفعة",  # the phrase in the article, not after the figure
    "قتل 5 أشخاص في القصف العنيف على المدينة الشمالية امس وفي الريف الجنوبي البعيد جدا على الاقل",  # too far
    "على الأقل 4 قتلى في الهجوم",  # the phrase before the figure
    "قتل 5 أشخاص وأصيب 3 آخرون",  # no phrase in the article
    "قتل خمسة أشخاص على الأقل",  # the phrase at the end of the text
    "يزيد على\n7 قتلى، وما يربو على 20 جريحا",
    "قتل 3",  # a figure that ends the text
    "أكثرمن 5 والأكثر من 6",  # no phrase before either
]


@pytest.mark.parametrize("text", TEXTS)
def test_at_least_of_each_figure_agrees_with_the_searches(text):
    doc = Pipeline(gazetteer=None)(Article(id="t", text=text))
    assert doc.numbers
    for n in doc.numbers:
        start, end = doc.norm_index(n.start), doc.norm_index(n.end)
        assert n.at_least == _reference_at_least(doc.norm, start, end), n


@pytest.mark.parametrize("text", TEXTS + ["قتل 5" + " كلمة" * 20 + " على الاقل", "قتل 5 على", "5 الاقل"])
def test_at_least_after_agrees_with_the_search_at_every_offset(text):
    norm = fold(text)
    lex = N.number_lexicon()
    for i in range(len(norm) + 1):
        stop = N._CLAUSE_END.search(norm, i, i + 80)
        window = norm[i: stop.start() if stop else i + 80]
        m = lex.at_least_after.search(window)
        assert N._at_least_after(norm, i, lex) == (bool(m) and len(window[: m.start()].split()) <= 6), i
