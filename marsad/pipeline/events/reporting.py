"""Events step 1, triggers kept: does a trigger report something that happened (not a plan, threat,
denial, negation, tally, background aside or year-only background)?
"""
from __future__ import annotations

import functools
import re
from bisect import bisect_left
from typing import Optional

from ...document import DateMention, Document, Trigger
from ...text import WORD_PUNCT, fold, has_article, proclitics, strip_proclitic
from ..dates import past_perfect_particle_end
from ..lexicon import phrase_key
from ..triggers import Cue, cue_words
from ..fatalities import is_comparison, is_preliminary, is_toll_word
from ..numbers import fatality_lexicon, number_lexicon
from .context import clause_end, clause_start, Context, folded_words, SentenceSpans

# Quotation marks and brackets that may open a quoted phrase.
QUOTES = "\"'«»“”‘’()[]"
# How far (characters) a plan/denial cue reaches back within the trigger's clause, and regardless of it.
PLAN_CUE_REACH = 120
NEAR_CUE_REACH = 25
# A cue this close to the sentence start opens it.
OPENING = 8
# A plan inside a relative clause ("التي يسعى النظام الى استعادتها") governs only this far.
RELATIVE_PLAN_REACH = 30


# How far (characters) before or after a weak agreement word ("اتفاق", "هدنة") a word concluding or
# carrying it out may stand ("التوصل إلى اتفاق", "اتفاق أبرمته روسيا", "بموجب اتفاق"): an agreement is an
# event only when signed (codebook §1); else it is named (an existing, proposed or failed one).
AGREEMENT_CUE_REACH = 25
# A weak handover word ("تسليم", "تسلم") is a non-violent transfer of territory only when a place follows it
# at most this many words after it ("تسليم بلدة X", "تسلم الجيش مدينة X"); else what is handed over is arms,
# bodies or prisoners ("تسليم معدات عسكرية للجيش في حمص").
HANDOVER = "Non-violent transfer of territory"
HANDOVER_PLACE_WORDS = 1


def _after_relative(ss: SentenceSpans, cue: Cue) -> bool:
    return any(0 <= cue.start - c.end <= 1 for c in ss.cues_of("relative"))


# How far before "من محاولة" the verb of survival may stand ("نجا عضو مجلس المحافظة ... من محاولة اغتيال").
SURVIVAL_REACH = 80


# How many words before "محاولة" a verb of foiling may stand ("أحبطت الشرطة اليوم محاولة هجوم").
FOILED_WORDS = 4


def _survived(ss: SentenceSpans, doc: Document, cue: Cue, trig: Trigger) -> bool:
    """"نجا ... من محاولة اغتيال": an attempt someone survived happened; so did an attack that was foiled or
    repelled ("أحبطت الشرطة محاولة هجوم": ``foiled`` of event_cues.tsv before it, a fight) -- but a place that
    was to be taken was not taken ("أحبطت محاولة للسيطرة على البلدة"), nor a bomb that was to go off set off
    ("أحبطت محاولة تفجير سيارة مفخخة")."""
    before = _word_before(doc, cue.start)
    if before != "من":
        if trig.sub_event_type == "territory" or trig.event_type == "Explosions/Remote violence":
            return False
        # (the verb, then its subject or a day: "أحبطت الشرطة اليوم محاولة")
        return any(w in cue_words("foiled") for w in folded_words(doc, cue.start - 40, cue.start)[-FOILED_WORDS:])
    return any(0 <= cue.start - c.end <= SURVIVAL_REACH for c in ss.cues_of("survival"))


# How far before a toll word its update word may stand ("ارتفعت حصيلة"), and how many words may stand
# between the toll word and the incident it counts ("حصيلة ضحايا التفجيرات").
UPDATE_TOLL_REACH = 3
TOLL_INCIDENT_WORDS = 1
# the most towns a documented count of one day may be given for: a day's incidents, each its own record
DOCUMENTED_TOWNS = 3
# How far after the incident's word the update may stand ("حصيلة تفجير السيارة المفخخة في بغداد الجديدة ارتفعت").
UPDATED_LATER_REACH = 60
# How many words may stand between an updated toll word and its incident after a word of cause
# ("بارتفاع حصيلة القتلى إلى 28 مدنيا إثر غارات").
TOLL_CAUSE_WORDS = 6


# How far after "بعد سنوات من" the incident nouns it governs may stand ("الحصار والقصف").
YEARS_OF_REACH = 16


def _governed_noun(doc: Document, cue: Cue, trig: Trigger) -> bool:
    """The trigger is a noun with the article that "بعد سنوات من" governs: the first word after it, or one joined to
    it by "و" ("الحصار والقصف"); not a verb of the clause after them ("بعد أشهر من الحصار سيطرت القوات")."""
    word = doc.norm[doc.norm_index(trig.start):doc.norm_index(trig.end)]
    if not has_article(word):
        return False
    and_ = proclitics("and")
    # (the nouns before it: with the article, each after the first joined by "و", which may stand alone when the
    # trigger's own "و" is cut off: "الحصار و|القصف")
    between = folded_words(doc, cue.end, trig.start)
    return all(w in and_ or (has_article(w) and (k == 0 or w[:1] in and_)) for k, w in enumerate(between))


def _hours_since(doc: Document, cue: Cue) -> bool:
    """A period cue opening with a word of a period ("منذ أكثر من": ``compared_period`` of event_cues.tsv) right before
    a unit of a few hours ("ساعتين", "نصف ساعة", "ثلاث ساعات": ``short_period``; not "72 ساعة"): the fighting of the
    day, no campaign."""
    opening = fold(cue.phrase).split()[:1]
    if not opening or opening[0] not in cue_words("compared_period"):
        return False
    words = folded_words(doc, cue.end, cue.end + 20)[:2]
    short = cue_words("short_period")
    if not words or words[0] in short:
        return bool(words)
    if len(words) < 2 or words[1] not in short:
        return False
    if words[0].isdigit():
        return int(words[0]) <= FEW_HOURS
    read = number_lexicon().words.get(words[0])  # (a number word: its readings)
    return read is None or all(n.value <= FEW_HOURS for n in read)  # ("نصف ساعة": no number)


