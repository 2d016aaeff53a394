"""Exports carry what marsad knows (issue 11, item 8): ``tags`` the loaded terms the source used
for the actors, ``source`` the outlet, ``admin2`` where the gazetteer has it, and a PLOVER-style JSON
export whose mapping (``data/plover.tsv``) is checked here."""
from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from fastapi.testclient import TestClient

from marsad.document import EventRecord
from marsad.io.notes import loaded_tags
from marsad.io.output import EventWriter, OutputFormatError, output_format, write_events
from marsad.io.plover import (
    PLOVER_CONTEXTS,
    PLOVER_EVENT_TYPES,
    PLOVER_MODES,
    PloverMappingError,
    parse_mapping,
    plover_event,
    plover_mapping,
)
from marsad.resources import read_tsv
from marsad.store import Store
from marsad.store.schema import migrate
from marsad.web.api import create_app

from store_samples import sdf_raids

LOADED = "Islamic State (Syria): مرتزقة داعش; QSD: Syrian Democratic Forces: الميليشيات الانفصالية"


@pytest.mark.parametrize(
    "terms, tags",
    [
        ("", ""),
        ("Islamic State (Syria): مرتزقة داعش", "source calls Islamic State (Syria) مرتزقة داعش"),
        # an actor's name with a colon of its own; several pairs
        (LOADED, "source calls Islamic State (Syria) مرتزقة داعش; "
                 "source calls QSD: Syrian Democratic Forces الميليشيات الانفصالية"),
        ("no pair here", ""),
    ],
)
def test_loaded_tags(terms, tags):
    assert loaded_tags(terms) == tags


def clash(**values) -> EventRecord:
    base = dict(event_date="2022-12-26", time_precision=1, event_type="Battles", sub_event_type="Armed clash",
                actor1="Islamic State (Syria)", actor2="QSD: Syrian Democratic Forces",
                assoc_actor_2="Asayish: North and East Syria Internal Security Forces", country="Syria",
                admin1="Raqqa", admin2="Ar-Raqqa", location="Raqqa", location_ar="مدينة الرقة",
                latitude=35.9644702, longitude=38.9962876, fatalities=6, evidence="شنت خلايا مرتزقة داعش هجوماً",
                article_id="seed", event_id="e1", inter1=2, inter2=2, notes="trigger: هجوم",
                loaded_terms="Islamic State (Syria): مرتزقة داعش")
    base.update(values)
    return EventRecord(**base)


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_carries_tags_source_and_admin2():
    buf = io.StringIO()
    with EventWriter(buf, "csv") as out:
        out.write(clash(), source="Hawar", url="https://example.org/a")
    (row,) = csv_rows(buf.getvalue())
    assert row["tags"] == "source calls Islamic State (Syria) مرتزقة داعش"
    assert row["source"] == "Hawar" and row["admin2"] == "Ar-Raqqa"
    assert row["notes"].endswith("Reported by Hawar.")


def test_jsonl_carries_the_loaded_terms_and_the_outlet():
    buf = io.StringIO()
    with EventWriter(buf, "jsonl") as out:
        out.write(clash(), source="Hawar")
    row = json.loads(buf.getvalue())
    assert row["loaded_terms"] == "Islamic State (Syria): مرتزقة داعش" and row["source"] == "Hawar"


# --------------------------------------------------------------------------- PLOVER


def test_plover_file_maps_every_sub_event_type_once_to_valid_values():
    subtypes = [r["sub_event_type"] for r in read_tsv("event_types.tsv")]
    mapping = plover_mapping()  # validates on load
    assert sorted(mapping) == sorted(subtypes)
    for code in mapping.values():
        assert code.event_type in PLOVER_EVENT_TYPES
        assert not code.mode or code.mode in PLOVER_MODES[code.event_type]
        assert set(code.context) <= set(PLOVER_CONTEXTS)


@pytest.mark.parametrize(
    "sub, event_type, mode",
    [
        ("Armed clash", "ASSAULT", "firearms"),
        ("Air/drone strike", "ASSAULT", "heavy-weapons"),
        ("Remote explosive/landmine/IED", "ASSAULT", "explosives"),
        ("Abduction/forced disappearance", "ASSAULT", "abduct"),
        ("Peaceful protest", "PROTEST", "demo"),
        ("Violent demonstration", "PROTEST", "riot"),
        ("Arrests", "COERCE", "arrest"),
        ("Agreement", "AGREE", ""),
        ("Non-violent transfer of territory", "RETREAT", "withdraw"),
    ],
)
def test_plover_codes(sub, event_type, mode):
    code = plover_mapping()[sub]
    assert (code.event_type, code.mode) == (event_type, mode)


