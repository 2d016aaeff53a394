"""Stable identities across upgrades (issue 10): reviews stay on their record when an article is
coded again by a newer coder or stored under a new id; incidents keep their id as records join;
a store of the previous schema version is carried over."""
from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.document import Article, Document, EventRecord
from marsad.store import SCHEMA_VERSION, Store, build_incidents, content_hash, event_key
from marsad.store.identity import RULES, Orphan, match
from marsad.store.schema import EVENT_FIELD_COLUMNS, migrate, refresh_effective, refresh_review_state

RAQQA = dict(location="Raqqa", location_ar="الرقة", country="Syria", admin1="Raqqa", latitude=35.9645, longitude=38.9963)
TABQA = dict(location="Al-Tabqa", location_ar="الطبقة", country="Syria", admin1="Raqqa", latitude=35.8376, longitude=38.5483)


def rec(**kw) -> EventRecord:
    values = dict(event_date="2024-03-05", time_precision=1, event_type="Battles", sub_event_type="Armed clash",
                  actor1="QSD: Syrian Democratic Forces", actor2="Islamic State (Syria)", fatalities=3,
                  geo_precision=1, pipeline_version="old", **RAQQA)
    return EventRecord(**(values | kw))


def art(article_id: str = "hawar-1", text: str = "نص الخبر", **kw) -> Article:
    return Article(id=article_id, text=text, published=date(2024, 3, 6), **kw)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "ident.db", clock=lambda: date(2024, 6, 1)) as s:
        yield s


# --------------------------------------------------------------------------- the rules, table-driven

NEARBY = dict(location="Raqqa city", location_ar="مدينة الرقة", latitude=35.95, longitude=39.01)  # ~4 km away


@pytest.mark.parametrize("new, same_text, expected", [
    (dict(), True, "same record"),
    (dict(actor2="Unidentified Armed Group (Syria)"), True, "same sub-event type, day and place"),
    (dict(actor1="Military Forces of Syria (2024-)"), False, "same sub-event type, day and place"),
    (dict(event_date="2024-03-06"), True, "same sub-event type and place, day ±1"),
    (dict(event_date="2024-03-04", actor2=""), False, "same sub-event type and place, day ±1"),
    (dict(event_date="2024-03-07"), True, None),  # two days apart
    (dict(sub_event_type="Government regains territory"), True, "same event type, day and place"),
    (dict(sub_event_type="Government regains territory"), False, None),  # another text: the sub-event type must hold
    (dict(event_type="Violence against civilians", sub_event_type="Attack"), True, None),
    (NEARBY, True, "same sub-event type and day, place within 10 km"),
    (NEARBY, False, None),
    (TABQA, True, None),  # 40 km away
    (dict(location="", location_ar="", latitude=35.9645, longitude=38.9963), True, "same record"),  # by coordinates
])
def test_matching_rules(new, same_text, expected):
    old = rec().to_dict()
    target = rec(**new).to_dict() | {"event_id": "ev-new"}
    orphan = Orphan("ev-old", "hawar-1", [old], same_text, [1])
    moves = match([orphan], [target])
    assert moves.get("ev-old", (None, None))[1] == expected


def test_rules_go_from_strict_to_loose():
    assert [r.name for r in RULES][0] == "same record"
    assert all(r.same_text for r in RULES[3:]) and not any(r.same_text for r in RULES[:3])


@pytest.mark.parametrize("orphans, targets, expected", [
    # one orphan, two records that match alike: ambiguous, stays
    ([rec()], [rec(actor2="A"), rec(actor2="B")], {}),
    # two orphans, one record: ambiguous, stays
    ([rec(actor2="A"), rec(actor2="B")], [rec(actor2="C")], {}),
    # the strict rule decides before a looser one: the exact record wins, the other is free for nobody
    ([rec()], [rec(), rec(event_date="2024-03-06")], {0: 0}),
    # two orphans, two records, each pair unique under its rule
    ([rec(), rec(**TABQA)], [rec(**TABQA, actor2="X"), rec(actor1="Y")], {0: 1, 1: 0}),
])
def test_only_unique_matches_move(orphans, targets, expected):
    os_ = [Orphan(f"ev-o{i}", "a", [o.to_dict()], True, [i]) for i, o in enumerate(orphans)]
    ts = [t.to_dict() | {"event_id": f"ev-t{i}"} for i, t in enumerate(targets)]
    moves = match(os_, ts)
    assert {int(k[4:]): int(v[0][4:]) for k, v in moves.items()} == expected


