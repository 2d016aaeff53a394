"""The event store: idempotent ingest, re-ingest against reviews, migrations, filters, reviews."""
from __future__ import annotations

import sqlite3
from pathlib import Path
from dataclasses import fields

import pytest

from marsad.document import Article, Document, EventRecord
from marsad.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    EventFilter,
    FilterError,
    NotFoundError,
    ReviewError,
    Store,
    StoreError,
    content_hash,
    event_key,
    migrate,
)

from store_samples import GOLD, SDF, gold_articles, raqqa_clash, sample_articles, sdf_raids


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "marsad.db") as s:
        yield s


@pytest.fixture
def loaded(store):
    for article, events in sample_articles():
        store.add_article(article, events)
    return store


def snapshot(store: Store) -> tuple:
    conn = store._conn
    return (
        [tuple(r) for r in conn.execute("SELECT * FROM articles ORDER BY id")],
        [tuple(r) for r in conn.execute("SELECT * FROM events ORDER BY event_id")],
        [tuple(r) for r in conn.execute("SELECT * FROM reviews ORDER BY id")],
    )


# --------------------------------------------------------------------------- ingest


def test_ingest_stores_article_and_events(store):
    article, events = sdf_raids()
    result = store.add_article(article, events)
    assert result.status == "added" and result.events == 5
    stored = store.article("hawar-raids")
    assert stored.text == article.text and stored.outlet == "Hawar" and stored.published == "2023-01-25"
    assert stored.content_hash == content_hash(article.text)
    assert store.count() == 5
    clash = store.events(EventFilter(event_type="Battles"))[0].record
    assert clash.fatalities == 6 and clash.actor1 == "Islamic State (Syria)" and clash.article_id == "hawar-raids"
    assert clash.pipeline_version == "test"
    start, end = clash.evidence_spans[0]
    assert article.text[start:end] == clash.evidence


def test_ingesting_the_same_article_twice_changes_nothing(store):
    article, events = sdf_raids()
    store.add_article(article, events)
    before = snapshot(store)
    result = store.add_article(article, events)
    assert result.status == "unchanged" and result.added == [] and result.removed == []
    assert snapshot(store) == before


def test_add_document_takes_a_pipeline_document(store):
    article, events = sdf_raids()
    doc = Document.from_article(article)
    doc.events = events
    assert store.add_document(doc).events == 5
    assert store.add_document(doc).status == "unchanged"


def test_event_ids_are_deterministic_and_ignore_input_order(store, tmp_path):
    article, events = sdf_raids()
    store.add_article(article, events)
    with Store(tmp_path / "other.db") as other:
        other.add_article(article, list(reversed(events)))
        assert {e.id for e in other.events()} == {e.id for e in store.events()}
    assert event_key("hawar-raids", events[0]) in {e.id for e in store.events()}


def test_changed_article_replaces_machine_events_but_keeps_reviews(store):
    article, events = sdf_raids()
    store.add_article(article, events)
    clash_id = store.events(EventFilter(event_type="Battles"))[0].id
    tabqa_id = store.events(EventFilter(q="Al-Tabqa"))[0].id
    store.review(clash_id, "correct", {"fatalities": 5}, reviewer="Huda", comment="the statement says five")
    store.review(tabqa_id, "confirm", reviewer="Huda")

    # The outlet updated the article; the new extraction keeps the clash, loses Tabqa, gains a record.
    article.text += "\nتحديث: أعلنت قسد اعتقال مشتبهين في الطبقة."
    changed = [e for e in events if e.location != "Al-Tabqa"] + [
        EventRecord(event_date="2023-01-25", time_precision=1, event_type="Strategic developments",
                    sub_event_type="Arrests", actor1=SDF, country="Syria", admin1="Raqqa", location="Al-Tabqa",
                    latitude=35.83758, longitude=38.54828)
    ]
    result = store.add_article(article, changed)
    assert result.status == "replaced"
    assert result.removed == [tabqa_id] and len(result.added) == 1 and result.orphaned_reviews == 1
    assert store.article(article.id).text == article.text

    clash = store.event(clash_id)  # same key -> same id -> the correction still applies
    assert clash.record.fatalities == 5 and clash.status == "corrected" and clash.machine == {"fatalities": 6}
    with pytest.raises(NotFoundError):
        store.event(tabqa_id)
    orphans = store.reviews(orphaned=True)
    assert [(r.event_id, r.action, r.reviewer) for r in orphans] == [(tabqa_id, "confirm", "Huda")]
    assert len(store.reviews()) == 2  # nothing deleted

    # The event comes back in a later extraction: its review applies again.
    store.add_article(article, events)
    assert store.event(tabqa_id).status == "confirmed"
    assert store.reviews(orphaned=True) == []


