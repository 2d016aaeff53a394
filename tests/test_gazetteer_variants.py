"""Generated spelling variants of place names (marsad/gazetteer/variants.py, place_spelling_variants.tsv)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from marsad.gazetteer import Gazetteer
from marsad.gazetteer.build import add_spelling_variants
from marsad.gazetteer.names import name_key
from marsad.gazetteer.sources import SourcePlace
from marsad.gazetteer.variants import generate_variants, variant_rules
from marsad.resources import read_tsv

SHARED_GAZETTEER = Path(__file__).resolve().parents[1].parent / "shared" / "gazetteer"


def _rule(name: str):
    return next(r for r in variant_rules() if r.name == name)


def test_rules_table_is_valid():
    rows = read_tsv("place_spelling_variants.tsv")
    assert {r["rule"] for r in rows} == {"prefixed_alif", "final_ta_to_alif", "final_alif_to_ta", "maarat_joined"}
    for row in rows:
        re.compile(row["pattern"])
        assert row["replace"] and row["note"], row


@pytest.mark.parametrize("rule, name, variant", [
    # the colloquial diminutive CCiC(a) written with a helping alif
    ("prefixed_alif", "بريهة", "ابريهه"),
    ("prefixed_alif", "سديرة", "اسديره"),
    ("prefixed_alif", "شعيب", "اشعيب"),
    ("prefixed_alif", "منين", ""),        # CCين: آمنين is an adjective
    ("prefixed_alif", "بتيا", ""),        # ends in a vowel letter
    ("prefixed_alif", "الصورة", ""),      # article: not a consonant cluster
    ("prefixed_alif", "أريحا", ""),       # starts with a vowel
    ("prefixed_alif", "حميميم", ""),      # not CCiC
    ("prefixed_alif", "بصر الحرير", ""),  # one-word names only
    # Aramaic -a written ا or ة, for names starting كفر/بيت/دير/تل/عين only
    ("final_ta_to_alif", "كفرومة", "كفروما"),
    ("final_ta_to_alif", "تلبيسة", "تلبيسا"),
    ("final_ta_to_alif", "حديثة", ""),    # حديثا "recently"
    ("final_ta_to_alif", "صغيرة", ""),    # صغيرا, an adjective
    ("final_ta_to_alif", "كفرية", ""),    # -ية is a nisba ending
    ("final_alif_to_ta", "ديرتوما", "ديرتومه"),
    ("final_alif_to_ta", "كفرزيبا", "كفرزيبه"),
    ("final_alif_to_ta", "أريحا", ""),
    ("final_alif_to_ta", "كفريا", ""),
    # OCHA joins some معرة villages to their name; the news write them apart
    ("maarat_joined", "معرتحرمة", "معره حرمه"),
    ("maarat_joined", "معرتمصرين", "معره مصرين"),
    ("maarat_joined", "معرتا", ""),          # too short to hold a name
    ("maarat_joined", "معرة النعمان", ""),   # already apart
])
def test_rule_applies_to_its_class_only(rule, name, variant):
    assert _rule(rule).apply(name_key(name)) == variant


@pytest.mark.parametrize("names, kinds, expected", [
    # a unique variant is kept
    ({"a": ["بريهة"]}, {"a": "village"}, {"a": [("ابريهه", "prefixed_alif")]}),
    # another place is called that already (with or without the article)
    ({"a": ["بريهة"], "b": ["أبريهة"]}, {"a": "village", "b": "village"}, {}),
    ({"a": ["بريهة"], "b": ["الأبريهة"]}, {"a": "village", "b": "village"}, {}),
    # two places generate the same variant: neither gets it
    ({"a": ["كفرومة"], "b": ["كفروما"]}, {"a": "village", "b": "village"}, {}),
    ({"a": ["بريهة"], "b": ["بريهة"]}, {"a": "village", "b": "town"}, {}),
    # admin units and sites keep their sources' spelling
    ({"a": ["بريهة"]}, {"a": "subdistrict"}, {}),
    ({"a": ["بريهة"]}, {"a": "airbase"}, {}),
])
def test_only_unique_variants_are_kept(names, kinds, expected):
    assert generate_variants(names, kinds) == expected


def test_stoplist_words_are_not_variants():
    from marsad.gazetteer.variants import VariantRule

    to_nasr = VariantRule("test", re.compile(r"^نصير$"), "نصر")
    assert generate_variants({"a": ["نصير"]}, {"a": "village"}, [to_nasr]) == {}


def test_builder_adds_variants_as_aliases(tmp_path):
    places = [SourcePlace("ocha:X1", "Breiha", "بريهة", 35.2, 40.3, "SY", "village"),
              SourcePlace("ocha:X2", "Karfuma", "كفرومة", 35.6, 36.7, "SY", "village")]
    for p in places:
        p.add_name(p.name_ar, "ar", False)
    added = add_spelling_variants(places)
    assert added == {"prefixed_alif": 1, "final_ta_to_alif": 1}
    assert any(n.text == "ابريهه" and n.is_alias for n in places[0].names)
    assert any(n.text == "كفروما" and n.is_alias for n in places[1].names)


@pytest.mark.skipif(not SHARED_GAZETTEER.is_dir(), reason="shared gazetteer sources not present")
def test_variants_over_the_whole_gazetteer(tmp_path):
    """Measured on the gazetteer built from the shared sources: every kept variant names one place,
    and text written with the variant finds it."""
    from marsad.gazetteer import build_gazetteer

    stats = build_gazetteer(SHARED_GAZETTEER, tmp_path / "g.sqlite")
    assert 100 <= sum(stats.variants.values()) <= 400
    gaz = Gazetteer.from_file(tmp_path / "g.sqlite")
    for spelled, english in (("أبريهة", "Breiha"), ("كفروما", "Karfuma")):
        assert [p.name for p in gaz.lookup(spelled)] == [english]