# --------------------------------------------------------------------------- regressions, one per case


def reviewed(store: Store, events, action="correct", fields=None, article=None):
    store.add_article(article or art(), events)
    ev = store.events(sort="event_id")[0]
    store.review(ev.id, action, fields if fields is not None else ({"fatalities": 5} if action == "correct" else None),
                 reviewer="Huda", comment="checked")
    return ev.id


def test_newer_coder_changes_an_actor_the_correction_follows(store):
    old_id = reviewed(store, [rec()])
    result = store.add_article(art(), [rec(actor2="Unidentified Armed Group (Syria)", pipeline_version="new")])
    assert result.reattached == 1 and result.orphaned_reviews == 0
    (ev,) = store.events()
    assert ev.id != old_id and ev.status == "corrected" and ev.record.fatalities == 5 and ev.machine == {"fatalities": 3}
    (review,) = store.reviews(ev.id)
    assert (review.moved_from, review.event_id, review.reviewer) == (old_id, ev.id, "Huda")
    assert store.reviews(orphaned=True) == [] and store.reviews(old_id) == []
    new_history = store.history(ev.id)
    assert [h.action for h in new_history] == ["added", "reattached"]
    assert "same sub-event type, day and place" in new_history[-1].comment and old_id in new_history[-1].comment
    assert new_history[-1].before["status"] == "machine" and new_history[-1].after["status"] == "corrected"
    assert [h.action for h in store.history(old_id)][-2:] == ["removed", "reattached"]


def test_newer_coder_moves_the_date_a_day(store):
    reviewed(store, [rec()], action="confirm")
    assert store.add_article(art(), [rec(event_date="2024-03-04")]).reattached == 1
    assert store.events()[0].status == "confirmed"


def test_newer_coder_changes_the_sub_event_type_of_the_same_text(store):
    reviewed(store, [rec()], action="confirm")
    assert store.add_article(art(), [rec(sub_event_type="Government regains territory")]).reattached == 1


def test_newer_gazetteer_renames_the_place_nearby(store):
    reviewed(store, [rec()], action="confirm")
    assert store.add_article(art(), [rec(**NEARBY)]).reattached == 1


def test_a_rejection_follows_and_the_new_record_stays_out_of_listings_and_incidents(store):
    reviewed(store, [rec()], action="reject", fields={})
    store.add_article(art("enab-1", "نص آخر"), [rec(actor1="")])
    assert len(store.incidents()) == 1
    store.add_article(art(), [rec(actor2="")])
    assert store.count() == 1 and store.events(sort="event_id")[0].record.article_id == "enab-1"
    assert [i.sources for i in store.incidents()] == [1]


def test_ambiguous_records_leave_the_review_listed(store):
    old_id = reviewed(store, [rec()])
    result = store.add_article(art(), [rec(actor2="A"), rec(actor2="B")])
    assert result.reattached == 0 and result.orphaned_reviews == 1
    assert [(r.event_id, r.orphaned) for r in store.reviews(orphaned=True)] == [(old_id, True)]
    assert {e.status for e in store.events()} == {"machine"}


def test_a_record_with_reviews_of_its_own_takes_none(store):
    store.add_article(art(), [rec(), rec(**TABQA)])
    tabqa, raqqa = sorted(store.events(), key=lambda e: e.record.location)
    store.review(raqqa.id, "confirm", reviewer="Huda")
    store.review(tabqa.id, "confirm", reviewer="Omar")
    # A newer coder codes Tabqa as Raqqa: the Raqqa record keeps its id and its review, Tabqa's stays orphaned.
    result = store.add_article(art(), [rec()])
    assert (result.reattached, result.orphaned_reviews) == (0, 1)
    assert [r.reviewer for r in store.reviews(orphaned=True)] == ["Omar"]


