"""Scoring event records against a gold set coded by the codebook.

A clean reimplementation of the project's reference scorer (``shared/eval/score.py``), with the
same matching rules and the same result keys, so that ``marsad eval GOLD PRED`` and the
reference print the same numbers:

- A predicted and a gold event of the same article *match* when their dates are at most
  :data:`DAY_TOLERANCE` day apart (:data:`LOOSE_DAY_TOLERANCE` where either side has
  ``time_precision`` > 1) and their points at most :data:`KM_TOLERANCE` km apart
  (:data:`LOOSE_KM_TOLERANCE` where the gold ``geo_precision`` is 3).
- Matching is one-to-one, best pairs first: same sub-event type before different, then the
  smaller date gap, then the shorter distance (ties: earlier prediction, earlier gold event).
- Detection precision/recall/F1 count matches. Strict F1 counts matched pairs that also have
  the same ``event_type``, the exact date and at most :data:`STRICT_KM` km
  (:data:`LOOSE_KM_TOLERANCE` for gold precision 3).
- Attribute agreement (event type, sub-event type, date, location within 10 km, fatalities,
  actor Jaccard) is averaged over matched pairs.
- A predicted event is *invalid* when it lacks a readable date or point, has a sub-event type
  that is not of its event type, a fatality count that is not a non-negative integer, or no
  ``actor1``.

Gold and predictions are plain dicts as read from JSON (a prediction may also be an
:class:`~marsad.document.EventRecord`). Where the reference would crash on a malformed value (a
``time_precision`` of ``"abc"``), this module treats the value as missing instead.
"""
from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

from .errors import MarsadError
from .geo import km_between

