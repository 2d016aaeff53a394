"""The analyst's workbench (issue 11), below the page: English notes, one admin1 spelling,
suspect records, filters (several values, tolls, outlets, places, actors by any name, folded
text), facets with counts, statistics without suspects, and what exports carry."""
from __future__ import annotations

import csv
import io
import json

import pytest

from marsad.document import EventRecord
from marsad.io.notes import admin1_name, english_note, note_phrases
from marsad.io.output import iter_events
from marsad.io.suspect import SuspectRulesError, parse_rules, suspect_reasons, suspect_rules
from marsad.pipeline.event_types import sub_event_types
from marsad.resources import read_tsv, read_yaml
from marsad.store import EventFilter, FilterError, Store
from marsad.store.search import actor_names
from marsad.pipeline.actors import actor_table

from store_samples import workbench_articles

SDF = "QSD: Syrian Democratic Forces"
IS = "Islamic State (Syria)"
ASAYISH = "Asayish: North and East Syria Internal Security Forces"


def rec(**values) -> EventRecord:
    base = dict(event_date="2023-01-25", time_precision=1, geo_precision=1, event_type="Strategic developments",
                sub_event_type="Other", actor1=SDF, assoc_actor_1=ASAYISH, actor2=IS, country="Syria",
                admin1="Ar-Raqqa", location="Tabqa", fatalities=0)
    base.update(values)
    return EventRecord(**base)


# --------------------------------------------------------------------------- English notes


@pytest.mark.parametrize("values, outlet, note", [
    ({}, "", "On 25 January 2023, QSD: Syrian Democratic Forces with Asayish conducted a security operation "
             "against Islamic State (Syria) in Tabqa, Ar-Raqqa; no fatalities reported."),
    ({}, "Hawar", "On 25 January 2023, QSD: Syrian Democratic Forces with Asayish conducted a security operation "
                  "against Islamic State (Syria) in Tabqa, Ar-Raqqa; no fatalities reported. Reported by Hawar."),
    ({"event_type": "Battles", "sub_event_type": "Armed clash", "actor1": IS, "assoc_actor_1": "", "actor2": SDF,
      "location": "Raqqa", "admin1": "Raqqa", "fatalities": 6, "event_date": "2022-12-26"}, "",
     "On 26 December 2022, Islamic State (Syria) clashed with QSD: Syrian Democratic Forces in Raqqa, Ar-Raqqa; "
     "6 fatalities reported."),
    ({"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike", "actor1": "",
      "assoc_actor_1": "", "actor2": "Civilians (Syria)", "fatalities": 1, "time_precision": 3}, "",
     "In January 2023, an air/drone strike on Civilians (Syria) was reported in Tabqa, Ar-Raqqa; 1 fatality reported."),
    ({"sub_event_type": "Arrests", "actor2": "", "assoc_actor_1": "", "geo_precision": 2, "time_precision": 2}, "",
     "In the week of 25 January 2023, QSD: Syrian Democratic Forces arrested near Tabqa, Ar-Raqqa; "
     "no fatalities reported."),
    ({"event_type": "Protests", "sub_event_type": "Peaceful protest", "actor1": "Protesters (Syria)",
      "assoc_actor_1": "", "actor2": "", "location": "", "admin1": "Idlib", "event_date": ""}, "",
     "On an unknown date, Protesters (Syria) held a peaceful protest in Idleb; no fatalities reported."),
    ({"location": "", "admin1": "", "actor2": "", "assoc_actor_1": ""}, "",
     "On 25 January 2023, QSD: Syrian Democratic Forces conducted a security operation in Syria; "
     "no fatalities reported."),
    # regression: a phrase with no target word joined actor2 with nothing ("held a peaceful protest PMF: ...")
    ({"event_type": "Protests", "sub_event_type": "Peaceful protest", "actor1": "Protesters (Iraq)",
      "assoc_actor_1": "", "actor2": "PMF: Popular Mobilization Forces", "location": "Baghdad", "admin1": "Baghdad"},
     "", "On 25 January 2023, Protesters (Iraq) held a peaceful protest involving PMF: Popular Mobilization Forces "
         "in Baghdad; no fatalities reported."),
])
def test_english_note(values, outlet, note):
    assert english_note(rec(**values), outlet) == note
    assert english_note(rec(**values).to_dict(), outlet) == note  # a dict of the fields too


def test_phrase_table_covers_every_sub_event_type():
    assert set(note_phrases()) == set(sub_event_types())
    assert all(p.verb and p.noun for p in note_phrases().values())


