"""Stage: atomic event records (codebook §1–7) from the spans of the earlier stages.

How a record comes about, in order (the thresholds are named constants in the module of each step):

1. **Triggers kept.** A trigger reports no event (§1) when a plan, threat, call, denial or reaction
   cue stands before it in its clause ("يخطط", "هدد", "نفت"), a negation right before it ("لم تشن"),
   a tally or a breakdown of a total is in its clause or opens the sentence ("حصيلة", "منذ بداية",
   "بواقع"), a year-only date or a month-long span is next to it ("في عام 2022", "خلال يوليو"), a
   year-only date opens its sentence, or the dateless sentence before ("قبل عام مضى، ..."), or
   the sentence opens with a background note ("يذكر أن"). A sentence with a strong trigger ignores
   its weak ones ("قتل خمسة في غارة": the deaths belong to the strike).
2. **Places linked.** The event places of a sentence are its gazetteer places minus datelines,
   countries, places that only locate another ("خان طومان في ريف حلب"), a frame that opens the
   sentence ("في دمشق، ..."), and a capital that stands for its government ("حملت دمشق"). Each
   goes to the nearest trigger; triggers of one class side by side, or a few words apart, are one
   report. A strong trigger with no place takes the places of the sentence before it.
3. **One candidate per place**, with the codebook-first class among the strong triggers of the
   report; classes resolved from context: ``territory`` by who took the place, ``raid`` by whether
   detentions are reported, ``strike`` by air cues, ``killing`` and weak attack words by whether
   the victims are civilians; force used on protesters is a protest event.
4. **Date**: the date mention of the sentence nearest the trigger (but the time word of a reporting
   verb a day after the day set before it, "ونقلت الجزيرة اليوم السبت عن ...", gives way to that
   day); else "now" for a present-tense report ("اشتباكات تجري"); else the last calendar date,
   weekday or "أمس" written before it (recent ones only; a turn to another report, "من جهة أخرى،",
   stops it), or for a title or lead before any date the day the next sentences give; else the
   publication date (a past-perfect aside, "وكان ... قد", at week precision).
5. **Actors**: "بين X و Y", "من قبل X", "على/ضد/مع X" and word order give actor1 and actor2;
   sources ("قال X إن"), affiliations ("الموالي للحكومة") and country names far from the trigger
   are not actors. Names are resolved against the event's country and date. Civilians are actor2
   when the victims or targets are civilians; missing sides come from the article's most-named
   actors; sides named together ("X و Y") become associated actors; an unclaimed bombing is by an
   unidentified armed group.
6. **Fatalities**: the death counts of the sentence (or of the next one when it only carries on,
   "ما أسفر عن مقتل ...") that are not tallies; parts of a split figure are added, otherwise the
   lowest figure wins (§5); one figure for several places goes to the nearest of them only.
7. **Atomic records**: the same incident told twice -- same place (or a broad place around a
   specific one), a compatible day (an inherited date yields to a written one) and the same type,
   or a weak report at the place of a strong one -- is one record, with the lowest exact figure
   and every sentence that reported it as evidence.

Where each step lives (this package's modules, called in order by :func:`build_events` here):

- ``context.py``: the article context (sentences with their spans, country, most-named actors,
  allies), the event places of a sentence (step 2), clause bounds, and the ``Candidate`` record;
- ``reporting.py``: step 1, whether a trigger reports an event;
- ``linking.py``: step 2, triggers grouped into reports, places linked, inherited, specific;
- ``candidates.py``: step 3, candidates per place and their class (and force used on protesters);
- ``dates.py``: step 4, the candidate's date;
- ``actors.py``: step 5, actors of the sentence, missing sides, associated actors;
- ``fatalities.py``: step 6, death counts;
- ``merge.py``: step 7, one record per incident;
- ``features.py`` and ``records.py``: the filter step's features, the event records and their ids.
"""
from __future__ import annotations

from typing import Optional

from ...document import DateMention, Decision, Document
from ..event_filter import FilterModel, load_model
from .candidates import candidates_for, fought_for_places, protests_met_with_force
from .context import Candidate, Context
from .dates import carried_date, date_ahead, new_report
from .fatalities import assign_fatalities
from .linking import elaborated_places, inherited_places, link_places, refined_places
from .merge import merge
from .records import filtered
from .reporting import background_frame, not_reported


