"""Markers the fatalities grammar starts from (issue 9): a shared marker token that is no breakdown,
period or tally unit ("في", "الي", "عدد", "حصيلة", "أسفر") is read only beside the tokens the grammar
starts from, so :func:`_read_tokens` copies it like a plain word and leaves it out of ``own``. The
grammar must find the same mentions as from ``own`` with every marker in it (the former list) and as
from every token."""
import pytest

from marsad.pipeline import fatalities as F

from fatalities_references import coded, read_tokens

TEXTS = [
    "قتل خمسة مدنيين في قصف على البلدة، وأصيب عشرة آخرون في المدينة.",
    "ارتفعت حصيلة القتلى الي 40 بين مدنيين وعسكريين",
    "ارتفع عدد القتلى إلى 93 شخصا منذ بداية الشهر",
    "أسفر القصف امس عن سقوط 4 قتلى في منطقة على الحدود",
    "قتل 5 أشخاص في 3 هجمات على القرية",  # a tally unit after "في"
    "قتل 4 مدنيين في هجومين على القرية",  # a dual noun of incidents
    "قتل 9 أشخاص بينهم 4 أطفال في القصف",  # a breakdown
    "قتل 25 شخصا خلال الشهر الماضي في هجمات متفرقة",  # a period lead
    "قتل 3 مدنيين في مدينة حلب وفي محافظة إدلب خلال أسبوع",
    "سليم الحداد قتل في 3 مارس بعد اعتقاله",  # a marker after a passive verb
    "مقتل 5 عناصر من قوات النظام في ريف حماة جراء القصف",  # a marker that ends the victims
    "في حين قتل 5 على الأقل في المدينة، وفي الريف قتل 3",  # markers that open phrases
    "قتل 85 شخصا بين قتيل وجريح في الهجوم",
    "الهجوم الأسوأ خلال العام الجاري أسفر عن مقتل 12 شخصا",  # a comparison before a period
    "قتل 6 مسلحين يوم 5 مايو خلال في المعارك",  # a marker right after the lead
]


def _own_with_every_marker(tokens):
    """The former ``own``: every token with offsets or markers."""
    return [i for i, t in enumerate(tokens) if t.start >= 0 or t.markers]


@pytest.mark.parametrize("text", TEXTS)
def test_grammar_from_own_agrees_with_every_marker(text):
    doc = coded(text)
    for _ in range(2):  # (the second time, the markers read beside others are shared plain tokens)
        tokens, own = read_tokens(doc)
        assert set(own) <= set(_own_with_every_marker(tokens))
        for i in set(_own_with_every_marker(tokens)) - set(own):
            t = tokens[i]
            assert t.start < 0 and t.markers.isdisjoint(F._START_MARKERS) and t.word not in F._dual_tally_units()
        expected = F._sentence_fatalities(tokens, [0], _own_with_every_marker(tokens))
        assert F._sentence_fatalities(tokens, [0], own) == expected
        assert F._sentence_fatalities(tokens, [0]) == expected


@pytest.mark.parametrize("word, starts", [
    ("في", False), ("الي", False), ("عدد", False), ("حصيله", False), ("اسفر", False),
    ("مدينه", True), ("منطقه", True), ("هجومين", True),
])
def test_a_marker_is_in_own_when_the_grammar_starts_from_it(word, starts):
    tokens, own = read_tokens(coded(f"قتل 5 أشخاص {word} القرية"))
    k = next(i for i, t in enumerate(tokens) if t.word == word)
    assert (k in own) is starts
