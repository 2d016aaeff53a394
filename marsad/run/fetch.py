"""Polite HTTP fetching for the live watcher (:mod:`marsad.run.watch`), with httpx.

- a user agent that names marsad (:data:`USER_AGENT`);
- one request at a time per host (a lock per host), and at least ``host_delay`` seconds between
  two requests to one host;
- robots.txt respected for the pages it is asked to check (:meth:`Fetcher.allowed`; the
  standard library's :mod:`urllib.robotparser` reads it; kept an hour per host);
- conditional GET: the ETag and Last-Modified of the last answer are sent back
  (``If-None-Match``, ``If-Modified-Since``), a 304 is "not modified";
- a timeout for the whole request (connect, headers and body), and a size limit: a body over
  ``max_bytes`` is cut off and reported, never held whole.

Nothing here raises for a bad answer: every outcome is a :class:`FetchResult` with ``error`` set.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from .._version import __version__

USER_AGENT = f"marsad/{__version__} (Arabic conflict-news event coder; +https://github.com/marsad)"
ROBOTS_TTL = 3600.0
ROBOTS_HOSTS = 256  # robots.txt rules kept (least recently used dropped)


@dataclass
class FetchResult:
    """What one GET gave: the body (``content``), or ``not_modified`` (304), or ``error``."""

    url: str
    status: int = 0
    content: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False
    error: str = ""
    final_url: str = ""
    seconds: float = 0.0
    transient: bool = False  # the error may go away (network, 5xx, 429): try again later
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.error and not self.not_modified


class Fetcher:
    """An httpx client with the manners above; thread-safe."""

    def __init__(self, *, user_agent: str = USER_AGENT, timeout: float = 20.0, max_bytes: int = 5_000_000,
                 host_delay: float = 1.0, transport=None):
        import httpx

        self.user_agent = user_agent
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.host_delay = host_delay
        self._client = httpx.Client(
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"}, follow_redirects=True,
            timeout=httpx.Timeout(timeout), transport=transport, trust_env=False,
        )
        self._locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}
        self._guard = threading.Lock()
        self._robots: OrderedDict[str, tuple[float, Optional[RobotFileParser], bool]] = OrderedDict()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _host_lock(self, host: str) -> threading.Lock:
        with self._guard:
            lock = self._locks.get(host)
            if lock is None:
                if len(self._locks) > 4 * ROBOTS_HOSTS:  # bounded: forget idle hosts
                    for name in [h for h, lk in self._locks.items() if not lk.locked()]:
                        self._locks.pop(name, None)
                        self._last.pop(name, None)
                lock = self._locks[host] = threading.Lock()
            return lock

    def get(self, url: str, *, etag: str = "", last_modified: str = "", timeout: Optional[float] = None,
            max_bytes: Optional[int] = None, accept: str = "") -> FetchResult:
        """GET ``url`` (conditional when ``etag`` or ``last_modified`` is given)."""
        import httpx

        timeout = self.timeout if timeout is None else timeout
        max_bytes = self.max_bytes if max_bytes is None else max_bytes
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        host = urlsplit(url).netloc
        result = FetchResult(url=url)
        with self._host_lock(host):
            wait = self._last.get(host, 0.0) + self.host_delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            start = time.monotonic()
            deadline = start + timeout
            try:
                with self._client.stream("GET", url, headers=headers, timeout=httpx.Timeout(timeout)) as response:
                    result.status = response.status_code
                    result.final_url = str(response.url)
                    result.headers = {k.lower(): v for k, v in response.headers.items()}
                    result.content_type = response.headers.get("content-type", "")
                    result.etag = response.headers.get("etag", "")
                    result.last_modified = response.headers.get("last-modified", "")
                    if response.status_code == 304:
                        result.not_modified = True
                    elif response.status_code >= 400:
                        result.error = f"http status {response.status_code} {response.reason_phrase}".strip()
                        result.transient = response.status_code in (408, 425, 429) or response.status_code >= 500
                    else:
                        declared = response.headers.get("content-length", "")
                        if declared.isdigit() and int(declared) > max_bytes:
                            result.error = f"too large: {int(declared)} bytes announced, limit {max_bytes}"
                        else:
                            chunks, size = [], 0
                            for chunk in response.iter_bytes():
                                size += len(chunk)
                                if size > max_bytes:
                                    result.error = f"too large: more than {max_bytes} bytes"
                                    break
                                if time.monotonic() > deadline:
                                    result.error = f"timeout: the answer took more than {timeout:g} s"
                                    result.transient = True
                                    break
                                chunks.append(chunk)
                            if not result.error:
                                result.content = b"".join(chunks)
            except httpx.TimeoutException as exc:
                result.error = f"timeout: {type(exc).__name__} after {timeout:g} s"
                result.transient = True
            except httpx.HTTPError as exc:
                result.error = f"network error: {type(exc).__name__}: {exc}"
                result.transient = True
            except Exception as exc:  # a bad URL or an answer httpx cannot read: this feed's error only
                result.error = f"fetch failed: {type(exc).__name__}: {exc}"
            finally:
                self._last[host] = time.monotonic()
            result.seconds = time.monotonic() - start
        return result

    def allowed(self, url: str) -> bool:
        """Whether the site's robots.txt lets marsad's user agent fetch ``url``.

        No robots.txt (404 and other 4xx): allowed. 401/403: nothing is allowed. A server error
        or no answer: not allowed for now (asked again after a while).
        """
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return False
        host = f"{parts.scheme}://{parts.netloc}"
        now = time.monotonic()
        cached = self._robots.get(host)
        if cached is None or cached[0] < now:
            result = self.get(host + "/robots.txt", max_bytes=500_000)
            parser: Optional[RobotFileParser] = None
            allow_all = False
            ttl = ROBOTS_TTL
            if result.status in (401, 403):
                allow_all = False
            elif 400 <= result.status < 500:
                allow_all = True
            elif result.ok:
                parser = RobotFileParser()
                parser.parse(result.content.decode("utf-8", "replace").splitlines())
            else:
                ttl = 300.0  # a server error: not allowed, ask again soon
            cached = (now + ttl, parser, allow_all)
            with self._guard:
                self._robots[host] = cached
                self._robots.move_to_end(host)
                while len(self._robots) > ROBOTS_HOSTS:
                    self._robots.popitem(last=False)
        _, parser, allow_all = cached
        if parser is None:
            return allow_all
        return parser.can_fetch(self.user_agent, url)


__all__ = ["FetchResult", "Fetcher", "USER_AGENT"]
