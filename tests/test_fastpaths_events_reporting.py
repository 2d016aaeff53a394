"""Speed of the events stage's reporting step (issue 9): a trigger's clause bounds are worked out only
when a cue or a date asks for them, and the answers stay those of the clause tests."""
import pytest

from marsad.pipeline import Pipeline
from marsad.pipeline.events import reporting as R
from marsad.pipeline.events.context import Context

NLP = Pipeline()


def _reasons(text):
    ctx = Context.build(NLP(text))
    return {t.text: R._not_reported(ctx, ss, t) for ss in ctx.sentences for t in ss.triggers}


@pytest.mark.parametrize("text, trigger, expected", [
    # a tally cue after the trigger, far from it: only the clause test holds
    ("قصفت الطائرات بلدة كفرنبل في ريف إدلب الجنوبي بعدة صواريخ خلال الأشهر الماضية.", "قصفت",
     "a tally or campaign ('خلال الاشهر')"),
    # a period cue far after the trigger: in its clause, a campaign; after a comma, not
    ("قصفت الطائرات الحربية بلدة كفرنبل في ريف إدلب الجنوبي مرات عدة منذ أسبوعين.", "قصفت",
     "a campaign or a vague span ('منذ اسبوعين')"),
    ("قصفت الطائرات الحربية بلدة كفرنبل في ريف إدلب الجنوبي مرات عدة، وذلك منذ أسبوعين.", "قصفت", None),
    # a plan cue far before the trigger: in its clause, a plan; with commas between, not
    ("يسعى الجيش بكل ما لديه من قوة عسكرية وبشرية إلى السيطرة على بلدة كفرنبل.", "السيطرة على",
     "plan cue 'يسعي' before it"),
    ("يسعى الجيش بكل ما لديه، وفق مصادر محلية وإعلامية متعددة في المنطقة، إلى السيطرة على بلدة كفرنبل.",
     "السيطرة على", None),
    # no cue, no date
    ("قتل ثلاثة مدنيين في قصف على بلدة كفرنبل.", "قصف", None),
])
def test_clause_tests_decide_as_before(text, trigger, expected):
    assert _reasons(text)[trigger] == expected


@pytest.mark.parametrize("text, asked", [
    ("قتل ثلاثة مدنيين في قصف على بلدة كفرنبل.", 0),  # no cue, no date: no clause looked at
    ("قصفت الطائرات الحربية بلدة كفرنبل في ريف إدلب الجنوبي مرات عدة منذ أسبوعين.", 1),
    # two cues asking: the bounds are worked out once
    ("قصفت الطائرات بلدة كفرنبل في ريف إدلب الجنوبي بعدة صواريخ مرات عدة منذ أسبوعين خلال الأشهر الماضية.", 1),
])
def test_clause_worked_out_at_most_once_and_only_when_asked(text, asked, monkeypatch):
    calls = []
    clause = R._clause

    def counted(ss, doc, trig):
        calls.append(trig.text)
        return clause(ss, doc, trig)

    ctx = Context.build(NLP(text))
    monkeypatch.setattr(R, "_clause", counted)
    first = next(t for ss in ctx.sentences for t in ss.triggers)
    R._not_reported(ctx, ctx.sentences[0], first)
    assert len(calls) == asked
