"""A location correction picks a gazetteer place (Arabic or English) and changes coordinates,
admin1 (one spelling), admin2 and precision together; the server refuses a location that is no
gazetteer place and comes without coordinates (issue 11, item 6)."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from marsad.document import Place
from marsad.gazetteer import Gazetteer, load_gazetteer
from marsad.gazetteer.store import NameEntry
from marsad.gazetteer.names import name_key
from marsad.store import ReviewError, Store
from marsad.store.places import kind_precision, location_correction, place_choices, place_fields
from marsad.web.api import create_app

from store_samples import sample_articles


def small_gazetteer() -> Gazetteer:
    places = [
        Place("t:tabqa", "Tabqa", 35.83758, 38.54828, "Syria", "SY", "Raqqa", "Ath-Thawrah", "city", 87880, "الطبقة"),
        Place("t:raqqa-gov", "Ar-Raqqa", 35.95, 38.99, "Syria", "SY", "Ar-Raqqa", "", "governorate", 0, "الرقة"),
        Place("t:raqqa", "Raqqa", 35.9645, 38.9963, "Syria", "SY", "Ar-Raqqa", "Ar-Raqqa", "city", 200000, "الرقة"),
        Place("t:dam", "Tabqa Dam", 35.87, 38.57, "Syria", "SY", "Ar-Raqqa", "", "dam", 0, "سد الطبقة"),
        Place("t:sy", "Syria", 35.0, 38.0, "Syria", "SY", "", "", "country", 0, "سوريا", codeable=False),
    ]
    names = []
    for p in places:
        for lang, name in (("en", p.name), ("ar", p.name_ar)):
            names.append((name_key(name), NameEntry(p.id, lang, False, name)))
    return Gazetteer(places, names)


GAZ = small_gazetteer()


@pytest.mark.parametrize(
    "text, first",
    [
        ("Tabqa", "t:tabqa"),  # exact English
        ("tab", "t:tabqa"),  # a start, any case; the city before the dam (more important)
        ("الطبقة", "t:tabqa"),  # exact Arabic
        ("الطبق", "t:tabqa"),
        ("طبقة", "t:tabqa"),  # without the article
        ("الرقه", "t:raqqa"),  # folded (ه/ة); the city before the governorate of the same name
        ("Ar-Raqqa", "t:raqqa-gov"),  # the governorate's own name
        ("dam", "t:dam"),  # a later word of the name
    ],
)
def test_place_choices(text, first):
    choices = place_choices(GAZ, text)
    assert choices and choices[0].id == first


def test_place_choices_leave_out_countries_and_unknowns():
    assert place_choices(GAZ, "Syria") == [] and place_choices(GAZ, "سوريا") == []
    assert place_choices(GAZ, "xyz") == [] and place_choices(GAZ, "  ") == []


@pytest.mark.parametrize("kind, precision", [("city", 1), ("village", 1), ("neighbourhood", 1), ("dam", 2),
                                             ("airbase", 2), ("district", 2), ("governorate", 3), ("region", 3)])
def test_kind_precision(kind, precision):
    assert kind_precision(Place("x", "X", 1.0, 1.0, kind=kind)) == precision


def test_place_fields_use_one_admin1_spelling():
    fields = place_fields(GAZ.place("t:tabqa"))
    assert fields == {"location": "Tabqa", "location_ar": "الطبقة", "country": "Syria", "admin1": "Ar-Raqqa",
                      "admin2": "Ath-Thawrah", "latitude": 35.83758, "longitude": 38.54828, "geo_precision": 1}


@pytest.mark.parametrize(
    "fields, place_id, expected",
    [
        # a picked place sets every location field
        ({}, "t:dam", {"location": "Tabqa Dam", "admin1": "Ar-Raqqa", "latitude": 35.87, "geo_precision": 2}),
        # ... but a precision the reviewer gives wins ("near X")
        ({"geo_precision": 2}, "t:tabqa", {"location": "Tabqa", "geo_precision": 2}),
        # a location typed by name (any language) is looked up
        ({"location": "الطبقة"}, None, {"location": "Tabqa", "admin2": "Ath-Thawrah", "longitude": 38.54828}),
        # explicit coordinates are kept, the name as given, admin1 in one spelling
        ({"location": "Farm 4", "latitude": 35.1, "longitude": 38.2, "admin1": "raqqa"}, None,
         {"location": "Farm 4", "latitude": 35.1, "longitude": 38.2, "admin1": "Ar-Raqqa"}),
        # fields other than the location pass unchanged
        ({"fatalities": 3}, None, {"fatalities": 3}),
    ],
)
def test_location_correction(fields, place_id, expected):
    out = location_correction(GAZ, fields, place_id)
    assert {k: out[k] for k in expected} == expected


@pytest.mark.parametrize(
    "fields, place_id, message",
    [
        ({}, "t:nowhere", "no place 't:nowhere'"),
        ({}, "t:sy", "not an event location"),
        ({"location": "Atlantis"}, None, "not a place in the gazetteer"),
        ({"location": "Atlantis", "latitude": 35.0}, None, "not a place in the gazetteer"),  # one coordinate is not enough
        ({"location": " "}, None, "cannot be empty"),
    ],
)
def test_location_correction_refuses(fields, place_id, message):
    with pytest.raises(ReviewError, match=message):
        location_correction(GAZ, fields, place_id)


# --------------------------------------------------------------------------- through the API


@pytest.fixture
def client(tmp_path):
    with Store(tmp_path / "loc.db") as store:
        for article, events in sample_articles():
            store.add_article(article, events)
        with TestClient(create_app(store)) as c:  # packaged settings: the bundled gazetteer
            yield c


def tabqa_id(client) -> str:
    (event_id,) = [e["id"] for e in client.get("/api/events", params={"location": "Tabqa"}).json()["items"]]
    return event_id


def test_api_places_in_arabic_and_english(client):
    for q in ("Manb", "منبج"):
        body = client.get("/api/places", params={"q": q}).json()
        assert body[0]["name"] == "Manbij" and body[0]["admin1"] == "Aleppo" and body[0]["geo_precision"] == 1
        assert abs(body[0]["latitude"] - 36.528) < 0.01
    assert client.get("/api/places", params={"q": "Manb", "limit": 1}).json()[0]["name_ar"] == "منبج"
    assert client.get("/api/places", params={"q": ""}).status_code == 422


def test_api_location_correction_moves_the_event(client):
    event_id = tabqa_id(client)
    (manbij,) = client.get("/api/places", params={"q": "منبج", "limit": 1}).json()
    r = client.post(f"/api/events/{event_id}/review", json={
        "action": "correct", "reviewer": "Huda", "place_id": manbij["id"], "fields": {}})
    assert r.status_code == 200, r.text
    ev = r.json()
    assert (ev["location"], ev["admin1"], ev["latitude"], ev["longitude"], ev["geo_precision"]) == (
        "Manbij", "Aleppo", manbij["latitude"], manbij["longitude"], 1)
    assert ev["status"] == "corrected" and ev["machine"]["location"] == "Al-Tabqa"
    assert "in Manbij, Aleppo" in ev["note_en"]
    # the listing and the filters see it where it now is
    listed = client.get("/api/events", params={"admin1": "Aleppo", "location": "Manbij"}).json()["items"]
    assert [e["id"] for e in listed] == [event_id]


@pytest.mark.parametrize(
    "body, message",
    [
        ({"action": "correct", "fields": {"location": "Atlantis"}}, "not a place in the gazetteer"),
        ({"action": "correct", "place_id": "gn:0"}, "no place 'gn:0'"),
        ({"action": "correct", "fields": {"location": "X", "latitude": 95, "longitude": 38}}, "latitude must be between"),
        ({"action": "confirm", "place_id": "gn:0"}, "takes no place"),
    ],
)
def test_api_refuses_a_location_that_is_not_a_place(client, body, message):
    event_id = tabqa_id(client)
    r = client.post(f"/api/events/{event_id}/review", json=body | {"reviewer": "Huda"})
    assert r.status_code == 400 and message in r.json()["detail"]
    assert client.get(f"/api/events/{event_id}").json()["status"] == "machine"


def test_the_bundled_gazetteer_completes_the_tabqa_city_first():
    assert load_gazetteer().complete("الطبق", 1)[0].name == "Tabqa"
