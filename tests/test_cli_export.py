"""`marsad export` takes the page's filters (several values, tolls, outlet, place, actor alias or
Arabic name, folded text, suspects), writes .xlsx and CSV with a BOM: a thin wrapper over
:class:`marsad.store.EventFilter` and :meth:`marsad.store.Store.export`, so each case gives what
the API gives for the same filters."""
from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from marsad.cli import app
from marsad.store import Store
from marsad.web.api import create_app

from store_samples import workbench_articles

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli-export") / "wb.db"
    with Store(path) as store:
        for article, events in workbench_articles():
            store.add_article(article, events)
    return path


def export(db, *args: str):
    return runner.invoke(app, ["export", "--db", str(db), *args])


def exported_ids(db, *args: str) -> set[str]:
    result = export(db, "-f", "jsonl", *args)
    assert result.exit_code == 0, result.output
    return {json.loads(line)["event_id"] for line in result.stdout.splitlines() if line.strip()}


def api_ids(db, params: dict) -> set[str]:
    with Store(db) as store, TestClient(create_app(store)) as client:
        items = client.get("/api/events", params={**params, "limit": 1000}).json()["items"]
    return {e["id"] for e in items}


CASES = [
    # (CLI flags, the same filters as the API's query, how many records)
    ((), {}, 8),
    (("--event-type", "Battles"), {"event_type": "Battles"}, 4),
    (("--event-type", "Battles", "--event-type", "Strategic developments"),
     {"event_type": ["Battles", "Strategic developments"]}, 8),
    (("--admin1", "Raqqa", "--admin1", "Deir ez-Zor"), {"admin1": ["Raqqa", "Deir ez-Zor"]}, 6),
    (("--admin1", "Aleppo", "--admin1", "Deir-ez-Zor"), {"admin1": ["Aleppo", "Deir-ez-Zor"]}, 2),
    (("--sub-event-type", "Armed clash"), {"sub_event_type": "Armed clash"}, 4),
    (("--fatalities-min", "1"), {"fatalities_min": 1}, 4),
    (("--fatalities-min", "1", "--fatalities-max", "10"), {"fatalities_min": 1, "fatalities_max": 10}, 3),
    (("--outlet", "Hawar"), {"outlet": "Hawar"}, 5),
    (("--location", "Tabqa"), {"location": "Tabqa"}, 1),
    (("--location", "الطبقة"), {"location": "الطبقة"}, 1),
    (("--actor", "ISIS"), {"actor": "ISIS"}, 7),
    (("--actor", "داعش"), {"actor": "داعش"}, 7),
    (("--actor-name", "Islamic State (Syria)"), {"actor_name": "Islamic State (Syria)"}, 7),
    (("--text", "الرقه"), {"q": "الرقه"}, 6),
    (("--suspect", "only"), {"suspect": "only"}, 1),
    (("--suspect", "exclude"), {"suspect": "exclude"}, 7),
    (("--date-from", "2023-01-25", "--date-to", "2023-01-25"), {"date_from": "2023-01-25", "date_to": "2023-01-25"}, 4),
]


@pytest.mark.parametrize("flags, params, n", CASES, ids=[" ".join(c[0]) or "none" for c in CASES])
def test_export_filters_match_the_api(db, flags, params, n):
    ids = exported_ids(db, *flags)
    assert len(ids) == n
    assert ids == api_ids(db, params)


@pytest.mark.parametrize(
    "flags, message",
    [
        (("-f", "jsonl", "--fatalities-min", "5", "--fatalities-max", "1"), "fatalities_min 5 is above"),
        (("-f", "jsonl", "--suspect", "maybe"), "maybe"),
        (("-f", "jsonl", "--fatalities-min", "-1"), "greater than or equal"),
        (("-f", "jsonl", "--bom"), "--bom is for CSV only"),
        (("-f", "xlsx"), "needs a file"),
        (("-f", "csv", "--date-from", "yesterday"), "YYYY-MM-DD"),
    ],
)
def test_export_refuses_bad_flags(db, flags, message):
    result = export(db, *flags)
    assert result.exit_code == 2 and message in " ".join(result.output.split())


@pytest.mark.parametrize(
    "name, flags, check",
    [
        ("events.csv", ("--bom",), "bom"),
        ("events.csv", (), "plain"),
        ("events.xlsx", (), "xlsx"),
        ("out.bin", ("-f", "xlsx"), "xlsx"),
        ("events.plover.json", (), "plover"),
    ],
)
def test_export_files(db, tmp_path, name, flags, check):
    path = tmp_path / name
    result = export(db, "--out", str(path), "--admin1", "Raqqa", *flags)
    assert result.exit_code == 0, result.output
    assert "5 events" in result.output  # Raqqa, Tabqa, Karama: two reports of the clash, three raids
    data = path.read_bytes()
    if check in ("bom", "plain"):
        assert data.startswith(b"\xef\xbb\xbf") == (check == "bom")
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert len(rows) == 5 and rows[0]["event_id_cnty"] and "الرقة" in data.decode("utf-8")
    elif check == "xlsx":
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            assert "xl/worksheets/sheet1.xml" in book.namelist()
            assert "الرقة" in book.read("xl/sharedStrings.xml").decode("utf-8")
    else:
        events = json.loads(data)
        assert len(events) == 5 and {e["event_type"] for e in events} <= {"ASSAULT", "COERCE"}


def test_bom_to_standard_output(db):
    result = export(db, "-f", "csv", "--bom", "--suspect", "only")
    assert result.exit_code == 0 and result.stdout.startswith("\ufeff")
    (row,) = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert row["suspect"] and row["fatalities"] == "60000"
