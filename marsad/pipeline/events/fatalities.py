"""Events step 6, fatalities: the death counts of a candidate's sentence (or the sentence that
carries it on), split figures added, the lowest figure otherwise (codebook §5).
"""
from __future__ import annotations

import bisect
import re
from typing import Optional

from ...document import FatalityMention
from ...text import WORD_PUNCT, fold, has_article
from ..event_types import event_type_of
from ..fatalities import (breaks_down, counts_others, names_the_dead, opens_additively_word, clause_breaks, is_list_area, is_toll_word, names_a_pair, names_attackers,
                          opens_additively)
from .context import Candidate, clause_end, clause_start, Context, folded_text, is_event_place, place_key, SentenceSpans
from .dates import new_report
from .linking import is_broad
from .reporting import not_reported


def _before_the_day_before(ss: SentenceSpans, mentions: list[FatalityMention], cands: list[Candidate]) -> list[FatalityMention]:
    """"انفجرت سيارة مفخخة اليوم، في هجوم يأتي غداة مقتل 21 شخصا في هجمات": the dead told after "غداة" (a date of
    kind day_before) are the earlier incident's; a report whose triggers all stand before that date does not take
    them (the earlier incident, when it has a record of its own, keeps them)."""
    cuts = [d.end for d in ss.dates if d.kind in ("day_before", "days_before")]
    if not cuts or not mentions:
        return mentions
    cut = min(cuts)
    if any(t.start >= cut for c in cands for t in c.triggers):
        return mentions
    return [f for f in mentions if f.start < cut]


