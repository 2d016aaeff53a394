"""Events step 6, fatalities: the death counts of a candidate's sentence (or the sentence that
carries it on), split figures added, the lowest figure otherwise (codebook §5).
"""
from __future__ import annotations

from ...document import FatalityMention
from ..event_types import event_type_of
from ..fatalities import clause_breaks
from .context import Candidate, Context, is_event_place, SentenceSpans


def assign_fatalities(ctx: Context, candidates: list[Candidate]) -> None:
    """Death counts of a candidate's sentence (codebook §5).

    Parts of one split figure ("25 من الفصائل وثمانية من مقاتلي داعش") share a ``group`` and are
    added up; otherwise several figures are reports of the same deaths and the lowest wins, an
    exact figure before a word like "عشرات". A following sentence with no trigger of its own that
    reports deaths ("ما أسفر عن مقتل ...") counts too. One figure for several places goes to the
    first of them only.
    """
    by_sentence: dict[int, list[Candidate]] = {}
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
        # deaths are the outcome of a violent event: a sentence's arrests or seizures get none
        cands = [c for c in cands if may_have_deaths(c.sub_event_type)]
        if not cands:
            continue
        # a toll whose clause has a report of its own is not another clause's ("وقع انفجار ... وقتل
        # عددا غير معروف، في حين اندلعت معارك في دمشق")
        cands = [c for c in cands if not _other_clause(ctx.sentences[i], mentions[0], c)]
        if not cands:
            continue
        # one figure for several places goes to one of them only: the place written nearest to it
        own = [c for c in cands if c.place.start >= ctx.sentences[i].sentence.start] or cands
        anchor = mentions[0].start
        nearest = min(own, key=lambda c: (abs(c.place.start - anchor), c.place.start))
        nearest.fatalities, nearest.fatalities_exact = figure
        nearest.fatalities_update = _is_update(ctx.sentences[i], mentions)
        if nxt in {j for c in cands for j in c.evidence} and ctx.sentences[nxt].dates:
            _adopt_continuation_date(ctx.sentences[nxt], cands)
    for i in range(len(ctx.sentences)):
        if i not in by_sentence:
            _update_earlier(ctx, i, candidates)


# Records that carry no deaths: what the codebook (§3) calls strategic developments (arrests, seizures,
# looting, agreements), and abductions. A toll in their sentence belongs to its violent event. (A protest
# keeps its sentence's deaths: force used on it turns it into another type.)
NO_DEATH_EVENT_TYPES = frozenset({"Strategic developments"})
NO_DEATH_SUB_EVENT_TYPES = frozenset({"Peaceful protest", "Abduction/forced disappearance"})


def may_have_deaths(sub_event_type: str) -> bool:
    """Whether a record of this type can carry the deaths of its sentence."""
    return sub_event_type not in NO_DEATH_SUB_EVENT_TYPES and event_type_of(sub_event_type) not in NO_DEATH_EVENT_TYPES


def _other_clause(ss: SentenceSpans, mention: FatalityMention, cand: Candidate) -> bool:
    """The toll stands in a clause of the sentence (bounded by "في حين", "فيما", ...) that neither the
    candidate's place nor its trigger is in and that holds an event word of its own (not the death
    word itself): "وقع انفجار استهدف مجمعا عسكريا وقتل عددا غير معروف، في حين اندلعت معارك في دمشق"."""
    if not (ss.sentence.start <= cand.place.start < ss.sentence.end):
        return False  # a place taken from the sentence before
    breaks = clause_breaks(ss.doc, ss.sentence.start, ss.sentence.end)
    if not breaks:
        return False

    def clause(offset: int) -> int:
        return sum(1 for b in breaks if b <= offset)

    own = clause(mention.start)
    if clause(cand.place.start) == own or any(
        clause(t.start) == own for t in cand.triggers if ss.sentence.start <= t.start < ss.sentence.end
    ):
        return False
    return any(clause(t.start) == own and not (t.start < mention.end and mention.start < t.end) for t in ss.triggers)


def _adopt_continuation_date(ss: SentenceSpans, cands: list[Candidate]) -> None:
    """A carried-on sentence that gives the date the first half lacked ("... دمشق | الخميس 21 مارس")."""
    dated = [d for d in ss.dates if d.value is not None and d.time_precision < 4 and d.kind not in ("future", "since")]
    if not dated:
        return
    for c in cands:
        if not c.date_explicit:
            c.day, c.time_precision, c.date_explicit = dated[0].value, dated[0].time_precision, True


def _continues(ss: SentenceSpans) -> bool:
    """A sentence with no strong trigger and no place of its own carries on the one before it
    ("... ما أسفر عن مقتل 42 شخصا", or the second half of a sentence broken by a line end)."""
    return not any(t.strong for t in ss.triggers) and not any(is_event_place(p) for p in ss.places)


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


# How far before a toll its update word may stand ("ارتفعت حصيلة قتلى التفجير إلى 12").
UPDATE_REACH = 40


def _is_update(ss: SentenceSpans, mentions: list[FatalityMention]) -> bool:
    """The sentence's toll updates an earlier one: an update word shortly before it."""
    if not ss.may_have_cues("update"):
        return False  # (no update word in the sentence: its cues need not be searched)
    return any(0 <= m.start - c.end <= UPDATE_REACH for m in mentions for c in ss.cues_of("update"))


def _update_earlier(ctx: Context, i: int, candidates: list[Candidate]) -> None:
    """A sentence with no report of its own that raises a toll ("وارتفع عدد القتلى إلى 12") updates the
    last record before it that had one (codebook §5: a later count, not a competing estimate)."""
    ss = ctx.sentences[i]
    mentions = [f for f in ss.fatalities if not f.aggregate]
    if not mentions or not _is_update(ss, mentions):
        return
    earlier = [c for c in candidates if c.sentence < i and c.fatalities and may_have_deaths(c.sub_event_type)]
    if earlier:
        target = max(earlier, key=lambda c: c.sentence)
        count, exact = _sentence_figure(mentions)
        if count > (target.fatalities or 0):
            target.fatalities, target.fatalities_exact, target.fatalities_update = count, exact, True
            target.evidence.append(i)
