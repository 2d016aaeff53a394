"""Tallies of the fatalities stage (issue 9): :func:`_tally_reason` looks only at the tokens a tally is
read from (a period's markers, figures, dual nouns of incidents), which :func:`_sentence_fatalities`
lists once per sentence; the reason must be the one read from every token of the clause."""

import pytest

from marsad.pipeline import fatalities as F

from fatalities_references import coded, read_tokens


def _tokens(text: str):
    return read_tokens(coded(text))


TEXTS = [
    "قتل 25 شخصا خلال الشهر الماضي في هجمات متفرقة",
    "قتل 7 عناصر خلال الساعات الماضية في اشتباكات",
    "قتل 7 عناصر خلال 24 ساعة في اشتباكات",
    "منذ بداية العام، قتل 500 شخص بينهم 20 طفلا",
    "منذ بداية العام، مقتل شخص، وقتل 500 شخص",  # a death word in the opening clause
    "قتل 12 مدنيا منذ 17 يونيو في القصف",
    "قتل 4 مدنيين في هجومين على القرية",
    "قتل 5 أشخاص في 3 هجمات على القرية",
    "قتل 5 أشخاص في عدد من أحياء دمشق",
    "الهجوم الأسوأ خلال العام الجاري أسفر عن مقتل 30 شخصا",  # a comparison, not a tally
    "قتل 3 مدنيين منذ بداية الشهر في هجومين",
    "قال المرصد، إن 40 شخصا قتلوا في 6 غارات، وأصيب 10 خلال الأسبوع",
    "قتل 9 أشخاص في القصف.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_tally_reason_from_heads_agrees_with_every_token(text):
    tokens, own = _tokens(text)
    heads = F._tally_heads(tokens, own)
    idx = {id(tokens[i]): i for i in own}
    # every mention the grammar finds, and one on each figure or cue as if it were a mention
    found = F._sentence_fatalities(tokens, [0], own)
    found += [F._Found(1, tokens[i], tokens[i], tokens[j]) for i in own for j in own if tokens[i].start >= 0
              and tokens[j].start >= 0 and abs(i - j) < 4]
    assert found
    for f in found:
        assert F._tally_reason(tokens, f, idx, heads) == F._tally_reason(tokens, f)


def test_some_texts_are_tallies():
    reasons = set()
    for text in TEXTS:
        tokens, own = _tokens(text)
        reasons |= {F._tally_reason(tokens, f) for f in F._sentence_fatalities(tokens, [0], own)}
    assert {"period", "incidents", ""} <= reasons
