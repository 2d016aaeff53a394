"""The shared word helpers of marsad.text: one-letter proclitics (data/proclitics.tsv)."""
import pytest

from marsad.resources import read_tsv
from marsad.text import fold, proclitic_class, proclitics, strip_proclitic


@pytest.mark.parametrize("word, letters, min_length, expected", [
    ("بهجوم", "وبفل", 3, "هجوم"),
    ("لقوات", "وبفل", 3, "قوات"),
    ("وبل", "وبفل", 3, "وبل"),  # too short: kept
    ("هجوم", "وبفل", 3, "هجوم"),
    ("ويسكنون", "وف", 0, "يسكنون"),
    ("بحلب", "وف", 0, "بحلب"),  # not one of the letters
    ("و", "و", 0, ""),
    ("", "و", 0, ""),
])
def test_strip_proclitic(word, letters, min_length, expected):
    assert strip_proclitic(fold(word), fold(letters), min_length) == fold(expected)


@pytest.mark.parametrize("name, word, expected", [
    ("reporter", "لمراسل", "مراسل"),
    ("reporter", "ومراسلة", "مراسله"),
    ("reporter", "كمراسل", "كمراسل"),  # only the letters place_speakers.tsv names (ل/و)
    ("conjunctions", "فيواصل", "يواصل"),
    ("and", "وريفي", "ريفي"),
    ("particles", "بهجوم", "هجوم"),
])
def test_proclitic_sets(name, word, expected):
    assert strip_proclitic(fold(word), proclitics(name)) == fold(expected)


def test_proclitics_table():
    rows = read_tsv("proclitics.tsv")
    names = [r["set"] for r in rows]
    assert len(names) == len(set(names))
    assert {"conjunctions", "and", "particles", "in", "reporter", "number_prepositions", "prepositions", "lam",
            "noun_prepositions"} <= set(names)
    for r in rows:
        letters = r["letters"]
        assert letters and letters == fold(letters) and len(set(letters)) == len(letters), r
        assert all("\u0621" <= c <= "\u064a" for c in letters), r
    assert len(proclitics("in")) == 1  # places.py compares one letter before a name ("بحلب")
    with pytest.raises(KeyError):
        proclitics("no such set")


@pytest.mark.parametrize("name, word, matches", [
    ("conjunctions", "و", True),
    ("conjunctions", "ف", True),
    ("conjunctions", "ب", False),
    ("conjunctions", "]", False),
    ("particles", "ل", True),
    ("in", "ب", True),
    ("in", "و", False),
    ("number_prepositions", "ب", True),
    ("number_prepositions", "ل", True),
    ("number_prepositions", "و", False),
])
def test_proclitic_class(name, word, matches):
    import re

    assert bool(re.fullmatch(proclitic_class(name), word)) is matches


@pytest.mark.parametrize("word, expected", [
    ("الهجوم", True), ("بالهجوم", True), ("وبالقصف", True), ("فالهجوم", True),
    ("للهجوم", True),  # ل with the article, whose alef is not written
    ("هجوم", False), ("لهجوم", False), ("قتال", False), ("اعتقال", False), ("لل", False), ("و", False), ("", False),
])
def test_has_article(word, expected):
    from marsad.text import has_article
    assert has_article(word) is expected
