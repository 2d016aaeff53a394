"""Speed of the events stage (issue 9): every prefilter and memo gives the answer of the slow path."""
import pytest

from marsad.pipeline import Pipeline
from marsad.pipeline.events import actors as A
from marsad.pipeline.events import context as C
from marsad.pipeline.events import reporting as R
from marsad.pipeline.events.context import Context

NLP = Pipeline()

# short synthetic sentences: sources, commentators, ranks, claims, origins, routes, plans, tallies
TEXTS = [
    "قصفت قوات النظام بلدة كفرنبل، ما أدى إلى مقتل ثلاثة مدنيين وإصابة آخرين.",
    "قال مصدر أمني إن مسلحين من داعش شنوا هجوما على حاجز للجيش في الرمادي أمس، وقتل جنديان.",
    "وتبنى تنظيم الدولة التفجير الذي استهدف سوقا في بغداد. وأدان الجيش الهجوم على الموصل.",
    "سقط خمسة قتلى في صفوف عناصر الشرطة في كركوك، وقالت وكالة مقربة من الحزب إن الاشتباكات مستمرة.",
    "يخطط الجيش لشن هجوم على إدلب، ونفت الفصائل قصف حلب. حصيلة المعارك منذ بداية الشهر 40 قتيلا في حمص.",
    "قتل رجل منحدر من بلدة الصور أثناء توجهه من حلب إلى اللاذقية، قرب تل مطل على مطار المزة.",
    "لم تشن الطائرات أي غارة على دوما، وكان الجيش قد سيطر على بلدة حرستا.",
]


def phrase_may_occur(norm, phrases):
    """The slow form of ``may_occur`` (events/context.py) for one list: True unless no phrase of
    ``phrases`` (folded) has its first word in ``norm`` (a phrase of no words: always True)."""
    for phrase in phrases:
        words = phrase.split()
        if not words or words[0] in norm:
            return True
    return False


@pytest.mark.parametrize("norm, phrases, expected", [
    ("قتل رجل في حلب", {"قتل"}, True),
    ("قتل رجل في حلب", {"اعتقل"}, False),
    ("مقتل رجل", {"قتل"}, True),  # a piece of a word is enough (the prefilter may say yes wrongly, never no)
    ("قال المتحدث باسم الجيش", {"المتحدث باسم", "المقرب من"}, True),  # the first word of a phrase
    ("قال الناطق", {"المتحدث باسم"}, False),
    ("نص", {""}, True),  # a phrase of no words could match an empty word
    ("نص", set(), False),
])
def test_phrase_may_occur(norm, phrases, expected):
    assert phrase_may_occur(norm, phrases) is expected


EXTRA = ["وصف المتحدث باسم الفصائل القصف بأنه جريمة", "خسائر في صفوف الجيش", "نص بلا كلمات منها", ""]


@pytest.mark.parametrize("text", TEXTS + EXTRA)
def test_may_occur_agrees_with_the_slow_test(text):
    ctx = Context.build(NLP(text))
    assert C._PREFILTER_WORDS  # (the lists of both modules are registered at import)
    for name, phrases in C._PREFILTER_WORDS.items():
        assert C.may_occur(ctx, name) == phrase_may_occur(ctx.doc.norm, phrases()), name


def test_may_occur_answers_yes_for_a_list_it_has_not_scanned_for():
    ctx = Context.build(NLP(TEXTS[0]))
    C.may_occur(ctx, "origin")  # the article's pass
    C.register_prefilter("test:late", lambda: {"كلمة"})
    try:
        assert C.may_occur(ctx, "test:late")  # no answer from this article's pass: the test is done
        assert not C.may_occur(Context.build(NLP(TEXTS[0])), "test:late")  # the next article's pass has it
    finally:
        del C._PREFILTER_WORDS["test:late"]


def _fresh(ctx):
    """A context of the same article with nothing remembered."""
    return Context.build(ctx.doc)


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("test", [A._commentator_uncached, A._in_the_ranks_uncached, A._near_only_uncached,
                                  A._after_claim_verb])
def test_actor_prefilter_agrees_with_slow_path(text, test, monkeypatch):
    ctx = Context.build(NLP(text))
    got = [test(ctx, a) if test is A._near_only_uncached else test(ctx, ss, a)
           for ss in ctx.sentences for a in ss.actors]
    monkeypatch.setattr(A, "_cue_in_article", lambda ctx, cls: True)  # every word test done
    slow_ctx = _fresh(ctx)
    want = [test(slow_ctx, a) if test is A._near_only_uncached else test(slow_ctx, ss, a)
            for ss in slow_ctx.sentences for a in ss.actors]
    assert got == want


@pytest.mark.parametrize("text", TEXTS)
def test_event_places_prefilter_agrees_with_slow_path(text, monkeypatch):
    ctx = Context.build(NLP(text))
    got = [ctx.event_places(i) for i in range(len(ctx.sentences))]
    monkeypatch.setattr(C, "may_occur", lambda ctx, name: True)
    slow = _fresh(ctx)
    assert [slow.event_places(i) for i in range(len(slow.sentences))] == got


