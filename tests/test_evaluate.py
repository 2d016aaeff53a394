"""marsad.evaluate: hand-computed cases, and identical output to the shared reference scorer."""
from __future__ import annotations

import copy
import importlib.util
import json
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from marsad.document import EventRecord
from marsad.evaluate import (
    EVENT_TYPES,
    EvalError,
    event_problems,
    format_scores,
    haversine_km,
    load_gold,
    load_pred,
    match_events,
    score,
)
from marsad.io.output import write_events

SHARED = Path(__file__).resolve().parents[2] / "shared"
REFERENCE = SHARED / "eval" / "score.py"
GOLD = SHARED / "eval" / "dev" / "gold.jsonl"
KM_PER_DEGREE_LAT = 6371.0 * 3.141592653589793 / 180  # 111.19 km

needs_reference = pytest.mark.skipif(not REFERENCE.exists(), reason="needs ../shared/eval/score.py")
needs_gold = pytest.mark.skipif(not GOLD.exists(), reason="needs ../shared/eval/dev/gold.jsonl")


def ev(**changes) -> dict:
    base = {
        "event_date": "2023-01-24", "time_precision": 1, "event_type": "Battles", "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Syria (2000-2024)", "actor2": "Opposition Rebels (Syria)",
        "latitude": 35.0, "longitude": 36.0, "geo_precision": 1, "fatalities": 2,
    }
    base.update(changes)
    return base


def north(km: float, lat: float = 35.0) -> float:
    """The latitude ``km`` north of ``lat`` (same longitude)."""
    return lat + km / KM_PER_DEGREE_LAT


def run(golds: list[dict], preds: list[dict], extra_articles=()) -> dict:
    gold_rows = [{"id": "a", "events": golds}, *extra_articles]
    return score(gold_rows, {"a": preds})


# --------------------------------------------------------------------------- hand-computed cases


def test_identical_events_score_one():
    result = run([ev()], [ev()])
    assert result["matched"] == 1
    for key in ("detection_precision", "detection_recall", "detection_f1", "strict_f1", "event_type_on_matched",
                "sub_event_type_on_matched", "date_on_matched", "location_10km_on_matched", "fatalities_on_matched",
                "actors_jaccard_on_matched"):
        assert result[key] == 1.0, key


