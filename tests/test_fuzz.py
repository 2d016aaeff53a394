"""Property-based fuzzing (Hypothesis) of every reader, the date and number parsers, the review
endpoint and the query parameters (issue 10): no generated input may raise out of a reader or
make the API answer 500.

The examples per test are tuned so that the whole file generates over 10,000 cases (the sum of
``max_examples`` below: 10,900) in about 20 seconds; ``derandomize`` makes every CI run try the same
cases (a failure reproduces), and no example database is written.
"""
from __future__ import annotations

import json
import string
from urllib.parse import quote
from datetime import date

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is not installed (pip install -e '.[test]')")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from fastapi.testclient import TestClient  # noqa: E402

from marsad.bounds import BoundsError, check_date, check_fatalities, safe_fatalities, strict_iso_date  # noqa: E402
from marsad.document import Article, parse_date  # noqa: E402
from marsad.errors import ArticleError, InputError  # noqa: E402
from marsad.io.ingest import IngestOptions, article_from_jsonl_line, decode_bytes  # noqa: E402
from marsad.io.output import csv_cell, csv_uncell  # noqa: E402
from marsad.io.sources import html_fragment_text, parse_feed, read_inputs  # noqa: E402
from marsad.pipeline.numbers import parse_number  # noqa: E402
from marsad.store import CORRECTABLE_FIELDS, SORT_COLUMNS, Store  # noqa: E402
from marsad.web.api import create_app  # noqa: E402

from store_samples import sample_articles  # noqa: E402


def fuzz(n: int):
    return settings(max_examples=n, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])


ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإةى٠١٢٣٤٥٦٧٨٩ "
arabic_text = st.text(alphabet=ARABIC + string.digits + string.punctuation, max_size=80)
any_text = st.one_of(st.text(max_size=120), arabic_text)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | any_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


# --------------------------------------------------------------------------- readers


@fuzz(1500)
@given(st.binary(max_size=400), st.sampled_from([None, "utf-8", "cp1256", "latin-1", "no-such-codec", "utf-16"]))
def test_decode_bytes_never_raises_but_its_own_error(data, declared):
    try:
        text, warnings = decode_bytes(data, declared=declared)
    except InputError:
        return
    assert isinstance(text, str) and isinstance(warnings, list)


@fuzz(1500)
@given(st.one_of(
    st.binary(max_size=300),
    st.builds(lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8"), json_values),
    st.builds(lambda text, published, ident: json.dumps({"id": ident, "text": text, "published": published},
                                                        ensure_ascii=False).encode("utf-8"),
              arabic_text, st.one_of(st.none(), any_text, st.integers()), st.one_of(st.none(), any_text, st.integers())),
))
def test_a_jsonl_line_is_an_article_or_an_error(raw):
    item = article_from_jsonl_line(raw, path="fuzz.jsonl", line_number=1, options=IngestOptions(min_arabic_letters=1))
    assert isinstance(item, (Article, ArticleError))


@fuzz(800)
@given(st.one_of(any_text, st.builds(lambda a, b: f"<p>{a}</p><div>{b}", any_text, any_text), st.binary(max_size=200)))
def test_html_fragments_are_text_or_an_input_error(data):
    try:
        assert isinstance(html_fragment_text(data), str)
    except InputError:  # undecodable bytes: the item's error (HtmlTask.load reports it)
        assert isinstance(data, bytes)


@fuzz(400)
@given(st.one_of(
    st.binary(max_size=300),
    st.builds(lambda body: (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item>{body}</item>'
                            "</channel></rss>").encode("utf-8"), any_text),
    st.builds(lambda body: f"<feed xmlns='http://www.w3.org/2005/Atom'><entry>{body}".encode("utf-8"), any_text),
))
def test_feeds_are_entries_or_an_error(data):
    entries, error = parse_feed(data, "fuzz.xml")
    assert (error is None) == bool(entries)


@fuzz(300)
@given(st.one_of(
    st.binary(max_size=300),
    st.builds(lambda head, body: b"WARC/1.0\r\n" + head + b"\r\n\r\n" + body, st.binary(max_size=120), st.binary(max_size=120)),
    st.builds(lambda data: b"\x1f\x8b" + data, st.binary(max_size=200)),
), st.sampled_from(["x.warc", "x.warc.gz", "x.jsonl.gz", "x.jsonl", "x.xml", "x.html", "x.txt"]))
def test_every_reader_turns_any_file_into_articles_or_errors(tmp_path_factory, data, name):
    path = tmp_path_factory.mktemp("fuzz") / name
    path.write_bytes(data)
    items = list(read_inputs([path], options=IngestOptions(min_arabic_letters=1)))
    assert all(isinstance(i, (Article, ArticleError)) for i in items)


# --------------------------------------------------------------------------- dates and numbers


@fuzz(1000)
@given(st.one_of(any_text, st.dates().map(str), st.integers().map(str), st.dates(), st.none()))
def test_date_parsers_answer_or_refuse(value):
    parse_date(value)
    try:
        check_date(value, now=date(2024, 6, 1))
    except BoundsError:
        pass
    if isinstance(value, str) or value is None:
        try:
            day = strict_iso_date(value)
        except BoundsError:
            return
        assert day is None or day.isoformat() == value.strip()


@fuzz(1000)
@given(st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True), any_text, st.booleans(), st.none()))
def test_fatality_bounds_answer_or_refuse(value):
    try:
        assert 0 <= check_fatalities(value) <= 100_000
    except BoundsError:
        pass
    assert 0 <= safe_fatalities(value) <= 100_000