def assign_fatalities(ctx: Context, candidates: list[Candidate]) -> None:
    """Death counts of a candidate's sentence (codebook §5).

    Parts of one split figure ("25 من الفصائل وثمانية من مقاتلي داعش") share a ``group`` and are
    added up; otherwise several figures are reports of the same deaths and the lowest wins, an
    exact figure before a word like "عشرات". A following sentence with no trigger of its own that
    reports deaths ("ما أسفر عن مقتل ...") counts too. An exact figure for several places goes to
    the place written nearest to it (a town before the governorate it lies in), a share of it given
    for one place ("بينهم 9 أشخاص في مدينة حماة") to that place; "several" dead for a list of places
    are split over them.
    """
    by_sentence: dict[int, list[Candidate]] = {}
    for cand in candidates:
        by_sentence.setdefault(cand.sentence, []).append(cand)
    for i, cands in by_sentence.items():
        mentions = [f for f in ctx.sentences[i].fatalities if not f.aggregate and not _summarized(ctx.sentences[i], f)]
        toll_ss = ctx.sentences[i]  # the sentence the toll is read from
        nxt = i + 1
        if not mentions and nxt < len(ctx.sentences) and nxt not in by_sentence and _continues(ctx.sentences[nxt]):
            mentions = [f for f in ctx.sentences[nxt].fatalities if not f.aggregate]
            toll_ss = ctx.sentences[nxt]
            if mentions:
                for c in cands:
                    c.evidence.append(nxt)
        if not mentions:
            # "انفجرت سيارة مفخخة في الكاظمية. وقالت الوزارة إن التحقيقات جارية. وأعلنت الوزارة مقتل 12 شخصا في
            # الانفجار": asides in between, the incident told again by a definite word carries its toll
            j = _after_asides(ctx, i + 1)
            # (not one with a day of its own or an earlier incident's "وكان ... قد": "وكان 12 شخصا قد قتلوا الشهر
            # الماضي في التفجير الذي استهدف السوق")
            if j is not None and j not in by_sentence and _continues(ctx.sentences[j]) \
                    and _retold_by_definite_word(ctx.sentences[j], cands) and not ctx.sentences[j].dates \
                    and not ctx.sentences[j].cues_of("background"):
                mentions = [f for f in ctx.sentences[j].fatalities if not f.aggregate]
                toll_ss = ctx.sentences[j]
                if mentions:
                    for c in cands:
                        c.evidence.append(j)
        prv = i - 1
        if not mentions and prv >= 0 and prv not in by_sentence and not new_report(ctx, ctx.sentences[i]) \
                and not ctx.sentences[i].cues_of("negation") and _leads(ctx, ctx.sentences[prv], cands):
            # "قتل ثلاثة جنود اليوم في هجوم انتحاري. وقالت الشرطة إن انتحاريا فجر نفسه ... في بلدة تلعفر": the lead
            # told the toll and the kind of incident, the next sentence where it happened
            mentions = [f for f in ctx.sentences[prv].fatalities if not f.aggregate]
            toll_ss = ctx.sentences[prv]
            if mentions:
                for c in cands:
                    c.evidence.insert(0, prv)
        mentions = _before_the_day_before(ctx.sentences[i], mentions, cands)
        if not mentions:
            continue
        figure = _sentence_figure(mentions)
        # deaths are the outcome of a violent event: a sentence's arrests or seizures get none
        cands = [c for c in cands if may_have_deaths(c.sub_event_type)]
        if not cands:
            continue
        # a toll whose clause has a report of its own is not another clause's ("دوى انفجار ... وقتل
        # عددا غير معروف، في حين دارت مواجهات في حمص")
        # nor is one told with a place in another country ("عقب موجة من الانفجارات في الأردن أدت إلى سقوط قتلى")
        cands = [c for c in cands if not _other_clause(ctx.sentences[i], mentions[0], c)
                 and not _abroad(toll_ss, mentions[0], c)]
        if not cands:
            continue
        # one figure for several places goes to one of them only: the place written nearest to it,
        # not a governorate a finer place of the sentence lies in ("قصفوا بلدة السويداء ... في محافظة درعا")
        own = [c for c in cands if c.place.start >= ctx.sentences[i].sentence.start] or cands
        own = [c for c in own if not is_broad(c.place)] or own
        anchor = mentions[0].start
        nearest = min(own, key=lambda c: (abs(c.place.start - anchor), c.place.start))
        update = _is_update(ctx.sentences[i], mentions)
        # the dead of a list of places ("قتل 30 شخصا جراء قصف على جوبر وزملكا والحجر الأسود", "غارات على حرستا
        # وعربين، خلفت عددا من القتلى") are split over them (codebook §5), but for a spot between two
        # ("بين مدينتي قامشلو وعامودا")
        listed = _place_list(ctx, own, nearest) if not figure[1] else _exact_list(ctx, own, nearest)
        listed = _most_at(ctx.sentences[i], listed)
        if figure[0] < len(listed):
            listed = [nearest]
        for c, share in zip(listed, split_toll(figure[0], len(listed))):
            c.fatalities, c.fatalities_exact, c.fatalities_update = share, figure[1], update
        if toll_ss is ctx.sentences[i]:
            _clause_tolls(toll_ss, mentions, own, update)
            if not update:
                _tolls_by_place(toll_ss, mentions, own)
        _place_breakdowns(ctx.sentences[i], own)
        if nxt in {j for c in cands for j in c.evidence} and ctx.sentences[nxt].dates:
            _adopt_continuation_date(ctx.sentences[nxt], cands)
    for i, ss in enumerate(ctx.sentences):
        if ss.fatalities and i not in by_sentence:  # (a sentence that counts no dead updates no toll)
            _update_earlier(ctx, i, candidates)
    _add_further_deaths(ctx, candidates)
    _add_dead_told_after(ctx, candidates, by_sentence)
    _total_before_breakdown(ctx, candidates, by_sentence)


def _summarized(ss: SentenceSpans, mention: FatalityMention) -> bool:
    """The count stands in the clause of a summary's list of places ("واستشهد 7 مقاتلين خلال قصف واشتباكات في محافظات
    الحسكة وحلب": ``tally_places`` of event_cues.tsv): the summary's, no toll of a report the sentence tells."""
    if not ss.may_have_cues("tally_places"):
        return False
    return any(clause_start(ss, ss.doc, c.start) <= mention.start < clause_end(ss, ss.doc, c.end)
               for c in ss.cues_of("tally_places"))