# How many hours are still the day's fighting ("منذ أكثر من ثلاث ساعات"), not a campaign ("منذ أكثر من 72 ساعة").
FEW_HOURS = 12


def _updated_toll_of(ss: SentenceSpans, doc: Document, cue: Cue, trig: Trigger) -> bool:
    """"ارتفعت حصيلة ضحايا الانفجار الذي وقع أمس": the updated toll of one incident (codebook §5:
    a later count), not a tally -- an update word right before the toll word, the trigger right after it."""
    if not is_toll_word(fold(cue.phrase).strip()) or cue.end > trig.start:
        return False
    updates = ss.cues_of("update")
    between = folded_words(doc, cue.end, trig.start)
    if len(between) <= TOLL_INCIDENT_WORDS:
        # "ارتفعت حصيلة ضحايا الانفجار", "حصيلة تفجير السيارة المفخخة في بغداد الجديدة ارتفعت إلى 20"
        return any(0 <= cue.start - c.end <= UPDATE_TOLL_REACH or 0 <= c.start - trig.end <= UPDATED_LATER_REACH
                   for c in updates)
    # "بارتفاع حصيلة القتلى إلى 28 مدنيا إثر غارات": the updated toll, then a word of cause and the incident
    return len(between) <= TOLL_CAUSE_WORDS and strip_proclitic(between[-1], proclitics("and")) in cue_words("toll_cause") \
        and any(0 <= cue.start - c.end <= UPDATE_TOLL_REACH for c in updates)


# How many words before a "since" date a superlative makes it a comparison ("هي الأعنف منذ مايو").
COMPARISON_WORDS = 4


def _compared(doc: Document, d) -> bool:
    """"سلسلة تفجيرات هي الأعنف منذ مايو": a superlative up to COMPARISON_WORDS words before a "since" date (or a
    period or tally cue) compares the incident with earlier ones (``comparison`` of fatality_cues.tsv); it is no
    campaign since that day. (``d``: the date, or a tally cue: "اشتباكات هي الأعنف منذ بدء النزاع", "في أحد أشرس
    هجماته بالمنطقة منذ أشهر".)"""
    return any(is_comparison(w) for w in folded_words(doc, d.start - 60, d.start)[-COMPARISON_WORDS:])


# How many words before a compared period a trigger may stand to be the incident the superlative describes
# ("اشتباكات هي الأعنف منذ", "في أحد أشرس هجماته بالمنطقة منذ أشهر").
COMPARED_TRIGGER_WORDS = 6


def _compared_trigger(doc: Document, d, trig: Trigger) -> bool:
    """:func:`_compared`, for a trigger that stands close before the period (``d``, a date or a tally cue that opens
    with a word of ``compared_period``: "منذ", "خلال") or between the superlative and it ("أعنف المعارك منذ"): the
    incident compared is that trigger's ("أشد المعارك في صيف عام 2016" compares nothing: background)."""
    period = folded_words(doc, d.start, d.end)
    return trig.end <= d.start and len(doc.text[trig.end:d.start].split()) <= COMPARED_TRIGGER_WORDS \
        and bool(period) and strip_proclitic(period[0], proclitics("particles"), 3) in cue_words("compared_period") \
        and _compared(doc, d)


def _sourced_toll(doc: Document, cue: Cue, trig: Trigger) -> bool:
    """"وأسفر الهجوم الأحد، وفق حصيلة للمرصد، عن مقتل 30": a toll word right after a word that gives a count's
    source (``count_source`` of event_cues.tsv: وفق، بحسب، حسب; "وفقا لحصيلة", "بحسب آخر حصيلة"), with the
    incident told before it, names the source of that incident's count, not a tally ("وبحسب حصيلة للمرصد، قتل
    أكثر من 1500 مدني في دوما" opens with the source: a tally)."""
    if trig.end > cue.start or not is_toll_word(fold(cue.phrase).strip()):
        return False
    words = folded_words(doc, cue.start - 30, cue.start)[-2:]
    sources = cue_words("count_source")
    return any(w in sources for w in words)


# How many counts each told "في" a place ("29 شخصا في ريف دمشق، و24 في حلب، و16 في حمص") make a toll listed place by place.
PLACE_LIST_COUNTS = 3
@functools.lru_cache(maxsize=1)
def _count_then_in() -> re.Pattern:
    """A count's noun (one word at most) then the preposition of its place (``place_in`` of fatality_cues.tsv: "في")."""
    forms = sorted(w for w, kinds in fatality_lexicon().markers.items() if "place_in" in kinds)
    return re.compile(r"\s+(?:\S+\s+)?(?:" + "|".join(re.escape(f) for f in forms) + r")\s+")


def _listed_by_place(ctx: Context, ss: SentenceSpans) -> bool:
    """The sentence lists its dead place by place, :data:`PLACE_LIST_COUNTS` counts or more each told "في" a place
    ("قوات النظام قتلت 29 شخصا في ريف دمشق، و24 في حلب، و16 في حمص"): a tally broken down by place (codebook §5), no
    incident of its own (once per sentence)."""
    key = "listed_by_place"
    found = ss.memo.get(key)
    if found is None:
        found = False
        if len(ss.places) >= PLACE_LIST_COUNTS:
            doc = ctx.doc
            # (the places of a province-wide count: cities, governorates, regions or their countryside; towns and
            # villages so listed are each an incident's: "20 قتيلا في بلدة معرة مصرين، و6 في بلدة دارة عزة")
            wide = {p.start for p in ss.places if p.place is not None and (
                p.place.kind in ("city", "governorate", "region") or p.geo_precision >= 2)}
            towns = {p.start for p in ss.places} - wide
            starts = ctx.memo.get("number_starts")
            if starts is None:  # (the article's numbers, in text order: each sentence reads only its own)
                starts = ctx.memo["number_starts"] = [n.start for n in doc.numbers]
            counted = 0
            for n in doc.numbers[bisect_left(starts, ss.sentence.start):bisect_left(starts, ss.sentence.end)]:
                m = _count_then_in().match(doc.text, n.end)
                if m is not None and m.end() in towns:
                    break
                if m is not None and m.end() in wide:
                    counted += 1
            else:
                found = counted >= PLACE_LIST_COUNTS
        ss.memo[key] = found
    return found


