"""Live monitoring (``marsad watch``): poll feeds, code new items as they appear, store them as
``marsad ingest`` does, and fire alerts.

A feed is one of:

- ``feed``: an RSS or Atom URL, read with feedparser. An item that carries only a summary has its
  page fetched (``fetch_pages = "auto"``; ``"always"``, ``"never"``) and read with trafilatura;
  when the page cannot be fetched (robots.txt, an error) the summary is coded instead;
- ``sitemap``: a sitemap URL (``<urlset>``, or a ``<sitemapindex>`` whose first sitemaps are
  read); every new page is fetched and read with trafilatura;
- ``folder``: a folder where a crawler drops ``.html``/``.jsonl``/``.txt``/feed files. A file is
  read once it is complete: not a temporary name (``.part``, ``.tmp``, ``.crdownload``,
  ``.download``, a leading dot or ``~``) and unchanged for ``settle`` seconds (so a crawler may
  either write in place or write a temporary file and rename it at the end).

Each feed has its own interval, timeout, outlet name and language hints. What is new: the store
keeps, per feed, the validators of the last answer (ETag / Last-Modified: the next poll is a
conditional GET, a 304 costs nothing) and the keys of the items it has shown
(:class:`marsad.store.feeds.WatchStore`), so items repeated by the feed, or seen before a restart,
are not coded again. A poll that fails (the server is down, answers HTML instead of XML, sends
megabytes of junk, times out) is this feed's error: its status says so, it is tried again after a
backoff that doubles with each error in a row (with jitter, at most ``max_backoff``), and the
other feeds go on.

Polls run on a few threads (``workers``; requests are polite, see :mod:`marsad.run.fetch`);
coding, storing and alerts happen in the calling thread, one poll's items at a time.
"""
from __future__ import annotations

import math
import os
import random
import re
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional, Sequence, Union
from urllib.parse import urlsplit

from ..document import Article
from ..errors import ArticleError, InputError, MarsadError
from ..io.html_pages import article_from_html
from ..io.ingest import IngestOptions
from ..io.sources import FeedEntry, feed_entry_task, file_kind, load_item, parse_feed, read_inputs, stable_id
from ..store import Store
from ..store.feeds import FeedState, WatchStore, now_iso
from .alerts import Alert, AlertEngine, AlertRules, read_data_file
from .fetch import USER_AGENT, Fetcher
from .store_ingest import IngestSummary, store_items

KINDS = ("feed", "sitemap", "folder")
FETCH_PAGES = ("auto", "always", "never")
TEMPORARY = re.compile(r"(^[.~])|(\.(part|partial|tmp|temp|crdownload|download|swp)$)", re.I)

FEED_KEYS = {"name", "url", "path", "kind", "outlet", "interval", "timeout", "languages", "fetch_pages", "max_items",
             "max_bytes", "settle", "published"}
DEFAULT_KEYS = FEED_KEYS - {"name", "url", "path", "kind", "outlet", "published"} | {
    "user_agent", "host_delay", "max_backoff", "seen_days", "workers"}


class WatchConfigError(MarsadError):
    """A feeds file that cannot be used."""


@dataclass(frozen=True)
class FeedConfig:
    """One feed to watch."""

    name: str
    url: str  # http(s) URL of a feed or sitemap, or a folder
    kind: str = "feed"
    outlet: str = ""
    interval: float = 300.0  # seconds between polls
    timeout: float = 20.0  # seconds for one request, body included
    languages: tuple[str, ...] = ("ar",)  # items declared in another language are skipped
    fetch_pages: str = "auto"
    max_items: int = 100  # new items coded per poll (the rest on the next polls)
    max_bytes: int = 5_000_000  # largest feed or page accepted
    settle: float = 5.0  # folder: seconds a file must be unchanged before it is read
    published: Optional[date] = None  # date of items that carry none (default: the day they are seen)