def _add_dead_told_after(ctx: Context, candidates: list[Candidate], by_sentence: dict) -> None:
    """Dead told in a sentence of no report of its own, no place and no day, that opens by adding ("كما قتل 21 من مسلحي
    التنظيم", "وقتل أيضا 21 من مسلحي التنظيم") right after the one incident of the sentence before that counted its own
    dead: more dead of that incident, all sides (codebook §5), not a lower estimate."""
    for j, ss in enumerate(ctx.sentences):
        if j == 0 or j in by_sentence or not ss.fatalities or ss.dates or ss.places:
            continue
        mentions = [f for f in ss.fatalities if not f.aggregate and f.count]
        if not mentions or not _adds(ctx, ss, mentions[0]):
            continue
        if any(j in c.evidence for c in candidates):
            continue  # (its toll already taken by the report before: "... | كما أفادت تقارير بأن الهجمات أسفرت عن مقتل 12")
        before = [c for c in candidates if c.sentence == j - 1 and c.fatalities]
        if len(before) != 1:
            continue
        # (another side's dead: "قتل 30 من القوات الحكومية ... | وقتل أيضا 21 من مسلحي التنظيم"; the same dead told again,
        # "كما أفادت تقارير بأن الهجمات أسفرت عن مقتل 12 شخصا", add none)
        told = {f.victim_group for f in ctx.sentences[j - 1].fatalities if not f.aggregate}
        if not mentions[0].victim_group or "" in told or mentions[0].victim_group in told:
            continue
        c = before[0]
        figure = _sentence_figure(mentions)
        c.fatalities += figure[0]
        c.fatalities_exact = c.fatalities_exact and figure[1]
        c.evidence.append(j)


# How many words may open a sentence before its word of adding ("وقتل أيضا").
ADDITIVE_WORDS = 2


def _adds(ctx: Context, ss: SentenceSpans, mention: FatalityMention) -> bool:
    """The sentence opens with a word of adding, or has one within its first words before its toll ("وقتل أيضا 21")."""
    doc = ctx.doc
    if opens_additively(doc, ss.sentence.start, ss.sentence.end):
        return True
    words = folded_text(doc, ss.sentence.start, max(mention.end, ss.sentence.start)).split()[:ADDITIVE_WORDS + 1]
    return any(opens_additively_word(w.strip(WORD_PUNCT)) for w in words[1:])


def _total_before_breakdown(ctx: Context, candidates: list[Candidate], by_sentence: dict) -> None:
    """A toll that is a breakdown of the total the sentence before gave ("ما أسفر عن مقتل 7 | وبينهم
    ضابط ... قتل ... في بلدة البوليل"): the incident's toll is that total, when the sentence before has
    no record of its own to carry it (codebook §5)."""
    for c in candidates:
        i = c.sentence
        if not c.fatalities or i == 0 or (i - 1) in by_sentence:
            continue
        ss = ctx.sentences[i]
        mentions = [f for f in ss.fatalities if not f.aggregate]
        if not mentions or not all(_after_breakdown(ctx, ss, f) for f in mentions):
            continue
        totals = [f for f in ctx.sentences[i - 1].fatalities if not f.aggregate]
        if not totals:
            continue
        figure = _sentence_figure(totals)
        if figure[0] > c.fatalities:
            c.fatalities, c.fatalities_exact = figure
            c.evidence = sorted(set(c.evidence) | {i - 1})


def _after_breakdown(ctx: Context, ss: SentenceSpans, mention: FatalityMention) -> bool:
    """Whether a breakdown word ("بينهم") stands in the sentence before the mention's count."""
    words = folded_text(ctx.doc, ss.sentence.start, mention.start).split()
    # (not a pronoun naming the dead counted before it: "لقي صحافيان هما ... مصرعهما")
    return any(breaks_down(w) and not names_the_dead(w) for w in words)


def _add_further_deaths(ctx: Context, candidates: list[Candidate]) -> None:
    """Dead told in the sentence after an incident's toll, at its place, that add to it rather than
    compete with it as a lower estimate (codebook §5: everyone killed, all sides, attackers included):
    a sentence that opens with "كما" and takes its place from the one before ("قتل 16 مقاتلا من
    المعارضة ... في مدينة أريحا | كما أفاد مراسلنا عن مقتل ستة من الجنود في الاشتباكات"), or
    one whose only dead are the attackers ("مقتل منفذ الهجوم")."""
    for c in candidates:
        if not (c.fatalities and c.place.place is not None):
            continue
        ss = ctx.sentences[c.sentence]
        mentions = [f for f in ss.fatalities if not f.aggregate]
        attackers = bool(mentions) and all(names_attackers(f.victims) for f in mentions)
        if not (attackers or (c.place_inherited and opens_additively(ctx.doc, ss.sentence.start, ss.sentence.end))):
            continue
        before = [b for b in candidates if b.sentence == c.sentence - 1 and b.fatalities
                  and b.place.place is not None and b.place.place.id == c.place.place.id]
        if before:
            b = before[0]
            b.fatalities += c.fatalities
            b.fatalities_exact = b.fatalities_exact and c.fatalities_exact
            c.fatalities = None


