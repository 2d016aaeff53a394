"""Events step 2, places linked: the triggers of a sentence grouped into reports, each event place
given to its nearest report, places inherited from the sentence before, broad places dropped
beside specific ones.
"""
from __future__ import annotations

import functools
import re

from ...document import PlaceMention, Trigger
from ...geo import km
from ...text import fold, proclitics
from ..triggers import cue_words
from .context import clause_opener_cues, clause_start, Context, SentenceSpans

# Triggers closer than this (folded characters, no comma between) report one incident together
# ("هجوم مفترض بغاز سام": the attack *is* the chemical attack).
TRIGGER_JOIN_GAP = 25
# A broad place (a governorate, a region, a city named as the frame of a sentence) is dropped from a
# trigger's places when a more specific one of them lies this close to it.
BROAD_PLACE_KM = 40.0
BROAD_KINDS = frozenset({"governorate", "region", "district", "subdistrict"})


def link_places(
    ss: SentenceSpans, triggers: list[Trigger], places: list[PlaceMention]
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
            ].replace("،", ",") and not _accompanied(ss, last, trig)
            if same_class or close:
                groups[-1][0].append(trig)
                continue
        groups.append(([trig], []))
    # (a clause opener between a place and a trigger puts them in two clauses: tested only when the sentence
    # has such a word)
    openers = _clause_openers(ss) if places else ()
    across: set[int] = set()  # the places a circumstance ("في الوقت الذي") parts from their report
    for place in places:
        best, best_cost = None, None
        for g, (trigs, _) in enumerate(groups):
            for t in trigs:
                if t.end <= place.start:
                    cost = place.start - t.end  # trigger before the place: "قصف على بلدة X"
                    lo, hi = t.end, place.start
                else:
                    cost = (t.start - place.end) * 1.5  # place before the trigger: "X تعرض لقصف"
                    lo, hi = place.end, t.start
                    if clause_start(ss, ss.doc, t.start) > place.start:
                        # "في بلدة حران العواميد، واستخدم الجيش سلاح الطيران في محيط بيت نايم": a comma ends the
                        # place's clause before the trigger after it (the sentence's clause cuts, found once)
                        cost += COMMA_BEFORE_TRIGGER_COST
                cost = abs(cost)
                if openers and any(lo <= k < hi for k, _ in openers):
                    # "اشتباكات في بلدة عربين فيما قصفت المدفعية": another clause's place
                    cost += OTHER_CLAUSE_COST if any(lo <= k < hi and dropping for k, dropping in openers) \
                        else OTHER_CLAUSE_COST // 2
                if best_cost is None or cost < best_cost:
                    best, best_cost = g, cost
        if best is not None:
            groups[best][1].append(place)
            if best_cost >= OTHER_CLAUSE_COST and not _told_on_its_side(ss, openers, place):
                across.add(id(place))  # (a "كما" only costs OTHER_CLAUSE_COST // 2)
    if len(groups) > 1 and ss.may_have_cues("accompanying"):
        groups = _join_accompanying(ss, groups)
    if across:
        # a report with places of its own clause does not take those of another ("قتلوا في المعارك الدائرة بسهل
        # الغاب، في الوقت الذي تغص فيه مشافي القرداحة واللاذقية بجرحاهم": the wounded's towns are no places of it)
        for _, mine in groups:
            if any(id(p) not in across for p in mine):
                mine[:] = [p for p in mine if id(p) not in across]
    return groups


def _accompanied(ss: SentenceSpans, first: Trigger, then: Trigger) -> bool:
    """A word of accompanying stands between two triggers ("تعرضت بلدة كفرنبودة لقصف تزامن مع اشتباكات في محيط بلدة
    المغير": ``accompanying`` of event_cues.tsv): two happenings told together, not one incident named twice (they
    are one when one has no place: :func:`_join_accompanying`)."""
    return ss.may_have_cues("accompanying") and any(
        first.end <= c.start and c.end <= then.start for c in ss.cues_of("accompanying"))


def _join_accompanying(ss: SentenceSpans, groups: list[tuple[list[Trigger], list[PlaceMention]]]
                       ) -> list[tuple[list[Trigger], list[PlaceMention]]]:
    """A report told as the circumstance of the one before it (``accompanying`` of event_cues.tsv right before its
    first trigger: "الاشتباكات استمرت في منطقة الزبداني وسط غارات جوية"), one of the two given no place, is that
    one incident (codebook §3: the first type wins); two with places of their own ("قصفت المدفعية ببيلا وعدرا ...
    وسط اشتباكات في محيط بيت جن") are two."""
    cues = ss.cues_of("accompanying")
    out = [groups[0]]
    for trigs, places in groups[1:]:
        prev_trigs, prev_places = out[-1]
        joined = (not places or not prev_places) and any(
            prev_trigs[-1].end <= c.start and 0 <= trigs[0].start - c.end <= ACCOMPANYING_REACH for c in cues)
        if joined:
            out[-1] = (prev_trigs + trigs, prev_places + places)
        else:
            out.append((trigs, places))
    return out


