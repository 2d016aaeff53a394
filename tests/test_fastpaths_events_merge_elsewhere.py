"""Speed of the events stage (issue 9), merge: the gate of two reports at two places (``merge._elsewhere_gate``)
says no only when ``_same_incident_at`` says no, and the merge pass gives the records of the pass that asks
every pair."""
import importlib
import itertools
from datetime import date

import pytest

from marsad.document import Place, PlaceMention
from marsad.pipeline.events.context import Candidate

from test_fastpaths_events_merge_actors import merge_pass_all_pairs

M = importlib.import_module("marsad.pipeline.events.merge")  # (the package's ``merge`` is the function)
DAY = date(2023, 3, 15)

CITY = Place(id="c", name="City", latitude=36.20, longitude=37.15, admin1="A1", kind="city", name_ar="مدينة")
HOOD = Place(id="h", name="Hood", latitude=36.21, longitude=37.16, admin1="A1", kind="neighbourhood", parent="c")
TOWN = Place(id="t", name="Town", latitude=36.40, longitude=37.30, admin1="A1", kind="town")
FAR = Place(id="f", name="Far", latitude=33.50, longitude=36.30, admin1="B2", kind="town")
NEAR_OTHER = Place(id="n", name="Near", latitude=36.25, longitude=37.20, admin1="B2", kind="village")
PROVINCE = Place(id="p", name="Province", latitude=36.00, longitude=37.00, admin1="A1", kind="governorate")
NO_ADMIN = Place(id="x", name="Nowhere", latitude=36.22, longitude=37.17, admin1="", kind="town")

# (place, geo precision, qualifier): specific places, broad ones (a governorate, the countryside of a town,
# a precision-3 mention of a town) and a mention with no gazetteer place
WHERE = {
    "city": (CITY, 1, ""), "hood": (HOOD, 1, ""), "town": (TOWN, 1, ""), "far": (FAR, 1, ""),
    "near_other": (NEAR_OTHER, 1, ""), "province": (PROVINCE, 3, "محافظة"), "countryside": (TOWN, 2, "ريف"),
    "town_gp3": (TOWN, 3, ""), "no_admin": (NO_ADMIN, 1, ""), "unresolved": (None, 1, ""),
}
KINDS = ["Armed clash", "Attack", "Air/drone strike", "Shelling/artillery/missile attack", "Suicide bomb",
         "Remote explosive/landmine/IED", "Arrests", "Other", "Peaceful protest"]


def cand(sentence, where, *, kind="Armed clash", day=DAY, explicit=True, strong=True, fatalities=None, exact=True,
         actor1="", trigger_class=""):
    place, precision, qualifier = WHERE[where]
    mention = PlaceMention(10 * sentence, 10 * sentence + 5, where, place=place, geo_precision=precision,
                           qualifier=qualifier)
    return Candidate(sentence=sentence, sub_event_type=kind, strong=strong, place=mention, triggers=[], day=day,
                     time_precision=1, evidence=[sentence], date_explicit=explicit, actor1_name=actor1,
                     fatalities=fatalities, fatalities_exact=exact, trigger_class=trigger_class)


def gate_lets_through(m, c):
    """The test of ``merge._merge_pass`` for two reports at two places on one day (its restatement)."""
    m_broad, m_gp3, m_admin1, m_toll = M._elsewhere_gate(m)
    broad, gp3, admin1, toll = M._elsewhere_gate(c)
    return m_broad != broad or bool(toll and m_toll == toll) or bool(m_gp3 != gp3 and admin1 and m_admin1 == admin1)


FIGURES = [(None, True), (1, True), (3, True), (3, False), (5, True)]
PAIRS = list(itertools.product(WHERE, WHERE, ["Armed clash", "Suicide bomb", "Air/drone strike", "Arrests"],
                               ["Armed clash", "Remote explosive/landmine/IED", "Shelling/artillery/missile attack", "Other"],
                               FIGURES, FIGURES))