# Records that carry no deaths: what the codebook (§3) calls strategic developments (arrests, seizures,
# looting, agreements), and abductions. A toll in their sentence belongs to its violent event. (A protest
# keeps its sentence's deaths: force used on it turns it into another type.)
NO_DEATH_EVENT_TYPES = frozenset({"Strategic developments"})
NO_DEATH_SUB_EVENT_TYPES = frozenset({"Peaceful protest", "Abduction/forced disappearance"})


# What may stand between a breakdown and the place it is given for: "بينهم 9 أشخاص في مدينة حماة".
_BREAKDOWN_PLACE_GAP = re.compile(r"^\s*(?:في\s*|ب)?$")


def _clause_tolls(ss: SentenceSpans, mentions: list[FatalityMention], own: list[Candidate], update: bool) -> None:
    """Tolls told for different places in clauses of their own ("قتل 20 مدنيا في مدينة دوما، بينما قتل
    خمسة في مدينة عربين"): each place takes the toll of its clause, not the lowest of the sentence
    (they are not competing estimates of one count, codebook §5)."""
    if len(mentions) < 2 or any(m.group for m in mentions):
        return
    breaks = clause_breaks(ss.doc, ss.sentence.start, ss.sentence.end)
    if not breaks:
        return

    def clause(offset: int) -> int:
        return sum(1 for b in breaks if b <= offset)

    if len({clause(m.start) for m in mentions}) < 2:
        return
    here = [c for c in own if ss.sentence.start <= c.place.start < ss.sentence.end]
    places = {}
    for c in here:
        places.setdefault(clause(c.place.start), set()).add(place_key(c.place))
    if len(places) < 2 or any(len(v) > 1 for v in places.values()):
        return  # each clause with its one place
    shares = {}
    for c in here:
        theirs = [m for m in mentions if clause(m.start) == clause(c.place.start)]
        if not theirs:
            return
        shares[id(c)] = _sentence_figure(theirs)
    for c in here:
        c.fatalities, c.fatalities_exact = shares[id(c)]
        c.fatalities_update = update


def _tolls_by_place(ss: SentenceSpans, mentions: list[FatalityMention], own: list[Candidate]) -> None:
    """Tolls told place by place, each before its own places ("قتل 20 مدنيا في بلدة كفرنبل، كما قتل 6 في بلدة
    سراقب، و5 في بلدة معرة النعمان"): the places written after a toll and before the next one take that toll,
    split over them when several (codebook §5), not the lowest or the sum of the sentence. Only when every toll
    has places of its own, enough dead for each, every place of the sentence (each time it is named) follows one
    toll only, and no toll is a share of another."""
    if any(m.reason == "breakdown" for m in ss.fatalities):
        return  # a total and its shares ("68 قتيلا، بينهم 56 ... في منطقة السلمية"): told by _place_breakdowns
    parts = sorted(mentions, key=lambda m: m.start)
    if len(parts) < 2:
        return
    here = [c for c in own if ss.sentence.start <= c.place.start < ss.sentence.end]
    if not here:
        return
    keys = {place_key(c.place) for c in here}
    starts = [m.start for m in parts]
    owner: dict = {}  # a place's key -> the index of the toll it follows
    first_at: dict = {}  # ... and where it is first named
    for p in ss.places:
        key = place_key(p)
        if key not in keys:
            continue
        k = bisect.bisect_right(starts, p.start) - 1
        if k < 0 or p.start < parts[k].end:
            return  # a place before the first toll, or inside a toll's words
        if owner.setdefault(key, k) != k:
            return  # named after two tolls ("... 12 قتلوا في بلدة كفرنبل ومدينة سراقب" after "قتل 10 في كفرنبل")
        first_at.setdefault(key, p.start)
    if set(owner) != keys:
        return
    places_of: dict[int, list] = {}
    for key in sorted(owner, key=first_at.__getitem__):
        places_of.setdefault(owner[key], []).append(key)
    if len(places_of) != len(parts) or any(parts[k].count < len(v) for k, v in places_of.items()):
        return  # a toll with no place of its own, or fewer dead than places: the sentence's figure stands
    share_of = {}
    for k, place_keys in places_of.items():
        for key, share in zip(place_keys, split_toll(parts[k].count, len(place_keys))):
            share_of[key] = (share, not parts[k].approximate)
    for c in here:
        c.fatalities, c.fatalities_exact = share_of[place_key(c.place)]


