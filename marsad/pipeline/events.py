"""Stage: atomic event records (codebook §1–7) from the spans of the earlier stages.

How a record comes about, in order (the thresholds are the named constants below):

1. **Triggers kept.** A trigger reports no event (§1) when a plan, threat, call, denial or reaction
   cue stands before it in its clause ("يخطط", "هدد", "نفت"), a negation right before it ("لم تشن"),
   a tally or a breakdown of a total is in its clause or opens the sentence ("حصيلة", "منذ بداية",
   "بواقع"), a year-only date or a month-long span is next to it ("في عام 2022", "خلال يوليو"), or
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
4. **Date**: the date mention of the sentence nearest the trigger; else "now" for a present-tense
   report ("اشتباكات تجري"); else the last calendar date or weekday written before it (recent
   ones only); else the publication date (a past-perfect aside, "وكان ... قد", at week precision).
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
"""
from __future__ import annotations

import hashlib
import math
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from .._version import __version__
from .actors import actor_table, actor_type, inter_code, names_of_family, resolve
from ..document import (
    ActorMention,
    DateMention,
    Document,
    EventCandidate,
    EventRecord,
    FatalityMention,
    PlaceMention,
    Sentence,
    Trigger,
)
from .event_filter import FilterModel, load_model
from .event_types import event_type_of, rank_of
from ..geo import km
from ..text import fold
from .triggers import Cue, cue_words, find_cues

# How far (characters) a plan/denial cue reaches back within the trigger's clause, and regardless of it.
PLAN_CUE_REACH = 120
NEAR_CUE_REACH = 25
# How far an agent/target preposition may stand before the actor it introduces.
ROLE_CUE_REACH = 12
# How far a reporting verb or source word ("قال", "بحسب", "مصدر في") may stand before a source actor.
SOURCE_REACH = 15
# A date written this many days or fewer before publication carries on to the sentences after it.
CARRY_DATE_DAYS = 31
# A plan inside a relative clause ("التي يسعى النظام الى استعادتها") governs only this far.
RELATIVE_PLAN_REACH = 30
# How far a present-tense verb ("تجري", "تدور") may stand from the trigger it dates to publication.
ONGOING_REACH = 30
# How far the second side of "بين X و Y" may follow the first.
PAIR_REACH = 60
# A country's name stands for its forces only this close to a trigger ("قصفت تركيا").
STATE_NAME_REACH = 20
# Kinds of gazetteer entries that are never an event's place on their own.
NOT_EVENT_PLACES = frozenset({"country"})
STATE_TYPES = frozenset({"State forces"})
AIR_FORCE_FAMILIES = frozenset(
    {
        "Military Forces of Israel",
        "Global Coalition Against Daesh",
        "Military Forces of Russia (2000-)",
        "Military Forces of the United States",
        "Military Forces of the United Kingdom",
        "Military Forces of France",
        "Unidentified Military Forces",
    }
)
BOMBING_TYPES = frozenset({"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"})
CIVILIAN_TARGET_TYPES = frozenset(
    {"Explosions/Remote violence", "Violence against civilians"}
)
# Triggers closer than this (folded characters, no comma between) report one incident together
# ("هجوم مفترض بغاز سام": the attack *is* the chemical attack).
TRIGGER_JOIN_GAP = 25
# A broad place (a governorate, a region, a city named as the frame of a sentence) is dropped from a
# trigger's places when a more specific one of them lies this close to it.
BROAD_PLACE_KM = 40.0
BROAD_KINDS = frozenset({"governorate", "region", "district", "subdistrict"})
_WORD = re.compile(r"\w+")
_PROCLITIC_LETTERS = "فبلك"


def _context_words() -> frozenset[str]:
    return cue_words("context")


# --------------------------------------------------------------------------- article context


@dataclass
class _SentenceSpans:
    sentence: Sentence
    doc: Document
    triggers: list[Trigger] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    fatalities: list[FatalityMention] = field(default_factory=list)
    _cues: Optional[list[Cue]] = None

    @property
    def cues(self) -> list[Cue]:
        """Cue words of the sentence (offsets into ``doc.text``), searched on first use: most
        sentences never need them."""
        if self._cues is None:
            doc = self.doc
            lo, hi = doc.norm_index(self.sentence.start), doc.norm_index(self.sentence.end)
            self._cues = [
                Cue(doc.text_index(c.start), doc.text_index(c.end), c.cls, c.phrase) for c in find_cues(doc.norm, lo, hi)
            ]
        return self._cues

    def cues_of(self, cls: str) -> list[Cue]:
        return [c for c in self.cues if c.cls == cls]


