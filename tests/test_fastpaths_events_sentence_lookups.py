"""Speed of the events stage (issue 9): a sentence's cues sorted into classes, and the adjective test of
an actor with the trigger test first (events/context.py, events/actors.py), give the answers of the
straightforward forms they replace."""
import pytest

from marsad.pipeline import Pipeline
from marsad.pipeline.events import actors as A
from marsad.pipeline.events import reporting as R
from marsad.pipeline.events.context import Context

NLP = Pipeline()

TEXTS = [
    "قال مصدر أمني إن مسلحين من داعش شنوا هجوما على حاجز للجيش في الرمادي أمس، وقتل جنديان.",
    "يخطط الجيش لشن هجوم على إدلب، ونفت الفصائل قصف حلب. حصيلة المعارك منذ بداية الشهر 40 قتيلا في حمص.",
    "لم تشن الطائرات أي غارة على دوما، وكان الجيش قد سيطر على بلدة حرستا.",
    "نصب كمين مسلح نفذته فلول النظام في ريف اللاذقية، وقتل ثلاثة عناصر.",
    "أعلنت الشرطة مقتل مسلح واعتقال آخر في هجوم مسلح على مركز للشرطة في كركوك.",
    "وقع هجوم مسلح على دورية للجيش في درعا أمس.",
    "قصفت الطائرات بلدة كفرنبل أمس. وأدى هذا القصف إلى مقتل ثلاثة مدنيين.",
    "انفجرت سيارة مفخخة في بغداد. وأسفر التفجير ذاته عن مقتل خمسة، وتبنى التنظيم الهجوم.",
]


def cues_by_class_slow(ss, cls):
    """The sentence's cues of class ``cls`` in text order, picked from all its cues."""
    return [c for c in ss.cues if c.cls == cls]


def adjective_of_trigger_slow(ctx, ss, actor):
    """The adjective test as it was written: the actor's words first, then the trigger before it."""
    if ctx.doc.norm_of(actor) not in A._cues("armed_adjective"):
        return False
    return any(0 <= actor.start - t.end <= 1 and not A._is_verb(t) and t.sub_event_type not in ("killing", "Arrests")
               for t in ss.triggers)


@pytest.mark.parametrize("text", TEXTS)
def test_cues_of_each_class_as_picked_from_all(text):
    ctx = Context.build(NLP(text))
    for ss in ctx.sentences:
        classes = {c.cls for c in ss.cues} | {"no-such-class"}
        for cls in sorted(classes):
            assert ss.cues_of(cls) == cues_by_class_slow(ss, cls), cls


@pytest.mark.parametrize("text", TEXTS)
def test_adjective_of_trigger_as_written(text):
    ctx = Context.build(NLP(text))
    for ss in ctx.sentences:
        for a in ss.actors:
            assert A._adjective_of_trigger(ctx, ss, a) == adjective_of_trigger_slow(ctx, ss, a), a.text


def test_the_table_has_an_adjective_of_a_trigger_and_actors_that_are_not():
    answers = set()
    for text in TEXTS:
        ctx = Context.build(NLP(text))
        answers |= {adjective_of_trigger_slow(ctx, ss, a) for ss in ctx.sentences for a in ss.actors}
    assert answers == {True, False}


@pytest.mark.parametrize("text", TEXTS)
def test_retells_as_asked_of_each_trigger(text):
    ctx = Context.build(NLP(text))
    for ss in ctx.sentences:
        for k in range(len(ss.triggers)):
            report = ss.triggers[k:k + 2]
            assert R.retells(ctx, ss, report) == any(R.retold(ctx, ss, t) for t in report)


def test_the_table_has_a_retold_report_and_reports_that_are_not():
    answers = set()
    for text in TEXTS:
        ctx = Context.build(NLP(text))
        answers |= {R.retold(ctx, ss, t) for ss in ctx.sentences for t in ss.triggers}
    assert answers == {True, False}