def _place_breakdowns(ss: SentenceSpans, cands: list[Candidate]) -> None:
    """A total with its share at one place ("قتل 14 شخصا الأربعاء، بينهم 9 أشخاص في مدينة حماة"):
    the record of that place gets its share, not the total."""
    text = ss.doc.text
    for f in ss.fatalities:
        if f.reason != "breakdown" or f.count < 2:
            continue  # a lone person among the dead ("بينهم قيادي في شرق المدينة"): the place is the incident's
        for c in cands:
            if f.end <= c.place.start and _BREAKDOWN_PLACE_GAP.match(text[f.end:c.place.start]):
                c.fatalities, c.fatalities_exact = f.count, not f.approximate


def may_have_deaths(sub_event_type: str) -> bool:
    """Whether a record of this type can carry the deaths of its sentence."""
    return sub_event_type not in NO_DEATH_SUB_EVENT_TYPES and event_type_of(sub_event_type) not in NO_DEATH_EVENT_TYPES


def _other_clause(ss: SentenceSpans, mention: FatalityMention, cand: Candidate) -> bool:
    """The toll stands in a clause of the sentence (bounded by "في حين", "فيما", ...) that the candidate's
    place is not in and that names an area of its own ("معارك في مدينة حماة فيما قتل ثمانية في معارك في
    شمال سوريا") or, with none of the candidate's triggers in it, holds a strong event word of its own (not
    the death word itself): "دوى انفجار استهدف ثكنة عسكرية وقتل عددا غير معروف، في حين دارت مواجهات في حمص".
    A weak word there retells the incident in another source's words ("بينما ذكرت ... أن الهجوم أسفر عن مقتل")."""
    if not (ss.sentence.start <= cand.place.start < ss.sentence.end):
        return False  # a place taken from the sentence before
    breaks = clause_breaks(ss.doc, ss.sentence.start, ss.sentence.end)
    if not breaks:
        return False

    def clause(offset: int) -> int:
        return sum(1 for b in breaks if b <= offset)

    own = clause(mention.start)
    if clause(cand.place.start) == own:
        return False
    if any(clause(p.start) == own and p.role == "place" and p.place is not None and p.place.kind == "country"
           for p in ss.places):
        return True  # the toll's clause names an area of its own ("فيما قتل عشرة ... في شرق سوريا")
    if any(
        clause(t.start) == own for t in cand.triggers if ss.sentence.start <= t.start < ss.sentence.end
    ):
        return False
    return any(clause(t.start) == own and t.strong and not (t.start < mention.end and mention.start < t.end)
               for t in ss.triggers)


_PUNCT = re.compile(r"[,،.;:!?؟]")


def _abroad(ss: SentenceSpans, mention: FatalityMention, cand: Candidate) -> bool:
    """The toll's stretch between commas names a place in another country than the candidate's,
    and not the candidate's place: "عقب موجة من الانفجارات في الأردن أدت إلى سقوط قتلى"."""
    here = cand.place.place
    if here is None:
        return False
    foreign = [p for p in ss.places if p.role == "place" and p.place is not None
               and p.place.country_code and p.place.country_code != here.country_code]
    if not foreign:
        return False  # (most sentences: no place abroad, the stretch need not be found)
    text = ss.doc.text
    lo = max((m.end() for m in _PUNCT.finditer(text, ss.sentence.start, mention.start)), default=ss.sentence.start)
    hi = next((m.start() for m in _PUNCT.finditer(text, mention.end, ss.sentence.end)), ss.sentence.end)
    if lo <= cand.place.start < hi:
        return False
    return any(lo <= p.start < hi for p in foreign)


