"""Events step 4, the date of a candidate: the sentence's date mention nearest the trigger, "now",
the last recent date written before it, or the publication date. A day span ("منذ الخميس",
"لليوم الثاني على التوالي") dates a report on each of its days (codebook section 1).

The day the narrative carries from sentence to sentence (:func:`carried_date`) stops at a sentence
that turns to another report ("من جهة أخرى، ..."; :func:`new_report`); a title or lead before any
date takes the day the next sentences of its report give (:func:`date_ahead`); the time word of a
reporting verb one day after the carried day ("ونقلت قناة الجزيرة اليوم السبت عن اللجان أن ...",
after "أمس") is when the report was made, not the day of what it reports.
"""
from __future__ import annotations

import functools
import re
from datetime import date, timedelta
from typing import NamedTuple, Optional, Sequence

from ...document import DateMention, Trigger
from ...resources import read_yaml
from ...text import fold, proclitics, strip_proclitic
from ..dates import (after_report_verb, date_lexicon, goes_on, joined_span, opens_new_report, own_sentence_only,
                     past_perfect_after)
from .context import Context, SentenceSpans, clause_end, clause_start, occurrences, recent, register_prefilter, within
from ..triggers import Cue
from .reporting import not_reported, RECENT_DAY_KINDS

_WORD = re.compile(r"\w+")
_NONE: tuple = ()

# How far a present-tense verb ("تجري", "تدور") may stand from the trigger it dates to publication.
ONGOING_REACH = 30


class EventDate(NamedTuple):
    day: Optional[date]
    time_precision: int
    explicit: bool  # the sentence itself gave the date
    first: Optional[date] = None  # a day span: its first day (``day`` is its last)

    def days(self) -> list[Optional[date]]:
        """Every day the report covers: the days of a span, else the one day."""
        if self.first is None or self.day is None or self.first > self.day:
            return [self.day]
        return [self.first + timedelta(days=k) for k in range((self.day - self.first).days + 1)]


def event_date(
    ctx: Context, ss: SentenceSpans, trig: Trigger, last_date: Optional[DateMention], report: Sequence[Trigger] = ()
) -> EventDate:
    """The date of a report whose first trigger is ``trig`` (``report``: all its triggers)."""
    relatives = ss.cues_of("relative")  # (most sentences have no relative pronoun: nothing below is asked)
    usable = [d for d in ss.dates if d.time_precision < 4 and d.kind not in ("future", "since")
              # ("قصفت الطائرات المدينة بعد يوم من قصف مماثل": a frame of days dates only what follows it, in its clause)
              and not (d.kind == "days_before" and not d.start < trig.start < clause_end(ss, ctx.doc, d.end))
              and not (d.kind == "span" and _other_clause_span(ctx, ss, d, trig))
              and not (relatives and _in_relative_clause(ctx, ss, d, trig, report or (trig,)))]
    if usable:
        # a date in a relative clause that describes the report's own event word dates it ("التفجير الذي استهدف مسجدا
        # في دمشق أمس", after "أدان ... اليوم ...")
        own = [d for d in usable if d.start > trig.end and _in_own_relative_clause(ctx, ss, d, (trig,))] \
            if relatives else ()
        best = min(own or usable, key=lambda d: abs(d.start - trig.start) * (1.0 if d.start >= trig.start else 1.2))
        if best.value is not None:
            if (last_date is not None and best.start < trig.start and _report_of_day_before(ctx, ss, best, last_date)
                    and not _goes_on_before(ctx, best, trig)):
                # "ونقلت قناة الجزيرة اليوم السبت عن اللجان أن ..." after "أمس": the report is of that day
                return EventDate(last_date.value, last_date.time_precision, False)
            if best.start > trig.start and _report_time(ctx, ss, best):
                # "قتل ستة ...، على ما قالت الوزارة الأحد" and the report then says "مساء السبت": of that day
                i = ss.index
                anchor, lag = last_date, REPORT_LAG_DAYS
                if anchor is None:
                    # the day the next sentences of the report give ("... حسب ما أفاد المرصد أمس. وقال
                    # مديره: ... التي استولوا عليها الأربعاء")
                    anchor, lag = _day_in_next_sentences(ctx, i), AHEAD_LAG_DAYS
                if anchor is not None and anchor.value is not None and (
                        0 < (best.value - anchor.value).days <= lag):
                    return EventDate(anchor.value, anchor.time_precision, False)
            if _still_going(ctx, ss, trig, best):
                # "اندلعت اشتباكات مساء الاثنين في مدينة حمص ولا تزال مستمرة": from that day to the report's, one
                # event a day (codebook §1, as "منذ الاثنين")
                return EventDate(ctx.doc.published, 1, True, best.value)
            return EventDate(best.value, best.time_precision, True, best.first if best.kind == "span" else None)
    published = ctx.doc.published
    # (most sentences have neither cue: no generator is made for an empty list)
    asides = ss.cues_of("background")
    background = bool(asides) and any(c.start < trig.start and _past_perfect(ctx, ss, c.start, c.end) for c in asides)
    if background and published is not None:
        return EventDate(published, 2, False)
    ongoing = ss.cues_of("ongoing") if published is not None else _NONE
    if ongoing and any(abs(c.start - trig.start) <= ONGOING_REACH for c in ongoing):
        return EventDate(published, 1, False)  # "اشتباكات عنيفة تجري": happening as the article is written
    if last_date is not None and last_date.value is not None:
        if last_date.kind == "span" and last_date.first is not None and joined_span(fold(last_date.text)):
            # a span the narrative set ("تواصلت الاشتباكات الليلة الماضية وحتى صباح السبت. ودارت معارك في
            # X ..."): the fighting the sentences after it tell went on over the same stretch, one event per day
            # (codebook §1); another incident they tell ("وقتل 6 في قصف على بلدة X") is one, of its first day
            if trig.sub_event_type == "Armed clash":
                return EventDate(last_date.value, last_date.time_precision, False, last_date.first)
            return EventDate(last_date.first, last_date.time_precision, False)
        return EventDate(last_date.value, last_date.time_precision, False)
    if published is not None:
        return EventDate(published, 1, False)
    return EventDate(None, 3, False)