def _few_towns(ss: SentenceSpans, most: int = 1) -> bool:
    """The sentence names one place (up to ``most``), a town or finer (a region's count, "في القصف على الغوطة
    الشرقية", sums its towns' incidents)."""
    places = [p for p in ss.places if p.place is not None and p.role == "place"]
    return 1 <= len({p.place.id for p in places}) <= most and all(p.geo_precision < 3 for p in places)


def _toll_of_the_incident(ss: SentenceSpans, doc: Document, cue: Cue, trig: Trigger) -> bool:
    """"حصيلة التفجير الانتحاري الذي استهدف مقرا للشرطة في الموصل ... أسفر عن مقتل 5", "ارتفعت حصيلة ضحايا الهجوم الذي
    تم تنفيذه بسيارة مفخخة في بلدة بني سعد إلى 120": a toll word governing a definite singular incident noun (a trigger
    word, after "ضحايا"/"قتلى" at most), in a sentence of one town, is that incident's count, not a tally; the
    sentence's triggers tell that incident ("حصيلة الغارات على محافظة إدلب في الساعات الـ24 الأخيرة" counts many)."""
    if not is_toll_word(fold(cue.phrase).strip()):
        return False
    after = doc.text[cue.end:cue.end + 40].split()
    if len(after) > 1 and not has_article(fold(after[0]).strip(WORD_PUNCT)):
        skipped = len(after[0]) + 1
        after = after[1:]  # "حصيلة ضحايا الهجوم"
    else:
        skipped = 0
    if not after:
        return False
    noun = fold(after[0]).strip(WORD_PUNCT)
    if not has_article(noun) or noun.endswith("ات") or noun[-1:] in proclitics("and"):
        return False  # (a plural: many incidents)
    at = doc.text.index(after[0], cue.end + skipped)
    if not any(t.start <= at < t.end or t.start == at for t in ss.triggers):
        return False  # (the word after it is no incident noun: "حصيلة القتلى")
    return _few_towns(ss)


def _preliminary_toll(doc: Document, cue: Cue) -> bool:
    """"قتل وأصيب 9 أشخاص في حصيلة أولية": a toll word with "أولية" right after it is one incident's first
    count (codebook §5: a later count may update it), not a tally."""
    if not is_toll_word(fold(cue.phrase).strip()):
        return False
    nxt = doc.text[cue.end:cue.end + 20].split()
    return bool(nxt) and is_preliminary(fold(nxt[0]).strip(" ،,.\"'"))


# Date kinds of a day counted back from the report ("أمس الأحد", "اليوم", "ليل الأربعاء"): a sentence
# that opens with "يذكر أن" but dates its incident so is news of the last days, not history.
RECENT_DAY_KINDS = frozenset({"today", "yesterday", "days_ago", "weekday", "night"})


# Date kinds of a calendar day ("في 16 كانون الثاني"), and how far (characters) after the trigger it may
# stand: an earlier incident the note dates to the day is an event of its own (codebook §1).
CALENDAR_DAY_KINDS = frozenset({"day_month", "full"})
CALENDAR_DAY_REACH = 80


def _dated_in_aside(ss: SentenceSpans, trig: Trigger) -> bool:
    """A background note ("يذكر أن", "يعتبر") that still dates the trigger's incident: to a recent day
    anywhere in the sentence ("أمس الأحد"), or to a calendar day right after the trigger ("التفجير الذي
    خلف 12 قتيلا بالبصرة في 3 آذار")."""
    return any(
        d.time_precision == 1
        and (d.kind in RECENT_DAY_KINDS or (d.kind in CALENDAR_DAY_KINDS and 0 <= d.start - trig.end <= CALENDAR_DAY_REACH))
        for d in ss.dates
    )


def not_reported(ctx: Context, ss: SentenceSpans, trig: Trigger) -> Optional[str]:
    """Why the trigger reports no event -- planned, threatened, denied, negated, a reaction, a tally, a
    background aside, a campaign since long before, year-only background -- or None when it reports
    one (``marsad explain`` shows the reason)."""
    # asked once per trigger by the loop of build_events and again by reacted_to: the answer depends only
    # on the sentence's spans, so it is worked out once per article and trigger (the trigger outlives
    # the context, so its id is a safe key)
    key = ("not_reported", id(trig))
    memo = ctx.memo
    if key in memo:
        return memo[key]
    reason = memo[key] = _not_reported(ctx, ss, trig)
    return reason


# The cue classes the loop of _not_reported answers to (a cue of any other class changes nothing there).
_REPORTING_CUE_CLASSES = frozenset(
    {"plan", "cessation", "denial", "reaction", "negation", "relative", "breakdown", "aggregate", "period", "aside",
     "present_frame", "years_of"})


def reporting_cues(ss: SentenceSpans) -> list[Cue]:
    """The sentence's cues of :data:`_REPORTING_CUE_CLASSES`, in text order (picked once per sentence;
    the list is shared: do not change it)."""
    cues = ss.memo.get("reporting_cues")
    if cues is None:
        cues = ss.memo["reporting_cues"] = [c for c in ss.cues if c.cls in _REPORTING_CUE_CLASSES]
    return cues


def _documented_day(ss: SentenceSpans, cue: Cue) -> bool:
    """A count documented ("وثق مقتل 20 مدنيا ... السبت في القصف على مدينة دوما": ``documented`` of event_cues.tsv) for one
    day and one town, or a list of up to :data:`DOCUMENTED_TOWNS` ("في حرستا وعربين"): that day's incidents, no tally."""
    if fold(cue.phrase) not in cue_words("documented"):
        return False
    if not any(d.time_precision == 1 and d.kind not in ("since", "span", "recent", "future", "year") for d in ss.dates):
        return False
    return _few_towns(ss, DOCUMENTED_TOWNS)