@dataclass(frozen=True)
class WatchConfig:
    """Feeds and the settings of the whole watch."""

    feeds: tuple[FeedConfig, ...]
    user_agent: str = USER_AGENT
    host_delay: float = 1.0  # seconds between two requests to one host
    max_backoff: float = 3600.0
    seen_days: float = 30.0  # item keys no feed showed for this long are forgotten
    workers: int = 4  # feeds polled at the same time


def guess_kind(url: str) -> str:
    if "://" not in url:
        return "folder"
    path = urlsplit(url).path.lower()
    return "sitemap" if "sitemap" in path.rsplit("/", 1)[-1] else "feed"


def feed_name(url: str) -> str:
    if "://" not in url:
        return Path(url).name or "folder"
    parts = urlsplit(url)
    slug = re.sub(r"[^A-Za-z0-9]+", "-", (parts.netloc + parts.path)).strip("-")
    return slug or parts.netloc


def _check_number(value: Any, where: str, minimum: float = 0, integer: bool = False) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
        raise WatchConfigError(f"{where}: expected {'an integer' if integer else 'a number'}, got {value!r}")
    if not math.isfinite(value):  # (NaN passes every comparison: an interval of NaN spun the watcher)
        raise WatchConfigError(f"{where}: expected a finite number, got {value!r}")
    if value < minimum:
        raise WatchConfigError(f"{where}: must be at least {minimum:g}, got {value!r}")
    return value