@dataclass
class _Context:
    doc: Document
    sentences: list[_SentenceSpans]
    country: str  # the article's country, from its places
    actor_counts: Counter  # family -> mentions
    allies: dict[str, list[str]]  # family -> families named together with it ("قسد وقوى الأمن الداخلي")
    context_sentences: int = 1  # how far back a report with no place of its own looks for one
    place_mentions: Counter = field(default_factory=Counter)  # place id -> event-place mentions in the article
    _event_places: dict[int, list[PlaceMention]] = field(default_factory=dict)

    def event_places(self, i: int) -> list[PlaceMention]:
        """The event places of sentence ``i`` (worked out when first asked for)."""
        places = self._event_places.get(i)
        if places is None:
            places = self._event_places[i] = _event_places(self, self.sentences[i])
        return places

    @classmethod
    def build(cls, doc: Document) -> "_Context":
        sents = [_SentenceSpans(s, doc) for s in doc.sentences]
        starts = [s.start for s in doc.sentences]

        def index_of(offset: int) -> Optional[int]:
            i = bisect_right(starts, offset) - 1
            if i >= 0 and offset < doc.sentences[i].end:
                return i
            return None

        for attr in ("triggers", "places", "actors", "dates", "fatalities"):
            for span in getattr(doc, attr):
                i = index_of(span.start)
                if i is not None:
                    getattr(sents[i], attr).append(span)
        countries = Counter(
            m.place.country for m in doc.places if m.place is not None and m.role == "place" and m.place.country
        )
        country = countries.most_common(1)[0][0] if countries else ""
        actor_counts = Counter(a.family for a in doc.actors)
        place_mentions = Counter(m.place.id for m in doc.places if m.place is not None and m.role == "place")
        return cls(doc, sents, country, actor_counts, _allies(doc), place_mentions=place_mentions)


def _recent(ctx: _Context, mention: DateMention) -> bool:
    """A date close enough to publication to set the day of the sentences after it; an old date
    ("في 22 شباط 2006") is background for its own sentence only."""
    published = ctx.doc.published
    return published is None or (published - mention.value).days <= CARRY_DATE_DAYS


def _allies(doc: Document) -> dict[str, list[str]]:
    """Actors the article names together as one side: "X و Y" (not after "بين", which names two sides)."""
    allies: dict[str, list[str]] = {}
    for a, b in zip(doc.actors, doc.actors[1:]):
        if a.family == b.family or "civilians" in (a.family, b.family):
            continue
        gap = doc.norm[doc.norm_index(a.end) : doc.norm_index(b.start)].strip()
        before = doc.norm[max(0, doc.norm_index(a.start) - 8) : doc.norm_index(a.start)]
        if gap == "و" and "بين" not in before:
            allies.setdefault(a.family, []).append(b.family)
            allies.setdefault(b.family, []).append(a.family)
    return allies


# --------------------------------------------------------------------------- candidates


@dataclass
class _Candidate:
    sentence: int
    sub_event_type: str
    strong: bool
    place: PlaceMention
    triggers: list[Trigger]
    day: Optional[date]
    time_precision: int
    actor1: Optional[ActorMention] = None
    actor2: Optional[ActorMention] = None
    actor1_name: str = ""
    actor2_name: str = ""
    assoc1: list[str] = field(default_factory=list)
    fatalities: Optional[int] = None  # None: no figure reported with it
    fatalities_exact: bool = True
    evidence: list[int] = field(default_factory=list)  # sentence indexes
    civilian: bool = False
    date_explicit: bool = True  # the date was written in the trigger's sentence
    trigger_class: str = ""  # the lexicon class before resolution ("raid", "territory", ...)


def build_events(doc: Document, res=None) -> Document:
    """Add ``doc.events``: the article's atomic event records."""
    ctx = _Context.build(doc)
    model: Optional[FilterModel] = load_model()
    if res is not None and getattr(res, "settings", None):
        ctx.context_sentences = int(res.settings["extract"]["context_sentences"])
        if not res.settings["extract"].get("event_filter", True):
            model = None
    candidates: list[_Candidate] = []
    last_date: Optional[DateMention] = None
    for i, ss in enumerate(ctx.sentences):
        kept = [t for t in ss.triggers if _reports_event(ctx, ss, t)]
        if any(t.strong for t in kept):
            # "قتل خمسة في غارات على دوما": the deaths and the place belong to the strong report
            kept = [t for t in kept if t.strong]
        if kept:
            event_places = ctx.event_places(i)
            groups = _link_places(ss, kept, event_places)
            for triggers, places in groups:
                if not places:
                    if not any(t.strong for t in triggers) or event_places:
                        continue  # weak, or the sentence's places went to its other reports
                    places = _inherited_places(ctx, i)
                if not places:
                    continue
                candidates.extend(_candidates_for(ctx, i, triggers, places, last_date))
        dated = [d for d in ss.dates if d.value is not None and d.time_precision < 4 and d.kind != "future"
                 and d.kind not in _NOT_CARRIED and _recent(ctx, d)]
        if dated:
            last_date = dated[-1]
    _assign_fatalities(ctx, candidates)
    _protests_met_with_force(ctx, candidates)
    merged = _merge(candidates)
    doc.candidates = [_filtered(ctx, c, merged, model) for c in merged]
    doc.events = [c.record for c in doc.candidates if c.kept]
    return doc


