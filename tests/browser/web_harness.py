"""Run the review page for browser tests: uvicorn in a thread, Debian's chromium via Playwright.

Playwright's own browser downloads are never used (``playwright install`` cannot run here):
the tests drive ``/usr/bin/chromium``, which ``.ci/run`` installs with apt-get.
"""
from __future__ import annotations

import socket
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:  # store_samples lives in tests/
    sys.path.insert(0, str(TESTS))

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"]
# Tiles from a local port where nothing listens: the page must fall back to the bundled outlines.
OFFLINE_TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png"


@contextmanager
def serve_in_thread(app) -> Iterator[str]:
    """Serve ``app`` on a free local port in a background thread; yields the base URL.

    The default gazetteer is loaded first: its first load builds it into the tests' empty cache
    folder (about 4 s, far more on a loaded machine), which would otherwise land inside the first
    place lookup a test times (a location correction's list must answer within seconds).
    """
    import uvicorn

    from marsad.gazetteer import load_gazetteer

    load_gazetteer(None)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def launch(playwright):
    """Debian's chromium, headless, through Playwright's Python driver."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


DESKTOP = (1400, 900)
PHONE = (390, 844)
TIMEOUT_MS = 15_000


def new_page(browser, size=DESKTOP, timeout_ms=TIMEOUT_MS):
    """A fresh page in its own context at ``size`` (width, height) that logs what the tests check:
    ``page.errors`` (uncaught script errors), ``page.requests`` (every URL asked for) and
    ``page.dialogs`` (alert/confirm messages, dismissed). ``bypass_csp``: Playwright's polling needs
    eval, which the page's policy forbids; it also shows that escaping alone keeps markup inert."""
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    context.set_default_timeout(timeout_ms)
    page = context.new_page()
    page.errors, page.requests, page.dialogs = [], [], []

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("request", lambda req: page.requests.append(req.url))
    page.on("dialog", on_dialog)
    return page


def offline_settings():
    from marsad.settings import load_settings

    return load_settings(overrides={"serve": {"tile_url": OFFLINE_TILES}})
