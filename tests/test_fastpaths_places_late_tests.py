"""The places stage's tests moved later or skipped where their answer is known: each gives what the form it
replaced gives (the article's country asked for after the distances in _stray, a one-reading mention not
measured in _drop_out_of_focus, _person_name's first test inlined in find_places)."""
from __future__ import annotations

import pytest

from marsad.document import Article, Place
from marsad.pipeline import places as P


def _place(pid: str, lat: float, lon: float, kind: str = "village", population: int = 0, cc: str = "SY") -> Place:
    return Place(pid, pid, lat, lon, "", cc, "", "", kind, population, "")


class _Country:
    """A stand-in for P._LazyCountry that counts how often it is asked."""

    def __init__(self, code: str):
        self.code, self.asked = code, 0

    def __call__(self) -> str:
        self.asked += 1
        return self.code


def _stray_reference(m, country, anchors) -> bool:
    """_stray as it was: the country asked for before the distances, the anchors compared with ``in``."""
    if not anchors or m.role == "dateline":
        return False
    first = m.candidates[0] if m.candidates else None
    if first is not None and P._keeps_in_place(first):
        return False
    if any(map(P._keeps_in_place, m.candidates)):
        return False
    code = country()
    if not code or any(c.country_code == code for c in m.candidates):
        return False
    outside = [a for a in anchors if a not in m.candidates]
    return all(P._km(c, a) > P._STRAY_KM for c in m.candidates for a in outside)


def _mention(candidates, role="place"):
    m = P._Mention(P._Hit(0, 0, 1, "x", "full", tuple(c.id for c in candidates), ""), P._Phrase(0, 1),
                   list(candidates), 0, role=role)
    return m


BAGHDAD = _place("baghdad", 33.3, 44.4, "city", 7_000_000, "IQ")
MOSUL = _place("mosul", 36.3, 43.1, "city", 1_000_000, "IQ")
FAR_VILLAGE = _place("v_sy", 35.0, 38.0)  # a Syrian village, 550 km and more from both
NEAR_VILLAGE = _place("v_iq", 33.4, 44.5, cc="IQ")  # an Iraqi village next to Baghdad
NEAR_SY_VILLAGE = _place("v_sy2", 33.5, 44.2)  # a Syrian-coded village next to Baghdad
NO_COORDINATES = _place("v_nan", float("nan"), float("nan"))  # a gazetteer row without coordinates


@pytest.mark.parametrize("candidates, anchors, code, role", [
    ([FAR_VILLAGE], [BAGHDAD, MOSUL], "IQ", "place"),  # far, abroad: stray
    ([FAR_VILLAGE], [BAGHDAD, MOSUL], "SY", "place"),  # far, the article's country: stays
    ([FAR_VILLAGE], [BAGHDAD, MOSUL], "", "place"),  # no country: stays
    ([NEAR_SY_VILLAGE], [BAGHDAD], "IQ", "place"),  # near a clear place: stays
    ([FAR_VILLAGE, NEAR_SY_VILLAGE], [BAGHDAD], "IQ", "place"),  # one reading near: stays
    ([FAR_VILLAGE, NEAR_VILLAGE], [BAGHDAD], "IQ", "place"),  # one reading in the country
    ([FAR_VILLAGE], [FAR_VILLAGE, BAGHDAD], "IQ", "place"),  # the reading is itself a clear place
    ([FAR_VILLAGE], [FAR_VILLAGE], "IQ", "place"),  # ... the only one: nothing outside, all() is True
    ([FAR_VILLAGE], [BAGHDAD], "IQ", "dateline"),
    ([FAR_VILLAGE], [], "IQ", "place"),
    ([MOSUL], [BAGHDAD], "SY", "place"),  # a city keeps in place
    ([], [BAGHDAD], "SY", "place"),
    ([NO_COORDINATES], [BAGHDAD], "IQ", "place"),  # (regression: NaN distances were read as far)
    ([FAR_VILLAGE], [NO_COORDINATES], "IQ", "place"),
])
def test_stray_asks_for_the_country_after_the_distances(candidates, anchors, code, role):
    fast_country, slow_country = _Country(code), _Country(code)
    m = _mention(candidates, role)
    assert P._stray(m, fast_country, anchors) == _stray_reference(m, slow_country, anchors)
    assert fast_country.asked <= slow_country.asked  # never asked where the slow form did not ask


def test_stray_near_a_clear_place_never_asks_for_the_country():
    country = _Country("IQ")
    assert not P._stray(_mention([NEAR_SY_VILLAGE]), country, [BAGHDAD])
    assert country.asked == 0


def _focus_areas_reference(anchors, by_first):
    """_drop_out_of_focus's choice of areas as it was: every mention measured."""
    return [a for a in anchors if a.kind in P._AREA_KINDS and not any(
        P._far_reading(a, m.candidates) and not any(c.kind == "governorate" for c in m.candidates)
        for m in by_first.get(a.id, ()))]


DEIR = _place("deir", 35.33, 40.14, "city", 200_000)
MAYADIN = _place("mayadin", 35.02, 40.45, "town", 40_000)
DEIR_FAR = _place("deir_far", 33.0, 36.0, "village")  # a namesake of Deir far away
DEIR_GOV = _place("deir_gov", 35.3, 40.1, "governorate")