def _filtered(ctx: _Context, cand: _Candidate, merged: list[_Candidate], model: Optional[FilterModel]) -> EventCandidate:
    """The record of a merged candidate, scored by the filter model (when there is one)."""
    record = _record(ctx, cand)
    features = candidate_features(ctx, cand, merged)
    if model is None:
        return EventCandidate(record, features)
    p = model.probability(features)
    kept = p >= model.threshold
    why = ", ".join(f"{name} {value:+.2f}" for name, value in model.reasons(features))
    record.notes += f"; {'kept' if kept else 'dropped'} by the filter: p={p:.2f} ({why})"
    return EventCandidate(record, features, p, kept)


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


def candidate_features(ctx: _Context, cand: _Candidate, merged: list[_Candidate]) -> dict[str, float]:
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
    for cls in {c.cls for c in ss.cues if c.start < cand.triggers[0].start}:
        f[f"cue_before:{cls}"] = 1.0
    for cls in {c.cls for c in ss.cues if c.start >= cand.triggers[0].start}:
        f[f"cue_after:{cls}"] = 1.0
    for t in cand.triggers:
        f[f"trigger:{t.entry or fold(t.text)}"] = 1.0
    if place is not None:
        mentions = ctx.place_mentions.get(place.id, 0)
        f["place_mentions_in_article"] = math.log1p(mentions)
        if mentions and mentions == max(ctx.place_mentions.values()):
            f["most_named_place"] = 1.0
        if ctx.country and place.country and place.country != ctx.country:
            f["place_outside_article_country"] = 1.0
        if fold(place.name_ar or "") and fold(place.name_ar) in fold(doc.title or ""):
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


def _is_event_place(mention: PlaceMention) -> bool:
    return (
        mention.role == "place"
        and mention.place is not None
        and mention.place.codeable
        and mention.place.kind not in NOT_EVENT_PLACES
    )


def _event_places(ctx: _Context, ss: _SentenceSpans) -> list[PlaceMention]:
    """The sentence's places that can be event places: not datelines or countries, and not the
    larger area another place is said to lie in ("خان طومان في ريف حلب": Aleppo only locates)."""
    places = [p for p in ss.places if _is_event_place(p) and not _speaks(ss, p)]
    out = []
    for k, place in enumerate(places):
        if k > 0 and _locates(ctx.doc, places[k - 1], place):
            continue
        if k == 0 and len(places) > 1 and _is_frame(ctx.doc, ss, place):
            continue
        out.append(place)
    return out


def _speaks(ss: _SentenceSpans, place: PlaceMention) -> bool:
    """"حملت دمشق المسؤولية", "قالت موسكو": a capital right after a reporting verb is its government."""
    return any(c.cls == "attribution" and 0 <= place.start - c.end <= 1 for c in ss.cues)





def _is_frame(doc: Document, ss: _SentenceSpans, place: PlaceMention) -> bool:
    """A sentence that opens "في دمشق، ..." names the area of what follows, not an event place."""
    head = doc.norm[doc.norm_index(ss.sentence.start) : doc.norm_index(place.start)].split()
    tail = doc.norm[doc.norm_index(place.end) : doc.norm_index(place.end) + 12].lstrip()
    opens = bool(head) and head[-1] in cue_words("frame") and len(head) <= 2
    return opens and (tail.startswith(",") or tail.startswith("("))


def _locates(doc: Document, first: PlaceMention, second: PlaceMention) -> bool:
    """True when ``second`` follows ``first`` joined only by words like "في", "بريف", "غربي"."""
    if first.place is None or second.place is None or first.place.id == second.place.id:
        return False
    gap = doc.norm[doc.norm_index(first.end) : doc.norm_index(second.start)]
    if len(gap) > 40 or "." in gap:
        return False
    words = [w for w in _WORD.findall(gap) if not w.isdigit()]
    if not words:
        # adjacent: "محافظة صلاح الدين شمالي العاصمة بغداد" -- the second names where the first lies
        return "(" in gap or "," in gap or bool(second.qualifier)
    if second.qualifier and fold(second.qualifier) in cue_words("admin_unit") and len(words) <= 3 and not any(
        w.startswith("و") and w[1:] not in _context_words() for w in words
    ):
        return True  # "قرية مديرا الاستراتيجية الواقعة في ناحية حرستا"
    context = _context_words()
    for word in words:
        if word.startswith("و") and len(word) > 1 and word[1:] not in context:
            return False  # "و" joins a list of places, each its own event
        bare = word.lstrip(_PROCLITIC_LETTERS)
        if bare.startswith("ال"):
            bare = bare[2:]
        if word and all(ch in _PROCLITIC_LETTERS for ch in word):
            continue
        if bare not in context and word not in context:
            return False
    return True


def _clause_start(ss: _SentenceSpans, doc: Document, offset: int) -> int:
    """Start of the clause holding ``offset``: after the last comma/semicolon/colon before it."""
    text = doc.norm
    lo = doc.norm_index(ss.sentence.start)
    j = doc.norm_index(offset)
    cut = max(text.rfind(",", lo, j), text.rfind(";", lo, j), text.rfind(":", lo, j))
    return doc.text_index(cut + 1) if cut >= 0 else ss.sentence.start


