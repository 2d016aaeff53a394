"""Training the filter step of the events stage (:mod:`marsad.event_filter`) from a gold set.

Every article of the gold set goes through the pipeline with the filter off; each candidate
record is labelled by the scorer's own matching (matched to a gold record -> 1, else 0) and keeps
the named features the events stage computed for it. A logistic regression (scikit-learn, the
``train`` extra) is fitted on those; its threshold is the one that maximises detection F1 plus
strict F1 over out-of-fold predictions. Every reported score is cross-validated by article
(k folds, no article scored by a model that saw it), never measured on the training articles.

    marsad train-filter ../shared/eval/dev/gold.jsonl --out marsad/data/event_filter.json
"""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence

from .document import Article
from .errors import MarsadError
from .evaluate import match_events, score
from .pipeline.event_filter import FilterModel

DEFAULT_FOLDS = 5
DEFAULT_C = 0.3  # inverse L2 strength: many sparse features (trigger words), a few hundred articles
THRESHOLDS = tuple(round(0.20 + 0.02 * k, 2) for k in range(26))  # 0.20 .. 0.70


@dataclass
class Sample:
    article_id: str
    record: dict[str, Any]
    features: dict[str, float]
    label: int


def collect_samples(gold_rows: Sequence[Mapping[str, Any]], pipeline) -> list[Sample]:
    """Candidate records of every gold article (pipeline run with the filter off), labelled."""
    samples: list[Sample] = []
    for row in gold_rows:
        published = row.get("published")
        article = Article(
            id=str(row["id"]), text=row.get("text") or "", title=row.get("title") or "",
            published=date.fromisoformat(published[:10]) if published else None,
        )
        doc = pipeline(article)
        records = [c.record.to_dict() for c in doc.candidates]
        matched = {i for i, _ in match_events(records, row.get("events") or [])}
        for i, cand in enumerate(doc.candidates):
            samples.append(Sample(article.id, records[i], dict(cand.features), int(i in matched)))
    if samples and not any(s.features for s in samples):
        raise MarsadError("the candidates carry no features: train with a pipeline whose settings have "
                          "extract.candidate_features = true")
    return samples


def article_folds(article_ids: Iterable[str], folds: int, seed: int = 13) -> dict[str, int]:
    """Article id -> fold number: a fixed shuffle, so the folds are the same on every run."""
    ids = sorted(set(article_ids))
    random.Random(seed).shuffle(ids)
    return {a: k % folds for k, a in enumerate(ids)}


def _fit(samples: Sequence[Sample], c: float):
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MarsadError("training needs scikit-learn: pip install 'marsad[train]'") from exc
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([s.features for s in samples])
    y = [s.label for s in samples]
    if len(set(y)) < 2:
        raise MarsadError("training needs both kept and dropped candidates in the gold set")
    clf = LogisticRegression(C=c, max_iter=2000)
    clf.fit(x, y)
    weights = {name: float(w) for name, w in zip(vectorizer.get_feature_names_out(), clf.coef_[0]) if abs(w) > 1e-6}
    return FilterModel(weights, float(clf.intercept_[0]), 0.5, {})


def _kept_scores(gold_rows, samples: Sequence[Sample], probabilities: Sequence[float], threshold: float) -> dict:
    pred: dict[str, list] = {}
    for s, p in zip(samples, probabilities):
        if p >= threshold:
            pred.setdefault(s.article_id, []).append(s.record)
    return score(gold_rows, pred)


def cross_validate(gold_rows: Sequence[Mapping[str, Any]], samples: Sequence[Sample], folds: int = DEFAULT_FOLDS,
                   c: float = DEFAULT_C) -> tuple[list[float], float, dict]:
    """Out-of-fold probabilities by article, the best threshold on them, and the scores at it."""
    fold_of = article_folds((s.article_id for s in samples), folds)
    probabilities = [0.0] * len(samples)
    for k in range(folds):
        train = [s for s in samples if fold_of[s.article_id] != k]
        model = _fit(train, c)
        for i, s in enumerate(samples):
            if fold_of[s.article_id] == k:
                probabilities[i] = model.probability(s.features)
    best = max(THRESHOLDS, key=lambda t: _objective(_kept_scores(gold_rows, samples, probabilities, t)))
    return probabilities, best, _kept_scores(gold_rows, samples, probabilities, best)


def _objective(scores: Mapping[str, Any]) -> float:
    return float(scores["detection_f1"]) + float(scores["strict_f1"])


def split_hold_out(gold_rows: Sequence[Mapping[str, Any]], every: int) -> tuple[list, list]:
    """(training rows, held-out rows): every ``every``-th article by sorted id is held out (0: none).
    The held-out articles are never trained on; they are scored once, with the final model."""
    if every <= 0:
        return list(gold_rows), []
    ordered = sorted(gold_rows, key=lambda r: str(r["id"]))
    held = {str(r["id"]) for k, r in enumerate(ordered) if k % every == 0}
    return [r for r in gold_rows if str(r["id"]) not in held], [r for r in gold_rows if str(r["id"]) in held]


def train_filter(gold_path: Path, pipeline, folds: int = DEFAULT_FOLDS, c: float = DEFAULT_C,
                 hold_out_every: int = 0) -> tuple[FilterModel, dict]:
    """Fit the filter on the articles of ``gold_path`` (less every ``hold_out_every``-th, held out);
    the threshold and the training-set scores come from article-level cross-validation. Returns the
    model and a report of the scores (also kept in the model's ``meta``)."""
    from .evaluate import load_gold

    all_rows = load_gold(gold_path)
    gold_rows, held_rows = split_hold_out(all_rows, hold_out_every)
    samples = collect_samples(gold_rows, pipeline)
    unfiltered = _kept_scores(gold_rows, samples, [1.0] * len(samples), 0.5)
    _, threshold, cv_scores = cross_validate(gold_rows, samples, folds, c)
    fitted = _fit(samples, c)
    digest = hashlib.sha256(Path(gold_path).read_bytes()).hexdigest()[:16]
    keys = ("detection_precision", "detection_recall", "detection_f1", "strict_f1")
    meta: dict[str, Any] = {
        "trained_on": {"file": Path(gold_path).name, "articles": len(gold_rows), "sha256": digest,
                       "held_out": f"every {hold_out_every}th article by sorted id" if hold_out_every > 0 else "none",
                       "candidates": len(samples), "kept_in_gold": sum(s.label for s in samples)},
        "method": f"logistic regression (scikit-learn, L2, C={c}); threshold chosen on out-of-fold predictions",
        "cross_validation": {"folds": folds, "by": "article",
                             "without_filter": {k: unfiltered[k] for k in keys},
                             "with_filter": {k: cv_scores[k] for k in keys}},
    }
    model = FilterModel(fitted.weights, fitted.bias, threshold, meta)
    if held_rows:
        held = collect_samples(held_rows, pipeline)
        before = _kept_scores(held_rows, held, [1.0] * len(held), 0.5)
        after = _kept_scores(held_rows, held, [model.probability(s.features) for s in held], threshold)
        meta["held_out"] = {"articles": len(held_rows), "without_filter": {k: before[k] for k in keys},
                            "with_filter": {k: after[k] for k in keys}}
    return model, meta
