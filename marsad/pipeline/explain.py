"""A readable account of how marsad coded an article: every sentence with the spans found in it,
then the records and why each was made. For auditing and for correcting the lexicons."""
from __future__ import annotations

from ..document import Document


def _spans_in(items, start: int, end: int):
    return [s for s in items if start <= s.start < end]


def explain(doc: Document) -> str:
    """Plain-text explanation of ``doc`` (a document that went through the pipeline)."""
    lines = [f"article {doc.id}" + (f", published {doc.published.isoformat()}" if doc.published else ", no publication date")]
    lines += [f"  warning: {w}" for w in doc.warnings]
    for sent in doc.sentences:
        lines.append(f"[{sent.index}] {sent.text}")
        for trig in _spans_in(doc.triggers, sent.start, sent.end):
            strength = "" if trig.strong else ", weak"
            lines.append(f"    trigger  {trig.text!r} -> {trig.sub_event_type}{strength}")
        for place in _spans_in(doc.places, sent.start, sent.end):
            where = place.place
            desc = f"{where.name} ({where.kind}, {where.latitude:.4f}, {where.longitude:.4f})" if where else "?"
            role = "" if place.role == "place" else f", {place.role}"
            lines.append(f"    place    {place.surface or place.text!r} -> {desc}, precision {place.geo_precision}{role}")
        for actor in _spans_in(doc.actors, sent.start, sent.end):
            loaded = ", loaded term" if actor.loaded else ""
            lines.append(f"    actor    {actor.text!r} -> {' | '.join(actor.candidates)}{loaded}")
        for when in _spans_in(doc.dates, sent.start, sent.end):
            value = when.value.isoformat() if when.value else "unresolved"
            lines.append(f"    date     {when.text!r} -> {value} (precision {when.time_precision}, {when.kind})")
        for dead in _spans_in(doc.fatalities, sent.start, sent.end):
            flag = f", not an event's count ({dead.reason})" if dead.aggregate else ""
            lines.append(f"    deaths   {dead.text!r} -> {dead.count}{flag}")
        for decision in doc.decisions:
            if decision.sentence == sent.index:
                lines.append(f"    decided  {decision.text}")
    lines.append(f"{len(doc.events)} event(s)")
    for n, ev in enumerate(doc.events, 1):
        lines.append(
            f"  {n}. {ev.event_date or '(no date)'} {ev.sub_event_type} at {ev.location} ({ev.location_ar}), "
            f"{ev.actor1}{' -> ' + ev.actor2 if ev.actor2 else ''}, fatalities {ev.fatalities}"
        )
        lines.append(f"     {ev.notes}; evidence {ev.evidence_spans}")
    dropped = [c.record for c in doc.candidates if not c.kept]
    if dropped:
        lines.append(f"{len(dropped)} candidate(s) dropped by the filter")
        for ev in dropped:
            lines.append(f"  - {ev.event_date or '(no date)'} {ev.sub_event_type} at {ev.location} ({ev.location_ar})")
            lines.append(f"     {ev.notes}")
    return "\n".join(lines)
