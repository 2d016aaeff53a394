"""Accounts in a real browser (issue 10): log in, review as that user, see the history entry with
the user's name; a request without a session cannot review."""
from __future__ import annotations

import pytest

from web_harness import CHROMIUM, launch, new_page, offline_settings, serve_in_thread

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is absent (CI installs it: apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

from marsad.store import Store  # noqa: E402
from marsad.web.api import create_app, serve_hosts  # noqa: E402

from store_samples import sample_articles  # noqa: E402

PASSWORD = "a long enough password"


@pytest.fixture
def served(tmp_path):
    with Store(tmp_path / "web.db") as store:
        for article, events in sample_articles():
            store.add_article(article, events)
        store.add_user("huda", "reviewer", PASSWORD)
        with serve_in_thread(create_app(store, offline_settings(), trusted_hosts=serve_hosts("127.0.0.1"))) as url:
            yield url, store


def test_login_review_as_that_user_and_see_the_history(served):
    url, store = served
    with sync_api.sync_playwright() as p:
        browser = launch(p)
        page = new_page(browser)
        page.goto(url + "/")
        page.wait_for_selector("#login-overlay")
        page.fill("#login-name", "huda")
        page.fill("#login-password", "wrong password")
        page.click("#login-submit")
        sync_api.expect(page.locator("#login-message")).to_have_text("wrong name or password")
        page.fill("#login-password", PASSWORD)
        page.click("#login-submit")
        page.wait_for_selector("#account[data-user=huda]")
        page.wait_for_selector("body[data-ready=true]")
        assert page.locator("#login-overlay").count() == 0

        page.locator("#events tbody tr", has_text="Sarrin").click()
        page.locator("#d-article mark.evidence").wait_for()
        assert page.input_value("#r-reviewer") == "huda" and page.locator("#r-reviewer").evaluate("e => e.readOnly")
        page.fill("#r-comment", "checked the statement")
        page.click("#r-confirm")
        page.wait_for_selector("#r-message.ok")
        latest = page.locator("#d-history li").first
        sync_api.expect(latest).to_contain_text("huda: confirm")
        sync_api.expect(latest).to_contain_text("checked the statement")
        event_id = store.reviews()[-1].event_id
        assert store.reviews()[-1].reviewer == "huda"

        # Without a session (a fresh browser context: no cookie), the API refuses to review.
        anonymous = browser.new_context()
        response = anonymous.request.post(f"{url}/api/events/{event_id}/review",
                                          data={"action": "reject", "reviewer": "huda"})
        assert response.status == 401
        # With the cookie but without the CSRF token (what a cross-site form would send): refused too.
        response = page.context.request.post(f"{url}/api/events/{event_id}/review", data={"action": "reject"})
        assert response.status == 403
        assert [r.action for r in store.reviews(event_id)] == ["confirm"]
        assert not page.errors
        anonymous.close()
        page.context.close()
        browser.close()