# How far before a trigger its word of accompanying may stand ("وسط غارات جوية عنيفة").
ACCOMPANYING_REACH = 2
# What a comma between a place and the trigger after it adds to their distance (folded characters).
COMMA_BEFORE_TRIGGER_COST = 80
# What a clause opener between a place and a trigger adds to their distance (more than any sentence is long).
OTHER_CLAUSE_COST = 100_000


def _told_on_its_side(ss: SentenceSpans, openers: list[tuple[int, bool]], place: PlaceMention) -> bool:
    """A trigger word of the sentence, kept or not, stands in the place's own clause, between the circumstance
    openers on either side of it ("بقصف على مدينة حمص، بينما قتل أربعة مدنيين في مدينة حماة"; "قتل أربعة
    مدنيين في مدينة حماة، بينما قصفت المدفعية مدينة حمص"): the place has a report of its own clause, whose weak
    word may have yielded to the sentence's strong one."""
    cuts = [k for k, dropping in openers if dropping]
    lo = max((k for k in cuts if k < place.start), default=ss.sentence.start)
    hi = min((k for k in cuts if k >= place.end), default=ss.sentence.end)
    return any(lo <= t.start < hi for t in ss.triggers)


def _clause_openers(ss: SentenceSpans) -> list[tuple[int, bool]]:
    """Where the sentence's clause openers stand (offsets in ``doc.text``), each with whether a report's places
    across it are dropped (``clause_while`` of data/event_cues.tsv: True; ``clause_also``: False)."""
    return [(c.start, c.cls == "clause_while") for c in clause_opener_cues(ss)]


def inherited_places(ctx: Context, i: int) -> list[PlaceMention]:
    """Places for a strong trigger with none of its own: the places of the nearest sentence before
    it (at most ``extract.context_sentences`` back) that had any ("... في القامشلي وعين عيسى.
    وقد أدى هذا القصف ...")."""
    for j in range(i - 1, max(-1, i - 1 - ctx.context_sentences), -1):
        places = ctx.event_places(j)
        if places:
            # a sentence that reports nothing names places of another matter ("مسيحيون ... يسكنون في دمشق")
            return places if ctx.sentences[j].triggers else []
    return []


def refined_places(ctx: Context, i: int, places: list[PlaceMention]) -> list[PlaceMention]:
    """A report given only a broad place ("قتل مسلحون ثلاثة من رجال الشرطة في ريف X") whose next sentence
    reports nothing of its own (no trigger; or weak ones only, naming no side the report does not) and names
    one specific place in that area ("... وكانت الدورية تتجول على طريق Y"): the incident
    told in detail, at that place."""
    if not places or i + 1 >= len(ctx.sentences):
        return places
    elaborated = _finer_places_told_next(ctx, i, places)
    if elaborated:
        return elaborated
    if not all(is_broad(p) for p in places):
        return places
    nxt = ctx.sentences[i + 1]
    if any(t.strong for t in nxt.triggers):
        return places
    if nxt.triggers and not {a.family for a in nxt.actors} <= {a.family for a in ctx.sentences[i].actors}:
        return places  # weak ones with other sides: "وقتل جنديان من قوات النظام برصاص مجهولين" is another incident
    finer = unique_places([q for q in ctx.event_places(i + 1) if q.place is not None and not is_broad(q)])
    if len(finer) != 1 or any(p.place.id == finer[0].place.id for p in places):
        return places  # a direction of the same city ("جنوبي مدينة حمص" after "ريف حمص") is no finer place
    if all(km(p.place, finer[0].place) <= BROAD_PLACE_KM or (
            p.place.kind in BROAD_KINDS and p.place.admin1 and p.place.admin1 == finer[0].place.admin1)
           for p in places):
        return finer
    return places