@pytest.mark.parametrize("text", TEXTS)
def test_not_reported_memo_and_cue_filter_agree_with_slow_path(text, monkeypatch):
    ctx = Context.build(NLP(text))
    got = [R.not_reported(ctx, ss, t) for ss in ctx.sentences for t in ss.triggers]
    assert [R.not_reported(ctx, ss, t) for ss in ctx.sentences for t in ss.triggers] == got  # remembered
    monkeypatch.setattr(R, "reporting_cues", lambda ss: ss.cues)  # every cue of the sentence looked at
    slow = _fresh(ctx)
    assert [R._not_reported(slow, ss, t) for ss in slow.sentences for t in ss.triggers] == got


@pytest.mark.parametrize("text", TEXTS)
def test_reporting_cues_are_the_sentence_cues_of_the_classes(text):
    ctx = Context.build(NLP(text))
    for ss in ctx.sentences:
        assert R.reporting_cues(ss) == [c for c in ss.cues if c.cls in R._REPORTING_CUE_CLASSES]


@pytest.mark.parametrize("text", TEXTS)
def test_sides_shared_by_the_candidates_of_a_report(text):
    ctx = Context.build(NLP(text))
    for ss in ctx.sentences:
        if not ss.places:
            continue
        for t in ss.triggers:
            for cls in sorted({t.sub_event_type, "Armed clash", "Arrests"}):
                first, second = (C.Candidate(ss.index, cls, t.strong, p, [t], None, 1) for p in (ss.places[0], ss.places[-1]))
                A.resolve_actors(ctx, ss, first)
                A.resolve_actors(ctx, ss, second)  # the sides remembered from the first
                fresh = _fresh(ctx)
                alone = C.Candidate(ss.index, cls, t.strong, ss.places[-1], [t], None, 1)
                A.resolve_actors(fresh, fresh.sentences[ss.index], alone)
                assert (second.actor1, second.actor2, second.assoc1, second.actor1_name, second.actor2_name,
                        second.civilian) == (alone.actor1, alone.actor2, alone.assoc1, alone.actor1_name,
                                             alone.actor2_name, alone.civilian)
                assert second.assoc1 is not first.assoc1  # each candidate its own list


@pytest.mark.parametrize("between, expected", [
    ("", True), ("  ", True), (" الانتحاري ", True), (" انتحاري ", False), (" الكبير الاخير ", False),
])
def test_next_to(between, expected):
    assert R._next_to(between) is expected


def _retold_over_all_cues(ctx, ss, trig):
    """The loop over every cue of the sentence that retold() ran before it read the two classes only."""
    doc = ctx.doc
    for cue in ss.cues:
        if cue.cls == "anaphor" and cue.end <= trig.start:
            between = doc.norm[doc.norm_index(cue.end): doc.norm_index(trig.start)].split()
        elif cue.cls == "anaphor_after" and cue.start >= trig.end:
            between = doc.norm[doc.norm_index(trig.end): doc.norm_index(cue.start)].split()
        else:
            continue
        if not between or (len(between) == 1 and between[0].startswith("ال")):
            return True
    return False


CUE_TEXTS = TEXTS + [
    "وأدى هذا القصف إلى مقتل شخصين في دوما.",
    "قتل ثلاثة في الهجوم ذاته على حاجز في الرمادي.",
    "وكانت الكتائب قد دخلت بلدة خان طومان، وسبق ذلك بأيام قصف على حلب.",
    "وكان مصدر أمني قد قال إن الجيش اعتقل عشرة في بغداد.",
]


@pytest.mark.parametrize("text", CUE_TEXTS)
def test_cue_class_lists_agree_with_the_loop_over_all_cues(text):
    ctx = Context.build(NLP(text))
    for ss in ctx.sentences:
        for t in ss.triggers:
            assert R.retold(ctx, ss, t) == _retold_over_all_cues(ctx, ss, t)
        by_loop = [c for c in ss.cues if c.cls in ("earlier", "background")]
        assert sorted(ss.cues_of("earlier") + ss.cues_of("background")) == sorted(by_loop)
    assert any(R.retold(ctx, ss, t) for ss in ctx.sentences for t in ss.triggers) == any(
        _retold_over_all_cues(ctx, ss, t) for ss in ctx.sentences for t in ss.triggers)


def _abroad_scanning_first(ss, mention, cand):
    """_abroad as it was: the toll's stretch found before the places abroad are looked for."""
    import re
    here = cand.place.place
    if here is None:
        return False
    text = ss.doc.text
    punct = re.compile(r"[,،.;:!?؟]")
    lo = max((m.end() for m in punct.finditer(text, ss.sentence.start, mention.start)), default=ss.sentence.start)
    hi = next((m.start() for m in punct.finditer(text, mention.end, ss.sentence.end)), ss.sentence.end)
    if lo <= cand.place.start < hi:
        return False
    return any(lo <= p.start < hi and p.role == "place" and p.place is not None
               and p.place.country_code and p.place.country_code != here.country_code for p in ss.places)