def _still_going(ctx: Context, ss: SentenceSpans, trig: Trigger, d: DateMention) -> bool:
    """A fight dated by a recent day before the report's that its sentence says still goes on after the trigger: a
    verb of going on and a word of continuity ("ولا تزال مستمرة", "ولا يزال الاقتتال متواصلا")."""
    published = ctx.doc.published
    if trig.sub_event_type != "Armed clash" or published is None or d.value is None or d.kind not in RECENT_DAY_KINDS:
        return False
    if not 0 < (published - d.value).days <= STILL_GOING_DAYS:
        return False
    if not any(c.start >= trig.end for c in ss.cues_of("continuity")):
        return False
    if _report_time(ctx, ss, d) or any(e.kind == "since" for e in ss.dates):
        return False  # "وقال مساء الخميس إن الاشتباكات لا تزال مستمرة منذ صباح اليوم": the day of the telling
    doc = ctx.doc
    return goes_on(doc.norm[doc.norm_index(trig.end) : doc.norm_index(ss.sentence.end)])


# The most days a fight told as still going may have started before the report (the days are coded one by one).
STILL_GOING_DAYS = 7


def _in_relative_clause(ctx: Context, ss: SentenceSpans, d: DateMention, trig: Trigger,
                        report_triggers: Sequence[Trigger] = ()) -> bool:
    """``d`` dates a relative clause that describes a noun, not the trigger's report: a relative pronoun
    (``relative`` of event_cues.tsv: "التي", "الذي") stands before it in its clause, and the trigger is not in that
    relative clause ("انفجار في سوروتش ... من كوباني التي طرد مقاتلو داعش منها في يناير الماضي", "في خرق للهدنة
    التي تم الاتفاق عليها في تموز 2017، قصفت قوات النظام"). Not when the clause describes an event word (see
    :func:`_describes_event`), nor when it tells a death ("البوطي، الذي قتل مساء الخميس، في تفجير انتحاري")."""
    doc = ctx.doc
    pronoun = _pronoun_before(ctx, ss, d)
    if pronoun is None:
        return False
    hi = clause_end(ss, doc, d.end)
    if pronoun.start <= trig.start < hi:
        return False
    if any(pronoun.end <= t.start < hi and t.sub_event_type == "killing" for t in ss.triggers) or any(
            pronoun.end <= f.start < hi for f in ss.fatalities):
        return False  # the victim's death is the report's
    return not _describes_event(ctx, ss, pronoun, report_triggers)