def _clause_end(ss: _SentenceSpans, doc: Document, offset: int) -> int:
    """End of the clause holding ``offset``: the next comma/semicolon/colon, or the sentence end."""
    text = doc.norm
    j = doc.norm_index(offset)
    hi = doc.norm_index(ss.sentence.end)
    cuts = [k for k in (text.find(",", j, hi), text.find(";", j, hi), text.find(":", j, hi)) if k >= 0]
    return doc.text_index(min(cuts)) if cuts else ss.sentence.end


def _after_relative(ss: _SentenceSpans, cue: Cue) -> bool:
    return any(c.cls == "relative" and 0 <= cue.start - c.end <= 1 for c in ss.cues)


def _reports_event(ctx: _Context, ss: _SentenceSpans, trig: Trigger) -> bool:
    """False when the trigger is planned, threatened, denied, negated, a tally, a background aside,
    or year-only background."""
    doc = ctx.doc
    clause_lo = _clause_start(ss, doc, trig.start)
    clause_hi = _clause_end(ss, doc, trig.end)
    for cue in ss.cues:
        if cue.cls in ("plan", "denial", "reaction") and cue.start < trig.start:
            if _after_relative(ss, cue) and trig.start - cue.end > RELATIVE_PLAN_REACH:
                continue  # "داريا التي يسعى النظام الى استعادتها ... للقصف": the plan is the relative clause's
            in_clause = cue.start >= clause_lo and trig.start - cue.end <= PLAN_CUE_REACH
            if in_clause or trig.start - cue.end <= NEAR_CUE_REACH:
                return False
        elif cue.cls in ("negation", "relative") and 0 <= trig.start - cue.end <= 2:
            return False
        elif cue.cls == "aggregate" and (
            cue.start < trig.start  # "ومنذ بدء هجومها، تمكنت القوات ...": a period opening the sentence
            or clause_lo <= cue.start < clause_hi
            or abs(cue.start - trig.start) <= NEAR_CUE_REACH
        ):
            return False
        elif cue.cls == "aside" and cue.start - ss.sentence.start <= 8:
            return False
    for d in ss.dates:
        # year-only background ("في عام 2022", "في ربيع عام 2015، بعد معارك طاحنة")
        if d.time_precision == 4 and abs(d.start - trig.end) < 80:
            return False
        # a month-long span ("خلال يوليو الحالي"): a tally, not one incident
        if d.time_precision == 3 and clause_lo <= d.start < clause_hi and _word_before(doc, d.start) in cue_words("span"):
            return False
    return True


# "أمس", "الليلة" and vague spans ("في الأيام الأخيرة") date their own sentence only; a weekday or a
# calendar date sets the day of the narrative that follows
_NOT_CARRIED = frozenset({"recent"})
def _word_before(doc: Document, offset: int) -> str:
    """The folded word just before ``offset`` of the text."""
    words = doc.norm[max(0, doc.norm_index(offset) - 12) : doc.norm_index(offset)].split()
    return words[-1] if words else ""


def _link_places(
    ss: _SentenceSpans, triggers: list[Trigger], places: list[PlaceMention]
) -> list[tuple[list[Trigger], list[PlaceMention]]]:
    """Group the sentence's triggers by class and give each place to its nearest trigger."""
    groups: list[tuple[list[Trigger], list[PlaceMention]]] = []
    # adjacent triggers of one class are one report ("هجوماً ... التصدي للهجمات"); triggers of any
    # class a few words apart are one incident ("هجوم مفترض بغاز سام")
    for trig in triggers:
        if groups:
            last = groups[-1][0][-1]
            same_class = last.sub_event_type == trig.sub_event_type
            close = trig.start - last.end <= TRIGGER_JOIN_GAP and "," not in ss.sentence.text[
                last.end - ss.sentence.start : trig.start - ss.sentence.start
            ].replace("،", ",")
            if same_class or close:
                groups[-1][0].append(trig)
                continue
        groups.append(([trig], []))
    for place in places:
        best, best_cost = None, None
        for g, (trigs, _) in enumerate(groups):
            for t in trigs:
                if t.end <= place.start:
                    cost = place.start - t.end  # trigger before the place: "قصف على بلدة X"
                else:
                    cost = (t.start - place.end) * 1.5  # place before the trigger: "X تعرض لقصف"
                cost = abs(cost)
                if best_cost is None or cost < best_cost:
                    best, best_cost = g, cost
        if best is not None:
            groups[best][1].append(place)
    return groups


def _inherited_places(ctx: _Context, i: int) -> list[PlaceMention]:
    """Places for a strong trigger with none of its own: the places of the nearest sentence before
    it (at most ``extract.context_sentences`` back) that had any ("... في القامشلي وعين عيسى.
    وقد أدى هذا القصف ...")."""
    for j in range(i - 1, max(-1, i - 1 - ctx.context_sentences), -1):
        places = ctx.event_places(j)
        if places:
            return places
    return []


