"""Reading a JSONL line by orjson (marsad.io.ingest.plain_json_object) against the general way it
replaces, kept here: decode_bytes of the line, json.loads of its text, article_from_json of the object.
Lines of Arabic articles, and the lines orjson reads otherwise than json or refuses (big integers,
NaN, lone surrogates, byte-order marks, invalid UTF-8, control bytes, non-objects): the article or
the error must be the same, field by field."""
from __future__ import annotations

import codecs
import dataclasses
import json
from datetime import date

import pytest

from marsad.document import Article
from marsad.errors import ArticleError, InputError
from marsad.io.ingest import (
    _ORJSON_TOO_DEEP,
    nested_too_deep,
    IngestOptions,
    _JSON_ID,
    _path_parts,
    _text_field,
    article_from_json,
    article_from_jsonl_line,
    decode_bytes,
    plain_json_object,
    too_large,
)

OPTIONS = IngestOptions()
PATH = "/data/news.jsonl"
TEXT = "قتل خمسة مدنيين وأصيب آخرون في قصف مدفعي على مدينة حلب أمس الاثنين، بحسب المرصد السوري."


def reference(raw, *, line_number=7, published=None, options=OPTIONS):
    """article_from_jsonl_line before the orjson way (bytes always decoded, then json.loads)."""
    path_text, stem = _path_parts(PATH)
    default_id, source = f"{stem}-{line_number}", f"{path_text}:{line_number}"
    article_id = default_id
    try:
        warnings: list[str] = []
        if isinstance(raw, bytes):
            if len(raw) > options.max_article_bytes:
                raise too_large(len(raw), options)
            if b"\x00" in raw:
                raise InputError("binary content: NUL bytes in the line")
            line, warnings = decode_bytes(raw, fallback=options.fallback_encoding)
        else:
            line = raw
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            salvaged = _JSON_ID.search(line)
            if salvaged:
                article_id = salvaged.group(1)
            raise InputError(f"not JSON: {exc.msg} (column {exc.colno})") from exc
        except RecursionError as exc:  # (the regression mended with the orjson way: it raised)
            raise InputError("not JSON: nested too deep") from exc
        if isinstance(row, dict) and _text_field(row, "id"):
            article_id = _text_field(row, "id")
        return article_from_json(row, default_id=default_id, source=source, published=published,
                                 options=options, warnings=warnings)
    except InputError as exc:
        return ArticleError(article_id, source, str(exc))


def fields(item):
    if isinstance(item, ArticleError):
        return ("error", item.article_id, item.source, item.reason)
    return ("article",) + tuple((f.name, getattr(item, f.name)) for f in dataclasses.fields(item))


def outcome(read, raw, **kwargs):
    """What reading gives: the fields of the article or error."""
    return fields(read(raw, **kwargs))


def _new(raw, **kwargs):
    return article_from_jsonl_line(raw, path=PATH, line_number=7, **kwargs)