@fuzz(1000)
@given(st.one_of(arabic_text, st.text(alphabet=string.printable + ARABIC, max_size=60)))
def test_number_parser_never_raises(text):
    value = parse_number(text)
    assert value is None or isinstance(value, int)


# Found by fuzzing: parse_number took str.isdigit() characters that int() refuses (superscripts).
@pytest.mark.parametrize("text", ["²", "5²"])
def test_number_parser_on_digits_int_refuses(text):
    assert parse_number(text) is None


@fuzz(600)
@given(any_text)
def test_csv_cells_round_trip(value):
    cell = csv_cell(value)
    assert not cell.startswith(("=", "@")) and csv_uncell(cell) == value or value.startswith("'")


# --------------------------------------------------------------------------- the API


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with Store(tmp_path_factory.mktemp("fuzzdb") / "fuzz.db", clock=lambda: date(2024, 6, 1)) as store:
        for article, events in sample_articles():
            store.add_article(article, events)
        ids = [e.id for e in store.events(sort="event_id")]
        with TestClient(create_app(store), raise_server_exceptions=False) as c:
            c.event_ids = ids
            yield c


field_values = st.one_of(json_values, st.integers(min_value=-10**40, max_value=10**40), st.dates().map(str))


@fuzz(1400)
@given(st.data())
def test_the_review_endpoint_never_answers_500(client, data):
    event_id = data.draw(st.one_of(st.sampled_from(client.event_ids), st.text(max_size=30)))
    body = data.draw(st.one_of(
        json_values,
        st.fixed_dictionaries({
            "action": st.sampled_from(["confirm", "correct", "reject", "approve"]),
            "fields": st.dictionaries(st.sampled_from(CORRECTABLE_FIELDS + ("color",)), field_values, max_size=3),
            "reviewer": st.one_of(st.just("Fuzz"), any_text),
            "comment": any_text,
        }),
    ))
    # (json.dumps writes NaN and Infinity as a hostile client may: not JSON, but Python's parser takes them)
    response = client.post(f"/api/events/{quote(event_id, safe='')}/review", content=json.dumps(body),
                           headers={"content-type": "application/json"})
    assert response.status_code in (200, 400, 404, 405, 422), (response.status_code, response.text[:300])


query_values = st.one_of(any_text, st.integers(min_value=-2**70, max_value=2**70).map(str), st.dates().map(str),
                         st.lists(st.sampled_from(SORT_COLUMNS + ("-fatalities", "evidence", "")), max_size=30).map(",".join))


@fuzz(1400)
@given(st.sampled_from(["/api/events", "/api/incidents", "/api/stats", "/api/export", "/api/reviews", "/api/alerts",
                        "/api/new"]),
       st.dictionaries(st.sampled_from(["limit", "offset", "sort", "date_from", "date_to", "country", "admin1", "event_type",
                                        "sub_event_type", "actor", "q", "status", "article_id", "format", "per",
                                        "orphaned", "since", "after", "event_id"]), query_values, max_size=5))
def test_query_parameters_never_answer_500(client, path, params):
    response = client.get(path, params=params)
    assert response.status_code in (200, 400, 404, 422), (path, params, response.status_code, response.text[:300])