@pytest.mark.parametrize("readings, anchors", [
    ([[DEIR], [DEIR], [MAYADIN]], [DEIR, MAYADIN]),  # one reading each: the clear places
    ([[DEIR, DEIR_FAR], [MAYADIN]], [DEIR, MAYADIN]),  # a far namesake: Deir is no area
    ([[DEIR], [DEIR, DEIR_FAR], [MAYADIN]], [DEIR, MAYADIN]),
    ([[DEIR, DEIR_FAR, DEIR_GOV]], [DEIR]),  # ... unless the name is a governorate's
    ([[DEIR_FAR]], [DEIR_FAR]),  # a village is no area
    ([[MAYADIN]], [DEIR, MAYADIN]),  # an anchor no mention reads first
    ([], [DEIR]),
])
def test_focus_areas_skip_one_reading_mentions(readings, anchors):
    by_first = {}
    for r in readings:
        by_first.setdefault(r[0].id, []).append(_mention(r))
    assert P._focus_areas(anchors, by_first) == _focus_areas_reference(anchors, by_first)


@pytest.fixture
def nlp(fixture_places_pipeline):
    return fixture_places_pipeline


@pytest.mark.parametrize("text", [
    "مدرسة عبد الله بن حمص في حلب",
    "قصف على حمص وحلب",
    "كتيبة خالد ابن حمص في حلب",
    "عوائل حمص وحلب",  # a families word: not a person word
    "عشيرة حمص وحلب",
    "قتل بنت حمص في الرقة",
    "وصل وفد بن (حمص) إلى حلب",
])
def test_person_name_inlined_is_person_name(nlp, text):
    """find_places tests a name without "و", cue or qualifier for a person's name by the first word its
    phrase read: what _person_name says of the mention."""
    gaz = nlp.resources.gazetteer
    lex = P.place_lexicon()
    norm = P.fold(text)
    bnd = P.boundary_text(norm)
    hits = P._matches(gaz, bnd, lex, norm)
    covered = P._Covered(hits, len(bnd) + 1)
    person_words = P._person_words()
    tested = 0
    for hit in hits:
        ph = P._phrase(norm, bnd, hit, lex, covered)
        if hit.prefix not in ("", P.ARTICLE) or ph.cue is not None or ph.qualifier is not None:
            continue
        m = P._Mention(hit, ph, list(gaz.places_of(hit.place_ids)), 0)
        words = ph.before.words
        assert bool(words and words[0][2] in person_words) == P._person_name(m, norm, bnd)
        tested += 1
    assert tested


def _located_by_reference(m, o, norm) -> bool:
    """_located_by as it was: the gap split into all its words."""
    if o.role != "place" or o.sentence != m.sentence or not o.candidates or not P._locating(o, norm):
        return False
    gap = norm[m.phrase.end:o.phrase.start]
    words = gap.split()
    if 1 <= len(words) <= 2 and tuple(words) in P._direction_words():
        return True
    if len(words) == 2 and words[1] in (P._IN, "ب") and not words[0].startswith("و") and len(gap) <= 24 \
            and all(c.kind == "village" for c in m.candidates):
        return True
    if len(gap) > 12:
        return False
    if gap.strip() == "ب":
        return True
    return bool(P._LOCATED_GAP.fullmatch(f" {gap} ".replace(f" {P._IN} ", " ")))


@pytest.mark.parametrize("gap", [
    " شمال ", " جنوب غربي ", "  شمال   شرق  ", " شمال شرق غرب ", " كبيرين في ", " كبيرين ب ", " وكبيرين في ",
    " قال إن القصف طال ", " في ", " ", "", " ب ", " \" ", " قبل يومين في ", "\n\nشمال\n",
    " شمال شرق " + "و " * 20,
])
def test_located_by_splits_no_more_than_it_needs(gap):
    area = _place("area", 36.3, 43.1, "city", 1_000_000, "IQ")
    village = _place("vil", 36.2, 43.0, "village", 0, "IQ")
    norm = P.fold("قرية الحديد" + gap + "محافظة الموصل")
    end = len(P.fold("قرية الحديد"))
    m = _mention([village])
    m.phrase.end = end
    o = _mention([area])
    o.phrase.start = end + len(P.fold(gap))
    o.phrase.cue = P.Cue("محافظة", frozenset({"governorate"}), 3)  # a cue makes o a locating place
    o.phrase.end = len(norm)
    assert P._located_by(m, o, norm) == _located_by_reference(m, o, norm)


def _hit(word_start, start, end, key="k"):
    return P._Hit(word_start, start, end, key, "full", ("x",), "")


@pytest.mark.parametrize("pair", [
    (_hit(0, 0, 9), _hit(4, 4, 9)),  # "دير الزور" and "الزور": the longer span wins
    (_hit(4, 4, 9), _hit(0, 0, 9)),
    (_hit(0, 1, 9), _hit(0, 0, 9)),  # one span: the longer name (fewer proclitic letters) wins
    (_hit(0, 0, 9), _hit(0, 1, 9)),
    (_hit(0, 0, 9, "a"), _hit(0, 0, 9, "b")),  # the same span: the first in end order
    (_hit(0, 0, 9, "b"), _hit(0, 0, 9, "a")),
    (_hit(0, 0, 5), _hit(3, 3, 8)),  # equal spans, different starts: the earlier
    (_hit(3, 3, 8), _hit(0, 0, 5)),
    (_hit(0, 0, 6), _hit(2, 2, 9)),  # the longer, later one
])
def test_two_overlapping_names_keep_what_longest_first_keeps(pair):
    hits = sorted(pair, key=lambda h: h.end)  # (_scan's end order; stable: a tie keeps the pair's order)
    assert P._without_overlaps(list(hits)) == P._longest_first(list(hits))
    assert len(P._without_overlaps(list(hits))) == 1
