"""Output writers (.jsonl, .csv in ACLED order, .geojson) and reading records back."""
from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest

from marsad.document import EVENT_FIELDS, EventRecord
from marsad.io.output import (
    ACLED_COLUMNS,
    EXTRA_COLUMNS,
    EventWriter,
    OutputFormatError,
    acled_row,
    event_row,
    events_to_string,
    interaction_code,
    output_format,
    read_events,
    write_events,
)


def make_event(**changes) -> EventRecord:
    base = dict(
        event_date="2023-01-24",
        time_precision=1,
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        actor1="Military Forces of Syria (2000-2024)",
        actor2="Civilians (Syria)",
        country="Syria",
        admin1="Idlib",
        location="Kafr Nabl",
        location_ar="بلدة كفرنبل",
        latitude=35.6128,
        longitude=36.5614,
        geo_precision=1,
        fatalities=3,
        evidence="قصفت طائرات حربية مساء أمس الثلاثاء بلدة كفرنبل، ما أدى إلى مقتل ثلاثة مدنيين.",
        article_id="a1",
        event_id="a1-1",
        evidence_spans=[(0, 78)],
        inter1=1,
        inter2=7,
        pipeline_version="0.1.0",
    )
    base.update(changes)
    return EventRecord(**base)


EVENTS = [
    make_event(),
    make_event(event_id="a1-2", sub_event_type="Armed clash", event_type="Battles", actor2="Opposition Rebels (Syria)",
               inter2=2, fatalities=0, evidence='اشتباكات "عنيفة"،\nفي سطرين'),
    make_event(article_id="b2", event_id="", country="Iraq", admin1="Nineveh", location="Mosul", latitude=36.34,
               longitude=43.13, actor2="", inter2=0, event_type="Strategic developments", sub_event_type="Arrests",
               evidence_spans=[]),
]


@pytest.mark.parametrize(
    "path, fmt, expected",
    [
        ("out.jsonl", None, "jsonl"),
        ("OUT.CSV", None, "csv"),
        ("dir/out.geojson", None, "geojson"),
        ("out.txt", "csv", "csv"),
        ("out", "JSONL", "jsonl"),
    ],
)
def test_output_format(path, fmt, expected):
    assert output_format(path, fmt) == expected


@pytest.mark.parametrize("path, fmt", [("out.txt", None), ("out", None), ("out.json", None), ("out.jsonl", "xml")])
def test_unknown_output_format_is_an_error(path, fmt):
    with pytest.raises(OutputFormatError, match="unknown output format"):
        output_format(path, fmt)


def test_unknown_extension_fails_before_creating_the_file(tmp_path):
    with pytest.raises(OutputFormatError):
        write_events(EVENTS, tmp_path / "events.txt")
    assert not (tmp_path / "events.txt").exists()


# --------------------------------------------------------------------------- jsonl


def test_jsonl_has_article_id_first_then_codebook_fields_then_provenance(tmp_path):
    path = tmp_path / "events.jsonl"
    assert write_events(EVENTS, path) == 3
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    row = json.loads(lines[0])
    keys = list(row)
    assert keys[0] == "article_id"
    assert keys[1 : 1 + len(EVENT_FIELDS)] == list(EVENT_FIELDS)
    for name in ("event_id", "evidence_spans", "pipeline_version", "inter1", "inter2", "admin2", "notes"):
        assert name in row
    assert row["evidence_spans"] == [[0, 78]]
    assert "بلدة كفرنبل" in lines[0]  # UTF-8, not \\u escapes


def test_event_row_covers_every_record_field():
    # every field, then the English note, the outlet and the suspect flag (marsad.io.notes, marsad.io.suspect)
    assert set(event_row(EVENTS[0])) == {f.name for f in dataclasses.fields(EventRecord)} | {"note_en", "source", "suspect"}


# --------------------------------------------------------------------------- csv