def test_new_pipeline_output_for_the_same_text_replaces_events(store):
    article, events = sdf_raids()
    store.add_article(article, events)
    newer = [EventRecord.from_dict(e.to_dict()) for e in events]
    for e in newer:
        e.pipeline_version = "test-2"
    assert store.add_article(article, newer).status == "replaced"
    assert {e.record.pipeline_version for e in store.events()} == {"test-2"}


def test_duplicate_keys_in_one_article_are_both_kept(store):
    article, events = sdf_raids()
    result = store.add_article(article, [events[0], events[0]])
    assert result.events == 2 and store.count() == 2


def test_article_without_id_is_refused(store):
    with pytest.raises(StoreError, match="id"):
        store.add_article(Article(id="", text="x"), [])


def test_every_record_field_has_a_column(store):
    columns = {r[1] for r in store._conn.execute("PRAGMA table_info(events)")}
    assert {f.name for f in fields(EventRecord)} <= columns


# --------------------------------------------------------------------------- migrations


def test_new_database_is_at_the_latest_schema_in_wal_mode(store):
    assert store.schema_version == SCHEMA_VERSION == MIGRATIONS[-1].version
    assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    versions = [r[0] for r in store._conn.execute("SELECT version FROM schema_version ORDER BY version")]
    assert versions == [m.version for m in MIGRATIONS]


def test_opening_a_version_1_database_upgrades_it_and_keeps_its_reviews(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=1) == 1
    article, events = sdf_raids()
    clash = raqqa_clash()
    clash_id = event_key(article.id, clash)
    conn.execute(
        "INSERT INTO articles (id, text, content_hash, ingested_at, updated_at) VALUES (?, ?, ?, '', '')",
        (article.id, article.text, content_hash(article.text)),
    )
    conn.execute(
        "INSERT INTO events (event_id, article_id, event_date, event_type, sub_event_type, actor1, fatalities)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (clash_id, article.id, clash.event_date, clash.event_type, clash.sub_event_type, clash.actor1, 6),
    )
    conn.execute(
        "INSERT INTO reviews (event_id, article_id, action, fields, reviewer, created_at)"
        " VALUES (?, ?, 'correct', '{\"fatalities\": 4}', 'Omar', '2023-02-01T00:00:00+00:00')",
        (clash_id, article.id),
    )
    conn.close()

    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        event = store.event(clash_id)
        assert event.record.fatalities == 4 and event.status == "corrected" and event.reviewer == "Omar"


def test_a_database_from_a_newer_marsad_is_refused(tmp_path):
    path = tmp_path / "new.db"
    Store(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("INSERT INTO schema_version VALUES (?, 'future', '')", (SCHEMA_VERSION + 1,))
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_a_file_that_is_not_a_marsad_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE something (x)")
    conn.close()
    with pytest.raises(StoreError, match="not a marsad database"):
        Store(path)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        Store(garbage)


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "nope" / "marsad.db")


# --------------------------------------------------------------------------- filters


@pytest.mark.parametrize(
    "flt, expected",
    [
        (EventFilter(), 7),
        (EventFilter(date_from="2023-01-01"), 5),
        (EventFilter(date_to="2022-12-31"), 2),
        (EventFilter(date_from="2023-01-25", date_to="2023-01-25"), 4),
        (EventFilter(country="syria"), 7),
        (EventFilter(admin1="Raqqa"), 5),
        (EventFilter(admin1="Aleppo"), 1),
        (EventFilter(event_type="Battles"), 3),
        (EventFilter(sub_event_type="Other"), 4),
        (EventFilter(actor="syrian democratic"), 6),
        (EventFilter(actor="Military Forces of Syria"), 1),
        (EventFilter(q="الطبقة"), 4),  # the raids sentence names the four towns
        (EventFilter(q="Sarrin"), 1),
        (EventFilter(q="هجوم لداعش"), 1),  # the article's title
        (EventFilter(article_id="enab-raqqa"), 1),
        (EventFilter(status="machine"), 7),
        (EventFilter(status="rejected"), 0),
    ],
)
def test_filters(loaded, flt, expected):
    assert loaded.count(flt) == expected
    assert len(loaded.events(flt)) == expected


