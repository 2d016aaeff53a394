"""The review page in a real browser: Debian's chromium, headless, driven by Playwright.

The server runs in a thread over a temporary database seeded with ``store_samples``; map tiles
point at a local port where nothing listens, so the page must work from its bundled files.
"""
from __future__ import annotations

import csv
import io
import re
from urllib.parse import urlsplit

import pytest

from web_harness import CHROMIUM, launch, new_page, offline_settings, serve_in_thread

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is absent (CI installs it: apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

from marsad.web.api import create_app  # noqa: E402
from marsad.store import Store  # noqa: E402

from store_samples import CLASH_SENTENCE, SCRIPT_SENTENCE, sample_articles  # noqa: E402



@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


@pytest.fixture
def base_url(tmp_path):
    with Store(tmp_path / "web.db") as store:
        for article, events in sample_articles():
            store.add_article(article, events)
        with serve_in_thread(create_app(store, offline_settings())) as url:
            yield url


@pytest.fixture
def page(browser, base_url):
    page = new_page(browser)
    page.goto(base_url + "/")
    page.wait_for_selector("body[data-ready=true]")
    yield page
    page.context.close()


def rows(page) -> list[list[str]]:
    return page.eval_on_selector_all(
        "#events tbody tr", "trs => trs.map(tr => Array.from(tr.cells).map(td => td.textContent))"
    )


def apply_filters(page, **fields):
    """Fill the filters: a list of checkboxes (a facet: checking one applies it), a select or a text field."""
    for selector, value in fields.items():
        element = page.locator(f"#f-{selector.replace('_', '-')}")
        tag = element.evaluate("e => e.tagName")
        if tag == "DIV":
            page.wait_for_selector("body[data-ready=true]")
            element.locator(f"input[type=checkbox][value='{value}']").check()
            page.wait_for_selector("body[data-ready=true]")
        elif tag == "SELECT":
            element.select_option(value)
        else:
            element.fill(value)
    page.click("#f-apply")
    page.wait_for_selector("body[data-ready=true]")


def test_page_loads_with_markers_outlines_table_and_timeline(page, base_url):
    assert page.locator("#summary").inner_text().startswith("7 events · 6 incidents")
    assert page.get_attribute("#map", "data-markers") == "7"
    assert len(rows(page)) == 7
    bars = page.locator("#timeline rect.bar")
    assert bars.count() == 4  # four days with events
    assert page.locator("#timeline rect.bar[data-day='2023-01-25']").get_attribute("data-count") == "4"
    # Offline: the tiles fail, the page says so, and the bundled country outlines are drawn.
    page.wait_for_function("document.getElementById('map').dataset.tiles === 'failed'")
    assert int(page.get_attribute("#map", "data-outlines")) > 20
    assert page.locator(".leaflet-outlines-pane path").count() > 20
    assert "outlines" in page.locator("#map-note").inner_text()
    # Everything but the (failing) tiles came from this server: no CDN.
    hosts = {urlsplit(u).netloc for u in page.requests if not u.startswith("data:")}
    assert hosts <= {urlsplit(base_url).netloc, "127.0.0.1:9"}
    assert page.errors == []


def test_filter_open_event_see_evidence_correct_and_export(page, base_url):
    apply_filters(page, event_type="Battles", admin1="Ar-Raqqa")
    table = rows(page)
    assert len(table) == 2 and {r[9] for r in table} == {"Hawar", "Enab Baladi"}
    assert page.get_attribute("#map", "data-markers") == "2"

    page.locator("#events tbody tr", has_text="Hawar").click()
    article = page.locator("#d-article")
    article.wait_for()
    assert article.get_attribute("dir") == "rtl" and article.get_attribute("lang") == "ar"
    marks = article.locator("mark.evidence")
    assert marks.count() == 1 and marks.first.inner_text() == CLASH_SENTENCE
    assert page.locator("#d-incident").inner_text().startswith("One incident reported by 2 articles")

    page.fill("#r-reviewer", "Huda")
    page.fill("#r-comment", "the statement says five")
    page.click("#r-correct-box summary")
    page.fill("#c-fatalities", "5")
    page.click("#r-correct")
    page.wait_for_selector("#r-message.ok")
    assert page.locator("#r-message").inner_text() == "Correction saved."
    assert page.locator("dd[data-field=fatalities]").inner_text().startswith("5")
    assert page.locator("dd[data-field=fatalities] .was").inner_text() == "6"
    assert page.locator("#d-status").inner_text() == "corrected"
    page.wait_for_selector("body[data-ready=true]")
    hawar = next(r for r in rows(page) if r[9] == "Hawar")
    assert hawar[7] == "5" and hawar[8] == "corrected"
    assert "Huda" in page.locator("#d-reviews").inner_text()

    # The export link carries the filters and the correction.
    href = page.get_attribute("#export-csv", "href")
    assert "event_type=Battles" in href and "admin1=Ar-Raqqa" in href
    exported = list(csv.DictReader(io.StringIO(page.request.get(base_url + href).text())))
    assert len(exported) == 2
    assert {r["source"]: r["fatalities"] for r in exported} == {"Hawar": "5", "Enab Baladi": "8"}
    assert page.dialogs == [] and page.errors == []


def test_article_markup_renders_as_text(page):
    apply_filters(page, q="دير الزور")
    table = rows(page)
    assert len(table) == 1 and table[0][9] == "Test <i>outlet</i>"
    page.locator("#events tbody tr").first.click()
    article = page.locator("#d-article")
    article.locator("mark.evidence").wait_for()
    assert SCRIPT_SENTENCE in article.inner_text()
    assert article.locator("mark.evidence").inner_text() == SCRIPT_SENTENCE
    assert page.locator("#d-article script, #d-article b, #detail img, #events i").count() == 0
    assert "<img src=x onerror=alert(2)>" in page.locator("#d-article-meta").inner_text()
    page.wait_for_timeout(300)  # time for any injected handler to fire
    assert page.dialogs == [] and page.errors == []


def test_reject_confirm_and_table_sorting(page):
    page.locator("th[data-sort=fatalities]").click()
    page.wait_for_function("document.querySelector('th[data-sort=fatalities]').classList.contains('sorted-asc')")
    page.locator("th[data-sort=fatalities]").click()
    page.wait_for_function("document.querySelector('th[data-sort=fatalities]').classList.contains('sorted-desc')")
    assert rows(page)[0][7] == "8"

    page.locator("#events tbody tr", has_text="Sarrin").click()
    page.locator("#d-article mark.evidence").wait_for()
    page.fill("#r-reviewer", "Omar")
    page.click("#r-reject")
    page.wait_for_selector("#r-message.ok")
    assert page.locator("#d-status").inner_text() == "rejected"
    page.wait_for_selector("body[data-ready=true]")
    assert not any(r[5] == "Sarrin" for r in rows(page))
    assert page.get_attribute("#map", "data-markers") == "6"
    assert re.match(r"6 events", page.locator("#summary").inner_text())

    apply_filters(page, status="rejected")
    assert [r[5] for r in rows(page)] == ["Sarrin"]


def test_review_errors_are_shown(page):
    page.locator("#events tbody tr").first.click()
    page.locator("#d-article").wait_for()
    page.fill("#r-reviewer", "")
    page.click("#r-confirm")
    sync_api.expect(page.locator("#r-message.error")).to_have_text("Enter your name as reviewer.")
    page.fill("#r-reviewer", "Huda")
    page.click("#r-correct-box summary")
    page.fill("#c-latitude", "123")
    page.click("#r-correct")
    sync_api.expect(page.locator("#r-message.error")).to_have_text("latitude must be between -90 and 90, got 123")
    assert page.locator("#d-status").inner_text() == "machine"


def test_timeline_bar_filters_one_day(page):
    page.locator("#timeline rect.bar[data-day='2023-01-25']").click()
    page.wait_for_function("document.querySelectorAll('#events tbody tr').length === 4")
    assert page.input_value("#f-date-from") == "2023-01-25" == page.input_value("#f-date-to")
    assert {r[0] for r in rows(page)} == {"2023-01-25"}


def test_a_review_shows_in_the_change_history_with_its_reviewer(page):
    page.locator("#events tbody tr", has_text="Sarrin").click()
    page.locator("#d-article mark.evidence").wait_for()
    sync_api.expect(page.locator("#d-history li").first).to_contain_text("ingest: added")
    page.fill("#r-reviewer", "Samira")
    page.fill("#r-comment", "seen on video")
    page.click("#r-confirm")
    page.wait_for_selector("#r-message.ok")
    latest = page.locator("#d-history li").first
    sync_api.expect(latest).to_contain_text("Samira: confirm")
    sync_api.expect(latest).to_contain_text("status: machine → confirmed")
    sync_api.expect(latest).to_contain_text("seen on video")
    assert latest.get_attribute("data-who") == "Samira"


@pytest.mark.parametrize("width, type_shown", [(1280, False), (1600, True)])
def test_every_column_but_the_event_type_fits_a_1280_pixel_screen(browser, base_url, width, type_shown):
    # regression: at 1280x800 the Deaths, Status and Outlet columns were off-screen (the table scrolled sideways)
    page = new_page(browser, (width, 800))
    try:
        page.goto(base_url + "/")
        page.wait_for_selector("body[data-ready=true]")
        outlet = page.locator("th[data-sort=outlet]").bounding_box()
        assert outlet is not None and outlet["x"] + outlet["width"] <= width
        assert page.locator("th[data-sort=event_type]").is_visible() is type_shown
        cell = page.locator("#events tbody tr").first.locator("td").nth(2)  # (the sub-event's cell)
        event_type = page.locator("#events tbody tr").first.locator("td").nth(1).text_content()
        assert cell.get_attribute("title") == f"{event_type}: {cell.text_content()}"  # the type, in its title
    finally:
        page.context.close()
