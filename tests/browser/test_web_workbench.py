"""The analyst's workbench in a real browser (issue 11): the map reads at a glance (capped marker
size, clusters that open, a legend, incidents), suspect records, the English note, filters kept
in the address bar, the review queue's keys, nothing asked of any host but this one, and a
390 px phone layout. The store holds the test samples plus a 60000-death national tally."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from web_harness import CHROMIUM, TIMEOUT_MS, launch, new_page, serve_in_thread

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is absent (CI installs it: apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

from marsad.settings import load_settings  # noqa: E402
from marsad.store import Store  # noqa: E402
from marsad.web.api import create_app  # noqa: E402

from store_samples import workbench_articles  # noqa: E402



@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


@pytest.fixture
def base_url(tmp_path):
    with Store(tmp_path / "wb.db") as store:
        for article, events in workbench_articles():
            store.add_article(article, events)
        # The packaged default settings: no tile URL, so the page must ask nothing of other hosts.
        with serve_in_thread(create_app(store, load_settings())) as url:
            yield url


def open_page(browser, url, width=1400, height=900):
    page = new_page(browser, (width, height))
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]")
    return page


@pytest.fixture
def page(browser, base_url):
    page = open_page(browser, base_url + "/")
    yield page
    page.context.close()


def ready(page):
    page.wait_for_selector("body[data-ready=true]")


def table_ids(page) -> list[str]:
    return page.eval_on_selector_all("#events tbody tr", "trs => trs.map(tr => tr.dataset.id)")


def test_the_tally_is_suspect_does_not_cover_the_map_and_is_not_counted(page):
    summary = page.locator("#summary").inner_text()
    assert summary.startswith("7 events · ") and "16 killed" in summary and "1 suspect (60000 killed) not counted" in summary
    # Every marker's radius is capped (log scale, at most 16 px); the tally is drawn small and dashed.
    assert 0 < float(page.get_attribute("#map", "data-max-radius")) <= 16
    # listed and flagged; only suspects on request
    flagged = page.locator("#events tbody tr.suspect")
    assert flagged.count() == 1 and "60000" in flagged.inner_text()
    page.select_option("#f-suspect", "only")
    page.click("#f-apply")
    ready(page)
    assert len(table_ids(page)) == 1
    page.locator("#events tbody tr").first.click()
    sync_api.expect(page.locator("#d-suspect")).to_contain_text("60000 deaths in one record")
    assert page.locator("#d-note").inner_text().startswith("On 20 January 2023, Military Forces of Syria")
    assert page.errors == []


def test_legend_is_shown(page):
    legend = page.locator("#legend")
    assert legend.is_visible() and legend.get_attribute("open") is not None
    text = legend.inner_text()
    assert "Battles" in text and "suspect" in text and "deaths" in text


def test_coincident_markers_open_individually(page):
    # Open a record elsewhere first, so that the map keeps its size while we click on it.
    page.locator("#events tbody tr", has_text="Deir ez-Zor").click()
    page.wait_for_function("document.getElementById('d-note').textContent.length > 0")
    # Raqqa: three records at one point (two reports of the clash, a raid) stay one cluster at every
    # zoom; clicking the biggest cluster zooms in until only they are left, and then opens (spiderfies) it.
    for _ in range(8):
        if page.get_attribute("#map", "data-spider-points"):
            break
        biggest = page.evaluate("""() => {
            let best = null;
            for (const c of document.querySelectorAll('.marker-cluster')) {
                const n = Number(c.textContent), r = c.getBoundingClientRect();
                if (!best || n > best[0]) best = [n, r.left + r.width / 2, r.top + r.height / 2];
            }
            return best; }""")
        assert biggest, "no cluster on the map"
        page.mouse.click(biggest[1], biggest[2])
        page.wait_for_timeout(700)  # the zoom or spiderfy animation
    points = page.evaluate("JSON.parse(document.getElementById('map').dataset.spiderPoints || '[]')")
    assert len(points) == 3
    opened = []
    for x, y in points:
        before = parse_qs(urlsplit(page.url).query).get("event", [""])[0]
        page.mouse.click(x, y)
        page.wait_for_function(f"new URLSearchParams(location.search).get('event') !== '{before}'")
        page.wait_for_function("document.querySelector('#events tr.selected') && "
                               "new URLSearchParams(location.search).get('event') === "
                               "document.querySelector('#events tr.selected').dataset.id")
        opened.append(parse_qs(urlsplit(page.url).query)["event"][0])
    assert len(set(opened)) == 3


def test_incidents_mode_draws_each_incident_once_with_its_sources(page):
    page.check("#m-incidents")
    page.wait_for_function("document.getElementById('map').dataset.mode === 'incidents'")
    assert page.get_attribute("#map", "data-markers") == "7"  # 8 records, the Raqqa clash reported twice
    assert "view=incidents" in page.url


def test_a_url_with_filters_restores_the_view_and_the_open_record(browser, base_url, page):
    # choose filters as a user does
    page.locator("#f-event-type input[value='Battles']").check()
    ready(page)
    page.fill("#f-actor", "داعش")
    page.fill("#f-fatalities-min", "1")
    page.click("#f-apply")
    ready(page)
    assert len(table_ids(page)) == 3  # two Raqqa reports and Deir ez-Zor; the tally names no IS
    page.locator("#events tbody tr").first.click()
    page.wait_for_function("document.getElementById('d-note').textContent.length > 0")
    params = parse_qs(urlsplit(page.url).query)
    assert params["event_type"] == ["Battles"] and params["actor"] == ["داعش"] and params["fatalities_min"] == ["1"]
    assert params["event"] == [table_ids(page)[0]]
    note = page.locator("#d-note").inner_text()

    # a shared link (a fresh browser context) restores filters, table and the open record
    other = open_page(browser, page.url)
    assert other.locator("#f-event-type input[value='Battles']").is_checked()
    assert other.input_value("#f-actor") == "داعش" and other.input_value("#f-fatalities-min") == "1"
    assert len(table_ids(other)) == 3
    other.wait_for_function("document.getElementById('d-note').textContent.length > 0")
    assert other.locator("#d-note").inner_text() == note
    other.context.close()

    # back: the record closes, then the filters go
    page.go_back()
    page.wait_for_selector("#detail", state="hidden")
    page.go_back()
    ready(page)
    page.wait_for_function("document.querySelectorAll('#events tbody tr').length === 4")
    assert page.input_value("#f-actor") == ""


def test_arabic_folding_and_actor_aliases_in_the_page(page):
    page.fill("#f-q", "الرقه")
    page.click("#f-apply")
    ready(page)
    assert len(table_ids(page)) == 6
    page.fill("#f-q", "")
    page.fill("#f-actor", "ISIS")
    page.click("#f-apply")
    ready(page)
    assert len(table_ids(page)) == 7
    counts = page.eval_on_selector_all("#f-event-type .facet-item", "ls => ls.map(l => l.textContent)")
    assert any(c.startswith("Battles") and c.endswith("3") for c in counts)


def test_english_note_in_detail_and_review_queue_keys(page):
    page.locator("#events tbody tr", has_text="Al-Tabqa").click()
    sync_api.expect(page.locator("#d-note")).to_have_text(
        "On 25 January 2023, QSD: Syrian Democratic Forces conducted a security operation against Islamic State "
        "(Syria) in Al-Tabqa, Ar-Raqqa; no fatalities reported. Reported by Hawar.")
    # n: the next unreviewed record, suspects first
    page.locator("#d-title").click()
    page.keyboard.press("n")
    sync_api.expect(page.locator("#d-suspect")).to_be_visible()
    page.fill("#r-reviewer", "Huda")
    page.locator("#d-title").click()
    page.keyboard.press("c")  # confirm: the tally is counted from now on
    page.wait_for_selector("#r-message.ok")
    ready(page)
    assert "60016 killed" in page.locator("#summary").inner_text()
    # j / k walk the table
    first = table_ids(page)[0]
    page.locator("#d-title").click()
    page.keyboard.press("k")
    page.wait_for_function(f"new URLSearchParams(location.search).get('event') !== null")
    assert table_ids(page)[0] == first


def test_timeline_drag_chooses_a_range(page):
    box = page.locator("#timeline").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 40, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, y, steps=5)
    page.mouse.up()
    ready(page)
    date_from, date_to = page.input_value("#f-date-from"), page.input_value("#f-date-to")
    assert date_from and date_to and date_from < date_to
    assert "date_from=" in page.url


def test_no_request_leaves_this_machine_by_default_and_docs_work_offline(page, base_url):
    host = urlsplit(base_url).netloc
    assert page.get_attribute("#map", "data-tiles") == "off"
    page.locator("#events tbody tr").first.click()
    page.wait_for_function("document.getElementById('d-note').textContent.length > 0")
    page.check("#m-incidents")
    page.wait_for_function("document.getElementById('map').dataset.mode === 'incidents'")
    page.goto(base_url + "/api/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=TIMEOUT_MS)
    hosts = {urlsplit(u).netloc for u in page.requests if not u.startswith("data:")}
    assert hosts == {host}


def test_phone_layout_has_no_horizontal_scroll(browser, base_url):
    page = open_page(browser, base_url + "/", width=390, height=844)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("#toggle-filters")
    assert page.locator("#filters").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("#toggle-filters")
    page.locator("#events tbody tr").first.click()
    detail = page.locator("#detail")
    page.wait_for_function("document.getElementById('d-note').textContent.length > 0")
    box = detail.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # on screen, not off to the side
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("#d-close")
    page.wait_for_selector("#detail", state="hidden")
    page.context.close()


def test_a_location_correction_moves_the_marker(page, base_url):
    page.locator("#events tbody tr", has_text="Al-Tabqa").click()
    page.wait_for_function("document.getElementById('map').dataset.selectedAt === '35.83758,38.54828'")
    event_id = parse_qs(urlsplit(page.url).query)["event"][0]
    page.fill("#r-reviewer", "Huda")
    page.locator("#r-correct-box summary").click()
    # Arabic or English: the gazetteer answers as one types
    page.locator("#c-place").press_sequentially("Manb")
    sync_api.expect(page.locator("#c-place-list li").first).to_contain_text("Manbij")
    page.fill("#c-place", "")
    page.locator("#c-place").press_sequentially("منبج")
    first = page.locator("#c-place-list li").first
    sync_api.expect(first).to_contain_text("منبج")
    sync_api.expect(first).to_contain_text("Aleppo")
    first.click()
    # the form shows what changes together
    assert page.input_value("#c-location") == "Manbij" and page.input_value("#c-admin1") == "Aleppo"
    assert page.input_value("#c-geo_precision") == "1" and page.input_value("#c-latitude").startswith("36.52")
    page.click("#r-correct")
    page.wait_for_selector("#r-message.ok")
    # the marker moved: the open record's marker is now at Manbij, and the table says so
    page.wait_for_function("(document.getElementById('map').dataset.selectedAt || '').startsWith('36.52')")
    assert page.get_attribute("#map", "data-selected-at") == "36.52815,37.95495"
    sync_api.expect(page.locator("#events tbody tr.selected")).to_contain_text("Manbij")
    sync_api.expect(page.locator("#d-note")).to_contain_text("in Manbij, Aleppo")
    stored = page.evaluate(f"fetch('/api/events/{event_id}').then(r => r.json())")
    assert (stored["location"], stored["admin1"], stored["geo_precision"], stored["status"]) == ("Manbij", "Aleppo", 1, "corrected")
    assert (stored["latitude"], stored["longitude"]) == (36.52815, 37.95495)
    # a name that is no gazetteer place, without coordinates, is refused by the server
    if page.locator("#r-correct-box").get_attribute("open") is None:
        page.locator("#r-correct-box summary").click()
    page.fill("#c-location", "Atlantis")
    page.click("#r-correct")
    sync_api.expect(page.locator("#r-message.error")).to_contain_text("not a place in the gazetteer")
    assert page.errors == []


def chart_values(page, chart: str) -> dict[str, int]:
    """Each bar of a chart: its key and the number drawn at its end."""
    return page.eval_on_selector_all(
        f"#{chart} .chart-row",
        "gs => Object.fromEntries(gs.map(g => [g.dataset.key, Number(g.querySelectorAll('text')[1].textContent)]))")


def test_charts_render_from_the_stats_and_leave_suspects_out(page):
    page.locator("#charts-box summary").click()
    page.wait_for_selector("#chart-type .chart-row")
    stats = page.evaluate("fetch('/api/stats').then(r => r.json())")
    # events by type, actor and admin1: what /api/stats says, suspects left out
    by_type = chart_values(page, "chart-type")
    assert by_type == {r["key"]: r["count"] for r in stats["by_type"] if r["count"]}
    assert by_type == {"Battles": 3, "Strategic developments": 4}  # the tally (a 4th battle) is not counted
    actors = chart_values(page, "chart-actor")
    assert actors == {r["key"]: r["count"] for r in stats["by_actor"] if r["count"]}
    # the tally's actors: the rebels only there, the army once more than counted
    assert "Opposition Rebels (Syria)" not in actors and actors["Military Forces of Syria (2000-2024)"] == 1
    assert chart_values(page, "chart-admin1") == {r["admin1"] or r["key"]: r["count"] for r in stats["by_admin1"] if r["count"]}
    # fatalities: 16, not 60016
    page.check("input[name=chart-measure][value=fatalities]")
    page.wait_for_function("document.querySelector('#chart-type .chart-row text:nth-of-type(2)') && "
                           "document.querySelector('#chart-type .chart-row').dataset.key === 'Battles'")
    assert chart_values(page, "chart-type") == {"Battles": 16}
    # a bar is a filter
    page.locator("#chart-type .chart-row[data-key='Battles']").click()
    ready(page)
    page.wait_for_function("new URLSearchParams(location.search).getAll('event_type').join() === 'Battles'")
    assert len(table_ids(page)) == 4  # the listing shows the suspect tally too, flagged
    assert page.errors == []


def test_review_keys_move_the_selection_and_confirm_in_the_store(page):
    ids = table_ids(page)
    page.locator("#events tbody tr").first.click()
    page.wait_for_function(f"new URLSearchParams(location.search).get('event') === '{ids[0]}'")

    def selected() -> str:
        page.wait_for_function("document.querySelector('#events tr.selected') && "
                               "document.querySelector('#events tr.selected').dataset.id === "
                               "new URLSearchParams(location.search).get('event')")
        return page.eval_on_selector("#events tr.selected", "tr => tr.dataset.id")

    page.locator("#d-title").click()
    for key, at in (("j", 1), ("j", 2), ("k", 1), ("k", 0), ("k", 0)):  # k on the first row stays there
        page.keyboard.press(key)
        page.wait_for_function(f"new URLSearchParams(location.search).get('event') === '{ids[at]}'")
        assert selected() == ids[at]
    page.keyboard.press("j")
    assert selected() == ids[1]
    before = page.evaluate(f"fetch('/api/events/{ids[1]}').then(r => r.json())")
    assert before["status"] == "machine"
    # c without a reviewer's name: asks for it, stores nothing
    page.fill("#r-reviewer", "")
    page.locator("#d-title").click()
    page.keyboard.press("c")
    sync_api.expect(page.locator("#r-message.error")).to_contain_text("reviewer")
    page.fill("#r-reviewer", "Huda")
    page.locator("#d-title").click()
    page.keyboard.press("c")
    page.wait_for_selector("#r-message.ok")
    sync_api.expect(page.locator("#d-status")).to_have_text("confirmed")
    after = page.evaluate(f"fetch('/api/events/{ids[1]}').then(r => r.json())")
    assert after["status"] == "confirmed" and after["reviewer"] == "Huda"
    assert [r["action"] for r in after["reviews"]] == ["confirm"]
    # e opens the correction form with the focus in it; typing there is not a shortcut
    page.locator("#d-title").click()
    page.keyboard.press("e")
    assert page.locator("#r-correct-box").get_attribute("open") is not None
    assert page.evaluate("document.activeElement.closest('#r-correct-box') !== null")
    page.keyboard.press("j")
    assert selected() == ids[1]
    assert page.errors == []
