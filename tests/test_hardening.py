"""Validation at every boundary (issue 10): bounds of dates and tolls, reads that survive bad
stored values, reviews in one transaction, bounded query parameters and bodies, CSV cells safe
for spreadsheets. Regression tests for findings 1, 2, 5 and 9."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from fastapi.testclient import TestClient

import marsad.web.api as api_module
from marsad.bounds import (
    MAX_FATALITIES,
    BoundsError,
    check_date,
    check_fatalities,
    date_window,
    safe_fatalities,
    set_clock,
    strict_iso_date,
)
from marsad.document import Article, EventRecord
from marsad.io.output import csv_cell, csv_uncell, read_events, write_events
from marsad.run.store_ingest import store_items
from marsad.store import Store
from marsad.store.schema import refresh_effective
from marsad.web.api import create_app

from store_samples import sample_articles

TODAY = date(2024, 6, 1)

READS = ("/api/events", "/api/events?sort=fatalities", "/api/stats", "/api/incidents",
         "/api/export?per=incident", "/api/export?per=record&format=jsonl", "/api/reviews")


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "hard.db", clock=lambda: TODAY) as s:
        for article, events in sample_articles():
            s.add_article(article, events)
        yield s


@pytest.fixture
def client(store):
    with TestClient(create_app(store), raise_server_exceptions=False) as c:
        yield c


def first_id(client) -> str:
    return client.get("/api/events", params={"sort": "event_id"}).json()["items"][0]["id"]


# --------------------------------------------------------------------------- bounds


@pytest.mark.parametrize("value, ok", [
    ("2024-06-01", True), ("2024-06-02", True), ("2024-06-03", False), ("1990-01-01", True),
    ("1989-12-31", False), ("9999-12-31", False), ("0001-01-01", False), (date(2000, 2, 29), True),
    ("2023-02-29", False), ("01/02/2023", False), ("2023-1-5", False), ("", False), ("x" * 1000, False),
])
def test_date_window(value, ok):
    if ok:
        assert check_date(value, now=TODAY)
    else:
        with pytest.raises(BoundsError):
            check_date(value, now=TODAY)


def test_the_clock_is_injectable():
    previous = set_clock(lambda: date(2001, 1, 1))
    try:
        assert date_window() == (date(1990, 1, 1), date(2001, 1, 2))
    finally:
        set_clock(previous)
    assert date_window()[1] > date(2024, 1, 1)


@pytest.mark.parametrize("value, expected", [
    (0, 0), (5, 5), ("12", 12), (MAX_FATALITIES, MAX_FATALITIES), (3.0, 3),
    (MAX_FATALITIES + 1, None), (10**30, None), (-1, None), ("1e3", None), (True, None), (2.5, None),
    (float("nan"), None), (float("inf"), None), ("9" * 40, None), (None, None),
])
def test_fatalities_bound(value, expected):
    if expected is None:
        with pytest.raises(BoundsError):
            check_fatalities(value)
    else:
        assert check_fatalities(value) == expected


@pytest.mark.parametrize("stored, read", [(10**30, MAX_FATALITIES), (1e30, MAX_FATALITIES), (-4, 0), ("abc", 0),
                                          (None, 0), (float("nan"), 0), (7, 7)])
def test_stored_tolls_read_within_bounds(stored, read):
    assert safe_fatalities(stored) == read


@pytest.mark.parametrize("flag, ok", [("2023-02-01", True), ("01/02/2023", False), ("2013/02/01", False),
                                      ("2023-02-30", False), ("20230201", False), (" 2023-02-01 ", True)])
def test_command_line_dates_are_strict_iso(flag, ok):
    if ok:
        assert strict_iso_date(flag) == date(2023, 2, 1)
    else:
        with pytest.raises(BoundsError):
            strict_iso_date(flag)


# --------------------------------------------------------------------------- findings 1 and 2: refused, and reads survive


@pytest.mark.parametrize("fields, message", [
    ({"event_date": "9999-12-31"}, "outside"),            # finding 1
    ({"event_date": "2024-06-03"}, "outside"),            # today + 2 days (injected clock)
    ({"event_date": "1980-05-05"}, "outside"),
    ({"fatalities": 10**30}, "between 0 and"),             # finding 2
    ({"fatalities": MAX_FATALITIES + 1}, "between 0 and"),
    ({"fatalities": "9" * 40}, "at most 20 digits"),
    ({"notes": "x" * 10_001}, "at most 10,000"),
])
def test_out_of_bounds_corrections_get_422_and_store_nothing(client, store, fields, message):
    event_id = first_id(client)
    before = client.get(f"/api/events/{event_id}").json()
    response = client.post(f"/api/events/{event_id}/review", json={"action": "correct", "fields": fields, "reviewer": "H"})
    assert response.status_code == 422, response.text
    assert message in response.json()["detail"]
    assert store.reviews() == []
    assert client.get(f"/api/events/{event_id}").json() == before
    for url in READS:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("fields", [{"event_date": "2024-06-02"}, {"fatalities": MAX_FATALITIES}])
def test_values_at_the_bounds_are_accepted(client, fields):
    event_id = first_id(client)
    response = client.post(f"/api/events/{event_id}/review", json={"action": "correct", "fields": fields, "reviewer": "H"})
    assert response.status_code == 200, response.text
    assert {k: response.json()[k] for k in fields} == fields


@pytest.mark.parametrize("column, value", [
    ("event_date", "9999-12-31"), ("event_date", "0001-01-01"), ("event_date", "not a date"),
    ("fatalities", 1e30), ("fatalities", "many"), ("fatalities", -5), ("latitude", "north"), ("latitude", 1e300),
    ("time_precision", 99), ("evidence_spans", "[[1, 2], broken"), ("evidence_spans", "[[5, 2]]"),
    ("actor1", 12), ("inter1", "x"),
])
def test_bad_values_already_stored_never_break_a_read(tmp_path, column, value):
    # An older marsad (or a hand edit) stored it; every read still answers.
    with Store(tmp_path / "old.db") as store:
        for article, events in sample_articles():
            store.add_article(article, events)
        event_id = store.events(sort="event_id")[0].id
        store._conn.execute(f"UPDATE events SET {column} = ? WHERE event_id = ?", (value, event_id))
        refresh_effective(store._conn, event_id=event_id)  # (as the migration to version 6 would carry it over)
        with TestClient(create_app(store), raise_server_exceptions=False) as client:
            for url in READS + (f"/api/events/{event_id}",):
                assert client.get(url).status_code == 200, (url, client.get(url).text[:300])
            assert client.get(f"/api/events/{event_id}").json()["fatalities"] <= MAX_FATALITIES


def test_bad_corrections_already_stored_never_break_a_read(store):
    # Finding 1 and 2 as an older version left them: the corrections were stored.
    ids = [e.id for e in store.events(sort="event_id")]
    store._conn.execute("INSERT INTO review_state VALUES (?, 'corrected', ?, 'old', '')",
                        (ids[0], '{"event_date": "9999-12-31"}'))
    store._conn.execute("INSERT INTO review_state VALUES (?, 'corrected', ?, 'old', '')",
                        (ids[1], '{"fatalities": 1000000000000000000000000000000}'))
    for event_id in ids[:2]:
        refresh_effective(store._conn, event_id=event_id)
    with TestClient(create_app(store), raise_server_exceptions=False) as client:
        for url in READS + tuple(f"/api/events/{i}" for i in ids[:2]):
            assert client.get(url).status_code == 200, url
        assert client.get(f"/api/events/{ids[1]}").json()["fatalities"] == MAX_FATALITIES
    out = io.StringIO()
    assert store.export(out, "csv", per="incident") > 0


# --------------------------------------------------------------------------- ingest and import


def _article(published, **event) -> tuple[Article, list[EventRecord]]:
    values = dict(event_date="2024-05-01", time_precision=1, event_type="Battles", sub_event_type="Armed clash",
                  actor1="A", location="Raqqa", country="Syria", latitude=35.9, longitude=39.0, fatalities=2)
    values.update(event)
    return Article(id="a1", text="نص", published=published), [EventRecord(**values)]


@pytest.mark.parametrize("published, event, status, refused", [
    (date(2024, 5, 1), {}, "added", 0),
    (None, {"event_date": ""}, "added", 0),                       # no date at all: allowed, as before
    (date(2024, 5, 1), {"event_date": "9999-12-31"}, "added", 1),  # the event is left out
    (date(2024, 5, 1), {"fatalities": 10**30}, "added", 1),
    (date(2024, 5, 1), {"fatalities": MAX_FATALITIES + 1}, "added", 1),
    (date(9999, 12, 31), {}, "error", 0),                          # the article is refused
    (date(1970, 1, 1), {}, "error", 0),
])
def test_ingest_refuses_out_of_bounds_values_per_item(tmp_path, published, event, status, refused):
    from marsad.document import Document

    article, events = _article(published, **event)
    doc = Document(id=article.id, text=article.text, published=article.published)
    doc.events = events
    seen = []
    with Store(tmp_path / "i.db", clock=lambda: TODAY) as store:
        summary = store_items(store, [doc, doc], on_item=lambda item, result: seen.append((item, result)))
        if status == "error":
            assert summary.errors == {"invalid": 2} and store.article_count() == 0
            assert all(result is None and "outside" in str(item) for item, result in seen)
        else:
            assert summary.error_count == 0 and store.article_count() == 1
            assert store.count() == 1 - refused
            assert summary.events_refused == 2 * refused
            for read in (store.stats, store.incidents, lambda: store.export(io.StringIO(), "csv", per="incident")):
                read()


# --------------------------------------------------------------------------- finding 5: one transaction


def test_a_review_whose_answer_fails_is_not_stored(client, store, monkeypatch):
    event_id = first_id(client)
    before = client.get(f"/api/events/{event_id}").json()
    incident_before = store.incident_of(event_id)

    def broken(store, event_id):
        raise RuntimeError("cannot build the answer")

    monkeypatch.setattr(api_module, "_detail", broken)
    response = client.post(f"/api/events/{event_id}/review", json={"action": "reject", "reviewer": "H"})
    assert response.status_code == 500
    monkeypatch.undo()
    assert store.reviews() == []
    assert client.get(f"/api/events/{event_id}").json() == before
    assert store.incident_of(event_id) == incident_before


def test_review_then_runs_inside_the_transaction(store):
    event_id = store.events(sort="event_id")[0].id
    seen = store.review(event_id, "reject", reviewer="H", then=lambda review: (review.action, store.event(event_id).status))
    assert seen == ("reject", "rejected")
    with pytest.raises(ZeroDivisionError):
        store.review(event_id, "confirm", reviewer="H", then=lambda review: 1 / 0)
    assert [r.action for r in store.reviews(event_id)] == ["reject"]
    assert store.event(event_id).status == "rejected"


# --------------------------------------------------------------------------- finding 9: query parameters and bodies


@pytest.mark.parametrize("url, status", [
    ("/api/events?offset=9223372036854775808", 422),
    ("/api/events?offset=99999999999999999999999", 422),
    ("/api/events?offset=10000000", 200),
    ("/api/incidents?offset=9223372036854775808", 422),
    ("/api/events?sort=" + ",".join(["fatalities"] * 5000), 422),
    ("/api/events?sort=" + ",".join(["-fatalities"] * 21), 400),
    ("/api/events?sort=" + ",".join(["-fatalities"] * 20), 200),
    ("/api/events?q=" + "x" * 501, 422),
    ("/api/events?limit=1000&offset=0", 200),
    ("/api/alerts?after=9223372036854775808", 422),
    ("/api/new?since=" + "9" * 100, 422),
    ("/api/new?since=garbage", 422),  # regression (second probe): 200 with no events, as if none were new
    ("/api/new?since=2023-01-25T10:00:00%2B00:00", 200),
    ("/api/events?date_from=9999-12-31", 200),
])
def test_query_parameters_are_bounded(client, url, status):
    assert client.get(url).status_code == status


@pytest.mark.parametrize("size, chunked, status", [
    (50 * 1024 * 1024, False, 413), (300 * 1024, True, 413), (100, False, 200),
])
def test_request_bodies_are_size_limited(client, store, size, chunked, status):
    event_id = first_id(client)
    comment = "x" * size if size > 1000 else "fine"
    body = ('{"action": "confirm", "reviewer": "H", "comment": "' + comment + '"}').encode()
    if chunked:
        response = client.post(f"/api/events/{event_id}/review", content=iter([body[i:i + 65536] for i in range(0, len(body), 65536)]),
                               headers={"content-type": "application/json"})
    else:
        response = client.post(f"/api/events/{event_id}/review", content=body, headers={"content-type": "application/json"})
    assert response.status_code == status, response.text[:200]
    assert len(store.reviews()) == (1 if status == 200 else 0)


def test_a_long_comment_under_the_body_limit_is_refused_by_its_own_bound(client, store):
    response = client.post(f"/api/events/{first_id(client)}/review",
                           json={"action": "confirm", "reviewer": "H", "comment": "x" * 10_001})
    assert response.status_code == 422 and store.reviews() == []


# --------------------------------------------------------------------------- finding 9: CSV cells


@pytest.mark.parametrize("value, escaped", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("@SUM(A1)", "'@SUM(A1)"), ("+1+1", "'+1+1"),
    ("-2+3", "'-2+3"), ("\tx", "'\tx"), ("-3.25", "-3.25"), ("+7", "+7"), ("1e5", "1e5"), ("Raqqa", "Raqqa"),
    ("", ""), (-3.25, -3.25), (12, 12), ("'=already", "'=already"),
])
def test_csv_cells_are_safe_for_spreadsheets(value, escaped):
    assert csv_cell(value) == escaped
    if isinstance(value, str) and value != "'=already":
        assert csv_uncell(csv_cell(value)) == value


def test_csv_export_escapes_formulas_and_reads_back(tmp_path, client, store):
    event_id = first_id(client)
    client.post(f"/api/events/{event_id}/review",
                json={"action": "correct", "fields": {"actor1": "=cmd|' /C calc'!A0", "notes": "@x"}, "reviewer": "H"})
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export?format=csv").text)))
    (row,) = [r for r in rows if r["actor1"].startswith("'=")]
    assert row["actor1"] == "'=cmd|' /C calc'!A0"
    assert not any(v.startswith(("=", "+", "@")) for r in rows for v in r.values())
    path = tmp_path / "e.csv"
    write_events([store.event(event_id).record], path)
    assert read_events(path)[0].actor1 == "=cmd|' /C calc'!A0"


@pytest.mark.parametrize("fields, before", [("not json", "{}"), ("[]", "{}"), ('{"notes": "x"}', "not json")])
def test_reviews_stored_malformed_never_break_a_read_or_the_store(tmp_path, fields, before):
    # regression (second probe): a review's fields of "not json" or "[]" made the store fail to open, a bad
    # "before" gave a 500 on /api/reviews and on the event's detail
    from marsad.store.schema import refresh_review_state

    with Store(tmp_path / "old.db") as store:
        for article, events in sample_articles():
            store.add_article(article, events)
        event_id = store.events(sort="event_id")[0].id
        article_id = store.event(event_id).record.article_id
        store._conn.execute(  # (reviews are append-only: a hand edit adds a row)
            "INSERT INTO reviews (event_id, article_id, action, fields, reviewer, comment, created_at, before)"
            " VALUES (?, ?, 'correct', ?, 'old', '', '2023-01-26T00:00:00+00:00', ?)", (event_id, article_id, fields, before))
        store._conn.commit()
    with Store(tmp_path / "old.db") as store:  # (the store opens: review states are rebuilt from the log)
        refresh_review_state(store._conn, event_id)
        refresh_effective(store._conn, event_id=event_id)
        with TestClient(create_app(store), raise_server_exceptions=False) as client:
            for url in READS + (f"/api/events/{event_id}", "/api/reviews"):
                assert client.get(url).status_code == 200, (url, client.get(url).text[:300])