@pytest.mark.parametrize(
    "gold, pred, matched, strict",
    [
        (ev(), ev(event_date="2023-01-25"), 1, 0),  # 1 day: a match, not strict
        (ev(), ev(event_date="2023-01-26"), 0, 0),  # 2 days, day precision: no match
        (ev(), ev(event_date="2023-01-30", time_precision=2), 1, 0),  # 6 days, week precision
        (ev(time_precision=3), ev(event_date="2023-01-31"), 1, 0),  # 7 days, gold month precision
        (ev(time_precision=3), ev(event_date="2023-02-01"), 0, 0),  # 8 days: too far even loosely
        (ev(), ev(latitude=north(9)), 1, 1),  # 9 km: strict
        (ev(), ev(latitude=north(20)), 1, 0),  # 20 km: a match, not strict
        (ev(), ev(latitude=north(30)), 0, 0),  # 30 km: no match
        (ev(geo_precision=3), ev(latitude=north(45)), 1, 1),  # governorate-level gold: 50 km, strict too
        (ev(geo_precision=3), ev(latitude=north(55)), 0, 0),
        (ev(), ev(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike"), 1, 0),  # other type
        (ev(), ev(latitude="x"), 0, 0),  # unreadable point
        (ev(), ev(event_date="yesterday"), 0, 0),
    ],
)
def test_matching_rules(gold, pred, matched, strict):
    result = run([gold], [pred])
    assert result["matched"] == matched
    assert result["detection_f1"] == float(matched)
    assert result["strict_f1"] == float(strict)


def test_matching_is_one_to_one_best_pairs_first():
    gold = [ev(sub_event_type="Armed clash"), ev(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike")]
    # The first prediction is an air strike a day later: it goes with the air-strike gold event (same
    # sub-event type beats the exact date), leaving the clash to the second prediction.
    preds = [ev(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike", event_date="2023-01-25"),
             ev(sub_event_type="Armed clash")]
    assert match_events(preds, gold) == [(1, 0), (0, 1)]
    result = run(gold, preds)
    assert result["matched"] == 2 and result["sub_event_type_on_matched"] == 1.0 and result["date_on_matched"] == 0.5


def test_extra_predictions_are_false_positives():
    result = run([ev()], [ev(), ev(), ev(latitude=north(100))])
    assert (result["matched"], result["pred_events"]) == (1, 3)
    assert result["detection_precision"] == round(1 / 3, 4) and result["detection_recall"] == 1.0
    assert result["detection_f1"] == 0.5


def test_missed_gold_events_lower_recall():
    result = run([ev(), ev(event_date="2023-01-10"), ev(event_date="2023-01-01")], [ev()])
    assert result["detection_recall"] == round(1 / 3, 4) and result["detection_precision"] == 1.0


def test_attribute_agreement_on_matched_pairs():
    result = run([ev(fatalities=2, actor2="Civilians (Syria)")], [ev(fatalities=3, actor2="")])
    assert result["fatalities_on_matched"] == 0.0
    assert result["actors_jaccard_on_matched"] == 0.5  # {army} vs {army, civilians}


@pytest.mark.parametrize(
    "event, problems",
    [
        (ev(), []),
        (ev(event_date=""), ["event_date"]),
        (ev(latitude=None), ["latitude/longitude"]),
        (ev(latitude=95.0), ["latitude/longitude"]),
        (ev(sub_event_type="Air/drone strike"), ["event_type/sub_event_type"]),
        (ev(event_type="Battle"), ["event_type/sub_event_type"]),
        (ev(fatalities=-1), ["fatalities"]),
        (ev(fatalities="2"), ["fatalities"]),
        (ev(actor1=""), ["actor1"]),
    ],
)
def test_event_problems(event, problems):
    assert event_problems(event) == problems


def test_invalid_predictions_are_counted():
    result = run([ev()], [ev(), ev(actor1="", fatalities=-2)])
    assert result["invalid_pred_events"] == 1


def test_articles_without_gold_events():
    extra = [{"id": "quiet", "events": []}, {"id": "noisy", "events": []}]
    result = score([{"id": "a", "events": [ev()]}, *extra], {"a": [ev()], "noisy": [ev()], "not-in-gold": [ev()]})
    assert result["no_event_articles"] == 2 and result["no_event_articles_kept_clean"] == 1
    assert result["pred_events"] == 2  # the article that gold lacks is ignored
    assert result["articles"] == 3


def test_no_predictions_at_all():
    result = score([{"id": "a", "events": [ev()]}], {})
    assert result["matched"] == 0 and result["detection_f1"] == 0.0 and result["actors_jaccard_on_matched"] == 0.0


def test_predictions_may_be_event_records():
    record = EventRecord(**{k: v for k, v in ev().items()})
    assert run([ev()], [record])["strict_f1"] == 1.0


def test_event_types_are_the_codebook_list():
    assert sum(len(v) for v in EVENT_TYPES.values()) == 25


def test_scorer_typology_is_the_package_typology():
    """The scorer keeps its own copy (as the reference does); this catches either drifting."""
    from marsad.pipeline.event_types import sub_event_types

    assert {(e.event_type, name) for name, e in sub_event_types().items()} == {
        (t, s) for t, subs in EVENT_TYPES.items() for s in subs}


def test_haversine_km():
    assert haversine_km((35.0, 36.0), (35.0, 36.0)) == 0.0
    assert abs(haversine_km((35.0, 36.0), (north(10), 36.0)) - 10.0) < 1e-6


# --------------------------------------------------------------------------- files


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_load_pred_article_per_line_and_event_per_line(tmp_path):
    by_article = write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "events": [ev(), ev()]}, {"id": "b", "events": None}])
    by_event = write_jsonl(tmp_path / "e.jsonl", [{"article_id": "a", **ev()}, {"article_id": "a", **ev()}])
    assert {k: len(v) for k, v in load_pred(by_article).items()} == {"a": 2, "b": 0}
    assert {k: len(v) for k, v in load_pred(by_event).items()} == {"a": 2}


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "geojson"])
def test_marsad_output_files_score_like_their_records(tmp_path, fmt):
    gold = [{"id": "a", "events": [ev(), ev(event_date="2023-01-20")]}]
    records = [EventRecord(article_id="a", **ev()), EventRecord(article_id="a", **ev(latitude=north(15)))]
    path = tmp_path / f"pred.{fmt}"
    write_events(records, path)
    assert score(gold, load_pred(path)) == score(gold, {"a": [r.to_dict() for r in records]})


