"""Named features of a merged candidate for the filter step (:mod:`marsad.pipeline.event_filter`)."""
from __future__ import annotations

import math

from ..event_types import event_type_of
from ...geo import km
from ...text import fold
from .context import Candidate, Context, folded_title


def _days_bucket(days: int) -> str:
    if days <= 0:
        return "0"
    if days == 1:
        return "1"
    if days <= 7:
        return "2-7"
    if days <= 31:
        return "8-31"
    return ">31"


def candidate_features(ctx: Context, cand: Candidate, merged: list[Candidate]) -> dict[str, float]:
    """Named features of a merged candidate for the filter step: what the rules knew when they
    proposed it (trigger class and strength, where its date and place came from, the cue words of
    its sentence, the other candidates of its sentence and incident)."""
    ss = ctx.sentences[cand.sentence]
    doc = ctx.doc
    f: dict[str, float] = {
        f"sub:{cand.sub_event_type}": 1.0,
        f"class:{cand.trigger_class}": 1.0,
        f"geo:{cand.place.geo_precision}": 1.0,
        f"time_precision:{cand.time_precision}": 1.0,
    }
    place = cand.place.place
    if place is not None:
        f[f"kind:{place.kind}"] = 1.0
    if not cand.strong:
        f["weak_trigger"] = 1.0
    if cand.date_explicit:
        f["date_in_sentence"] = 1.0
    if cand.day is not None and doc.published is not None:
        f[f"days_before_publication:{_days_bucket((doc.published - cand.day).days)}"] = 1.0
    if cand.fatalities:
        f["deaths_reported"] = 1.0
    if cand.actor1 is not None:
        f["actor1_in_sentence"] = 1.0
    if cand.actor2 is not None:
        f["actor2_in_sentence"] = 1.0
    if cand.civilian:
        f["civilian_victims"] = 1.0
    if not (ss.sentence.start <= cand.place.start < ss.sentence.end):
        f["place_from_earlier_sentence"] = 1.0
    n = len(ctx.sentences)
    if cand.sentence == 0:
        f["first_sentence"] = 1.0
    f["position_in_article"] = cand.sentence / max(1, n - 1)
    if len(set(cand.evidence)) > 1:
        f["told_in_several_sentences"] = 1.0
    same_sentence = sum(1 for m in merged if m.sentence == cand.sentence and m is not cand)
    f["other_records_in_sentence"] = math.log1p(same_sentence)
    f["records_in_article"] = math.log1p(len(merged) - 1)
    if all(fold(t.text).lstrip("وفبل").startswith("ال") for t in cand.triggers):
        f["definite_trigger"] = 1.0
    for name in _cue_features(ctx, ss, cand.triggers[0].start):
        f[name] = 1.0
    for t in cand.triggers:
        f[f"trigger:{t.entry or fold(t.text)}"] = 1.0
    if place is not None:
        mentions = ctx.place_mentions.get(place.id, 0)
        f["place_mentions_in_article"] = math.log1p(mentions)
        if mentions and mentions == _most_mentions(ctx):
            f["most_named_place"] = 1.0
        if ctx.country and place.country and place.country != ctx.country:
            f["place_outside_article_country"] = 1.0
        if fold(place.name_ar or "") and fold(place.name_ar) in folded_title(ctx):
            f["place_in_title"] = 1.0
    if ss.dates:
        f["sentence_has_date"] = 1.0
    if any(q in ss.sentence.text for q in ('"', "«", "“", "”")):
        f["quoted_speech"] = 1.0
    if not cand.strong:
        f[f"weak:{cand.trigger_class}"] = 1.0
    event_type = event_type_of(cand.sub_event_type)
    for m in merged:
        if m is cand or m.day is None or cand.day is None or m.place.place is None or place is None:
            continue
        if event_type_of(m.sub_event_type) != event_type or abs((m.day - cand.day).days) > 1:
            continue
        d = km(m.place.place, place)
        if d <= 25 and m.place.place.id == place.id and m.sub_event_type != cand.sub_event_type:
            f["other_type_record_same_place"] = 1.0
        if d <= 25:
            f["same_type_record_nearby"] = 1.0
            if m.place.geo_precision < cand.place.geo_precision:
                f["more_specific_record_nearby"] = 1.0
            if m.sentence < cand.sentence:
                f["earlier_record_nearby"] = 1.0
    return f


def _cue_features(ctx: Context, ss, start: int) -> list[str]:
    """The ``cue_before:``/``cue_after:`` feature names of the sentence's cues around offset ``start`` (the
    same for every candidate of one trigger: worked out once per article and offset)."""
    key = ("cue_features", ss.sentence.start, start)
    names = ctx.memo.get(key)
    if names is None:
        cues = ss.cues
        names = [f"cue_before:{cls}" for cls in {c.cls for c in cues if c.start < start}]
        names += [f"cue_after:{cls}" for cls in {c.cls for c in cues if c.start >= start}]
        ctx.memo[key] = names
    return names


def _most_mentions(ctx: Context) -> int:
    """The mentions of the article's most-named event place (once per article)."""
    most = ctx.memo.get("most_place_mentions")
    if most is None:
        most = ctx.memo["most_place_mentions"] = max(ctx.place_mentions.values())
    return most