def _in_relative_clause_after(ss: SentenceSpans, trig: Trigger, at: int) -> bool:
    """The cue or date starting at ``at`` stands after the trigger, in a relative clause opened between them ("الذي", "التي": ``relative`` of
    event_cues.tsv) right after a place of the report: it tells of the place, not of the report ("الغارات التي
    شنها الطيران منذ بداية العام" tells of the raids)."""
    if at < trig.end:
        return False
    ends = [p.end for p in ss.places if trig.end <= p.start]
    return bool(ends) and any(trig.end <= c.start and c.end <= at and any(0 <= c.start - e <= 2 for e in ends)
                              for c in ss.cues_of("relative"))


# How many quote marks may stand between a cue and its trigger beyond NEAR_CUE_REACH (they are not counted).
QUOTED_SLACK = 6


def _unquoted_gap(doc: Document, start: int, end: int) -> int:
    """The length of ``doc.text[start:end]`` without its quote marks and brackets."""
    gap = doc.text[start:end]
    return len(gap) - sum(gap.count(q) for q in QUOTES)


def _raised_after(ss: SentenceSpans, trig: Trigger) -> Optional[int]:
    """Where the first word of raising a running total after the trigger starts ("ليرتفع", "ما رفع الحصيلة": ``raise`` of
    event_cues.tsv), or None."""
    if not ss.may_have_cues("raise"):
        return None
    return next((c.start for c in ss.cues_of("raise") if c.start >= trig.end), None)


