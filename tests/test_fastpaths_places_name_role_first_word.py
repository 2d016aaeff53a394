"""find_places asks _name_role only where its first word does not already say no (_no_name_at_once: the
word right before the name, outside its phrase, is no institution word, and no bracket or quote opens
before the phrase): where _no_name_at_once says True, _name_role says False, and the places found are
those found when _name_role is asked for every name."""
from __future__ import annotations

import pytest

from marsad.document import Article
from marsad.pipeline import places as P
from marsad.text import fold

TEXTS = [
    "اشتباكات في حلب",  # a preposition before: no name
    "قالت شرطة كركوك إن",  # an institution word before: a name
    "قيادة عمليات بغداد",
    "مركز اعلام الغوطة",
    "نقلت (بغداد اليوم) أن",  # a bracket: an outlet
    "نقلت «حماة» الخبر",
    "وصل الوفد إلى جامعة دمشق",
    "قصف على مدينة حلب",  # a cue: the first word is inside the phrase
    "شرطة محافظة كركوك",
    "لواء \"درع حماة\"",
    "حلب",  # no word before
    "قرب الرقة والطبقة وفي دير الزور",
    "كلية الشريعة بجامعة دمشق",
    "مبنى مجلس محافظة بابل",
    "جيش الرقة",
    "سكان الرقة",
]


@pytest.fixture
def nlp(fixture_places_pipeline):
    return fixture_places_pipeline


@pytest.mark.parametrize("text", TEXTS)
def test_a_first_word_that_says_no_means_no_name(nlp, text):
    lex = P.place_lexicon()
    gaz = nlp.resources.gazetteer
    norm = fold(text)
    bnd = P.boundary_text(norm)
    hits = P._matches(gaz, bnd, lex, norm)
    lookup = P._institution_lookup(lex.institutions) if lex.institutions else None
    for hit in hits:
        ph = P._phrase(norm, bnd, hit, lex, P._Covered(hits, len(bnd) + 1))
        m = P._Mention(hit, ph, list(gaz.places_of(hit.place_ids)), 0)
        if P._no_name_at_once(ph, norm, lookup):
            assert not P._name_role(m, norm, bnd, lex, lookup), (text, hit.key)
            assert not P._name_role(m, norm, bnd, lex), (text, hit.key)


@pytest.mark.parametrize("text", TEXTS)
def test_asking_name_role_for_every_name_finds_the_same_places(nlp, text, monkeypatch):
    def spans():
        return [(m.start, m.end, m.place.id, m.role, m.geo_precision) for m in nlp(Article(id="t", text=text)).places]

    fast = spans()
    monkeypatch.setattr(P, "_no_name_at_once", lambda ph, norm, lookup: False)
    assert fast == spans()
