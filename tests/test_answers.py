"""The kept answers of the listings (marsad.web.api.AnswerCache): the same values as the models
give, never older than the data (changes made by another connection too), one answer made at a
time per question, and a cached answer still behind the accounts check."""
from __future__ import annotations

import json
import threading
import time

import pytest
from fastapi.testclient import TestClient

from marsad.document import Article, EventRecord
from marsad.store import EventFilter, Store
from marsad.web.api import AnswerCache, EventOut, EventPage, create_app, event_page_json

from store_samples import sample_articles


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "answers.db") as s:
        for article, events in sample_articles():
            s.add_article(article, events)
        yield s


def typed(value):
    """A JSON value with its Python types spelled out (36.0 and 36 differ)."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def test_the_listing_json_is_what_the_models_give(store):
    # A suspect record (a protest with a toll), a country-level place, Arabic and markup in fields.
    store.add_article(Article(id="odd", text="نص <b>x</b>", published="2025-01-02", outlet="Outlet «ا»", title="t"), [
        EventRecord(event_date="2025-01-02", time_precision=2, event_type="Protests", sub_event_type="Peaceful protest",
                    actor1="Protesters (Syria)", country="Syria", location="Syria", latitude=35.0, longitude=38.0,
                    geo_precision=3, fatalities=40, evidence="نص <b>x</b>", evidence_spans=[(0, 2)], notes="a\nb")])
    events = store.events(EventFilter(status="all"), sort="event_id")
    first, second, third = (e.id for e in events[:3])
    store.review(first, "correct", {"fatalities": 7, "location": "موقع", "latitude": 36}, reviewer="Huda")
    store.review(second, "reject", reviewer="Huda")
    store.review(third, "confirm", reviewer="Huda")
    events = store.events(EventFilter(status="all"), sort="event_id")
    assert any(e.machine for e in events) and any(e.suspect for e in events)
    fast = json.loads(event_page_json(events, 42, 100, 5))
    slow = json.loads(EventPage(items=[EventOut.of(e) for e in events], total=42, limit=100, offset=5).model_dump_json())
    assert typed(fast) == typed(slow)
    assert list(fast["items"][0]) == list(slow["items"][0])  # the same fields in the same order


def test_answers_follow_changes_made_by_another_connection(store, tmp_path):
    with TestClient(create_app(store)) as client:
        before = client.get("/api/events").json()
        assert client.get("/api/events").json() == before  # (a kept answer)
        with Store(store.path) as other:  # as an ingest process does
            other.add_article(*next(iter(sample_articles()))[:1], [])  # (an article's events replaced: none left)
        after = client.get("/api/events").json()
        assert after["total"] < before["total"]
        event_id = after["items"][0]["id"]
        with Store(store.path) as other:
            other.review(event_id, "correct", {"fatalities": 99}, reviewer="other")
        (item,) = [e for e in client.get("/api/events").json()["items"] if e["id"] == event_id]
        assert item["fatalities"] == 99 and item["status"] == "corrected"


def test_a_parameter_given_twice_takes_its_last_value_in_kept_answers_too(store):
    with TestClient(create_app(store)) as client:
        assert len(client.get("/api/events?limit=1&limit=2").json()["items"]) == 2
        assert len(client.get("/api/events?limit=2&limit=1").json()["items"]) == 1


def test_one_answer_is_made_at_a_time_per_question(store):
    cache = AnswerCache(store)
    made = []

    def answer() -> bytes:
        made.append(1)
        time.sleep(0.2)
        return b'{"n": 1}'

    class FakeRequest:
        scope = {"path": "/api/events", "query_string": b""}

    bodies = []
    threads = [threading.Thread(target=lambda: bodies.append(cache.get(FakeRequest(), answer).body)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert bodies == [b'{"n": 1}'] * 8 and len(made) == 1
    assert cache.lookup(("/api/events", b""), store.change_stamp()) == b'{"n": 1}'
    store.review(store.events(limit=1)[0].id, "confirm", reviewer="Huda")
    assert cache.lookup(("/api/events", b""), store.change_stamp()) is None  # the data moved on


def test_a_failed_answer_is_not_kept_and_each_waiter_gets_its_error(store):
    with TestClient(create_app(store)) as client:
        for _ in range(2):
            r = client.get("/api/events", params={"sort": "nope"})
            assert r.status_code == 400 and "cannot sort" in r.json()["detail"]


def test_kept_answers_are_behind_the_accounts_check(store):
    with TestClient(create_app(store)) as client:
        assert client.get("/api/events").status_code == 200  # (kept now)
        store.add_user("admin", "admin", "a long password 1")
        assert client.get("/api/events").status_code == 401