ABROAD_TEXTS = TEXTS + [
    "قتل خمسة في غارة على حلب، عقب موجة من الانفجارات في الأردن أدت إلى سقوط قتلى.",
    "وقتل ثلاثة في بغداد، وفي دمشق قتل اثنان في انفجار.",
]


@pytest.mark.parametrize("text", ABROAD_TEXTS)
def test_abroad_agrees_with_the_stretch_first(text):
    from marsad.pipeline.events import fatalities as EF
    ctx = Context.build(NLP(text))
    for ss in ctx.sentences:
        for mention in ss.fatalities:
            for place in ss.places:
                cand = C.Candidate(ss.index, "Attack", True, place, list(ss.triggers[:1]), None, 1)
                assert EF._abroad(ss, mention, cand) == _abroad_scanning_first(ss, mention, cand)


@pytest.mark.parametrize("text, places", [
    ("قال مصدر أمني في كركوك إن انفجارا وقع في الحويجة.", ["الحويجة"]),  # where it is told is dropped
    ("قال مصدر أمني في كركوك إن انفجارا وقع.", ["كركوك"]),  # a lone place stays: no speaker test made
])
def test_speaker_place_dropped_only_beside_another(text, places, monkeypatch):
    calls = []
    real = C._speaker_location
    monkeypatch.setattr(C, "_speaker_location", lambda doc, p: calls.append(p) or real(doc, p))
    ctx = Context.build(NLP(text))
    assert [p.text for p in ctx.event_places(0)] == places
    assert bool(calls) == (len(places) == 1 and len(ctx.sentences[0].places) > 1)


def _clause_start_by_rfind(ss, doc, offset):
    text, lo, j = doc.norm, doc.norm_index(ss.sentence.start), doc.norm_index(offset)
    cut = max(text.rfind(",", lo, j), text.rfind(";", lo, j), text.rfind(":", lo, j))
    return doc.text_index(cut + 1) if cut >= 0 else ss.sentence.start


def _clause_end_by_find(ss, doc, offset):
    text, j, hi = doc.norm, doc.norm_index(offset), doc.norm_index(ss.sentence.end)
    cuts = [k for k in (text.find(",", j, hi), text.find(";", j, hi), text.find(":", j, hi)) if k >= 0]
    return doc.text_index(min(cuts)) if cuts else ss.sentence.end


@pytest.mark.parametrize("text", CUE_TEXTS + [
    "قصف: الجيش، البلدة؛ وقتل ثلاثة، ثم انسحب.", "بلا فواصل", "،،؛:", "قَتَلَ ثلاثةٌ، في حَلَب؛ أمس: 5 قتلى",
])
def test_clause_bounds_from_the_sentence_cuts_equal_the_text_search(text):
    doc = NLP(text)
    ctx = Context.build(doc)
    for ss in ctx.sentences:
        # offsets in the sentence (its cuts), and before and after it (the text searched as before)
        for offset in range(max(0, ss.sentence.start - 3), min(len(doc.text), ss.sentence.end + 3) + 1):
            assert C._clause_start(ss, doc, offset) == _clause_start_by_rfind(ss, doc, offset)
            assert C._clause_end(ss, doc, offset) == _clause_end_by_find(ss, doc, offset)


TURN_TEXTS = [
    "قصفت قوات النظام بلدة كفرنبل. من جهة أخرى، قتل ثلاثة في حماة أمس. وقصف الجيش حلب.",
    "من جهة أخرى، قتل ثلاثة في حماة. وإلى ذلك قصفت الطائرات دوما. وقتل اثنان في حمص اليوم.",
    "قتل خمسة في إدلب أمس. وفي سياق آخر، اعتقلت الشرطة عشرة في بغداد. من جهة أخرى، سقط قتيل في درعا.",
    "تقرير عن الأوضاع. من جهة أخرى، الطقس حار.",
] + TEXTS


@pytest.mark.parametrize("text", TURN_TEXTS)
def test_turns_asked_only_where_they_matter_give_the_same_records(text, monkeypatch):
    from marsad.pipeline import events as E
    doc = NLP(text)
    got = ([e.to_dict() if hasattr(e, "to_dict") else vars(e).copy() for e in doc.events],
           [(d.sentence, d.text) for d in doc.decisions])
    monkeypatch.setattr(E, "_turns_that_matter", lambda ctx: (-1, len(ctx.sentences)))  # every turn asked
    again = NLP(text)
    assert ([e.to_dict() if hasattr(e, "to_dict") else vars(e).copy() for e in again.events],
            [(d.sentence, d.text) for d in again.decisions]) == got


@pytest.mark.parametrize("text, expected", [
    ("قصفت قوات النظام بلدة كفرنبل. قتل ثلاثة في حماة أمس. وقصف الجيش حلب. تقرير.", (1, 2)),
    ("قصفت قوات النظام بلدة كفرنبل. تقرير.", (2, 0)),  # no date: no turn matters
])
def test_turns_that_matter(text, expected):
    from marsad.pipeline import events as E
    ctx = Context.build(NLP(text))
    assert E._turns_that_matter(ctx) == expected