@pytest.mark.parametrize("given, name", [
    ("Raqqa", "Ar-Raqqa"), ("ar raqqa", "Ar-Raqqa"), ("Ar-Raqqa", "Ar-Raqqa"), ("Deir ez Zor", "Deir-ez-Zor"),
    ("Idlib", "Idleb"), ("Ninewa", "Nineveh"), ("Al Hasakeh", "Al-Hasakeh"), ("Daraa", "Dar'a"),
    ("Atlantis", "Atlantis"), ("", ""),
])
def test_one_admin1_spelling(given, name):
    assert admin1_name(given) == name


def test_admin1_aliases_name_known_provinces():
    names = {r["name_en"] for r in read_tsv("place_admin1.tsv")}
    aliases = [r["alias"] for r in read_tsv("admin1_aliases.tsv")]
    assert all(r["name"] in names for r in read_tsv("admin1_aliases.tsv"))
    assert len(aliases) == len(set(a.casefold() for a in aliases))


# --------------------------------------------------------------------------- suspect rules


def test_suspect_rules_file_is_valid():
    data = read_yaml("suspect_rules.yaml")
    assert data["name"] == "suspect_rules" and str(data["version"]).isdigit()
    rules = suspect_rules()
    assert {r.id for r in rules} >= {"mass-fatalities", "deaths-in-peaceful-protest", "country-level-tally",
                                     "region-level-tally"}
    known = set(sub_event_types())
    assert all(set(r.sub_event_types) <= known for r in rules)


@pytest.mark.parametrize("values, ids", [
    ({}, []),
    ({"fatalities": 499}, []),
    ({"fatalities": 500}, ["500 deaths in one record"]),
    ({"fatalities": 60000, "location": "Syria", "geo_precision": 3}, ["60000 deaths in one record", "whole country"]),
    ({"event_type": "Protests", "sub_event_type": "Peaceful protest", "fatalities": 2}, ["peaceful protest"]),
    ({"event_type": "Protests", "sub_event_type": "Peaceful protest", "fatalities": 0}, []),
    ({"fatalities": 3, "location": "", "admin1": ""}, ["whole country"]),
    ({"fatalities": 80, "location": "Ar-Raqqa"}, ["governorate or region (Ar-Raqqa)"]),
    ({"fatalities": 80, "geo_precision": 3, "location": "Raqqa"}, ["governorate or region"]),
    ({"fatalities": 49, "geo_precision": 3}, []),
])
def test_suspect_reasons(values, ids):
    reasons = suspect_reasons(rec(**values))
    parts = reasons.split("; ") if reasons else []
    assert len(parts) == len(ids)
    for part, words in zip(parts, ids):
        assert words in part


@pytest.mark.parametrize("data, message", [
    ({}, "a 'rules' list"),
    ({"rules": [{"id": "x"}]}, "needs an 'id' and a 'reason'"),
    ({"rules": [{"id": "x", "reason": "r"}]}, "no condition"),
    ({"rules": [{"id": "x", "reason": "r", "fatalities_max": 3}]}, "unknown keys fatalities_max"),
    ({"rules": [{"id": "x", "reason": "r", "place_level": "moon"}]}, "place_level"),
    ({"rules": [{"id": "x", "reason": "r", "fatalities_min": 1}, {"id": "x", "reason": "r", "fatalities_min": 2}]},
     "used twice"),
])
def test_bad_suspect_rules(data, message):
    with pytest.raises(SuspectRulesError, match=message):
        parse_rules(data)


# --------------------------------------------------------------------------- the store


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "wb.db") as store:
        for article, events in workbench_articles():
            store.add_article(article, events)
        yield store


def test_suspects_are_listed_flagged_and_left_out_of_stats_until_confirmed(store):
    assert store.count() == 8
    (tally,) = store.events(EventFilter(suspect="only"))
    assert tally.record.fatalities == 60000 and "60000 deaths in one record" in tally.suspect
    assert store.count(EventFilter(suspect="exclude")) == 7
    stats = store.stats()
    assert (stats.total, stats.fatalities, stats.suspects, stats.suspect_fatalities) == (7, 16, 1, 60000)
    assert sum(d["count"] for d in stats.by_day) == 7 and all(d["fatalities"] < 100 for d in stats.by_type)
    assert store.stats(EventFilter(suspect="only")).fatalities == 60000
    # first in the review queue
    assert store.events(sort="-suspect,event_date")[0].id == tally.id
    store.review(tally.id, "confirm", reviewer="Huda")
    assert store.event(tally.id).suspect == "" and store.stats().fatalities == 60016
    assert store.count(EventFilter(suspect="only")) == 0


