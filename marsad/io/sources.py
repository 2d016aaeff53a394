"""Input kinds for whole archives: RSS/Atom feeds, WARC crawls, gzip'd JSONL, standard input,
and the split of reading into cheap enumeration and deferred, picklable loading.

Reading an input has a cheap part (walking folders, reading JSONL lines, stepping through WARC
records) and an expensive part (decoding, boilerplate removal, HTML extraction with trafilatura).
:func:`iter_read_tasks` does the cheap part in order and yields, for every input item, either
what was already read (an :class:`~marsad.document.Article` or an
:class:`~marsad.errors.ArticleError`) or a :class:`ReadTask`: a small picklable object whose
:meth:`ReadTask.load` does the expensive part and returns the item's articles or errors. A
single process loads each task where it stands (:func:`read_inputs`); worker
processes (:mod:`marsad.run.parallel`) and Dask workers (:mod:`marsad.run.cluster`) load them in
parallel. Both see the same items in the same order, so their output is the same.

Input kinds (by name, else by content):

- ``.txt``, ``.html``/``.htm``, ``.jsonl``: as :mod:`marsad.io.ingest` reads them.
- ``.jsonl.gz``: gzip'd JSONL, decompressed as a stream, line by line.
- ``.xml``, ``.rss``, ``.atom`` (or any file that starts like a feed): an RSS or Atom feed read
  with feedparser (never fetched from the network). Every item is an article: title, link,
  published (else updated) date as the publication date, content (else summary) as HTML turned
  into text. Its id is ``url-`` and 12 hex digits of the SHA-1 of its link (``guid-`` ... of its
  guid when it has no link), so an item keeps its id from one day's feed to the next.
- ``.warc``, ``.warc.gz`` (or a file that starts with a WARC header): a web archive read record
  by record with warcio, never whole. ``response`` (and ``resource``) records with an HTML content
  type are articles: their target URI is the url and names the id (as for feeds), WARC-Date is the
  publication date when the page has none. Other responses are reported as skipped
  (``"not html: image/png"``, ``"http status: 404 Not Found"``); request, metadata and warcinfo
  records hold no page and are passed over.
- ``-``: standard input: JSONL when it starts with ``{``, else the whole text as one article
  (id ``stdin``).
"""
from __future__ import annotations

import codecs
import functools
import gzip
import hashlib
import io
import json
import re
import sys
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator, Mapping, Optional, Union

from ..document import Article, parse_date
from ..errors import ArticleError, InputError
from .ingest import (
    IngestOptions,
    article_from_jsonl_line,
    decode_bytes,
    finish_article,
    jsonl_lines,
    open_error,
    read_text_file,
    split_sections,
    too_large,
)
from .html_pages import article_from_html, read_html_file

#: Compound suffixes first: ``archive.warc.gz`` is a WARC, not a ``.gz``.
KIND_BY_SUFFIX = (
    (".warc.gz", "warc"),
    (".warc", "warc"),
    (".jsonl.gz", "jsonl.gz"),
    (".jsonl", "jsonl"),
    (".txt", "text"),
    (".html", "html"),
    (".htm", "html"),
    (".xml", "feed"),
    (".rss", "feed"),
    (".atom", "feed"),
)

#: The suffixes :func:`file_kind` knows, for messages.
SUPPORTED = ", ".join(suffix for suffix, _ in KIND_BY_SUFFIX)

#: The name standard input is given on the command line.
STDIN = "-"

#: Characters that make a path a glob pattern.
GLOB_CHARS = re.compile(r"[*?\[]")

_FEED_START = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]", re.I)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SNIFF_BYTES = 4096


def stable_id(prefix: str, key: str) -> str:
    """An article id that depends only on ``key`` (a link, a guid): ``prefix-`` and 12 hex digits
    of its SHA-1, so the same item read again (tomorrow's feed, another crawl) keeps its id."""
    return f"{prefix}-{hashlib.sha1(key.encode('utf-8', 'surrogatepass')).hexdigest()[:12]}"


def is_glob(path: Union[str, Path]) -> bool:
    """True when ``path`` is a glob pattern (``archive/**/*.html``) rather than a file name."""
    return GLOB_CHARS.search(str(path)) is not None


# --------------------------------------------------------------------------- kinds


def _sniff(path: Path) -> Optional[str]:
    """The kind of a file from its first bytes: ``feed``, ``warc`` or None (also for what is no regular
    file: a FIFO would block the open until a writer comes, and its first bytes, once read, are gone)."""
    if not path.is_file():
        return None
    try:
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError:
        return None
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, _SNIFF_BYTES)
        except zlib.error:
            return None
    if head.startswith(b"WARC/"):
        return "warc"
    if _FEED_START.search(head):
        return "feed"
    return None