def _candidates_for(
    ctx: _Context,
    i: int,
    triggers: list[Trigger],
    places: list[PlaceMention],
    last_date: Optional[DateMention],
) -> list[_Candidate]:
    ss = ctx.sentences[i]
    anchor = triggers[0]
    day, precision, explicit = _event_date(ctx, ss, anchor, last_date)
    strong = any(t.strong for t in triggers)
    # codebook order among the strong triggers (a weak word like "هجوم" yields to a strong one)
    deciding = [t for t in triggers if t.strong] or triggers
    cls = min((t.sub_event_type for t in deciding), key=_class_rank)
    out = []
    for place in _specific_places(_unique_places(places)):
        out.append(
            _Candidate(
                sentence=i,
                sub_event_type=cls,
                strong=strong,
                place=place,
                triggers=list(triggers),
                day=day,
                time_precision=precision,
                evidence=[i],
                date_explicit=explicit,
                trigger_class=cls,
            )
        )
    for cand in out:
        _resolve_actors(ctx, ss, cand)
        cand.sub_event_type = _resolve_class(ctx, ss, cand)
    return out


def _class_rank(cls: str) -> int:
    # classes resolved later rank with the type they most often become
    proxy = {"territory": "Non-state actor overtakes territory", "strike": "Shelling/artillery/missile attack",
             "raid": "Arrests", "killing": "Attack"}.get(cls, cls)
    return rank_of(proxy)


def _is_broad(mention: PlaceMention) -> bool:
    """A governorate, a region, or the countryside of a place ("ريف حمص")."""
    place = mention.place
    return place is not None and (
        place.kind in BROAD_KINDS or mention.geo_precision == 3 or fold(mention.qualifier or "") in cue_words("countryside")
    )


def _specific_places(places: list[PlaceMention]) -> list[PlaceMention]:
    """Drop a broad place when a more specific place of the same report lies within it."""
    if len(places) < 2:
        return places
    out = []
    for p in places:
        if p.place is None:
            continue
        finer = [
            q for q in places
            if q is not p and q.place is not None
            and _is_broad(p) and not _is_broad(q)
            and km(p.place, q.place) <= BROAD_PLACE_KM
        ]
        if not finer:
            out.append(p)
    return out or places


def _unique_places(places: list[PlaceMention]) -> list[PlaceMention]:
    seen, out = set(), []
    for p in places:
        key = p.place.id if p.place else p.text
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


# --------------------------------------------------------------------------- dates


def _event_date(
    ctx: _Context, ss: _SentenceSpans, trig: Trigger, last_date: Optional[DateMention]
) -> tuple[Optional[date], int, bool]:
    """(date, time precision, whether the sentence itself gave the date)."""
    usable = [d for d in ss.dates if d.time_precision < 4 and d.kind != "future"]
    if usable:
        best = min(usable, key=lambda d: abs(d.start - trig.start) * (1.0 if d.start >= trig.start else 1.2))
        if best.value is not None:
            return best.value, best.time_precision, True
    published = ctx.doc.published
    background = any(c.cls == "background" and c.start < trig.start for c in ss.cues)
    if background and published is not None:
        return published, 2, False
    if published is not None and any(c.cls == "ongoing" and abs(c.start - trig.start) <= ONGOING_REACH for c in ss.cues):
        return published, 1, False  # "اشتباكات عنيفة تجري": happening as the article is written
    if last_date is not None and last_date.value is not None:
        return last_date.value, last_date.time_precision, False
    if published is not None:
        return published, 1, False
    return None, 3, False


# --------------------------------------------------------------------------- actors


def _resolve_actors(ctx: _Context, ss: _SentenceSpans, cand: _Candidate) -> None:
    """Fill actor1/actor2 of a candidate from the sentence; the article fills gaps later."""
    country = cand.place.place.country if cand.place.place else ctx.country
    trig = cand.triggers[0]
    actors = [
        a for a in ss.actors
        if not _is_civilian(a)
        and (a.kind != "state" or _near_trigger(a, cand.triggers, STATE_NAME_REACH))
        and not _qualifies_another(ss, a)
    ]
    # who told the story is not who did it: sources count only when nobody else is named
    sources = [a for a in actors if _preceded_by(ss, a, "attribution", SOURCE_REACH) and a.end <= trig.start]
    if len(sources) < len(actors):
        actors = [a for a in actors if a not in sources]
    actor1 = actor2 = None
    # "بين X و Y"
    for cue in ss.cues_of("pair"):
        after = [a for a in actors if a.start > cue.end and a.start - cue.end <= ROLE_CUE_REACH]
        if after:
            first = after[0]
            second = next((a for a in actors if a.start > first.end and a.family != first.family), None)
            if second is not None and second.start - first.end <= PAIR_REACH:
                actor1, actor2 = first, second
                break
    if actor1 is None:
        agents = [a for a in actors if _preceded_by(ss, a, "agent")]
        targets = [a for a in actors if _preceded_by(ss, a, "target") and a not in agents]
        if agents:
            actor1 = min(agents, key=lambda a: abs(a.start - trig.start))
        others = [a for a in actors if a is not actor1 and a not in targets]
        if actor1 is None and others:
            # the subject: the nearest actor before the trigger, else the first one after it
            before = [a for a in others if a.end <= trig.start]
            after = [a for a in others if a.start >= trig.end]
            actor1 = before[-1] if before else (after[0] if after else None)
        if targets:
            pool = [a for a in targets if actor1 is None or a.family != actor1.family]
            if pool:
                actor2 = min(pool, key=lambda a: abs(a.start - trig.start))
        if actor2 is None and actor1 is not None:
            clause_lo = _clause_start(ss, ctx.doc, trig.start)
            clause_hi = _clause_end(ss, ctx.doc, trig.end)
            rest = [a for a in actors if a.family != actor1.family and a.start > actor1.end
                    and clause_lo <= a.start < clause_hi]
            if rest and cand.sub_event_type in ("Armed clash", "territory"):
                actor2 = rest[0]
    cand.actor1, cand.actor2 = actor1, actor2
    day = cand.day
    cand.actor1_name = resolve(actor1.candidates, country, day) if actor1 else ""
    cand.actor2_name = resolve(actor2.candidates, country, day) if actor2 else ""
    cand.civilian = (
        bool(ss.cues_of("civilian"))
        or any(_is_civilian(a) for a in ss.actors)
        or any(f.victim_group == "civilian" for f in ss.fatalities)
    )


