"""Step of the events stage: does a candidate record report something that happened, once?

The rules of the events stage propose candidate records generously; this step scores each with a
small logistic model over named, readable features (which trigger class, whether the date and the
place were written in the sentence, which cue words stand in it, how many other candidates share
its sentence or its incident...) and keeps those whose score reaches the model's threshold.

The model is data, like the lexicons: ``data/event_filter.json`` holds the feature weights, the
bias and the threshold, with how and on what it was trained and its cross-validated scores. It is
trained from the gold set by ``marsad train-filter`` (:mod:`marsad.training`), never by hand.
A missing model file (or ``extract.event_filter = false`` in the settings) keeps every candidate.
"""
from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from typing import Mapping, Optional

from ..resources import data_path

MODEL_FILE = "event_filter.json"


@dataclass(frozen=True)
class FilterModel:
    """A logistic model: P(kept) = sigmoid(bias + sum(weight[f] * value[f]))."""

    weights: Mapping[str, float]
    bias: float
    threshold: float
    meta: Mapping[str, object]

    def probability(self, features: Mapping[str, float]) -> float:
        z = self.bias + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def reasons(self, features: Mapping[str, float], top: int = 3) -> list[tuple[str, float]]:
        """The features that pushed the score most, with their contribution (weight x value)."""
        parts = [(name, self.weights.get(name, 0.0) * value) for name, value in features.items()]
        parts = [p for p in parts if p[1]]
        parts.sort(key=lambda p: -abs(p[1]))
        return parts[:top]

    def to_json(self) -> dict:
        return {
            "meta": dict(self.meta),
            "bias": self.bias,
            "threshold": self.threshold,
            "weights": dict(sorted(self.weights.items())),
        }

    @classmethod
    def from_json(cls, data: Mapping) -> "FilterModel":
        weights = {str(k): float(v) for k, v in dict(data["weights"]).items()}
        return cls(weights, float(data["bias"]), float(data["threshold"]), dict(data.get("meta") or {}))


@functools.lru_cache(maxsize=4)
def load_model(path: Optional[str] = None) -> Optional[FilterModel]:
    """The packaged model (or the one at ``path``); None when there is none."""
    file = data_path(MODEL_FILE) if path is None else path
    try:
        with open(file, encoding="utf-8") as fh:
            return FilterModel.from_json(json.load(fh))
    except FileNotFoundError:
        return None