def build_events(doc: Document, res=None) -> Document:
    """Add ``doc.events``: the article's atomic event records."""
    ctx = Context.build(doc)
    model: Optional[FilterModel] = load_model()
    want_features = False
    if res is not None and getattr(res, "settings", None):
        ctx.context_sentences = int(res.settings["extract"]["context_sentences"])
        if not res.settings["extract"].get("event_filter", True):
            model = None
        want_features = bool(res.settings["extract"].get("candidate_features", False))
    candidates: list[Candidate] = []
    last_date: Optional[DateMention] = None
    report_start = 0  # the sentence that opened the current report
    decisions = doc.decisions = []
    asked_from, asked_to = _turns_that_matter(ctx)
    background: Optional[DateMention] = None  # a year-only date that framed the sentence before
    elaborated = False  # the report's places are those the next sentence names for it
    for i, ss in enumerate(ctx.sentences):
        if asked_from < i <= asked_to and new_report(ctx, ss):
            last_date = None  # "من جهة أخرى، ...": another report, the day set so far stops
            report_start = i
        if background is not None and new_report(ctx, ss):
            background = None  # ... and so does the background of the sentence before
        kept = []
        rejected_strong = kept_strong = False
        for t in ss.triggers:
            reason = not_reported(ctx, ss, t)
            if reason is None and background is not None and not ss.dates:
                reason = f"the background of the sentence before carried on ({background.text!r})"
            if reason is None:
                kept.append(t)
                kept_strong = kept_strong or t.strong
            else:
                decisions.append(Decision(i, f"trigger {t.text!r} reports no event: {reason}"))
                rejected_strong = rejected_strong or t.strong
        if rejected_strong or kept_strong:  # (most sentences: no trigger kept)
            # "قتل خمسة في غارات على دوما": the deaths and the place belong to the strong report
            for t in kept:
                if not t.strong:
                    decisions.append(Decision(i, f"weak trigger {t.text!r} yields to the strong ones of its sentence"))
            kept = [t for t in kept if t.strong]
        if kept:
            event_places = ctx.event_places(i)
            groups = link_places(ss, kept, event_places)
            for triggers, places in groups:
                inherited = not places
                places = refined_places(ctx, i, places)
                if not places:
                    places = fought_for_places(doc, triggers, groups)
                    inherited = False if places else inherited
                if not places:
                    if not any(t.strong for t in triggers) or event_places:
                        # weak, or the sentence's places went to its other reports
                        decisions.append(Decision(i, f"trigger {_words(triggers)}: no place of its own"))
                        continue
                    # (or, for the sentence's last report, the places the next sentence names for it: "استعادت
                    # السيطرة على عدد من القرى. وقال المرصد إن من بين هذه القرى قريتي X وY")
                    places = inherited_places(ctx, i)
                    if not places and triggers is groups[-1][0]:
                        places = elaborated_places(ctx, i)
                        elaborated = bool(places)
                        inherited = False  # (told for it, not taken from the sentence before)
                if not places:
                    decisions.append(Decision(i, f"trigger {_words(triggers)}: no place in this or the sentence before"))
                    continue
                carried = last_date if last_date is not None else date_ahead(ctx, i, report_start)
                made = candidates_for(ctx, i, triggers, places, carried, inherited)
                if elaborated:
                    for cand in made:
                        cand.evidence.append(i + 1)
                    elaborated = False
                candidates.extend(made)
        if ss.dates:  # (a sentence with no date sets none)
            last_date = carried_date(ctx, ss, last_date) or last_date
        background = background_frame(ss)
    assign_fatalities(ctx, candidates)
    protests_met_with_force(ctx, candidates)
    merged = merge(candidates, on_merge=lambda cand, into: decisions.append(Decision(
        cand.sentence, f"{cand.sub_event_type} at {_place_name(cand)} merged into the record of sentence "
        f"{into.sentence} at {_place_name(into)} (the same incident told again)")),
        ctx=ctx)
    doc.candidates = [filtered(ctx, c, merged, model, features=want_features) for c in merged]
    doc.events = [c.record for c in doc.candidates if c.kept]
    return doc


def _turns_that_matter(ctx: Context) -> tuple[int, int]:
    """(a, b): only a sentence ``a < i <= b`` that turns to another report (:func:`new_report`) changes the
    records. Up to the first dated sentence no day is carried yet, and a look-ahead from any start there
    reaches the same dated sentence; after the last sentence with a trigger or a date nothing reads the
    day carried or the report's start."""
    sentences = ctx.sentences
    first_dated = len(sentences)
    for k, s in enumerate(sentences):
        if s.dates:
            first_dated = k
            break
    last_used = len(sentences) - 1  # (the last sentence with a trigger or a date, looked for from the end)
    while last_used >= 0 and not (sentences[last_used].triggers or sentences[last_used].dates):
        last_used -= 1
    return first_dated, last_used


def _words(triggers) -> str:
    """The trigger words of a report, for a decision (written only when one is made)."""
    return " / ".join(repr(t.text) for t in triggers)


def _place_name(cand: Candidate) -> str:
    return cand.place.place.name if cand.place.place else cand.place.text