def _qualifies_another(ss: _SentenceSpans, actor: ActorMention) -> bool:
    """"الجيش النظامي الموالي للحكومة": the government only qualifies the army. But in "القوات الموالية
    للحكومة" a generic word for fighters comes first, and the affiliated actor names their side."""
    cue = next((c for c in ss.cues if c.cls == "affiliation" and 0 <= actor.start - c.end <= 4), None)
    if cue is None:
        return False
    generic = any(c.cls == "force" and 0 <= cue.start - c.end <= 2 for c in ss.cues)
    return not generic


def _near_trigger(actor: ActorMention, triggers: list[Trigger], reach: int) -> bool:
    return any(abs(actor.start - t.end) <= reach or abs(t.start - actor.end) <= reach for t in triggers)


def _is_civilian(mention: ActorMention) -> bool:
    return mention.family == "civilians"


def _preceded_by(ss: _SentenceSpans, actor: ActorMention, cls: str, reach: int = 0) -> bool:
    reach = reach or ROLE_CUE_REACH
    return any(c.cls == cls and 0 <= actor.start - c.end <= reach for c in ss.cues)


def _resolve_class(ctx: _Context, ss: _SentenceSpans, cand: _Candidate) -> str:
    cls = cand.sub_event_type
    if cls == "territory":
        if any(t.sub_event_type == "Non-violent transfer of territory" for t in ss.triggers):
            return "Non-violent transfer of territory"
        if cand.actor1_name and actor_type(cand.actor1_name) in STATE_TYPES:
            return "Government regains territory"
        return "Non-state actor overtakes territory"
    if cls == "raid":
        return "Arrests" if ss.cues_of("detention") else "Other"
    if cls == "strike":
        air = any(c.cls == "air" for c in ss.cues) or (
            cand.actor1_name in AIR_FORCE_FAMILIES
        )
        return "Air/drone strike" if air else "Shelling/artillery/missile attack"
    if cls == "killing":
        return "Attack" if cand.civilian else "Armed clash"
    if cls == "Armed clash" and not cand.strong and cand.civilian:
        return "Attack"  # shooting or an attack on civilians is violence against civilians
    return cls


# --------------------------------------------------------------------------- fatalities


def _assign_fatalities(ctx: _Context, candidates: list[_Candidate]) -> None:
    """Death counts of a candidate's sentence (codebook §5).

    Parts of one split figure ("25 من الفصائل وثمانية من مقاتلي داعش") share a ``group`` and are
    added up; otherwise several figures are reports of the same deaths and the lowest wins, an
    exact figure before a word like "عشرات". A following sentence with no trigger of its own that
    reports deaths ("ما أسفر عن مقتل ...") counts too. One figure for several places goes to the
    first of them only.
    """
    by_sentence: dict[int, list[_Candidate]] = {}
    for cand in candidates:
        by_sentence.setdefault(cand.sentence, []).append(cand)
    for i, cands in by_sentence.items():
        mentions = [f for f in ctx.sentences[i].fatalities if not f.aggregate]
        nxt = i + 1
        if not mentions and nxt < len(ctx.sentences) and nxt not in by_sentence and _continues(ctx.sentences[nxt]):
            mentions = [f for f in ctx.sentences[nxt].fatalities if not f.aggregate]
            if mentions:
                for c in cands:
                    c.evidence.append(nxt)
        if not mentions:
            continue
        figure = _sentence_figure(mentions)
        # one figure for several places goes to one of them only: the place written nearest to it
        own = [c for c in cands if c.place.start >= ctx.sentences[i].sentence.start] or cands
        anchor = mentions[0].start
        nearest = min(own, key=lambda c: (abs(c.place.start - anchor), c.place.start))
        nearest.fatalities, nearest.fatalities_exact = figure
        if nxt in {j for c in cands for j in c.evidence} and ctx.sentences[nxt].dates:
            _adopt_continuation_date(ctx.sentences[nxt], cands)