def _not_reported(ctx: Context, ss: SentenceSpans, trig: Trigger) -> Optional[str]:
    doc = ctx.doc
    start = trig.start  # (read for every cue of the sentence)
    if ss.fatalities and _listed_by_place(ctx, ss):
        return "deaths listed place by place (a tally)"
    for name in ss.actors:
        if name.start < start and trig.end <= name.end:
            return f"a word of the name {name.text!r}"  # "هيئة تحرير الشام": a group, not a takeover
    # the trigger's clause bounds, worked out when a cue or a date first asks for them: half of all
    # triggers have no cue of these classes, and a third neither such a cue nor a date
    clause: Optional[tuple[int, int]] = None
    # "قتل 14 مدنيا الثلاثاء عندما قصفت القوات بلدة الحراك ليرتفع عدد الضحايا إلى 46 منذ 17 يونيو": a tally or a
    # period from a word of raising on (class ``raise``) counts up the report before it, no tally of that report
    cues = reporting_cues(ss)  # (the sentence's cues found first: the test of raising below reads them)
    raised = _raised_after(ss, trig)
    for cue in cues:
        cls = cue.cls
        if raised is not None and cue.start >= raised and cls in ("aggregate", "breakdown", "period"):
            continue
        if cls == "cessation":
            if cue.start < start and _halted(doc, cue, trig):
                return f"a halt of it ({cue.phrase!r})"  # "أوقفت القوات العراقية عمليات القصف الجوي"
        elif cls in ("plan", "denial", "reaction") and cue.start < start:
            if cls == "denial" and (_inside_longer(ss, cue, "attribution") or any(
                    c.start == cue.start and c.end == cue.end for c in ss.cues_of("reaction"))):
                # "مصدر طلب عدم الكشف عن اسمه": a source's anonymity denies nothing; "رفضا للهجوم" is a protest's
                # reaction to it, which happened
                continue
            if cls == "reaction" and _told_happened(ss, doc, trig):
                # "نددت تركيا بالهجوم الانتحاري الذي وقع في كركوك اليوم": the condemned attack happened (and is still
                # the incident the sentence reacts to: its places are not the reaction's, see reacted_to)
                ctx.memo[("happened", id(trig))] = True
                continue
            if _after_relative(ss, cue) and start - cue.end > RELATIVE_PLAN_REACH:
                continue  # "البلدة التي يسعى الجيش الى استعادتها ... للقصف": the plan is the relative clause's
            if cls == "plan" and _survived(ss, doc, cue, trig):
                continue
            in_clause = False
            if start - cue.end <= PLAN_CUE_REACH:
                clause = clause or _clause(ss, doc, trig)
                in_clause = cue.start >= clause[0]
            # (quotes around a word do not part it from its cue: 'بهدف "تحرير" المحافظة، بدعم من ضربات جوية')
            if in_clause or start - cue.end <= NEAR_CUE_REACH or (
                    start - cue.end <= NEAR_CUE_REACH + QUOTED_SLACK and _unquoted_gap(doc, cue.end, start) <= NEAR_CUE_REACH):
                return f"{cls} cue {cue.phrase!r} before it"
            if cls == "reaction" and start - cue.end <= PLAN_CUE_REACH and _condemned_noun(ss, doc, cue, trig):
                return f"the object of {cue.phrase!r}"  # "أدان ...، اليوم، بأشد العبارات، التفجير الذي"
            if cls == "plan" and start - cue.end <= PLAN_CUE_REACH and _threatened_noun(ss, doc, cue, trig):
                return f"what {cue.phrase!r} threatens"  # "وهدد مسلحو التنظيم، بحسب المرصد، بإعدام المختطفات"
        elif cls == "years_of" and 0 <= start - cue.end <= YEARS_OF_REACH and _governed_noun(doc, cue, trig):
            return f"years of it ({cue.phrase!r})"  # "بعد سنوات من الحصار والقصف"
        elif cls in ("negation", "relative") and 0 <= start - cue.end <= 2:
            return f"{cls} {cue.phrase!r} right before it"
        elif cls == "negation" and cue.end < start and _negated_through(doc, cue, trig):
            return f"negation {cue.phrase!r} before it"
        elif cls == "breakdown" and not trig.strong:
            return f"a total broken down by place ({cue.phrase!r})"
        elif cls == "aggregate" and (_updated_toll_of(ss, doc, cue, trig) or _preliminary_toll(doc, cue)
                                     or _sourced_toll(doc, cue, trig) or _hours_since(doc, cue)
                                     or _documented_day(ss, cue) or _toll_of_the_incident(ss, doc, cue, trig)):
            continue
        elif cls in ("aggregate", "breakdown") and cue.end <= start and any(
                d.kind in ("day_before", "days_before") and cue.end <= d.start < start for d in ss.dates):
            continue  # "وتأتي هذه الحصيلة غداة مقتل 21 مدنيا جراء الغارات": the incident of the day before is no tally
        elif cls in ("aggregate", "breakdown"):
            # "ومنذ بدء هجومها، تمكنت القوات ...": a period opening the sentence; a takeover in a clause of
            # its own is one incident even in a tally line ("سجلت 276 نقطة قصف ...، سيطر خلالها الثوار على")
            if not (
                (cue.start < start and (trig.sub_event_type != "territory" or cue.start - ss.sentence.start <= OPENING))
                or abs(cue.start - start) <= NEAR_CUE_REACH
            ):
                clause = clause or _clause(ss, doc, trig)
                if not clause[0] <= cue.start < clause[1]:
                    continue
            if cls == "aggregate" and _compared_trigger(doc, cue, trig):
                continue  # "الأعنف منذ بدء النزاع": the incident compared with earlier ones, not a tally
            if _in_relative_clause_after(ss, trig, cue.start):
                continue  # "اندلعت مواجهات أمس في داريا التي يحاول الجيش استعادتها منذ أشهر": the place's story
            return f"a tally or campaign ({cue.phrase!r})"
        elif cls == "period":
            clause = clause or _clause(ss, doc, trig)
            if abs(cue.start - trig.end) > NEAR_CUE_REACH and not clause[0] <= cue.start < clause[1]:
                continue
            if any(d.time_precision == 1 and d.kind not in ("since", "span", "future") and clause[0] <= d.start < clause[1]
                   and not (cue.start <= d.start < cue.end) for d in ss.dates):
                continue  # "شنت الطائرات اليوم غارات على إدلب التي شهدت تصعيدا في الأسابيع الماضية": a day of its own
            if _compared_trigger(doc, cue, trig):
                continue  # "شن التنظيم أعنف هجوم منذ شهر": the incident compared with earlier ones, not a campaign
            if _in_relative_clause_after(ss, trig, cue.start):
                continue  # "اندلعت مواجهات في داريا التي يحاصرها الجيش منذ أشهر": the place's story
            return f"a campaign or a vague span ({cue.phrase!r})"
        elif cls == "present_frame" and cue.start < start:
            clause = clause or _clause(ss, doc, trig)
            if clause[0] <= cue.start and any(clause[0] <= c.start < clause[1] for c in ss.cues_of("continuity")) \
                    and not any(d.time_precision == 1 and d.kind not in ("since", "future", "year")
                                and clause[0] <= d.start < clause[1] for d in ss.dates) \
                    and not any(not f.aggregate and not f.approximate and start < f.start for f in ss.fatalities):
                # (an exact toll after it, "تشهد مدينة حلب اشتباكات متواصلة أسفرت عن مقتل 5 أشخاص", tells an incident)
                return f"a state of things going on ({cue.phrase!r})"  # "وتشهد مدينة حلب معارك متواصلة"
        elif cls == "aside" and cue.start - ss.sentence.start <= OPENING and not _dated_in_aside(ss, trig):
            return f"a background aside ({cue.phrase!r})"
    if trig.sub_event_type == "Agreement" and not trig.strong and not any(
        (c.cls == "concluded" and (0 <= trig.start - c.end <= AGREEMENT_CUE_REACH or 0 <= c.start - trig.end <= AGREEMENT_CUE_REACH))
        or (c.cls == "concluded_near" and 0 <= trig.start - c.end <= 1)
        for c in ss.cues
    ):
        return "an agreement named, not concluded"  # "تنفيذ الاتفاق", "مشروع قرار يدعو إلى هدنة"
    if trig.sub_event_type == HANDOVER and not trig.strong and not any(
        p.start >= trig.end and len(doc.text[trig.end : p.start].split()) <= HANDOVER_PLACE_WORDS for p in ss.places
    ):
        return "a handover of no place named right after it"  # "تسليم معدات عسكرية", "تسلم ... جثث الضحايا"
    if _after_frame(doc, ss, trig):
        return "what came before the news (an undated 'بعد' before it)"  # "يشعر الأهالي بقلق بعد سيطرة التنظيم على"
    if trig.sub_event_type == "territory" and _purpose(doc, trig):
        return "a purpose ('ل' before a takeover word)"  # "تمهيدا للسيطرة على": not a takeover
    if _since_frame(doc, trig):
        return "the time the news is counted from ('منذ' right before it)"  # "منذ سيطرة الجيش الوطني على المنطقة"
    if fold(trig.entry or "").rstrip("*") in cue_words("purpose_noun") and _purpose(doc, trig):
        return "a purpose ('ل' before it)"  # "يرسل مقاتلين للقتال مع النظام في حمص": no fight
    if trig.event_type == "Explosions/Remote violence" and any(
        t.end <= trig.start and trig.start - t.end <= SEIZURE_LIST_REACH for t in _seizures(ss)
    ) and not any(0 <= f.start - trig.end <= KILLED_BY_REACH for f in ss.fatalities):
        # (a weapon that killed, "غارة راح ضحيتها 14 شخصا", was used, not seized)
        return "a weapon in a seizure list"  # "مصادرة أسلحة، وقذائف RPG، وقنابل يدوية"
    if _undated_past_perfect(ctx, ss, trig):
        return "a past-perfect aside with no date ('وكان ... قد')"
    for d in ss.dates:
        if raised is not None and d.start >= raised:
            continue  # (the period of the running total the report adds to)
        # a campaign since a day long before ("منذ آذار 2011"): no incident of its own (codebook §1)
        if d.kind == "since" or d.time_precision == 3:
            clause = clause or _clause(ss, doc, trig)
        if d.kind == "since" and clause[0] <= d.start < clause[1] and not _compared(doc, d) and not (
                _in_relative_clause_after(ss, trig, d.start)):  # ("في داريا التي يحاصرها الجيش منذ أشهر")
            return f"a campaign since {d.text!r}"
        if d.start - ss.sentence.start <= OPENING and _since_long_before(doc, d):
            return f"a campaign since {d.text!r}, opening the sentence"
        # year-only background ("في عام 2022", "في صيف عام 2017، بعد مواجهات عنيفة")
        if d.time_precision == 4 and (abs(d.start - trig.end) < 80 or _frames_sentence(ss, d)) and not _compared(doc, d) \
                and not _in_relative_clause_after(ss, trig, d.start):
            return f"year-only background ({d.text!r})"
        # a month-long span ("خلال يوليو الحالي"): a tally, not one incident
        if d.time_precision == 3 and _word_before(doc, d.start) in cue_words("span") and (
                clause[0] <= d.start < clause[1]
                # ... told at the end of the sentence ("وأسفرت عمليات الاغتيال ... عن مقتل 26 ...، خلال شهر شباط
                # الماضي") when the sentence names no day
                or (d.start > trig.end and not any(e.time_precision == 1 and e.kind != "future" for e in ss.dates)
                    and not _counted_in(doc, trig.end, d.start))):
            return f"a month-long span ({d.text!r})"
    return None