# The scorer's own copy of the codebook typology, as in the reference scorer: scores must not move
# when the package's data/event_types.tsv is edited (a test keeps the two equal).
EVENT_TYPES: dict[str, frozenset[str]] = {
    "Battles": frozenset({"Government regains territory", "Non-state actor overtakes territory", "Armed clash"}),
    "Protests": frozenset({"Excessive force against protesters", "Protest with intervention", "Peaceful protest"}),
    "Riots": frozenset({"Violent demonstration", "Mob violence"}),
    "Explosions/Remote violence": frozenset({
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade"}),
    "Violence against civilians": frozenset({"Sexual violence", "Attack", "Abduction/forced disappearance"}),
    "Strategic developments": frozenset({
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other"}),
}

DAY_TOLERANCE = 1
LOOSE_DAY_TOLERANCE = 7  # either side has time_precision > 1 (week or month)
KM_TOLERANCE = 25.0
LOOSE_KM_TOLERANCE = 50.0  # gold geo_precision 3 (governorate capital)
STRICT_KM = 10.0

Event = Mapping[str, Any]


class EvalError(MarsadError):
    """A gold or prediction file that cannot be read."""


# --------------------------------------------------------------------------- field readers


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (latitude, longitude) points."""
    return km_between(a[0], a[1], b[0], b[1])


def event_day(value: Any) -> Optional[date]:
    """The date of an ``event_date`` value (its first 10 characters, ISO); None if unreadable."""
    try:
        return date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def event_point(event: Event) -> Optional[tuple[float, float]]:
    """(latitude, longitude) of an event; None when missing or out of range."""
    try:
        lat, lon = float(event["latitude"]), float(event["longitude"])
    except (KeyError, TypeError, ValueError):
        return None
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def _as_int(value: Any, default: int) -> int:
    try:
        return int(value or default)
    except (TypeError, ValueError):
        return default


def _fatalities(value: Any) -> Any:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return object()  # unreadable: agrees with nothing


def event_actors(event: Event) -> set[str]:
    """The lower-cased, non-empty ``actor1`` and ``actor2`` of an event."""
    return {str(event.get(k) or "").strip().lower() for k in ("actor1", "actor2")} - {""}


def event_problems(event: Event) -> list[str]:
    """What makes a predicted event invalid (empty when it is valid)."""
    out = []
    if event_day(event.get("event_date")) is None:
        out.append("event_date")
    if event_point(event) is None:
        out.append("latitude/longitude")
    event_type = event.get("event_type")
    if event.get("sub_event_type") not in EVENT_TYPES.get(event_type if isinstance(event_type, str) else "", ()):
        out.append("event_type/sub_event_type")
    fatalities = event.get("fatalities")
    if not isinstance(fatalities, int) or fatalities < 0:
        out.append("fatalities")
    if not event.get("actor1"):
        out.append("actor1")
    return out


# --------------------------------------------------------------------------- matching


def pair_cost(pred: Event, gold: Event) -> Optional[tuple[int, int, float, float]]:
    """How well ``pred`` fits ``gold`` (lower is better), or None when they cannot match."""
    dp, dg = event_day(pred.get("event_date")), event_day(gold.get("event_date"))
    pp, pg = event_point(pred), event_point(gold)
    if dp is None or dg is None or pp is None or pg is None:
        return None
    loose = max(_as_int(pred.get("time_precision"), 1), _as_int(gold.get("time_precision"), 1)) > 1
    max_days = LOOSE_DAY_TOLERANCE if loose else DAY_TOLERANCE
    max_km = LOOSE_KM_TOLERANCE if _as_int(gold.get("geo_precision"), 1) == 3 else KM_TOLERANCE
    gap_days, dist = abs((dp - dg).days), haversine_km(pp, pg)
    if gap_days > max_days or dist > max_km:
        return None
    same_sub = pred.get("sub_event_type") == gold.get("sub_event_type")
    return (0 if same_sub else 1, gap_days, dist, dist)


def match_events(preds: Sequence[Event], golds: Sequence[Event]) -> list[tuple[int, int]]:
    """One-to-one (prediction index, gold index) matches, best pairs first."""
    pairs = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            cost = pair_cost(p, g)
            if cost is not None:
                pairs.append((cost, i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    matches = []
    for _cost, i, j in sorted(pairs):
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        matches.append((i, j))
    return matches


def _plain(event: Any) -> Mapping[str, Any]:
    return event.to_dict() if hasattr(event, "to_dict") else event


def _prf(hits: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    prec = hits / n_pred if n_pred else 0.0
    rec = hits / n_gold if n_gold else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def score(gold_rows: Iterable[Mapping[str, Any]], pred_by_article: Mapping[str, Sequence[Any]]) -> dict[str, Any]:
    """Scores of predictions against gold articles, with the reference scorer's keys.

    ``gold_rows``: articles with ``id`` and ``events``. ``pred_by_article``: article id -> its
    predicted events. Gold articles absent from the predictions predicted nothing; predicted
    articles absent from the gold are ignored.
    """
    tp = fp = fn = strict = 0
    agree = {"event_type": 0, "sub_event_type": 0, "date": 0, "location_10km": 0,
             "fatalities": 0, "actors_jaccard": 0.0}
    invalid = total_pred = 0
    empty_articles = empty_clean = 0
    n_articles = 0
    for article in gold_rows:
        n_articles += 1
        golds = article.get("events") or []
        preds = [_plain(p) for p in pred_by_article.get(str(article["id"]), [])]
        total_pred += len(preds)
        invalid += sum(1 for p in preds if event_problems(p))
        if not golds:
            empty_articles += 1
            empty_clean += not preds
        matches = match_events(preds, golds)
        for i, j in matches:
            p, g = preds[i], golds[j]
            same_type = p.get("event_type") == g.get("event_type")
            same_day = event_day(p.get("event_date")) == event_day(g.get("event_date"))
            strict_km = LOOSE_KM_TOLERANCE if _as_int(g.get("geo_precision"), 1) == 3 else STRICT_KM
            dist = haversine_km(event_point(p), event_point(g))  # type: ignore[arg-type]
            near = dist <= strict_km
            strict += same_type and same_day and near
            agree["event_type"] += same_type
            agree["sub_event_type"] += p.get("sub_event_type") == g.get("sub_event_type")
            agree["date"] += same_day
            agree["location_10km"] += near
            agree["fatalities"] += _fatalities(p.get("fatalities")) == _fatalities(g.get("fatalities"))
            a, b = event_actors(p), event_actors(g)
            agree["actors_jaccard"] += len(a & b) / len(a | b) if a | b else 1.0
        tp += len(matches)
        fp += len(preds) - len(matches)
        fn += len(golds) - len(matches)

    n_gold = tp + fn
    prec, rec, det = _prf(tp, tp + fp, n_gold)
    _, _, strict_f1 = _prf(strict, tp + fp, n_gold)
    result: dict[str, Any] = {
        "articles": n_articles, "gold_events": n_gold, "pred_events": total_pred,
        "invalid_pred_events": invalid, "matched": tp,
        "detection_precision": round(prec, 4), "detection_recall": round(rec, 4),
        "detection_f1": round(det, 4), "strict_f1": round(strict_f1, 4),
        "no_event_articles": empty_articles, "no_event_articles_kept_clean": empty_clean,
    }
    for key, value in agree.items():
        result[key + "_on_matched"] = round(value / tp, 4) if tp else 0.0
    return result


# --------------------------------------------------------------------------- files


def _json_lines(path: Union[str, os.PathLike]) -> Iterable[tuple[int, Any]]:
    path = Path(path)
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise EvalError(f"{path}: {exc.strerror or exc}") from exc
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield n, json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvalError(f"{path}:{n}: not JSON: {exc.msg}") from exc


def load_gold(path: Union[str, os.PathLike]) -> list[dict[str, Any]]:
    """Gold articles of a JSONL file: one article a line with ``id`` and ``events``."""
    rows = []
    for n, row in _json_lines(path):
        if not isinstance(row, dict) or "id" not in row:
            raise EvalError(f"{path}:{n}: a gold line must be a JSON object with an 'id'")
        rows.append(row)
    return rows


def load_pred(path: Union[str, os.PathLike]) -> dict[str, list[dict[str, Any]]]:
    """Predicted events by article id.

    JSONL: one article a line (``id`` and ``events``) or one event a line (``article_id``).
    ``.csv`` and ``.geojson`` files written by ``marsad extract`` are read too, and the output
    folder of ``marsad extract --dask``.
    """
    suffix = Path(path).suffix.lower()
    by_article: dict[str, list[dict[str, Any]]] = {}
    if suffix in (".csv", ".geojson") or Path(path).is_dir():  # a folder: marsad extract --dask's parts
        from .io.output import iter_events

        for event in iter_events(path):
            by_article.setdefault(str(event.article_id), []).append(event.to_dict())
        return by_article
    for n, row in _json_lines(path):
        if not isinstance(row, dict):
            raise EvalError(f"{path}:{n}: a prediction line must be a JSON object")
        if "events" in row:
            by_article.setdefault(str(row.get("id")), []).extend(row["events"] or [])
        else:
            by_article.setdefault(str(row.get("article_id")), []).append(row)
    return by_article


def format_scores(result: Mapping[str, Any]) -> str:
    """The scores as aligned ``key value`` lines, as the reference scorer prints them."""
    return "\n".join(f"{key:34} {value}" for key, value in result.items())


def evaluate_files(gold_path: Union[str, os.PathLike], pred_path: Union[str, os.PathLike]) -> dict[str, Any]:
    """:func:`score` of a prediction file against a gold file."""
    return score(load_gold(gold_path), load_pred(pred_path))