def _feed_values(spec: Mapping[str, Any], where: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in spec.items():
        if key in ("interval", "timeout", "settle"):
            values[key] = float(_check_number(value, f"{where}.{key}", 0 if key != "timeout" else 0.1))
        elif key in ("max_items", "max_bytes"):
            values[key] = int(_check_number(value, f"{where}.{key}", 1, integer=True))
        elif key == "languages":
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise WatchConfigError(f"{where}.languages: expected a list of language codes")
            values[key] = tuple(v.strip().lower() for v in value if v.strip())
        elif key == "fetch_pages":
            if value not in FETCH_PAGES:
                raise WatchConfigError(f"{where}.fetch_pages: one of {', '.join(FETCH_PAGES)}, got {value!r}")
            values[key] = value
        elif key == "kind":
            if value not in KINDS:
                raise WatchConfigError(f"{where}.kind: one of {', '.join(KINDS)}, got {value!r}")
            values[key] = value
        elif key == "published":
            try:
                values[key] = value if isinstance(value, date) else date.fromisoformat(str(value))
            except ValueError:
                raise WatchConfigError(f"{where}.published: a date YYYY-MM-DD, got {value!r}") from None
        elif key in ("name", "url", "path", "outlet"):
            if not isinstance(value, str):
                raise WatchConfigError(f"{where}.{key}: expected text, got {value!r}")
            values[key] = value.strip()
    return values


def parse_watch_config(data: Mapping[str, Any], source: str = "feeds", base: Optional[Path] = None) -> WatchConfig:
    """A :class:`WatchConfig` from the parsed contents of a feeds file; raises :class:`WatchConfigError`.
    Relative folder paths are taken from ``base`` (the file's folder)."""
    if not isinstance(data, Mapping):
        raise WatchConfigError(f"{source}: expected a table with [[feeds]]")
    unknown = set(data) - {"version", "defaults", "feeds"}
    if unknown:
        raise WatchConfigError(f"{source}: unknown key(s) {', '.join(sorted(unknown))}; expected version, defaults, feeds")
    if data.get("version", 1) != 1 or isinstance(data.get("version"), bool):
        raise WatchConfigError(f"{source}: version {data.get('version')!r}: this marsad reads feeds files of version 1")
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, Mapping):
        raise WatchConfigError(f"{source}: [defaults] must be a table")
    bad = set(defaults) - DEFAULT_KEYS
    if bad:
        raise WatchConfigError(f"{source}: unknown default(s) {', '.join(sorted(bad))}; known: {', '.join(sorted(DEFAULT_KEYS))}")
    watch_values: dict[str, Any] = {}
    for key in ("host_delay", "max_backoff", "seen_days"):
        if key in defaults:
            watch_values[key] = float(_check_number(defaults[key], f"{source}: defaults.{key}"))
    if "workers" in defaults:
        watch_values["workers"] = int(_check_number(defaults["workers"], f"{source}: defaults.workers", 1, integer=True))
    if "user_agent" in defaults:
        if not isinstance(defaults["user_agent"], str) or "marsad" not in defaults["user_agent"].lower():
            raise WatchConfigError(f"{source}: defaults.user_agent must name marsad")
        watch_values["user_agent"] = defaults["user_agent"]
    feed_defaults = _feed_values({k: v for k, v in defaults.items() if k in FEED_KEYS}, f"{source}: defaults")
    feeds: list[FeedConfig] = []
    raw = data.get("feeds") or []
    if not isinstance(raw, list) or not raw:
        raise WatchConfigError(f"{source}: no feeds: add [[feeds]] tables with a url (or a folder path)")
    names: set[str] = set()
    for n, spec in enumerate(raw, 1):
        where = f"{source}: feed {n}"
        if not isinstance(spec, Mapping):
            raise WatchConfigError(f"{where}: expected a table")
        bad = set(spec) - FEED_KEYS
        if bad:
            raise WatchConfigError(f"{where}: unknown key(s) {', '.join(sorted(bad))}; known: {', '.join(sorted(FEED_KEYS))}")
        values = {**feed_defaults, **_feed_values(spec, where)}
        url = values.pop("url", "") or values.pop("path", "")
        values.pop("path", None)
        if not url:
            raise WatchConfigError(f"{where}: needs a url (or a folder path)")
        if not isinstance(url, str):
            raise WatchConfigError(f"{where}: url (or path) must be text, got {url!r}")
        if "://" not in url:
            try:
                folder = Path(url).expanduser()
            except RuntimeError as exc:  # ("~nouser/x": no such user's home)
                raise WatchConfigError(f"{where}: {url!r}: {exc}") from None
            if not folder.is_absolute() and base is not None:
                folder = base / folder
            url = str(folder)
        elif not url.startswith(("http://", "https://")):
            raise WatchConfigError(f"{where}: only http(s) URLs and folders can be watched, got {url!r}")
        else:
            try:
                host = urlsplit(url).hostname
            except ValueError as exc:  # ("https://[::1": an unclosed IPv6 address)
                raise WatchConfigError(f"{where}: {url!r} is no URL: {exc}") from None
            if not host:
                raise WatchConfigError(f"{where}: {url!r} names no host")
        values.setdefault("kind", guess_kind(url))
        if (values["kind"] == "folder") != ("://" not in url):
            raise WatchConfigError(f"{where}: kind {values['kind']!r} does not fit {url!r}")
        name = values.pop("name", "") or feed_name(url)
        if name in names:
            raise WatchConfigError(f"{where}: two feeds are named {name!r} (state is kept per name)")
        names.add(name)
        feeds.append(FeedConfig(name=name, url=url, **values))
    return WatchConfig(feeds=tuple(feeds), **watch_values)


def load_watch_config(path: Union[str, Path]) -> WatchConfig:
    """The feeds of a TOML or YAML feeds file."""
    try:
        data = read_data_file(path)
    except MarsadError as exc:
        raise WatchConfigError(str(exc)) from exc
    return parse_watch_config(data, str(path), base=Path(path).resolve().parent)