def _in_own_relative_clause(ctx: Context, ss: SentenceSpans, d: DateMention, report: Sequence[Trigger]) -> bool:
    """``d`` stands in a relative clause that opens right after the report's first event word and its adjectives
    ("التفجير الذي استهدف مسجدا في دمشق أمس"; not "اعتقال المتورطين بالتفجير الذي استهدف ... يوم الجمعة": the
    arrest is not of that day)."""
    doc = ctx.doc
    pronoun = _pronoun_before(ctx, ss, d)
    if pronoun is None:
        return False
    # only the event word's adjectives between it and the pronoun ("الهجوم الانتحاري الذي", "الضربة الجوية التي")
    return any(t.end <= pronoun.start and all(
        w.startswith("ال") for w in doc.norm[doc.norm_index(t.end):doc.norm_index(pronoun.start)].split())
        for t in report)


def _pronoun_before(ctx: Context, ss: SentenceSpans, d: DateMention) -> Optional[Cue]:
    """The last relative pronoun (``relative`` of event_cues.tsv) before ``d`` in its clause, if any."""
    lo = clause_start(ss, ctx.doc, d.start)
    pronouns = [c for c in ss.cues_of("relative") if lo <= c.start and c.end <= d.start]
    return pronouns[-1] if pronouns else None


# How many words before a relative pronoun the event word it describes may end ("الغارات الجوية الروسية العنيفة التي").
RELATIVE_NOUN_WORDS = 4


def _describes_event(ctx: Context, ss: SentenceSpans, pronoun: Cue, report_triggers: Sequence[Trigger]) -> bool:
    """The relative pronoun follows an event word within :data:`RELATIVE_NOUN_WORDS` words, the report's or one the
    sentence reports ("المواجهات التي وقعت أمس", "منذ الاعتداء الانتحاري المزدوج الذي أوقع 31 قتيلا في 16 كانون
    الثاني"); not an agreement only named ("للهدنة التي تم الاتفاق عليها")."""
    doc = ctx.doc
    lo, at = doc.norm_index(ss.sentence.start), doc.norm_index(pronoun.start)
    # (where the last words before the pronoun start, in folded offsets: after what precedes them)
    parts = doc.norm[lo:at].rsplit(None, RELATIVE_NOUN_WORDS)
    floor = lo + (len(parts[0]) if len(parts) > RELATIVE_NOUN_WORDS else 0)
    return any(floor <= doc.norm_index(t.start) and t.end <= pronoun.start
               and (t in report_triggers or not_reported(ctx, ss, t) is None) for t in ss.triggers)


def _other_clause_span(ctx: Context, ss: SentenceSpans, d: DateMention, trig: Trigger) -> bool:
    """``d`` is a day span ("لليوم الثاني", "منذ الخميس") that belongs to another clause than the
    trigger's, one that says something else with no event word ("ضربات جوية قتلت ...، بينما استمر
    تدفق السكان لليوم الثاني"): it dates that clause only. A span standing alone between commas
    ("تتواصل الاشتباكات ...، لليوم الثاني على التوالي، بين ...") or after an event word of its own clause
    still dates the report."""
    doc = ctx.doc
    lo = clause_start(ss, doc, d.start)
    if lo == clause_start(ss, doc, trig.start):
        return False
    hi = clause_end(ss, doc, d.end)
    if any(lo <= t.start < d.start for t in ss.triggers):
        return False  # "... في حين أكدت الشبكة حدوث اشتباكات منذ صباح الجمعة": the span of that event
    rest = doc.text[lo:d.start] + " " + doc.text[d.end:hi]
    return len(_WORD.findall(rest)) > SPAN_CLAUSE_WORDS and not _adverbial_clause(doc.text[lo:d.start])


def _adverbial_clause(head: str) -> bool:
    """The clause before a span (``head``) opens with an adverbial word of ``span_adverbial_openers``
    (relative_dates.yaml), or with "ب" joined to a noun ("بشكل عنيف وبمختلف أنواع الأسلحة"): it goes on with the
    clause before it."""
    words = fold(head).strip(" ،,").split()
    if not words:
        return False
    openers, b_words = _span_adverbials()
    first = words[0]
    if first not in openers:
        first = strip_proclitic(first, proclitics("and"), 2)  # ("وبمختلف"; not "وسط", a word of its own)
    if first in openers or (len(words) > 1 and f"{first} {words[1]}" in openers):  # ("وسط", "في ظل")
        return True
    return first.startswith("ب") and len(first) > 3 and first not in b_words


