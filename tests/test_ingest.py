"""Ingest: decoding, boilerplate removal, per-format readers and bad-input errors."""
from __future__ import annotations

import codecs
import json
import re
from datetime import date
from pathlib import Path

import pytest

from marsad.document import Article, parse_date
from marsad.errors import ArticleError, InputError
from marsad.io.ingest import (
    MAX_BOILERPLATE_LINE,
    NO_DATE_WARNING,
    IngestOptions,
    article_from_json,
    boilerplate_rules,
    check_text,
    decode_bytes,
    read_jsonl_file,
    remove_boilerplate,
)
from marsad.io.html_pages import article_from_html
from marsad.io.sources import expand_paths, read_inputs
from marsad.text import fold
from marsad.resources import read_tsv_with_meta
from marsad.settings import load_settings

FIXTURES = Path(__file__).parent / "fixtures" / "io"
SHARED = Path(__file__).resolve().parents[2] / "shared"
ARABIC = (
    "قصفت طائرات حربية مساء أمس الثلاثاء بلدة كفرنبل في ريف إدلب الجنوبي، ما أدى إلى مقتل ثلاثة مدنيين "
    "وإصابة خمسة آخرين، بحسب مصادر محلية."
)


def one(path, **kwargs):
    items = list(read_inputs([path], **kwargs))
    assert len(items) == 1, items
    return items[0]


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2023-01-25", date(2023, 1, 25)),
        ("2023-01-25T09:30:00+03:00", date(2023, 1, 25)),
        (" 2023-01-25 ", date(2023, 1, 25)),
        ("2023/01/25", date(2023, 1, 25)),
        ("25/01/2023", date(2023, 1, 25)),
        (date(2023, 1, 25), date(2023, 1, 25)),
        ("", None),
        (None, None),
        ("yesterday", None),
        ("2023-13-01", None),
        # regressions: read as 2023-01-25 from their first ten characters
        ("2023-01-259", None),
        ("2023-01-25garbage", None),
        ("2023-01-25 09:30", date(2023, 1, 25)),
        ("20230125", date(2023, 1, 25)),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


# --------------------------------------------------------------------------- boilerplate data file


def test_boilerplate_file_has_header_and_valid_rows():
    meta, rows = read_tsv_with_meta("boilerplate.tsv")
    assert meta["name"] == "boilerplate" and meta["version"].isdigit() and meta["description"]
    assert rows, "no rows"
    seen = set()
    for row in rows:
        assert row["kind"] in {"phrase", "pattern"}, row
        assert row["text"] and row["note"], row
        if row["kind"] == "pattern":
            re.compile(row["text"])
        else:
            key = " ".join(fold(row["text"]).split())
            assert key not in seen, f"duplicate phrase after folding: {row['text']}"
            seen.add(key)
            assert len(row["text"]) <= MAX_BOILERPLATE_LINE


def test_boilerplate_rules_load_without_regex_warnings(recwarn):
    boilerplate_rules.cache_clear()
    boilerplate_rules()
    assert not [w for w in recwarn if issubclass(w.category, FutureWarning)]


