"""Speed of the events stage's article and sentence facts (issue 9): the seizure triggers of a sentence
picked once, the sentences whose turn to another report matters found by plain loops, and the
article's country taken with max() -- each agrees with the look-up it replaces, on short synthetic
Arabic phrases."""
from collections import Counter

import pytest

from marsad.pipeline import Pipeline
from marsad.pipeline.events import _turns_that_matter
from marsad.pipeline.events import reporting as R
from marsad.pipeline.events.context import Context

NLP = Pipeline()

TEXTS = [
    "صادرت القوات أسلحة وقذائف وعبوات ناسفة في بلدة كفرنبل، وانفجرت عبوة ناسفة في مدينة حلب.",
    "انفجرت سيارة مفخخة في مدينة حمص صباح اليوم.",
    "وتم ضبط أسلحة خفيفة، وقذائف هاون، وقنابل يدوية داخل مزرعة في ريف حمص.",
    "قال ناشطون إن الوضع هادئ. وفي يوم الأحد، قصفت الطائرات بلدة كفرنبل. ولم ترد أنباء أخرى.",
    "لا جديد في المنطقة. ولا أنباء عن المفقودين.",
    "قتل ثلاثة مدنيين في قصف على بلدة كفرنبل أمس. وأصيب آخرون في مدينة حماة.",
]


def _seizure_reason_slow(ss, trig):
    """The seizure-list test as it was: every trigger of the sentence looked at (the reference)."""
    return trig.event_type == "Explosions/Remote violence" and any(
        t.sub_event_type == "Disrupted weapons use" and t.end <= trig.start and trig.start - t.end <= R.SEIZURE_LIST_REACH
        for t in ss.triggers)


@pytest.mark.parametrize("text", TEXTS)
def test_seizure_list_agrees_with_the_reference(text):
    ctx = Context.build(NLP(text))
    for ss in ctx.sentences:
        assert R._seizures(ss) == [t for t in ss.triggers if t.sub_event_type == "Disrupted weapons use"]
        for t in ss.triggers:
            fast = t.event_type == "Explosions/Remote violence" and any(
                s.end <= t.start and t.start - s.end <= R.SEIZURE_LIST_REACH for s in R._seizures(ss))
            assert fast == _seizure_reason_slow(ss, t)


def _turns_slow(ctx):
    sentences = ctx.sentences
    first_dated = next((k for k, s in enumerate(sentences) if s.dates), len(sentences))
    last_used = max((k for k, s in enumerate(sentences) if s.triggers or s.dates), default=-1)
    return first_dated, last_used


@pytest.mark.parametrize("text", TEXTS + ["", "نص بلا شيء."])
def test_turns_that_matter_agree_with_the_reference(text):
    ctx = Context.build(NLP(text))
    assert _turns_that_matter(ctx) == _turns_slow(ctx)


@pytest.mark.parametrize("countries", [["SY"], ["SY", "IQ"], ["IQ", "SY"], ["IQ", "SY", "SY", "IQ"],
                                       ["LB", "SY", "IQ", "IQ", "SY"]])
def test_first_most_named_country_is_most_common(countries):
    from marsad.pipeline.events.context import _COUNT
    assert max(Counter(countries).items(), key=_COUNT)[0] == Counter(countries).most_common(1)[0][0]


def test_the_texts_exercise_the_seizure_list():
    found = False
    for text in TEXTS:
        ctx = Context.build(NLP(text))
        found |= any(_seizure_reason_slow(ss, t) for ss in ctx.sentences for t in ss.triggers)
    assert found
