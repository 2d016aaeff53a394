"""Take docs/screenshot.png: the review page over machine-coded events.

    python tests/browser/make_screenshot.py [OUT.png]

Codes the texts of ``../shared/eval/dev/gold.jsonl`` with marsad's pipeline when present (the
machine's records, not the hand-coded ones; else the test samples), into a temporary database,
with the packaged settings (no map tiles), in Debian's chromium.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from web_harness import launch, serve_in_thread

from marsad.web.api import create_app
from marsad.store import Store

from store_samples import gold_articles, sample_articles

REPO = Path(__file__).resolve().parents[2]


def main(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    from marsad import Pipeline
    from marsad.settings import load_settings

    articles = gold_articles() or sample_articles()
    nlp = Pipeline()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "shot.db") as store:
        for article, _gold in articles:
            store.add_document(nlp(article))  # machine-coded
        with serve_in_thread(create_app(store, load_settings())) as url, sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page(viewport={"width": 1500, "height": 940})
            page.goto(url + "/")
            page.wait_for_selector("body[data-ready=true]")
            page.locator("#f-country input[value='Syria']").check()
            page.wait_for_selector("body[data-ready=true]")
            page.locator("th[data-sort=fatalities]").click()
            page.locator("th[data-sort=fatalities]").click()
            page.wait_for_timeout(500)
            page.locator("#events tbody tr").nth(1).click()
            page.locator("#d-article mark.evidence").first.wait_for()
            page.fill("#r-reviewer", "Huda")
            page.evaluate("document.querySelector('.table-wrap').scrollLeft = 0")
            page.wait_for_timeout(800)
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out))
            browser.close()
    print(f"{out}: {len(articles)} articles")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshot.png")