@pytest.mark.parametrize(
    "line",
    [
        "اظهر المزيد",
        "أظهر المزيد",
        "زر الذهاب إلى الأعلى",
        "  زر الذهاب الى الاعلى  ",  # folded spelling
        "اقرأ أيضاً",
        "اقرأ أيضا:",
        "اقرأ أيضاً: الأمم المتحدة تدعو إلى التهدئة في الشمال السوري",
        "اقرأ.. سوريا: اتفاق على خروج المسلحين من المدينة خلال يومين",
        "للمزيد: ضربات جوية تستهدف مطاراً عسكرياً",
        "إقرأ أيضا في بي بي سي: جرحى في تفجير قرب مركز تدليك وسط بغداد",  # the outlet named (review of 2026-12-08)
        "شاهد على موقعنا: لحظة سقوط الصاروخ",
        "أيضاً.. وزير: خيارات عسكرية قيد الدرس",
        "...المزيد",
        "شارك هذا الخبر",
        "شارك الخبر على فيسبوك",
        "شارك عبر: فيسبوك تويتر واتساب",
        "فيسبوك تويتر واتساب تلغرام",
        "Facebook | Twitter | WhatsApp",
        "تابعونا على فيسبوك وتويتر",
        "الرابط المختصر",
        "الرابط المختصر: https://example.org/?p=123",
        "جميع الحقوق محفوظة © 2023 موقع المثال",
        "© 2023 موقع المثال. جميع الحقوق محفوظة",
        "Copyright 2023 Example News",
        "أخبار ذات صلة",
        "الوسوم: حماة سوريا",
        "صورة أرشيفية",
        "مخيم اليرموك - أرشيفية",
        "صورة متداولة لانفجار سيارة مفخخة غرب مدينة رأس العين شمال الحسكة",
        "// انتهى //",
        "-----------------------------",
        "__________________",
    ],
)
def test_boilerplate_lines_are_recognised(line):
    assert boilerplate_rules().is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        ARABIC,
        "وتابع البيان أن المسلحين زرعوا عبوات ناسفة حول الموقع.",
        "اقرأ البيان الكامل للجيش في الصفحة التالية",  # no separator after اقرأ: a sentence
        "وشاهد على الطريق: جثث القتلى",  # no reading word opening the line
        "شاهد عيان في المدينة: سقطت القذائف على السوق",  # a witness, no "في/على" right after شاهد
        "وقال في تغريدة على تويتر إن القصف مستمر.",
        "وشارك مئات المتظاهرين في الوقفة أمام مبنى المحافظة.",
        "المزيد من القتلى تحت الأنقاض بحسب الدفاع المدني",
        "ولم يصدر أي تعقيب عن الشرطة.",
        "وأظهرت صورة متداولة على مواقع التواصل آثار القصف على المدينة اليوم وقال ناشطون إن الطائرات استهدفت الأحياء السكنية.",
        "دمشق - أ ش أ",  # dateline: article text, the places stage marks it
        ".",  # a stray full stop is kept (not a rule line)
        "",
        "اقرأ أيضاً: " + "ن" * MAX_BOILERPLATE_LINE,  # too long to be boilerplate
    ],
)
def test_article_lines_are_kept(line):
    assert not boilerplate_rules().is_boilerplate(line)


def test_remove_boilerplate_keeps_paragraphs_and_counts_lines():
    text = f"{ARABIC}\n\nاقرأ أيضاً: عنوان آخر\n\nفقرة ثانية من الخبر.\nاظهر المزيد\nزر الذهاب إلى الأعلى\n"
    cleaned, removed = remove_boilerplate(text)
    assert cleaned == f"{ARABIC}\n\nفقرة ثانية من الخبر."
    assert removed == 3


def test_remove_boilerplate_normalises_line_endings():  # regression: CRLF files kept \r in the text
    cleaned, removed = remove_boilerplate("سطر أول\r\nاظهر المزيد\r\nسطر ثان\r")
    assert cleaned == "سطر أول\nسطر ثان" and removed == 1


@pytest.mark.skipif(not (SHARED / "samples" / "seed-article.txt").exists(), reason="needs ../shared")
def test_seed_article_loses_its_boilerplate_tail():
    article = one(SHARED / "samples" / "seed-article.txt", published=date(2023, 1, 25))
    assert isinstance(article, Article)
    assert article.id == "seed-article" and article.published == date(2023, 1, 25)
    assert "اظهر المزيد" not in article.text and "زر الذهاب إلى الأعلى" not in article.text
    assert article.text.endswith("ومؤسساتها.")
    assert "\n" in article.text


# --------------------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    "data, warned",
    [
        (ARABIC.encode("utf-8"), False),
        (codecs.BOM_UTF8 + ARABIC.encode("utf-8"), False),
        (ARABIC.encode("utf-16"), False),  # BOM, platform byte order
        (codecs.BOM_UTF16_BE + ARABIC.encode("utf-16-be"), False),
        (codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le"), False),
        (ARABIC.encode("cp1256"), True),
        (ARABIC.encode("utf-8")[:-1] + b"\xd8", True),  # cut inside the last character
    ],
)
def test_decode_bytes(data, warned):
    text, warnings = decode_bytes(data)
    assert text.startswith("قصفت طائرات حربية")
    assert bool(warnings) == warned


