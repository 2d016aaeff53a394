"""The fatalities stage's tokens and offsets (issue 9): the token regex opens with one class of
characters (the regex engine then skips to a token's start), and the spans of the earlier stages are
mapped to ``doc.norm`` through the normalize stage's map in C; both must give what the plain forms give."""
import re

import pytest

from marsad.document import Document
from marsad.pipeline import fatalities as F
from marsad.pipeline.numbers import spans_in_norm

from fatalities_references import coded

# the tokens as first written: a figure in digits, a single digit, a word, punctuation
_TOKEN_REFERENCE = re.compile(r"\d[\d.,]*\d|\d|\w+|[,.;:!?]")

TEXTS = [
    "قتل 1,200 شخص و3.5 طن، بينهم 12 طفلا!",
    "مقتل 5أشخاص و7,, عناصر؛ 8. 9.. 10,5 ؟",
    "قُتِلَ خمسةُ مدنيين — وأُصيب ١٢ آخرون: في «القصف» ...",
    "a_b 5abc abc5 _x 1.2.3 ,,, 44,",
    "   ",
    "",
    "و5 ف12 بـ3 الـ24 ساعة",
    "قتل 3 مدنيين منذ 17 يونيو 2020 في هجومين على القرية؛ وأصيب 4.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_token_regex_gives_the_reference_tokens(text):
    norm = F.fold(text)
    for s in (text, norm):
        assert [m.span() for m in F._TOKEN.finditer(s)] == [m.span() for m in _TOKEN_REFERENCE.finditer(s)]
        assert F._TOKEN_SPLIT.split(s) == re.split("(" + _TOKEN_REFERENCE.pattern + ")", s)
        for pos in range(len(s) + 1):  # (searched from a token's end, as after a "period_lead")
            got, ref = F._TOKEN.search(s, pos, len(s)), _TOKEN_REFERENCE.search(s, pos, len(s))
            assert (got and got.span()) == (ref and ref.span())


def _spans(doc):
    return [doc.sentences, doc.numbers, doc.dates, [F.FatalityMention(i, j, "") for i in range(len(doc.text) + 1)
                                                    for j in (i, len(doc.text))]]


@pytest.mark.parametrize("text", TEXTS + ["قُتِلَ ٥ أشخاصٍ في الـــقصف", "ـــــ", "قتل 5 أشخاص"])
def test_norm_offsets_agree_with_the_method(text):
    doc = coded(text)
    for spans in _spans(doc):
        assert list(zip(*spans_in_norm(doc, spans))) == [(doc.norm_index(s.start), doc.norm_index(s.end))
                                                           for s in spans]


def test_norm_offsets_of_a_document_without_a_map():
    doc = Document(id="t", text="قتل 5 أشخاص")
    doc.norm = doc.text
    spans = [F.FatalityMention(i, i + 3, "") for i in range(9)]
    assert list(zip(*spans_in_norm(doc, spans))) == [(i, i + 3) for i in range(9)]