def test_csv_columns_in_acled_order_then_extras(tmp_path):
    path = tmp_path / "events.csv"
    write_events(EVENTS, path)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(reader)
    assert header[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    assert header[len(ACLED_COLUMNS) :] == list(EXTRA_COLUMNS)
    assert header[:4] == ["event_id_cnty", "event_date", "year", "time_precision"]
    assert header[len(ACLED_COLUMNS) - 1] == "timestamp"
    assert len(rows) == 3  # the two-line evidence is quoted, not split


@pytest.mark.parametrize(
    "changes, column, expected",
    [
        ({}, "year", "2023"),
        ({}, "disorder_type", "Political violence"),
        ({"event_type": "Protests", "sub_event_type": "Peaceful protest"}, "disorder_type", "Demonstrations"),
        ({"event_type": "Riots", "sub_event_type": "Violent demonstration"}, "disorder_type", "Demonstrations"),
        ({"event_type": "Strategic developments", "sub_event_type": "Arrests"}, "disorder_type", "Strategic developments"),
        ({"sub_event_type": "Not a type"}, "disorder_type", ""),
        ({}, "iso", 760),
        ({"country": "Iraq"}, "iso", 368),
        ({"country": "Atlantis"}, "iso", ""),
        ({}, "region", "Middle East"),
        ({"country": "Egypt"}, "region", "Northern Africa"),
        ({}, "interaction", 17),
        ({"inter1": 2, "inter2": 1}, "interaction", 12),
        ({"actor2": "", "inter2": 0}, "interaction", 10),
        ({}, "civilian_targeting", "Civilian targeting"),
        ({"actor2": "Opposition Rebels (Syria)", "inter2": 2}, "civilian_targeting", ""),
        ({"event_id": ""}, "event_id_cnty", "x-1"),
        ({}, "event_id_cnty", "a1-1"),
        ({}, "admin3", ""),
        ({}, "evidence_spans", "[[0, 78]]"),
        ({}, "latitude", 35.6128),
    ],
)
def test_acled_row_derived_fields(changes, column, expected):
    row = acled_row(make_event(**changes), timestamp=1700000000, fallback_id="x-1")
    assert row[column] == expected


def test_disorder_type_follows_the_package_typology():
    from marsad.pipeline.event_types import sub_event_types

    for name, entry in sub_event_types().items():
        row = acled_row(make_event(event_type=entry.event_type, sub_event_type=name))
        assert row["disorder_type"] == entry.disorder_type and row["disorder_type"]


def test_acled_row_takes_inter_codes_from_the_actor_table_when_missing():
    row = acled_row(make_event(inter1=0, inter2=0))
    # Civilians are ACLED inter code 7 whatever the actor table holds for the state force.
    assert row["inter2"] == 7 and row["civilian_targeting"] == "Civilian targeting"


@pytest.mark.parametrize("inter1, inter2, expected", [(1, 7, 17), (7, 1, 17), (3, 3, 33), (2, 0, 20), (0, 8, 80), (0, 0, None)])
def test_interaction_code(inter1, inter2, expected):
    assert interaction_code(inter1, inter2) == expected


def test_csv_source_and_url_come_from_the_writer_call():
    buf = io.StringIO()
    with EventWriter(buf, "csv") as writer:
        writer.write(EVENTS[0], source="Example News", url="https://example.org/a1")
    row = next(csv.DictReader(io.StringIO(buf.getvalue())))
    assert row["source"] == "Example News" and row["url"] == "https://example.org/a1"


# --------------------------------------------------------------------------- geojson


def test_geojson_feature_collection_of_points(tmp_path):
    path = tmp_path / "events.geojson"
    write_events(EVENTS + [make_event(latitude=0.0, longitude=0.0, event_id="nowhere")], path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 4
    first = data["features"][0]
    assert first["type"] == "Feature"
    assert first["geometry"] == {"type": "Point", "coordinates": [36.5614, 35.6128]}  # lon, lat
    assert first["properties"]["article_id"] == "a1" and first["properties"]["location_ar"] == "بلدة كفرنبل"
    assert set(EVENT_FIELDS) <= set(first["properties"])
    assert data["features"][3]["geometry"] is None


def test_empty_outputs_are_valid(tmp_path):
    for fmt in ("jsonl", "csv", "geojson"):
        path = tmp_path / f"none.{fmt}"
        assert write_events([], path) == 0
        assert read_events(path) == []
    assert json.loads((tmp_path / "none.geojson").read_text()) == {"type": "FeatureCollection", "features": []}
    assert (tmp_path / "none.csv").read_text().startswith("event_id_cnty,")


# --------------------------------------------------------------------------- round trips and writers


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "geojson"])
def test_round_trip(tmp_path, fmt):
    path = tmp_path / f"events.{fmt}"
    write_events(EVENTS, path)
    assert read_events(path) == EVENTS


def test_csv_round_trip_fills_derived_inter_codes(tmp_path):
    path = tmp_path / "events.csv"
    write_events([make_event(inter2=0)], path)
    assert read_events(path)[0].inter2 == 7


def test_read_events_accepts_article_per_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    row = {"id": "g1", "text": "...", "events": [{k: v for k, v in make_event().to_dict().items() if k != "article_id"}]}
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    (event,) = read_events(path)
    assert event.article_id == "g1" and event.fatalities == 3


def test_writer_streams_into_an_open_file():
    buf = io.StringIO()
    writer = EventWriter(buf, "jsonl")
    writer.write(EVENTS[0])
    assert buf.getvalue().count("\n") == 1  # written at once, not at close
    writer.write(EVENTS[1])
    writer.close()
    assert writer.count == 2 and not buf.closed


def test_writer_needs_a_format_for_an_anonymous_file():
    with pytest.raises(OutputFormatError, match="needs a format"):
        EventWriter(io.StringIO())


def test_events_to_string():
    text = events_to_string(EVENTS[:1], "jsonl")
    assert json.loads(text)["event_id"] == "a1-1"