def config_from_sources(sources: Sequence[str], **defaults: Any) -> WatchConfig:
    """Feeds given on the command line: URLs (feed, or sitemap when the name says so) and
    folders, with the default settings (or ``defaults``, keys of the feeds file's ``[defaults]``)."""
    for source in sources:
        if "://" in source:
            continue
        path = Path(source).expanduser()
        if path.suffix.lower() in (".toml", ".yaml", ".yml"):
            raise WatchConfigError(f"{source}: a feeds file is given alone (its feeds can list URLs and folders too)")
        if path.exists() and not path.is_dir():
            raise WatchConfigError(f"{source}: a file, not a folder: give a feeds file (.toml, .yaml), "
                                   "feed or sitemap URLs, or folders of dropped files")
    data = {"defaults": {k: v for k, v in defaults.items() if v is not None},
            "feeds": [{"url": s if "://" in s else str(Path(s).expanduser().resolve())} for s in sources]}
    return parse_watch_config(data, "command line")


# --------------------------------------------------------------------------- polling


@dataclass
class Batch:
    """Items of one key of a feed (a feed item, a page, a dropped file): coded and stored in the
    watcher's thread; the key is remembered as seen unless ``retry`` (a transient failure)."""

    key: str
    items: Iterable[Union[Article, ArticleError]]
    retry: bool = False


@dataclass
class PollOutcome:
    """What one poll of one feed found."""

    feed: FeedConfig
    status: str = ""  # "ok 200", "not modified", ...
    error: str = ""
    transient: bool = True
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    batches: list[Batch] = field(default_factory=list)
    skipped_old: int = 0  # items the feed showed that were seen before


def _today() -> date:
    return datetime.now(timezone.utc).date()


