"""Input kinds for archives: RSS/Atom feeds, WARC, gzip'd JSONL, glob patterns, standard input."""
from __future__ import annotations

import gzip
import re
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from marsad.document import Article
from marsad.errors import ArticleError
from marsad.io.ingest import IngestOptions
from marsad.run.runner import count_items, error_kind
from marsad.io.sources import (
    file_kind,
    html_fragment_text,
    iter_read_tasks,
    load_item,
    read_inputs,
    read_path,
    stable_id,
    stdin_items,
)

FIXTURES = Path(__file__).parent / "fixtures" / "io"
TEXT = (FIXTURES / "article.txt").read_text(encoding="utf-8").strip()
PARAGRAPHS = [p for p in TEXT.split("\n") if p.strip()]


def page(title: str, published: str = "") -> str:
    meta = f'<meta property="article:published_time" content="{published}T08:00:00+03:00">' if published else ""
    body = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>{meta}'
            f'</head><body><nav><a href="/">الرئيسية</a></nav><article><h1>{title}</h1>{body}</article>'
            f"<footer>جميع الحقوق محفوظة</footer></body></html>")


def articles(items):
    return [i for i in items if isinstance(i, Article)]


def errors(items):
    return [i for i in items if isinstance(i, ArticleError)]


# --------------------------------------------------------------------------- feeds

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>أخبار المثال</title><link>https://example.org/</link>
<item><title>قصف على كفرنبل</title><link>https://example.org/news/1</link>
<guid>https://example.org/news/1</guid><pubDate>Wed, 25 Jan 2023 09:30:00 +0300</pubDate>
<description>ملخص قصير</description>
<content:encoded><![CDATA[{content}]]></content:encoded></item>
<item><title>خبر قصير</title><link>https://example.org/news/2</link>
<pubDate>Thu, 26 Jan 2023 10:00:00 +0300</pubDate>
<description><![CDATA[<p>قتل خمسة مدنيين وأصيب آخرون في قصف مدفعي استهدف بلدة في ريف حلب الشمالي صباح اليوم.</p>]]></description></item>
<item><title>بلا محتوى</title><link>https://example.org/news/3</link></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom مثال</title>
<entry><title>خبر</title><id>tag:example.org,2023:7</id><updated>2023-02-03T12:00:00Z</updated>
<summary type="html">&lt;p&gt;{text}&lt;/p&gt;</summary></entry>
</feed>
"""


def write_rss(path: Path) -> Path:
    content = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    path.write_text(RSS.replace("{content}", content), encoding="utf-8")
    return path


def test_rss_items_are_articles_with_their_date_link_title_and_stable_id(tmp_path):
    feed = write_rss(tmp_path / "feed.rss")
    items = list(read_path(feed))
    first, second = articles(items)
    assert first.id == stable_id("url", "https://example.org/news/1") and first.id.startswith("url-")
    assert first.url == "https://example.org/news/1" and first.title == "قصف على كفرنبل"
    assert first.outlet == "أخبار المثال" and first.published == date(2023, 1, 25)
    assert "كفرنبل" in first.text and "<p>" not in first.text
    assert not any(w.startswith("no publication date") for w in first.warnings)
    # a one-paragraph summary (too short for trafilatura) is still read, as text
    assert second.published == date(2023, 1, 26) and second.text.startswith("قتل خمسة مدنيين")
    (empty,) = errors(items)
    assert empty.reason.startswith("empty: the feed item has no content") and empty.source == f"{feed}#3"
    # the same item read again (tomorrow's feed) has the same id
    assert articles(read_path(write_rss(tmp_path / "feed2.xml")))[0].id == first.id


def test_atom_entry_uses_updated_date_and_guid_id(tmp_path):
    feed = tmp_path / "feed.atom"
    feed.write_text(ATOM.replace("{text}", PARAGRAPHS[0]), encoding="utf-8")
    (article,) = list(read_path(feed))
    assert article.published == date(2023, 2, 3)
    assert article.id == stable_id("guid", "tag:example.org,2023:7")
    assert article.outlet == "Atom مثال"


def test_feed_is_recognised_by_content_and_a_non_feed_xml_is_reported(tmp_path):
    sniffed = write_rss(tmp_path / "feed-without-suffix")
    assert file_kind(sniffed) == "feed"
    assert len(articles(read_path(sniffed))) == 2
    other = tmp_path / "data.xml"
    other.write_text("<?xml version='1.0'?><config><a>1</a></config>", encoding="utf-8")
    (error,) = list(read_path(other))
    assert error_kind(error) in ("not a feed", "empty")


def test_feed_item_date_is_the_publication_date_over_the_runs_default(tmp_path):
    feed = write_rss(tmp_path / "feed.rss")
    first, second = articles(read_inputs([feed], published=date(2020, 1, 1)))
    assert first.published == date(2023, 1, 25) and second.published == date(2023, 1, 26)


@pytest.mark.parametrize("pub_date, kept", [
    ("Wed, 25 Jan 2023 09:30:00 +0300", date(2023, 1, 25)),
    ("2023-01-25T09:30:00+03:00", date(2023, 1, 25)),
    ("2025-00-00", None),  # feedparser rolled it over to 2024-11-29
    ("2025-02-30", None),  # ... and this to 2025-03-01
    ("Sun, 30 Feb 2025 10:00:00 +0000", None),
    ("not a date", None),
])
def test_a_feed_date_that_is_no_day_is_ignored_with_a_warning(tmp_path, pub_date, kept):
    # regression: invalid feed dates became plausible wrong dates, silently
    feed = tmp_path / "feed.rss"
    feed.write_text(RSS.replace("Wed, 25 Jan 2023 09:30:00 +0300", pub_date).format(content=page("خبر")),
                    encoding="utf-8")
    first = articles(read_inputs([feed], published=date(2020, 1, 1)))[0]
    assert first.published == (kept or date(2020, 1, 1))
    assert any(w.startswith("unreadable feed date") for w in first.warnings) is (kept is None)


@pytest.mark.parametrize("pub_date, day", [
    ("2023/01/25 09:30:00", date(2023, 1, 25)),  # feedparser: 2023-12-01
    ("2023-01-25T01:00:00+03:00", date(2023, 1, 24)),  # feedparser's UTC day: within a day, it stands
])
def test_a_feed_date_feedparser_misreads_is_read_from_its_text(tmp_path, pub_date, day):
    # regression (review): "2023/01/25 09:30:00" became 2023-12-01, silently
    feed = tmp_path / "feed.rss"
    feed.write_text(RSS.replace("Wed, 25 Jan 2023 09:30:00 +0300", pub_date).format(content=page("خبر")),
                    encoding="utf-8")
    first = articles(read_inputs([feed], published=date(2020, 1, 1)))[0]
    assert first.published == day


def test_html_fragment_text_keeps_blocks_as_lines():
    assert html_fragment_text("<p>أ <b>ب</b></p><p>ج</p><script>x()</script>") == "أ ب\nج"
    assert html_fragment_text("نص بلا وسوم") == "نص بلا وسوم"


# --------------------------------------------------------------------------- WARC


def write_warc(path: Path, gz: bool) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)

        def response(uri, body: bytes, ctype="text/html; charset=utf-8", status="200 OK", when="2023-03-04T05:06:07Z"):
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers,
                                               warc_headers_dict={"WARC-Date": when})
            writer.write_record(record)

        writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
        request = writer.create_warc_record("https://example.org/a", "request", payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n"))
        writer.write_record(request)
        response("https://example.org/a", page("صفحة بلا تاريخ").encode("utf-8"))
        response("https://example.org/logo.png", b"\x89PNG\r\n\x1a\n0000", ctype="image/png")
        response("https://example.org/b", page("صفحة بتاريخ", "2022-12-31").encode("utf-8"))
        response("https://example.org/missing", b"<html>not found</html>", status="404 Not Found")
    return path


@pytest.mark.parametrize("name, gz", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_html_responses_are_articles_others_skipped_with_reason(tmp_path, name, gz):
    warc = write_warc(tmp_path / name, gz)
    assert file_kind(warc) == "warc"
    items = list(read_inputs([warc]))
    kinds = [i.id if isinstance(i, Article) else error_kind(i) for i in items]
    assert kinds == [stable_id("url", "https://example.org/a"), "not html",
                     stable_id("url", "https://example.org/b"), "http status"]
    undated, dated = articles(items)
    assert undated.url == "https://example.org/a" and undated.title == "صفحة بلا تاريخ"
    assert undated.published == date(2023, 3, 4)  # WARC-Date, as the page has no date
    assert dated.published == date(2022, 12, 31)  # the page's own date wins
    assert "كفرنبل" in undated.text
    png, missing = errors(items)
    assert png.reason == "not html: image/png" and png.source.startswith(f"{warc}@")
    assert missing.reason == "http status: 404 Not Found"


def test_warc_is_recognised_by_content(tmp_path):
    warc = write_warc(tmp_path / "crawl-no-suffix", True)
    assert file_kind(warc) == "warc"
    assert len(articles(read_path(warc))) == 2


def test_warc_record_over_the_size_limit_is_reported_and_the_next_is_read(tmp_path):
    warc = write_warc(tmp_path / "crawl.warc.gz", True)
    items = list(read_inputs([warc], options=IngestOptions(max_article_bytes=200)))
    assert [error_kind(i) for i in items] == ["too large", "not html", "too large", "http status"]


def test_truncated_warc_keeps_what_was_read_and_reports_the_rest(tmp_path):
    whole = write_warc(tmp_path / "crawl.warc.gz", True).read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[:-30])  # inside the last record (the 404)
    items = list(read_path(cut))
    assert [i.id if isinstance(i, Article) else error_kind(i) for i in items] == [
        stable_id("url", "https://example.org/a"), "not html", stable_id("url", "https://example.org/b"),
        "unreadable file"]
    assert "truncated" in items[-1].reason
    early = tmp_path / "early.warc.gz"
    early.write_bytes(whole[: int(len(whole) * 0.3)])  # inside the first page
    assert [error_kind(i) for i in read_path(early)] == ["unreadable file"]


def _with_content_length_of_page_b_changed(whole: bytes, delta: int) -> bytes:
    """An uncompressed WARC whose record of page b says ``delta`` bytes more (or fewer) than it holds."""
    at = whole.index(b"WARC-Target-URI: https://example.org/b")
    start = whole.index(b"Content-Length: ", at) + len(b"Content-Length: ")
    end = whole.index(b"\r\n", start)
    return whole[:start] + str(int(whole[start:end]) + delta).encode() + whole[end:]


@pytest.mark.parametrize("delta", [200, -200, -3])
def test_a_warc_record_with_a_wrong_length_is_an_error_and_the_others_are_read(tmp_path, delta, capfd):
    # regression: the page was cut or ran into the next record, and the next was lost, with no error
    # (only warcio's dump of the record's bytes on stderr, even under -q)
    warc = tmp_path / "crawl.warc"
    warc.write_bytes(_with_content_length_of_page_b_changed(write_warc(tmp_path / "w.warc", False).read_bytes(),
                                                            delta))
    items = list(read_path(warc))
    kinds = [i.id if isinstance(i, Article) else error_kind(i) for i in items]
    assert kinds[:3] == [stable_id("url", "https://example.org/a"), "not html", "broken WARC record"]
    broken = items[2]
    assert broken.article_id == stable_id("url", "https://example.org/b") and "record 5" in broken.reason
    assert broken.source.startswith(f"{warc}@")
    # the record after it is read when warcio finds its header; else the rest of the file is an error
    assert kinds[3:] == (["http status"] if delta == -3 else ["unreadable file"])
    assert "Content-Length is invalid" not in capfd.readouterr().err


@pytest.mark.parametrize("delta, page_b", [(200, "broken WARC record"), (3, stable_id("url", "https://example.org/b"))])
def test_a_too_long_record_of_a_gzipped_warc_is_an_error_and_the_others_are_read(tmp_path, delta, page_b):
    # (review) in a .warc.gz of one gzip member per record, a record whose length runs past its member must
    # not be "the archive ends inside record 5 (truncated)", losing the records after it
    whole = _with_content_length_of_page_b_changed(write_warc(tmp_path / "w.warc", False).read_bytes(), delta)
    starts = [m.start() for m in re.finditer(rb"WARC/1\.0\r\n", whole)]
    members = [whole[a:b] for a, b in zip(starts, starts[1:] + [len(whole)])]
    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes(b"".join(gzip.compress(m) for m in members))
    kinds = [i.id if isinstance(i, Article) else error_kind(i) for i in read_path(warc)]
    # (3 bytes more fall in the blank lines that end the record: no harm)
    assert kinds == [stable_id("url", "https://example.org/a"), "not html", page_b, "http status"]


def test_a_wrong_length_in_the_last_warc_record_is_an_error(tmp_path):
    whole = write_warc(tmp_path / "w.warc", False).read_bytes()
    at = whole.index(b"WARC-Target-URI: https://example.org/missing")
    start = whole.index(b"Content-Length: ", at) + len(b"Content-Length: ")
    end = whole.index(b"\r\n", start)
    warc = tmp_path / "crawl.warc"
    warc.write_bytes(whole[:start] + str(int(whole[start:end]) - 5).encode() + whole[end:])
    assert [i.id if isinstance(i, Article) else error_kind(i) for i in read_path(warc)][-1] == "broken WARC record"


# --------------------------------------------------------------------------- gzip'd JSONL, globs, stdin


def test_gzipped_jsonl_reads_like_jsonl(tmp_path):
    plain = FIXTURES / "articles.jsonl"
    packed = tmp_path / "articles.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    a, b = list(read_path(plain)), list(read_path(packed))
    assert [(getattr(x, "id", None), getattr(x, "text", None), getattr(x, "reason", None)) for x in a] == \
           [(getattr(x, "id", None), getattr(x, "text", None), getattr(x, "reason", None)) for x in b]
    assert count_items([packed]) == count_items([plain])


def test_broken_gzip_is_reported(tmp_path):
    packed = tmp_path / "articles.jsonl.gz"
    packed.write_bytes(gzip.compress((FIXTURES / "articles.jsonl").read_bytes())[:60])
    items = list(read_path(packed))
    assert items and error_kind(items[-1]) == "unreadable file"


def test_glob_patterns_expand_in_sorted_order_and_a_pattern_without_match_is_reported(tmp_path):
    for rel in ("2023/01/b.txt", "2023/01/a.txt", "2023/02/c.txt", "2023/02/skip.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(TEXT, encoding="utf-8")
    items = list(read_inputs([f"{tmp_path}/**/*.txt", f"{tmp_path}/nothing/*.txt"]))
    assert [i.id for i in articles(items)] == ["a", "b", "c"]
    (missing,) = errors(items)
    assert missing.reason == "no match: no file matches the pattern"


@pytest.mark.parametrize("head, jsonl", [
    (b'{"id": "a", "text": "x"}\n', True),
    (b"\xef\xbb\xbf{\"id\": 1}\n", True),
    ('{"id": "a"}\n'.encode("utf-16"), True),  # (a byte order mark, then UTF-16)
    (b'[1]\n{"id": "a"}\n', True),  # a first line that is no article
    (b'null\n{"id": "a"}\n', True),
    (b'"x"\n', False),
    ("قصفت الطائرات مدينة الرقة\n".encode("utf-8"), False),
    ("قصفت الطائرات مدينة الرقة\n".encode("utf-16"), False),
    (b"2023\n\xd9\x86\xd8\xb5\n", False),  # a year, then Arabic: a plain text
    (b"[\xd8\xb5\xd9\x88\xd8\xb1] \xd9\x86\xd8\xb5\n", False),
    (b"", False),
])
def test_standard_input_is_jsonl_when_it_looks_like_it(head, jsonl):
    # regression: UTF-16 JSONL, or JSONL whose first line is no object, was coded as one plain text "stdin"
    from marsad.io.sources import looks_like_jsonl

    assert looks_like_jsonl(head) is jsonl


def test_stdin_in_utf16_reads_its_articles():
    lines = (FIXTURES / "articles.jsonl").read_text(encoding="utf-8")
    items = [x for i in stdin_items(stream=io.BytesIO(lines.encode("utf-16"))) for x in load_item(i)]
    plain = [x for i in stdin_items(stream=io.BytesIO(lines.encode("utf-8"))) for x in load_item(i)]
    assert [getattr(i, "id", None) for i in items] == [getattr(i, "id", None) for i in plain]
    assert len(articles(items)) > 1


def test_gzipped_standard_input_is_read_through():
    # regression: gzip'd data piped in was "binary content: NUL bytes"
    lines = (FIXTURES / "articles.jsonl").read_bytes()
    items = [x for i in stdin_items(stream=io.BytesIO(gzip.compress(lines))) for x in load_item(i)]
    plain = [x for i in stdin_items(stream=io.BytesIO(lines)) for x in load_item(i)]
    assert [getattr(i, "id", None) for i in items] == [getattr(i, "id", None) for i in plain]
    (text,) = list(stdin_items(stream=io.BytesIO(gzip.compress(TEXT.encode("utf-8")))))
    assert text.id == "stdin" and "كفرنبل" in text.text
    (broken,) = list(stdin_items(stream=io.BytesIO(b"\x1f\x8b" + b"\x00" * 40)))
    assert error_kind(broken) == "unreadable" and "gzip" in broken.reason
    import random

    rng = random.Random(7)  # (text that does not compress to nothing: the cut falls inside it)
    long_text = TEXT + "\n" + " ".join("".join(rng.choice("ابتثجحخدذرزسشصضطظعغفقكلمنهوي") for _ in range(5))
                                       for _ in range(20000))
    packed = gzip.compress(long_text.encode("utf-8"))
    (cut,) = list(stdin_items(stream=io.BytesIO(packed[:len(packed) // 2])))
    assert error_kind(cut) == "unreadable" and "gzip" in cut.reason  # (review: EOFError escaped the library)


def test_stdin_jsonl_and_plain_text():
    jsonl = (FIXTURES / "articles.jsonl").read_bytes()
    items = [x for i in stdin_items(stream=io.BytesIO(jsonl)) for x in load_item(i)]
    assert [getattr(i, "id", None) for i in articles(items)][:1] == ["a1"]
    assert all(i.source.startswith("stdin:") for i in items)
    (article,) = [x for i in stdin_items(stream=io.BytesIO(TEXT.encode("utf-8"))) for x in load_item(i)]
    assert article.id == "stdin" and article.text.startswith("قصفت")
    (error,) = list(stdin_items(stream=io.BytesIO(b"   \n")))
    assert error_kind(error) == "empty"


def test_extract_reads_standard_input(tmp_path):
    out = tmp_path / "events.jsonl"
    result = subprocess.run([sys.executable, "-m", "marsad", "extract", "-", "--out", str(out), "--quiet",
                             "--published", "2023-01-25"],
                            input=TEXT.encode("utf-8"), capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
    assert "articles read 1, coded 1" in result.stderr.decode()
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and {r["article_id"] for r in rows} == {"stdin"}


def test_tasks_are_picklable_and_load_to_what_a_single_process_reads(tmp_path):
    import pickle

    feed = write_rss(tmp_path / "feed.rss")
    warc = write_warc(tmp_path / "crawl.warc.gz", True)
    inputs = [FIXTURES / "articles.jsonl", FIXTURES / "page.html", feed, warc, tmp_path / "absent.txt"]
    loaded = [x for task in iter_read_tasks(inputs) for x in load_item(pickle.loads(pickle.dumps(task)))]
    direct = list(read_inputs(inputs))
    assert [(type(x).__name__, getattr(x, "id", getattr(x, "article_id", ""))) for x in loaded] == \
           [(type(x).__name__, getattr(x, "id", getattr(x, "article_id", ""))) for x in direct]


def test_a_reader_bug_is_an_error_of_that_item(monkeypatch):
    from marsad.io.sources import FileTask

    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr("marsad.io.sources.read_text_file", boom)
    (error,) = load_item(FileTask(str(FIXTURES / "article.txt"), "text"))
    assert error.reason == "read failed: RuntimeError: bug" and error.article_id == "article"
