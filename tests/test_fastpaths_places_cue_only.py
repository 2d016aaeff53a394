"""A name that counts only after a cue (a stoplisted "cue" name such as الثورة, a short name written with an
article the gazetteer lacks), with no cue or qualifier possible right before it, is dropped by find_places
without its phrase being read (_phrase_may_open_before): the places found are those of the full path, which
reads every phrase and drops the mention afterwards."""
from __future__ import annotations

import pytest

from marsad.document import Article
from marsad.pipeline import places as P
from marsad.text import fold


@pytest.fixture
def nlp(fixture_places_pipeline):
    return fixture_places_pipeline


def _spans(nlp, text):
    return [(m.start, m.end, m.text, m.place.id, m.geo_precision, m.qualifier, m.role, m.surface,
             [c.id for c in m.candidates]) for m in nlp(Article(id="t", text=text)).places]


TEXTS = [
    "قامت الثورة في البلاد",  # cue-only, no cue: dropped
    "في مدينة الثورة اشتباكات",  # a cue: counts
    "قصف على ريف الثورة الغربي",  # a split qualifier: counts
    "الثورة",  # at the text's start: no word before
    "اشتباكات في الرقة والثورة والكرامة",  # a list: the dropped one keeps its place between the others
    "في الرقة والكرامة والثورة والطبقة",
    "في الرقة، الثورة، الكرامة",
    "في الرقة والكرامة",  # "cue or list": counts listed
    "قال إن الثورة وريفها",  # a suffix after the name: still no cue
    "«الثورة» مستمرة في الطبقة",  # a quote before it: the phrase ends there
    "مخيم \"الثورة\" قرب الرقة",
    "وصلوا إلى الحماميات وبالحماميات",  # an article the gazetteer lacks
    "ناحية الحماميات في ريف حماة",
    "ثورة الكرامة في الرقة والثورة",
    "نص بلا أماكن",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_dropping_cue_only_names_early_finds_the_same_places(nlp, text, monkeypatch):
    fast = _spans(nlp, text)
    monkeypatch.setattr(P, "_phrase_may_open_before", lambda norm, bnd, ws, lex: True)  # every phrase read
    assert fast == _spans(nlp, text)


@pytest.mark.parametrize("text", TEXTS + [
    "بالقرب من الثورة", "شمال الثورة", "قرية الثورة", "وقرية الثورة", "في بلدة الثورة", "حي الثورة",
    "الثورة (أ ف ب)", "ضد الثورة", "وسط  الثورة", "محيط الثورة وريفها",
])
def test_no_phrase_opening_means_no_cue_and_no_split_qualifier(nlp, text):
    """Where _phrase_may_open_before says no, _phrase finds no cue, and no qualifier that makes a cue-only
    name count."""
    lex = P.place_lexicon()
    gaz = nlp.resources.gazetteer
    norm = fold(text)
    bnd = P.boundary_text(norm)
    hits = P._matches(gaz, bnd, lex, norm)
    for hit in hits:
        if P._phrase_may_open_before(norm, bnd, hit.word_start, lex):
            continue
        ph = P._phrase(norm, bnd, hit, lex, P._Covered(hits, len(bnd) + 1))
        assert ph.cue is None, (text, hit.key)
        assert ph.qualifier is None or ph.qualifier.phrase not in lex.split_phrases, (text, hit.key)
        assert ph.qualifier is None or ph.qualifier.type != "district", (text, hit.key)