def test_bad_filters_are_clear_errors():
    with pytest.raises(FilterError, match="date_from"):
        EventFilter(date_from="25/01/2023")
    with pytest.raises(FilterError, match="after"):
        EventFilter(date_from="2023-02-01", date_to="2023-01-01")
    with pytest.raises(FilterError, match="status"):
        EventFilter(status="maybe")


def test_sorting_and_paging(loaded):
    by_fatalities = [e.record.fatalities for e in loaded.events(sort="-fatalities")]
    assert by_fatalities == sorted(by_fatalities, reverse=True) and by_fatalities[0] == 8
    every = [e.id for e in loaded.events(sort="event_date")]
    pages = [e.id for off in range(0, 7, 3) for e in loaded.events(sort="event_date", limit=3, offset=off)]
    assert pages == every
    with pytest.raises(FilterError, match="sort"):
        loaded.events(sort="evidence; DROP TABLE events")


# --------------------------------------------------------------------------- reviews


def test_correction_wins_everywhere(loaded):
    clash = loaded.events(EventFilter(article_id="hawar-raids", event_type="Battles"))[0]
    loaded.review(clash.id, "correct", {"admin1": "Aleppo", "fatalities": "5"}, reviewer="Huda")
    event = loaded.event(clash.id)
    assert event.record.admin1 == "Aleppo" and event.record.fatalities == 5
    assert event.machine == {"admin1": "Raqqa", "fatalities": 6}
    assert loaded.count(EventFilter(admin1="Aleppo")) == 2  # filters see corrected values (and Sarrin)
    assert loaded.count(EventFilter(status="corrected")) == 1
    exported = {r.event_id: r for r in loaded.records()}
    assert exported[clash.id].fatalities == 5 and exported[clash.id].admin1 == "Aleppo"
    # A later correction of another field keeps the first one.
    loaded.review(clash.id, "correct", {"location_ar": "الرقة"}, reviewer="Omar")
    event = loaded.event(clash.id)
    assert (event.record.fatalities, event.record.location_ar, event.reviewer) == (5, "الرقة", "Omar")


def test_rejected_events_leave_listings_and_exports(loaded):
    victim = loaded.events(EventFilter(q="Sarrin"))[0]
    loaded.review(victim.id, "reject", reviewer="Huda", comment="a sweep, not an event")
    assert loaded.count() == 6
    assert victim.id not in {r.event_id for r in loaded.records()}
    assert [e.id for e in loaded.events(EventFilter(status="rejected"))] == [victim.id]
    assert loaded.count(EventFilter(status="all")) == 7
    assert loaded.event(victim.id).status == "rejected"
    # Confirming it later brings it back.
    loaded.review(victim.id, "confirm", reviewer="Omar")
    assert loaded.event(victim.id).status == "confirmed" and loaded.count() == 7


def test_reviews_are_logged_with_time_reviewer_and_what_they_saw(loaded):
    event = loaded.events()[0]
    review = loaded.review(event.id, "confirm", reviewer="  Huda  ", comment="checked")
    assert review.reviewer == "Huda" and review.comment == "checked" and review.created_at
    assert review.before["status"] == "machine" and review.before["event_id"] == event.id
    assert [r.id for r in loaded.reviews(event.id)] == [review.id]


