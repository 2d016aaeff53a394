"""Speed of the events stage (issue 9), merge, actors and records: the prefilters, groups and memos give
the answers of the slow paths they replace."""
import importlib
from datetime import date

import pytest

from marsad import Article, Pipeline
from marsad.document import Place, PlaceMention
from marsad.pipeline.actors import actor_table
from marsad.pipeline.events import actors as A
from marsad.pipeline.events import records as R
from marsad.pipeline.events.context import Candidate, Context

from events_references import article_pairs_slow

M = importlib.import_module("marsad.pipeline.events.merge")  # (the package's ``merge`` is the function)
NLP = Pipeline()
PUB = date(2023, 3, 15)
DAY = date(2023, 3, 15)

CITY = Place(id="c", name="City", latitude=36.20, longitude=37.15, admin1="A1", kind="city", name_ar="مدينة")
HOOD = Place(id="h", name="Hood", latitude=36.21, longitude=37.16, admin1="A1", kind="neighbourhood", parent="c")
HOOD2 = Place(id="h2", name="Hood2", latitude=36.19, longitude=37.14, admin1="A1", kind="neighbourhood", parent="c")
TOWN = Place(id="t", name="Town", latitude=36.40, longitude=37.30, admin1="A1", kind="town")
FAR = Place(id="f", name="Far", latitude=33.50, longitude=36.30, admin1="B2", kind="town")
PROVINCE = Place(id="p", name="Province", latitude=36.00, longitude=37.00, admin1="A1", kind="governorate")
PLACES = {p.id: p for p in (CITY, HOOD, HOOD2, TOWN, FAR, PROVINCE)}


def cand(sentence, place, day=DAY, kind="Armed clash", explicit=True, strong=True, actor1="", fatalities=None,
         trigger_class=""):
    """A candidate at ``place`` (an id of ``PLACES``) told in ``sentence``."""
    where = PLACES[place]
    mention = PlaceMention(10 * sentence, 10 * sentence + 5, where.name, place=where,
                           geo_precision=3 if where.kind == "governorate" else 1)
    return Candidate(sentence=sentence, sub_event_type=kind, strong=strong, place=mention, triggers=[], day=day,
                     time_precision=1, evidence=[sentence], date_explicit=explicit, actor1_name=actor1,
                     fatalities=fatalities, trigger_class=trigger_class)


def merge_pass_all_pairs(candidates, *, sides_agree):
    """The merge pass asking every pair (the slow form of ``merge._merge_pass``)."""
    merged = []
    for c in sorted(candidates, key=lambda c: (not c.strong, c.sentence)):
        options = [m for m in merged if M._same_incident(m, c) and (not sides_agree or M._sides_agree(m, c))]
        options.sort(key=lambda m: m.day != c.day)
        if options:
            M._absorb(options[0], c)
        else:
            merged.append(c)
    return merged


def shape(merged):
    return [(m.sentence, m.place.place.id, m.day, m.sub_event_type, m.evidence) for m in merged]


# rows: the candidates of one article (rebuilt for each pass: merging changes them)
MERGE_PASS_CASES = [
    # another day at the very place, the later date only inherited: one incident (the prefilter's "same place")
    [("c", dict()), ("c", dict(day=date(2023, 3, 12), explicit=False))],
    # the same, both dates written: two incidents
    [("c", dict()), ("c", dict(day=date(2023, 3, 12)))],
    # another day at another place: never asked, never one
    [("c", dict()), ("t", dict(day=date(2023, 3, 12), explicit=False))],
    # the same day at a broad place around a town (the prefilter's "same day"): one incident
    [("p", dict()), ("t", dict())],
    # the same day, the same toll, places near each other: one incident
    [("c", dict(fatalities=3)), ("t", dict(fatalities=3))],
    # the same day far apart: two
    [("c", dict()), ("f", dict())],
    # sides that disagree on another day at the same place: two (and the first pass keeps them apart)
    [("c", dict(actor1="X")), ("c", dict(actor1="Y", day=date(2023, 3, 13), explicit=False))],
    # the same day at a broad place around a town, other event types: two (the prefilter's "same event type")
    [("p", dict()), ("t", dict(kind="Air/drone strike"))],
    # a bare strike beside a typed one at a broad place around it: one (the types a strike takes share one)
    [("p", dict(kind="Air/drone strike")), ("t", dict(kind="Shelling/artillery/missile attack", trigger_class="strike"))],
    # two bombs of other types: one blast
    [("p", dict(kind="Suicide bomb")), ("t", dict(kind="Remote explosive/landmine/IED"))],
    # a type the table lacks is asked (never left out by the prefilter)
    [("c", dict(kind="raid", fatalities=3)), ("t", dict(kind="raid", fatalities=3))],
    # a weak report of another type at the place of a strong one
    [("c", dict(kind="Air/drone strike")), ("c", dict(strong=False))],
    # several days and places mixed: the order the options are taken in is kept
    [("c", dict(day=date(2023, 3, 13))), ("t", dict()), ("c", dict(explicit=False)),
     ("t", dict(day=date(2023, 3, 13), explicit=False)), ("p", dict(day=date(2023, 3, 13)))],
]


