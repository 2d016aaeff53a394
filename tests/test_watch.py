"""The live watcher (marsad.run.watch, marsad.run.alerts, marsad.store.feeds) against a local
HTTP server (127.0.0.1 only): a feed that changes between polls, an ETag'd feed (304 on the
second poll), a feed that fails then recovers, junk, HTML instead of XML, a server that is down,
sitemaps with robots.txt, dropped files; alerts once per incident and rule, webhooks with
retries and signatures, state across a restart, the SSE endpoint, the CLI."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from marsad.document import EventRecord
from marsad.run.alerts import (
    AlertRules,
    RulesError,
    Webhook,
    WebhookSender,
    english_note,
    load_rules,
    parse_rules,
    sign,
)
from marsad.run.watch import (
    WatchConfigError,
    Watcher,
    config_from_sources,
    load_watch_config,
    parse_watch_config,
    sitemap_urls,
)
from marsad.store import Store
from marsad.store.feeds import WatchStore

from store_samples import OTHER_OUTLET_TEXT, SDF_RAIDS_TEXT
from watch_server import local_site, page, rss

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "watch"
DATE = "Wed, 25 Jan 2023 10:00:00 GMT"
TEN_KILLED = ("هجوم على الرقة\n\nقُتل عشرة عناصر من قوات سوريا الديمقراطية في هجوم شنه تنظيم داعش على مدينة الرقة "
              "ليل الاثنين. وقالت مصادر محلية إن الاشتباكات استمرت ساعات.")
SECRET = "s3cret"


@pytest.fixture(scope="module")
def pipeline():
    from marsad.pipeline import Pipeline

    return Pipeline()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rules_data(base: str) -> dict:
    return {
        "webhooks": {"local": {"url": base + "/hook", "secret": SECRET, "retries": 3, "backoff": 0.01}},
        "rules": [
            {"name": "raqqa-battles", "event_type": "Battles", "admin1": ["Ar-Raqqa", "Raqqa"], "sinks": ["page", "webhook:local"]},
            {"name": "deadly", "fatalities_min": 9, "sinks": ["page"]},
            {"name": "new-only", "actor": ["Islamic State"], "when": ["new"], "sinks": ["log"]},
        ],
    }


def watch_config(base: str, dead_port: int) -> dict:
    return {
        "defaults": {"interval": 60, "timeout": 5, "host_delay": 0, "max_backoff": 600},
        "feeds": [
            {"name": "changing", "url": base + "/changing.xml", "outlet": "Outlet A"},
            {"name": "etag", "url": base + "/etag.xml", "outlet": "Outlet B"},
            {"name": "flaky", "url": base + "/flaky.xml"},
            {"name": "junk", "url": base + "/junk.xml", "max_bytes": 2_000_000},
            {"name": "html", "url": base + "/html.xml"},
            {"name": "down", "url": f"http://127.0.0.1:{dead_port}/feed.xml", "timeout": 2},
        ],
    }


def states(watcher) -> dict:
    return {f.name: watcher.states[f.name] for f in watcher.config.feeds}


def test_watch_end_to_end(tmp_path, pipeline):
    db = tmp_path / "w.db"
    log = tmp_path / "alerts.jsonl"
    with local_site() as site:
        base = site.base
        site.set("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        site.set("/changing.xml", rss("Outlet A", [{"link": base + "/a/1", "content": OTHER_OUTLET_TEXT, "date": DATE}]))
        site.set("/etag.xml", rss("Outlet B", [{"link": base + "/b/1", "content": SDF_RAIDS_TEXT, "date": DATE}]),
                 etag='"v1"')
        flaky_calls = {"n": 0}

        def flaky(handler):
            flaky_calls["n"] += 1
            if flaky_calls["n"] == 1:
                return 503, {"Content-Type": "text/plain"}, b"down for maintenance"
            return 200, {"Content-Type": "application/rss+xml"}, rss(
                "Flaky", [{"link": base + "/a/1", "content": OTHER_OUTLET_TEXT, "date": DATE}]).encode()

        site.routes["/flaky.xml"] = flaky
        site.set("/junk.xml", os.urandom(10 * 1024 * 1024), content_type="application/rss+xml")
        site.set("/html.xml", "<html><body><p>Not a feed, a page</p></body></html>", content_type="text/html")
        config = parse_watch_config(watch_config(base, free_port()))
        rules = parse_rules(rules_data(base))

        # ---- poll 1: new items ingested; failures are per-feed errors; the new incident alerts
        store = Store(db)
        watcher = Watcher(config, store, pipeline=pipeline, rules=rules, alert_log=log)
        statuses = {s.state.feed: s for s in watcher.poll_all()}
        assert statuses["changing"].state.new_items == 1 and statuses["changing"].state.errors == 0
        assert statuses["etag"].state.new_items == 1
        assert statuses["flaky"].state.errors == 1 and "503" in statuses["flaky"].state.last_error
        assert statuses["junk"].state.errors == 1 and "too large" in statuses["junk"].state.last_error
        assert statuses["html"].state.errors == 1 and "not a feed" in statuses["html"].state.last_error
        assert statuses["down"].state.errors == 1 and "network error" in statuses["down"].state.last_error
        assert statuses["down"].state.next_poll > time.time() + 60  # backoff
        assert "ERROR" in statuses["junk"].line() and ": 1 new, " in statuses["changing"].line()
        assert store.article_count() == 2
        fired = Counter((a.rule.name, a.stored.kind) for s in statuses.values() for a in s.alerts)
        # the clash of eight deaths (A); B's article: a clash of six in December and four raids on IS cells
        assert fired == {("raqqa-battles", "new"): 2, ("new-only", "new"): 6}
        ws = WatchStore(db)
        first_key = {a.body["incident"]["event_ids"][0]: a.alert_key for a in ws.alerts(limit=50) if a.rule == "raqqa-battles"}
        assert len(first_key) == 2

        # ---- poll 2: the changing feed adds a summary-only item from another outlet (its page is
        # fetched; robots.txt asked); the ETag'd feed answers 304; the flaky feed recovers
        site.set("/a/2", page("هجوم على الرقة", TEN_KILLED), content_type="text/html; charset=utf-8")
        site.set("/changing.xml", rss("Outlet A", [
            {"link": base + "/a/2", "summary": "هجوم على الرقة", "date": DATE},
            {"link": base + "/a/1", "content": OTHER_OUTLET_TEXT, "date": DATE},
        ]))
        statuses = {s.state.feed: s for s in watcher.poll_all()}
        assert statuses["changing"].state.new_items == 1 and statuses["changing"].skipped_old == 1
        assert site.hits["/a/2"] == 1 and site.hits["/robots.txt"] == 1
        assert statuses["etag"].state.status == "not modified (304)" and statuses["etag"].state.new_items == 0
        etag_requests = [h for m, p, h in site.requests if p == "/etag.xml"]
        assert etag_requests[-1].get("If-None-Match") == '"v1"'
        assert statuses["flaky"].state.errors == 0 and statuses["flaky"].state.new_items == 1  # same article: unchanged
        assert store.article_count() == 3
        stored = store.article([a for a in store.events() if a.record.fatalities == 10][0].record.article_id)
        assert stored.url == base + "/a/2" and "عشرة" in stored.text
        fired = sorted((a.rule.name, a.stored.kind, a.stored.previous_fatalities, a.stored.fatalities)
                       for s in statuses.values() for a in s.alerts)
        # the report of ten deaths joins the incident of eight: one update per rule that wants it
        assert fired == [("deadly", "update", None, 10), ("raqqa-battles", "update", 8, 10)]
        update = [a for s in statuses.values() for a in s.alerts if a.rule.name == "raqqa-battles"][0]
        assert update.stored.alert_key in first_key.values()  # the incident keeps its key
        assert "raised from 8 to 10" in update.body["alert"]["message"]
        assert update.body["incident"]["sources"] == 2

        # ---- poll 3: nothing new, nothing fired
        statuses = watcher.poll_all()
        assert sum(s.state.new_items for s in statuses if s.state.feed == "changing") == 0
        assert not any(s.alerts for s in statuses)
        watcher.engine.sender.flush(10)
        watcher.close()
        store.close()

        # ---- restart: the store remembers validators, seen items and alert state
        with Store(db) as store2, Watcher(config, store2, pipeline=pipeline, rules=rules, alert_log=log) as again:
            assert again.states["etag"].etag == '"v1"' and again.states["junk"].errors == 3
            before = len(site.requests)
            statuses = {s.state.feed: s for s in again.poll_all()}
            assert statuses["changing"].state.new_items == 0 and statuses["etag"].state.status == "not modified (304)"
            assert not any(s.alerts for s in statuses.values())
            assert [h for m, p, h in site.requests[before:] if p == "/etag.xml"][0].get("If-None-Match") == '"v1"'
            assert store2.article_count() == 3

        # ---- sinks: the JSONL log has every alert; the webhook got the signed bodies of its rule
        logged = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
        assert len(logged) == 10 == ws.alert_count()
        hooks = [(h, b) for p, h, b in site.posts if p == "/hook"]
        assert len(hooks) == 3  # raqqa-battles: two new incidents, one update
        for headers, body in hooks:
            expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
            assert headers["X-Marsad-Signature"] == expected
            payload = json.loads(body)
            assert payload["alert"]["rule"] == "raqqa-battles"
            assert payload["note"].startswith("On ") and payload["record"]["event_type"] == "Battles"
            assert payload["evidence"] and payload["evidence"][0]["evidence"]
        assert all("delivered" in a.delivery for a in ws.alerts(limit=50) if a.rule == "raqqa-battles")
        ws.close()


def test_run_loop_stops_and_resumes(tmp_path, pipeline):
    with local_site() as site:
        base = site.base
        site.set("/feed.xml", rss("A", [{"link": base + "/1", "content": OTHER_OUTLET_TEXT, "date": DATE}]), etag='"x"')
        config = parse_watch_config({"defaults": {"interval": 0.1, "host_delay": 0},
                                     "feeds": [{"url": base + "/feed.xml"}]})
        with Store(tmp_path / "r.db") as store, Watcher(config, store, pipeline=pipeline) as watcher:
            stop = threading.Event()
            thread = threading.Thread(target=watcher.run, args=(stop,))
            thread.start()
            deadline = time.time() + 10
            while watcher.polls < 5 and time.time() < deadline:
                time.sleep(0.05)
            stop.set()
            thread.join(5)
            assert not thread.is_alive() and watcher.polls >= 5
            assert store.article_count() == 1
            assert site.hits["/feed.xml"] >= 5


def test_webhook_retries_with_backoff_and_signs():
    with local_site() as site:
        calls = {"n": 0}

        def receiver(handler):
            calls["n"] += 1
            return (500 if calls["n"] < 3 else 204), {"Content-Type": "text/plain"}, b""

        site.routes["/hook"] = receiver
        sender = WebhookSender()
        hook = Webhook(name="h", url=site.base + "/hook", secret="k", retries=4, backoff=0.01)
        ok, what = sender.post(hook, b'{"a": 1}')
        assert ok and "attempt 3" in what and calls["n"] == 3
        headers = [h for p, h, b in site.posts][-1]
        assert headers["X-Marsad-Signature"] == sign(b'{"a": 1}', "k")
        refused = Webhook(name="r", url=site.base + "/missing", retries=3, backoff=0.01)
        site.routes["/missing"] = (404, {"Content-Type": "text/plain"}, b"")
        ok, what = sender.post(refused, b"{}")
        assert not ok and "refused" in what and site.hits["/missing"] == 1  # a 4xx is not retried
        sender.close()


def test_dropped_folder_waits_for_complete_files(tmp_path, pipeline):
    drop = tmp_path / "drop"
    drop.mkdir()
    config = parse_watch_config({"feeds": [{"name": "drop", "path": str(drop), "settle": 1, "outlet": "Crawler"}]})
    line = json.dumps({"id": "d1", "text": OTHER_OUTLET_TEXT, "published": "2023-01-25"}, ensure_ascii=False)
    (drop / "batch.jsonl.part").write_text(line + "\n", encoding="utf-8")  # still being written
    fresh = drop / "fresh.jsonl"
    fresh.write_text(json.dumps({"id": "d2", "text": SDF_RAIDS_TEXT, "published": "2023-01-25"}, ensure_ascii=False),
                     encoding="utf-8")
    with Store(tmp_path / "d.db") as store, Watcher(config, store, pipeline=pipeline) as watcher:
        status = watcher.poll_all()[0]
        assert status.state.new_items == 0 and "still being written" in status.state.status
        os.rename(drop / "batch.jsonl.part", drop / "batch.jsonl")  # the final rename
        old = time.time() - 10
        for name in ("batch.jsonl", "fresh.jsonl"):
            os.utime(drop / name, (old, old))
        status = watcher.poll_all()[0]
        assert status.state.new_items == 2 and store.article_count() == 2
        assert store.article("d1").outlet == "Crawler"
        assert watcher.poll_all()[0].state.new_items == 0  # seen
        fresh.write_text("not json\n", encoding="utf-8")  # a changed file is read again; bad lines are errors
        os.utime(fresh, (old + 1, old + 1))
        status = watcher.poll_all()[0]
        assert status.state.errors == 0 and status.ingest.error_count == 1


def test_sitemap_fetches_new_pages_politely(tmp_path, pipeline):
    with local_site() as site:
        base = site.base
        site.set("/robots.txt", "User-agent: marsad\nDisallow: /private/\n", content_type="text/plain")
        site.set("/news/1", page("هجوم على الرقة", OTHER_OUTLET_TEXT), content_type="text/html; charset=utf-8")
        site.set("/private/2", page("خاص", TEN_KILLED), content_type="text/html; charset=utf-8")
        site.set("/sitemap.xml", (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{base}/news/1</loc><lastmod>2023-01-25</lastmod></url>"
            f"<url><loc>{base}/private/2</loc><lastmod>2023-01-24</lastmod></url></urlset>"), content_type="application/xml")
        config = config_from_sources([base + "/sitemap.xml"], host_delay=0)
        assert config.feeds[0].kind == "sitemap"
        with Store(tmp_path / "s.db") as store, Watcher(config, store, pipeline=pipeline) as watcher:
            status = watcher.poll_all()[0]
            assert store.article_count() == 1 and site.hits["/news/1"] == 1 and site.hits["/private/2"] == 0
            assert status.ingest.error_count == 1  # the disallowed page, tried again later
            ua = [h for m, p, h in site.requests if p == "/news/1"][0]["User-Agent"]
            assert ua.startswith("marsad/")


@pytest.mark.parametrize("data, expected", [
    (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://x/a</loc></url></urlset>',
     (["http://x/a"], [], "")),
    (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>http://x/s1.xml</loc></sitemap>'
     b"</sitemapindex>", ([], ["http://x/s1.xml"], "")),
    (b"<html><body>hi</body></html>", ([], [], "not a sitemap: the document is <html>")),
])
def test_sitemap_urls(data, expected):
    assert sitemap_urls(data) == expected


def test_unreadable_sitemap_is_an_error():
    urls, children, error = sitemap_urls(os.urandom(1000))
    assert not urls and error.startswith("not a sitemap")


# --------------------------------------------------------------------------- rules


def rec(**values) -> EventRecord:
    base = dict(event_date="2023-01-23", time_precision=1, geo_precision=1, event_type="Battles", sub_event_type="Armed clash",
                actor1="Islamic State (Syria)", actor2="QSD: Syrian Democratic Forces", country="Syria",
                admin1="Raqqa", location="Raqqa", location_ar="الرقة", latitude=35.96, longitude=38.99, fatalities=8)
    base.update(values)
    return EventRecord(**base)


@pytest.mark.parametrize("rule, records, matches", [
    ({}, [rec()], True),
    ({"event_type": "Battles"}, [rec()], True),
    ({"event_type": ["Protests", "Riots"]}, [rec()], False),
    ({"sub_event_type": "Armed clash"}, [rec()], True),
    ({"sub_event_type": "Air/drone strike"}, [rec()], False),
    ({"actor": "islamic state"}, [rec()], True),
    ({"actor": "Syrian Democratic"}, [rec()], True),
    ({"actor": "Hezbollah"}, [rec()], False),
    ({"actor": "Turkey"}, [rec(assoc_actor_2="Military Forces of Turkey; Hamza Division")], True),
    ({"admin1": "raqqa"}, [rec()], True),
    ({"admin1": ["Aleppo", "Idlib"]}, [rec()], False),
    ({"country": "Iraq"}, [rec()], False),
    ({"location": "الرقة"}, [rec()], True),
    ({"location": "Raqqa"}, [rec(location="Tabqa"), rec()], True),  # any report of the incident
    ({"near": {"lat": 35.95, "lon": 39.01, "km": 10}}, [rec()], True),
    ({"near": {"lat": 36.2, "lon": 37.15, "km": 25}}, [rec()], False),  # Aleppo is ~170 km away
    ({"near": {"lat": 0.1, "lon": 0.1, "km": 50}}, [rec(latitude=0, longitude=0)], False),  # no coordinates
    ({"fatalities_min": 8}, [rec()], True),
    ({"fatalities_min": 9}, [rec()], False),
    ({"fatalities_min": 9}, [rec(), rec(fatalities=10)], True),  # the highest reported toll
    ({"event_type": "Battles", "admin1": "Raqqa", "fatalities_min": 5, "actor": "Islamic"}, [rec()], True),
    ({"event_type": "Battles", "admin1": "Aleppo", "fatalities_min": 5}, [rec()], False),
])
def test_rule_matching(rule, records, matches):
    parsed = parse_rules({"rules": [{"name": "r", **rule}]})
    assert parsed.rules[0].matches(records) is matches


@pytest.mark.parametrize("data, message", [
    ({"rules": [{"name": "a", "colour": "red"}]}, "unknown key"),
    ({"rules": [{"name": "a", "event_type": "Battle"}]}, "unknown event_type"),
    ({"rules": [{"name": "a", "sub_event_type": "Clash"}]}, "unknown sub_event_type"),
    ({"rules": [{"name": "a", "when": ["later"]}]}, "one or both"),
    ({"rules": [{"name": "a", "sinks": ["webhook:nope"]}]}, "names no webhook"),
    ({"rules": [{"name": "a", "sinks": ["email"]}]}, "unknown sink"),
    ({"rules": [{"name": "a"}, {"name": "a"}]}, "two rules"),
    ({"rules": [{"name": "a", "fatalities_min": "5"}]}, "integer"),
    ({"rules": [{"name": "a", "near": {"lat": 1, "lon": 2}}]}, "near"),
    ({"webhooks": {"w": {"url": "ftp://x"}}}, "http(s)"),
    ({"alerts": []}, "unknown key"),
    # regressions: a URL httpx cannot post to, a NaN timeout or place, webhooks that are no table
    ({"webhooks": {"w": {"url": "http://[::1/x"}}}, "http(s)"),
    ({"webhooks": {"w": {"url": "http://x/h", "timeout": float("nan")}}}, "finite"),
    ({"rules": [{"name": "a", "near": {"lat": float("nan"), "lon": 2, "km": 5}}]}, "finite"),
    ({"webhooks": "x"}, "table of named webhooks"),
    ({"webhooks": [1]}, "table of named webhooks"),
])
def test_bad_rules_are_refused(data, message):
    with pytest.raises(RulesError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_rules(data)


@pytest.mark.parametrize("data, message", [
    ({"feeds": []}, "no feeds"),
    ({"feeds": [{"url": "ftp://x/feed"}]}, "only http"),
    ({"feeds": [{"url": "http://x/feed", "every": 5}]}, "unknown key"),
    ({"feeds": [{"url": "http://x/a"}, {"url": "http://y/b", "name": "x-a"}]}, "two feeds"),
    ({"feeds": [{"url": "http://x/a", "interval": "5m"}]}, "number"),
    ({"feeds": [{"url": "http://x/a", "kind": "folder"}]}, "does not fit"),
    ({"defaults": {"user_agent": "Mozilla/5.0"}, "feeds": [{"url": "http://x/a"}]}, "name marsad"),
    # regressions: NaN spun the watcher at 100% CPU; a broken URL or home folder gave a traceback
    ({"feeds": [{"url": "http://x/a", "interval": float("nan")}]}, "finite"),
    ({"defaults": {"max_backoff": float("inf")}, "feeds": [{"url": "http://x/a"}]}, "finite"),
    ({"feeds": [{"url": "https://[::1"}]}, "no URL"),
    ({"feeds": [{"url": "http://"}]}, "no host"),
    ({"feeds": [{"path": "~no-such-user-here/x"}]}, "no-such-user-here"),
    ({"version": 2, "feeds": [{"url": "http://x/a"}]}, "version 1"),
    ({"version": "x", "feeds": [{"url": "http://x/a"}]}, "version 1"),
])
def test_bad_feed_files_are_refused(data, message):
    with pytest.raises(WatchConfigError, match=message):
        parse_watch_config(data)


def test_sample_files_are_valid():
    config = load_watch_config(SAMPLES / "feeds.toml")
    assert len(config.feeds) >= 3 and {f.kind for f in config.feeds} == {"feed", "sitemap", "folder"}
    assert all(f.name and f.interval > 0 for f in config.feeds)
    # the README's first example runs as written: the sample drop folder exists (its .gitkeep is ignored)
    assert all(Path(f.url).is_dir() for f in config.feeds if f.kind == "folder")
    rules = load_rules(SAMPLES / "alerts.toml")
    assert rules.rules and all(r.name for r in rules.rules)
    assert any(r.near for r in rules.rules) and any(r.webhooks for r in rules.rules)
    yaml_rules = load_rules(SAMPLES / "alerts.yaml")
    assert [r.name for r in yaml_rules.rules] == [r.name for r in rules.rules]


def test_english_note():
    """The watcher's note is the library's (marsad.io.notes): coded fields and the phrase table."""
    assert english_note(rec()) == ("On 23 January 2023, Islamic State (Syria) clashed with QSD: Syrian "
                                   "Democratic Forces in Raqqa, Ar-Raqqa; 8 fatalities reported.")
    assert english_note(rec(actor2="", fatalities=1, location="Tabqa"), "Hawar") == (
        "On 23 January 2023, Islamic State (Syria) clashed in Tabqa, Ar-Raqqa; 1 fatality reported. Reported by Hawar.")


# --------------------------------------------------------------------------- API and CLI


def test_stream_and_alert_endpoints(tmp_path):
    from fastapi.testclient import TestClient

    from marsad.web.api import create_app

    store = Store(tmp_path / "api.db")
    ws = WatchStore(store.path)
    client = TestClient(create_app(store))
    assert client.get("/api/alerts").json()["items"] == []
    ws.fire(rule="r", alert_key="inc-1", kind="new", incident_id="inc-1", fatalities=3, previous=None,
            note="On 2023-01-23, armed clash.", body={"alert": {"message": "new incident"}}, sinks=["log", "page"], page=True)
    assert ws.fire(rule="r", alert_key="inc-1", kind="new", incident_id="inc-1", fatalities=3, previous=None,
                   note="", body={}, sinks=[], page=True) is None  # once per incident and rule
    data = client.get("/api/alerts").json()
    assert data["total"] == 1 and data["items"][0]["alert_key"] == "inc-1"
    with client.stream("GET", "/api/stream?after=0&interval=0.05&lifetime=0.3") as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        text = "".join(response.iter_text())
    assert "event: hello" in text and "event: alert" in text and '"alert_key": "inc-1"' in text
    assert client.get("/api/new", params={"since": "2000-01-01T00:00:00+00:00"}).json()["total"] == 0
    assert client.get("/api/feeds").json()["items"] == []
    ws.close()
    store.close()


def test_cli_watch_once(tmp_path):
    from typer.testing import CliRunner

    from marsad.cli import app

    with local_site() as site:
        base = site.base
        site.set("/feed.xml", rss("A", [{"link": base + "/1", "content": OTHER_OUTLET_TEXT, "date": DATE}]))
        rules = tmp_path / "alerts.toml"
        rules.write_text('[[rules]]\nname = "all"\n', encoding="utf-8")
        db = tmp_path / "cli.db"
        result = CliRunner().invoke(app, ["watch", base + "/feed.xml", "--db", str(db), "--once", "--alerts", str(rules)])
        assert result.exit_code == 0, result.output
        assert ": 1 new, " in result.output and "ALERT all [new]" in result.output
        assert (tmp_path / "cli-alerts.jsonl").exists()
        again = CliRunner().invoke(app, ["watch", base + "/feed.xml", "--db", str(db), "--once"])
        assert again.exit_code == 0 and ": 0 new, 1 seen before" in again.output
        bad = CliRunner().invoke(app, ["watch", "ftp://x/feed", "--db", str(db), "--once"])
        assert bad.exit_code == 2

        # --once for cron: 1 when a feed could not be read (its error printed), the others still polled
        drop = tmp_path / "drop"
        drop.mkdir()
        down = f"http://127.0.0.1:{free_port()}/feed.xml"
        failed = CliRunner().invoke(app, ["watch", base + "/feed.xml", down, str(drop), "--db", str(db), "--once"])
        assert failed.exit_code == 1, failed.output
        assert "ERROR (1 in a row, next try in" in failed.output and "network error" in failed.output
        assert "1 of 3 feed(s) failed: 127-0-0-1-" in failed.output and "drop: 0 new; ok" in failed.output


@pytest.mark.parametrize("sources, message", [
    (["feeds.toml", "http://127.0.0.1:9/feed.xml"], "a feeds file is given alone"),
    (["notes.txt"], "a file, not a folder"),
])
def test_cli_watch_refuses_sources_it_cannot_watch(tmp_path, sources, message):
    from typer.testing import CliRunner

    from marsad.cli import app

    (tmp_path / "feeds.toml").write_text('[[feeds]]\nurl = "http://127.0.0.1:9/feed.xml"\n', encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a folder", encoding="utf-8")
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(app, ["watch", *sources, "--db", str(tmp_path / "x.db"), "--once"])
    finally:
        os.chdir(old)
    assert result.exit_code == 2 and message in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_status_lines_fit_80_columns(tmp_path, pipeline):
    with local_site() as site:
        base = site.base
        site.set("/feed.xml", rss("A", [{"link": base + "/1", "content": OTHER_OUTLET_TEXT, "date": DATE}]))
        config = parse_watch_config({"defaults": {"host_delay": 0},
                                     "feeds": [{"name": "enab-baladi", "url": base + "/feed.xml"}]})
        with Store(tmp_path / "l.db") as store, Watcher(config, store, pipeline=pipeline,
                                                        rules=parse_rules({"rules": [{"name": "all"}]})) as watcher:
            first, = watcher.poll_all()
            second, = watcher.poll_all()
    assert re.fullmatch(r"\d\d:\d\d:\d\d enab-baladi: 1 new, \d+ events?, \d+ alerts?; ok 200", first.line())
    assert re.fullmatch(r"\d\d:\d\d:\d\d enab-baladi: 0 new, 1 seen before; ok 200", second.line())
    assert len(first.line()) <= 80 and len(second.line()) <= 80


def test_304_without_validators_keeps_the_stored_ones(tmp_path, pipeline):
    """Python's http.server (and others) answer 304 without repeating Last-Modified or ETag: the
    validators of the last full answer must be kept, or every other poll is a full GET."""
    stamp = "Wed, 25 Jan 2023 10:00:00 GMT"
    body = rss("A", [{"link": "http://127.0.0.1/1", "content": OTHER_OUTLET_TEXT, "date": DATE}]).encode()

    def feed(handler):
        if handler.headers.get("If-Modified-Since") == stamp:
            return 304, {}, b""
        return 200, {"Content-Type": "application/rss+xml", "Last-Modified": stamp}, body

    with local_site() as site:
        site.routes["/feed.xml"] = feed
        config = parse_watch_config({"defaults": {"host_delay": 0}, "feeds": [{"name": "f", "url": site.base + "/feed.xml"}]})
        with Store(tmp_path / "v.db") as store, Watcher(config, store, pipeline=pipeline) as watcher:
            statuses = [watcher.poll_all()[0].state.status for _ in range(4)]
        assert statuses == ["ok 200"] + ["not modified (304)"] * 3
        with Store(tmp_path / "v.db") as store, Watcher(config, store, pipeline=pipeline) as again:
            assert again.states["f"].last_modified == stamp
            assert again.poll_all()[0].state.status == "not modified (304)"


def test_sigterm_stops_cleanly(tmp_path):
    with local_site() as site:
        base = site.base
        site.set("/feed.xml", rss("A", [{"link": base + "/1", "content": OTHER_OUTLET_TEXT, "date": DATE}]))
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        proc = subprocess.Popen(
            [sys.executable, "-m", "marsad", "watch", base + "/feed.xml", "--db", str(tmp_path / "sig.db"),
             "--interval", "0.2"], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.time() + 30
            while site.hits["/feed.xml"] < 2 and time.time() < deadline:
                time.sleep(0.05)
            assert site.hits["/feed.xml"] >= 2
            proc.send_signal(signal.SIGTERM)
            _, err = proc.communicate(timeout=20)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert proc.returncode == 0, err
        assert "SIGTERM, stopping" in err and "keeps the state" in err
        with Store(tmp_path / "sig.db") as store:
            assert store.article_count() == 1


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_with_watch_stores_alerts_and_stops_cleanly(tmp_path, sig):
    """`marsad serve --watch FEEDS`: the watcher polls in the server's process, its events and
    alerts reach the API through the store, and SIGTERM / Ctrl-C stop both cleanly, even with a
    page's event stream open (it would otherwise hold the shutdown up for its lifetime)."""
    import httpx

    with local_site() as site:
        base = site.base
        site.set("/feed.xml", rss("A", [{"link": base + "/1", "content": OTHER_OUTLET_TEXT, "date": DATE}]))
        rules = tmp_path / "alerts.toml"
        rules.write_text('[[rules]]\nname = "all"\nsinks = ["page"]\n', encoding="utf-8")
        feeds = tmp_path / "feeds.toml"
        feeds.write_text(f'[defaults]\ninterval = 0.5\nhost_delay = 0\n[[feeds]]\nname = "local"\nurl = "{base}/feed.xml"\n',
                         encoding="utf-8")
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        proc = subprocess.Popen(
            [sys.executable, "-m", "marsad", "serve", "--watch", str(feeds), "--alerts", str(rules),
             "--db", str(tmp_path / "serve.db"), "--port", str(port), "--create"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        streamed: list[str] = []
        try:
            deadline = time.time() + 60
            alerts = events = 0
            while (alerts == 0 or events == 0) and time.time() < deadline and proc.poll() is None:
                try:
                    alerts = httpx.get(url + "/api/alerts", timeout=2).json()["total"]
                    events = httpx.get(url + "/api/events", timeout=2).json()["total"]
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
            assert alerts > 0 and events > 0, proc.stdout.read() if proc.poll() is not None else "no alert in time"
            assert httpx.get(url + "/api/feeds", timeout=2).json()["items"][0]["feed"] == "local"

            def listen() -> None:  # an open page
                try:
                    with httpx.stream("GET", url + "/api/stream?after=0", timeout=60) as response:
                        for line in response.iter_lines():
                            streamed.append(line)
                except httpx.HTTPError:
                    pass

            listener = threading.Thread(target=listen, daemon=True)
            listener.start()
            while not any(line.startswith("event: alert") for line in streamed) and time.time() < deadline:
                time.sleep(0.05)
            while site.hits["/feed.xml"] < 2 and time.time() < deadline:  # (polls come at the feed's interval)
                time.sleep(0.05)
            polls_before = site.hits["/feed.xml"]
            assert polls_before >= 2  # it goes on polling
            proc.send_signal(sig)
            out, _ = proc.communicate(timeout=20)
            listener.join(timeout=5)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert proc.returncode == 0, out
        assert "watching 1 feed(s)" in out and "watcher stopped after" in out and "Traceback" not in out
        assert not listener.is_alive()  # the server ended the stream
        with Store(tmp_path / "serve.db") as store, WatchStore(tmp_path / "serve.db") as ws:
            assert store.article_count() == 1 and ws.alert_count() == alerts
            assert ws.feed_state("local").polls >= 2


def test_serve_alerts_need_watch(tmp_path):
    from typer.testing import CliRunner

    from marsad.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "x.db"), "--alerts", str(SAMPLES / "alerts.toml")])
    assert result.exit_code == 2 and "--watch" in result.output


