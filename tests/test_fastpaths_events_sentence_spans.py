"""Speed of the events stage (issue 9), the article context: the sentences' ``SentenceSpans`` made with their
slots set one by one (``context._sentence_spans``) are those the dataclass's constructor makes."""
import dataclasses

import pytest

from marsad.document import Sentence
from marsad.pipeline import Pipeline
from marsad.pipeline.events import context as C
from marsad.pipeline.events.context import Context, SentenceSpans

NLP = Pipeline()


def fields_of(ss: SentenceSpans) -> dict:
    """Every field of ``ss`` (an unset slot raises AttributeError: a field the fast constructor forgot)."""
    return {f.name: getattr(ss, f.name) for f in dataclasses.fields(SentenceSpans)}


@pytest.mark.parametrize("index", [0, 1, 7, -1])
@pytest.mark.parametrize("memo", [{}, {"may_occur": None}, None])
def test_fast_constructor_makes_the_dataclass_default(index, memo):
    sentence = Sentence(3, 40, "قتل خمسة مدنيين في غارة على مدينة حلب", index=index)
    doc = NLP("قتل خمسة مدنيين في غارة على مدينة حلب")
    fast = C._sentence_spans(sentence, doc, index, memo)
    slow = SentenceSpans(sentence, doc, index=index, article_memo=memo)
    assert fields_of(fast) == fields_of(slow)
    assert fast == slow
    assert fast.article_memo is memo
    # (fresh containers per sentence: the stage fills each sentence's own)
    other = C._sentence_spans(sentence, doc, index, memo)
    for name in ("triggers", "places", "actors", "dates", "fatalities", "memo"):
        assert getattr(fast, name) is not getattr(other, name)


@pytest.mark.parametrize("text", [
    "قتل خمسة مدنيين في غارة على مدينة حلب أمس. وقالت مصادر إن الجيش قصف بلدة دوما بالمدفعية",
    "اشتباكات عنيفة بين الجيش السوري وتنظيم داعش في ريف حمص الشرقي.\nوفي إدلب، سيطرت هيئة تحرير الشام على قرية.",
    "",
])
def test_context_sentences_are_the_dataclass_ones(text):
    doc = NLP(text)
    ctx = Context.build(doc)
    assert len(ctx.sentences) == len(doc.sentences)
    for k, (ss, sentence) in enumerate(zip(ctx.sentences, doc.sentences)):
        want = SentenceSpans(sentence, doc, index=k, article_memo=ctx.memo)
        for attr in C._SPAN_LISTS:
            getattr(want, attr).extend(getattr(ss, attr))
        assert fields_of(ss) == fields_of(want)
        assert ss.article_memo is ctx.memo