@pytest.mark.parametrize(
    "action, fields, reviewer, message",
    [
        ("approve", {}, "Huda", "action"),
        ("confirm", {}, "", "reviewer"),
        ("correct", {}, "Huda", "at least one field"),
        ("confirm", {"fatalities": 2}, "Huda", "takes no fields"),
        ("correct", {"colour": "red"}, "Huda", "unknown field"),
        ("correct", {"fatalities": -1}, "Huda", "between 0 and 100,000"),
        ("correct", {"fatalities": "many"}, "Huda", "integer"),
        ("correct", {"fatalities": True}, "Huda", "integer"),
        ("correct", {"latitude": 123}, "Huda", "between"),
        ("correct", {"event_date": "26/12/2022"}, "Huda", "YYYY-MM-DD"),
        ("correct", {"event_type": "War"}, "Huda", "event_type"),
        ("correct", {"sub_event_type": "Arrests"}, "Huda", "not a kind of"),
        ("correct", {"actor1": ""}, "Huda", "actor1"),
        ("correct", {"actor2": None}, "Huda", "needs a value"),
        ("correct", {"geo_precision": 4}, "Huda", "between 1 and 3"),
    ],
)
def test_bad_reviews_are_refused_and_store_nothing(loaded, action, fields, reviewer, message):
    event = loaded.events(EventFilter(event_type="Battles", article_id="hawar-raids"))[0]
    with pytest.raises(ReviewError, match=message):
        loaded.review(event.id, action, fields, reviewer=reviewer)
    assert loaded.reviews() == [] and loaded.event(event.id).status == "machine"


def test_changing_type_and_sub_type_together_is_allowed(loaded):
    event = loaded.events(EventFilter(event_type="Battles", article_id="hawar-raids"))[0]
    loaded.review(event.id, "correct", {"event_type": "Violence against civilians", "sub_event_type": "Attack"},
                  reviewer="Huda")
    assert loaded.event(event.id).record.sub_event_type == "Attack"


def test_review_of_an_unknown_event(loaded):
    with pytest.raises(NotFoundError, match="no event"):
        loaded.review("ev-nope", "confirm", reviewer="Huda")


# --------------------------------------------------------------------------- incidents and stats


def test_two_outlets_one_incident_with_the_lowest_toll(loaded):
    incidents = loaded.incidents(EventFilter(event_type="Battles"))
    raqqa = [i for i in incidents if i.record.location == "Raqqa"]
    assert len(raqqa) == 1
    assert raqqa[0].article_ids == ["enab-raqqa", "hawar-raids"] and raqqa[0].fatalities == 6
    assert loaded.incident_of(raqqa[0].event_ids[0]).id == raqqa[0].id
    assert len(loaded.incidents()) == 6  # 7 records, the Raqqa attack reported twice


def test_incidents_follow_reviews(loaded):
    clash = loaded.events(EventFilter(article_id="enab-raqqa"))[0]
    before = loaded.incident_of(clash.id)
    loaded.review(clash.id, "correct", {"event_date": "2022-12-01"}, reviewer="Huda")
    assert loaded.incident_of(clash.id).id != before.id
    assert len(loaded.incident_of(clash.id).event_ids) == 1
    loaded.review(clash.id, "reject", reviewer="Huda")
    assert loaded.incident_of(clash.id) is None


def test_stats(loaded):
    stats = loaded.stats()
    assert stats.total == 7 and stats.fatalities == 6 + 8 + 2 and stats.incidents == 6
    assert {d["key"]: d["count"] for d in stats.by_day} == {
        "2022-12-26": 1, "2022-12-27": 1, "2023-01-25": 4, "2023-02-01": 1,
    }
    assert {d["key"]: d["count"] for d in stats.by_type} == {"Battles": 3, "Strategic developments": 4}
    assert {(d["country"], d["admin1"]): d["count"] for d in stats.by_admin1} == {
        ("Syria", "Ar-Raqqa"): 5, ("Syria", "Aleppo"): 1, ("Syria", "Deir-ez-Zor"): 1,
    }
    assert loaded.stats(EventFilter(admin1="Aleppo")).total == 1


