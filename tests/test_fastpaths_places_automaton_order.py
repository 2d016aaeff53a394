"""The automata the places stage searches start with a key that never matches (a space, then NUL) so that a
space is the root's first child: they must report what the same automata without that key report."""
from __future__ import annotations

import ahocorasick
import pytest

from marsad.gazetteer.store import SPACE_LEAD_KEY
from marsad.pipeline.places import _scan, boundary_text, place_lexicon

_TEXTS = [
    "قصفت الطائرات مدينة حلب وريف دمشق",
    "في دير الزور والرقة ",
    "  حلب  ",  # spaces at both ends and doubled
    " ",
    "",
    "للرقة وبحلب ولحمص",  # proclitics before the names
    "سوريا، العراق. تركيا",  # punctuation (turned to spaces by boundary_text)
    "حلب\x00 دمشق",  # a NUL in the text: boundary_text makes it a space, so the lead key never matches
    "السوري السورية سوريا",
]


def _plain(keys_values) -> ahocorasick.Automaton:
    """The reference: the same keys, no lead key."""
    auto = ahocorasick.Automaton()
    for key, value in keys_values:
        auto.add_word(key, value)
    auto.make_automaton()
    return auto


@pytest.fixture(scope="module")
def gazetteer(fixture_places_pipeline):
    return fixture_places_pipeline.resources.gazetteer


@pytest.mark.parametrize("text", _TEXTS)
def test_gazetteer_automaton_same_hits(gazetteer, text):
    lex = place_lexicon()
    auto = gazetteer.automaton_for(lex.split_words)
    assert SPACE_LEAD_KEY in auto
    plain = _plain((k, v) for k, v in auto.items() if k != SPACE_LEAD_KEY)
    searched = boundary_text(text) + " "
    assert list(auto.iter(searched)) == list(plain.iter(searched))
    assert [(h.word_start, h.start, h.end, h.key, h.form, h.place_ids, h.prefix) for h in _scan(auto, searched)] \
        == [(h.word_start, h.start, h.end, h.key, h.form, h.place_ids, h.prefix) for h in _scan(plain, searched)]


@pytest.mark.parametrize("text", _TEXTS)
def test_country_cue_automaton_same_hits(text):
    auto = place_lexicon().country_cue_automaton
    assert SPACE_LEAD_KEY in auto
    plain = _plain((k, v) for k, v in auto.items() if k != SPACE_LEAD_KEY)
    searched = boundary_text(text) + " "
    assert list(auto.iter(searched)) == list(plain.iter(searched))


@pytest.mark.parametrize("keys, text", [
    (["حلب ", "دمشق ", "دير الزور ", "الزور "], "في دير الزور وحلب  دمشق "),
    (["ا ", "اب ", "ب "], "ا اب ب  ا "),  # one-letter names, names that are suffixes of others
    (["حلب "], " \x00 حلب \x00"),  # the lead key itself in the text: found only there, as any key would be
])
def test_lead_key_changes_no_other_hit(keys, text):
    lead = ahocorasick.Automaton()
    lead.add_word(SPACE_LEAD_KEY, None)
    for k in keys:
        lead.add_word(k, k)
    lead.make_automaton()
    plain = _plain((k, k) for k in keys)
    assert [h for h in lead.iter(text) if h[1] is not None] == list(plain.iter(text))