ROW = {"sub_event_type": "Armed clash", "event_type": "ASSAULT", "mode": "firearms", "context": "military"}


@pytest.mark.parametrize(
    "rows, message",
    [
        ([ROW | {"event_type": "FIGHT"}], "not a PLOVER event type"),
        ([ROW | {"mode": "demo"}], "not a mode of ASSAULT"),
        ([ROW | {"event_type": "AGREE", "mode": "firearms"}], "not a mode of AGREE"),
        ([ROW | {"context": "military|weather"}], "'weather' is not a PLOVER context"),
        ([ROW, ROW], "mapped twice"),
        ([ROW | {"sub_event_type": ""}], "no sub_event_type"),
    ],
)
def test_bad_plover_rows(rows, message):
    with pytest.raises(PloverMappingError, match=message):
        parse_mapping(rows)


def test_plover_event():
    ev = plover_event(clash(), source="Hawar", url="https://example.org/a")
    assert (ev["event_type"], ev["mode"], ev["context"]) == ("ASSAULT", "firearms", ["military"])
    assert ev["actor"] == {"name": "Islamic State (Syria)", "associates": [], "inter": 2}
    assert ev["recipient"]["associates"] == ["Asayish: North and East Syria Internal Security Forces"]
    assert ev["location"]["admin1"] == "Ar-Raqqa" and ev["location"]["admin2"] == "Ar-Raqqa"
    assert ev["acled"] == {"event_type": "Battles", "sub_event_type": "Armed clash"}
    assert ev["tags"] == "source calls Islamic State (Syria) مرتزقة داعش" and ev["source"] == "Hawar"
    assert ev["date"] == "2022-12-26" and ev["fatalities"] == 6 and ev["id"] == "e1"


def test_plover_file_is_a_json_array(tmp_path):
    path = tmp_path / "events.plover.json"
    assert output_format(path) == "plover" and output_format(None, "plover") == "plover"
    assert write_events([clash(), clash(event_id="e2", sub_event_type="Air/drone strike",
                                        event_type="Explosions/Remote violence")], path) == 2
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [(e["id"], e["mode"]) for e in data] == [("e1", "firearms"), ("e2", "heavy-weapons")]
    empty = tmp_path / "none.plover.json"
    write_events([], empty)
    assert json.loads(empty.read_text(encoding="utf-8")) == []
    with pytest.raises(OutputFormatError):
        output_format(tmp_path / "events.json")


# --------------------------------------------------------------------------- through the store and the API


@pytest.fixture
def store(tmp_path):
    article, events = sdf_raids()
    events[0].loaded_terms = "Islamic State (Syria): مرتزقة داعش"
    events[0].admin2 = "Ar-Raqqa"
    with Store(tmp_path / "x.db") as s:
        s.add_article(article, events)
        yield s


def test_store_keeps_the_loaded_terms_and_exports_them(store):
    (clash_event,) = [e for e in store.events() if e.record.sub_event_type == "Armed clash"]
    assert clash_event.record.loaded_terms == "Islamic State (Syria): مرتزقة داعش"
    with TestClient(create_app(store)) as client:
        rows = csv_rows(client.get("/api/export", params={"format": "csv"}).text)
        (row,) = [r for r in rows if r["sub_event_type"] == "Armed clash"]
        assert row["tags"] == "source calls Islamic State (Syria) مرتزقة داعش"
        assert row["source"] == "Hawar" and row["admin2"] == "Ar-Raqqa"
        assert {r["tags"] for r in rows if r["sub_event_type"] != "Armed clash"} == {""}
        r = client.get("/api/export", params={"format": "plover", "event_type": "Battles"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
        assert 'filename="marsad-events.plover.json"' in r.headers["content-disposition"]
        (ev,) = r.json()
        assert ev["event_type"] == "ASSAULT" and ev["tags"].startswith("source calls") and ev["source"] == "Hawar"


def test_a_version_3_database_gets_the_column_and_reingest_fills_it(tmp_path):
    path = tmp_path / "v3.db"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=3) == 3
    conn.close()
    article, events = sdf_raids()
    with Store(path) as store:
        columns = {r[1] for r in store._conn.execute("PRAGMA table_info(events)")}
        assert "loaded_terms" in columns
        store.add_article(article, events)
        assert {e.record.loaded_terms for e in store.events()} == {""}
        events[0].loaded_terms = "Islamic State (Syria): مرتزقة داعش"
        assert store.add_article(article, events).status == "replaced"  # the newer records replace the old
        assert "Islamic State (Syria): مرتزقة داعش" in {e.record.loaded_terms for e in store.events()}