@pytest.mark.parametrize("a, b, kind_a, kind_b, fig_a, fig_b", PAIRS[::97] + [
    ("city", "province", "Armed clash", "Armed clash", (None, True), (None, True)),  # a broad place around a city
    ("town", "countryside", "Armed clash", "Armed clash", (None, True), (None, True)),  # a town and its countryside
    ("town_gp3", "hood", "Attack", "Armed clash", (None, True), (None, True)),  # precision 3, one admin1
    ("far", "town", "Suicide bomb", "Suicide bomb", (3, True), (3, True)),  # one toll told twice
    ("far", "town", "Suicide bomb", "Suicide bomb", (3, False), (3, True)),  # an approximate toll ties nothing
    ("town", "near_other", "Armed clash", "Armed clash", (1, True), (1, True)),  # a single death ties nothing
    ("unresolved", "province", "Armed clash", "Armed clash", (None, True), (None, True)),  # no gazetteer place
    ("no_admin", "town_gp3", "Armed clash", "Armed clash", (None, True), (None, True)),  # no admin1
])
@pytest.mark.parametrize("sentences", [(1, 2), (2, 2)])
def test_gate_says_no_only_when_the_rules_do(a, b, kind_a, kind_b, fig_a, fig_b, sentences):
    for kinds in ((kind_a, kind_b), (kind_b, kind_a), (kind_a, kind_a)):
        m = cand(sentences[0], a, kind=kinds[0], fatalities=fig_a[0], exact=fig_a[1], strong=True)
        c = cand(sentences[1], b, kind=kinds[1], fatalities=fig_b[0], exact=fig_b[1], strong=kinds[0] == kinds[1],
                 trigger_class="strike" if kinds[1] in M.STRIKE_TYPES else "")
        if M._place_key(m) == M._place_key(c):
            continue  # (one place: the gate is not asked)
        if M._same_incident_at(m, c, False):
            assert gate_lets_through(m, c), (a, b, kinds, fig_a, fig_b)


def test_the_gate_holds_for_every_pair_of_the_grid():
    joined = 0
    for a, b, kind_a, kind_b, fig_a, fig_b in PAIRS:
        m = cand(1, a, kind=kind_a, fatalities=fig_a[0], exact=fig_a[1])
        c = cand(2, b, kind=kind_b, fatalities=fig_b[0], exact=fig_b[1])
        if M._place_key(m) != M._place_key(c) and M._same_incident_at(m, c, False):
            joined += 1
            assert gate_lets_through(m, c), (a, b, kind_a, kind_b, fig_a, fig_b)
    assert joined > 50  # (the grid holds pairs that the rules join across places)


def shape(merged):
    return [(m.sentence, m.place.text, m.day, m.sub_event_type, m.evidence, m.fatalities) for m in merged]


# rows: the candidates of one article (rebuilt for each pass: merging changes them, and with them the gate)
MERGE_CASES = [
    lambda: [cand(1, "city"), cand(2, "province"), cand(3, "hood")],
    lambda: [cand(1, "town", fatalities=3), cand(2, "far", fatalities=3), cand(3, "near_other", fatalities=3)],
    lambda: [cand(1, "province", kind="Attack"), cand(2, "town_gp3", kind="Attack"), cand(3, "hood", kind="Attack")],
    # a lead at a broad place takes a town's place (and precision) when it absorbs it: the gate is made again
    lambda: [cand(1, "province", fatalities=4), cand(2, "town", fatalities=4), cand(3, "far", fatalities=4),
             cand(4, "countryside", fatalities=2)],
    lambda: [cand(1, "unresolved"), cand(2, "province"), cand(3, "no_admin"), cand(4, "town_gp3")],
    lambda: [cand(1, "countryside", kind="Suicide bomb", fatalities=6), cand(2, "far", kind="Remote explosive/landmine/IED",
             fatalities=6), cand(3, "town", kind="Suicide bomb", day=date(2023, 3, 14), explicit=False)],
    lambda: [cand(k, w, kind=KINDS[k % len(KINDS)], fatalities=(k % 3) + 1, strong=k % 2 == 0)
             for k, w in enumerate(WHERE, 1)],
    lambda: [cand(k, w, fatalities=2 + k % 2, explicit=k % 3 != 0, day=date(2023, 3, 15 - k % 2))
             for k, w in enumerate(list(WHERE) * 2, 1)],
]


@pytest.mark.parametrize("build", MERGE_CASES)
@pytest.mark.parametrize("sides_agree", [True, False])
def test_merge_pass_agrees_with_asking_every_pair(build, sides_agree):
    assert shape(M._merge_pass(build(), None, sides_agree=sides_agree)) == shape(
        merge_pass_all_pairs(build(), sides_agree=sides_agree))
