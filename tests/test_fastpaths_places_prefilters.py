"""The places stage's shortcuts: each says no only where the full test would (dateline mark, never-stray
readings, anaphor early return, spans sharing the mention's list)."""
from __future__ import annotations

import pytest

from marsad.document import Article, Place
from marsad.pipeline import Pipeline
from marsad.pipeline.places import MAX_CANDIDATES, _never_stray, dateline_end


@pytest.mark.parametrize("text, is_dateline", [
    ("حمص / قتل", True),  # the slash: the one mark the dateline has
    ("حمص: قتل", True),  # a colon right after the word
    ("حمص ـ قتل", True),  # a tatweel as the dash
    ("حمص — قتل", True),  # an em dash
    ("حمص – قتل", True),  # an en dash
    ("\n\nحمص - قتل", True),  # the mark after blank lines
    ("حماة (أ ف ب) قتل", True),  # the bracket alone, an agency inside
    ("حماة قتل خمسة في قصف", False),  # no mark at all: skipped before the regex
    ("حماة قتل خمسة في قصف\n(ا ف ب) -", False),  # a mark on a later line only
    ("", False),
])
def test_dateline_mark(text, is_dateline):
    assert (dateline_end(text) > 0) is is_dateline


def _place(kind: str, population: int = 0, pid: str = "x") -> Place:
    return Place(pid, "X", 35.0, 40.0, "Syria", "SY", "", "", kind, population, "س")


@pytest.mark.parametrize("readings, never", [
    ((_place("village", 100),), False),  # a small place alone: may stray
    ((_place("village", 100), _place("town", 9_999)), False),  # all small settlements
    ((_place("village", 100), _place("town", 10_000)), True),  # one reading at the population bound
    ((_place("village", 100), _place("camp")), True),  # one reading no settlement
    ((_place("city", 50_000),), True),
    ((), False),  # no reading: left to _stray
    # more readings than ranking keeps: the big one may be cut, so the full test decides
    (tuple(_place("village", 10) for _ in range(MAX_CANDIDATES)) + (_place("city", 50_000),), False),
    (tuple(_place("village", 10) for _ in range(MAX_CANDIDATES - 1)) + (_place("city", 50_000),), True),
])
def test_never_stray(readings, never):
    assert _never_stray(readings) is never


@pytest.fixture
def nlp(fixture_places_pipeline) -> Pipeline:
    return fixture_places_pipeline


@pytest.mark.parametrize("text, surfaces", [
    # the anaphor noun is the text's last word (no space after it in the text searched)
    ("قصفت المدفعية بلدة الحماميات. وسقط قتلى في البلدة", ["بلدة الحماميات", "البلدة"]),
    # with "ب" joined to it
    ("قصفت المدفعية بلدة الحماميات. وسقط قتلى بالبلدة", ["بلدة الحماميات", "البلدة"]),
    # no anaphor noun in the text: the names alone
    ("قصفت المدفعية بلدة الحماميات. وسقط قتلى", ["بلدة الحماميات"]),
])
def test_anaphor_at_the_edges(nlp, text, surfaces):
    found = nlp(Article(id="t", text=text)).places
    assert [m.surface for m in found if m.place.kind != "country"] == surfaces


def test_spans_do_not_share_readings(nlp):
    found = nlp(Article(id="t", text="قصف على حمص وحمص وقرية الحماميات")).places
    assert len(found) >= 3
    assert len({id(m.candidates) for m in found}) == len(found)
    assert all(m.candidates[0] is m.place for m in found)


@pytest.mark.parametrize("text, role", [
    ("(بغداد اليوم) أن مواجهات اندلعت", "name"),  # the bracket is the text's first character
    ("وأفاد ( بغداد اليوم) أن", "name"),  # one space between the bracket and the name
    ("وأفاد (  بغداد اليوم) أن", "name"),  # two spaces
    ("وأفاد  (بغداد اليوم) أن", "name"),  # two spaces before the bracket
    ("وأفاد «بغداد اليوم» أن", "name"),  # a quote, no space
    (" بغداد اليوم) أن", "place"),  # a space, then the text's start: no bracket
    ("وأفاد  بغداد اليوم) أن", "place"),  # two spaces after a word: no bracket
    ("قتل خمسة في بغداد اليوم", "place"),  # one space after a word
])
def test_outlet_quick_test(nlp, text, role):
    found = [m for m in nlp(Article(id="t", text=text)).places if m.place.name_ar.endswith("بغداد")
             or "بغداد" in m.surface]
    assert found and found[0].role == role, [(m.surface, m.role) for m in found]