def _adopt_continuation_date(ss: SentenceSpans, cands: list[Candidate]) -> None:
    """A carried-on sentence that gives the date the first half lacked ("... دمشق | الخميس 21 مارس")."""
    dated = [d for d in ss.dates if d.value is not None and d.time_precision < 4 and d.kind not in ("future", "since")]
    if not dated:
        return
    for c in cands:
        if not c.date_explicit:
            c.day, c.time_precision, c.date_explicit = dated[0].value, dated[0].time_precision, True


# How many asides (no trigger, place, toll or date) may stand between a report and the sentence that tells its toll.
TOLL_ASIDES = 2


def _after_asides(ctx: Context, k: int) -> Optional[int]:
    """The first sentence from ``k`` on after one to :data:`TOLL_ASIDES` asides (sentences with no trigger, place,
    toll or date: "وقالت الوزارة إن التحقيقات جارية"), or None when sentence ``k`` is none or no aside."""
    skipped = 0
    sentences = ctx.sentences
    while k < len(sentences) and skipped < TOLL_ASIDES:
        ss = sentences[k]
        if ss.triggers or ss.places or ss.fatalities or ss.dates:
            break
        k += 1
        skipped += 1
    return k if skipped and k < len(sentences) else None


def _retold_by_definite_word(ss: SentenceSpans, cands: list[Candidate]) -> bool:
    """The sentence tells the candidates' incident again by a definite word of its kind ("في الانفجار", "الغارة")."""
    kinds = {event_type_of(c.sub_event_type) for c in cands}
    return any(has_article(fold(t.text).split()[0]) and (not t.event_type or t.event_type in kinds) for t in ss.triggers)


def _continues(ss: SentenceSpans) -> bool:
    """A sentence with no strong trigger and no place of its own carries on the one before it
    ("... ما أسفر عن مقتل 42 شخصا", or the second half of a sentence broken by a line end), unless it tells
    a tally ("وبحسب المرصد فإن أعمال العنف أمس أسفرت عن مقتل 142 شخصا": the day's toll, not the report's). A
    toll word alone ("الحصيلة الأولية 40 شهيدا") is no tally: it counts the report's own dead as often."""
    return not any(t.strong for t in ss.triggers) and not any(is_event_place(p) for p in ss.places) \
        and _tells_no_tally(ss)


def _tells_no_tally(ss: SentenceSpans) -> bool:
    """The sentence has no tally cue but toll words ("الحصيلة الأولية 40 شهيدا" counts the report's own dead) and
    no scope of a tally ("أعمال العنف")."""
    return all(is_toll_word(fold(c.phrase).strip()) for c in ss.cues_of("aggregate")) and not ss.cues_of("tally_scope")


def _leads(ctx: Context, ss: SentenceSpans, cands: list[Candidate]) -> bool:
    """A sentence that made no report of its own (no place for it: "قتل ثلاثة جنود اليوم في هجوم انتحاري", "قتل آمر
    كلية الأركان في بغداد ... جراء هجوم انتحاري", a title's city) but tells, with a strong word it reports, an
    incident of the kind of the next sentence's report, and its dead: that report's lead, when it tells no tally,
    no earlier incident ("وكان ..."), no other day, and the report is not told as another incident. (The caller also
    asks that the report's sentence not turn to another report, "وفي حمص، ...", nor negate anything, "دون أن يسفر عن
    إصابات".)"""
    if not ss.fatalities or any(c.another for c in cands) or ss.cues_of("background") or ss.cues_of("earlier"):
        return False  # (another incident than the lead's; "وكان 30 شخصا قتلوا ...": an earlier one)
    days = {c.day for c in cands}
    if any(d.value is not None and d.value not in days for d in ss.dates):
        return False  # "... الأسبوع الماضي", "أمس" beside a report of today: not the report's day
    kinds = {c.trigger_class for c in cands} | {c.sub_event_type for c in cands}
    return any(t.strong and t.sub_event_type in kinds and not_reported(ctx, ss, t) is None for t in ss.triggers) \
        and _tells_no_tally(ss)