@pytest.mark.parametrize("rows", MERGE_PASS_CASES)
@pytest.mark.parametrize("sides_agree", [True, False])
def test_merge_pass_prefilter_gives_the_all_pairs_answer(rows, sides_agree):
    def build():
        return [cand(i, place, **kw) for i, (place, kw) in enumerate(rows)]

    assert shape(M._merge_pass(build(), None, sides_agree=sides_agree)) == \
        shape(merge_pass_all_pairs(build(), sides_agree=sides_agree))


@pytest.mark.parametrize("rows, expected", [
    # the city's report and one neighbourhood's, one kind, one day: the neighbourhood's incident
    ([("c", {}), ("h", {})], [(1, "h")]),
    # two neighbourhoods: each its own, the city's too
    ([("c", {}), ("h", {}), ("h2", {})], [(0, "c"), (1, "h"), (2, "h2")]),
    # a neighbourhood of another kind: not the city's incident
    ([("c", {}), ("h", dict(kind="Air/drone strike"))], [(0, "c"), (1, "h")]),
    # a neighbourhood on another day: not the city's incident
    ([("c", {}), ("h", dict(day=date(2023, 3, 10)))], [(0, "c"), (1, "h")]),
    # a second neighbourhood of another kind is in another group: the city and the first still join
    ([("c", {}), ("h", {}), ("h2", dict(kind="Air/drone strike"))], [(1, "h"), (2, "h2")]),
    # the same with the other kind on another day
    ([("c", {}), ("h2", dict(day=date(2023, 3, 10))), ("h", {})], [(1, "h2"), (2, "h")]),
])
def test_umbrella_pass_groups_by_kind_and_day(rows, expected):
    merged = M.merge([cand(i, place, **kw) for i, (place, kw) in enumerate(rows)])
    assert [(m.sentence, m.place.place.id) for m in merged] == expected


TEXTS = [
    "قصفت قوات الأسد بلدة كفرنبل، ما أدى إلى مقتل ثلاثة مدنيين.",
    "دارت معارك بين قوات النظام ومرتزقة داعش في دير الزور أمس، وقتل خمسة من مرتزقة داعش.",
    "اندلعت اشتباكات بين الجيش الحر وتنظيم داعش قرب حلب. وقصفت قوات النظام مواقع داعش في إدلب.",
    "دارت معارك بين قوات النظام والمعارضة المسلحة في حماة، ثم معارك بين قوات النظام وتنظيم داعش في حمص.",
    "اعتقلت قوات الأمن خمسة أشخاص في بغداد. وانفجرت عبوة ناسفة في الموصل.",
    "قتل ثلاثة أشخاص في انفجار عبوة ناسفة في كركوك اليوم.",
    # loaded terms in one sentence and not the other; none at all (the article-level early out)
    "اندلعت اشتباكات بين الجيش الحر وتنظيم داعش في حلب اليوم. وقصف مرتزقة داعش بلدة الباب.",
    "قصفت قوات النظام بلدة كفرنبل أمس، ما أدى إلى مقتل ثلاثة مدنيين.",
]