def _adopt_continuation_date(ss: _SentenceSpans, cands: list[_Candidate]) -> None:
    """A carried-on sentence that gives the date the first half lacked ("... دمشق | الخميس 21 مارس")."""
    dated = [d for d in ss.dates if d.value is not None and d.time_precision < 4 and d.kind != "future"]
    if not dated:
        return
    for c in cands:
        if not c.date_explicit:
            c.day, c.time_precision, c.date_explicit = dated[0].value, dated[0].time_precision, True


def _protests_met_with_force(ctx: _Context, candidates: list[_Candidate]) -> None:
    """Codebook §3: force used on protesters is a protest event, not a clash: with deaths
    "Excessive force against protesters", else "Protest with intervention"."""
    for cand in candidates:
        if event_type_of(cand.sub_event_type) not in ("Battles", "Violence against civilians"):
            continue
        if not any(a.family == "protesters" for a in ctx.sentences[cand.sentence].actors):
            continue
        cand.sub_event_type = (
            "Excessive force against protesters" if (cand.fatalities or 0) > 0 else "Protest with intervention"
        )
        if actor_type(cand.actor1_name) == "Protesters":  # the force used on them is the initiator
            cand.actor1_name, cand.actor2_name = cand.actor2_name, cand.actor1_name


def _continues(ss: _SentenceSpans) -> bool:
    """A sentence with no strong trigger and no place of its own carries on the one before it
    ("... ما أسفر عن مقتل 42 شخصا", or the second half of a sentence broken by a line end)."""
    return not any(t.strong for t in ss.triggers) and not any(_is_event_place(p) for p in ss.places)


def _sentence_figure(mentions: list[FatalityMention]) -> tuple[int, bool]:
    """(count, exact) of a sentence's fatality mentions: split parts summed, then the lowest figure."""
    groups: dict[int, list[FatalityMention]] = {}
    figures: list[tuple[int, bool]] = []
    for m in mentions:
        if m.group:
            groups.setdefault(m.group, []).append(m)
        else:
            figures.append((m.count, not m.approximate))
    for parts in groups.values():
        figures.append((sum(p.count for p in parts), all(not p.approximate for p in parts)))
    exact = [f for f in figures if f[1] and f[0] > 0]
    pool = exact or [f for f in figures if f[0] > 0] or figures
    return min(pool, key=lambda f: f[0])


# --------------------------------------------------------------------------- merging


def _compatible(a: str, b: str) -> bool:
    return not a or not b or a == b


def _same_place(a: _Candidate, b: _Candidate) -> bool:
    pa, pb = a.place.place, b.place.place
    if pa is None or pb is None:
        return a.place.text == b.place.text
    return pa.id == pb.id


def _same_day(a: _Candidate, b: _Candidate) -> bool:
    """Same day, or one of them only inherited its date (the same incident retold later)."""
    if a.day == b.day:
        return True
    if a.day is None or b.day is None:
        return False
    if a.date_explicit and b.date_explicit:
        return False
    return abs((a.day - b.day).days) <= 7


def _merge(candidates: list[_Candidate]) -> list[_Candidate]:
    """One record per (date, place, sub-event type, actor pair).

    A candidate joins an earlier one when it is the same incident told again: same place (or a
    broad place around the other's), a compatible day, and the same type -- or, for a weak report
    ("الهجوم"), any type of a strong report at that place.
    """
    merged: list[_Candidate] = []
    for cand in sorted(candidates, key=lambda c: (not c.strong, c.sentence)):
        target = next((m for m in merged if _same_incident(m, cand)), None)
        if target is None:
            merged.append(cand)
            continue
        if cand.date_explicit and not target.date_explicit and target.sub_event_type == cand.sub_event_type:
            target.day, target.time_precision, target.date_explicit = cand.day, cand.time_precision, True
        target.evidence = sorted(set(target.evidence) | set(cand.evidence))
        if target.sub_event_type != cand.sub_event_type and {target.sub_event_type, cand.sub_event_type} <= BOMBING_TYPES:
            target.sub_event_type = min(target.sub_event_type, cand.sub_event_type, key=rank_of)
        if target.sub_event_type == cand.sub_event_type:
            target.actor1_name = target.actor1_name or cand.actor1_name
            target.actor2_name = target.actor2_name or cand.actor2_name
        target.civilian = target.civilian or cand.civilian
        if _is_broad(target.place) and not _is_broad(cand.place):
            target.place = cand.place
        elif cand.place.geo_precision < target.place.geo_precision and _place_key(cand) == _place_key(target):
            target.place = cand.place
        target.fatalities, target.fatalities_exact = _lowest_figure(
            (target.fatalities, target.fatalities_exact), (cand.fatalities, cand.fatalities_exact)
        )
    merged.sort(key=lambda m: (m.sentence, m.place.start))
    return merged