@functools.lru_cache(maxsize=1)
def _span_adverbials() -> tuple[frozenset[str], frozenset[str]]:
    data = read_yaml("relative_dates.yaml")
    return frozenset(fold(w) for w in data["span_adverbial_openers"]), frozenset(fold(w) for w in data["span_b_words"])


# Words besides the span that make its clause a statement of its own, not an adverbial of the one before.
SPAN_CLAUSE_WORDS = 4


# Dates that date their own sentence only: vague spans ("في الأيام الأخيرة"), a campaign's start ("منذ
# آذار 2011") and the day before yesterday ("أمس الأول", an aside in a report of the last day, unless it
# is the time of a statement); "أمس", a weekday or a calendar date sets the day of the narrative that follows
NOT_CARRIED = frozenset({"recent", "since", "days_ago", "days_before"})
# How many sentences after a dateless report that opens the article (a title, a lead) or a new report
# may give it its day.
LOOKAHEAD_SENTENCES = 3
# Sentences this short (a lone "." or a sub-heading) are not counted by the look-ahead.
SHORT_SENTENCE = 25


def carried_date(ctx: Context, ss: SentenceSpans, last: Optional[DateMention] = None) -> Optional[DateMention]:
    """The date sentence ``ss`` sets for the dateless sentences after it, if any: its last recent
    calendar date, weekday, "أمس" or "اليوم", or the day before yesterday when it is the time of a
    statement the next sentences retell ("وذكر في تصريح أدلى به الليلة قبل الماضية أن ..."); not a bare
    "ليلا" (the night of its own report), nor the day a report of the day ``last`` set was made
    ("ونقلت قناة الجزيرة اليوم السبت ...")."""
    # (a week, "الأسبوع الماضي", names no day for the next sentences: "وجاءت هذه الضربات ردا على هجوم في دوما الأسبوع
    # الماضي. وقال البنتاغون إن الضربات استهدفت موقعا قرب حمص" tells of the strikes of the day set before)
    dated = [d for d in ss.dates if d.value is not None and d.time_precision in (1, 3) and d.kind != "future"
             and (d.kind not in NOT_CARRIED or (d.kind == "days_ago" and _report_time(ctx, ss, d))) and recent(ctx, d)
             and not own_sentence_only(fold(d.text))
             and not (last is not None and _report_of_day_before(ctx, ss, d, last))
             # a span that dates another clause than the report's ("..، بينما استمر النزوح لليوم الثاني")
             and not (d.kind == "span" and ss.triggers and _other_clause_span(ctx, ss, d, ss.triggers[0]))]
    return dated[-1] if dated else None


# A report made this many days after the day the narrative has set is a report of that day.
REPORT_LAG_DAYS = 1
# ... and at most this many days after the day the next sentences give, when the narrative has set none.
AHEAD_LAG_DAYS = 6


def _report_time(ctx: Context, ss: SentenceSpans, d: DateMention) -> bool:
    """``d`` is the time word of a reporting verb ("ونقلت الإذاعة اليوم الخميس عن", "في تصريح أدلى به
    الليلة قبل الماضية"), with no event word between verb and date."""
    doc = ctx.doc
    lo = clause_start(ss, doc, d.start)
    if any(lo <= t.start < d.start for t in ss.triggers):
        return False
    return after_report_verb(doc.norm[doc.norm_index(lo):doc.norm_index(d.start)])


def _goes_on_before(ctx: Context, d: DateMention, trig: Trigger) -> bool:
    """A present-tense verb of going on stands between the report's time word ``d`` and the event word
    ("وذكرت قناة الجزيرة اليوم السبت أن النظام يواصل قصف حلب"): the report is of its own day."""
    doc = ctx.doc
    return goes_on(doc.norm[doc.norm_index(d.end):doc.norm_index(trig.start)])


def _report_of_day_before(ctx: Context, ss: SentenceSpans, d: DateMention, last: DateMention) -> bool:
    """``d`` is the time word of a reporting verb ("ونقلت قناة الجزيرة اليوم السبت عن اللجان أن ...")
    one day after the day ``last`` the narrative has set, with no event word between verb and date."""
    if last.value is None or d.value is None or not 0 < (d.value - last.value).days <= REPORT_LAG_DAYS:
        return False
    return _report_time(ctx, ss, d)