def background_frame(ss: SentenceSpans) -> Optional[DateMention]:
    """The year-only date that opens sentence ``ss`` and frames all of it as background
    (:func:`_frames_sentence`), if any."""
    for d in ss.dates:
        if d.time_precision == 4 and _frames_sentence(ss, d):
            return d
    return None


# How many words may stand between a halt word and the operations word it halts: the verb's subject ("أوقفت القوات
# العراقية جزئيا عمليات القصف"); more is another clause ("أوقفت الشرطة ثلاثة مطلوبين بعد عمليات دهم": an arrest).
HALT_SUBJECT_WORDS = 3


def _halted(doc: Document, cue: Cue, trig: Trigger) -> bool:
    """A halt word ("أوقفت", "تعليق", "بإيقاف") halts the trigger: right before it ("بإيقاف القتال"), or with its
    subject and an operations word (``operations`` of event_cues.tsv) between ("أوقفت القوات العراقية عملية القصف").
    Not "أوقفت الشرطة ثلاثة مطلوبين بعد عمليات دهم": "أوقف" also means "arrested"."""
    # (the proclitics the trigger's span leaves out are no word between: "وضع حد ل|لهجمات")
    words = [w for w in folded_words(doc, cue.end, trig.start) if w.strip(proclitics("particles"))]
    if not words:
        return True
    operations = cue_words("operations")
    return any(_bare(w) in operations for w in words[:HALT_SUBJECT_WORDS + 1]) and len(words) <= HALT_SUBJECT_WORDS + 3


# How many words may stand between a negation and the trigger it negates, when each is a word it negates
# through (``negated_through`` of event_cues.tsv: "لم تنفذ أي غارات", "ليست هناك أي هجمة").
NEGATED_THROUGH_WORDS = 2


def _negated_through(doc: Document, cue: Cue, trig: Trigger) -> bool:
    """The words between a negation and the trigger are all light words it negates through: "أي", or a verb of
    doing or happening ("لم يقع أي انفجار"); not a subject ("لم تتمكن القوات من صد الهجوم")."""
    words = folded_words(doc, cue.end, trig.start)
    through = cue_words("negated_through")
    return 0 < len(words) <= NEGATED_THROUGH_WORDS and all(w in through for w in words)


def _bare(word: str) -> str:
    """A folded word's matching key without its proclitic particle and article (``phrase_key``: "للعمليات",
    "والعملية" -> "عمليات", "عمليه")."""
    word = "ال" + word[2:] if word.startswith("لل") else strip_proclitic(word, proclitics("particles"), 3)
    return phrase_key(word)[0]


def _inside_longer(ss: SentenceSpans, cue: Cue, cls: str) -> bool:
    """``cue`` is a word of a longer cue of class ``cls`` ("عدم" of "عدم الكشف")."""
    return any(c.start <= cue.start and cue.end <= c.end and c.end - c.start > cue.end - cue.start
               for c in ss.cues_of(cls))


def _frames_sentence(ss: SentenceSpans, d: DateMention) -> bool:
    """The year-only date ``d`` opens the sentence, and no other date of it names a day or a month ("قبل عام
    مضى، أعلن أوباما عن شن ضربات جوية ...، وسيطروا على أجزاء كبيرة من محافظة الأنبار"): all it tells is
    background, however far a trigger stands from the date."""
    return d.start - ss.sentence.start <= OPENING and not any(
        e.time_precision < 4 and e.kind != "future" for e in ss.dates)


def _counted_in(doc: Document, start: int, end: int) -> bool:
    """An ordinal or "من نوعها" between an incident and a month after it ("غارة ...، هي الثالثة من نوعها خلال
    الشهر الحالي", "في ثاني هجوم خلال شهر آذار"): the incident is counted among the month's, not a tally."""
    stems, kinds = _ordinal_stems(), cue_words("counted")
    for word in doc.norm[doc.norm_index(start):doc.norm_index(end)].split():
        bare = word[2:] if word.startswith("ال") else word
        if bare in stems or (bare.endswith("ه") and bare[:-1] in stems) or word in kinds:
            return True
    return False


@functools.lru_cache(maxsize=1)
def _ordinal_stems() -> frozenset[str]:
    """The ordinals of number_words.tsv without their article, folded ("ثالث", "ثاني"): with "ه" after them,
    their feminine ("الثالثة")."""
    return frozenset(w[2:] if w.startswith("ال") else w for w in number_lexicon().ordinals)


def _seizures(ss: SentenceSpans) -> list[Trigger]:
    """The sentence's triggers of seized weapons ("مصادرة أسلحة"), in text order (picked once per sentence:
    asked for each of its explosion words, and most sentences have none). Not a weak word ("أسقط" shoots down)
    that a dropped munition follows: it drops it ("قتلوا بعدما أسقط غاز سام على مدينة دوما", "أسقطت طائرة حربية
    براميل متفجرة")."""
    seizures = ss.memo.get("seizures")
    if seizures is None:
        dropped = ss.cues_of("dropped")
        seizures = ss.memo["seizures"] = [t for t in ss.triggers if t.sub_event_type == "Disrupted weapons use"
                                          and not (dropped and not t.strong and drops(ss, t, dropped))]
    return seizures


# How many characters after "أسقط" a dropped munition may stand ("أسقطت طائرة حربية براميل").
DROPPED_REACH = 25


