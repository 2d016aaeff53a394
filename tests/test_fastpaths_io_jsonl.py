"""The JSONL line of a record written by orjson (marsad.io.output.jsonl_line) against the reference,
``json.dumps(row, ensure_ascii=False) + "\\n"`` in UTF-8: every code point in a string, floats json and
orjson write differently, values orjson must leave to json, and the writer's bytes into a file."""
from __future__ import annotations

import dataclasses
import enum
import io
import json
import math

import pytest

from marsad.document import EventRecord
from marsad.io.output import EventWriter, event_row, jsonl_line


def reference_line(row: dict) -> bytes:
    return (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")


RECORD = EventRecord(event_date="2021-03-04", time_precision=1, event_type="Battles", sub_event_type="Armed clash",
                     actor1="Military Forces of Syria (2000-2024)", actor2="Islamic State (Syria)", country="Syria",
                     admin1="Deir ez-Zor", location="Al Mayadin", location_ar="الميادين", latitude=35.01,
                     longitude=40.45, geo_precision=1, fatalities=3, evidence="اشتباكات \"عنيفة\" قرب المدينة\n",
                     article_id="a-1", event_id="e1", evidence_spans=[(0, 24), (30, 41)], notes="trigger: اشتباكات",
                     loaded_terms="Islamic State (Syria): دواعش")
ROW = event_row(RECORD, source="Hawar")

# every code point but the surrogates, a few thousand to a string
CODE_POINTS = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
CHUNKS = ["".join(map(chr, CODE_POINTS[i:i + 4096])) for i in range(0, len(CODE_POINTS), 4096)]


@pytest.mark.parametrize("chunk", range(len(CHUNKS)))
def test_every_code_point_as_json(chunk):
    row = {**ROW, "evidence": CHUNKS[chunk], "location_ar": CHUNKS[chunk][::-1]}
    assert jsonl_line(row) == reference_line(row)


class Colour(enum.IntEnum):
    RED = 1


class Name(str):
    pass


VALUES = [
    ("evidence", 'a ",\n  "x": 1, b\\'),  # the indent's separator and a key written inside a string
    ("evidence", "\x00\x01\x1f\x7f\u2028\u2029\ufeff\t\r\b\f"),
    ("evidence", "\U0001F600 😀 \u200f\u200e"),
    ("notes", ""),
    ("latitude", 1e-05),
    ("latitude", -1e-07),
    ("latitude", 0.0001),
    ("latitude", -0.0),
    ("latitude", 1e16),
    ("latitude", 1.5e300),
    ("latitude", 5e-324),
    ("longitude", 0.1 + 0.2),
    ("longitude", math.nan),
    ("longitude", math.inf),
    ("longitude", -math.inf),
    ("latitude", 36),  # an int where a float is declared
    ("latitude", "33.5"),
    ("fatalities", 2 ** 70),  # beyond orjson's 64 bits
    ("fatalities", -(2 ** 63)),
    ("fatalities", 2 ** 64 - 1),
    ("fatalities", True),
    ("fatalities", None),
    ("fatalities", 3.0),  # a float where no float is expected
    ("fatalities", 1e-06),
    ("fatalities", Colour.RED),
    ("location", Name("Homs")),
    ("evidence_spans", []),
    ("evidence_spans", [[1, 2.5e-05], [3, 4]]),
    ("evidence_spans", [(1, 2)]),
    ("evidence_spans", ((1, 2),)),
    ("notes", ["a", ["b"], {"c": 1e-05}]),  # a nested list where none is expected
    ("notes", {"k": "v"}),
    ("notes", ()),
]


@pytest.mark.parametrize("key,value", VALUES)
def test_values_as_json(key, value):
    row = {**ROW, key: value}
    assert jsonl_line(row) == reference_line(row)
    assert row[key] is value  # the row is not changed


@pytest.mark.parametrize("row", [{}, {"a": 1}, {"k\"\n": "v"}, {"only": 1e-05}, {"x": [], "evidence_spans": [[1, 2]]}])
def test_other_rows_as_json(row):
    assert jsonl_line(row) == reference_line(row)


def test_lone_surrogate_fails_as_before():
    row = {**ROW, "evidence": "a\ud800b"}
    with pytest.raises(UnicodeEncodeError):
        reference_line(row)
    with pytest.raises(UnicodeEncodeError):
        jsonl_line(row)


RECORDS = [RECORD, dataclasses.replace(RECORD, latitude=1e-05, longitude=math.nan, evidence_spans=[]),
           dataclasses.replace(RECORD, fatalities=2 ** 70, evidence="سطر\nآخر")]


def test_writer_bytes_as_json_dumps(tmp_path):
    expected = b"".join(reference_line(event_row(r, source="Hawar")) for r in RECORDS)
    path = tmp_path / "events.jsonl"
    with EventWriter(path) as writer:
        for record in RECORDS:
            writer.write(record, source="Hawar")
    assert path.read_bytes() == expected
    buf = io.StringIO()
    with EventWriter(buf, "jsonl") as writer:
        for record in RECORDS:
            writer.write(record, source="Hawar")
    assert buf.getvalue().encode("utf-8") == expected


def test_a_callers_text_stream_takes_a_lone_surrogate_as_before():
    """A caller's StringIO took json's text of a record with a lone surrogate (a cut emoji); the
    writer must not encode that line to UTF-8 first (it raised UnicodeEncodeError)."""
    import json

    record = dataclasses.replace(RECORD, evidence="a\ud83db")
    buf = io.StringIO()
    with EventWriter(buf, "jsonl") as writer:
        writer.write(record, source="Hawar")
    assert buf.getvalue() == json.dumps(event_row(record, source="Hawar"), ensure_ascii=False) + "\n"
