"""Speed changes of the events stage's cue and reporting tests (issue 9): each fast path agrees with the
slow one it replaces, on short synthetic Arabic phrases."""
import pytest

from marsad.pipeline import Pipeline
from marsad.pipeline import lexicon as L
from marsad.pipeline.dates import past_perfect_after
from marsad.pipeline.events import context as C
from marsad.pipeline.events import reporting as R
from marsad.pipeline.events.context import Context, _clause_end, _clause_start, clause_end, clause_start
from marsad.pipeline.lexicon import Hit, PhraseMatcher
from marsad.pipeline.triggers import _cue_matcher
from marsad.text import fold

NLP = Pipeline()


def _hits_slow(matcher: PhraseMatcher, norm: str) -> list:
    """PhraseMatcher.hits as it was before the end test moved first (the reference)."""
    out = []
    n = len(norm)
    for end_index, (key, length, values, any_stem) in matcher._automaton.iter(norm):
        start, end = end_index - length + 1, end_index + 1
        if start == 0 or not norm[start - 1].isalnum():
            prefix, first = "", start
        else:
            p = start - 1
            while p > 0 and start - p < 5 and norm[p - 1].isalnum():
                p -= 1
            if p > 0 and norm[p - 1].isalnum():
                continue
            prefix = norm[p:start]
            if prefix not in L._PROCLITIC_CHAINS:
                continue
            first = start - 2 if prefix.endswith("ال") else start - 1 if prefix.endswith("لل") else start
        if end >= n or not norm[end].isalnum():
            stop = end
        elif not any_stem:
            continue
        else:
            stop = end + 1
            while stop < n and norm[stop].isalnum():
                stop += 1
        for stem, value in values:
            if stem or stop == end:
                out.append(Hit(first, stop if stem else end, key, value, prefix))
    return out


MATCHER = PhraseMatcher([("لا", "neg"), ("لم", "neg"), ("في", "frame"), ("قتل*", "kill"), ("قتلى", "dead"),
                         ("الجيش", "army"), ("الجيش السوري", "army"), ("مع", "pair"), ("اشتبك*", "clash")])

PHRASES = [
    "لا", "لاجئين", "علاقة", "ولا يزال", "فلم يعد", "في", "وفي حلب", "كفي", "لم_يعد", "5لا", "(لا)", "«في»",
    "قتل", "قتلى", "مقتل", "وقتلوا", "بالقتلى", "قتلاهم", "للجيش", "والجيش السوري الحر", "جيش", "وبالجيش",
    "اشتباكات مع الجيش، في", "معا", "مع\nالجيش", "كالجيش", "ولقتلى", "فبالجيش", "الجيش.لا",
]


@pytest.mark.parametrize("text", PHRASES)
def test_hits_agree_with_the_reference_loop(text):
    norm = fold(text)
    assert MATCHER.hits(norm) == _hits_slow(MATCHER, norm)


@pytest.mark.parametrize("text", [
    "لم يتمكن اللاجئون من العودة الى منازلهم في ريف حلب.",
    "قال المرصد إن الطائرات التي قصفت البلدة لا تزال تحلق فوقها، وكانت قد قصفت مواقع أخرى.",
    "نفى الناطق باسم الجيش أن تكون قواته قد استهدفت المدنيين، وأكد أنها ستواصل عملياتها.",
])
def test_cue_hits_agree_with_the_reference_loop(text):
    norm = fold(text)
    assert _cue_matcher().hits(norm) == _hits_slow(_cue_matcher(), norm)


TEXTS = [
    "قصفت قوات النظام بلدة كفرنبل، ما أدى إلى مقتل ثلاثة مدنيين وإصابة آخرين.",
    "وكانت الفصائل قد سيطرت على القرية، وقبل ذلك بأيام نصب مسلحون كمينا لدورية في ريف حماة.",
    "وسبق أن قصفت الطائرات البلدة في 3 آذار، وكان مصدر أمني قد قال إن الهجوم أوقع قتلى.",
    "اشتبك مقاتلون مع الجيش قرب درعا؛ وقتل جنديان: ثم انسحبوا.",
    "توجه الوفد من دمشق الى بيروت، بينما قصف الجيش منطقة مطلة على مطار المزة.",
]


def _undated_past_perfect_slow(ctx, ss, trig):
    """The past-perfect test without the early answer for a sentence with no ``earlier``/``background`` cue."""
    doc = ctx.doc
    lo, hi = clause_start(ss, doc, trig.start), clause_end(ss, doc, trig.end)

    def dated_from(start):
        return any(d.time_precision < 4 and min(start, lo) <= d.start < hi for d in ss.dates)

    if any(c.start < trig.start and not dated_from(c.start) for c in ss.cues_of("earlier")):
        return True
    for c in ss.cues_of("background"):
        if c.start >= trig.start or dated_from(c.start):
            continue
        if not past_perfect_after(doc.norm[doc.norm_index(c.end): doc.norm_index(ss.sentence.end)]):
            continue
        if any(c.end <= a.start < trig.start for a in ss.cues_of("attribution")):
            continue
        return True
    return False


@pytest.mark.parametrize("text", TEXTS)
def test_undated_past_perfect_early_answer_agrees(text):
    doc = NLP(text)
    ctx = Context.build(doc)
    for ss in ctx.sentences:
        for trig in ss.triggers:
            assert R._undated_past_perfect(ctx, ss, trig) == _undated_past_perfect_slow(ctx, ss, trig)


@pytest.mark.parametrize("text", TEXTS)
def test_clause_bounds_keyed_by_offset_agree_in_any_order(text):
    doc = NLP(text)
    for ss in Context.build(doc).sentences:
        offsets = list(range(ss.sentence.start, ss.sentence.end + 1))
        for offset in reversed(offsets):  # ends first: an end's key never answers for a start
            assert clause_end(ss, doc, offset) == _clause_end(ss, doc, offset)
        for offset in offsets:
            assert clause_start(ss, doc, offset) == _clause_start(ss, doc, offset)
            assert clause_end(ss, doc, offset) == _clause_end(ss, doc, offset)


@pytest.mark.parametrize("text", TEXTS)
def test_event_place_word_lists_asked_once_agree(text, monkeypatch):
    doc = NLP(text)
    ctx, fresh = Context.build(doc), Context.build(doc)
    fast = [C._event_places(ctx, ss) for ss in ctx.sentences]
    calls = []
    real = C.occurrences

    def counted(c, name):
        calls.append(name)
        return real(c, name)

    monkeypatch.setattr(C, "occurrences", counted)
    slow = [C._event_places(fresh, ss) for ss in fresh.sentences]
    assert fast == slow
    # once per article, not per sentence (and not for an article with no place)
    assert len(calls) == (len(C._PLACE_TEST_LISTS) if any(ss.places for ss in fresh.sentences) else 0)
