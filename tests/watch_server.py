"""A local HTTP server for the watch tests and benchmark (127.0.0.1 only): routes that tests
change between polls, ETags answered with 304, failures, junk, and a webhook receiver."""
from __future__ import annotations

import threading
from collections import Counter
from contextlib import contextmanager
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Iterator, Optional, Union

Route = Union[tuple, Callable[["Handler"], tuple]]


class Site:
    """Routes: path -> (status, headers, body) or a function of the request giving one."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter = Counter()
        self.requests: list[tuple[str, str, dict]] = []  # (method, path, headers)
        self.posts: list[tuple[str, dict, bytes]] = []  # (path, headers, body)
        self.base = ""
        self.keep_log = True
        self.lock = threading.Lock()

    def set(self, path: str, body: Union[bytes, str], *, status: int = 200, content_type: str = "application/rss+xml",
            etag: str = "", last_modified: str = "") -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        headers = {"Content-Type": content_type}
        if etag:
            headers["ETag"] = etag
        if last_modified:
            headers["Last-Modified"] = last_modified
        self.routes[path] = (status, headers, data)


class Handler(BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
        pass

    def _answer(self, route: Optional[Route]) -> None:
        if route is None:
            status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
        else:
            status, headers, body = route(self) if callable(route) else route
        etag = headers.get("ETag")
        if etag and self.headers.get("If-None-Match") == etag:
            status, body = 304, b""
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client stopped reading (too large)
                pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        with self.site.lock:
            self.site.hits[path] += 1
            if self.site.keep_log:
                self.site.requests.append(("GET", path, dict(self.headers)))
        self._answer(self.site.routes.get(path))

    def do_POST(self) -> None:
        path = self.path.split("?", 1)[0]
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        with self.site.lock:
            self.site.hits[path] += 1
            self.site.posts.append((path, dict(self.headers), body))
        self._answer(self.site.routes.get(path) or (200, {"Content-Type": "text/plain"}, b"ok"))


@contextmanager
def local_site() -> Iterator[Site]:
    site = Site()
    handler = type("SiteHandler", (Handler,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def rss(title: str, items: list[dict]) -> str:
    """An RSS 2.0 document; each item: link, title, and content (full) or summary, pubDate."""
    parts = []
    for item in items:
        body = ""
        if item.get("content"):
            body += f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>"
        if item.get("summary"):
            body += f"<description>{escape(item['summary'])}</description>"
        parts.append(
            f"<item><title>{escape(item.get('title', 'خبر'))}</title><link>{escape(item['link'])}</link>"
            f"<guid>{escape(item['link'])}</guid><pubDate>{item.get('date', formatdate(0))}</pubDate>{body}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{escape(title)}</title><link>http://127.0.0.1/</link><language>ar</language>"
        + "".join(parts) + "</channel></rss>"
    )


def page(title: str, text: str) -> str:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n") if p.strip())
    return (f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f"<body><nav>الرئيسية</nav><article><h1>{escape(title)}</h1>{paragraphs}</article><footer>حقوق</footer></body></html>")