def drops(ss: SentenceSpans, trig: Trigger, dropped: list) -> bool:
    """A dropped munition (``dropped`` of event_cues.tsv: "غاز", "براميل", "قنبلة") follows the weak word right
    after it: "أسقط" drops it, and shoots nothing down -- unless a word of carrying stands between ("أسقط الجيش
    طائرة مسيرة تحمل قنبلة": the drone carried it)."""
    doc = ss.doc
    carrying = cue_words("carrying")
    return any(0 <= c.start - trig.end <= DROPPED_REACH
               and carrying.isdisjoint(fold(doc.text[trig.end:c.start]).split()) for c in dropped)


def _clause(ss: SentenceSpans, doc: Document, trig: Trigger) -> tuple[int, int]:
    """The start and the end of the trigger's clause."""
    return clause_start(ss, doc, trig.start), clause_end(ss, doc, trig.end)


def reacted_to(ctx: Context, ss: SentenceSpans, trig: Trigger) -> bool:
    """The trigger is an incident the sentence reacts to (condemns, answers, blames): its places are
    that incident's, not the reaction's."""
    reason = not_reported(ctx, ss, trig)
    return (reason is not None and reason.startswith(("reaction cue", "the object of"))) \
        or ("happened", id(trig)) in ctx.memo


# How far after an event word a relative pronoun may stand and still describe it ("بالهجوم الانتحاري الذي").
HAPPENED_REACH = 40


def _told_happened(ss: SentenceSpans, doc: Document, trig: Trigger) -> bool:
    """A relative clause right after the event word tells that it happened: a relative pronoun, then a verb of
    ``happened`` (event_cues.tsv: "وقع", "استهدف", "أودى"), and a date or a toll after it ("بالهجوم الانتحاري الذي
    وقع في مدينة كركوك اليوم الأحد، وأسفر عن مقتل نحو 33 شخصا")."""
    relatives = ss.cues_of("relative")
    if not relatives:
        return False
    happened = cue_words("happened")
    for c in relatives:
        if 0 <= c.start - trig.end <= HAPPENED_REACH:
            after = doc.norm[doc.norm_index(c.end):doc.norm_index(c.end) + 20].split()
            if after and strip_proclitic(after[0], proclitics("particles"), 3) in happened:
                # ... and dates it or counts its dead ("الذي وقع في كركوك اليوم الأحد، وأسفر عن مقتل 33"): an
                # incident only named ("التفجير الذي استهدف كنيسة في حمص") stays the object of the condemnation
                return any(c.end <= d.start and d.time_precision < 4 for d in ss.dates) or any(
                    c.end <= f.start and not f.aggregate for f in ss.fatalities)
    return False


def _condemned_noun(ss: SentenceSpans, doc: Document, cue: Cue, trig: Trigger) -> bool:
    """The trigger is a definite noun ("التفجير", "بالهجوم") and the first trigger after a reaction verb,
    with no reporting verb between: what was condemned, however many asides come between."""
    if not has_article(doc.norm[doc.norm_index(trig.start) : doc.norm_index(trig.end)]):
        return False
    if any(cue.end <= t.start < trig.start for t in ss.triggers):
        return False
    return not any(cue.end <= c.start < trig.start for c in ss.cues_of("attribution"))


def _since_long_before(doc: Document, d) -> bool:
    """"ومنذ الـ 3 من أيلول الماضي": a day at least a week before publication after "منذ" (the
    date stage reads "منذ" only right before the date)."""
    if d.kind == "since":
        return True
    if d.value is None or doc.published is None or (doc.published - d.value).days < SINCE_MIN_DAYS:
        return False
    before = doc.norm[max(0, doc.norm_index(d.start) - 12) : doc.norm_index(d.start)].split()[-2:]
    return any(w in ("منذ", "ومنذ") for w in before)


def _threatened_noun(ss: SentenceSpans, doc: Document, cue: Cue, trig: Trigger) -> bool:
    """The trigger is a noun with "ب" and the first trigger after a plan verb ("هدد ... بإعدام",
    "توعد ... بالرد"): what is threatened or promised, however many asides and sources come between."""
    lo = doc.norm_index(trig.start)
    start = doc.norm.rfind(" ", 0, lo) + 1
    # quotes and brackets may open the threatened words ('هدد ... "بإعدام المختطفات"')
    if not doc.norm[start : lo + 1].lstrip(QUOTES).lstrip(proclitics("conjunctions")).startswith("ب"):
        return False
    return not any(cue.end <= t.start < trig.start for t in ss.triggers)


def _word_before(doc: Document, offset: int) -> str:
    """The folded word just before ``offset`` of the text."""
    words = doc.norm[max(0, doc.norm_index(offset) - 12) : doc.norm_index(offset)].split()
    return words[-1] if words else ""


# A since-date opening the sentence (OPENING) governs the whole sentence ("ومنذ الـ 3 من أيلول
# الماضي، خرجت مظاهرات") when the day is at least this long before publication (a shorter span is a day span).
SINCE_MIN_DAYS = 7
# How far after a seizure ("مصادرة أسلحة") the weapons it lists may run.
SEIZURE_LIST_REACH = 120

# How far after an explosion word a death count tells that the weapon killed ("غارة راح ضحيتها 14 شخصا").
KILLED_BY_REACH = 30


def _purpose(doc: Document, trig: Trigger) -> bool:
    """A trigger noun with the preposition "ل" ("للسيطرة", "لاستعادة"): what something was for."""
    lo = doc.norm_index(trig.start)
    word = doc.norm[lo : doc.norm_index(trig.end)]
    # the proclitics the match left outside its span ("لاستعادة": the span starts at "استعادة")
    before = doc.norm[max(0, lo - 3) : lo].split(" ")[-1] if lo and not doc.norm[lo - 1].isspace() else ""
    if before in ("ل", "ول", "فل"):
        return True
    entry = fold(trig.entry or "").rstrip("*")
    for clitics in ("ل", "ول", "فل"):
        if word.startswith(clitics) and not entry.startswith(clitics[-1]):
            return True
    return False


