"""Golden file: the seed article (samples/seed-article.txt, published 2023-01-25) gives exactly the five
events of the project's guide -- one clash on 2022-12-26 in Raqqa with 6 fatalities, and four raids on
2023-01-25 in Raqqa, Tabqa, Karama and Sarrin -- with neutral actor names and their evidence.

The pipeline runs as users run it (ingest with boilerplate removal, then every stage) with a gazetteer
built from the upstream files of ``../shared/gazetteer``. Set ``MARSAD_UPDATE_GOLDEN=1`` to rewrite the
golden file after a deliberate change, and review the diff.
"""
import json
import os
from datetime import date
from pathlib import Path

import pytest

from marsad import Pipeline, load_settings
from marsad.gazetteer import build_gazetteer
from marsad.io.sources import read_inputs

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "samples" / "seed-article.txt"
GOLDEN = Path(__file__).with_name("golden") / "seed-article.events.jsonl"
SOURCES = ROOT.parent / "shared" / "gazetteer"
FIELDS = ("article_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
          "actor2", "assoc_actor_2", "country", "admin1", "location", "location_ar", "latitude", "longitude",
          "geo_precision", "fatalities", "evidence", "evidence_spans", "loaded_terms")


@pytest.fixture(scope="module")
def seed_events(tmp_path_factory):
    if not SOURCES.exists():
        pytest.skip(f"upstream gazetteer files not found at {SOURCES}")
    gazetteer = tmp_path_factory.mktemp("gaz") / "gaz.sqlite"
    build_gazetteer(SOURCES, gazetteer)
    nlp = Pipeline(load_settings(overrides={"gazetteer": {"path": str(gazetteer)}}))
    (article,) = list(read_inputs([SEED], published=date(2023, 1, 25)))
    doc = nlp(article)
    return doc, [{k: e.to_dict()[k] for k in FIELDS} for e in doc.events]


def test_seed_article_matches_golden_file(seed_events):
    _, events = seed_events
    if os.environ.get("MARSAD_UPDATE_GOLDEN"):
        GOLDEN.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events), encoding="utf-8")
    golden = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(events) == len(golden)
    for got, want in zip(events, golden):
        for key in FIELDS:
            if key in ("latitude", "longitude"):
                assert got[key] == pytest.approx(want[key], abs=1e-6), key
            else:
                assert got[key] == want[key], key


def test_seed_article_gives_the_five_events_of_the_guide(seed_events):
    _, events = seed_events
    summary = [(e["event_date"], e["sub_event_type"], e["location"], e["fatalities"]) for e in events]
    assert summary == [
        ("2022-12-26", "Armed clash", "Raqqa", 6),
        ("2023-01-25", "Other", "Raqqa", 0),
        ("2023-01-25", "Other", "Tabqa", 0),
        ("2023-01-25", "Other", "Karama", 0),
        ("2023-01-25", "Other", "Sarrin", 0),
    ]
    assert {e["actor1"] for e in events[1:]} == {"QSD: Syrian Democratic Forces"}
    assert events[0]["actor1"] == "Islamic State (Syria)"  # "مرتزقة داعش" coded with the neutral name


def test_seed_evidence_points_into_the_cleaned_text(seed_events):
    doc, events = seed_events
    assert "اظهر المزيد" not in doc.text  # site boilerplate removed before coding
    for event in events:
        assert " ".join(doc.text[s:e] for s, e in event["evidence_spans"]) == event["evidence"]


def test_seed_article_with_the_bundled_gazetteer():
    """Out of the box (no gazetteer built), the README's sample command gives the same five records."""
    nlp = Pipeline(load_settings(overrides={"gazetteer": {"path": ""}}))
    (article,) = list(read_inputs([SEED], published=date(2023, 1, 25)))
    events = nlp(article).events
    assert [(e.event_date, e.sub_event_type, e.fatalities) for e in events] == [
        ("2022-12-26", "Armed clash", 6)] + [("2023-01-25", "Other", 0)] * 4
    golden = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]
    for got, want in zip(events, golden):  # the same places, whichever gazetteer names them
        assert abs(got.latitude - want["latitude"]) < 0.05 and abs(got.longitude - want["longitude"]) < 0.05
