"""Speed of the events stage (issue 9), actors, merge and records: the window prefilter of the word tests
before an actor, the merge pass's gates kept per record, the sentence's side filters, the toll updates
asked only of sentences that count dead, and the coordinates of the event id worked out once per place --
each gives the answer of the slow path it replaces."""
import copy
import hashlib
import importlib
from datetime import date

import pytest

from marsad import Article, Pipeline
from marsad.document import EventRecord
from marsad.pipeline.events import actors as A
from marsad.pipeline.events import fatalities as F
from marsad.pipeline.events import records as R
from marsad.pipeline.events.context import Context

from events_references import article_pairs_slow

from test_fastpaths_events_merge_actors import cand, merge_pass_all_pairs, shape

M = importlib.import_module("marsad.pipeline.events.merge")  # (the package's ``merge`` is the function)
NLP = Pipeline()
PUB = date(2024, 5, 20)

# the cue words stand right before an actor, a few words before it, at the edge of the window and past it
TEXTS = [
    # launch / agent noun / ranks
    "شن مسلحو تنظيم داعش هجوما على حاجز للجيش في ريف حمص الشرقي أمس.",
    "نفذت فصائل المعارضة عملية تسلل نحو مواقع قوات النظام قرب بلدة كفرنبودة.",
    "أسفر هجوم تنظيم داعش على قرية في ريف دير الزور عن مقتل أربعة من عناصر قوات سوريا الديمقراطية.",
    "وقعت خسائر في صفوف قوات النظام خلال اشتباكات مع فصائل المعارضة في ريف درعا اليوم.",
    "قصف الطيران الحربي مواقع للفصائل في إدلب، بعد هجــوم نفذته هيئة تحرير الشام على نقطة للجيش.",
    # comment / close_to / claim
    "انفجرت عبوة في سوق ببغداد، وتبنى تنظيم داعش الهجوم. أدانت قوات سوريا الديمقراطية القصف التركي على قرى الحسكة.",
    "قالت وكالة هاوار المقربة من قوات سوريا الديمقراطية إن القوات التركية قصفت قرى في ريف الحسكة.",
    "وصف المتحدث باسم الجيش اللبناني القصف الإسرائيلي على بلدة الخيام بأنه اعتداء سافر.",
    "اتهمت وزارة الدفاع الروسية الفصائل المسلحة بقصف مدينة حلب بقذائف الهاون صباح الأحد.",
    # cue words further back than the windows reach (the prefilter must not keep the test from its answer)
    "شن بعد منتصف الليل بساعة واحدة تقريبا مسلحون مجهولون هجوما على مخفر للشرطة في الموصل.",
    "نددت منظمات حقوقية عديدة في بيان مشترك طويل بقصف قوات النظام لمدينة دوما في الغوطة.",
    # the actor after a verb of launching is the side that attacked, not the one attacked
    "شن عناصر من تنظيم داعش هجوما على مواقع قوات النظام في بادية حمص أمس.",
    # a tatweel and punctuation inside the window
    "شـــن «تنظيم داعش» هجوما، وتبنت «هيئة تحرير الشام» قصف مواقع الجيش في ريف حماة.",
]

WORD_TESTS = [A._commentator_uncached, A._in_the_ranks_uncached, A._near_only_uncached, A._after_claim_verb,
              A._after_launch_verb, A._agent_genitive_uncached]


def _answers(ctx, test):
    return [test(ctx, a) if test is A._near_only_uncached else test(ctx, ss, a)
            for ss in ctx.sentences for a in ss.actors]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("test", WORD_TESTS, ids=lambda t: t.__name__)
def test_window_prefilter_gives_the_slow_answer(text, test, monkeypatch):
    doc = NLP(Article(id="t", text=text, published=PUB))
    got = _answers(Context.build(doc), test)
    monkeypatch.setattr(A, "_cue_before", lambda ctx, actor, cls, reach: True)  # every window read
    monkeypatch.setattr(A, "_cue_in_article", lambda ctx, cls: True)
    assert got == _answers(Context.build(doc), test)


@pytest.mark.parametrize("test, text", [
    (A._after_launch_verb, TEXTS[0]), (A._agent_genitive_uncached, TEXTS[2]), (A._in_the_ranks_uncached, TEXTS[3]),
    (A._commentator_uncached, TEXTS[5]), (A._after_claim_verb, TEXTS[5]), (A._near_only_uncached, TEXTS[6]),
    (A._after_launch_verb, TEXTS[11]),
])
def test_window_prefilter_keeps_the_words_it_must(test, text):
    # the table above is no empty check: each test holds for some actor of its text
    assert any(_answers(Context.build(NLP(Article(id="t", text=text, published=PUB))), test))