def file_kind(path: Union[str, Path]) -> Optional[str]:
    """What a file holds: ``text``, ``html``, ``jsonl``, ``jsonl.gz``, ``feed``, ``warc``, or None
    when marsad cannot read it. Decided by the name, else (unknown suffix) by the first bytes."""
    name = Path(path).name.lower()
    for suffix, kind in KIND_BY_SUFFIX:
        if name.endswith(suffix):
            return kind
    return _sniff(Path(path))


# --------------------------------------------------------------------------- tasks


class ReadTask:
    """One input item whose expensive reading is deferred; picklable. :meth:`load` returns the
    item's articles and errors in order and never raises for bad input."""

    def load(self) -> list[Union[Article, ArticleError]]:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class FileTask(ReadTask):
    """A ``.txt`` or ``.html`` file: one article, read and extracted when loaded."""

    path: str
    kind: str  # "text" or "html"
    published: Optional[date] = None
    options: IngestOptions = field(default_factory=IngestOptions)
    article_id: str = ""  # the id when not the file stem (another file of the run has that stem)
    id_note: str = ""  # the warning that says so

    def load(self) -> list[Union[Article, ArticleError]]:
        reader = read_text_file if self.kind == "text" else read_html_file
        try:
            article = reader(self.path, self.published, self.options)
        except InputError as exc:
            return [ArticleError(self.article_id or Path(self.path).stem, self.path, str(exc))]
        if self.article_id:
            article.id = self.article_id
            article.warnings.append(self.id_note)
        return [article]


@dataclass(frozen=True)
class JsonlLineTask(ReadTask):
    """One raw line of a JSONL file (line ``line_number`` of ``path``), parsed when loaded."""

    raw: Any  # bytes, str, or the InputError of an over-long line
    path: str
    line_number: int
    published: Optional[date] = None
    options: IngestOptions = field(default_factory=IngestOptions)
    name: str = ""  # what ids of lines without one start with (the file's stem)

    def load(self) -> list[Union[Article, ArticleError]]:
        return [article_from_jsonl_line(self.raw, path=self.path, line_number=self.line_number,
                                        published=self.published, options=self.options, name=self.name or None)]


@dataclass(frozen=True)
class HtmlTask(ReadTask):
    """An HTML page held in memory (a WARC record, a feed item's content), extracted when loaded.

    ``published`` is the date when the page has none (WARC-Date), ``default_published`` the run's
    date after that. ``date_wins``: ``published`` beats the page's own date (a feed item's date).
    ``url``, ``title`` and ``outlet`` fill what the page does not say.
    """

    data: Union[bytes, str]
    article_id: str
    source: str
    url: str = ""
    title: str = ""
    outlet: str = ""
    published: Optional[date] = None
    default_published: Optional[date] = None
    date_wins: bool = False
    fragment: bool = False  # a feed item's content: not a whole page
    options: IngestOptions = field(default_factory=IngestOptions)
    warnings: tuple[str, ...] = ()  # found before the page is read (a feed item's unreadable date)

    def load(self) -> list[Union[Article, ArticleError]]:
        fallback = self.published or self.default_published
        try:
            try:
                article = article_from_html(self.data, article_id=self.article_id, source=self.source,
                                            published=fallback, options=self.options)
            except InputError as exc:
                if not (self.fragment and str(exc).startswith("no article text")):
                    raise
                # trafilatura wants a page; a feed item's short content is a fragment: its text whole.
                article = finish_article(Article(id=self.article_id, text=html_fragment_text(self.data),
                                          source=self.source), self.options, fallback)
        except InputError as exc:
            return [ArticleError(self.article_id, self.source, str(exc))]
        if self.date_wins and self.published is not None:
            article.published = self.published
            article.warnings = [w for w in article.warnings if not w.startswith("no publication date")]
        article.url = article.url or self.url
        article.title = article.title or self.title
        article.outlet = article.outlet or self.outlet
        article.warnings.extend(self.warnings)
        return [article]


@dataclass(frozen=True)
class FeedTask(ReadTask):
    """A whole RSS/Atom file, parsed when loaded (feedparser reads a feed whole)."""

    path: str
    published: Optional[date] = None
    options: IngestOptions = field(default_factory=IngestOptions)

    def load(self) -> list[Union[Article, ArticleError]]:
        items: list[Union[Article, ArticleError]] = []
        for item in feed_items(self.path, self.published, self.options):
            items.extend(item.load() if isinstance(item, ReadTask) else [item])
        return items