def _finer_places_told_next(ctx: Context, i: int, places: list[PlaceMention]) -> list[PlaceMention]:
    """A report given only vague places ("قريتين قرب مدينة إدلب": broad, or near one) whose next sentence reports
    nothing (no trigger) and names, after a word of elaborating (``elaboration`` of event_cues.tsv: "من بين هذه"،
    "وهي"), specific places near them ("وقال المرصد إن من بين هذه القرى قريتي سرمين وبنش"): those places, one record
    each (codebook §1, §7); else none."""
    if not all(is_broad(p) or p.geo_precision >= 2 for p in places):
        return []
    finer = elaborated_places(ctx, i, pronouns=True)
    if not finer or any(not any(p.place is not None and km(p.place, q.place) <= BROAD_PLACE_KM for p in places)
                        for q in finer):
        return []
    return finer


def elaborated_places(ctx: Context, i: int, pronouns: bool = False) -> list[PlaceMention]:
    """The specific places the sentence after sentence ``i`` names after a word of elaborating (``elaboration`` of
    event_cues.tsv: "من بين هذه"; with ``pronouns``, also ``elaboration_pronoun``: "وهي"، "هما") when it reports
    nothing of its own (no trigger): the places sentence ``i`` told vaguely, or not at all ("استعادت السيطرة على
    عدد من القرى والمناطق في السهل. وقال المرصد إن من بين هذه المناطق قريتي خربة الناقوس والمنصورة")."""
    if i + 1 >= len(ctx.sentences):
        return []
    nxt = ctx.sentences[i + 1]
    if nxt.triggers or not nxt.places:
        return []
    doc = ctx.doc
    # (looked up here, not among the sentence's cues: "وهي" and "هما" are common words, asked of few sentences)
    found = _elaboration_regex(pronouns).search(doc.norm, doc.norm_index(nxt.sentence.start),
                                               doc.norm_index(nxt.sentence.end))
    if found is None:
        return []
    opened = doc.text_index(found.end())
    return unique_places([q for q in ctx.event_places(i + 1)
                          if q.start >= opened and q.place is not None and not is_broad(q) and q.geo_precision == 1])


@functools.lru_cache(maxsize=2)
def _elaboration_regex(pronouns: bool) -> re.Pattern:
    """The words of ``elaboration`` (and ``elaboration_pronoun``) of event_cues.tsv, as whole words of the folded
    text (a leading conjunction allowed)."""
    words = cue_words("elaboration") | (cue_words("elaboration_pronoun") if pronouns else frozenset())
    forms = sorted(words, key=len, reverse=True)
    return re.compile(rf"(?<!\w)[{proclitics('conjunctions')}]?(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")


def is_broad(mention: PlaceMention) -> bool:
    """A governorate, a region, or the countryside of a place ("ريف حمص")."""
    place = mention.place
    return place is not None and (
        place.kind in BROAD_KINDS or mention.geo_precision == 3 or _countryside(mention.qualifier or "")
    )


@functools.lru_cache(maxsize=256)
def _countryside(qualifier: str) -> bool:
    """The qualifier of a place names its countryside ("ريف"; asked for every pair of candidates)."""
    return fold(qualifier) in cue_words("countryside")


def specific_places(places: list[PlaceMention]) -> list[PlaceMention]:
    """Drop a broad place when a more specific place of the same report lies within it."""
    if len(places) < 2:
        return places
    out = []
    for p in places:
        if p.place is None:
            continue
        # (a place that is not broad is kept: only a broad one is asked about the others)
        if not (is_broad(p) or _names_countryside(p.qualifier or "")) or not any(
            q is not p and q.place is not None and not is_broad(q) and _within_broad(p, q)
            for q in places
        ):
            out.append(p)
    return out or places


def _within_broad(broad: PlaceMention, q: PlaceMention) -> bool:
    """``q`` lies in the broad place: near it, or in its governorate when the broad place is a whole
    countryside or governorate ("قرية قصر البريج ... في ريف حلب", 50 km out; "أما في حلب وريفها ... في مرعناز")."""
    if km(broad.place, q.place) <= BROAD_PLACE_KM:
        return True
    wide = broad.place.kind == "governorate" or _names_countryside(broad.qualifier or "")
    return wide and bool(broad.place.admin1) and broad.place.admin1 == q.place.admin1 and broad.place.country == q.place.country


@functools.lru_cache(maxsize=256)
def _names_countryside(qualifier: str) -> bool:
    """The qualifier names a countryside, before the name ("ريف") or after it ("وريفها")."""
    folded = fold(qualifier)
    return any(word in folded for word in cue_words("countryside"))


def unique_places(places: list[PlaceMention]) -> list[PlaceMention]:
    seen, out = set(), []
    for p in places:
        key = p.place.id if p.place else p.text
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out