def test_launch_verb_names_the_attacker():
    # "شن عناصر من تنظيم داعش هجوما على مواقع قوات النظام": the launching side did it (the gate asks it)
    doc = NLP(Article(id="t", text=next(t for t in TEXTS if t.startswith("شن عناصر")), published=PUB))
    assert [(e.actor1, e.actor2) for e in doc.events] == [("Islamic State (Syria)", "Military Forces of Syria (2000-2024)")]


def _events(text):
    doc = NLP(Article(id="t", text=text, published=PUB))
    return [e.to_dict() for e in doc.events], [d.text for d in doc.decisions]


def sentence_sides_slow(ctx, ss):
    """``actors._sentence_sides`` asking every filter of every actor, in the order first written."""
    groups = [A._group_of_member(ctx, ss, a) for a in ss.actors]
    members = {id(g): g for g in groups if g is not None}
    named = [a for a, g in zip(ss.actors, groups)
             if not A._is_civilian(a) and not A._qualifies_another(ss, a) and g is None
             and not A._near_only(ctx, a) and not A._adjective_of_trigger(ctx, ss, a)
             and not A._commentator(ctx, ss, a) and not A._destination(ctx, a)]
    return members, named


FAST_ASSIGN = F.assign_fatalities

UPDATE_TEXTS = [
    "انفجرت سيارة مفخخة في سوق مدينة الباب، ما أدى إلى مقتل سبعة أشخاص. وارتفع عدد القتلى لاحقا إلى 11 شخصا.",
    "قتل ثلاثة مدنيين بقصف مدفعي على بلدة سرمين. وارتفعت حصيلة القتلى لاحقا إلى خمسة.",
]


@pytest.mark.parametrize("text, toll", [(UPDATE_TEXTS[0], 11), (UPDATE_TEXTS[1], 5)])
def test_a_sentence_that_raises_the_toll_still_updates_it(text, toll):
    doc = NLP(Article(id="t", text=text, published=PUB))
    assert [e.fatalities for e in doc.events] == [toll]


@pytest.mark.parametrize("text", TEXTS + UPDATE_TEXTS)
@pytest.mark.parametrize("slow", ["sentence_sides", "merge_pass", "update_earlier"])
def test_pipeline_gives_the_slow_answer(text, slow, monkeypatch):
    fast = _events(text)
    if slow == "sentence_sides":
        def uncached(ctx, ss):
            return sentence_sides_slow(ctx, ss)
        monkeypatch.setattr(A, "_sentence_sides", uncached)
    elif slow == "merge_pass":
        monkeypatch.setattr(M, "_merge_pass", lambda cands, on_merge, *, sides_agree: merge_pass_slow(
            cands, on_merge, sides_agree=sides_agree))
    else:
        def every_sentence(ctx, candidates):
            by_sentence = {c.sentence for c in candidates}
            FAST_ASSIGN(ctx, candidates)
            # (the fast loop skipped the sentences that count no dead: asking them changes nothing)
            for i in range(len(ctx.sentences)):
                if i not in by_sentence and not ctx.sentences[i].fatalities:
                    F._update_earlier(ctx, i, candidates)
        import marsad.pipeline.events as E
        monkeypatch.setattr(E, "assign_fatalities", every_sentence)
    assert _events(text) == fast


def merge_pass_slow(candidates, on_merge, *, sides_agree):
    """``merge._merge_pass`` with the place key, day and type of each record looked up at each comparison."""
    merged = []
    kinds = M._event_types()
    for c in sorted(candidates, key=lambda c: (not c.strong, c.sentence)):
        key, kind = M._place_key(c), kinds.get(c.sub_event_type)
        options = [m for m in merged if (M._place_key(m) == key or (m.day == c.day and (
                   kind is None or kinds.get(m.sub_event_type, kind) == kind)))
                   and M._same_incident(m, c) and (not sides_agree or M._sides_agree(m, c))]
        options.sort(key=lambda m: m.day != c.day)
        if options:
            if on_merge is not None:
                on_merge(c, options[0])
            M._absorb(options[0], c)
        else:
            merged.append(c)
    return merged


# a record whose place, day or type changes when it absorbs a report: the next report is compared with
# what it became (the gates of the record are worked out again)
MERGE_CASES = [
    # the province's record takes the town's place, then a second report at the town joins it
    [("p", dict()), ("t", dict()), ("t", dict(day=date(2023, 3, 12), explicit=False))],
    # an inherited day yields to the written one, then a report of the written day at another place near it
    [("c", dict(day=date(2023, 3, 14), explicit=False)), ("c", dict()), ("t", dict(fatalities=4)),
     ("h", dict(fatalities=4))],
    # a bare strike takes the typed strike's type; a report of the other event type stays apart
    [("p", dict(kind="Air/drone strike")), ("t", dict(kind="Shelling/artillery/missile attack", trigger_class="strike")),
     ("t", dict(kind="Armed clash"))],
    # two options, one of another (inherited) day: the very day's first
    [("c", dict(day=date(2023, 3, 13))), ("c", dict()), ("c", dict(day=date(2023, 3, 13), explicit=False))],
]


