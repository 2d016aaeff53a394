"""Speed of the events stage's cue readers (issue 9): the sentence's cue lists read once per sentence
or per place list (retold, the past-perfect test, the places that speak) agree with the per-call
look-ups they replace, on short synthetic Arabic phrases."""
import re

import pytest

from marsad.pipeline import Pipeline
from marsad.pipeline.events import context as C
from marsad.pipeline.events import reporting as R
from marsad.pipeline.events.context import Context

NLP = Pipeline()

TEXTS = [
    "هذا القصف استهدف بلدة كفرنبل في ريف إدلب، وقالت دمشق إن الهجوم ذاته لم يوقع قتلى.",
    "وكانت الفصائل قد سيطرت على قرية تل حمام بعد اشتباكات مع قوات النظام.",
    "وسبق ذلك بأيام أن قصفت الطائرات مدينة معرة النعمان، بحسب واشنطن ودمشق.",
    "ذكرت موسكو أن غارات جوية استهدفت مدينة حلب أمس، فيما قالت أنقرة إن الاشتباكات مستمرة.",
    "قتل ثلاثة مدنيين في قصف على بلدة كفرنبل.",
    "وقالت « دمشق » إن القصف استهدف مدينة حمص صباح اليوم.",
    "أفادت \"دمشق\" بأن هذه العملية الانتحارية وقعت في حي الميدان بمدينة دمشق.",
]


def _retold_slow(ctx, ss, trig):
    """retold() as it was: both demonstrative lists read for every trigger (the reference)."""
    doc = ctx.doc
    for cue in ss.cues_of("anaphor"):
        if cue.end <= trig.start and R._next_to(doc.norm[doc.norm_index(cue.end) : doc.norm_index(trig.start)]):
            return True
    for cue in ss.cues_of("anaphor_after"):
        if cue.start >= trig.end and R._next_to(doc.norm[doc.norm_index(trig.end) : doc.norm_index(cue.start)]):
            return True
    return False


def _speaks_slow(ss, place):
    text = ss.doc.text
    return any(0 <= place.start - c.end <= 3
               and C._QUOTES_ONLY.fullmatch(text, c.end, place.start) for c in ss.cues_of("attribution"))


def _speaks_with_slow(doc, ss, place):
    for c in ss.cues_of("attribution"):
        if 0 <= place.start - c.end <= 25:
            gap = doc.norm[doc.norm_index(c.end) : doc.norm_index(place.start)].split()
            if 2 <= len(gap) <= 3 and gap[-1] == "و":
                return True
    return False


@pytest.mark.parametrize("text", TEXTS)
def test_retold_agrees_with_the_reference(text):
    ctx = Context.build(NLP(text))
    pairs = [(ss, t) for ss in ctx.sentences for t in ss.triggers]
    assert pairs
    assert [R.retold(ctx, ss, t) for ss, t in pairs] == [_retold_slow(ctx, ss, t) for ss, t in pairs]


@pytest.mark.parametrize("text", TEXTS)
def test_cue_pair_is_the_two_cue_lists(text):
    ctx = Context.build(NLP(text))
    for ss in ctx.sentences:
        for first, second in (("anaphor", "anaphor_after"), ("earlier", "background")):
            assert R._cue_pair(ss, first, second) == (ss.cues_of(first), ss.cues_of(second))
            assert R._cue_pair(ss, first, second) == (ss.cues_of(first), ss.cues_of(second))  # remembered


@pytest.mark.parametrize("text", TEXTS)
def test_places_that_speak_agree_with_the_reference(text):
    doc = NLP(text)
    ctx = Context.build(doc)
    for ss in ctx.sentences:
        attribution = ss.cues_of("attribution")
        for place in ss.places:
            assert C._speaks(ss, place, attribution) == _speaks_slow(ss, place)
            assert C._speaks_with(doc, place, attribution) == _speaks_with_slow(doc, ss, place)


def test_the_texts_exercise_the_readers():
    """(the phrases hold demonstratives, past-perfect asides and speaking capitals: the tests above compare
    answers that are sometimes true)"""
    found = {"retold": False, "speaks": False}
    for text in TEXTS:
        doc = NLP(text)
        ctx = Context.build(doc)
        for ss in ctx.sentences:
            found["retold"] |= any(_retold_slow(ctx, ss, t) for t in ss.triggers)
            found["speaks"] |= any(_speaks_slow(ss, p) or _speaks_with_slow(doc, ss, p) for p in ss.places)
    assert found == {"retold": True, "speaks": True}