def test_cli_watch_once_reports_webhooks(tmp_path):
    """For cron: --once says how many webhook posts were delivered, and exits 1 when one was not
    (the alert will not fire again, so the receiver would never know otherwise)."""
    from typer.testing import CliRunner

    from marsad.cli import app

    with local_site() as site:
        base = site.base
        site.set("/feed.xml", rss("A", [{"link": base + "/1", "content": OTHER_OUTLET_TEXT, "date": DATE}]))
        rules = tmp_path / "alerts.toml"
        rules.write_text(f'[webhooks.ops]\nurl = "{base}/hook"\nretries = 0\n'
                         '[[rules]]\nname = "all"\nsinks = ["webhook:ops"]\n', encoding="utf-8")
        ok = CliRunner().invoke(app, ["watch", base + "/feed.xml", "--db", str(tmp_path / "a.db"), "--once",
                                      "--alerts", str(rules)])
        assert ok.exit_code == 0, ok.output
        assert "webhooks: " in ok.output and " delivered, 0 not delivered" in ok.output
        site.set("/hook", "no", status=400, content_type="text/plain")
        bad = CliRunner().invoke(app, ["watch", base + "/feed.xml", "--db", str(tmp_path / "b.db"), "--once",
                                       "--alerts", str(rules)])
        assert bad.exit_code == 1, bad.output
        assert "webhooks: 0 delivered, " in bad.output and "GET /api/alerts" in bad.output