@pytest.mark.parametrize("rows", MERGE_CASES)
@pytest.mark.parametrize("sides_agree", [True, False])
def test_merge_pass_gates_follow_what_a_record_becomes(rows, sides_agree):
    def build():
        return [cand(i, place, **kw) for i, (place, kw) in enumerate(rows)]

    fast = shape(M._merge_pass(build(), None, sides_agree=sides_agree))
    assert fast == shape(merge_pass_slow(build(), None, sides_agree=sides_agree))
    assert fast == shape(merge_pass_all_pairs(build(), sides_agree=sides_agree))


def event_id_slow(record: EventRecord) -> str:
    """``records.event_id`` rounding and printing the coordinates for every record."""
    key = "|".join(map(str, (record.article_id, record.event_date, record.location, round(record.latitude, 3),
                             round(record.longitude, 3), record.sub_event_type, record.actor1, record.actor2)))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@pytest.mark.parametrize("latitude, longitude", [
    (35.9312, 36.6339), (0.0, 0.0), (-0.0, 36.5), (36.5, -0.0), (-0.0, -0.0), (0.0004, -0.0004),
    (-12.34567, -76.54321), (1e-07, 44.0), (33.5, 1e20), (float("inf"), 1.0), (float("nan"), 2.5),
])
def test_event_id_coordinates_give_the_slow_answer(latitude, longitude):
    record = EventRecord(event_date="2024-05-20", time_precision=1, event_type="Battles", sub_event_type="Armed clash",
                         actor1="A", actor2="B", country="Syria", location="Idlib", latitude=latitude,
                         longitude=longitude, article_id="x-7")
    first = R.event_id(record)
    # asked again (from the cache), and after the other sign of zero was asked
    again = copy.copy(record)
    again.latitude, again.longitude = -latitude, -longitude
    R.event_id(again)
    assert first == R.event_id(record) == event_id_slow(record)
    assert R.event_id(again) == event_id_slow(again)


@pytest.mark.parametrize("text", TEXTS + UPDATE_TEXTS)
def test_window_gates_give_the_slow_answer(text, monkeypatch):
    # every window test asked of every actor: each class "may be anywhere"
    fast = _events(text)
    monkeypatch.setattr(A, "_window_spans", lambda ctx: {cls: True for cls in A._WINDOW_CLASSES})
    assert _events(text) == fast


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("cls, reach", [("agent", A.ROLE_CUE_REACH), ("target", A.ROLE_CUE_REACH),
                                        ("attribution", A.SOURCE_REACH), ("subject_verb", 2)])
def test_preceded_set_gives_preceded_by(text, cls, reach):
    ctx = Context.build(NLP(Article(id="t", text=text, published=PUB)))
    for ss in ctx.sentences:
        got = A._preceded_set(ss.actors, ss.cues_of(cls), reach)
        assert got == {id(a) for a in ss.actors if A._preceded_by(ss, a, cls, reach)}
    # two classes at once: either
    for ss in ctx.sentences:
        got = A._preceded_set(ss.actors, ss.cues_of("agent"), A.ROLE_CUE_REACH, ss.cues_of("subject_verb"), 2)
        assert got == {id(a) for a in ss.actors
                       if A._preceded_by(ss, a, "agent") or A._preceded_by(ss, a, "subject_verb", 2)}


def test_preceded_set_is_no_empty_check():
    text = "اعتقلت قوات الأمن خمسة أشخاص من قبل عناصر تنظيم داعش في الموصل، وقال الجيش العراقي إن الهجوم على الحاجز فشل."
    ctx = Context.build(NLP(Article(id="t", text=text, published=PUB)))
    assert any(A._preceded_set(ss.actors, ss.cues_of(cls), reach) for ss in ctx.sentences
               for cls, reach in (("agent", A.ROLE_CUE_REACH), ("attribution", A.SOURCE_REACH)))


ALLY_TEXTS = [
    # sides named together: associated actors
    "هاجمت قوات قسد والأسايش مواقع لتنظيم داعش في ريف الحسكة الجنوبي.",
    "اشتبكت قوات النظام والمليشيات الإيرانية مع فصائل المعارضة في ريف حلب الجنوبي.",
] + TEXTS[:3]


@pytest.mark.parametrize("text, assoc", [(ALLY_TEXTS[0], "Asayish"), (ALLY_TEXTS[1], "Militia (Pro-Iran)")])
def test_associates_are_found(text, assoc):
    doc = NLP(Article(id="t", text=text, published=PUB))
    assert any(assoc in e.assoc_actor_1 for e in doc.events)