@pytest.mark.parametrize("flt, count", [
    (dict(event_type=["Battles", "Strategic developments"]), 8),
    (dict(event_type=["Battles"]), 4),
    (dict(admin1=["Raqqa"]), 5),
    (dict(admin1=["Ar-Raqqa", "Aleppo"]), 6),
    (dict(admin1="ar raqqa"), 5),
    (dict(sub_event_type=["Armed clash", "Other"], admin1="Aleppo"), 1),
    (dict(fatalities_min=1), 4),
    (dict(fatalities_min=1, fatalities_max=10), 3),
    (dict(fatalities_max=0), 4),
    (dict(outlet=["Hawar"]), 5),
    (dict(outlet=["Hawar", "Enab Baladi"]), 6),
    (dict(location="tabqa"), 1),
    (dict(location="الطبقة"), 1),
    (dict(actor="داعش"), 7),
    (dict(actor="ISIS"), 7),
    (dict(actor="مرتزقة داعش"), 7),
    (dict(actor="sdf"), 6),
    (dict(actor="Democratic"), 6),
    (dict(actor_name=[SDF]), 6),
    (dict(actor_name=["Military Forces of Syria (2000-2024)", "Opposition Rebels (Syria)"]), 2),
    (dict(q="الرقه"), 6),  # the Sarrin raid's sentence names Raqqa too
    (dict(q="الرقة"), 6),
    (dict(q="الرقّة"), 6),
    (dict(q="HAWAR"), 5),
])
def test_filters(store, flt, count):
    assert store.count(EventFilter(**flt)) == count


def test_bad_filters():
    with pytest.raises(FilterError, match="fatalities_min 5 is above"):
        EventFilter(fatalities_min=5, fatalities_max=1)
    with pytest.raises(FilterError, match="suspect must be"):
        EventFilter(suspect="maybe")


def test_facets_count_values_under_the_other_filters(store):
    facets = store.facets(EventFilter(event_type="Battles", admin1="Ar-Raqqa"))
    # the event type's own filter is left out: every type is offered, counted in Ar-Raqqa
    assert {d["key"]: d["count"] for d in facets["event_type"]} == {"Strategic developments": 3, "Battles": 2}
    assert {d["key"]: d["count"] for d in facets["admin1"]} == {"Ar-Raqqa": 2, "Deir-ez-Zor": 1}
    assert {d["key"]: d["count"] for d in facets["outlet"]} == {"Hawar": 1, "Enab Baladi": 1}
    assert {d["key"] for d in facets["actor_name"]} == {IS, SDF}


def test_listings_use_one_admin1_spelling(store):
    assert {e.record.admin1 for e in store.events(EventFilter(admin1="Raqqa"))} == {"Ar-Raqqa"}
    assert {d["admin1"] for d in store.stats().by_admin1} == {"Ar-Raqqa", "Aleppo", "Deir-ez-Zor"}


def test_exports_keep_suspects_with_the_english_note_and_triggers(store):
    buf = io.StringIO()
    store.export(buf, "csv")
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert len(rows) == 8
    tally = next(r for r in rows if r["fatalities"] == "60000")
    assert "60000 deaths in one record" in tally["suspect"] and tally["triggers"] == "triggers: مقتل"
    assert tally["notes"].startswith("On 20 January 2023, Military Forces of Syria (2000-2024) clashed with ")
    assert tally["notes"].endswith("Reported by UN News Arabic.")
    tabqa = next(r for r in rows if r["location"] == "Al-Tabqa")
    assert tabqa["suspect"] == "" and tabqa["admin1"] == "Ar-Raqqa"
    assert tabqa["notes"] == ("On 25 January 2023, QSD: Syrian Democratic Forces conducted a security operation "
                              "against Islamic State (Syria) in Al-Tabqa, Ar-Raqqa; no fatalities reported. "
                              "Reported by Hawar.")
    buf = io.StringIO()
    store.export(buf, "jsonl")
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert all(line["note_en"].startswith("On ") for line in lines)
    assert sum(1 for line in lines if line["suspect"]) == 1


def test_csv_reads_back_the_records_notes(tmp_path, store):
    path = tmp_path / "out.csv"
    store.export(path)
    back = {r.event_id: r for r in iter_events(path)}
    tally = store.events(EventFilter(suspect="only"))[0]
    assert back[tally.id].notes == "triggers: مقتل"


def test_actor_names():
    assert set(actor_names("ISIS")) >= {IS, "Islamic State (Iraq)"}
    assert set(actor_names("داعش")) >= {IS}
    assert actor_names("") == ()
    aliases = read_tsv("actor_aliases_en.tsv")
    table = actor_table()
    roles = {a.role for a in table.values()}
    for row in aliases:
        name = row["name"]
        assert (name[5:] in roles) if name.startswith("role:") else (name in table), row


def test_a_suspect_toll_beyond_the_bound_is_told_as_it_is():
    # regression: a toll of 350000 was told as "100000 deaths in one record" (the bound)
    reasons = suspect_reasons({"fatalities": 350000, "sub_event_type": "Armed clash", "event_type": "Battles",
                               "geo_precision": 1, "location": "Raqqa", "country": "Syria", "admin1": "Raqqa"})
    assert reasons.startswith("350000 deaths in one record")