def line(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")


ARTICLE = {"id": "ar-1", "text": TEXT, "published": "2023-01-25", "title": "قصف على حلب", "url": "https://x.sy/a",
           "outlet": "المرصد"}

LINES = [
    line(ARTICLE),
    line({**ARTICLE, "extra": [1, {"a": None}], "score": 0.5}),  # other keys, floats among them: ignored
    line({**ARTICLE, "extra": 2 ** 70}),  # a big integer in a key not read
    json.dumps(ARTICLE).encode("ascii") + b"\n",  # \u escapes
    line({**ARTICLE, "text": "\t" + TEXT + "\r\n\u200f\u0640 ", "title": " \u00a0 "}),
    line({k: v for k, v in ARTICLE.items() if k != "id"}),  # named after the file and line
    line({**ARTICLE, "id": "  "}),
    line({**ARTICLE, "id": 12345}),
    line({**ARTICLE, "id": -(2 ** 63)}),
    line({**ARTICLE, "id": 2 ** 64 - 1}),
    line({**ARTICLE, "id": 2 ** 64}),  # past orjson's integers: a float to it
    line({**ARTICLE, "id": -(2 ** 63) - 1}),
    line({**ARTICLE, "id": 10 ** 30}),
    line({**ARTICLE, "id": 1.0}),
    line({**ARTICLE, "id": True}),
    line({**ARTICLE, "id": None}),
    line({**ARTICLE, "id": ["a", 1]}),
    line({**ARTICLE, "id": {"x": 2 ** 70}}),
    line({**ARTICLE, "published": 20230125}),
    line({**ARTICLE, "published": 2 ** 70}),
    line({**ARTICLE, "published": "25/01/2023"}),
    line({**ARTICLE, "published": "not a date"}),
    line({**ARTICLE, "published": ""}),
    line({**ARTICLE, "published": None}),
    line({**ARTICLE, "published": "1850-01-01"}),  # implausible: a warning
    line({**ARTICLE, "title": 2 ** 80, "url": 3.5, "outlet": [1]}),
    line({**ARTICLE, "text": 5}),
    line({**ARTICLE, "text": None}),
    line({k: v for k, v in ARTICLE.items() if k != "text"}),
    line({**ARTICLE, "text": ""}),
    line({**ARTICLE, "text": "hello world, no Arabic here at all"}),
    line({**ARTICLE, "text": TEXT + "\x01"}),  # an escaped control character in the text
    json.dumps({**ARTICLE, "text": TEXT + "\udc80"}).encode("ascii"),  # a lone surrogate, escaped: json reads it, orjson refuses
    line({**ARTICLE, "text": "x" * 200}),
    line([ARTICLE]),
    line("a string"),
    line(2 ** 70),
    line(1.5),
    line(None),
    b'{"id": "ar-2", "text": "' + TEXT.encode() + b'", "published": NaN}\n',
    b'{"id": "ar-3", "text": "' + TEXT.encode() + b'", "x": Infinity}\n',
    b'{"id": "ar-4", "text": "' + TEXT.encode() + b'", "x": 1e400}\n',
    b'{"id": "ar-5", "id": "ar-6", "text": "' + TEXT.encode() + b'"}\n',  # a repeated key: the last wins
    b'{"id": "ar-7", "text": "' + TEXT.encode() + b'"}  \t\r\n',
    b' \t{"id": "ar-8", "text": "' + TEXT.encode() + b'"}',
    b'{"id": "ar-9", "text": "' + TEXT.encode() + b'"}\x0c\n',  # form feed: not JSON white space
    b'{"id": "ar-10", "text": "' + TEXT.encode() + b'\tx"}\n',  # a raw tab inside a string
    b'{"id": "ar-11", "text": "' + TEXT.encode() + b'\x01"}\n',  # a raw control byte
    b'{"id": "ar-12", "text": "' + TEXT.encode() + b'\x01\x02\x03\x04\x05\x06"}\n',
    b'{"id": "ar-13", "text": "' + TEXT.encode() + b'\xc2\x85"}\n',  # U+0085 in UTF-8
    b'{"id": "ar-14", "text": "' + TEXT.encode() + b'\xff"}\n',  # one bad byte: replaced, with a warning
    b'{"id": "ar-15", "text": "' + TEXT.encode() + b'\xed\xa0\x80"}\n',  # a surrogate in UTF-8
    b'{"id": "ar-16", "text": "' + TEXT.encode()[:-1] + b'"}\n',  # cut inside a character
    b'{"id": "ar-17", "text": "' + TEXT.encode("cp1256") + b'"}\n',  # a legacy encoding
    codecs.BOM_UTF8 + line(ARTICLE),
    codecs.BOM_UTF16_LE + json.dumps(ARTICLE, ensure_ascii=False).encode("utf-16-le"),
    b'{"id": "ar-18", "text": "' + TEXT.encode() + b'"',  # not JSON: named after the salvaged id
    b'{"id": "ar-19", "text": "' + TEXT.encode() + b'"}{}\n',
    b'{"id": "ar-20", "text": "' + TEXT.encode() + b'\x00"}\n',
    b"\n",
    b"",
    b"[" * 50000 + b"]" * 50000,  # (too deep for json on every Python; 1,025 to ~5,000 levels: below)
    json.dumps(ARTICLE, ensure_ascii=False),  # a str line (a UTF-16 file's)
]


@pytest.mark.parametrize("raw", LINES, ids=range(len(LINES)))
@pytest.mark.parametrize("published", [None, date(2024, 2, 3)])
def test_jsonl_line_read_as_before(raw, published):
    assert outcome(_new, raw, published=published, options=OPTIONS) == outcome(reference, raw, published=published)


@pytest.mark.parametrize("raw", LINES, ids=range(len(LINES)))
def test_plain_object_is_json_loads_of_the_decoded_line(raw):
    if not isinstance(raw, bytes):
        return
    try:
        row = plain_json_object(raw)
    except InputError as exc:  # (the one thing it refuses itself: a line deeper than orjson reads)
        assert str(exc) == "not JSON: nested too deep" and raw.count(b"[") > 1024
        return
    if row is None:
        return
    text, warnings = decode_bytes(raw)
    assert warnings == []
    expected = json.loads(text)
    for key in ("id", "text", "published", "title", "url", "outlet"):
        assert type(row.get(key)) is type(expected.get(key)) and row.get(key) == expected.get(key), key


def test_plain_object_taken_for_ordinary_lines():
    assert plain_json_object(line(ARTICLE)) == ARTICLE
    for raw in (line({**ARTICLE, "id": 2 ** 64}), line({**ARTICLE, "id": 1.0}), line([ARTICLE]),
                codecs.BOM_UTF8 + line(ARTICLE), b'{"text": "a", "x": NaN}'):
        assert plain_json_object(raw) is None


def test_over_long_line_refused_before_parsing():
    small = IngestOptions(max_article_bytes=100)
    raw = line(ARTICLE)
    assert fields(article_from_jsonl_line(raw, path=PATH, line_number=7, options=small)) \
        == fields(reference(raw, options=small))


@pytest.mark.parametrize("depth", [10, 900, 995, 1010, 1024, 1025, 1030, 2000, 50000])
def test_deeply_nested_line_is_an_error_not_a_crash(depth):
    # (regression: json.loads raised RecursionError past ~990 levels, out of a reader that never raises
    # for bad input; orjson reads 1,024 levels and refuses more. Regression too: Python 3.13's json reads
    # thousands of levels, so a line of 1,030 was an article there and an error on 3.11: now an error on both)
    raw = b'{"id": "deep", "text": "' + TEXT.encode() + b'", "x": ' + b"[" * depth + b"]" * depth + b"}"
    item = article_from_jsonl_line(raw, path=PATH, line_number=7, options=OPTIONS)
    if depth < 1024:
        assert isinstance(item, Article) and item.id == "deep"
    else:
        assert isinstance(item, ArticleError) and item.reason == "not JSON: nested too deep"


def test_orjson_still_words_a_too_deep_line_as_the_reader_expects():
    """The reader recognises orjson's refusal of a too-deep line by its message: a new orjson that
    words it otherwise must fail here, not send the line to json, whose depth differs by Python."""
    import orjson

    with pytest.raises(orjson.JSONDecodeError) as refused:
        orjson.loads(b"[" * 1025 + b"]" * 1025)
    assert refused.value.msg in _ORJSON_TOO_DEEP
    with pytest.raises(InputError, match="^not JSON: nested too deep$"):
        plain_json_object(b'{"id": "a", "x": ' + b"[" * 1025 + b"]" * 1025 + b"}")


DEEP = b"[" * 1030 + b"]" * 1030


@pytest.mark.parametrize("raw", [
    json.dumps({"id": "d", "text": TEXT, "x": []}, ensure_ascii=False).replace("[]", DEEP.decode()),  # a str line
    codecs.BOM_UTF8 + b'{"id": "d", "text": "' + TEXT.encode() + b'", "x": ' + DEEP + b"}",  # orjson refuses the BOM
    b'{"id": "d", "text": "' + TEXT.encode() + b'", "y": NaN, "x": ' + DEEP + b"}",  # ... NaN
    b'{"id": "d", "text": "' + TEXT.encode() + b'\\ud800", "x": ' + DEEP + b"}",  # ... a lone surrogate
    b'{"id": "d", "text": "' + TEXT.encode() + b'", "title": 1.5, "x": ' + DEEP + b"}",  # a key read, not plain
], ids=["str", "bom", "nan", "surrogate", "float-title"])
def test_a_too_deep_line_that_goes_the_general_way_is_the_same_error(raw):
    """Regression: lines orjson does not read (or whose keys send them the general way) were left to
    json.loads, which on Python 3.13 reads 1,030 levels that 3.11 refuses."""
    item = article_from_jsonl_line(raw, path=PATH, line_number=7, options=OPTIONS)
    assert isinstance(item, ArticleError) and item.reason == "not JSON: nested too deep"


@pytest.mark.parametrize("text, deep", [
    ("[]", False),
    ("[" * 1024 + "]" * 1024, False),
    ("[" * 1025 + "]" * 1025, True),
    ("[{" * 512 + "}]" * 512, False),
    ("[{" * 513 + "}]" * 513, True),
    ('{"a": "' + "[" * 2000 + '"}', False),  # brackets in a string do not nest
    ('{"a": "x\\"' + "[" * 2000 + '"}', False),  # ... nor after an escaped quote
    ("[" * 600 + "]" * 600 + "[" * 600 + "]" * 600, False),  # many brackets, shallow
])
def test_nested_too_deep_counts_the_brackets_outside_strings(text, deep):
    assert nested_too_deep(text) is deep