def test_a_fifo_in_a_watched_folder_does_not_block_the_feed(tmp_path):
    # regression: the watcher opened a FIFO dropped in its folder to sniff it, and hung
    import os

    from marsad.io.sources import file_kind
    from marsad.run.watch import _walk

    drop = tmp_path / "drop"
    drop.mkdir()
    os.mkfifo(drop / "pipe")
    (drop / "a.txt").write_text("نص", encoding="utf-8")
    assert [p.name for p in _walk(drop)] == ["a.txt"]
    assert file_kind(drop / "pipe") is None  # (returns at once: no open of the FIFO)


def test_one_failing_webhook_does_not_end_the_delivery_thread(monkeypatch):
    # regression: an exception other than httpx's (an invalid URL, a NaN timeout) ended the sender's thread, and
    # no later alert was delivered
    sender = WebhookSender()
    calls = []

    def post(hook, body):
        calls.append(hook.name)
        if hook.name == "bad":
            raise ValueError("Invalid value NaN")
        return True, "delivered"

    monkeypatch.setattr(sender, "post", post)
    try:
        assert sender.send(0, Webhook(name="bad", url="http://x/h"), b"{}")
        assert sender.send(0, Webhook(name="good", url="http://x/h"), b"{}")
        assert sender.flush(5)
        assert calls == ["bad", "good"] and (sender.failed, sender.delivered) == (1, 1)
    finally:
        sender.close()