def _sentence_figure(mentions: list[FatalityMention]) -> tuple[int, bool]:
    """(count, exact) of a sentence's fatality mentions: split parts summed, then the lowest figure.
    The attackers' dead told beside the victims' add to them rather than compete as a lower estimate
    (codebook §5: attackers included): "قتل خمسة من الحراس ... وقتل ثلاثة من المهاجمين" -> 8; so do others told
    after them ("قتل الشيخ ... أسفر عن مقتل 41 آخرين" -> 42)."""
    others = [m for m in mentions if counts_others(m.victims) and not m.group]
    if others and len(others) < len(mentions):
        # "قتل الشيخ ... في تفجير أسفر عن مقتل 41 آخرين": the others add to the dead told before them
        first = [m for m in mentions if m not in others]
        a, b = _sentence_figure(first), _lowest_figure(others)
        return a[0] + b[0], a[1] and b[1]
    attackers = [m for m in mentions if names_attackers(m.victims)]
    victims = [m for m in mentions if not names_attackers(m.victims)]
    if attackers and victims:
        a, b = _lowest_figure(victims), _lowest_figure(attackers)
        return a[0] + b[0], a[1] and b[1]
    return _lowest_figure(mentions)


def _lowest_figure(mentions: list[FatalityMention]) -> tuple[int, bool]:
    """(count, exact) of fatality mentions: split parts summed, then the lowest figure."""
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


# What may stand between two places of one list ("دوما وسقبا", "مسرابا، وجسرين"): separators and "و".
_LIST_GAP = re.compile(r"^[\s,،]*و?\s*$")
# ... or a word of the area around the next place ("حلب وريفي دمشق")
_AREA_GAP = re.compile(r"^[\s,،]*(و?\w+)\s+$")


def _place_list(ctx: Context, own: list[Candidate], nearest: Candidate) -> list[Candidate]:
    """The candidates of one kind of event whose places form, with ``nearest``'s, a list joined by
    "و" ("بينها دوما وسقبا"), in the order written; just ``nearest`` when its place is in no list."""
    same = sorted({id(c): c for c in own if c.sub_event_type == nearest.sub_event_type}.values(),
                  key=lambda c: c.place.start)
    text = ctx.doc.text
    k = same.index(nearest)
    lo = hi = k
    while lo > 0 and _joined(text, same[lo - 1], same[lo]):
        lo -= 1
    while hi + 1 < len(same) and _joined(text, same[hi], same[hi + 1]):
        hi += 1
    return same[lo:hi + 1]


def _exact_list(ctx: Context, own: list[Candidate], nearest: Candidate) -> list[Candidate]:
    """The places an exact figure is split over: :func:`_place_list`, but the nearest place alone for a spot
    between two ("بين مدينتي قامشلو وعامودا": kind ``pair_between`` of ``fatality_cues.tsv``)."""
    listed = _place_list(ctx, own, nearest)
    before = ctx.doc.text[max(0, listed[0].place.start - 12):listed[0].place.start].split()
    if len(listed) == 2 and before and names_a_pair(before[-1], "pair_between"):
        return [nearest]
    return listed


def _most_at(ss: SentenceSpans, listed: list[Candidate]) -> list[Candidate]:
    """The one place of a list its sentence says most of the dead were at ("معظمهم في دوما": ``breakdown`` of
    event_cues.tsv right before it): it keeps the toll, which is not split; else ``listed`` as it is."""
    if len(listed) < 2 or not ss.may_have_cues("breakdown"):
        return listed
    for cue in ss.cues_of("breakdown"):
        named = {p.place.id for p in ss.places if p.place is not None and 0 <= p.start - cue.end <= 2}
        most = [c for c in listed if c.place.place is not None and c.place.place.id in named]
        if most:
            return most[:1]
    return listed


def _joined(text: str, a: Candidate, b: Candidate) -> bool:
    """Two places next to each other in one list; a word for the area around the second may stand
    between them ("حلب وريفي دمشق")."""
    if a.place.end > b.place.start:
        return False
    gap = text[a.place.end:b.place.start]
    if _LIST_GAP.match(gap):
        return True
    m = _AREA_GAP.match(gap)
    return m is not None and is_list_area(fold(m.group(1)))


def split_toll(count: int, n: int) -> list[int]:
    """Deaths given for ``n`` incidents together, split evenly, the remainder to the first listed
    (codebook §5: 52 over three places -> 18, 17, 17)."""
    share, rest = divmod(count, n)
    return [share + (1 if k < rest else 0) for k in range(n)]