def test_decode_bytes_uses_declared_charset_before_fallback():
    data = "نص عربي".encode("iso-8859-6")
    text, warnings = decode_bytes(data, declared="iso-8859-6")
    assert text == "نص عربي" and "declared" in warnings[0]


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary content"),
        (ARABIC.encode("utf-16-le"), "binary content"),  # UTF-16 without a BOM
        (codecs.BOM_UTF8 + b"\xff\xfe\xfd", "encoding"),
        (bytes(range(1, 256)) * 20, "binary content: 540 control bytes"),  # no NUL, 27 control bytes in 255
    ],
)
def test_decode_bytes_errors(data, reason):
    with pytest.raises(InputError, match=reason):
        decode_bytes(data)


# --------------------------------------------------------------------------- checks


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "empty"),
        ("   \n ", "empty"),
        ("Warplanes struck the town on Tuesday, killing three civilians.", "no Arabic text"),
        ("قصف", "too short"),  # too few Arabic letters (regression: it was "no Arabic text: 3 ... of 3")
        ("قصفت طائرات حربية البلدة " + "English words that outnumber the Arabic ones " * 5, "no Arabic text"),
        (ARABIC + "\x01\x02\x03\x04\x05\x06", "binary content"),
    ],
)
def test_check_text_errors(text, reason):
    with pytest.raises(InputError, match=reason):
        check_text(text, IngestOptions())


def test_check_text_accepts_arabic_with_some_english():
    check_text(ARABIC + " (Reuters, AFP)", IngestOptions())


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize(
    "name, reason",
    [
        ("empty.txt", "empty"),
        ("blank.txt", "empty"),
        ("binary.txt", "binary content"),
        ("english.txt", "no Arabic text"),
        ("only-boilerplate.txt", "empty: no text after removing 2 boilerplate line"),
        ("broken.html", "no article text"),
        ("missing.txt", "file not found"),
        ("missing.jsonl", "file not found"),
        ("make_fixtures.py", "unsupported file type"),
    ],
)
def test_bad_files_give_errors(name, reason):
    item = one(FIXTURES / name)
    assert isinstance(item, ArticleError), item
    assert item.reason.startswith(reason), item.reason
    assert item.source == str(FIXTURES / name)
    assert item.article_id == Path(name).stem


@pytest.mark.parametrize(
    "name, warning",
    [
        ("article.txt", None),
        ("crlf.txt", None),
        ("bom.txt", None),
        ("utf16.txt", None),
        ("cp1256.txt", "decoded as cp1256"),
    ],
)
def test_text_files(name, warning):
    article = one(FIXTURES / name, published=date(2023, 1, 25))
    assert isinstance(article, Article), article
    assert article.id == Path(name).stem
    assert article.text.startswith("قصفت طائرات حربية مساء أمس الثلاثاء بلدة كفرنبل")
    assert "\r" not in article.text and "اظهر المزيد" not in article.text and "اقرأ أيضاً" not in article.text
    assert "\n" in article.text  # paragraphs kept
    assert article.published == date(2023, 1, 25)
    if warning:
        assert any(warning in w for w in article.warnings)
    else:
        assert article.warnings == []


def test_text_file_without_date_warns():
    article = one(FIXTURES / "article.txt")
    assert article.published is None
    assert NO_DATE_WARNING in article.warnings


def test_too_large_file_names_size_and_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(ARABIC * 50, encoding="utf-8")
    item = one(path, options=IngestOptions(max_article_bytes=1000))
    assert isinstance(item, ArticleError)
    assert item.reason.startswith("too large: ")
    assert f"{path.stat().st_size:,} bytes" in item.reason and "1,000 bytes" in item.reason


