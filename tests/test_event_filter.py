"""The filter step of the events stage: its packaged model, its features, its decisions and its training."""
import json
import math
from datetime import date
from pathlib import Path

import pytest

from marsad import Article, Pipeline, load_settings
from marsad.pipeline.event_filter import FilterModel, load_model
from marsad.pipeline.explain import explain

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "samples" / "seed-article.txt").read_text(encoding="utf-8")
SEED_PUBLISHED = date(2023, 1, 25)


def pipeline(filter_on: bool, features: bool = True) -> Pipeline:
    return Pipeline(load_settings(overrides={"extract": {"event_filter": filter_on, "candidate_features": features}}))


def test_the_packaged_model_is_well_formed_and_says_how_it_was_trained():
    model = load_model()
    assert model is not None
    assert 0.0 < model.threshold < 1.0 and math.isfinite(model.bias)
    assert model.weights and all(math.isfinite(w) for w in model.weights.values())
    cv = model.meta["cross_validation"]
    assert cv["by"] == "article" and cv["folds"] >= 2
    for side in ("without_filter", "with_filter"):
        assert 0.0 <= cv[side]["detection_f1"] <= 1.0
    assert model.meta["trained_on"]["held_out"] != "none"  # the check subset is never trained on


@pytest.mark.parametrize(
    "weights, bias, features, expected",
    [
        ({}, 0.0, {}, 0.5),
        ({"weak_trigger": -2.0}, 1.0, {"weak_trigger": 1.0}, 1 / (1 + math.exp(1.0))),
        ({"a": 1.0, "b": 2.0}, -1.0, {"a": 1.0, "b": 0.5, "unknown": 9.0}, 1 / (1 + math.exp(-1.0))),
        ({"a": -100.0}, 0.0, {"a": 1.0}, 0.0),  # no overflow far out on the tail
    ],
)
def test_probability_is_the_logistic_of_the_weighted_sum(weights, bias, features, expected):
    assert FilterModel(weights, bias, 0.5, {}).probability(features) == pytest.approx(expected)


def test_reasons_name_the_features_that_weighed_most():
    model = FilterModel({"a": 0.1, "b": -3.0, "c": 1.0}, 0.0, 0.5, {})
    assert [name for name, _ in model.reasons({"a": 1.0, "b": 1.0, "c": 1.0}, top=2)] == ["b", "c"]


def test_model_round_trips_through_json():
    model = FilterModel({"x": 1.5}, -0.25, 0.4, {"method": "test"})
    again = FilterModel.from_json(json.loads(json.dumps(model.to_json())))
    assert again == model


def test_every_candidate_carries_named_features():
    doc = pipeline(False)(Article(id="seed", text=SEED, published=SEED_PUBLISHED))
    assert len(doc.candidates) == len(doc.events) == 5
    for cand in doc.candidates:
        assert cand.kept and cand.probability is None
        assert any(k.startswith("sub:") for k in cand.features) and any(k.startswith("trigger:") for k in cand.features)
        assert 0.0 <= cand.features["position_in_article"] <= 1.0


def test_features_are_left_out_with_the_filter_off_unless_asked_for():
    article = Article(id="seed", text=SEED, published=SEED_PUBLISHED)
    plain = pipeline(False, features=False)(article)
    assert plain.candidates and all(c.features == {} for c in plain.candidates)
    assert [c.record for c in plain.candidates] == [c.record for c in pipeline(False)(article).candidates]


def test_filter_off_keeps_every_candidate_and_on_it_follows_the_model(monkeypatch):
    article = Article(id="seed", text=SEED, published=SEED_PUBLISHED)
    off = pipeline(False)(article)
    drop_all = FilterModel({}, -5.0, 0.5, {})
    monkeypatch.setattr("marsad.pipeline.events.load_model", lambda: drop_all)
    on = pipeline(True)(Article(id="seed", text=SEED, published=SEED_PUBLISHED))
    assert off.events and not on.events
    assert len(on.candidates) == len(off.candidates)
    assert all(not c.kept and "dropped by the filter" in c.record.notes for c in on.candidates)
    assert "5 candidate(s) dropped by the filter" in explain(on)


def test_training_on_a_small_gold_set_writes_a_model_with_cross_validated_scores(tmp_path):
    pytest.importorskip("sklearn")
    from marsad.training import article_folds, split_hold_out, train_filter

    nlp = pipeline(False)
    seed_doc = nlp(Article(id="seed", text=SEED, published=SEED_PUBLISHED))
    golds = [e.to_dict() for e in seed_doc.events]
    rows = []
    for k in range(6):  # the seed with its true events, and with one false: both labels occur
        rows.append({"id": f"a{k}", "published": "2023-01-25", "text": SEED, "events": golds if k % 2 else golds[:3]})
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    model, report = train_filter(gold, nlp, folds=2, hold_out_every=3)
    assert report["trained_on"]["articles"] == 4 and report["held_out"]["articles"] == 2
    assert report["cross_validation"]["folds"] == 2
    assert 0.0 < model.threshold < 1.0 and model.weights
    assert len(set(article_folds([r["id"] for r in rows], 2).values())) == 2
    train, held = split_hold_out(rows, 3)
    assert [r["id"] for r in held] == ["a0", "a3"] and len(train) == 4