def loaded_terms_slow(ctx, cand, record):
    """``records._loaded_terms`` without its early out: every mention looked at."""
    names = [n for n in (record.actor1, record.actor2, *record.assoc_actor_1.split("; "),
                         *record.assoc_actor_2.split("; ")) if n]
    mentions = [m for i in sorted(set(cand.evidence)) for m in ctx.sentences[i].actors]
    mentions += [m for m in (cand.actor1, cand.actor2) if m is not None and m not in mentions]
    pairs = {}
    for m in sorted(mentions, key=lambda m: m.start):
        if not m.loaded:
            continue
        name = next((n for n in names if n in m.candidates), "")
        if name:
            pairs[(name, m.text)] = None
    return "; ".join(f"{name}: {term}" for name, term in pairs)


@pytest.mark.parametrize("text", TEXTS)
def test_loaded_terms_early_out_gives_the_slow_answer(text, monkeypatch):
    asked = []
    fast = R._loaded_terms

    def spy(ctx, cand, record):
        got = fast(ctx, cand, record)
        asked.append((got, loaded_terms_slow(ctx, cand, record)))
        return got

    monkeypatch.setattr(R, "_loaded_terms", spy)
    NLP(Article(id="t", text=text, published=PUB))
    assert asked and all(got == slow for got, slow in asked)


def test_loaded_terms_are_found():
    doc = NLP(Article(id="t", text=TEXTS[1], published=PUB))
    assert any("مرتزقة داعش" in e.loaded_terms for e in doc.events)


def article_opponent_slow(ctx, actor):
    """``actors._article_opponent`` searching the article's pairs for each actor."""
    table = actor_table()
    family = table[actor].family if actor in table else actor
    opponents = []
    for first, second in article_pairs_slow(ctx):
        if first == family:
            opponents.append(second)
        elif second == family:
            opponents.append(first)
    return opponents[0] if len(set(opponents)) == 1 else ""


@pytest.mark.parametrize("text", TEXTS)
def test_article_pairs_give_each_actor_its_opponent(text):
    ctx = Context.build(NLP(text))
    names = {n for ss in ctx.sentences for a in ss.actors for n in a.candidates} | {"Civilians (Syria)", "nobody"}
    for name in sorted(names):
        assert A._article_opponent(ctx, name) == article_opponent_slow(ctx, name), name


def test_article_opponent_of_the_pairs():
    # the army fights two sides in the article: no single opponent; the rebels fight only the army
    ctx = Context.build(NLP(TEXTS[3]))
    army = next(a for ss in ctx.sentences for a in ss.actors if a.text == "قوات النظام")
    rebels = next(a for ss in ctx.sentences for a in ss.actors if a.text == "المعارضة المسلحة")
    assert A._article_opponent(ctx, rebels.candidates[0]) == army.family
    assert A._article_opponent(ctx, army.candidates[0]) == ""


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("countries", [("Syria", "Iraq"), ("Iraq", "Syria"), ("Syria", "Syria")])
def test_filled_actors_remembered_per_country_and_day(text, countries, monkeypatch):
    # the names a family resolves to are remembered per article: another country or day must not get them
    asked = []
    fill = A.fill_missing_actors

    def spy(ctx, cand, country):
        asked.append((ctx, cand))
        return fill(ctx, cand, country)

    monkeypatch.setattr(R, "fill_missing_actors", spy)
    NLP(Article(id="t", text=text, published=PUB))
    for ctx, c in asked:
        for country, day in zip(countries, (c.day, date(2010, 1, 1))):
            memo_before = dict(ctx.memo)
            c.day, was = day, c.day
            got = fill(ctx, c, country)
            ctx.memo = {k: v for k, v in memo_before.items() if not (isinstance(k, tuple) and k[0] == "from_family")}
            assert got == fill(ctx, c, country)
            c.day = was


@pytest.mark.parametrize("text, actor1", [
    # a verb trigger right before the actor: it did it
    ("اعتقلت قوات الأمن خمسة أشخاص في بغداد.", "قوات الأمن"),
    # no actor in the sentence: no side from it
    ("انفجرت عبوة ناسفة في الموصل.", None),
])
def test_sides_of_the_sentence(text, actor1, monkeypatch):
    seen = []
    sides = A._sides

    def spy(ctx, ss, c):
        got = sides(ctx, ss, c)
        seen.append(got[0].text if got[0] is not None else None)
        return got

    monkeypatch.setattr(A, "_sides", spy)
    NLP(Article(id="t", text=text, published=PUB))
    assert seen == [actor1]