def associates_slow(ctx, actor, others, country, day):
    """``actors.associates`` looking the article's allies up even when it has none."""
    if not actor:
        return ""
    table = A.actor_table()
    family = table[actor].family if actor in table else actor
    out = []
    for ally in ctx.allies.get(family, []):
        names = A.names_of_family(ally)
        name = A.resolve(list(names), country, day) if names else ""
        if name and name != actor and name not in others and name not in out:
            out.append(name)
    return "; ".join(out)


@pytest.mark.parametrize("text", ALLY_TEXTS)
def test_associates_give_the_slow_answer(text, monkeypatch):
    fast = _events(text)
    monkeypatch.setattr(R, "associates", associates_slow)
    assert _events(text) == fast


def specific_places_slow(places):
    """``linking.specific_places`` asking every pair of places: a broad place (or a countryside) gives way to a
    finer place within 40 km of it, or anywhere in its governorate when it is a whole countryside or governorate."""
    from marsad.pipeline.events.linking import BROAD_PLACE_KM, is_broad, km
    from marsad.pipeline.triggers import cue_words
    from marsad.text import fold

    def countryside(m):
        return any(w in fold(m.qualifier or "") for w in cue_words("countryside"))

    def holds(p, q):
        if km(p.place, q.place) <= BROAD_PLACE_KM:
            return True
        return (p.place.kind == "governorate" or countryside(p)) and bool(p.place.admin1) \
            and (p.place.admin1, p.place.country) == (q.place.admin1, q.place.country)

    if len(places) < 2:
        return places
    out = [p for p in places if p.place is not None and not [
        q for q in places if q is not p and q.place is not None and (is_broad(p) or countryside(p)) and not is_broad(q)
        and holds(p, q)]]
    return out or places


def _far_in_a1():
    from marsad.document import Place
    return Place(id="t2", name="FarTown", latitude=36.90, longitude=38.00, admin1="A1", kind="town")


FAR_IN_A1 = _far_in_a1()  # a town of the city's governorate, 90 km from it


def _mention(place, start, precision=1, qualifier=""):
    from marsad.document import PlaceMention
    return PlaceMention(start, start + 4, place.name if place else "x", place=place, geo_precision=precision,
                        qualifier=qualifier)


@pytest.mark.parametrize("rows", [
    [("p", 3), ("t", 1)],            # the province beside a town in it: the town
    [("p", 3), ("f", 1)],            # a town far from it: both
    [("c", 1), ("t", 1)],            # two towns: both
    [("p", 3), ("t", 1), ("c", 1)],  # two towns in it
    [("p", 3), (None, 1), ("t", 1)],  # a place not in the gazetteer is left out
    [("c", 1, "ريف"), ("t", 1)],      # the countryside of a city beside a town near it
    [("p", 3), ("c", 3)],            # two broad places: both
    [("c", 2, "وريفها"), ("t", 1)],   # a city and its countryside beside a town of its governorate: the town
    [("c", 2, "وريفها"), ("f", 1)],   # ... a town of another governorate: both
    [("c", 2, "وريفها"), ("t2", 1)],  # ... a town of its governorate 90 km out: the town
    [("c", 1), ("t2", 1)],            # a city itself beside that town: both
])
def test_specific_places_gives_the_slow_answer(rows):
    from marsad.pipeline.events.linking import specific_places
    from test_fastpaths_events_merge_actors import PLACES
    places_by_id = dict(PLACES, t2=FAR_IN_A1)
    places = [_mention(places_by_id[r[0]] if r[0] else None, 10 * k, r[1], r[2] if len(r) > 2 else "")
              for k, r in enumerate(rows)]
    assert specific_places(places) == specific_places_slow(places)


PAIR_TEXTS = [
    "تجددت المعارك بين قوات النظام وفصائل المعارضة في ريف حماة الشمالي، وقصفت قوات النظام بلدة اللطامنة.",
    "دارت اشتباكات بين مسلحين مجهولين والمدنيين في بلدة جاسم، ثم بين قوات النظام ومسلحين مجهولين.",
    "وقعت مواجهات بين عناصر تنظيم داعش ومقاتلين من التنظيم نفسه في البادية.",
    "اندلع قتال عنيف بين قوات سوريا الديمقراطية وقوات النظام المدعومة بالمليشيات الإيرانية في دير الزور.",
]


@pytest.mark.parametrize("text", PAIR_TEXTS + TEXTS)
def test_article_pairs_give_the_slow_answer(text):
    doc = NLP(Article(id="t", text=text, published=PUB))
    assert A._article_pairs(Context.build(doc)) == article_pairs_slow(Context.build(doc))


def test_article_pairs_are_found():
    doc = NLP(Article(id="t", text=PAIR_TEXTS[0], published=PUB))
    assert A._article_pairs(Context.build(doc))
