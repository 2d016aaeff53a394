"""De-duplication across articles: one incident per real-world incident."""
from __future__ import annotations

import random
import pytest

from marsad.store.dedup import (
    DedupSettings,
    build_incidents,
    cluster_records,
    compatible_actors,
    haversine_km,
    incident_fatalities,
    same_incident,
)
from marsad.document import EventRecord
from marsad.settings import load_settings

from store_samples import IS, RAQQA, SDF, TABQA

ARMY = "Military Forces of Syria (2000-2024)"


def rec(article: str, event_id: str = "", **values) -> EventRecord:
    base = dict(
        event_date="2022-12-26", time_precision=1, event_type="Battles", sub_event_type="Armed clash",
        actor1=IS, actor2=SDF, fatalities=0, article_id=article, event_id=event_id or f"ev-{article}",
    )
    base.update(RAQQA)
    base.update(values)
    return EventRecord(**base)


def test_two_outlets_same_incident_one_incident():
    a = rec("hawar", fatalities=6)
    b = rec("enab", fatalities=8, event_date="2022-12-27", latitude=35.95, longitude=39.01)
    incidents = build_incidents([a, b])
    assert len(incidents) == 1
    inc = incidents[0]
    assert inc.article_ids == ["enab", "hawar"] and inc.sources == 2
    assert inc.fatalities == 6 and inc.record.fatalities == 6  # lowest, not the sum
    assert inc.record.event_date == "2022-12-26" and inc.record.event_id == inc.id
    assert sorted(inc.event_ids) == ["ev-enab", "ev-hawar"]


@pytest.mark.parametrize(
    "other, why",
    [
        (dict(event_date="2022-12-28"), "two days apart"),
        (dict(**TABQA), "Tabqa is 40 km from Raqqa"),
        (dict(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike"), "another type"),
        (dict(actor1=ARMY, actor2=IS), "another pair of actors"),
        (dict(event_date="not a date"), "no date"),
    ],
)
def test_different_incidents_stay_apart(other, why):
    assert len(build_incidents([rec("hawar"), rec("enab", **other)])) == 2, why


def test_records_of_one_article_are_never_merged():
    # Raids in two neighbourhoods on one day are two atomic events of the article (codebook 1).
    a = rec("hawar", event_id="ev-1", location="Raqqa")
    b = rec("hawar", event_id="ev-2", location="Raqqa old town", latitude=35.95, longitude=39.01)
    assert len(build_incidents([a, b])) == 2


def test_one_side_empty_is_compatible_and_sides_may_swap():
    assert compatible_actors(rec("a"), rec("b", actor2=""))
    assert compatible_actors(rec("a"), rec("b", actor1=SDF, actor2=IS))
    assert compatible_actors(rec("a", assoc_actor_1="Other cell"), rec("b", actor1="Other cell", actor2=SDF))
    assert not compatible_actors(rec("a"), rec("b", actor1=ARMY, actor2=SDF))


def test_same_location_name_without_coordinates():
    assert same_incident(rec("a", latitude=0.0, longitude=0.0), rec("b"))
    assert not same_incident(rec("a", latitude=0.0, longitude=0.0, location="Al-Tabqa"), rec("b"))
    assert not same_incident(rec("a", latitude=0.0, longitude=0.0, country="Iraq"),
                             rec("b", latitude=0.0, longitude=0.0))


def test_distance_threshold_is_a_setting():
    far = rec("enab", **TABQA)
    assert 35 < haversine_km(RAQQA["latitude"], RAQQA["longitude"], TABQA["latitude"], TABQA["longitude"]) < 45
    assert len(build_incidents([rec("hawar"), far], DedupSettings(max_km=50))) == 1
    assert len(build_incidents([rec("hawar"), rec("enab", event_date="2022-12-28")], DedupSettings(max_days=2))) == 1
    assert DedupSettings.from_settings(load_settings()) == DedupSettings(max_days=1, max_km=10.0)


def test_no_chaining_through_a_middle_record():
    # a~b and b~c, but a and c are three days apart: complete linkage keeps a and c apart.
    a = rec("a", event_date="2022-12-25")
    b = rec("b", event_date="2022-12-26")
    c = rec("c", event_date="2022-12-27")
    groups = build_incidents([a, b, c])
    assert len(groups) == 2
    assert all(len(g.records) <= 2 for g in groups)


def test_clustering_is_deterministic_whatever_the_input_order():
    records = [rec(f"art{i}", event_date=f"2022-12-{20 + i % 5:02d}", fatalities=i) for i in range(12)]
    expected = sorted(sorted(inc.event_ids) for inc in build_incidents(records))
    shuffled = records[:]
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert sorted(sorted(inc.event_ids) for inc in build_incidents(shuffled)) == expected
    assert sum(len(g) for g in cluster_records(records)) == len(records)


@pytest.mark.parametrize(
    "tolls, expected",
    [([6, 8], 6), ([0, 8], 8), ([0, 0], 0), ([12, 3, 5], 3), ([7], 7)],
)
def test_incident_fatalities_is_the_lowest_reported_toll(tolls, expected):
    assert incident_fatalities([rec(f"a{i}", fatalities=n) for i, n in enumerate(tolls)]) == expected


def test_summary_takes_the_most_precise_record():
    vague = rec("a", geo_precision=3, location="Raqqa governorate")
    exact = rec("b", geo_precision=1, location="Raqqa", location_ar="الرقة")
    (inc,) = build_incidents([vague, exact])
    assert inc.record.location == "Raqqa" and inc.record.geo_precision == 1
    assert "2 record(s) from 2 article(s)" in inc.record.notes
    assert inc.record.article_id == "a; b"
    # The summary is a copy: the member records are untouched.
    assert exact.event_id == "ev-b" and exact.notes == "" and exact.article_id == "b"