def _since_frame(doc: Document, trig: Trigger) -> bool:
    """The word right before the trigger word is one the news is counted from (``since_frame`` of event_cues.tsv:
    "منذ سيطرة الجيش الوطني على المنطقة"): background, however it is dated (a day after "منذ" is a span: "منذ الخميس"
    is no trigger)."""
    frames = cue_words("since_frame")
    lo = doc.norm_index(trig.start)
    window = doc.norm[max(0, lo - 8) : lo]
    if not any(f in window for f in frames):
        return False  # (most triggers: the cheap test)
    before = folded_words(doc, trig.start - 12, trig.start)
    if not before or doc.text[trig.start - 1:trig.start] not in (" ", ""):
        return False
    word = before[-1]
    return word in frames or strip_proclitic(word, proclitics("conjunctions"), 3) in frames


def _after_frame(doc: Document, ss: SentenceSpans, trig: Trigger) -> bool:
    """"يشعر أهالي صدد بقلق بعد سيطرة التنظيم على بلدات حوارين ومهين", "ستكون الأحدث بعد القتال في حمص": a trigger
    right after a word of ``after_frame`` (بعد، عقب), definite or governing a definite word, tells what came before
    the sentence's news -- background, no incident -- when its sentence tells no day or month and no toll
    ("بعد اشتباكات عنيفة" is the fighting of the news; "قتل 5 بعد القصف على البلدة" tells the incident)."""
    if ss.index == 0:
        return False  # the article's first sentence (a title, a lead) tells its news: "تصاعد الدخان عقب الغارات على دوما"
    before = folded_words(doc, trig.start - 12, trig.start)
    if not before or doc.text[trig.start - 1:trig.start] not in (" ", ""):
        return False
    word = before[-1]
    if word not in cue_words("after_frame") and strip_proclitic(word, proclitics("conjunctions"), 3) not in \
            cue_words("after_frame"):
        return False
    after = folded_words(doc, trig.end, min(trig.end + 30, ss.sentence.end))
    if not (has_article(fold(trig.text).split()[0]) or (after and has_article(after[0]))):
        return False
    if any(f.count and not f.aggregate for f in ss.fatalities):
        return False
    # (a month is enough: "بعد استعادة الغوطة الشرقية هذا الشهر" is dated background, an event of codebook §1; a day
    # anywhere in the sentence makes it the day's news: "أفاد المرصد مساء الاثنين بوقوع 18 حالة اختناق ... بعد قصف جوي")
    return not any(d.kind not in ("since", "span", "future", "year") for d in ss.dates)


def retold(ctx: Context, ss: SentenceSpans, trig: Trigger) -> bool:
    """"هذا القصف", "هذه العملية الانتحارية", "الهجوم ذاته": a demonstrative next to the trigger noun
    (at most one definite word between) points back to an incident told before."""
    before, after = _cue_pair(ss, "anaphor", "anaphor_after")
    if not before and not after:
        return False  # (most sentences: no demonstrative)
    doc = ctx.doc
    for cue in before:
        if cue.end <= trig.start and _next_to(doc.norm[doc.norm_index(cue.end) : doc.norm_index(trig.start)]):
            return True
    for cue in after:
        if cue.start >= trig.end and _next_to(doc.norm[doc.norm_index(trig.end) : doc.norm_index(cue.start)]):
            return True
    return False


def retells(ctx: Context, ss: SentenceSpans, triggers: list[Trigger]) -> bool:
    """One of a report's ``triggers`` is :func:`retold` (most sentences have no demonstrative: no trigger
    is asked)."""
    before, after = _cue_pair(ss, "anaphor", "anaphor_after")
    if not before and not after:
        return False
    return any(retold(ctx, ss, t) for t in triggers)


def _cue_pair(ss: SentenceSpans, first: str, second: str) -> tuple[list[Cue], list[Cue]]:
    """``ss.cues_of(first), ss.cues_of(second)``, kept in the sentence's memo: asked for every trigger (or
    report) of the sentence, most often to learn that both are empty."""
    key = (first, second)
    pair = ss.memo.get(key)
    if pair is None:
        pair = ss.memo[key] = (ss.cues_of(first), ss.cues_of(second))
    return pair


def _next_to(between: str) -> bool:
    """Only one definite word, or none, stands ``between`` a demonstrative and the trigger noun."""
    words = between.split()
    return not words or (len(words) == 1 and words[0].startswith("ال"))


def _undated_past_perfect(ctx: Context, ss: SentenceSpans, trig: Trigger) -> bool:
    """"وقبل ذلك بأيام، تعرض ..." (an ``earlier`` cue before the trigger) or "وكانت الكتائب قد دخلت
    ...": a past-perfect aside, "قد" a few words after "كان", that the
    sentence dates to no day or month -- an earlier incident told as background (codebook §1). Not when
    the past perfect is a reporting verb's ("وكان مصدر أمني قد قال ... إن"): what it reports still counts."""
    earlier, background = _cue_pair(ss, "earlier", "background")
    if not earlier and not background:
        return False  # (most sentences: no cue, and the clause need not be looked at)
    doc = ctx.doc
    clause_lo, clause_hi = clause_start(ss, doc, trig.start), clause_end(ss, doc, trig.end)

    def dated_from(start: int) -> bool:
        # only the aside's own dates: "قتل ... اليوم، وسبق أن قصفت الطائرات البلدة" dates today's
        # report, not the earlier strike
        lo = min(start, clause_lo)
        return any(d.time_precision < 4 and lo <= d.start < clause_hi for d in ss.dates)

    for c in earlier:
        if c.start < trig.start and not dated_from(c.start):
            return True  # "وسبق ذلك بأيام، نصب مسلحون كمينا ..."
    for c in background:
        if c.start >= trig.start or dated_from(c.start):
            continue
        lo = doc.norm_index(c.end)
        particle_end = past_perfect_particle_end(doc.norm[lo : doc.norm_index(ss.sentence.end)])
        if particle_end is None:
            continue
        # (the past perfect is a reporting verb's: "وكان مصدر أمني قد قال ... إن"; not an attribution before "قد",
        # "وكان الهجوم بحسب رويترز قد أدى إلى مقتل")
        qad = doc.text_index(lo + particle_end)
        if any(qad <= a.start < trig.start for a in ss.cues_of("attribution")):
            continue
        return True
    return False
