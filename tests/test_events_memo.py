"""The events stage's memos (issue 9, speed): every remembered answer equals the one worked out afresh."""
import pytest

from marsad.pipeline import Pipeline
from marsad.pipeline.events import build_events
from marsad.pipeline.events import actors as A
from marsad.pipeline.events import features as F
from marsad.pipeline.events.context import Context, _clause_end, _clause_start, clause_end, clause_start

NLP = Pipeline()

TEXTS = [
    "قصفت قوات النظام بلدة كفرنبل، ما أدى إلى مقتل ثلاثة مدنيين وإصابة آخرين.",
    "قال مصدر أمني إن مسلحين من داعش شنوا هجوما على حاجز للجيش في الرمادي أمس، وقتل جنديان.",
    "اندلعت اشتباكات بين قوات سوريا الديمقراطية وفصائل المعارضة في ريف حلب؛ وتبنى تنظيم الدولة التفجير.",
    "أدان الجيش الغارة على دمشق: سقط فيها خمسة قتلى في صفوف عناصر الشرطة.",
]

# commas right at a sentence's edges and next to each other
CLAUSE_TEXTS = [
    "، قصفت الطائرات حلب،",
    "قصفت الطائرات حلب،، وقتل رجلان؛ وأصيب آخر: في حمص.",
    "قتل رجل. ، ثم قتل آخر في حمص ،",
    "لا فواصل في هذه الجملة",
]


@pytest.mark.parametrize("text", TEXTS + CLAUSE_TEXTS)
def test_clause_bounds_memo_equals_fresh(text):
    doc = NLP(text)
    ctx = Context.build(doc)
    for ss in ctx.sentences:
        for offset in range(ss.sentence.start, ss.sentence.end + 1):
            lo, hi = clause_start(ss, doc, offset), clause_end(ss, doc, offset)
            assert (lo, hi) == (_clause_start(ss, doc, offset), _clause_end(ss, doc, offset))
            assert (clause_start(ss, doc, offset), clause_end(ss, doc, offset)) == (lo, hi)  # remembered


@pytest.mark.parametrize("text", TEXTS)
def test_clause_bounds_of_another_document_not_remembered(text):
    doc, other = NLP(text), NLP(text + " وقتل شخص آخر في حماة.")
    ss = Context.build(doc).sentences[0]
    clause_start(ss, other, ss.sentence.start + 3)
    clause_end(ss, other, ss.sentence.start + 3)
    assert ss._cuts is None  # (the sentence's own cuts are not searched in another text)


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("memoised, fresh", [
    (A._commentator, A._commentator_uncached),
    (A._in_the_ranks, A._in_the_ranks_uncached),
    (A._agent_genitive, A._agent_genitive_uncached),
    (A._is_source, A._is_source_uncached),
    (A._among_the_dead_counted, lambda ctx, ss, a: A._among_the_dead(ctx, ss, a)),
    (A._among_the_dead_struck, lambda ctx, ss, a: A._among_the_dead(ctx, ss, a, True)),
])
def test_actor_tests_memo_equals_fresh(text, memoised, fresh):
    ctx = Context.build(NLP(text))
    for ss in ctx.sentences:
        for a in ss.actors:
            assert memoised(ctx, ss, a) == fresh(ctx, ss, a)
            assert memoised(ctx, ss, a) == fresh(ctx, ss, a)  # the remembered answer


def test_memo_of_actor_asks_once_per_actor():
    ctx = Context.build(NLP(TEXTS[1]))
    calls = []

    def test(ctx, ss, actor):
        calls.append(actor.start)
        return actor.start % 2 == 0

    for _ in range(3):
        for ss in ctx.sentences:
            for a in ss.actors:
                assert A._memo_of_actor(ctx, ss, a, test) == (a.start % 2 == 0)
    assert len(calls) == sum(len(ss.actors) for ss in ctx.sentences)


@pytest.mark.parametrize("text", TEXTS)
def test_article_memos_equal_fresh(text):
    ctx = Context.build(NLP(text))
    assert A._ranked_families(ctx) == [f for f, _ in A._named_counts(ctx).most_common() if f != "civilians"]
    for family in list(A._named_counts(ctx)) + ["no-such-family"]:
        assert A._article_opponent(ctx, family) == A._article_opponent_uncached(ctx, family)
    assert F.folded_title(ctx) == ""
    for ss in ctx.sentences:
        for t in ss.triggers:
            names = F._cue_features(ctx, ss, t.start)
            want = {f"cue_before:{c.cls}" for c in ss.cues if c.start < t.start}
            want |= {f"cue_after:{c.cls}" for c in ss.cues if c.start >= t.start}
            assert set(names) == want and len(names) == len(want)


@pytest.mark.parametrize("text", TEXTS)
def test_events_the_same_when_built_again(text):
    """Memos live in the article's Context: building the events again gives the same records."""
    doc = NLP(text)
    first = [vars(e).copy() for e in build_events(doc).events]
    again = [vars(e).copy() for e in build_events(doc).events]
    assert first == again


@pytest.mark.parametrize("site, city, name_ar, want", [
    ("طريق مطار دمشق الدولي", "دمشق", "دمشق", True),
    ("طريق مطار دمشق الدولي", "العاصمة دمشق", "دمشق", True),
    ("مطار دمشق", "د مشق", "دمشق", False),  # the lead spells it apart: no written form to find
    ("دمشق", "دمشق", "دمشق", False),  # the city itself is no site named after it
    ("مطار حلب", "دمشق", "دمشق", False),
])
def test_site_named_after(site, city, name_ar, want):
    from marsad.pipeline.events.merge import _site_named_after
    assert _site_named_after(site, city, name_ar) is want
    assert _site_named_after(site, city, name_ar) is want  # remembered


@pytest.mark.parametrize("qualifier", ["", "ريف", "قرب", "محافظة", "جنوب"])
def test_countryside_memo_equals_fresh(qualifier):
    from marsad.pipeline.events.linking import _countryside
    from marsad.pipeline.triggers import cue_words
    from marsad.text import fold
    assert _countryside(qualifier) == (fold(qualifier) in cue_words("countryside"))


@pytest.mark.parametrize("text", TEXTS)
def test_context_spans_in_their_sentences(text):
    doc = NLP(text + " وفي حماة قتل شخص أمس.")
    ctx = Context.build(doc)
    for attr in ("triggers", "places", "actors", "dates", "fatalities"):
        held = [span for ss in ctx.sentences for span in getattr(ss, attr)]
        want = [span for span in getattr(doc, attr)
                if any(s.start <= span.start < s.end for s in doc.sentences)]
        assert sorted(map(id, held)) == sorted(map(id, want))
        for ss in ctx.sentences:
            assert all(ss.sentence.start <= span.start < ss.sentence.end for span in getattr(ss, attr))
