"""Speed work on the actors stage: the fast paths give what the slow ones give."""
from datetime import date

import pytest

from marsad import Article, Pipeline
from marsad.pipeline import STAGES
from marsad.pipeline.actors import _matcher, actor_table, names_of_family, resolve

NLP = Pipeline(stages=STAGES[:1] + tuple(s for s in STAGES if s.name == "actors"), gazetteer=object())


def _resolve_slow(candidates, country="", day=None):
    """The general path of :func:`resolve` (before its one-name shortcut)."""
    table = actor_table()
    pool = [table[n] for n in candidates if n in table]
    if not pool:
        return candidates[0] if candidates else ""
    if country:
        local = [a for a in pool if a.country == country]
        if local:
            pool = local
    dated = [a for a in pool if a.valid_on(day)]
    if not dated and day is not None:
        dated = [table[n] for a in pool if a.role for n in names_of_family(a.family)
                 if table[n].valid_on(day) and (table[n].country == a.country)]
    return (dated or pool)[0].name


DAYS = [None, date(2005, 1, 1), date(2013, 3, 17), date(2024, 12, 8), date(2024, 12, 9), date(2025, 7, 15)]


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("country", ["", "Syria", "Iraq", "Lebanon"])
def test_resolve_one_name_shortcut_agrees_with_general_path(country, day):
    names = sorted(actor_table())
    for name in names + ["not an actor"]:
        assert resolve([name], country, day) == _resolve_slow([name], country, day), name
    for family in sorted({actor_table()[n].family for n in names}):
        cands = list(names_of_family(family))
        assert resolve(cands, country, day) == _resolve_slow(cands, country, day), family


def test_terms_carry_the_families_of_their_names():
    table = actor_table()
    terms = [term for _, (_, _, values, _) in _matcher()._automaton.items() for _, term in values]
    assert terms
    for term in terms:
        assert term.families == frozenset(table[n].family for n in term.names)
        assert term.family == table[term.names[0]].family


@pytest.mark.parametrize(
    "text",
    [
        "قصفت قوات النظام الحي ثم انسحب النظام",
        "هاجمت عصابات داعش قرية وقال التنظيم إنه نفذ الهجوم",
        "اشتبكت قوات سوريا الديمقراطية مع الجيش الوطني",
        "قصف الجيش مواقع ثم تقدم الجيش نحو البلدة",
        "انسحب النظام من المدينة",  # a short form with no antecedent stands for nobody
    ],
)
def test_mention_family_is_its_first_candidate_family(text):
    doc = NLP(Article(id="t", text=text, published=date(2023, 1, 25)))
    table = actor_table()
    for a in doc.actors:
        assert a.family == table[a.candidates[0]].family


# --- merge: _umbrella_of tests the kind and the day before the places (same answer, fewer place tests)

from types import SimpleNamespace as _NS

from marsad.pipeline.events.merge import _inside, _named_after, _umbrella_of

_CITY = _NS(id="c1", parent="", kind="city", admin1="A1", country_code="SY", name_ar="حمص")
_SITE = _NS(id="s1", parent="", kind="site", admin1="A1", country_code="SY", name_ar="مطار حمص")
_HOOD = _NS(id="n1", parent="c1", kind="neighbourhood", admin1="A1", country_code="SY", name_ar="الخالدية")
_GOV = _NS(id="g1", parent="", kind="governorate", admin1="A1", country_code="SY", name_ar="حمص")


def _cand(place, text, kind="Air/drone strike", day=date(2020, 1, 1), evidence=(0,)):
    return _NS(place=_NS(place=place, text=text, surface=text), sub_event_type=kind, day=day, evidence=list(evidence))


def _umbrella_slow(outer, inner, shared=False):
    po, pi = outer.place.place, inner.place.place
    return (
        po is not None and pi is not None and (_inside(pi, po) or _named_after(inner, outer))
        and outer.sub_event_type == inner.sub_event_type and outer.day == inner.day
        and (shared or not set(outer.evidence) & set(inner.evidence))
    )


@pytest.mark.parametrize("outer, inner", [
    (_cand(_CITY, "مدينة حمص"), _cand(_HOOD, "حي الخالدية", evidence=(1,))),
    (_cand(_CITY, "مدينة حمص"), _cand(_SITE, "مطار حمص العسكري", evidence=(1,))),
    (_cand(_CITY, "مدينة حمص"), _cand(_SITE, "مطار حمص العسكري", kind="Armed clash")),
    (_cand(_CITY, "مدينة حمص"), _cand(_HOOD, "حي الخالدية", day=date(2020, 1, 2))),
    (_cand(_GOV, "محافظة حمص"), _cand(_HOOD, "حي الخالدية")),
    (_cand(None, "البلدة"), _cand(_HOOD, "حي الخالدية")),
    (_cand(_HOOD, "حي الخالدية"), _cand(_CITY, "حمص")),
])
@pytest.mark.parametrize("shared", [False, True])
def test_umbrella_of_agrees_with_slow_order(outer, inner, shared):
    assert _umbrella_of(outer, inner, shared) == _umbrella_slow(outer, inner, shared)
