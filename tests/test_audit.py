"""The audit trail (issue 10): append-only history of every change of an event (who, when,
before, after, comment), earlier article versions kept on re-ingest, backup and restore."""
from __future__ import annotations

import sqlite3

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from marsad.cli import app
from marsad.document import Article, EventRecord
from marsad.store import SCHEMA_VERSION, Store, StoreError, migrate
from marsad.store import restore_backup
from marsad.web.api import create_app

from store_samples import sample_articles

runner = CliRunner()


def first(store) -> str:
    return store.events(sort="event_id")[0].id


@pytest.mark.parametrize("action, fields, status, changed", [
    ("confirm", None, "confirmed", ["status"]),
    ("correct", {"fatalities": 9}, "corrected", ["fatalities", "status"]),
    ("correct", {"fatalities": 9, "location": "Raqqa city"}, "corrected", ["fatalities", "location", "status"]),
    ("reject", None, "rejected", ["status"]),
])
def test_each_review_is_a_history_entry(store, action, fields, status, changed):
    event_id = first(store)
    before = store.event(event_id).record.to_dict()
    store.review(event_id, action, fields, reviewer="Huda", comment="checked")
    (entry,) = [e for e in store.history(event_id) if e.action == action]
    assert (entry.who, entry.comment, entry.after["status"], entry.before["status"]) == ("Huda", "checked", status, "machine")
    assert entry.changed == changed
    for name, value in (fields or {}).items():
        assert entry.before[name] == before[name] and entry.after[name] == value
    assert entry.at


def test_history_is_ordered_and_complete_over_several_reviews(store):
    event_id = first(store)
    store.review(event_id, "correct", {"fatalities": 3}, reviewer="A")
    store.review(event_id, "correct", {"fatalities": 4}, reviewer="B", comment="second source")
    store.review(event_id, "reject", reviewer="C")
    reviews = [e for e in store.history(event_id) if e.who != "ingest"]
    assert [(e.who, e.action, e.before.get("fatalities"), e.after.get("fatalities"), e.after["status"]) for e in reviews] == [
        ("A", "correct", reviews[0].before["fatalities"], 3, "corrected"),
        ("B", "correct", 3, 4, "corrected"),
        ("C", "reject", 4, 4, "rejected"),
    ]


@pytest.mark.parametrize("sql", [
    "UPDATE history SET who = 'someone else'",
    "DELETE FROM history",
    "UPDATE reviews SET reviewer = 'someone else'",
    "DELETE FROM reviews",
    "DELETE FROM article_versions",
])
def test_history_and_reviews_are_append_only(store, sql):
    event_id = first(store)
    store.review(event_id, "confirm", reviewer="Huda")
    store.add_article(Article(id="other", text="نص أول"))
    store.add_article(Article(id="other", text="نص ثان"))  # a version of the first text
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store._conn.execute(sql)
    assert store.history(event_id)[-1].who == "Huda"


def _article(text: str) -> Article:
    return Article(id="art", text=text, published="2024-01-02")


def _event(**kw) -> EventRecord:
    values = dict(event_date="2024-01-01", time_precision=1, event_type="Battles", sub_event_type="Armed clash",
                  actor1="A", location="Raqqa", country="Syria", latitude=35.9, longitude=39.0, fatalities=2)
    return EventRecord(**(values | kw))


def test_reingest_keeps_earlier_versions_and_records_machine_changes(tmp_path):
    with Store(tmp_path / "v.db") as store:
        store.add_article(_article("النص الأول"), [_event()])
        event_id = store.events()[0].id
        store.review(event_id, "confirm", reviewer="Huda")
        store.add_article(_article("النص الثاني"), [_event(fatalities=5)])   # same event id, new toll
        store.add_article(_article("النص الثالث"), [_event(location="Tabqa")])  # the event is gone, another comes
        store.add_article(_article("النص الثالث"), [_event(location="Tabqa")])  # unchanged: no new version
        assert [v.text for v in store.article_versions("art")] == ["النص الأول", "النص الثاني"]
        assert store.article("art").text == "النص الثالث"
        actions = [(e.who, e.action, e.changed) for e in store.history(event_id)]
        assert actions == [("ingest", "added", []), ("Huda", "confirm", ["status"]),
                           ("ingest", "changed", ["fatalities"]), ("ingest", "removed", [])]
        with TestClient(create_app(store)) as client:
            assert [v["version"] for v in client.get("/api/articles/art/versions").json()] == [1, 2]
            history = client.get(f"/api/events/{event_id}/history")  # the event is gone; its history is not
            assert history.status_code == 200 and history.json()[-1]["action"] == "removed"
            assert client.get("/api/events/ev-nothing/history").status_code == 404
            assert client.get("/api/articles/nothing/versions").status_code == 404


def test_api_history_after_a_review(store):
    event_id = first(store)
    with TestClient(create_app(store)) as client:
        client.post(f"/api/events/{event_id}/review",
                    json={"action": "correct", "fields": {"fatalities": 7}, "reviewer": "Huda", "comment": "statement"})
        entries = client.get(f"/api/events/{event_id}/history").json()
    last = entries[-1]
    assert (last["who"], last["action"], last["after"]["fatalities"], last["comment"]) == ("Huda", "correct", 7, "statement")
    assert last["changed"] == ["fatalities", "status"]