def test_an_updated_text_moves_reviews_only_from_the_same_url(store):
    url = "https://example.org/hawar/1"
    reviewed(store, [rec()], action="confirm", article=art(url=url))
    result = store.add_article(art(text="نص الخبر، محدثا", url=url), [rec(actor2="")])
    assert result.reattached == 1
    # Only the strict rules: another sub-event type in an updated text is another record.
    store.add_article(art(text="نص الخبر، محدثا مرة أخرى", url=url), [rec(actor2="", sub_event_type="Government regains territory")])
    assert len(store.reviews(orphaned=True)) == 1


def test_an_updated_file_moves_reviews_from_the_same_source(store):
    reviewed(store, [rec()], action="confirm", article=art(source="/corpus/hawar-1.txt"))
    assert store.add_article(art(text="نص محدث", source="/corpus/hawar-1.txt"), [rec(actor2="")]).reattached == 1


def test_another_text_under_the_same_id_takes_no_review(store):
    # Two files news.txt in two folders shared one id before issue 10: the stored one was b's.
    reviewed(store, [rec()], action="confirm", article=art("news", "نص ب", source="/corpus/b/news.txt"))
    result = store.add_article(art("news", "نص أ", source="/corpus/a/news.txt"), [rec(actor2="")])
    assert (result.reattached, result.orphaned_reviews) == (0, 1)


def test_the_same_text_under_a_new_article_id_takes_its_reviews(store):
    old_id = reviewed(store, [rec()], article=art("news", "نص ب", source="/corpus/b/news.txt"))
    store.add_article(art("news", "نص أ", source="/corpus/a/news.txt"), [rec(**TABQA)])  # a/news.txt now has the id
    assert len(store.reviews(orphaned=True)) == 1
    result = store.add_article(art("news-1a2b3c4d", "نص ب", source="/corpus/b/news.txt"), [rec()])  # b's path id
    assert result.reattached == 1 and store.reviews(orphaned=True) == []
    (review,) = store.reviews()
    assert (review.event_id, review.article_id, review.moved_from) == (event_key("news-1a2b3c4d", rec()), "news-1a2b3c4d", old_id)
    assert store.event(review.event_id).record.fatalities == 5


def test_a_review_moves_again_with_the_next_coder(store):
    reviewed(store, [rec()])
    store.add_article(art(), [rec(actor2="")])
    store.add_article(art(), [rec(actor2="", event_date="2024-03-06")])
    (ev,) = store.events()
    assert ev.status == "corrected" and store.reviews(orphaned=True) == [] and len(store.reviews(ev.id)) == 1


def test_a_later_review_of_the_moved_record_adds_to_it(store):
    reviewed(store, [rec()])
    store.add_article(art(), [rec(actor2="")])
    (ev,) = store.events()
    store.review(ev.id, "correct", {"actor2": "Islamic State (Syria)"}, reviewer="Omar")
    event = store.event(ev.id)
    assert (event.record.fatalities, event.record.actor2, event.reviewer) == (5, "Islamic State (Syria)", "Omar")
    assert [r.reviewer for r in store.reviews(ev.id)] == ["Huda", "Omar"]


# --------------------------------------------------------------------------- incidents keep their id


def test_an_incident_keeps_its_id_as_records_join(store):
    store.add_article(art("a1", "نص 1"), [rec(event_date="2024-03-05")])
    (first,) = store.incidents()
    ids = [first.id]
    # Later reports: one dated a day earlier (it sorts first by date), one with another toll.
    for n, later in ((2, rec(event_date="2024-03-04", actor2="")), (3, rec(event_date="2024-03-05", fatalities=9))):
        store.add_article(art(f"a{n}", f"نص {n}"), [later])
        (inc,) = store.incidents()
        ids.append(inc.id)
    (inc,) = store.incidents()
    assert inc.sources == 3 and set(ids) == {first.id}
    # A full rebuild gives the same id.
    rebuilt = build_incidents(store.records(), store.dedup, store.article_order())
    assert [i.id for i in rebuilt] == [first.id]
    # Records joining in another order of ingest: the oldest article's record names the incident.
    with Store(store.path + "-2") as other:
        other.add_article(art("a2", "نص 2"), [rec(event_date="2024-03-04", actor2="")])
        early = other.incidents()[0].id
        other.add_article(art("a1", "نص 1"), [rec(event_date="2024-03-05")])
        assert [i.id for i in other.incidents()] == [early]