def load_item(item: Union[Article, ArticleError, ReadTask],
              options: Optional[IngestOptions] = None) -> list[Union[Article, ArticleError]]:
    """The articles and errors of one item of :func:`iter_read_tasks`; a reader's bug becomes an
    error of that item (``"read failed: ..."``) and the batch goes on. An article longer than
    ``max_section_chars`` comes as its sections (:func:`marsad.io.ingest.split_sections`)."""
    options = options or getattr(item, "options", None) or IngestOptions()
    if not isinstance(item, ReadTask):
        items: list[Union[Article, ArticleError]] = [item]
    else:
        try:
            items = item.load()
        except Exception as exc:  # one bad item must not stop a batch
            name = getattr(item, "article_id", "") or Path(getattr(item, "path", "") or "item").stem
            where = getattr(item, "source", "") or getattr(item, "path", "")
            return [ArticleError(name, str(where), f"read failed: {type(exc).__name__}: {exc}")]
    if not options.max_section_chars or not any(
            isinstance(i, Article) and len(i.text or "") > options.max_section_chars for i in items):
        return items
    return [part for i in items
            for part in (split_sections(i, options.max_section_chars) if isinstance(i, Article) else [i])]


# --------------------------------------------------------------------------- HTML fragments


_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section", "article")


def html_fragment_text(data: Union[bytes, str]) -> str:
    """The text of an HTML fragment (a feed item's summary), one line per block element."""
    import lxml.html

    if isinstance(data, bytes):
        data, _ = decode_bytes(data)
    if "<" not in data:
        return data
    try:
        root = lxml.html.fragment_fromstring(data, create_parent="div")
    except Exception:  # lxml raises several kinds on broken markup; the text is then the tag-stripped string
        return re.sub(r"<[^>]+>", " ", data)
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    for block in root.iter(*_BLOCK_TAGS):
        block.tail = "\n" + (block.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


# --------------------------------------------------------------------------- feeds


def _struct_date(value: Any) -> Optional[date]:
    try:
        return date(*value[:3]) if value else None
    except (TypeError, ValueError):
        return None


_YMD = re.compile(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")  # 2023-01-25, 2023/01/25 (and a time after it)


def _feed_text_day(raw: str) -> Union[date, bool, None]:
    """The day a feed date's text names: a date; False when it names none (``2025-00-00``, ``Sun, 30 Feb
    2025``), which feedparser would roll over into a plausible wrong day (``2024-11-29``, ``2025-03-01``);
    None for a form read by feedparser alone."""
    from email.utils import parsedate_tz

    ymd = _YMD.match(raw)
    parts = tuple(map(int, ymd.groups())) if ymd else (parsedate_tz(raw) or ())[:3]
    if not parts:
        return None
    try:
        return date(*parts)
    except (TypeError, ValueError, OverflowError):
        return False


def _feed_date(entry: Any) -> tuple[Optional[date], tuple[str, ...]]:
    """An item's date (published, else updated), and the warnings of a date given but unreadable, or read
    by feedparser as another day than its text names ("2023/01/25 09:30" read as 2023-12-01)."""
    warnings: list[str] = []
    for key in ("published", "updated"):
        if not dict.__contains__(entry, key):  # (feedparser's get("updated") falls back on "published", warning)
            continue
        raw = entry.get(key)
        day = _struct_date(entry.get(f"{key}_parsed"))
        if not isinstance(raw, str) or not raw.strip():
            if day is not None:
                return day, tuple(warnings)
            continue
        text_day = _feed_text_day(raw)
        if text_day is False or (day is None and text_day is None):
            warnings.append(f"unreadable feed date {raw.strip()[:40]!r} ({key}): ignored")
            continue
        if isinstance(text_day, date) and (day is None or abs((day - text_day).days) > 1):
            # (a day apart is the zone: feedparser gives the day in UTC)
            if day is not None:
                warnings.append(f"feed date {raw.strip()[:40]!r} ({key}) read from its text as {text_day}")
            day = text_day
        return day, tuple(warnings)
    return None, tuple(warnings)


@dataclass(frozen=True)
class FeedEntry:
    """One item of an RSS/Atom feed as :func:`feed_entries` reads it, before its HTML is extracted.

    ``summary_only``: the item carries a summary (or description) but no full content, so a
    watcher may fetch its page (:mod:`marsad.run.watch`).
    """

    article_id: str
    source: str
    link: str
    title: str
    content: str
    summary_only: bool
    published: Optional[date]
    outlet: str
    language: str = ""
    warnings: tuple[str, ...] = ()  # about the item's fields (an unreadable date)


def parse_feed(data: bytes, name: str) -> tuple[list[FeedEntry], Optional[ArticleError]]:
    """The entries of an RSS/Atom document held in memory (feedparser; never fetched), or the
    error that makes it no feed (``not a feed: ...``, ``empty: ...``). ``name`` is where it came
    from (a path or URL), for sources and ids of items without link or guid."""
    import feedparser

    stem = Path(name).stem if "://" not in name else (name.rstrip("/").rsplit("/", 1)[-1] or "feed")
    if not data.strip():
        return [], ArticleError(stem, name, "empty: the file has no content")
    parsed = feedparser.parse(data)  # bytes: parsed here, never fetched
    if not parsed.entries:
        if parsed.get("bozo"):
            return [], ArticleError(stem, name, f"not a feed: {parsed.get('bozo_exception')}")
        if not parsed.get("version"):  # well-formed, but HTML or some other XML
            return [], ArticleError(stem, name, "not a feed: the document is neither RSS nor Atom")
        return [], ArticleError(stem, name, "empty: the feed has no items")
    outlet = (parsed.feed.get("title") or "").strip()
    feed_language = (parsed.feed.get("language") or "").strip()
    entries = []
    for n, entry in enumerate(parsed.entries, 1):
        link = (entry.get("link") or "").strip()
        if "://" not in link:  # (feedparser gives an Atom entry's id as its link when it has none)
            link = ""
        guid = (entry.get("id") or "").strip()
        article_id = stable_id("url", link) if link else stable_id("guid", guid) if guid else f"{stem}-{n}"
        content = ""
        for part in entry.get("content") or ():
            if part.get("value"):
                content = part["value"]
                break
        summary_only = not content
        content = content or entry.get("summary") or entry.get("description") or ""
        day, date_warnings = _feed_date(entry)
        language = ""
        detail = entry.get("title_detail") or entry.get("summary_detail") or {}
        if isinstance(detail, Mapping):
            language = (detail.get("language") or "").strip()
        entries.append(FeedEntry(
            article_id=article_id, source=f"{name}#{n}", link=link,
            title=html_fragment_text(entry.get("title") or "").replace("\n", " ").strip(),
            content=content, summary_only=summary_only, published=day, outlet=outlet,
            language=language or feed_language, warnings=date_warnings,
        ))
    return entries, None


def feed_entry_task(entry: FeedEntry, published: Optional[date] = None,
                    options: Optional[IngestOptions] = None) -> Union[ArticleError, HtmlTask]:
    """The task that extracts a feed entry's content (or the error that it has none or too much)."""
    options = options or IngestOptions()
    content = entry.content
    if not content.strip():
        return ArticleError(entry.article_id, entry.source, "empty: the feed item has no content or summary")
    if len(content) > options.max_article_bytes // 4 and len(content.encode("utf-8")) > options.max_article_bytes:
        return ArticleError(entry.article_id, entry.source, str(too_large(len(content.encode("utf-8")), options)))
    return HtmlTask(
        data=content, article_id=entry.article_id, source=entry.source, url=entry.link, title=entry.title,
        outlet=entry.outlet, published=entry.published, default_published=published, date_wins=True, fragment=True,
        options=options, warnings=entry.warnings,
    )


def feed_items(path: Union[str, Path], published: Optional[date] = None,
               options: Optional[IngestOptions] = None) -> Iterator[Union[ArticleError, HtmlTask]]:
    """The items of an RSS/Atom file as tasks (their HTML extracted when loaded), or errors.

    The item's date (published, else updated) is its publication date; ``published`` dates
    items that have none.
    """
    path, options = Path(path), options or IngestOptions()
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield open_error(path, exc)
        return
    entries, error = parse_feed(data, str(path))
    if error is not None:
        yield error
        return
    for entry in entries:
        yield feed_entry_task(entry, published, options)


# --------------------------------------------------------------------------- WARC


def _warc_date(value: Optional[str]) -> Optional[date]:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return parse_date(value)


def warc_items(path: Union[str, Path], published: Optional[date] = None,
               options: Optional[IngestOptions] = None) -> Iterator[Union[ArticleError, HtmlTask]]:
    """The HTML responses of a ``.warc``/``.warc.gz`` file as tasks, record by record (the archive
    is never loaded whole); other responses as errors naming why they were skipped."""
    from warcio.exceptions import ArchiveLoadFailed

    path, options = Path(path), options or IngestOptions()
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield open_error(path, exc)
        return
    records = 0
    with fh:
        iterator = _quiet_archive_iterator()(fh)
        # a record's item is held until the next record is read (only then does warcio find that its length
        # was wrong), then given or replaced by the error (_settled)
        pending: Union[ArticleError, HtmlTask, None] = None
        pending_at = ""
        cut = False  # the held record's stream ended before its length
        try:
            for record in iterator:
                if cut:  # (a record follows: the length was wrong, in a gzip member of its own)
                    iterator.err_count += 1
                settled = _settled(iterator, path, records, pending, pending_at)
                pending, cut = None, False
                if settled is not None:
                    yield settled
                records += 1
                pending = _warc_item(record, iterator, path, published, options)
                iterator.read_to_end()  # (done already for a page; a skipped record is passed over)
                pending_at = f"{path}@{iterator.get_record_offset()}"  # (known once the record is read)
                # warcio yields a cut record as if whole: its stream ends before its length; the archive ends
                # there (truncated), unless another record follows
                cut = record.rec_type is None or getattr(record.raw_stream, "limit", 0) > 0
            if cut:
                yield ArticleError(path.stem, pending_at,
                                   f"unreadable file: the archive ends inside record {records} (truncated)")
                return
            settled = _settled(iterator, path, records, pending, pending_at)
            if settled is not None:
                yield settled
        except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
            iterator.err_count += cut
            settled = _settled(iterator, path, records, pending, pending_at)
            if settled is not None:
                yield settled
            yield ArticleError(path.stem, str(path), f"unreadable file: broken WARC after {records} record(s): {exc}")
            return
        except Exception as exc:  # warcio on broken input raises others too (AttributeError on a cut header)
            iterator.err_count += cut
            settled = _settled(iterator, path, records, pending, pending_at)
            if settled is not None:
                yield settled
            yield ArticleError(path.stem, str(path), f"unreadable file: broken WARC after {records} record(s): "
                                                     f"{type(exc).__name__}: {exc}")
            return
    if not records:
        yield ArticleError(path.stem, str(path), "empty: the archive has no records")
    elif not gzip_complete(path):
        # warcio ends a cut gzip member quietly: the records before it were read, the rest is lost.
        yield ArticleError(path.stem, str(path),
                           f"unreadable file: the archive ends inside a gzip member after {records} record(s) (truncated)")


def _settled(iterator, path: Path, record: int, item: Union[ArticleError, HtmlTask, None],
             where: str) -> Union[ArticleError, HtmlTask, None]:
    """The held ``item`` of WARC record number ``record`` (None: a record with no item), or its error when
    warcio found, reading on, that the record's length was wrong (its ``err_count``, reset here)."""
    if iterator.err_count:
        iterator.err_count = 0
        return _wrong_length(path, record, item, where)
    return item


def _wrong_length(path: Path, record: int, item: Union[ArticleError, HtmlTask, None], where: str) -> ArticleError:
    """The error of a WARC record (its ``item``) whose Content-Length does not end where the next record
    starts: its content is cut or runs into the next record, which may be lost too (warcio reads on from
    the next header it finds)."""
    article_id = getattr(item, "article_id", None) or f"{path.stem}-{record}"
    return ArticleError(article_id, where, f"broken WARC record: the Content-Length of record {record} does not end "
                                           f"at a record boundary (its content is cut or runs into the next "
                                           f"record, which may be lost too): skipped")


@functools.lru_cache(maxsize=1)
def _quiet_archive_iterator() -> type:
    """warcio's ``ArchiveIterator`` class, quiet (made on first use: warcio is imported only for WARC files)."""
    from warcio.archiveiterator import ArchiveIterator

    class QuietArchiveIterator(ArchiveIterator):
        """warcio's iterator without its dump of a broken record's bytes to stderr (even under ``-q``):
        :func:`warc_items` reports the record itself (its ``err_count`` counts them)."""

        INC_RECORD = ""

    return QuietArchiveIterator


def gzip_complete(path: Path) -> bool:
    """False when ``path`` is gzip'd and its last member is cut short (a truncated download);
    True for a whole gzip file and for a file that is not gzip'd. Streams the file once."""
    try:
        with path.open("rb") as fh:
            if fh.read(2) != b"\x1f\x8b":
                return True
            fh.seek(0)
            decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
            buf = b""
            while True:
                if not buf:
                    buf = fh.read(1 << 20)
                    if not buf:
                        return decomp.eof
                if decomp.eof:  # the next member (a .warc.gz holds one per record)
                    decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
                decomp.decompress(buf, 1 << 16)  # (bounded output: a gzip bomb is not held)
                buf = decomp.unused_data if decomp.eof else decomp.unconsumed_tail
    except (OSError, zlib.error):
        return False


def _warc_item(record, iterator, path: Path, published: Optional[date],
               options: IngestOptions) -> Union[ArticleError, HtmlTask, None]:
    if record.rec_type not in ("response", "resource"):
        return None  # request, metadata, warcinfo, revisit: no page of their own
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    reason = ""
    if record.rec_type == "response":
        if record.http_headers is None:
            reason = "not html: a response without HTTP headers"
        else:
            status = record.http_headers.get_statuscode() or ""
            if not status.startswith("2"):
                reason = f"http status: {record.http_headers.statusline or status}"
        content_type = record.http_headers.get_header("Content-Type") or "" if record.http_headers else ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    mime = content_type.split(";", 1)[0].strip().lower()
    if not reason and mime not in _HTML_TYPES:
        reason = f"not html: {mime or 'no content type'}"
    data, size = b"", 0
    if not reason:
        stream = record.content_stream()
        data = stream.read(options.max_article_bytes + 1)
        size = len(data)
        if size > options.max_article_bytes:
            data = b""
            while chunk := stream.read(1 << 20):  # count the rest without holding it
                size += len(chunk)
            reason = str(too_large(size, options))
    # (the offset is known once the record has been read: warcio reads to its end to tell it)
    offset = iterator.get_record_offset()
    article_id = stable_id("url", uri) if uri else f"{path.stem}-{offset}"
    source = f"{path}@{offset}"
    if reason:
        return ArticleError(article_id, source, reason)
    return HtmlTask(
        data=data, article_id=article_id, source=source, url=uri,
        published=_warc_date(record.rec_headers.get_header("WARC-Date")), default_published=published,
        options=options,
    )


# --------------------------------------------------------------------------- JSONL (plain, gzip'd, stdin)


def _jsonl_tasks(fh: BinaryIO, path: Path, published: Optional[date], options: IngestOptions,
                 first_line: int = 1, stop: Optional[int] = None,
                 whole: bool = True) -> Iterator[Union[JsonlLineTask, ArticleError]]:
    """Tasks of the lines of an open JSONL stream (blank lines skipped); ``stop``: byte offset at
    which to stop (a partition of a big file); ``first_line``: the number of the first line read;
    ``whole``: the stream is the whole file (an empty one is then reported)."""
    name = jsonl_name(path)
    any_line = False
    try:
        for n, raw in jsonl_lines(fh, options.max_article_bytes):
            if not (isinstance(raw, (bytes, str)) and not raw.strip()):
                any_line = True
                yield JsonlLineTask(raw, str(path), n + first_line - 1, published, options, name)
            if stop is not None and fh.tell() >= stop:  # partitions end on line ends
                break
    except (OSError, EOFError, zlib.error) as exc:  # a broken gzip stream
        yield ArticleError(path.stem, str(path), f"unreadable file: {exc}")
        return
    if not any_line and whole:
        yield ArticleError(path.stem, str(path), "empty: the file has no lines")


def jsonl_name(path: Path) -> str:
    """What ids of a JSONL file's lines without an id start with: ``news`` for ``news.jsonl`` and
    ``news.jsonl.gz``."""
    name = path.name
    for suffix in (".jsonl.gz", ".gz", ".jsonl"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)] or name
    return path.stem


def jsonl_items(path: Union[str, Path], published: Optional[date] = None,
                options: Optional[IngestOptions] = None) -> Iterator[Union[JsonlLineTask, ArticleError]]:
    """Tasks of the lines of a ``.jsonl`` or ``.jsonl.gz`` file, streaming."""
    path, options = Path(path), options or IngestOptions()
    try:
        fh: BinaryIO = gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")  # type: ignore[assignment]
    except OSError as exc:
        yield open_error(path, exc)
        return
    with fh:
        yield from _jsonl_tasks(fh, path, published, options)


def jsonl_range_items(path: Union[str, Path], start: int, stop: int, first_line: int,
                      published: Optional[date] = None,
                      options: Optional[IngestOptions] = None) -> Iterator[Union[JsonlLineTask, ArticleError]]:
    """Tasks of the lines of a plain ``.jsonl`` file from byte ``start`` (a line start, line number
    ``first_line``) up to byte ``stop`` (a line end): one partition of a big file."""
    path, options = Path(path), options or IngestOptions()
    try:
        fh = path.open("rb")
        size = path.stat().st_size
    except OSError as exc:
        yield ArticleError(path.stem, str(path), f"unreadable file: {exc.strerror or exc}")
        return
    with fh:
        fh.seek(start)
        yield from _jsonl_tasks(fh, path, published, options, first_line=first_line, stop=stop,
                                whole=start == 0 and stop >= size)


def looks_like_jsonl(head: bytes) -> bool:
    """Whether a stream that starts with ``head`` is JSONL: its first line (UTF-8, or UTF-16 after a byte order
    mark) opens an object, or is a whole JSON array or object, or is JSON and the next line opens an
    object (a first line that is no article must not make the articles after it one plain text)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head[:len(head) // 2 * 2].decode("utf-16", errors="replace")
    else:
        text = head.decode("utf-8", errors="replace")
    lines = [line.strip() for line in text.lstrip("\ufeff").splitlines() if line.strip()][:2]
    if not lines:
        return False
    if lines[0].startswith("{"):
        return True
    try:
        first = json.loads(lines[0])
    except ValueError:
        return False
    return isinstance(first, (list, dict)) or (len(lines) > 1 and lines[1].startswith("{"))


def stdin_items(published: Optional[date] = None, options: Optional[IngestOptions] = None,
                stream: Optional[BinaryIO] = None) -> Iterator[Union[Article, ArticleError, JsonlLineTask]]:
    """Standard input (gzip'd or not): JSONL lines when it looks like JSONL (:func:`looks_like_jsonl`), else
    its whole text as one article with id ``stdin``."""
    options = options or IngestOptions()
    fh = stream if stream is not None else sys.stdin.buffer
    if not hasattr(fh, "peek"):
        fh = io.BufferedReader(fh)  # type: ignore[arg-type]
    head = fh.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]  # type: ignore[union-attr]
    if head.startswith(b"\x1f\x8b"):  # gzip'd ("zcat" forgotten): read through it, as a .jsonl.gz file is
        fh = io.BufferedReader(gzip.GzipFile(fileobj=fh, mode="rb"))  # type: ignore[arg-type]
        try:
            head = fh.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]
        except (OSError, EOFError, zlib.error) as exc:
            yield ArticleError("stdin", "stdin", f"unreadable: broken gzip data on standard input: {exc}")
            return
    name = Path("stdin")
    if looks_like_jsonl(head):
        yield from _jsonl_tasks(fh, name, published, options)
        return
    try:
        try:
            data = fh.read(options.max_article_bytes + 1)
        except (OSError, EOFError, zlib.error) as exc:  # (gzip'd data cut short)
            raise InputError(f"unreadable: broken gzip data on standard input: {exc}") from exc
        if len(data) > options.max_article_bytes:
            size = len(data)
            while chunk := fh.read(1 << 20):
                size += len(chunk)
            raise too_large(size, options)
        if not data.strip():
            raise InputError("empty: standard input has no content")
        text, warnings = decode_bytes(data, fallback=options.fallback_encoding)
        yield finish_article(Article(id="stdin", text=text, source="stdin", warnings=warnings), options, published)
    except InputError as exc:
        yield ArticleError("stdin", "stdin", str(exc))


# --------------------------------------------------------------------------- everything


def path_id(path: Union[str, Path]) -> str:
    """The id of a ``.txt``/``.html`` file whose stem another file of the run (or of the store)
    already names: its stem, ``-`` and 8 hex digits of the SHA-1 of its absolute path, so that
    ``a/news.txt`` and ``b/news.txt`` never share an id, and each keeps its own from run to run."""
    resolved = str(Path(path).expanduser().resolve())
    return f"{Path(path).stem}-{hashlib.sha1(resolved.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


class FileIds:
    """Ids of the ``.txt``/``.html`` files of one run: the file stem, unless an earlier file of the
    run (another folder) has the same stem; then :func:`path_id`. Holds the stems seen."""

    def __init__(self) -> None:
        self.first: dict[str, str] = {}

    def file_id(self, path: Path) -> tuple[str, str]:
        """("", "") for the stem, else (the id, the warning that explains it)."""
        stem, resolved = path.stem, str(path.expanduser().resolve())
        owner = self.first.setdefault(stem, resolved)
        if owner == resolved:
            return "", ""
        new = path_id(path)
        return new, (f"duplicate article id {stem!r}: an earlier input ({owner}) has the same file name; "
                     f"this one is {new!r} (from its path)")


def file_items(path: Union[str, Path], published: Optional[date] = None,
               options: Optional[IngestOptions] = None,
               names: Optional[FileIds] = None) -> Iterator[Union[Article, ArticleError, ReadTask]]:
    """The items of one input path (a file, ``-``, or a pattern that matched nothing), by kind.
    ``names``: the run's :class:`FileIds` (ids of same-named files in other folders)."""
    options = options or IngestOptions()
    if str(path) == STDIN:
        yield from stdin_items(published, options)
        return
    path = Path(path)
    if is_glob(path) and not path.exists():  # (expand_paths passes on a pattern that matched nothing)
        yield ArticleError(path.stem, str(path), "no match: no file matches the pattern")
        return
    kind = file_kind(path)
    if kind is None:
        if not path.exists():
            yield ArticleError(path.stem, str(path), "file not found")
        else:
            yield ArticleError(path.stem, str(path),
                               f"unsupported file type: {path.suffix or 'no suffix'!r} (supported: {SUPPORTED}, "
                               f"or a feed or WARC file by content)")
    elif kind in ("jsonl", "jsonl.gz"):
        yield from jsonl_items(path, published, options)
    elif kind == "warc":
        yield from warc_items(path, published, options)
    elif kind == "feed":
        yield FeedTask(str(path), published, options)
    else:
        yield FileTask(str(path), kind, published, options, *(names.file_id(path) if names else ("", "")))


def iter_read_tasks(paths: Iterable[Union[str, Path]], published: Optional[date] = None, *,
                    options: Optional[IngestOptions] = None,
                    exclude: Iterable[Union[str, Path]] = ()) -> Iterator[Union[Article, ArticleError, ReadTask]]:
    """Every input item, in input order: already read (an Article or an ArticleError) or a
    :class:`ReadTask` to :func:`load_item`. Streaming: nothing is held but the current item."""
    options = options or IngestOptions()
    names = FileIds()
    for path in expand_paths(paths, exclude):
        try:
            yield from file_items(path, published, options, names)
        except Exception as exc:  # a third-party reader's failure ends this file, never the batch
            yield ArticleError(Path(path).stem, str(path), f"unreadable file: {type(exc).__name__}: {exc}")


class DuplicateIds:
    """Warns on an article id seen before in the same run (its events would share an
    ``article_id``). Holds the ids seen, nothing else."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def check(self, item: Any) -> None:
        """Add the warning to ``item`` (an Article or Document) when its id was seen before."""
        if isinstance(item, ArticleError):
            return
        if item.id in self.seen and not any(w.startswith(f"duplicate article id ") for w in item.warnings):
            item.warnings.append(f"duplicate article id {item.id!r}: an earlier input has the same id")
        self.seen.add(item.id)


# --------------------------------------------------------------------------- inputs


def expand_paths(paths: Iterable[Union[str, Path]], exclude: Iterable[Union[str, Path]] = ()) -> Iterator[Path]:
    """The files to read: each path as given, folders walked (sorted) for supported files, glob
    patterns (``"archive/**/*.html"``, quoted so the shell leaves them alone) expanded in sorted
    order; ``-`` (standard input) as given.

    Hidden files and folders (``.name``) inside a folder are skipped, and so are the files of
    ``exclude`` (a run's own output files); other files there with an unsupported suffix are
    yielded so that the reader reports them. A pattern that matches nothing is yielded as given,
    so that the reader reports it.
    """
    import glob

    skip = {Path(p).resolve() for p in exclude}
    for given in paths:
        path = Path(given)
        if str(given) == STDIN:
            yield path
            continue
        if not path.exists() and is_glob(given):
            matches = sorted(glob.glob(str(given), recursive=True))
            if not matches:
                yield path
            for match in matches:
                if Path(match).is_dir():
                    yield from expand_paths([match], exclude)
                elif not (skip and Path(match).resolve() in skip):
                    yield Path(match)
            continue
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path).parts
                if any(part.startswith(".") for part in rel) or not child.is_file():
                    continue
                if skip and child.resolve() in skip:
                    continue
                yield child
        else:
            yield path


def read_path(path: Union[str, Path], published: Optional[date] = None,
              options: Optional[IngestOptions] = None) -> Iterator[Union[Article, ArticleError]]:
    """Articles (or errors) of one file, by its kind (:func:`file_kind`: suffix,
    else content): text, HTML, JSONL (plain or gzip'd), RSS/Atom feed, WARC; ``-`` is standard input."""
    for item in file_items(path, published, options or IngestOptions()):
        yield from load_item(item)


def read_inputs(
    paths: Iterable[Union[str, Path]],
    published: Optional[date] = None,
    *,
    settings: Optional[Mapping[str, Mapping[str, Any]]] = None,
    options: Optional[IngestOptions] = None,
    exclude: Iterable[Union[str, Path]] = (),
) -> Iterator[Union[Article, ArticleError]]:
    """Articles (or errors) from every input path, in order, streaming: files, folders, glob
    patterns and ``-`` (standard input), of every kind this module reads.

    ``published`` is the date of articles that carry none. ``options`` (or the ``[ingest]``
    section of ``settings``) sets the limits. Files of ``exclude`` found in folders are not read.
    An article id seen before in the same run gets a warning (its events would share an
    ``article_id``).
    """
    options = options or IngestOptions.from_settings(settings)
    duplicates = DuplicateIds()
    for task in iter_read_tasks(paths, published, options=options, exclude=exclude):
        for item in load_item(task, options):
            duplicates.check(item)
            yield item


__all__ = [
    "DuplicateIds",
    "expand_paths",
    "FeedEntry",
    "FeedTask",
    "FileTask",
    "HtmlTask",
    "JsonlLineTask",
    "ReadTask",
    "feed_entry_task",
    "feed_items",
    "file_items",
    "file_kind",
    "FileIds",
    "path_id",
    "gzip_complete",
    "html_fragment_text",
    "is_glob",
    "iter_read_tasks",
    "jsonl_items",
    "jsonl_range_items",
    "load_item",
    "parse_feed",
    "read_inputs",
    "read_path",
    "stable_id",
    "stdin_items",
    "warc_items",
]
