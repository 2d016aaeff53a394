"""Speed of the events stage, round 2 (issue 9): the span, sentence and candidate records are slotted
dataclasses (built by the thousand per article); they must keep the behaviour of plain dataclasses."""
import copy
import dataclasses
import pickle
from datetime import date

import pytest

from marsad.document import (
    ActorMention, DateMention, Decision, FatalityMention, NumberMention, PlaceMention, Sentence, Span, Trigger,
)
from marsad.pipeline import Pipeline
from marsad.pipeline.events.context import Candidate, Context, SentenceSpans

NLP = Pipeline()

RECORDS = [
    Span(0, 4, "قصف"),
    Sentence(0, 20, "قصفت الطائرات دوما.", index=2, paragraph=1),
    PlaceMention(15, 19, "دوما", qualifier="قرب", surface="قرب دوما"),
    ActorMention(5, 14, "الطائرات", family="Military Forces of Syria", candidates=["A", "B"]),
    DateMention(20, 23, "أمس", value=date(2024, 3, 2), kind="yesterday", relative=True),
    NumberMention(0, 5, "خمسة", value=5),
    FatalityMention(0, 10, "مقتل خمسة", count=5, cue="مقتل", victims="مدنيين"),
    Trigger(0, 4, "قصفت", event_type="Explosions/Remote violence", sub_event_type="strike", strong=True),
    Decision(3, "trigger 'قصف' reports no event"),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_slotted_records_behave_as_dataclasses(record):
    assert not hasattr(record, "__dict__")  # slotted: no per-instance dict
    assert pickle.loads(pickle.dumps(record)) == record
    assert copy.deepcopy(record) == record and copy.copy(record) == record
    assert dataclasses.replace(record) == record
    assert type(record)(**dataclasses.asdict(record)) == record
    assert dataclasses.replace(record, text=record.text + "x") != record
    with pytest.raises(AttributeError):
        record.not_a_field = 1  # a typo in a field name fails at once


@pytest.mark.parametrize("kind", [Span, Sentence, PlaceMention, ActorMention, DateMention, NumberMention,
                                  FatalityMention, Trigger])
def test_spans_are_still_spans(kind):
    span = kind(1, 3, "ab")
    assert isinstance(span, Span) and (span.start, span.end, span.text) == (1, 3, "ab")


@pytest.mark.parametrize("text", [
    "قصفت الطائرات بلدة كفرنبل أمس، ما أدى إلى مقتل ثلاثة مدنيين.",
    "قال مصدر إن مسلحين هاجموا حاجزا للجيش في الرمادي. ولم تشن الطائرات أي غارة على دوما.",
    "",
])
def test_context_records_are_slotted_and_fresh_per_sentence(text):
    from marsad.document import Article

    doc = NLP(Article(id="t", text=text))
    ctx = Context.build(doc)
    assert not hasattr(ctx, "__dict__")
    for k, ss in enumerate(ctx.sentences):
        assert isinstance(ss, SentenceSpans) and not hasattr(ss, "__dict__") and ss.index == k
        # every sentence has lists and memos of its own (default factories, not shared defaults)
        others = [o for o in ctx.sentences if o is not ss]
        assert all(o.memo is not ss.memo and o.triggers is not ss.triggers for o in others)
    assert "__slots__" in vars(Candidate)