def _place_key(c: _Candidate) -> str:
    return c.place.place.id if c.place.place else c.place.text


def _same_incident(m: _Candidate, c: _Candidate) -> bool:
    if not _same_day(m, c):
        return False
    same_type = m.sub_event_type == c.sub_event_type
    if same_type and not (_compatible(m.actor1_name, c.actor1_name) and _compatible(m.actor2_name, c.actor2_name)):
        return False
    if not same_type and m.sub_event_type in BOMBING_TYPES and c.sub_event_type in BOMBING_TYPES:
        same_type = True  # "سيارة مفخخة" and "انتحاري" told apart in two sentences: one blast
    if not same_type and c.trigger_class == "strike" and event_type_of(m.sub_event_type) == event_type_of(c.sub_event_type):
        same_type = True  # a bare "قصف" at a place that has a typed strike that day is that strike
    if _place_key(m) == _place_key(c):
        return same_type or (m.strong and not c.strong)
    pm, pc = m.place.place, c.place.place
    if same_type and pm is not None and pc is not None and (_is_broad(m.place) != _is_broad(c.place)):
        if km(pm, pc) <= BROAD_PLACE_KM:
            return True
    if (
        pm is not None and pc is not None
        and (m.place.geo_precision == 3) != (c.place.geo_precision == 3)
        and pm.admin1 and pm.admin1 == pc.admin1
        and event_type_of(m.sub_event_type) == event_type_of(c.sub_event_type)
    ):
        return True  # a governorate-level report beside a town-level one of the same kind: the town's
    return False


def _lowest_figure(a: tuple[Optional[int], bool], b: tuple[Optional[int], bool]) -> tuple[Optional[int], bool]:
    """Codebook §5: several figures -> the lowest; an exact figure beats an approximate one."""
    figures = [f for f in (a, b) if f[0] is not None and f[0] > 0]
    if not figures:
        return (a[0] if a[0] is not None else b[0]), True
    exact = [f for f in figures if f[1]]
    pool = exact or figures
    return min(pool, key=lambda f: f[0])


# --------------------------------------------------------------------------- records


def _associates(ctx: _Context, actor: str, others: tuple[str, ...], country: str, day) -> str:
    """Actors the article names together with ``actor`` ("; "-separated), excluding ``others``."""
    if not actor:
        return ""
    table = actor_table()
    family = table[actor].family if actor in table else actor
    out = []
    for ally in ctx.allies.get(family, []):
        names = names_of_family(ally)
        name = resolve(list(names), country, day) if names else ""
        if name and name != actor and name not in others and name not in out:
            out.append(name)
    return "; ".join(out)


def _fill_missing_actors(ctx: _Context, cand: _Candidate, country: str) -> tuple[str, str]:
    actor1, actor2 = cand.actor1_name, cand.actor2_name
    event_type = event_type_of(cand.sub_event_type)
    ranked = [f for f, _ in ctx.actor_counts.most_common() if f != "civilians"]

    def from_family(family: str) -> str:
        names = names_of_family(family)
        return resolve(list(names), country, cand.day) if names else ""

    if not actor1:
        if cand.sub_event_type in BOMBING_TYPES:
            actor1 = resolve(["Unidentified Armed Group (Syria)", "Unidentified Armed Group (Iraq)"], country, cand.day)
        else:
            for family in ranked:
                name = from_family(family)
                if name and name != actor2:
                    actor1 = name
                    break
        if not actor1 and cand.sub_event_type == "Air/drone strike":
            actor1 = "Unidentified Military Forces"  # only states fly: an unclaimed strike is by unknown forces
        if not actor1:
            actor1 = resolve(["Unidentified Armed Group (Syria)", "Unidentified Armed Group (Iraq)"], country, cand.day)
    if not actor2:
        if cand.civilian and event_type in CIVILIAN_TARGET_TYPES:
            actor2 = resolve(["Civilians (Syria)", "Civilians (Iraq)"], country, cand.day)
        elif event_type == "Battles" or cand.trigger_class == "raid":
            for family in ranked:
                name = from_family(family)
                if name and name != actor1:
                    actor2 = name
                    break
    return actor1, actor2


def _record(ctx: _Context, cand: _Candidate) -> EventRecord:
    doc = ctx.doc
    place = cand.place.place
    country = place.country if place else ctx.country
    actor1, actor2 = _fill_missing_actors(ctx, cand, country)
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
        assoc_actor_1=_associates(ctx, actor1, (actor2,), country, day),
        actor2=actor2 if actor2 != actor1 else "",
        assoc_actor_2=_associates(ctx, actor2, (actor1,), country, day) if actor2 != actor1 else "",
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
    record.event_id = event_id(record)
    return record


def event_id(record: EventRecord) -> str:
    """A stable id: the same article, date, place, type and actors give the same id."""
    key = "|".join(
        str(x)
        for x in (
            record.article_id,
            record.event_date,
            record.location,
            round(record.latitude, 3),
            round(record.longitude, 3),
            record.sub_event_type,
            record.actor1,
            record.actor2,
        )
    )
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