@pytest.mark.parametrize("content, message", [("{not json\n", "not JSON"), ('["a"]\n', "JSON object")])
def test_bad_files_raise_eval_error(tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvalError, match=message):
        load_gold(path)


def test_missing_file_raises_eval_error(tmp_path):
    with pytest.raises(EvalError):
        load_pred(tmp_path / "none.jsonl")


def test_format_scores_aligns_keys():
    text = format_scores({"articles": 3, "detection_f1": 0.5})
    assert text.splitlines() == [f"{'articles':34} 3", f"{'detection_f1':34} 0.5"]


# --------------------------------------------------------------------------- against the reference


@pytest.fixture(scope="module")
def reference():
    spec = importlib.util.spec_from_file_location("shared_score", REFERENCE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def synthetic(seed: int) -> tuple[list[dict], dict[str, list[dict]]]:
    """Random gold articles and predictions near them, with invalid and unmatched ones mixed in."""
    rng = random.Random(seed)
    types = [(t, s) for t, subs in EVENT_TYPES.items() for s in sorted(subs)]
    actors = ["Military Forces of Syria (2000-2024)", "Opposition Rebels (Syria)", "Civilians (Syria)",
              "Islamic State (Syria)", "QSD: Syrian Democratic Forces", ""]
    start = date(2023, 1, 1)

    def random_event() -> dict:
        event_type, sub = rng.choice(types)
        return {
            "event_date": (start + timedelta(days=rng.randrange(20))).isoformat(),
            "time_precision": rng.choice([1, 1, 1, 2, 3]),
            "event_type": event_type, "sub_event_type": sub,
            "actor1": rng.choice(actors[:-1]), "actor2": rng.choice(actors),
            "latitude": round(35 + rng.uniform(-0.4, 0.4), 5), "longitude": round(37 + rng.uniform(-0.4, 0.4), 5),
            "geo_precision": rng.choice([1, 1, 2, 3]), "fatalities": rng.choice([0, 0, 1, 3, 12]),
        }

    def perturb(event: dict) -> dict:
        p = dict(event)
        p["event_date"] = (date.fromisoformat(p["event_date"]) + timedelta(days=rng.choice([0, 0, 0, 1, -1, 2, 5, 9]))).isoformat()
        p["latitude"] = round(p["latitude"] + rng.choice([0, 0, 0.05, 0.15, 0.3, 0.6]) * rng.choice([1, -1]), 5)
        p["time_precision"] = rng.choice([1, 1, 2, p["time_precision"]])
        if rng.random() < 0.3:
            p["event_type"], p["sub_event_type"] = rng.choice(types)
        if rng.random() < 0.3:
            p["fatalities"] = rng.choice([0, 1, 3, -1, "3", None])
        if rng.random() < 0.1:
            p["actor1"] = ""
        if rng.random() < 0.05:
            p["latitude"] = None
        if rng.random() < 0.05:
            p["event_date"] = "not a date"
        if rng.random() < 0.05:
            p["sub_event_type"] = "Armed clash" if p["event_type"] != "Battles" else "Arrests"
        return p

    gold_rows, preds = [], {}
    for n in range(25):
        golds = [random_event() for _ in range(rng.choice([0, 1, 1, 2, 3, 5]))]
        gold_rows.append({"id": f"art-{n}", "events": golds})
        predicted = [perturb(g) for g in golds if rng.random() < 0.8]
        predicted += [random_event() for _ in range(rng.choice([0, 0, 1, 2]))]
        rng.shuffle(predicted)
        if predicted or rng.random() < 0.5:
            preds[f"art-{n}"] = predicted
    preds["not-in-gold"] = [random_event()]
    return gold_rows, preds


@needs_reference
@pytest.mark.parametrize("seed", range(12))
def test_synthetic_sets_score_as_the_reference(reference, seed):
    gold_rows, preds = synthetic(seed)
    assert score(gold_rows, preds) == reference.score(copy.deepcopy(gold_rows), copy.deepcopy(preds))


def perturbed_dev_preds(gold_rows: list[dict], how: str, seed: int = 0) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    preds: dict[str, list[dict]] = {}
    for row in gold_rows:
        out = []
        for event in row["events"]:
            p = dict(event)
            if how == "shift_dates":
                p["event_date"] = (date.fromisoformat(p["event_date"]) + timedelta(days=rng.choice([-8, -2, -1, 0, 1, 3, 6]))).isoformat()
            elif how == "move_points":
                p["latitude"] = p["latitude"] + rng.choice([0, 5, 12, 24, 30, 45, 60]) / KM_PER_DEGREE_LAT
            elif how == "drop":
                if rng.random() < 0.3:
                    continue
            elif how == "relabel":
                if rng.random() < 0.4:
                    p["sub_event_type"] = rng.choice(sorted(EVENT_TYPES[p["event_type"]]))
                if rng.random() < 0.2:
                    p["fatalities"] = p["fatalities"] + 1
                    p["actor2"] = ""
            elif how == "duplicate":
                out.append(dict(p))
            out.append(p)
        preds[row["id"]] = out
    return preds


@needs_reference
@needs_gold
@pytest.mark.parametrize(
    "how, lowered",
    [
        ("identity", None),
        ("shift_dates", "strict_f1"),
        ("move_points", "detection_f1"),
        ("drop", "detection_recall"),
        ("relabel", "sub_event_type_on_matched"),
        ("duplicate", "detection_precision"),
    ],
)
def test_perturbed_dev_gold_scores_as_the_reference(reference, how, lowered):
    gold_rows = load_gold(GOLD)
    preds = perturbed_dev_preds(gold_rows, how)
    mine = score(gold_rows, preds)
    assert mine == reference.score(copy.deepcopy(gold_rows), copy.deepcopy(preds))
    if lowered is None:  # gold against itself
        assert mine["detection_f1"] == mine["strict_f1"] == mine["actors_jaccard_on_matched"] == 1.0
    else:
        assert mine[lowered] < 1.0


@needs_reference
@needs_gold
def test_cli_output_matches_the_reference_script(tmp_path):
    """Same files through both programs: the printed JSON is identical."""
    gold_rows = load_gold(GOLD)
    preds = perturbed_dev_preds(gold_rows, "shift_dates", seed=3)
    pred_path = write_jsonl(tmp_path / "pred.jsonl", [{"article_id": k, **e} for k, v in preds.items() for e in v])
    ref = subprocess.run([sys.executable, str(REFERENCE), str(GOLD), str(pred_path), "--json"],
                         capture_output=True, text=True, check=True).stdout
    mine = subprocess.run([sys.executable, "-m", "marsad", "eval", str(GOLD), str(pred_path), "--json"],
                          capture_output=True, text=True, check=True).stdout
    assert mine == ref
    ref_text = subprocess.run([sys.executable, str(REFERENCE), str(GOLD), str(pred_path)],
                              capture_output=True, text=True, check=True).stdout
    mine_text = subprocess.run([sys.executable, "-m", "marsad", "eval", str(GOLD), str(pred_path)],
                               capture_output=True, text=True, check=True).stdout
    assert mine_text == ref_text
