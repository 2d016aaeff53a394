"""Speed of the events stage (issue 9), candidates: a candidate made with its slots set one by one
(``context.new_candidate``) is the one the dataclass's constructor makes, and the stage's candidates are."""
import dataclasses
from datetime import date

import pytest

from marsad.document import Place, PlaceMention, Trigger
from marsad.pipeline import Pipeline
from marsad.pipeline.events import candidates as CA
from marsad.pipeline.events.context import Candidate, new_candidate

NLP = Pipeline()
CITY = Place(id="c", name="City", latitude=36.2, longitude=37.15, admin1="A1", kind="city")
MENTION = PlaceMention(20, 25, "حلب", place=CITY)
TRIGGER = Trigger(5, 9, "غارة", "Explosions/Remote violence", "Air/drone strike", "غارة", 3, True)


def fields_of(c: Candidate) -> dict:
    """Every field of ``c`` (an unset slot raises AttributeError: a field the fast constructor forgot)."""
    return {f.name: getattr(c, f.name) for f in dataclasses.fields(Candidate)}


@pytest.mark.parametrize("sentence, cls, strong, day, precision, explicit, retold, inherited, headline", [
    (0, "Air/drone strike", True, date(2023, 3, 15), 1, True, False, False, True),
    (3, "territory", False, None, 3, False, True, True, False),
    (12, "Armed clash", True, date(2020, 1, 1), 2, True, True, False, False),
])
def test_fast_constructor_makes_the_dataclass_candidate(sentence, cls, strong, day, precision, explicit, retold,
                                                         inherited, headline):
    triggers = [TRIGGER]
    fast = new_candidate(sentence, cls, strong, MENTION, triggers, day, precision, date_explicit=explicit, retold=retold,
                         place_inherited=inherited, headline=headline)
    slow = Candidate(sentence=sentence, sub_event_type=cls, strong=strong, place=MENTION, triggers=triggers, day=day,
                     time_precision=precision, evidence=[sentence], date_explicit=explicit, trigger_class=cls,
                     retold=retold, place_inherited=inherited, headline=headline)
    assert fields_of(fast) == fields_of(slow)
    assert fast == slow
    other = new_candidate(sentence, cls, strong, MENTION, triggers, day, precision, date_explicit=explicit, retold=retold,
                         place_inherited=inherited, headline=headline)
    assert fast.assoc1 is not other.assoc1 and fast.evidence is not other.evidence  # (fresh lists: merging extends them)


@pytest.mark.parametrize("text", [
    "قتل خمسة مدنيين في غارة جوية على مدينة حلب أمس.",
    "سيطرت قوات النظام على بلدة دوما بعد اشتباكات عنيفة مع الفصائل. وقصفت الطائرات مدينة إدلب وبلدة سراقب.",
])
def test_stage_candidates_are_dataclass_candidates(text):
    doc = NLP(text)
    assert doc.candidates  # (the texts give candidates)
    made = []
    original = CA.new_candidate
    try:
        CA.new_candidate = lambda *args, **flags: made.append((args, flags)) or original(*args, **flags)
        NLP(text)
    finally:
        CA.new_candidate = original
    assert made
    for args, flags in made:
        # (the flags are keywords of the same names as the dataclass's: the stage cannot pass them swapped)
        (sentence, cls, strong, place, triggers, day, precision) = args
        assert fields_of(original(*args, **flags)) == fields_of(Candidate(
            sentence=sentence, sub_event_type=cls, strong=strong, place=place, triggers=triggers, day=day,
            time_precision=precision, evidence=[sentence], trigger_class=cls, **flags))