class FeedPoller:
    """Polls one feed of any kind (thread-safe: every call works on its arguments)."""

    def __init__(self, fetcher: Fetcher, watch_store: WatchStore, options: IngestOptions):
        self.fetcher = fetcher
        self.watch_store = watch_store
        self.options = options

    def poll(self, feed: FeedConfig, state: FeedState) -> PollOutcome:
        try:
            if feed.kind == "folder":
                return self.poll_folder(feed)
            if feed.kind == "sitemap":
                return self.poll_sitemap(feed, state)
            return self.poll_feed(feed, state)
        except Exception as exc:  # a reader's bug is this feed's error; the watch goes on
            return PollOutcome(feed, error=f"poll failed: {type(exc).__name__}: {exc}", transient=True)

    # ------------------------------------------------------------------ RSS/Atom

    def _fetch_listing(self, feed: FeedConfig, state: FeedState, accept: str) -> tuple[PollOutcome, bytes]:
        result = self.fetcher.get(feed.url, etag=state.etag, last_modified=state.last_modified,
                                  timeout=feed.timeout, max_bytes=feed.max_bytes, accept=accept)
        outcome = PollOutcome(feed)
        if result.error:
            outcome.error, outcome.transient = result.error, result.transient or result.error.startswith("too large")
            return outcome, b""
        outcome.etag, outcome.last_modified = result.etag, result.last_modified
        if result.not_modified:
            # A 304 need not repeat the validators (Python's http.server sends none): keep the ones
            # it answered, else the stored ones, or the next poll would be a full GET again.
            outcome.etag = result.etag or state.etag
            outcome.last_modified = result.last_modified or state.last_modified
            outcome.status = "not modified (304)"
            return outcome, b""
        outcome.status = f"ok {result.status}"
        return outcome, result.content

    def poll_feed(self, feed: FeedConfig, state: FeedState) -> PollOutcome:
        outcome, data = self._fetch_listing(
            feed, state, "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5")
        if outcome.error or not data:
            return outcome
        entries, error = parse_feed(data, feed.url)
        if error is not None:
            if error.reason.startswith("empty: the feed has no items"):
                outcome.status += ", no items"
                return outcome
            outcome.error = error.reason
            outcome.etag = outcome.last_modified = ""  # ask again in full next time
            return outcome
        new_keys = self.watch_store.unseen(feed.name, [e.article_id for e in entries])
        outcome.skipped_old = len(entries) - len(new_keys)
        chosen = set(new_keys[: feed.max_items])
        published = feed.published or _today()
        for entry in entries:
            if entry.article_id in chosen:
                chosen.discard(entry.article_id)
                outcome.batches.append(self._entry_batch(feed, entry, published))
        return outcome

    def _entry_batch(self, feed: FeedConfig, entry: FeedEntry, published: date) -> Batch:
        if feed.languages and entry.language and not entry.language.lower().startswith(feed.languages):
            return Batch(entry.article_id, [ArticleError(entry.article_id, entry.source,
                         f"language: the item is {entry.language}, this feed's languages are {', '.join(feed.languages)}")])
        want_page = entry.link and (feed.fetch_pages == "always" or (feed.fetch_pages == "auto" and entry.summary_only))
        if want_page:
            article = self.fetch_page(feed, entry.link, entry.article_id, entry.published or published)
            if isinstance(article, Article):
                article.published = entry.published or article.published or published
                article.title = article.title or entry.title
                article.url = entry.link
                article.outlet = feed.outlet or entry.outlet or article.outlet
                article.warnings.extend(entry.warnings)
                return Batch(entry.article_id, [article])
        items = load_item(feed_entry_task(entry, published, self.options))
        for item in items:
            if isinstance(item, Article):
                item.outlet = feed.outlet or item.outlet
                if want_page:
                    item.warnings.append(f"coded from the feed's summary: {article}")
        return Batch(entry.article_id, items)

    def fetch_page(self, feed: FeedConfig, url: str, article_id: str, published: Optional[date]) -> Union[Article, str]:
        """The article of one page (robots.txt permitting), or why not."""
        if not self.fetcher.allowed(url):
            return "robots.txt does not allow fetching the page"
        result = self.fetcher.get(url, timeout=feed.timeout, max_bytes=min(feed.max_bytes, self.options.max_article_bytes),
                                  accept="text/html, application/xhtml+xml;q=0.9, */*;q=0.5")
        if result.error:
            return f"page not fetched: {result.error}"
        try:
            return article_from_html(result.content, article_id=article_id, source=url, published=published,
                                     options=self.options)
        except InputError as exc:
            return f"page not read: {exc}"

    # ------------------------------------------------------------------ sitemaps

    def poll_sitemap(self, feed: FeedConfig, state: FeedState) -> PollOutcome:
        outcome, data = self._fetch_listing(feed, state, "application/xml, text/xml;q=0.9, */*;q=0.5")
        if outcome.error or not data:
            return outcome
        urls, children, error = sitemap_urls(data)
        for child in children[:5]:  # a sitemap index: its first sitemaps (news sitemaps list the newest first)
            result = self.fetcher.get(child, timeout=feed.timeout, max_bytes=feed.max_bytes)
            if not result.error:
                more, _, _ = sitemap_urls(result.content)
                urls.extend(more)
        if error and not urls:
            outcome.error, outcome.transient = error, True
            outcome.etag = outcome.last_modified = ""
            return outcome
        keys = {stable_id("url", u): u for u in urls}
        new_keys = self.watch_store.unseen(feed.name, list(keys))
        outcome.skipped_old = len(keys) - len(new_keys)
        published = feed.published or _today()
        for key in new_keys[: feed.max_items]:
            article = self.fetch_page(feed, keys[key], key, published)
            if isinstance(article, Article):
                article.url = keys[key]
                article.outlet = feed.outlet or article.outlet
                outcome.batches.append(Batch(key, [article]))
            else:
                transient = article.startswith("page not fetched") or article.startswith("robots")
                outcome.batches.append(Batch(key, [ArticleError(key, keys[key], article)], retry=transient))
        return outcome

    # ------------------------------------------------------------------ dropped files

    def poll_folder(self, feed: FeedConfig) -> PollOutcome:
        folder = Path(feed.url)
        if not folder.is_dir():
            return PollOutcome(feed, error=f"not a folder: {folder}", transient=True)
        now = time.time()
        ready: dict[str, Path] = {}
        waiting = 0
        for path in sorted(_walk(folder)):
            if TEMPORARY.search(path.name) or file_kind(path) is None:
                continue
            try:
                info = path.stat()
            except OSError:
                continue
            if info.st_size == 0 or now - info.st_mtime < feed.settle:
                waiting += 1
                continue
            ready[f"file:{path.relative_to(folder)}:{info.st_size}:{info.st_mtime_ns}"] = path
        new_keys = self.watch_store.unseen(feed.name, list(ready))
        outcome = PollOutcome(feed, status=f"ok, {len(ready)} file(s) ready" + (f", {waiting} still being written" if waiting else ""))
        outcome.skipped_old = len(ready) - len(new_keys)
        published = feed.published or _today()
        for key in new_keys[: feed.max_items]:
            outcome.batches.append(Batch(key, self._file_items(feed, ready[key], published)))
        return outcome

    def _file_items(self, feed: FeedConfig, path: Path, published: date) -> Iterator[Union[Article, ArticleError]]:
        for item in read_inputs([path], published, options=self.options):
            if isinstance(item, Article) and feed.outlet:
                item.outlet = feed.outlet
            yield item