def test_incident_ids_are_stable_step_by_step(store):
    seen: dict[str, str] = {}  # first article's record -> its incident id
    for n in range(6):
        store.add_article(art(f"a{n}", f"نص {n}"), [rec(event_date=f"2024-03-0{5 - n % 2}", fatalities=n)])
        (inc,) = store.incidents()
        seen.setdefault("a0", inc.id)
        assert inc.id == seen["a0"] and inc.sources == n + 1
        assert [i.id for i in build_incidents(store.records(), store.dedup, store.article_order())] == [inc.id]


# --------------------------------------------------------------------------- migration from version 7


def version7_store(path) -> tuple[str, str]:
    """A store at schema version 7 (before stable identities) with a corrected record and a
    rejected one, written as version 7 wrote them."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    assert migrate(conn, target=7) == 7
    text = "نص قديم"
    conn.execute("INSERT INTO articles (id, text, content_hash, published, ingested_at, updated_at)"
                 " VALUES ('old-1', ?, ?, '2024-03-06', '2024-03-06T00:00:00+00:00', '2024-03-06T00:00:00+00:00')",
                 (text, content_hash(text)))
    ids = []
    for r in (rec(), rec(**TABQA, sub_event_type="Armed clash", event_date="2024-03-04")):
        r.article_id = "old-1"
        r.event_id = event_key("old-1", r)
        row = r.to_dict()
        row["evidence_spans"] = json.dumps(row["evidence_spans"])
        columns = ["event_id", "article_id", *EVENT_FIELD_COLUMNS]
        conn.execute(f"INSERT INTO events ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                     [row[c] for c in columns])
        ids.append(r.event_id)
    refresh_effective(conn, article_id="old-1")
    for event_id, action, fields in ((ids[0], "correct", {"fatalities": 7}), (ids[1], "reject", {})):
        before = dict(conn.execute("SELECT * FROM effective_events WHERE event_id = ?", (event_id,)).fetchone())
        conn.execute("INSERT INTO reviews (event_id, article_id, action, fields, reviewer, created_at, before)"
                     " VALUES (?, 'old-1', ?, ?, 'Huda', '2024-03-07T00:00:00+00:00', ?)",
                     (event_id, action, json.dumps(fields), json.dumps(before)))
        refresh_review_state(conn, event_id)
    conn.close()
    return ids[0], ids[1]


class NewerCoder:
    """A stand-in for a newer pipeline: it codes actor2 empty (the target side) and dates Tabqa a day later."""

    settings: dict = {}

    def pipe(self, articles):
        for a in articles:
            doc = Document(id=a.id, text=a.text, published=a.published, url=a.url, source=a.source)
            doc.events = [rec(actor2="", pipeline_version="new"),
                          rec(**TABQA, actor2="", event_date="2024-03-05", pipeline_version="new")]
            yield doc


def test_a_version_7_store_is_migrated_and_recoded_with_its_reviews(tmp_path):
    from marsad.run.store_ingest import recode_store

    path = tmp_path / "v7.db"
    corrected_id, rejected_id = version7_store(path)
    with Store(path, clock=lambda: date(2024, 6, 1)) as store:
        assert store.schema_version == SCHEMA_VERSION == 8
        assert store.article("old-1").seq == 1
        summary = recode_store(store, pipeline=NewerCoder())
        assert (summary.replaced, summary.reattached, summary.orphaned_reviews) == (1, 2, 0)
        events = {e.record.location: e for e in store.events(_all())}
        assert events["Raqqa"].status == "corrected" and events["Raqqa"].record.fatalities == 7
        assert events["Al-Tabqa"].status == "rejected" and events["Al-Tabqa"].id != rejected_id
        assert {r.moved_from for r in store.reviews()} == {corrected_id, rejected_id}
        assert store.reviews(orphaned=True) == []
        assert [h.who for h in store.history(events["Raqqa"].id)] == ["recode", "recode"]
        # Recoding again changes nothing.
        again = recode_store(store, pipeline=NewerCoder())
        assert (again.unchanged, again.reattached) == (1, 0)


def _all():
    from marsad.store import EventFilter

    return EventFilter(status="all")


# --------------------------------------------------------------------------- the commands


def test_cli_recode_and_reviews_orphaned(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "cli.db"
    with Store(db) as store:
        store.add_article(art(), [rec()])
        store.add_article(art("other", "نص آخر"), [rec(**TABQA)])
        store.review(store.events(_all_of("hawar-1"))[0].id, "confirm", reviewer="Huda")
        store.review(store.events(_all_of("other"))[0].id, "confirm", reviewer="Omar")
    import marsad.run.store_ingest as si

    monkeypatch.setattr(si, "recode_store", _recode_with(NewerCoderOne()))
    runner = CliRunner()
    result = runner.invoke(app, ["recode", "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "reviews moved to their record coded again: 1" in result.output
    assert "without their record in all: 1" in result.output
    listed = runner.invoke(app, ["reviews", "--orphaned", "--db", str(db)], catch_exceptions=False)
    assert listed.exit_code == 0 and "Omar" in listed.stdout and "Huda" not in listed.stdout
    moved = runner.invoke(app, ["reviews", "--moved", "--json", "--db", str(db)], catch_exceptions=False)
    (row,) = [json.loads(line) for line in moved.stdout.splitlines()]
    assert row["reviewer"] == "Huda" and row["moved_from"]


def _all_of(article_id):
    from marsad.store import EventFilter

    return EventFilter(article_id=article_id)


class NewerCoderOne:
    """Codes 'hawar-1' with an empty actor2 (its review moves) and 'other' as another kind of event."""

    settings: dict = {}

    def pipe(self, articles):
        for a in articles:
            doc = Document(id=a.id, text=a.text, published=a.published, url=a.url, source=a.source)
            doc.events = ([rec(actor2="")] if a.id == "hawar-1" else
                          [rec(**TABQA, event_type="Violence against civilians", sub_event_type="Attack")])
            yield doc


def _recode_with(coder):
    from marsad.run.store_ingest import recode_store as real

    def recode(store, **kw):
        kw["pipeline"] = coder
        return real(store, **kw)
    return recode


def test_api_lists_orphaned_and_moved_reviews(store):
    from fastapi.testclient import TestClient

    from marsad.web.api import create_app

    store.add_article(art(), [rec(), rec(**TABQA)])
    tabqa, raqqa = sorted(store.events(), key=lambda e: e.record.location)
    store.review(raqqa.id, "confirm", reviewer="Huda")
    store.review(tabqa.id, "confirm", reviewer="Omar")
    store.add_article(art(), [rec(actor2=""), rec(**TABQA, sub_event_type="Government regains territory", actor2="A"),
                              rec(**TABQA, sub_event_type="Government regains territory", actor2="B")])
    with TestClient(create_app(store)) as client:
        body = client.get("/api/reviews").json()
        assert [(r["reviewer"], r["moved_from"], r["orphaned"]) for r in body] == [
            ("Huda", raqqa.id, False), ("Omar", "", True)]
        assert [r["reviewer"] for r in client.get("/api/reviews?orphaned=true").json()] == ["Omar"]
        new_id = body[0]["event_id"]
        detail = client.get(f"/api/events/{new_id}").json()
        assert detail["status"] == "confirmed" and [r["moved_from"] for r in detail["reviews"]] == [raqqa.id]
        history = client.get(f"/api/events/{new_id}/history").json()
        assert [h["action"] for h in history] == ["added", "reattached"]
