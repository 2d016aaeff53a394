"""The nearness bonus of ranking (_nearness_bonus: the walk over the clear places ends at the first within
15 km; found once per article and place id when the clear places are all of them) agrees with the bonus of
the nearest clear place, measured to all of them."""
from __future__ import annotations

import pytest

from marsad.document import Article, Place
from marsad.pipeline import places as P


def _place(pid: str, lat: float, lon: float) -> Place:
    return Place(pid, pid, lat, lon)


def _bonus_reference(c: Place, others: list[Place]) -> float:
    """The bonus as _rank wrote it: the distance to the nearest of ``others``, then its thresholds."""
    nearest = min(P._km(p, c) for p in others)
    return 2.0 if nearest <= 15 else 1.5 if nearest <= 40 else 0.5 if nearest <= 100 else 0.0


ALEPPO = _place("aleppo", 36.2, 37.15)
DAMASCUS = _place("damascus", 33.51, 36.29)
RAQQA = _place("raqqa", 35.95, 39.01)


@pytest.mark.parametrize("c, others", [
    (ALEPPO, [DAMASCUS, RAQQA, ALEPPO]),  # itself a clear place: 0 km, the walk ends there
    (ALEPPO, [ALEPPO, DAMASCUS]),
    (_place("a", 36.25, 37.15), [DAMASCUS, ALEPPO]),  # ~5.6 km
    (_place("b", 36.2 + 15 / P._KM_PER_DEGREE, 37.15), [ALEPPO]),  # 15 km, the edge
    (_place("c", 36.2 + 15.001 / P._KM_PER_DEGREE, 37.15), [ALEPPO]),
    (_place("d", 36.5, 37.15), [DAMASCUS, ALEPPO, RAQQA]),  # ~33 km
    (_place("e", 36.2 + 40 / P._KM_PER_DEGREE, 37.15), [ALEPPO]),  # 40 km
    (_place("f", 36.9, 37.15), [ALEPPO, DAMASCUS]),  # ~78 km
    (_place("g", 36.2 + 100 / P._KM_PER_DEGREE, 37.15), [ALEPPO]),  # 100 km
    (_place("h", 34.9, 38.0), [ALEPPO, DAMASCUS, RAQQA]),  # far from all
    (_place("i", 36.0, 38.5), [DAMASCUS, _place("j", 36.0, 38.9), _place("k", 36.0, 38.55)]),  # the nearer later
    (_place("l", 0.0, 0.0), [_place("m", 0.0, 0.0)]),
])
def test_nearness_bonus_agrees_with_the_nearest_place(c, others):
    assert P._nearness_bonus(c, others) == _bonus_reference(c, others)


@pytest.fixture
def nlp(fixture_places_pipeline):
    return fixture_places_pipeline


@pytest.mark.parametrize("text", [
    "قصف على الكرامة قرب الرقة ثم الكرامة والطبقة وفي الكرامة",
    "اشتباكات في الحماميات وحلب ودمشق، ثم في الحماميات مرة أخرى",
    "غارات على دوما والرقة ودير الزور وتدمر والموصل ودوما",
    "الثورة والطبقة والرقة",
])
def test_ranking_with_the_remembered_bonus_finds_the_same_places(nlp, text, monkeypatch):
    def spans():
        return [(m.start, m.end, m.place.id, [c.id for c in m.candidates], m.role)
                for m in nlp(Article(id="t", text=text)).places]

    fast = spans()
    monkeypatch.setattr(P, "_nearness_bonus", _bonus_reference)
    assert fast == spans()