def _walk(folder: Path) -> Iterator[Path]:
    """The regular files under ``folder`` (not in hidden folders): a FIFO, a socket or a device dropped there
    would block the reading of the whole feed."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(root) / name
            if path.is_file():
                yield path


def sitemap_urls(data: bytes) -> tuple[list[str], list[str], str]:
    """(page URLs, child sitemap URLs, error) of a sitemap or sitemap index (lxml; no entities,
    no network). Pages are ordered newest first when the sitemap gives ``lastmod``."""
    from lxml import etree

    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return [], [], f"not a sitemap: {exc}"
    kind = etree.QName(root).localname
    if kind not in ("urlset", "sitemapindex"):
        return [], [], f"not a sitemap: the document is <{kind}>"
    entries = []
    for node in root:
        if not isinstance(node.tag, str):
            continue
        loc = lastmod = ""
        for child in node:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            if name == "loc":
                loc = (child.text or "").strip()
            elif name == "lastmod":
                lastmod = (child.text or "").strip()
        if loc.startswith(("http://", "https://")):
            entries.append((lastmod, loc))
    if any(lastmod for lastmod, _ in entries):
        entries.sort(key=lambda e: e[0], reverse=True)
    locs = [loc for _, loc in entries]
    return (locs, [], "") if kind == "urlset" else ([], locs, "")


# --------------------------------------------------------------------------- the watcher


@dataclass
class FeedStatus:
    """One feed after a poll: its state and what the poll gave (the status line)."""

    state: FeedState
    ingest: IngestSummary
    alerts: list[Alert]
    skipped_old: int = 0

    def line(self) -> str:
        """One line, most telling first, short enough for an 80-column terminal when all is well:
        ``12:04:05 enab-baladi: 2 new, 5 events, 1 alert, 18 seen before; ok 200``, or
        ``12:04:05 enab-baladi: ERROR (3 in a row, next try in 240 s): http status 503 ...``."""
        s = self.state
        text = f"{_clock(s.last_poll)} {s.feed}: "
        if s.errors:
            wait = max(0.0, s.next_poll - time.time())
            return text + f"ERROR ({s.errors} in a row, next try in {wait:.0f} s): {s.last_error}"
        parts = [f"{s.new_items} new"]
        if self.ingest.events:
            parts.append(_count(self.ingest.events, "event"))
        if self.alerts:
            parts.append(_count(len(self.alerts), "alert"))
        if self.skipped_old:
            parts.append(f"{self.skipped_old} seen before")
        text += ", ".join(parts) + f"; {s.status}"
        if self.ingest.errors:
            text += "; not coded: " + ", ".join(f"{k} {n}" for k, n in self.ingest.errors.items())
        return text


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _clock(stamp: str) -> str:
    """``HH:MM:SS`` in local time of an ISO time (the terminal's clock), else the text as it is."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%H:%M:%S")
    except (TypeError, ValueError):
        return stamp or "--:--:--"


class Watcher:
    """Polls the feeds of ``config`` and stores what is new in ``store``; fires alerts of ``rules``.

    >>> watcher = Watcher(load_watch_config("feeds.toml"), Store("marsad.db"), rules=load_rules("alerts.toml"),
    ...                   alert_log="alerts.jsonl")
    >>> watcher.run(stop_event)       # until stop_event is set (SIGINT/SIGTERM in `marsad watch`)
    >>> watcher.poll_all()            # every feed once (`marsad watch --once`)
    """

    def __init__(self, config: WatchConfig, store: Store, *, settings: Optional[Mapping[str, Mapping[str, Any]]] = None,
                 rules: Optional[AlertRules] = None, alert_log: Union[str, Path, None] = None, pipeline: Any = None,
                 on_status: Optional[Callable[[FeedStatus], None]] = None,
                 on_item: Optional[Callable[[Any, Any], None]] = None, fetcher: Optional[Fetcher] = None,
                 sender: Any = None):
        from ..settings import load_settings

        self.config = config
        self.store = store
        self.settings = settings if settings is not None else (pipeline.settings if pipeline is not None else load_settings())
        self._pipeline = pipeline
        self.watch_store = WatchStore(store.path)
        self.fetcher = fetcher or Fetcher(user_agent=config.user_agent, host_delay=config.host_delay)
        self._own_fetcher = fetcher is None
        self.poller = FeedPoller(self.fetcher, self.watch_store, IngestOptions.from_settings(self.settings))
        self.engine = AlertEngine(rules or AlertRules(), self.watch_store, log_path=alert_log, sender=sender)
        self.on_status = on_status
        self.on_item = on_item
        self.states: dict[str, FeedState] = {f.name: self.watch_store.feed_state(f.name) for f in config.feeds}
        self.polls = 0
        self._last_forget = 0.0

    @property
    def pipeline(self) -> Any:
        if self._pipeline is None:
            from ..pipeline import Pipeline

            self._pipeline = Pipeline(self.settings)
        return self._pipeline

    def close(self) -> None:
        self.engine.close()
        if self._own_fetcher:
            self.fetcher.close()
        self.watch_store.close()

    def __enter__(self) -> "Watcher":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ------------------------------------------------------------------ one poll

    def handle(self, outcome: PollOutcome) -> FeedStatus:
        """Code and store what a poll found, fire alerts, update and save the feed's state."""
        feed = outcome.feed
        state = self.states[feed.name]
        now = time.time()
        state.url = feed.url
        state.last_poll = now_iso()
        state.polls += 1
        self.polls += 1
        summary = IngestSummary()
        fired: list[Alert] = []
        if outcome.error:
            state.errors += 1
            state.last_error = outcome.error
            state.status = "error"
            delay = min(self.config.max_backoff, max(feed.interval, 1.0) * 2 ** min(state.errors, 16))
            state.next_poll = now + delay * random.uniform(0.75, 1.25)
            state.new_items = 0
            if outcome.etag is not None:
                state.etag, state.last_modified = outcome.etag, outcome.last_modified or ""
        else:
            added: list[str] = []
            seen: list[tuple[str, str]] = []
            new_items = 0

            def on_item(item: Any, result: Any) -> None:
                if result is not None:
                    added.extend(result.added)
                if self.on_item is not None:
                    self.on_item(item, result)

            for batch in outcome.batches:
                first_id = ""
                try:
                    for item in self.pipeline.pipe(batch.items):
                        first_id = first_id or getattr(item, "id", "") or getattr(item, "article_id", "")
                        store_items(self.store, [item], on_item=on_item, summary=summary)
                        new_items += 1
                except Exception as exc:  # a bad file or item must not stop the watch
                    summary.errors["read failed"] = summary.errors.get("read failed", 0) + 1
                    state.last_error = f"{batch.key}: {type(exc).__name__}: {exc}"
                if not batch.retry:
                    seen.append((batch.key, first_id))
            self.watch_store.mark_seen(feed.name, seen)
            try:
                fired = self.engine.process(self.store, added)
            except Exception as exc:  # alerts must not stop the watch either
                state.last_error = f"alerts failed: {type(exc).__name__}: {exc}"
            if outcome.etag is not None:
                state.etag, state.last_modified = outcome.etag, outcome.last_modified or ""
            state.errors = 0
            state.last_success = state.last_poll
            state.status = outcome.status or "ok"
            state.new_items = new_items
            state.total_new += new_items
            state.next_poll = now + feed.interval * random.uniform(0.95, 1.05)
        self.watch_store.save_feed_state(state)
        if now - self._last_forget > 3600:
            self._last_forget = now
            self.watch_store.forget_seen(self.config.seen_days)
        status = FeedStatus(replace(state), summary, fired, outcome.skipped_old)
        if self.on_status is not None:
            self.on_status(status)
        return status

    def poll(self, feed: FeedConfig) -> FeedStatus:
        """Poll one feed now and handle what it gives."""
        return self.handle(self.poller.poll(feed, self.states[feed.name]))

    def poll_all(self) -> list[FeedStatus]:
        """Every feed once, now (polled on the worker threads, handled here): ``--once``."""
        statuses = []
        with ThreadPoolExecutor(max_workers=self.config.workers, thread_name_prefix="marsad-poll") as pool:
            futures = [pool.submit(self.poller.poll, f, replace(self.states[f.name])) for f in self.config.feeds]
            for future in futures:
                statuses.append(self.handle(future.result()))
        return statuses

    # ------------------------------------------------------------------ the loop

    def run(self, stop: Optional[threading.Event] = None, *, max_polls: Optional[int] = None) -> None:
        """Poll every feed when it is due until ``stop`` is set (or ``max_polls`` polls were
        handled). State lives in the store: a watcher started again resumes where this one stopped."""
        stop = stop or threading.Event()
        pool = ThreadPoolExecutor(max_workers=self.config.workers, thread_name_prefix="marsad-poll")
        in_flight: dict[Future, FeedConfig] = {}
        now = time.time()
        for state in self.states.values():
            if not state.errors:  # due now (a restart polls at once), unless backing off
                state.next_poll = min(state.next_poll, now)
        try:
            while not stop.is_set():
                now = time.time()
                busy = set(in_flight.values())
                for feed in self.config.feeds:
                    if feed not in busy and self.states[feed.name].next_poll <= now:
                        in_flight[pool.submit(self.poller.poll, feed, replace(self.states[feed.name]))] = feed
                idle = [self.states[f.name].next_poll for f in self.config.feeds if f not in set(in_flight.values())]
                timeout = max(0.0, min([t - time.time() for t in idle], default=0.5))
                timeout = min(timeout, 0.5)
                if in_flight:
                    done, _ = wait(list(in_flight), timeout=timeout, return_when=FIRST_COMPLETED)
                else:
                    stop.wait(timeout)
                    done = set()
                for future in done:
                    in_flight.pop(future)
                    try:
                        outcome = future.result()
                    except Exception as exc:  # (poll() catches its own; this is a last resort)
                        continue
                    self.handle(outcome)
                    if max_polls is not None and self.polls >= max_polls:
                        stop.set()
                        break
        finally:
            pool.shutdown(wait=False, cancel_futures=True)


__all__ = [
    "Batch", "FeedConfig", "FeedPoller", "FeedStatus", "PollOutcome", "WatchConfig", "WatchConfigError", "Watcher",
    "config_from_sources", "feed_name", "guess_kind", "load_watch_config", "parse_watch_config", "sitemap_urls",
]