def new_report(ctx: Context, ss: SentenceSpans) -> bool:
    """The sentence turns to another report ("من جهة أخرى، ..."): the day carried so far stops."""
    if ss.new_report is None:  # asked for every sentence, and again by the look-ahead: worked out once
        doc = ctx.doc
        lo = doc.norm_index(ss.sentence.start)
        # (the opener test is a long regex: nine heads in ten hold no key word of any opener, and no opener;
        # where the key words stand the article's pass has found: a head with none is not even sliced)
        keys = occurrences(ctx, "report_opener_keys")
        if not within(keys, lo, lo + OPENER_HEAD):
            ss.new_report = False
        else:
            head = doc.norm[lo:lo + OPENER_HEAD]
            ss.new_report = _may_open_report(head) and opens_new_report(head)
    return ss.new_report


# How much of a sentence's folded text the opener test reads.
OPENER_HEAD = 80


@functools.lru_cache(maxsize=1)
def _opener_key_words() -> tuple[str, ...]:
    """One word of each ``new_report_openers`` phrase: its second ("جهه" of "من جهه اخري"; the first, a
    preposition, stands in most sentence heads), or its only one."""
    return tuple(sorted({phrase[1] if len(phrase) > 1 else phrase[0]
                         for phrase in date_lexicon().new_report_openers if phrase}))


# the key words of the openers join the article's pass (a key word is a piece of the head it opens: see
# :func:`_may_open_report`, and :func:`.context.within` of the words found)
register_prefilter("report_opener_keys", _opener_key_words)


def _may_open_report(head: str) -> bool:
    """False when the folded sentence head surely opens no report (:func:`opens_new_report`): every word
    of an opener phrase is a word of the head it opens, so a key word of one (:func:`_opener_key_words`)
    is a piece of the head."""
    return any(map(head.__contains__, _opener_key_words()))  # (no generator: asked for most sentences)


def date_ahead(ctx: Context, i: int, start: int = 0) -> Optional[DateMention]:
    """Sentence ``i`` opens the article (a title, a lead) or the report that sentence ``start`` turned
    to, before any date: the day the next sentences of the same report set ("قصفت تركيا ... . وقال
    المرصد إن الغارات أمس ..."), if any."""
    if any(ss.dates for ss in ctx.sentences[start:i + 1]):
        return None
    return _day_in_next_sentences(ctx, i)


def _day_in_next_sentences(ctx: Context, i: int) -> Optional[DateMention]:
    """The day-precision date the next sentences of the report after sentence ``i`` carry, if one of
    the first :data:`LOOKAHEAD_SENTENCES` of them has a date at all."""
    seen = 0
    for ss in ctx.sentences[i + 1:]:
        if new_report(ctx, ss):
            return None
        if ss.dates and _opens_past_perfect(ctx, ss):
            return None  # "وكان التحالف قد شن غارات يوم الاثنين": the day of an earlier incident, not this report's
        if ss.dates:
            found = carried_date(ctx, ss)
            return found if found is not None and found.time_precision == 1 else None
        if ss.sentence.end - ss.sentence.start >= SHORT_SENTENCE:
            seen += 1
            if seen >= LOOKAHEAD_SENTENCES:
                return None
    return None


# How far after the "كان" of a past perfect a reporting verb makes it a report's ("وكان المرصد قد أفاد الأربعاء").
PAST_PERFECT_REPORT_REACH = 40


def _opens_past_perfect(ctx: Context, ss: SentenceSpans) -> bool:
    """The sentence opens as a past-perfect aside ("وكان التحالف الدولي قد شن غارات يوم الاثنين"), not a
    reporting verb's past perfect ("وكان المرصد قد أفاد الأربعاء بأن ...": the report goes on)."""
    return any(c.start - ss.sentence.start <= 2 and _past_perfect(ctx, ss, c.start, c.end)
               and not any(0 <= a.start - c.end <= PAST_PERFECT_REPORT_REACH for a in ss.cues_of("attribution"))
               for c in ss.cues_of("background"))


def _past_perfect(ctx: Context, ss: SentenceSpans, start: int, end: int) -> bool:
    """The background cue ("كان") at ``start``..``end`` makes a past-perfect aside: it opens the sentence
    ("وكان ...") or "قد" follows it ("كانت القوات قد ..."); "ما إذا كان الضحايا مدنيين" is no aside."""
    doc = ctx.doc
    if start - ss.sentence.start <= 2:
        return True
    return past_perfect_after(doc.norm[doc.norm_index(end):doc.norm_index(ss.sentence.end)])