def test_migration_backfills_the_history_of_earlier_reviews(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=3)  # a store as version 3 left it, with one review
    conn.execute("INSERT INTO articles (id, text, content_hash, ingested_at, updated_at) VALUES ('a', 't', 'h', '', '')")
    conn.execute("INSERT INTO reviews (event_id, article_id, action, fields, reviewer, comment, created_at, before)"
                 " VALUES ('ev-1', 'a', 'correct', '{\"fatalities\": 4}', 'Old', 'c', '2023-01-01T00:00:00+00:00',"
                 " '{\"fatalities\": 2, \"status\": \"machine\"}')")
    conn.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        (entry,) = store.history("ev-1")
        assert (entry.who, entry.action, entry.before["fatalities"], entry.after["fatalities"]) == ("Old", "correct", 2, 4)


def test_backup_while_in_use_and_restore(tmp_path, store):
    event_id = first(store)
    store.review(event_id, "reject", reviewer="Huda")
    out = tmp_path / "copy.db"
    result = runner.invoke(app, ["backup", str(out), "--db", store.path])
    assert result.exit_code == 0, result.output
    again = runner.invoke(app, ["backup", str(out), "--db", store.path])
    assert again.exit_code == 2 and "never overwrites" in again.output.replace("\n", " ")
    store.review(event_id, "confirm", reviewer="Later")  # after the backup

    restored = tmp_path / "restored.db"
    assert runner.invoke(app, ["restore", str(out), "--db", str(restored)]).exit_code == 0
    with Store(restored) as copy:
        assert copy.event(event_id).status == "rejected" and [e.who for e in copy.history(event_id)][-1] == "Huda"
    refused = runner.invoke(app, ["restore", str(out), "--db", str(restored)])
    assert refused.exit_code == 2 and "--force" in refused.output.replace("\n", " ")
    assert runner.invoke(app, ["restore", str(out), "--db", str(restored), "--force"]).exit_code == 0


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100])
def test_restore_refuses_what_is_not_a_marsad_database(tmp_path, content):
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    with pytest.raises(StoreError):
        restore_backup(bad, tmp_path / "target.db")
    assert not (tmp_path / "target.db").exists() or (tmp_path / "target.db").stat().st_size == 0


def test_restore_refuses_a_database_a_live_process_serves(tmp_path):
    # regression: 'marsad restore --force' under a running 'marsad serve' succeeded, and the server went on
    # with stale counts
    import subprocess
    import sys

    from marsad.store import Store, StoreError
    from marsad.store.history import marking_use, users_of

    db, backup = tmp_path / "live.db", tmp_path / "bk.db"
    with Store(db) as store:
        store.backup(backup)
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (tmp_path / "live.db.in-use").mkdir()
        (tmp_path / "live.db.in-use" / str(child.pid)).write_text("marsad serve", encoding="utf-8")
        assert users_of(db) == [f"marsad serve (pid {child.pid})"]
        with pytest.raises(StoreError, match="in use by marsad serve"):
            restore_backup(backup, db, force=True)
    finally:
        child.kill()
        child.wait()
    assert users_of(db) == []  # (a process that died without unmarking is passed over)
    assert restore_backup(backup, db, force=True)
    with marking_use(db, "marsad watch"):  # (this process's own mark: it may restore)
        assert (tmp_path / "live.db.in-use").is_dir() and users_of(db) == []
    assert not (tmp_path / "live.db.in-use").exists()


@pytest.mark.parametrize("make", ["newer", "only_version"])
def test_a_backup_this_marsad_cannot_open_is_refused_before_anything_is_replaced(tmp_path, make):
    # regression: a backup with schema version 99, or holding a schema_version table alone, was copied over the
    # database with --force, and only then refused (data lost)
    import sqlite3

    from marsad.store import Store, StoreError

    db, bad = tmp_path / "live.db", tmp_path / "odd.db"
    with Store(db) as store:
        store.backup(tmp_path / "good.db")
    con = sqlite3.connect(bad)
    if make == "newer":
        src = sqlite3.connect(tmp_path / "good.db")
        src.backup(con)
        src.close()
        con.execute("INSERT INTO schema_version (version) VALUES (99)")
    else:
        con.execute("CREATE TABLE schema_version (version INTEGER)")
        con.execute("INSERT INTO schema_version VALUES (3)")
    con.commit()
    con.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="newer than this marsad|no table"):
        restore_backup(bad, db, force=True)
    assert db.read_bytes() == before


@pytest.mark.parametrize("name", ["b#1.db", "b?x.db", "b%20.db"])
def test_a_backup_path_may_hold_uri_characters(tmp_path, name, monkeypatch):
    # regression: "#", "?" and "%" in the path ended the file's name in the URI (a refusal, a stray file, a traceback)
    from marsad.store import Store

    monkeypatch.chdir(tmp_path)
    with Store(tmp_path / "live.db") as store:
        store.backup(tmp_path / name)
    assert restore_backup(tmp_path / name, tmp_path / "new.db") >= 1
    assert not (tmp_path / "b").exists()  # (no stray file named by the path cut at "#" or "?")
