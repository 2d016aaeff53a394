"""The page learns of alerts and new events from the store, live: an alert recorded by another
connection to the database (as a `marsad watch` process would) appears without a reload."""
from __future__ import annotations

import time

import pytest

from web_harness import CHROMIUM, DESKTOP, PHONE, launch, new_page, offline_settings, serve_in_thread

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is absent (CI installs it: apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

from marsad.store import Store  # noqa: E402
from marsad.store.feeds import WatchStore  # noqa: E402
from marsad.web.api import create_app  # noqa: E402

from store_samples import sample_articles  # noqa: E402

def test_alert_and_new_events_appear_without_reload(tmp_path):
    db = tmp_path / "live.db"
    with Store(db) as store:
        articles = sample_articles()
        article, events = articles[0]
        store.add_article(article, events)
        with serve_in_thread(create_app(store, offline_settings())) as url, sync_api.sync_playwright() as p:
            browser = launch(p)
            page = new_page(browser, DESKTOP)
            page.goto(url + "/")
            page.wait_for_selector("body[data-ready=true]")
            page.wait_for_selector("#live[data-stream=on]")
            assert page.locator("#alerts li").count() == 0
            assert page.get_attribute("#alert-badge", "data-count") == "0"
            first = page.locator("#summary").inner_text()

            # Another connection (a watcher process) stores an article and fires an alert (a second
            # later: "new since you last looked" compares store times, which are in whole seconds).
            time.sleep(1.1)
            with Store(db) as writer, WatchStore(db) as ws:
                for other, other_events in articles[1:]:
                    writer.add_article(other, other_events)
                ws.fire(rule="deadly", alert_key="inc-live", kind="new", incident_id="inc-live", fatalities=8,
                        previous=None, note="On 2023-01-23, armed clash in Raqqa; 8 fatalities reported.",
                        body={"alert": {"message": "new incident"}, "incident": {"event_ids": []}},
                        sinks=["log", "page"], page=True)
            page.wait_for_selector("#alerts li[data-key=inc-live]")
            assert "8 fatalities" in page.locator("#alerts li").first.inner_text()
            page.wait_for_function("document.getElementById('alert-badge').dataset.count === '1'")
            # ... and the lists follow the store: more events, and "new since you last looked"
            page.wait_for_function(f"document.getElementById('summary').textContent !== {first!r}"
                                   " && document.body.dataset.ready === 'true'")
            page.wait_for_function("Number(document.getElementById('new-since').dataset.count) > 0")
            assert page.locator("#new-events li").count() > 0
            page.click("#mark-seen")
            page.wait_for_function("document.getElementById('alert-badge').dataset.count === '0'")
            page.wait_for_function("document.getElementById('new-since').dataset.count === '0'")
            # A reload keeps what this browser has seen (localStorage)
            page.reload()
            page.wait_for_selector("body[data-ready=true]")
            page.wait_for_selector("#alerts li[data-key=inc-live]")
            assert page.get_attribute("#alert-badge", "data-count") == "0"
            assert page.errors == []
            page.context.close()
            browser.close()


def test_live_panel_on_a_phone(tmp_path):
    """At 390 px the top bar (badge, "new since you last looked", Mark seen) wraps instead of
    widening the page; the badge says what it counts and brings the alerts list into view."""
    db = tmp_path / "phone.db"
    with Store(db) as store:
        articles = sample_articles()
        store.add_article(*articles[0])
        with serve_in_thread(create_app(store, offline_settings())) as url, sync_api.sync_playwright() as p:
            browser = launch(p)
            page = new_page(browser, PHONE)
            page.goto(url + "/")
            page.wait_for_selector("#live[data-stream=on]", state="attached")  # folded away on a phone
            assert page.inner_text("#new-since") == "nothing new since you last looked"
            time.sleep(1.1)
            with Store(db) as writer, WatchStore(db) as ws:
                for other, other_events in articles[1:]:
                    writer.add_article(other, other_events)
                for n in (1, 2):
                    ws.fire(rule="deadly", alert_key=f"inc-{n}", kind="new", incident_id=f"inc-{n}", fatalities=8,
                            previous=None, note="On 2023-01-23, armed clash in Raqqa; 8 fatalities reported.",
                            body={"alert": {"message": "new incident"}, "incident": {"event_ids": []}},
                            sinks=["log", "page"], page=True)
            page.wait_for_function("document.getElementById('alert-badge').dataset.count === '2'")
            page.wait_for_function("Number(document.getElementById('new-since').dataset.count) > 0")
            assert page.inner_text("#alert-badge") == "2 new alerts"
            assert "new events since you last looked" in page.inner_text("#new-since") or \
                page.inner_text("#new-since") == "1 new event since you last looked"
            assert "new incident" not in page.locator("#alerts li").first.inner_text()  # the kind says it
            width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert width[0] <= width[1], f"horizontal scroll: {width}"
            for selector in ("#alert-badge", "#new-since", "#mark-seen"):
                box = page.locator(selector).bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= 390, selector
            page.click("#alert-badge")
            page.wait_for_function("(() => { const r = document.getElementById('live').getBoundingClientRect();"
                                   " return r.top >= 0 && r.top < innerHeight; })()")
            assert page.errors == []
            page.context.close()
            browser.close()