def test_size_limit_comes_from_settings(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(ARABIC * 50, encoding="utf-8")
    settings = load_settings(overrides={"ingest": {"max_article_bytes": 1000}})
    assert isinstance(one(path, settings=settings), ArticleError)
    assert isinstance(one(path, settings=load_settings()), Article)


def test_ingest_settings_defaults():
    assert IngestOptions.from_settings(load_settings()) == IngestOptions()


# --------------------------------------------------------------------------- html


def test_html_page_main_text_title_date_and_no_boilerplate():
    article = one(FIXTURES / "page.html", published=date(2020, 1, 1))
    assert isinstance(article, Article), article
    assert article.id == "page"
    assert article.title == "اشتباكات عنيفة في ريف حماة الشمالي"
    assert article.published == date(2023, 1, 25)  # the page's date wins over the default
    assert article.url == "https://news.example.org/syria/hama-clashes"
    assert article.outlet == "موقع المثال"
    assert article.text.startswith("اندلعت اشتباكات عنيفة صباح اليوم الأربعاء")
    assert article.text.endswith("رغم اتفاق التهدئة المعلن في المنطقة.")
    assert article.text.count("\n") == 2  # three paragraphs
    for junk in ("الرئيسية", "اقرأ أيضاً", "شارك", "الوسوم", "ذات صلة", "ارتفاع أسعار", "جميع الحقوق", "الأعلى", "عاجل"):
        assert junk not in article.text, junk
    assert article.warnings == []


def test_html_page_without_date_uses_default_or_warns():
    article = one(FIXTURES / "page-nodate.html")
    assert article.published is None and NO_DATE_WARNING in article.warnings
    article = one(FIXTURES / "page-nodate.html", published=date(2023, 1, 25))
    assert article.published == date(2023, 1, 25) and article.warnings == []


def test_truncated_html_keeps_what_can_be_extracted():
    article = one(FIXTURES / "truncated.html")
    assert isinstance(article, Article), article
    assert article.text.startswith("اندلعت اشتباكات عنيفة")
    assert "\ufffd" not in article.text
    assert any(w.startswith("truncated") for w in article.warnings)


def test_html_in_windows_1256():
    article = one(FIXTURES / "page-cp1256.html")
    assert article.title == "اشتباكات عنيفة في ريف حماة الشمالي"
    assert article.text.startswith("اندلعت اشتباكات عنيفة")
    assert any("declared by the page" in w for w in article.warnings)


@pytest.mark.parametrize("html", [f"<html><body><p>{ARABIC * 40}</p></body></html>",
                                  f"<html><body><p>{ARABIC * 40}</p></body></html>".encode("utf-8")])
def test_article_from_html_size_limit(html):
    with pytest.raises(InputError, match="too large"):
        article_from_html(html, article_id="x", options=IngestOptions(max_article_bytes=2000))


def test_article_from_html_string():
    html = f"<html><body><article><h1>عنوان</h1><p>{ARABIC}</p><p>{ARABIC}</p></article></body></html>"
    article = article_from_html(html, article_id="x", published=date(2023, 1, 25))
    assert article.text.startswith("قصفت طائرات") and article.published == date(2023, 1, 25)


@pytest.mark.parametrize(
    "html, reason",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("<html><body></body></html>", "no article text"),
        ("<html><head><title>صفحة</title></he", "no article text"),
        ("<html><body><nav><a href='/'>Home</a></nav>", "no Arabic text"),
        (b"\x00\x01binary", "binary content"),
    ],
)
def test_article_from_html_nothing_to_extract(html, reason):
    with pytest.raises(InputError, match=reason):
        article_from_html(html, article_id="x")


# --------------------------------------------------------------------------- jsonl


def test_jsonl_lines_good_and_bad():
    items = list(read_inputs([FIXTURES / "articles.jsonl"], published=date(2020, 1, 1)))
    by_line = {int(i.source.rsplit(":", 1)[1]): i for i in items}
    assert sorted(by_line) == [1, 2, 3, 5, 6, 7, 8, 9, 10]  # line 4 is blank

    a1 = by_line[1]
    assert isinstance(a1, Article)
    assert (a1.id, a1.published, a1.title, a1.url, a1.outlet) == (
        "a1", date(2023, 1, 25), "قصف على كفرنبل", "https://example.org/a1", "Example News")
    assert "اظهر المزيد" not in a1.text and a1.warnings == []

    no_id = by_line[2]
    assert no_id.id == "articles-2" and any("no 'id'" in w for w in no_id.warnings)
    assert no_id.published == date(2023, 1, 24)

    expected_errors = {
        3: ("broken", "not JSON"),
        5: ("articles-5", "not a JSON object"),
        6: ("no-text", "no text"),
        7: ("english", "no Arabic text"),
        8: ("empty-text", "empty"),
    }
    for line, (article_id, reason) in expected_errors.items():
        err = by_line[line]
        assert isinstance(err, ArticleError), err
        assert err.article_id == article_id and err.reason.startswith(reason), err

    bad_date = by_line[9]
    assert bad_date.published == date(2020, 1, 1)  # the default
    assert any("unreadable 'published'" in w for w in bad_date.warnings)

    numeric_id = by_line[10]
    assert numeric_id.id == "7" and numeric_id.published == date(2020, 1, 1)


