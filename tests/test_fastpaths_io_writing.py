"""Fast paths of writing records (marsad.io.output, .notes, .suspect) against the reference
behaviour: the English note with its fields read at once, the suspect rules' toll floor, the
row's fields read by one attrgetter and its JSON line from an encoder built once."""
from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any

import pytest

from marsad.document import EventRecord
from marsad.io.notes import Phrase, _date_phrase, _short, _fatalities_phrase, admin1_name, english_note, note_phrases
from marsad.io.output import ROW_FIELDS, EventWriter, event_row, events_to_string
from marsad.io.suspect import _Fields, suspect_reasons, suspect_rules
from marsad.bounds import safe_fatalities


def _get(record: Any, name: str, default: Any = "") -> Any:
    if isinstance(record, dict):
        return record.get(name, default)
    return getattr(record, name, default)


def reference_note(record: Any, outlet: str = "") -> str:
    """english_note as written field by field."""
    sub = (_get(record, "sub_event_type") or "").strip()
    phrase = note_phrases().get(sub)
    if phrase is None:
        what = (sub or _get(record, "event_type") or "event").strip()
        article = "an" if what[:1].lower() in "aeiou" else "a"
        phrase = Phrase(f"were involved in {article} {what[:1].lower()}{what[1:]}", "", f"{article} {what[:1].lower()}{what[1:]}")
    actor1 = (_get(record, "actor1") or "").strip()
    actor2 = (_get(record, "actor2") or "").strip()
    assoc = [_short(a.strip()) for a in (_get(record, "assoc_actor_1") or "").split(";") if a.strip()]
    parts = [_date_phrase(_get(record, "event_date"), int(_get(record, "time_precision", 1) or 1)), ", "]
    if actor1:
        parts.append(actor1)
        if assoc:
            parts.append(" with " + " and ".join(assoc))
        parts.append(" " + phrase.verb)
        if actor2:
            parts.append(f" {phrase.target} {actor2}" if phrase.target else f" {actor2}")
    else:
        parts.append(phrase.noun)
        if actor2:
            parts.append(f" {phrase.target} {actor2}" if phrase.target else f" involving {actor2}")
        parts.append(" was reported")
    admin1 = admin1_name(_get(record, "admin1") or "")
    place = [p for p in dict.fromkeys([(_get(record, "location") or "").strip(), admin1]) if p]
    if not place and _get(record, "country"):
        place = [_get(record, "country")]
    if place:
        near = int(_get(record, "geo_precision", 1) or 1) == 2
        parts.append((" near " if near else " in ") + ", ".join(place))
    parts.append("; " + _fatalities_phrase(int(_get(record, "fatalities", 0) or 0)) + ".")
    if outlet:
        parts.append(f" Reported by {outlet}.")
    return "".join(parts)


def reference_suspect(record: Any) -> str:
    """suspect_reasons with every rule tried on every record."""
    if isinstance(record, dict):
        fields = _Fields(record)
    else:
        fields = _Fields({name: getattr(record, name, "") for name in (
            "fatalities", "sub_event_type", "event_type", "geo_precision", "location", "country", "admin1")})
    fields["fatalities"] = safe_fatalities(fields.get("fatalities"))
    precision = fields.get("geo_precision")
    fields["geo_precision"] = precision if isinstance(precision, int) and 1 <= precision <= 3 else 1
    for name in ("sub_event_type", "event_type", "location", "country", "admin1"):
        if not isinstance(fields.get(name), str):
            fields[name] = ""
    return "; ".join(rule.reason.format_map(fields) for rule in suspect_rules() if rule.applies(fields))


BASE = EventRecord(event_date="2021-03-04", time_precision=1, event_type="Battles", sub_event_type="Armed clash",
                   actor1="Military Forces of Syria (2000-2024)", actor2="Islamic State (Syria)", country="Syria",
                   admin1="Deir ez-Zor", location="Al Mayadin", location_ar="الميادين", latitude=35.01,
                   longitude=40.45, geo_precision=1, fatalities=3, evidence="اشتباكات عنيفة قرب المدينة",
                   article_id="a-1", event_id="e1", evidence_spans=[(0, 24)], notes="trigger: اشتباكات",
                   loaded_terms="Islamic State (Syria): دواعش")

RECORDS = [
    BASE,
    dataclasses.replace(BASE, fatalities=0),
    dataclasses.replace(BASE, fatalities=500),
    dataclasses.replace(BASE, fatalities=80, location="Deir ez-Zor", geo_precision=3),
    dataclasses.replace(BASE, fatalities=7, location="Syria", admin1=""),
    dataclasses.replace(BASE, fatalities=2, sub_event_type="Peaceful protest", event_type="Protests"),
    dataclasses.replace(BASE, fatalities="12"),  # a malformed stored value
    dataclasses.replace(BASE, fatalities=-4),
    dataclasses.replace(BASE, fatalities=True),
    dataclasses.replace(BASE, fatalities=None),
    dataclasses.replace(BASE, time_precision=2, geo_precision=2, assoc_actor_1="Asayish: Kurdish police; Sanadid"),
    dataclasses.replace(BASE, time_precision=3, actor1="", actor2=""),
    dataclasses.replace(BASE, sub_event_type="Something new", event_type="Odd events", actor1=""),
    dataclasses.replace(BASE, sub_event_type="", event_type="", location="", admin1="", country=""),
    dataclasses.replace(BASE, event_date="not a date"),
    dataclasses.replace(BASE, location="", admin1="", country="Iraq"),
]
DICTS = [
    {"fatalities": 3},
    {"fatalities": 0, "sub_event_type": "Air/drone strike", "actor1": "Military Forces of Turkey"},
    {"fatalities": "900", "location": "Iraq", "country": "Iraq", "event_date": ["2020"]},
    {},
    {"fatalities": 60, "location": "Homs", "admin1": "Homs", "geo_precision": 3, "time_precision": "2"},
]


@pytest.mark.parametrize("outlet", ["", "Hawar"])
@pytest.mark.parametrize("record", RECORDS + DICTS)
def test_english_note_as_field_by_field(record, outlet):
    assert english_note(record, outlet) == reference_note(record, outlet)


@pytest.mark.parametrize("record", RECORDS + DICTS)
def test_suspect_reasons_as_every_rule_tried(record):
    assert suspect_reasons(record) == reference_suspect(record)


def test_suspect_rules_still_flag():
    assert suspect_reasons(RECORDS[2]) and not suspect_reasons(RECORDS[1])


@pytest.mark.parametrize("record", RECORDS)
def test_event_row_and_json_line_as_asdict_and_json_dumps(record):
    row = event_row(record, source="Hawar")
    expected = {name: getattr(record, name) for name in ROW_FIELDS}
    expected["evidence_spans"] = [list(span) for span in record.evidence_spans]
    expected["note_en"] = reference_note(record, "Hawar")
    expected["source"] = "Hawar"
    expected["suspect"] = reference_suspect(record)
    assert list(row) == list(expected) and row == expected
    written = events_to_string([record], "jsonl")
    assert written == json.dumps(event_row(record), ensure_ascii=False) + "\n"


def test_geojson_lines_as_json_dumps():
    text = events_to_string(RECORDS[:3], "geojson")
    features = json.loads(text)["features"]
    assert len(features) == 3
    from marsad.io.output import geojson_feature
    assert text.splitlines()[1].rstrip(",") == json.dumps(geojson_feature(RECORDS[0]), ensure_ascii=False)
