"""The records of merged candidates (actors filled, associates, notes, a stable ``event_id``),
scored by the filter model when there is one.
"""
from __future__ import annotations

import functools
import hashlib
from typing import Optional

from ..._version import __version__
from ..actors import inter_code
from ...document import EventCandidate, EventRecord
from ..event_filter import FilterModel
from ..event_types import event_type_of
from .actors import associates, fill_missing_actors
from .candidates import TAKEOVER_TYPES, takeover_type
from .context import Candidate, Context
from .features import candidate_features


def filtered(ctx: Context, cand: Candidate, merged: list[Candidate], model: Optional[FilterModel], *,
             features: bool = False) -> EventCandidate:
    """The record of a merged candidate, scored by the filter model (when there is one). Its
    features are worked out for the model, or when ``features`` asks for them (training)."""
    record = _record(ctx, cand)
    if model is None:
        return EventCandidate(record, candidate_features(ctx, cand, merged) if features else {})
    features = candidate_features(ctx, cand, merged)
    p = model.probability(features)
    kept = p >= model.threshold
    why = ", ".join(f"{name} {value:+.2f}" for name, value in model.reasons(features))
    record.notes += f"; {'kept' if kept else 'dropped'} by the filter: p={p:.2f} ({why})"
    return EventCandidate(record, features, p, kept)


def _record(ctx: Context, cand: Candidate) -> EventRecord:
    doc = ctx.doc
    place = cand.place.place
    country = place.country if place else ctx.country
    actor1, actor2 = fill_missing_actors(ctx, cand, country)
    if cand.trigger_class == "territory" and actor1 and cand.sub_event_type in TAKEOVER_TYPES:
        # the takeover's direction follows the side that took the place as the record finally names it
        # (codebook §3: the government side regains, any other side overtakes): found only now from the
        # article, or changed since the type was decided
        cand.sub_event_type = takeover_type(actor1)
    sents = [ctx.sentences[i].sentence for i in sorted(set(cand.evidence))]
    evidence = " ".join(s.text for s in sents)
    day = cand.day
    event_date = day.isoformat() if day else ""
    how = "from the sentence" if cand.date_explicit else "inherited or publication date"
    notes = f"trigger: {' / '.join(t.text for t in cand.triggers)}" + ("" if cand.strong else " (weak)")
    notes += f"; date {how}"
    if day is None:
        notes += "; event date unresolved: the article has no publication date"
    record = EventRecord(
        event_date=event_date,
        time_precision=cand.time_precision if day else 3,
        event_type=event_type_of(cand.sub_event_type),
        sub_event_type=cand.sub_event_type,
        actor1=actor1,
        assoc_actor_1=associates(ctx, actor1, (actor2,), country, day),
        actor2=actor2 if actor2 != actor1 else "",
        assoc_actor_2=associates(ctx, actor2, (actor1,), country, day) if actor2 != actor1 else "",
        country=country,
        admin1=place.admin1 if place else "",
        admin2=place.admin2 if place else "",
        location=place.name if place else cand.place.text,
        location_ar=cand.place.surface or cand.place.text,
        latitude=place.latitude if place else 0.0,
        longitude=place.longitude if place else 0.0,
        geo_precision=cand.place.geo_precision,
        fatalities=cand.fatalities or 0,
        evidence=evidence,
        article_id=doc.id,
        evidence_spans=[(s.start, s.end) for s in sents],
        notes=notes,
        pipeline_version=__version__,
    )
    record.inter1 = inter_code(record.actor1)
    record.inter2 = inter_code(record.actor2)
    record.loaded_terms = _loaded_terms(ctx, cand, record)
    record.event_id = event_id(record)
    return record


def _loaded_terms(ctx: Context, cand: Candidate, record: EventRecord) -> str:
    """The loaded terms the evidence uses for the record's actors: "Actor: term; ..." in text order."""
    # only loaded mentions count (a mention equal to a loaded one is loaded too: the sides are added
    # when the evidence does not hold them); most records have none
    loaded = ctx.memo.get("loaded_terms")
    if loaded is None:  # (every mention of a record is one of the article's: most articles use no loaded term)
        loaded = ctx.memo["loaded_terms"] = any(m.loaded for m in ctx.doc.actors)
    if not loaded:
        return ""
    mentions = [m for i in sorted(set(cand.evidence)) for m in ctx.sentences[i].actors if m.loaded]
    mentions += [m for m in (cand.actor1, cand.actor2) if m is not None and m.loaded and m not in mentions]
    if not mentions:
        return ""
    names = [n for n in (record.actor1, record.actor2, *record.assoc_actor_1.split("; "),
                         *record.assoc_actor_2.split("; ")) if n]
    pairs: dict[tuple[str, str], None] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        name = next((n for n in names if n in m.candidates), "")
        if name:
            pairs[(name, m.text)] = None
    return "; ".join(f"{name}: {term}" for name, term in pairs)


def event_id(record: EventRecord) -> str:
    """A stable id: the same article, date, place, type and actors give the same id."""
    # (an f-string formats each field as str() does: the key of the earlier "|".join(map(str, ...)))
    latitude, longitude = record.latitude, record.longitude
    if latitude and longitude:
        coordinates = _coordinates_key(latitude, longitude)
    else:  # (a zero is not looked up: 0.0 and -0.0 are one key of the cache but print apart)
        coordinates = f"{round(latitude, 3)}|{round(longitude, 3)}"
    key = (f"{record.article_id}|{record.event_date}|{record.location}|{coordinates}|"
           f"{record.sub_event_type}|{record.actor1}|{record.actor2}")
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@functools.lru_cache(maxsize=1 << 14)
def _coordinates_key(latitude: float, longitude: float) -> str:
    """The coordinates of :func:`event_id`'s key, rounded to three places ("33.513|36.291"). Rounding and
    printing two floats costs twice the hash itself; the records of a corpus are at a few thousand
    places of the gazetteer: worked out once per place."""
    return f"{round(latitude, 3)}|{round(longitude, 3)}"