def test_store_is_usable_from_other_threads(loaded):
    import threading

    counts = []
    threads = [threading.Thread(target=lambda: counts.append(loaded.count())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert counts == [7] * 4


@pytest.mark.skipif(not GOLD.exists(), reason="needs ../shared/eval/dev/gold.jsonl")
def test_gold_articles_ingest_and_reingest(store):
    articles = gold_articles()
    for article, events in articles:
        store.add_article(article, events)
    before = snapshot(store)
    assert store.article_count() == len(articles)
    assert store.count(EventFilter(status="all")) == sum(len(e) for _, e in articles)
    for article, events in articles:
        assert store.add_article(article, events).status == "unchanged"
    assert snapshot(store) == before



# --------------------------------------------------------------------------- command line


def test_cli_ingest_export_and_serve(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from marsad.cli import app

    runner = CliRunner()
    article, events = sdf_raids()
    source = tmp_path / "hawar-raids.txt"
    source.write_text(article.text, encoding="utf-8")
    db = tmp_path / "cli.db"

    first = runner.invoke(app, ["ingest", str(source), "--published", "2023-01-25", "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "1 added" in first.output
    again = runner.invoke(app, ["ingest", str(source), "--published", "2023-01-25", "--db", str(db)])
    assert "1 unchanged" in again.output

    # Records from a store the pipeline did not write (hand-coded), exported through the CLI.
    with Store(db) as store:
        store.add_article(article, events)
        store.review(store.events(EventFilter(event_type="Battles"))[0].id, "correct", {"fatalities": 4},
                     reviewer="Huda")
    out = tmp_path / "events.csv"
    result = runner.invoke(app, ["export", "--db", str(db), "--out", str(out), "--admin1", "Raqqa"])
    assert result.exit_code == 0, result.output
    import csv

    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 4 and {r["fatalities"] for r in rows if r["event_type"] == "Battles"} == {"4"}
    jsonl = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl", "--per", "incident"])
    assert jsonl.exit_code == 0 and jsonl.stdout.count("\n") == 5

    no_format = runner.invoke(app, ["export", "--db", str(db)])
    assert no_format.exit_code == 0 and no_format.stdout.startswith("event_id_cnty,")  # CSV by default
    bad_date = runner.invoke(app, ["export", "--db", str(db), "-f", "csv", "--date-from", "yesterday"])
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.output
    bad_published = runner.invoke(app, ["ingest", str(source), "--published", "yesterday", "--db", str(db)])
    assert bad_published.exit_code == 2

    served = {}
    # (the CLI runs a uvicorn.Server of its own, whose stop also stops the watcher and event streams)
    monkeypatch.setattr("uvicorn.Server.run", lambda server, *a, **kw: served.update(
        app=server.config.app, host=server.config.host, port=server.config.port))
    result = runner.invoke(app, ["serve", "--db", str(db), "--port", "8999"])
    assert result.exit_code == 0, result.output
    assert served["host"] == "127.0.0.1" and served["port"] == 8999
    assert served["app"].state.store.path == str(db)


def test_an_article_replaced_by_one_of_another_file_is_said(tmp_path):
    # regression: a section of a long article ("foo~2") replaced an article a user had named so, read from
    # another file, with no word (its text stays among the versions)
    from marsad.document import Article

    with Store(tmp_path / "m.db") as store:
        store.add_article(Article(id="foo~2", text="نص أول", source="first.jsonl:1"))
        same_file = store.add_article(Article(id="foo~2", text="نص ثان", source="first.jsonl:7"))
        assert same_file.status == "replaced" and same_file.notes == []  # (the same file read again)
        other = store.add_article(Article(id="foo~2", text="نص ثالث", source="later.jsonl:3"))
        assert other.status == "replaced" and len(other.notes) == 1
        assert "read from first.jsonl:7" in other.notes[0]
        assert len(store.article_versions("foo~2")) >= 2


def test_a_database_that_cannot_be_opened_says_when_it_is_read_only(tmp_path, monkeypatch):
    # regression (second probe): a read-only database said only "unable to open database file"
    import marsad.store.database as database

    path = tmp_path / "m.db"
    Store(path).close()
    monkeypatch.setattr(database.os, "access", lambda p, mode: Path(p) != path)
    assert "the file is read-only" in database._read_only_hint(str(path))
    monkeypatch.setattr(database.os, "access", lambda p, mode: Path(p) == path)
    assert "its folder is read-only" in database._read_only_hint(str(path))
    monkeypatch.setattr(database.os, "access", lambda p, mode: True)
    assert database._read_only_hint(str(path)) == ""