def test_jsonl_over_long_line_is_skipped_and_the_next_read(tmp_path):
    path = tmp_path / "big.jsonl"
    good = json.dumps({"id": "ok", "text": ARABIC}, ensure_ascii=False)
    huge = json.dumps({"id": "huge", "text": ARABIC * 400}, ensure_ascii=False)
    path.write_text(f"{huge}\n{good}\n", encoding="utf-8")
    items = list(read_jsonl_file(path, options=IngestOptions(max_article_bytes=2000)))
    assert isinstance(items[0], ArticleError) and items[0].reason.startswith("too large")
    assert f"{len(huge.encode()) + 1:,} bytes" in items[0].reason
    assert isinstance(items[1], Article) and items[1].id == "ok"


def test_jsonl_in_utf16_with_bom(tmp_path):
    path = tmp_path / "u16.jsonl"
    path.write_bytes(json.dumps({"id": "u", "text": ARABIC}, ensure_ascii=False).encode("utf-16") + "\n".encode("utf-16-le"))
    (item,) = read_jsonl_file(path)
    assert isinstance(item, Article) and item.text == ARABIC


def test_jsonl_line_in_cp1256_is_decoded_with_a_warning(tmp_path):
    path = tmp_path / "old.jsonl"
    path.write_bytes(json.dumps({"id": "old", "text": ARABIC}, ensure_ascii=False).encode("cp1256") + b"\n")
    (item,) = read_jsonl_file(path)
    assert item.text == ARABIC and any("cp1256" in w for w in item.warnings)


def test_empty_jsonl_file_is_an_error(tmp_path):
    path = tmp_path / "none.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    (item,) = read_jsonl_file(path)
    assert isinstance(item, ArticleError) and item.reason.startswith("empty")


def test_jsonl_is_read_lazily(tmp_path):
    path = tmp_path / "lazy.jsonl"
    path.write_text(json.dumps({"id": "1", "text": ARABIC}, ensure_ascii=False) + "\n", encoding="utf-8")
    stream = read_inputs([path])
    # Lines added after the stream was made but before it is read are seen: nothing was read up front.
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "2", "text": ARABIC}, ensure_ascii=False) + "\n")
    assert [a.id for a in stream] == ["1", "2"]


def test_article_from_json_ignores_other_keys():
    article = article_from_json({"id": "x", "text": ARABIC, "source_repo": "r", "extra": [1]},
                                default_id="f-1", source="f:1")
    assert article.id == "x" and article.text == ARABIC


# --------------------------------------------------------------------------- inputs


def test_folders_are_walked_sorted_and_hidden_files_skipped(tmp_path):
    (tmp_path / "b.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "notes.md").write_text("# notes", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in expand_paths([tmp_path])] == [
        "a.txt", "b.txt", "notes.md", "sub/c.txt"]
    items = list(read_inputs([tmp_path]))
    assert [i.article_id if isinstance(i, ArticleError) else i.id for i in items] == ["a", "b", "notes", "c"]
    assert isinstance(items[2], ArticleError) and items[2].reason.startswith("unsupported file type")


def test_duplicate_ids_are_warned(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "a.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "x" / "a.txt").write_text(ARABIC, encoding="utf-8")
    first, second = read_inputs([tmp_path / "a.txt", tmp_path / "x" / "a.txt"])
    assert not any("duplicate" in w for w in first.warnings)
    assert any("duplicate article id 'a'" in w for w in second.warnings)


def test_batch_goes_on_after_errors():
    items = list(read_inputs([FIXTURES / "empty.txt", FIXTURES / "binary.txt", FIXTURES / "article.txt"]))
    assert [type(i).__name__ for i in items] == ["ArticleError", "ArticleError", "Article"]


@pytest.mark.skipif(not (SHARED / "corpus" / "unlabeled.jsonl").exists(), reason="needs ../shared")
@pytest.mark.parametrize("name", ["corpus/unlabeled.jsonl", "eval/dev/gold.jsonl"])
def test_shared_collections_read_without_errors(name):
    items = list(read_inputs([SHARED / name]))
    errors = [i for i in items if isinstance(i, ArticleError)]
    assert not errors, errors[:3]
    with (SHARED / name).open(encoding="utf-8") as fh:
        assert len(items) == sum(1 for line in fh if line.strip())
    assert all(i.published is not None for i in items)
