"""Stage: temporal expressions (codebook section 4), resolved against the publication date.

One combined regex, built once from the word lists in ``data/months.tsv``,
``data/weekdays.tsv`` and ``data/relative_dates.yaml``, runs over the folded text (at each position
only its alternatives that may open with the word there, compiled when a text first needs them:
:class:`PartedRegex`); this module holds the grammar and the arithmetic. What it reads, first alternative first:

* numeric dates: "15-8-2015", "21/1/2013", "2015-08-15" (day first, four-digit year);
* day + month (+ year): "26 كانون الأول", "الـ 19 من تشرين الثاني من العام المنصرم",
  "26 ديسمبر/كانون الأول", "7 أبريل (نيسان) 2018", "السابع من أبريل", "الحادي والعشرين من
  مايو"; without a year the latest such day on or before publication;
* "الأسبوع الثاني من شباط" (precision 2);
* month (+ year): "في مايو 2015", "أيار الماضي", "مطلع حزيران" (precision 3); a bare name
  needs a temporal preposition before it, and names that are also ordinary words ("آب"/"أب",
  "مارس", "ماي") need a day, a year, "شهر", a paired name or a modifier;
* a year alone: "في عام 2022", "عام ٢٠٢٢" (precision 4, ``kind="year"``: background, never an
  event date);
* "منذ ثلاثة أيام", "قبل يومين", "قبل أسبوع", "قبل أيام";
* day words and periods: "اليوم", "فجر اليوم", "أمس", "ليل أمس", "أول أمس", "الليلة الماضية",
  "الأسبوع الماضي", "مطلع الشهر الجاري", "العام المنصرم", "في الأيام الأخيرة", optionally with
  a weekday after them ("اليوم الأربعاء", "أمس الاثنين": the weekday on or before that day);
* weekdays: "الثلاثاء", "يوم الثلاثاء", "الثلاثاء الماضي", "ليل الأحد-الاثنين" (the first night
  day), but not "صلاة الجمعة" or "الاثنين معاً".

A weekday or day word right before an explicit date ("الخميس 21 مارس", "أمس الأربعاء
9/10/2019") is one mention with the explicit date's value. Without a publication date the
relative expressions keep their spans with ``value=None`` and one warning is added.
"""
from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Optional

from ..document import DateMention, Document
from ..text import fold, proclitic_class, proclitics, strip_proclitic
from .numbers import AnchoredRegex, number_lexicon, parse_number
from .numbers import alternation as _alternation
from ..resources import read_tsv, read_yaml

# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Month:
    month: int
    standalone: bool


@dataclass(frozen=True)
class DayWord:
    days: int
    precision: int
    kind: str


@dataclass(frozen=True)
class Period:
    unit: str  # week, month, year
    offset: int  # -1 past, 0 current, 1 next
    precision: int


@dataclass(frozen=True)
class AgoUnit:
    unit: str
    days: int
    months: int
    years: int
    precision: int
    vague: int
    vague_precision: int


@dataclass
class DateLexicon:
    months: dict[str, Month]
    weekdays: dict[str, int]  # folded name -> Python weekday (Monday 0)
    day_words: dict[str, DayWord]
    periods: dict[str, Period]  # folded phrase ("الاسبوع الماضي") -> period
    modifiers: dict[str, int]  # folded modifier -> -1, 0, 1
    ago_units: dict[str, tuple[AgoUnit, str]]  # folded form -> (unit, "singular"|"plural"|"dual")
    month_parts: dict[str, int]
    week_of_month: dict[str, int]
    night_parts: frozenset[str]
    after_midnight_parts: frozenset[str]
    not_today_after: frozenset[str]
    not_today_before: frozenset[str]
    not_weekday_before: frozenset[str]
    not_weekday_after: frozenset[str]
    ago_blockers_after: frozenset[str]
    not_date_before: frozenset[str]  # nouns that make a day and month after them a name ("برج 8 آذار")
    span_joins: frozenset[str]
    span_since: frozenset[str]
    span_ordinal: re.Pattern  # "لليوم الثاني على التوالي", "يومها الثالث"
    span_duration: re.Pattern  # "استمرت ثلاثة أيام", "دامت يومين"
    duration_verbs: tuple[str, ...]  # its verbs: a text with none is not searched
    start_verbs: frozenset[str]  # verbs of starting: the day after one is a duration's first day
    units: dict[str, int]  # folded unit number words (number_words.tsv) -> value
    day_before: re.Pattern  # "غداة", "بعد يومين من"
    day_before_days: dict  # folded frame (words joined by one space) -> how many days before its anchor
    day_before_words_only: frozenset  # the one-word frames of the day before ("غداة")
    ordinals: dict[str, int]
    new_report_openers: tuple[tuple[str, ...], ...]  # folded word sequences ("من جهه اخري")
    opener_reach: int  # how many words may come before one (a heading glued to the sentence)
    opener_not_before: frozenset[str]  # words after an opener that make it no opener ("إلى ذلك الحين")
    report_verbs: frozenset[str]  # folded reporting verbs ("نقلت", "قال")
    report_reach: int  # how many words may stand between a reporting verb and its time word
    ongoing_verbs: tuple[tuple[str, ...], ...]  # folded present-tense verbs of going on ("يواصل", "لا يزال")
    own_sentence_only: frozenset[str]  # folded day words that date their own sentence only ("ليلا")
    time_zones: tuple[str, ...]  # folded words naming another time zone ("بتوقيت غرينتش"): dates beside them restate
    past_perfect_particles: frozenset[str]  # "قد" after "كان": a past-perfect aside
    past_perfect_reach: int
    future_words: frozenset[str]  # folded future markers ("سوف", "المقرر")
    future_prefixes: tuple[str, ...]  # "س" + a present-tense prefix ("سي", "ست")
    future_not_prefixes: tuple[str, ...]  # nouns and names opening like a future verb ("سيار", "سنو")
    future_prefix_min: int
    future_reach: int
    future_word: re.Pattern  # finds, in words joined by spaces, a future marker (see _future_word_regex)
    grammar: "PartedRegex"  # the combined date regex, its alternatives compiled on first use
    finder: Optional["DateFinder"] = None  # runs ``grammar`` around date words and digits
    # words one of which every match of ``span_ordinal`` / ``day_before`` holds: a text with none
    # is not scanned (the finder's joint pass finds them: :meth:`DateFinder.markers_in`)
    span_words: tuple[str, ...] = ()
    day_before_words: tuple[str, ...] = ()
    regex_words: frozenset[str] = frozenset()  # the words the letters of ``regex`` can match

    @property
    def regex(self) -> re.Pattern:
        """The combined date regex compiled whole (what ``grammar.match`` matches; for tests and references)."""
        return self.grammar.regex


def _folded(items) -> list[str]:
    return [fold(str(x)).strip() for x in items]


def _future_word_regex(markers: dict) -> re.Pattern:
    """The future markers (``future_markers`` of ``relative_dates.yaml``: "سوف", "المقرر", or "س" + a
    present-tense verb as in "سيشيع", not a noun that opens alike as "سيارة"), as a regex to search words
    joined by spaces with: a ``words`` entry, or ``prefix_min`` letters or more opening with one of
    ``prefixes`` and none of ``not_prefixes``; each bare or after a conjunction "و"/"ف" (a run of word
    characters, as ``\\w+`` cuts them)."""
    def longest_first(words):
        return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) or "(?!)"
    least = int(markers["prefix_min"])
    prefixed = "|".join(rf"{re.escape(p)}\w{{{max(0, least - len(p))},}}"
                        for p in sorted(set(_folded(markers["prefixes"])), key=len, reverse=True)) or "(?!)"
    conjunction = proclitic_class("conjunctions") + "?"  # "و", "ف" (data/proclitics.tsv)
    return re.compile(rf"(?<!\w){conjunction}(?:(?:{longest_first(_folded(markers['words']))})(?!\w)"
                      rf"|(?!{longest_first(_folded(markers['not_prefixes']))})(?:{prefixed}))")


def least_substrings(words: Iterable[str]) -> tuple[str, ...]:
    """The ``words`` that hold no other of them ("يومه", not "يومها"): a text holds one of ``words`` if
    and only if it holds one of these, found in fewer scans of the text."""
    unique = dict.fromkeys(words)
    return tuple(w for w in unique if not any(other != w and other in w for other in unique))


@functools.lru_cache(maxsize=1)
def date_lexicon() -> DateLexicon:
    """The temporal word lists, folded, and the combined date regex (built once per process)."""
    months = {fold(r["name"]): Month(int(r["month"]), r["standalone"] == "yes") for r in read_tsv("months.tsv")}
    weekdays = {fold(r["name"]): int(r["iso"]) - 1 for r in read_tsv("weekdays.tsv")}
    data = read_yaml("relative_dates.yaml")
    day_words = {
        fold(d["phrase"]): DayWord(int(d["days"]), int(d.get("precision", 1)), d["kind"]) for d in data["days"]
    }
    modifiers: dict[str, int] = {}
    for name, offset in (("past", -1), ("current", 0), ("next", 1)):
        for word in _folded(data["modifiers"][name]):
            modifiers[word] = offset
    periods: dict[str, Period] = {}
    for p in data["periods"]:
        for form in _folded(p["forms"]):
            for mod, offset in modifiers.items():
                periods[f"{form} {mod}"] = Period(p["unit"], offset, int(p["precision"]))
            for this in _folded(data["this_words"]):
                periods[f"{this} {form}"] = Period(p["unit"], 0, int(p["precision"]))
    ago_units: dict[str, tuple[AgoUnit, str]] = {}
    for u in data["ago_units"]:
        unit = AgoUnit(u["unit"], int(u.get("days", 0)), int(u.get("months", 0)), int(u.get("years", 0)),
                       int(u["precision"]), int(u["vague"]), int(u["vague_precision"]))
        for number in ("singular", "plural", "dual"):
            for form in _folded(u[number]):
                ago_units[form] = (unit, number)
    month_parts = {fold(m["phrase"]): int(m["day"]) for m in data["month_parts"]}
    week_of_month = {fold(m["phrase"]): int(m["day"]) for m in data["week_of_month"]}
    nums = number_lexicon()
    not_today_after = frozenset(_folded(data["not_today_after"])) | frozenset(nums.ordinals) | frozenset(
        nums.ordinal_tens)
    ordinal_words = "|".join(sorted((re.escape(w) for w in nums.ordinals), key=len, reverse=True))
    span_words = "|".join(sorted((re.escape(w) for w in _folded(data["span_day_words"])), key=len, reverse=True))
    span_ordinal = re.compile(rf"(?<!\w)(?:{span_words})\s+(?P<ord>{ordinal_words})(?!\w)")
    conjunction = proclitic_class("conjunctions") + "?"  # "و", "ف" (data/proclitics.tsv)
    duration = data["span_duration"]
    units = {word: n.value for word, read in nums.words.items() for n in read if n.kind == "unit"}  # (folded)

    def _alternatives(words) -> str:
        return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in _folded(words)), key=len, reverse=True))

    span_duration = re.compile(
        rf"(?<!\w){conjunction}(?:{_alternatives(duration['verbs'])})\s+(?:\w+\s+)??(?:(?:{_alternatives(duration['fillers'])})\s+)?"
        rf"(?:ل)?(?:(?P<n>\d{{1,2}}|{'|'.join(sorted(map(re.escape, units), key=len, reverse=True))})\s+"
        rf"(?:{_alternatives(duration['day_words'])})|(?P<two>{_alternatives(duration['two_days'])}))(?!\w)")
    # "غداة" (one day) and the frames of a count of days ("بعد يومين من"), longest first
    day_before_days = {w: 1 for w in _folded(data["day_before_words"])}
    day_before_days.update({" ".join(fold(str(p)).split()): int(n) for p, n in data["days_after_frames"].items()})
    day_before = re.compile(
        rf"(?<!\w){conjunction}(?P<frame>" + "|".join(
            re.escape(w).replace(r"\ ", r"\s+") for w in sorted(day_before_days, key=len, reverse=True)) + r")(?!\w)")
    lex = DateLexicon(
        new_report_openers=tuple(tuple(p.split()) for p in _folded(data["new_report_openers"]["phrases"])),
        opener_reach=int(data["new_report_openers"]["reach"]),
        opener_not_before=frozenset(_folded(data["new_report_openers"]["not_before"])),
        report_verbs=frozenset(_folded(data["report_verbs"]["verbs"])),
        report_reach=int(data["report_verbs"]["reach"]),
        ongoing_verbs=tuple(tuple(p.split()) for p in _folded(data["report_verbs"]["ongoing"])),
        own_sentence_only=frozenset(_folded(data["own_sentence_only"])),
        time_zones=tuple(_folded(data["time_zones"])),
        past_perfect_particles=frozenset(_folded(data["past_perfect"]["particles"])),
        past_perfect_reach=int(data["past_perfect"]["reach"]),
        future_words=frozenset(_folded(data["future_markers"]["words"])),
        future_prefixes=tuple(_folded(data["future_markers"]["prefixes"])),
        future_not_prefixes=tuple(_folded(data["future_markers"]["not_prefixes"])),
        future_prefix_min=int(data["future_markers"]["prefix_min"]),
        future_reach=int(data["future_markers"]["reach"]),
        future_word=_future_word_regex(data["future_markers"]),
        day_before=day_before,
        day_before_days=day_before_days,
        day_before_words_only=frozenset(_folded(data["day_before_words"])),
        span_joins=frozenset(_folded(data["span_joins"])),
        span_since=frozenset(_folded(data["span_since"])),
        span_ordinal=span_ordinal,
        span_duration=span_duration,
        duration_verbs=tuple(_folded(duration["verbs"])),
        start_verbs=frozenset(_folded(duration["start_verbs"])),
        units=units,
        ordinals=dict(nums.ordinals),
        months=months,
        weekdays=weekdays,
        day_words=day_words,
        periods=periods,
        modifiers=modifiers,
        ago_units=ago_units,
        month_parts=month_parts,
        week_of_month=week_of_month,
        night_parts=frozenset(_folded(data["night_parts"])),
        after_midnight_parts=frozenset(_folded(data["after_midnight_parts"])),
        not_today_after=not_today_after,
        not_today_before=frozenset(_folded(data["not_today_before"])),
        not_weekday_before=frozenset(_folded(data["not_weekday_before"])),
        not_weekday_after=frozenset(_folded(data["not_weekday_after"])),
        ago_blockers_after=frozenset(_folded(data["ago_blockers_after"])),
        not_date_before=frozenset(_folded(data["not_date_before"])),
        grammar=PartedRegex([]),
    )
    lex.span_words = least_substrings(_folded(data["span_day_words"]))
    lex.day_before_words = least_substrings(_folded(data["day_before_words"]) + [
        " ".join(fold(str(p)).split()) for p in data["days_after_frames"]])
    lex.grammar = _build_regex(lex, data)
    lex.finder = _finder(lex, data)
    return lex


def date_clitics() -> tuple[str, ...]:
    """The clitics a date expression may carry before it ("وأمس", "والثلاثاء"), outside its span: the
    conjunctions of ``data/proclitics.tsv``."""
    return tuple(proclitics("conjunctions"))


def _finder(lex: DateLexicon, data: dict) -> AnchoredRegex:
    """Runs the date regex around the words every date expression holds (and digits): a month
    or weekday name, a day or period word, "منذ"/"قبل", a year word; with how many words
    may come before each in an expression."""
    anchors: dict[str, int] = {}

    def add(word: str, back: int) -> None:
        anchors[word] = max(back, anchors.get(word, 0))

    for name in lex.months:
        add(name.split()[0], _BACK_WORDS)
    for name in lex.weekdays:
        add(name, _DAY_PART_WORDS)
    common = set(_folded(data["this_words"])) | set(lex.modifiers) | {"بعد", "من", "اول", "قبل"}
    for phrase in list(lex.day_words) + list(lex.periods):
        words = phrase.split()
        k = next((n for n, w in enumerate(words) if w not in common), 0)
        add(words[k], k + _DAY_PART_WORDS)
    # a name that holds a date word ("روسيا اليوم", "إلى الآن") is found from that word, which is an
    # anchor already: an anchor of its own first word ("إلى", "العراق": frequent, and never a date)
    # would only add tries that fail; the first word stays a word a match may open with
    not_date_openers = set()
    for phrase in _folded(data["not_dates"]):
        words = phrase.split()
        if _found_from_anchor(words, anchors):
            not_date_openers.add(words[0])
            continue
        k = next((n for n, w in enumerate(words) if w not in common), 0)
        add(words[k], k + _DAY_PART_WORDS)
    for word in _folded(data["ago_words"]):
        add(word, 0)
    for word in _folded(data["year_words"]):
        add(word, 1)  # "مطلع عام 2015"
    add("الاسبوع", 0)
    # words that can open a date expression before its anchor ("في", "مساء", "الحادي", "ال" of "الـ 26")
    nums = number_lexicon()
    initial = (set(anchors) | not_date_openers | {*nums.day_articles, "شهر", "من"} | set(nums.ordinals)
               | set(nums.ordinal_tens))
    for key in ("day_parts", "month_prepositions", "year_prepositions", "this_words", "ago_words"):
        initial |= {w.split()[0] for w in _folded(data[key])}
    initial |= {w.split()[0] for w in lex.month_parts} | {w.split()[0] for w in lex.day_words}
    return DateFinder(lex.grammar, anchors, digit_back=1, initial_words=initial, vocabulary=lex.regex_words,
                      clitics=date_clitics(), glued=[w for w in DAY_RANGE_JOINERS if w.isalpha()],
                      letters_open_words=True,  # (each alternative opens with (?<!\w) or a digit)
                      digit_openers=nums.day_articles,  # "ال" of "ال26"
                      markers=(*lex.span_words, *lex.day_before_words))


class DateFinder(AnchoredRegex):
    """:class:`AnchoredRegex` that also tells which of a few ``markers`` a text holds (anywhere, as
    ``marker in text`` does), found in the joint pass it joins: the stage asks for the words of the span and
    "غداة" searches in every article, and a joint pass finds them for far less than a scan of the text each."""

    def __init__(self, *args, markers: Iterable[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.markers = tuple(dict.fromkeys(m for m in markers if m))
        self._markers_shared: Optional[tuple] = None  # (TextScan, slot) once joined

    def join(self, scan) -> None:
        super().join(scan)
        if self._markers_shared is None and self.markers:
            self._markers_shared = (scan, scan.join((m, m) for m in self.markers))

    def markers_in(self, text: str) -> set[str]:
        """The ``markers`` that ``text`` holds."""
        shared = self._markers_shared
        if shared is None:
            return {m for m in self.markers if m in text}
        return {m for _end, m in shared[0].found(text, shared[1])}


def _found_from_anchor(words: list[str], anchors: dict[str, int]) -> bool:
    """Whether a phrase (its folded words) holds an anchor that may have all the words before it in
    the phrase before it in a match: the phrase is then tried from that anchor."""
    return any(anchors.get(w, -1) >= n for n, w in enumerate(words))


# words a date expression may have before its month name: "في منتصف شهر مارس",
# "الحادي والعشرين من مايو"; before a day word or weekday: "بعد ظهر اليوم", "بعد منتصف ليل الأحد"
_BACK_WORDS = 3
_DAY_PART_WORDS = 3


# words between the two days of a range ("من 5 إلى 7 مايو"), written into the pattern bare: a day may
# follow them with no space ("5 الي7")
DAY_RANGE_JOINERS = ("-", "و", "الي", "حتي")
# the characters between the day, month and year of a numeric date ("15-8-2015", "21/1/2013", "3.5.2016")
NUMERIC_DATE_SEPARATORS = "/.-"
# how many digits a day in digits has ("5", "05", "26"), and a year ("2015")
DAY_DIGITS = (1, 2)
YEAR_DIGITS = (4,)


def _alt_letters_end_of(phrases) -> str:
    """Like :func:`alternation`, but a digit may follow ("سبتمبر2017")."""
    unique = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "(?:" + "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in unique) + r")(?![^\W\d_])"


def _build_regex(lex: DateLexicon, data: dict) -> PartedRegex:
    nums = number_lexicon()
    B = r"(?<!\w)"
    # the words of every phrase list the regex is built from (and, below, the number words and the
    # letters written in the pattern itself): the words its letters can match (lex.regex_words)
    vocabulary: set[str] = set(w for word in nums.words for w in word.split())

    def alternation(phrases) -> str:
        phrases = list(phrases)
        vocabulary.update(w for p in phrases for w in p.split())
        return _alternation(phrases)

    def _alt_letters_end(phrases) -> str:
        phrases = list(phrases)
        vocabulary.update(w for p in phrases for w in p.split())
        return _alt_letters_end_of(phrases)

    def CL(p: str) -> str:  # a clitic "و"/"ف" before the expression ("وأمس", "والثلاثاء", "وفي"): not in the span
        return rf"(?P<{p}cl>{proclitic_class('conjunctions')}(?=\w))?"
    month = _alt_letters_end(lex.months)
    weekday = alternation(lex.weekdays)
    mods = alternation(lex.modifiers)
    year_words = alternation(_folded(data["year_words"]))
    year_def = alternation(w for w in _folded(data["year_words"]) if w.startswith("ال"))
    this_words = alternation(_folded(data["this_words"]))
    year = r"(?:19|20)\d\d(?!\d)"
    gregorian = r"(?:\s*م(?!\w))?"  # "2015م"
    ordinal_unit = alternation(nums.ordinals)
    ordinal = (rf"(?:{ordinal_unit}(?:\s+{alternation(nums.teen_tails)}|\s+و\s*{alternation(nums.ordinal_tens)})?"
               rf"|{alternation(nums.ordinal_tens)})")
    # (the article of "الـ 26", "ال26" is written bare: a day may follow it with no space)
    day_article = "|".join(re.escape(w) for w in sorted(nums.day_articles, key=len, reverse=True)) or "(?!)"
    day_num = rf"(?:(?:{day_article})\s*)?(?<![\d.,/])(?:0?[1-9]|[12]\d|3[01])(?![\d.,/])"
    month_parts = alternation(lex.month_parts)
    month_preps = alternation(_folded(data["month_prepositions"]))
    day_parts = alternation(_folded(data["day_parts"]))
    joiners = alternation(_folded(data["night_joiners"]))

    def monthx(p: str) -> str:
        return rf"(?P<{p}m1>{month})(?:\s*[/(\-]?\s*(?P<{p}m2>{month})(?:\s*\))?)?"

    def year_tail(p: str) -> str:
        return (rf"(?:\s*,?\s*(?:من\s+)?(?:{year_words}\s*)?(?P<{p}y>{year}){gregorian}"
                rf"|\s+(?:من\s+)?(?:{year_def})\s+(?P<{p}ry>{mods})"
                rf"|\s+(?:من\s+)?(?P<{p}this>{this_words})\s+(?:{year_def})"
                rf"|\s+(?P<{p}mm>{mods}))?")

    def day(p: str) -> str:
        return (rf"(?:(?P<{p}dd>{day_num})|(?P<{p}do>{ordinal}))"
                rf"(?:\s*(?:{'|'.join(DAY_RANGE_JOINERS)})\s*(?:{day_num}|{ordinal}))?")

    # "في 12 من الشهر الجاري", "يوم 5 الجاري", "في العاشر من الشهر الماضي": a day of this or last month
    this_month_mods = alternation(w for w, k in lex.modifiers.items() if k <= 0)
    bare_this_month = alternation(_folded(data["day_of_this_month"]))
    month_words = alternation(_folded(data["this_month_words"]))
    # (a look-behind is of fixed width: one per word)
    not_after = "".join(rf"(?<!{re.escape(w)}\s)" for w in _folded(data["day_of_this_month_not_after"]))
    rel_phrases = alternation(list(lex.day_words) + list(lex.periods))
    ago_number = nums.word_pattern
    units_plain = alternation(f for f, (_, n) in lex.ago_units.items() if n != "dual")
    units_dual = alternation(f for f, (_, n) in lex.ago_units.items() if n == "dual")
    # the first words of each alternative's matches (after its clitic "و"/"ف"): see :class:`PartedRegex`
    day_openers = {*nums.day_articles, *nums.ordinals, *nums.ordinal_tens}  # "الـ 26", "الحادي والعشرين", "العشرين"
    separators = re.escape(NUMERIC_DATE_SEPARATORS)

    def day_tail(next_phrases) -> DigitTail:
        """What follows a day in digits in a match: the second day of a range (after a joiner, a day may
        follow with no space: "5 الي7", "5 و6"), else one of ``next_phrases`` (their first words)."""
        return DigitTail(frozenset(DAY_DIGITS), marks="".join(j for j in DAY_RANGE_JOINERS if not j.isalpha()),
                         words=frozenset(p.split()[0] for p in next_phrases),
                         prefixes=tuple(j for j in DAY_RANGE_JOINERS if j.isalpha()))
    month_parts_list = list(lex.month_parts)
    preps = _folded(data["month_prepositions"])
    year_list = _folded(data["year_words"]) + _folded(data["year_prepositions"])
    parts = [
        GrammarPart(rf"(?P<skip>{B}{alternation(_folded(data['not_dates']))})",
                    _folded(data["not_dates"]), clitic=False),
        GrammarPart(rf"(?P<num>(?<![\d/.\-])(?P<nd>\d{{1,2}})\s*(?P<ns>[{separators}])\s*(?P<nm>\d{{1,2}})\s*(?P=ns)\s*(?P<ny>{year})(?![/.\-]\d))",
                    (), digits=True, clitic=False,
                    digit_tail=DigitTail(frozenset(DAY_DIGITS), marks=NUMERIC_DATE_SEPARATORS)),
        GrammarPart(rf"(?P<iso>(?<![\d/.\-])(?P<iy>{year})-(?P<im>\d\d?)-(?P<id>\d\d?)(?!\d))", (), digits=True, clitic=False,
                    digit_tail=DigitTail(frozenset(YEAR_DIGITS), marks="-")),
        GrammarPart(rf"(?P<dm>{B}{CL('dm')}{day('dm')}\s*(?:من\s+)?(?:شهر\s+)?{monthx('dm')}{year_tail('dm')})",
                    day_openers, digits=True,
                    digit_tail=day_tail(["من", "شهر", *lex.months])),
        GrammarPart(rf"(?P<dc>{B}{CL('dc')}{not_after}{day('dc')}\s+(?:من\s+)?(?:(?:{month_words})\s+(?P<dcm>{this_month_mods})|(?P<dcb>{bare_this_month})))(?!\w)",
                    day_openers, digits=True,
                    digit_tail=day_tail(["من", *_folded(data["this_month_words"]), *_folded(data["day_of_this_month"])])),
        GrammarPart(rf"(?P<wm>{B}{CL('wm')}الاسبوع\s+(?P<wmo>{alternation(lex.week_of_month)})\s+من\s+(?:شهر\s+)?{monthx('wm')}{year_tail('wm')})",
                    ["الاسبوع"]),
        GrammarPart(rf"(?P<mp>{B}{CL('mp')}(?:(?P<mpp>{month_preps})\s+)?(?:(?P<mpq>{month_parts})\s+)?(?:(?P<mps>شهر)\s+)?{monthx('mp')}{year_tail('mp')})",
                    [*preps, *month_parts_list, "شهر", *lex.months]),
        GrammarPart(rf"(?P<yr>{B}{CL('yr')}(?:(?P<yq>{month_parts})\s+)?(?:{year_words}\s*(?P<yy>{year})|(?P<yp>{alternation(_folded(data['year_prepositions']))})\s+(?P<yy2>{year})){gregorian}(?![\d/\-]|\.\d))",
                    [*month_parts_list, *year_list]),
        GrammarPart(rf"(?P<ago>{B}{CL('ago')}(?P<aw>{alternation(_folded(data['ago_words']))})\s+(?:{alternation(_folded(data['ago_approximators']))}\s+)?"
                    rf"(?:(?P<an>{ago_number})\s+(?P<au>{units_plain})|(?P<adu>{units_dual})|(?P<ab>{units_plain})(?!\s*\d)(?!\s+{month})(?!\s+{weekday})))",
                    _folded(data["ago_words"])),
        GrammarPart(rf"(?P<rel>{B}{CL('rel')}(?:(?P<rp>{day_parts})\s+)?(?:(?P<rq>{month_parts})\s+)?(?P<rph>{rel_phrases})"
                    rf"(?:\s*,?\s*(?:يوم\s+)?(?P<rw>{weekday}))?)",
                    [*_folded(data["day_parts"]), *month_parts_list, *lex.day_words, *lex.periods]),
        GrammarPart(rf"(?P<wd>{B}{CL('wd')}(?:(?P<wp>{day_parts})\s+)?(?P<w1>{weekday})(?:(?:\s*(?:-|/|و|{joiners})\s*|\s+)(?P<w2>{weekday}))?(?:\s+(?P<wmod>{mods}))?)",
                    [*_folded(data["day_parts"]), *lex.weekdays]),
    ]
    pattern = "|".join(part.pattern for part in parts)
    vocabulary.update(re.findall(r"[^\W\d_]+", pattern))
    lex.regex_words = frozenset(vocabulary)
    return PartedRegex(parts)


@dataclass(frozen=True)
class DigitTail:
    """What every match of a part that opens with a run of digits (after its clitic) has there: a run of
    one of ``lengths`` digits, then, after any white space, one of the characters ``marks`` or a run of
    letters that is one of ``words`` or opens with one of ``prefixes`` ("15 مايو", "5 الي7", "21/1/2013").
    Most runs of digits in a text are counts ("15 قتيلا"): this test of the words after them spares the
    tries of the parts that open with a digit."""
    lengths: frozenset[int]
    marks: str = ""
    words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()

    def admits(self, digits: int, tail: str) -> bool:
        """Whether a run of ``digits`` digits and then ``tail`` (after any white space: a run of letters,
        else one character, or "" at the end of the text) may open a match."""
        if digits not in self.lengths or not tail:
            return False
        return (len(tail) == 1 and tail in self.marks) or tail in self.words or tail.startswith(self.prefixes)


@dataclass(frozen=True)
class GrammarPart:
    """One alternative of :class:`PartedRegex`: its pattern and the phrases one of which opens each of its
    matches (their first words are what counts), after a clitic "و"/"ف" if ``clitic``; ``digits``: a match
    may also open with a digit (after the clitic); ``digit_tail``: what such a match has at its digits (None:
    not known, the part is tried at every digit)."""
    pattern: str
    openers: Iterable[str]
    digits: bool = False
    clitic: bool = True
    digit_tail: Optional[DigitTail] = None


# a run of letters (no digits, no underscore), perhaps empty: the first word of a phrase, as the regex ends it
_LETTER_RUN = re.compile(r"[^\W\d_]*")
# a run of digits, white space, then a run of letters or one other character (what :class:`DigitTail` tests)
_DIGIT_TAIL = re.compile(r"(\d*)\s*([^\W\d_]+|.?)", re.S)


class PartedRegex:
    """The alternation ``p1|p2|...`` of the patterns of ``parts`` (each a named group), whose ``match`` tries
    at a position only the parts that may open with the run of letters there (or with a digit), each
    compiled on its first try.

    A match of an alternation at a position is that of its first alternative that matches there, so trying
    the parts in order gives the combined regex's match, and a part that cannot open with the word there
    can be left out. Compiling the whole date regex (11,000 characters) costs more than the dates of a
    short article; most texts need few of its parts (and the tries of the rest fail at once)."""

    def __init__(self, parts: list[GrammarPart]):
        self.parts = list(parts)
        self.pattern = "|".join(part.pattern for part in self.parts)
        self._compiled: list[Optional[re.Pattern]] = [None] * len(self.parts)
        clitics = date_clitics()
        # a part one of whose phrases opens with no run of letters is tried everywhere
        always = {k for k, part in enumerate(self.parts)
                  if any(not _LETTER_RUN.fullmatch(p.split()[0]) for p in part.openers if p.split())}
        by_word: dict[str, set[int]] = {}  # a run of letters -> the parts that may open with it
        for k, part in enumerate(self.parts):
            for phrase in part.openers:
                word = phrase.split()[0] if phrase.split() else ""
                if not word or k in always:
                    continue
                for run in (word, *(c + word for c in clitics if part.clitic)):
                    by_word.setdefault(run, set()).add(k)
        before_digits: dict[str, set[int]] = {"": set()}  # a run of letters a digit follows ("", "و" of "و26")
        for k, part in enumerate(self.parts):
            if part.digits:
                for run in ("", *(clitics if part.clitic else ())):
                    before_digits.setdefault(run, set()).add(k)
        for run, ks in before_digits.items():
            ks |= by_word.get(run, set())
        self._always = tuple(sorted(always))
        self._by_word = {run: tuple(sorted(ks | always)) for run, ks in by_word.items()}
        self._before_digits = {run: tuple(sorted(ks | always)) for run, ks in before_digits.items()}
        # the parts that open with digits and say what follows them (:class:`DigitTail`); a tail is reduced to
        # what the tests tell apart (:meth:`_tail_class`), and the parts left for each kept
        self._digit_tails = {k: part.digit_tail for k, part in enumerate(self.parts)
                             if part.digits and part.digit_tail is not None}
        tails = self._digit_tails.values()
        self._tail_words = frozenset(w for t in tails for w in t.words) | frozenset(m for t in tails for m in t.marks)
        self._tail_prefixes = tuple(sorted({p for t in tails for p in t.prefixes if p}))
        self._tail_longest = max((n for t in tails for n in t.lengths), default=0)
        self._after_digits: dict[tuple, tuple[int, ...]] = {}

    def _tail_class(self, tail: str):
        """What the tests of the :class:`DigitTail` tell of ``tail``: itself if a word or mark of one, else the
        prefixes of theirs it opens with (none: "", as the end of the text). Two tails of one class pass the
        same tests."""
        if tail in self._tail_words:
            return tail
        if tail.startswith(self._tail_prefixes):
            return tuple(p for p in self._tail_prefixes if tail.startswith(p))
        return ""

    def _parts_before_digits(self, parts: tuple[int, ...], run: str, text: str, at: int) -> tuple[int, ...]:
        """``parts`` (those that may open with ``run`` before the digits at ``at``) without the parts that open
        there only with digits (not with ``run`` as a word, not tried everywhere) whose :class:`DigitTail` the
        digits and what follows them do not fit; kept for the run, the number of digits and the tail's class."""
        found = _DIGIT_TAIL.match(text, at)
        digits = len(found[1])
        if digits > self._tail_longest:
            digits = 0  # (no tail admits it, as none admits more than the longest)
        key = (run, digits, self._tail_class(found[2]))
        kept = self._after_digits.get(key)
        if kept is None:
            tails, tail = self._digit_tails, found[2]
            as_word = set(self._by_word.get(run, ())) | set(self._always)
            kept = self._after_digits[key] = tuple(
                k for k in parts if k not in tails or k in as_word or tails[k].admits(digits, tail))
        return kept

    @functools.cached_property
    def regex(self) -> re.Pattern:
        """The alternation compiled whole (its ``match`` is :meth:`match`)."""
        return re.compile(self.pattern)

    def _part(self, k: int) -> re.Pattern:
        compiled = self._compiled[k]
        if compiled is None:
            compiled = self._compiled[k] = re.compile(self.parts[k].pattern)
        return compiled

    def parts_at(self, text: str, pos: int) -> tuple[int, ...]:
        """The parts (indices, in order) that may match at ``pos``."""
        end = _LETTER_RUN.match(text, pos).end()
        run = text[pos:end]
        if end - pos < 2 and text[end:end + 1].isdecimal():
            parts = self._before_digits.get(run, self._by_word.get(run, self._always))
            return self._parts_before_digits(parts, run, text, end) if self._digit_tails else parts
        return self._by_word.get(run, self._always)

    def match(self, text: str, pos: int = 0) -> Optional[re.Match]:
        """The combined regex's ``match(text, pos)``."""
        compiled = self._compiled
        for k in self.parts_at(text, pos):
            m = (compiled[k] or self._part(k)).match(text, pos)
            if m is not None:
                return m
        return None


# --------------------------------------------------------------------------- arithmetic


def latest_weekday(anchor: date, weekday: int, strictly_before: bool = False) -> date:
    """The latest ``weekday`` (Monday 0) on or before ``anchor`` (strictly before if asked)."""
    back = (anchor.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return anchor - timedelta(days=back)


def latest_day_month(pub: date, month: int, day: int) -> Optional[date]:
    """The latest ``day``/``month`` on or before ``pub`` (a 29 February goes back to a leap year)."""
    for year in range(pub.year, pub.year - 8, -1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if d <= pub:
            return d
    return None


def _safe_date(year: int, month: int, day: int) -> Optional[date]:
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):  # (OverflowError: a year beyond C's int, "منذ 10**20 سنة")
        return None


def _add_months(d: date, months: int, day: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day, calendar.monthrange(year, month + 1)[1]))


# the day that stands for a month when the text names only the month
MID_MONTH = 15

# The publication dates relative dates are resolved against: a year of margin on each side of the calendar
# ("العام المقبل", "قبل يومين").
_RESOLVABLE = (date(2, 1, 1), date(9998, 12, 31))


# --------------------------------------------------------------------------- stage


def find_dates(doc: Document, res=None) -> Document:
    """Add ``doc.dates``: temporal expressions with values resolved against ``doc.published``."""
    lex = date_lexicon()
    norm = doc.norm
    pub = doc.published
    if pub is not None and not _RESOLVABLE[0] <= pub <= _RESOLVABLE[1]:
        # (a day or a year on either side of it may be no date at all: nothing is resolved against it)
        doc.warnings.append(f"dates: publication date {pub} is too near the ends of the calendar to resolve dates by")
        pub = None
    found: list[tuple[int, int, DateMention]] = []
    for m in lex.finder.finditer(norm):
        if m.lastgroup == "skip":
            continue
        try:
            read = _read(m, norm, pub, lex)
        except (OverflowError, ValueError):
            continue  # a count that takes the date off the calendar ("منذ 800000 يوم"): no date
        found.extend(read)
    found = _merge_explicit(found, norm)
    if found and any(z in norm for z in lex.time_zones):
        found = [f for f in found if not _in_time_zone_aside(norm, f[0], f[1], lex)]
    _today_named_by_weekday(found, norm)
    _weekday_named_with_date(found, norm, lex)
    found = _day_spans(found, norm, pub, lex)
    found = _days_before(found, norm, pub, lex)
    _days_ahead(found, norm, pub, lex)
    out: list[DateMention] = []
    unresolved = 0
    for start, end, mention in found:
        t0, t1 = doc.text_index(start), doc.text_index(end)
        mention.start, mention.end, mention.text = t0, t1, doc.text[t0:t1]
        if mention.value is None:
            unresolved += 1
        elif pub is not None and mention.value > pub and mention.kind not in ("future", "year"):
            mention.kind = "future"
        out.append(mention)
    doc.dates = out
    if unresolved and pub is None:
        doc.warnings.append(
            f"dates: {unresolved} relative date expression(s) left unresolved: the article has no publication date"
        )
    return doc


def _in_time_zone_aside(norm: str, start: int, end: int, lex: "DateLexicon") -> bool:
    """The date stands inside a parenthesis that names another time zone ("(22:30 بتوقيت غرينتش يوم الأحد)"): it
    restates the local day in that zone."""
    open_at = norm.rfind("(", 0, start)
    if open_at < 0 or norm.rfind(")", open_at, start) >= 0:
        return False
    close_at = norm.find(")", end)
    if close_at < 0 or close_at - open_at > TIME_ZONE_ASIDE:
        return False
    inside = norm[open_at:close_at]
    return any(z in inside for z in lex.time_zones)


# How long a parenthesis giving the time in another zone may be (folded characters).
TIME_ZONE_ASIDE = 60


def _today_named_by_weekday(found: list[tuple[int, int, DateMention]], norm: str) -> None:
    """"اليوم (السبت)" in a Sunday paper: the article was written the day before it was published, and
    the weekday, not the publication date, is "today" (codebook §4)."""
    for (s0, e0, first), (s1, _e1, second) in zip(found, found[1:]):
        if first.kind == "today" and second.kind == "weekday" and second.value is not None:
            gap = norm[e0:s1]
            if len(gap) <= 3 and not gap.strip(" ()-،,"):
                first.value = second.value


# How far after a weekday a date that names the same weekday ("يوم الاثنين 21/1/2013") may stand.
WEEKDAY_DATE_REACH = 400


def _weekday_named_with_date(found: list[tuple[int, int, DateMention]], norm: str, lex: DateLexicon) -> None:
    """"هاجم المسلحون الحاجز الخميس ... . وأضاف البيان: فجر الخميس 9/5/2019": a bare weekday is
    the day a calendar date written soon after it names with the same weekday, not the latest such day."""
    for k, (s0, e0, m) in enumerate(found):
        if m.kind != "weekday" or m.value is None:
            continue
        name = _norm_space(norm[s0:e0]).split()[-1]
        for s1, e1, other in found[k + 1:]:
            if s1 - e0 > WEEKDAY_DATE_REACH:
                break
            if (other.kind in _EXPLICIT and other.value is not None and other.value != m.value
                    and other.value.weekday() == m.value.weekday() and name in norm[s1:e1].split()):
                m.value = other.value
                break


_FUTURE_KINDS = ("weekday", "day_month")
_CLAUSE_CUT = re.compile(r"[.,،:;؛!?؟\n]")
_LAST_CLAUSE_CUT = re.compile(r"(?s:.*)" + _CLAUSE_CUT.pattern)  # up to the last cut of a text
_WORDS = re.compile(r"\w+")  # (compiled once: ``re.findall`` looks its pattern up at every call)


def _days_ahead(found: list[tuple[int, int, DateMention]], norm: str, pub: Optional[date], lex: DateLexicon) -> None:
    """"سيشيع إلى مثواه الأخير يوم الجمعة", "من المقرر أن يجتمع المجلس الخميس": a weekday or a date after
    a future verb of its clause is a day ahead (kind "future"; a weekday is then the next such day), not
    the day of an event."""
    for start, _end, m in found:
        if m.kind not in _FUTURE_KINDS or m.value is None:
            continue
        # the words of the clause before the date (from the last cut of the 120 characters before it): one
        # search of the last ``future_reach`` of them, joined, for a future marker (``DateLexicon.future_word``)
        lo = max(0, start - 120)
        cut = _LAST_CLAUSE_CUT.match(norm, lo, start)
        words = _WORDS.findall(norm, cut.end() if cut else lo, start)[-lex.future_reach:]
        if words and lex.future_word.search(" ".join(words)):
            m.kind = "future"
            if pub is not None and m.time_precision == 1 and m.value <= pub and (pub - m.value).days < 7:
                if norm[start:_end].split()[-1] in lex.weekdays:
                    m.value = pub + timedelta(days=(m.value.weekday() - pub.weekday()) % 7)


# A day span longer than this is a campaign, not days to code one by one (codebook section 1).
MAX_SPAN_DAYS = 7
_SPAN_GAP = 45  # characters between the two ends of "X وحتى Y"


def _day_spans(found: list[tuple[int, int, DateMention]], norm: str, pub: Optional[date],
               lex: DateLexicon) -> list[tuple[int, int, DateMention]]:
    """Day spans (kind "span", days ``first`` .. ``value``): two days joined by "حتى" ("الليلة الماضية
    وحتى صباح اليوم"), "منذ" + a recent day ("منذ الخميس"), and an ordinal day of a span that ends on
    the publication date ("لليوم الثاني على التوالي", "يومها الثالث")."""
    out: list[tuple[int, int, DateMention]] = []
    k = 0
    while k < len(found):
        start, end, m = found[k]
        nxt = found[k + 1] if k + 1 < len(found) else None
        # (the gap's length first: the text between two days far apart is not cut into words)
        if (nxt is not None and nxt[0] - end <= _SPAN_GAP and _is_day(m) and _is_day(nxt[2])
                and m.value <= nxt[2].value):
            gap = norm[end:nxt[0]]
            words = gap.split()
            if ("." not in gap and words and words[0] in lex.span_joins
                    and (nxt[2].value - m.value).days < MAX_SPAN_DAYS):
                out.append((start, nxt[1], _span(m.value, nxt[2].value, m.relative or nxt[2].relative)))
                k += 2
                continue
        before = norm[max(0, start - 8):start].split()
        if pub is not None and m.value is not None and before and before[-1] in lex.span_since:
            if _is_day(m) and 0 < (pub - m.value).days < MAX_SPAN_DAYS:
                out.append((start, end, _span(m.value, pub, True)))
                k += 1
                continue
            if m.kind not in ("future", "year", "span") and (pub - m.value).days >= MAX_SPAN_DAYS:
                m.kind = "since"  # "منذ آذار 2011": a campaign's start, not a day to code (codebook §1)
        out.append(found[k])
        k += 1
    if pub is not None:
        held = lex.finder.markers_in(norm) if lex.finder is not None else set(lex.span_words)
        hits = lex.span_ordinal.finditer(norm) if not lex.span_words or any(w in held for w in lex.span_words) else ()
        for hit in hits:
            days = lex.ordinals.get(hit.group("ord"), 0)
            if 2 <= days <= MAX_SPAN_DAYS and not any(s < hit.end() and hit.start() < e for s, e, _ in out):
                out.append((hit.start(), hit.end(), _span(pub - timedelta(days=days - 1), pub, True)))
        if any(v in norm for v in lex.duration_verbs):  # (most articles: no verb of lasting)
            out.extend(_duration_spans(out, norm, pub, lex))
        out.sort(key=lambda f: (f[0], f[1]))
    return out


def _started_on(norm: str, start: int, lex: DateLexicon) -> bool:
    """A verb of starting (``span_duration.start_verbs``) among the two words before the day at ``start``
    ("اندلعت يوم الأحد", "بدأت الأحد")."""
    words = _WORDS.findall(norm, max(0, start - 30), start)[-2:]
    conjunctions = proclitics("conjunctions")  # "و", "ف" (data/proclitics.tsv)
    return any(w in lex.start_verbs or (w[:1] in conjunctions and w[1:] in lex.start_verbs) for w in words)


# How far before "استمرت ثلاثة أيام" the day it ends on may stand (in its sentence).
DURATION_ANCHOR_REACH = 150


def _duration_spans(found: list[tuple[int, int, DateMention]], norm: str, pub: date,
                    lex: DateLexicon) -> list[tuple[int, int, DateMention]]:
    """"اشتباكات استمرت ثلاثة أيام": a span of that many days ending on the last day written before it in
    its sentence ("سيطروا السبت ... بعد اشتباكات دامت أكثر من ثلاثة أيام"), else on the publication date."""
    added = []
    for hit in lex.span_duration.finditer(norm):
        if any(s < hit.end() and hit.start() < e for s, e, _ in found):
            continue
        n = 2 if hit.group("two") else (int(hit.group("n")) if hit.group("n").isdigit() else lex.units.get(hit.group("n"), 0))
        if not 2 <= n <= MAX_SPAN_DAYS:
            continue
        before = [(s, m) for s, e, m in found if e <= hit.start() and hit.start() - e <= DURATION_ANCHOR_REACH
                  and _is_day(m) and "." not in norm[e:hit.start()]]
        if before and _started_on(norm, before[-1][0], lex):
            first = before[-1][1].value  # "اندلعت يوم الأحد اشتباكات ... استمرت ثلاثة أيام": from Sunday on
            last = min(first + timedelta(days=n - 1), pub)
        else:
            last = before[-1][1].value if before else pub
            first = last - timedelta(days=n - 1)
        if last > pub or first > last:
            continue
        added.append((hit.start(), hit.end(), _span(first, last, True)))
    return added


# How far before "غداة" the date it counts back from may stand.
DAY_BEFORE_ANCHOR_REACH = 60


def _days_before(found: list[tuple[int, int, DateMention]], norm: str, pub: Optional[date],
                 lex: DateLexicon) -> list[tuple[int, int, DateMention]]:
    """"غداة": the day before the day written just before it (else before publication); "بعد يومين من": two
    days before (``days_after_frames`` of data/relative_dates.yaml)."""
    added = []
    held = lex.finder.markers_in(norm) if lex.finder is not None else set(lex.day_before_words)
    if lex.day_before_words and not any(w in held for w in lex.day_before_words):
        return found
    for hit in lex.day_before.finditer(norm):
        if any(s < hit.end() and hit.start() < e for s, e, _ in found):
            continue
        before = [m for s, e, m in found if e <= hit.start() and hit.start() - e <= DAY_BEFORE_ANCHOR_REACH
                  and _is_day(m) and "." not in norm[e:hit.start()]]
        anchor = before[-1].value if before else pub
        if anchor is not None:
            frame = " ".join(hit.group("frame").split())
            days = lex.day_before_days.get(frame, 1)
            # (a frame of a count of days, "بعد يومين من", is kind "days_before": it dates what follows it only)
            kind = "day_before" if frame in lex.day_before_words_only else "days_before"
            added.append((hit.start(), hit.end(), _mention(kind, anchor - timedelta(days=days), 1, True)))
    if not added:
        return found
    return sorted(found + added, key=lambda f: (f[0], f[1]))


def _is_day(m: DateMention) -> bool:
    return m.value is not None and m.time_precision == 1 and m.kind not in ("future", "year", "span")


def _span(first: date, last: date, relative: bool) -> DateMention:
    mention = _mention("span", last, 1, relative)
    mention.first = first
    return mention


def _mention(kind: str, value: Optional[date], precision: int, relative: bool) -> DateMention:
    return DateMention(0, 0, "", value=value, time_precision=precision, kind=kind, relative=relative)


def _read(m: re.Match, norm: str, pub: Optional[date], lex: DateLexicon) -> list[tuple[int, int, DateMention]]:
    """The mention(s) of one match, by the alternative that matched (``m.lastgroup``)."""
    kind = m.lastgroup
    if kind in ("num", "iso"):
        if kind == "num":
            d, mo, y = int(m.group("nd")), int(m.group("nm")), int(m.group("ny"))
        else:
            d, mo, y = int(m.group("id")), int(m.group("im")), int(m.group("iy"))
        value = _safe_date(y, mo, d)
        return [(m.start(), m.end(), _mention("full", value, 1, False))] if value else []
    if kind == "yr":
        y = int(m.group("yy") or m.group("yy2"))
        start = m.start("yq") if m.group("yq") else _after_clitic(m, "yr")
        return [(start, m.end(), _mention("year", date(y, 1, 1), 4, False))]
    reader = _READERS.get(kind or "")
    return reader(m, norm, pub, lex) if reader else []


def _after_clitic(m: re.Match, group: str) -> int:
    """Start of alternative ``group`` of a match, after its "و"/"ف" clitic."""
    return m.end(group + "cl") if m.group(group + "cl") else m.start(group)


def _year_of(m: re.Match, p: str, pub: Optional[date]) -> tuple[Optional[int], bool]:
    """Year from a year tail: (year or None, whether it needed the publication date)."""
    if m[p + "y"]:
        return int(m[p + "y"]), False
    if m[p + "ry"]:
        if pub is None:
            return None, True
        return pub.year + date_lexicon().modifiers[m[p + "ry"]], True
    if m[p + "this"]:
        return (pub.year if pub else None), True
    return None, True


def _day_of(m: re.Match, p: str) -> Optional[int]:
    """Day of the month from digits ("الـ 26") or ordinal words ("الحادي والعشرين"), or None."""
    if m[p + "dd"]:
        digits = re.sub(r"\D", "", m[p + "dd"])
        return int(digits)
    ordinal = m[p + "do"]
    if not ordinal:
        return None
    nums = number_lexicon()
    total = 0
    for w in ordinal.split():
        w = w[1:] if w.startswith("و") and w[1:] in nums.ordinal_tens else w
        if w in nums.ordinals:
            total += nums.ordinals[w]
        elif w in nums.ordinal_tens:
            total += nums.ordinal_tens[w]
        elif w in nums.teen_tails:
            total += 10
    return total if 1 <= total <= 31 else None


def _months_agree(m: re.Match, p: str, lex: DateLexicon) -> bool:
    """A paired name ("ديسمبر/كانون الأول") names the same month as the first."""
    m2 = m[p + "m2"]
    return not m2 or lex.months[_norm_space(m2)].month == lex.months[_norm_space(m[p + "m1"])].month


def _norm_space(s: str) -> str:
    return " ".join(s.split())


def _read_day_month(m, norm, pub, lex):
    day = _day_of(m, "dm")
    month = lex.months[_norm_space(m["dmm1"])].month
    if day is None or not _months_agree(m, "dm", lex):
        return []
    start = _after_clitic(m, "dm")
    name = _name_before(norm, start)
    if name in lex.not_date_before or strip_proclitic(name, proclitics("particles"), 3) in lex.not_date_before:
        return []  # "برج 8 آذار", "بمنطقة (8 آذار)", "ثورة 17 تشرين": a name, no date
    year, relative = _year_of(m, "dm", pub)
    if year is not None:
        value = _safe_date(year, month, day)
        if value is None:
            return []
        return [(start, m.end(), _mention("full" if not relative else "day_month", value, 1, relative))]
    if pub is None:
        return [(start, m.end(), _mention("day_month", None, 1, True))]
    if lex.modifiers.get(m["dmmm"] or "") == 0:  # "27 فبراير الحالي": this month, even a day ahead
        value = _safe_date(pub.year, month, day)
        return [(start, m.end(), _mention("day_month", value, 1, True))] if value else []
    if lex.modifiers.get(m["dmmm"] or "") == 1:  # "الثالث من أغسطس المقبل"
        ahead = _safe_date(pub.year, month, day)
        if ahead is None or ahead <= pub:
            ahead = _safe_date(pub.year + 1, month, day)
        return [(start, m.end(), _mention("future", ahead, 1, True))] if ahead else []
    value = latest_day_month(pub, month, day)
    return [(start, m.end(), _mention("day_month", value, 1, True))] if value else []


def _read_day_of_this_month(m, norm, pub, lex):
    """"في 12 من الشهر الجاري", "يوم 5 الجاري", "في العاشر من الشهر الماضي": that day of the publication
    month (or of the month before)."""
    day = _day_of(m, "dc")
    if day is None:
        return []
    start = _after_clitic(m, "dc")
    if pub is None:
        return [(start, m.end(), _mention("day_month", None, 1, True))]
    offset = lex.modifiers.get(m["dcm"] or "", 0)
    first = _add_months(pub, offset, 1)
    value = _safe_date(first.year, first.month, day)
    return [(start, m.end(), _mention("day_month", value, 1, True))] if value else []


def _month_value(pub: Optional[date], month: int, year: Optional[int], offset: Optional[int], day: int) -> Optional[date]:
    """A day standing for a month: ``day`` of the month in ``year``, else of the latest such
    month on or before publication (strictly before with "الماضي", after it with "المقبل", in
    the publication year with "الجاري"); never after publication unless the text says it is ahead."""
    if year is None:
        if pub is None:
            return None
        if offset == 0:
            year = pub.year
        elif offset == 1:
            year = pub.year if month > pub.month else pub.year + 1
        elif offset == -1:
            year = pub.year if month < pub.month else pub.year - 1
        else:
            year = pub.year if month <= pub.month else pub.year - 1
    value = date(year, month, min(day, calendar.monthrange(year, month)[1]))
    if pub is not None and offset != 1 and year == pub.year and month == pub.month and value > pub:
        value = pub
    return value


def _read_week_of_month(m, norm, pub, lex):
    if not _months_agree(m, "wm", lex):
        return []
    month = lex.months[_norm_space(m["wmm1"])].month
    year, relative = _year_of(m, "wm", pub)
    day = lex.week_of_month[m["wmo"]]
    value = _month_value(pub, month, year, lex.modifiers.get(m["wmmm"] or ""), day)
    return [(m.start("wm"), m.end(), _mention("week", value, 2, relative))]


def _read_month(m, norm, pub, lex):
    name = lex.months[_norm_space(m["mpm1"])]
    has_tail = bool(m["mpy"] or m["mpry"] or m["mpthis"] or m["mpmm"])
    says_month = bool(m["mps"]) or m["mpp"] == "شهر"
    if not (has_tail or says_month or m["mpm2"] or m["mpq"] or (m["mpp"] and name.standalone)):
        return []  # a bare name ("آب" may be "أب", father)
    if not _months_agree(m, "mp", lex):
        return []
    year, relative = _year_of(m, "mp", pub)
    day = lex.month_parts.get(m["mpq"] or "", MID_MONTH)
    offset = lex.modifiers.get(m["mpmm"] or "")
    value = _month_value(pub, name.month, year, offset, day)
    if m["mpq"]:
        start = m.start("mpq")
    elif m["mps"]:
        start = m.start("mps")
    else:
        start = m.start("mpm1")
    return [(start, m.end(), _mention("month", value, 3, relative))]


def _word_after(norm: str, end: int) -> str:
    m = _WORD.match(norm, end)
    return m.group(1) if m else ""


def _name_before(norm: str, start: int) -> str:
    """The word right before ``start``, past white space and an opening bracket or quote ("منطقة (8 آذار)")."""
    lo = max(0, start - 30)
    end = start
    while end > lo and (norm[end - 1].isspace() or norm[end - 1] in "(\"'«“"):
        end -= 1
    return _word_before(norm, end)


def _word_before(norm: str, start: int) -> str:
    """The word right before ``start`` (white space between), within 30 characters: what
    ``_WORD_BEFORE.search(norm, max(0, start - 30), start)`` finds, written out (the search tries every
    position of the 30)."""
    lo = max(0, start - 30)
    end = start
    while end > lo and norm[end - 1].isspace():
        end -= 1
    begin = end
    while begin > lo and (norm[begin - 1].isalnum() or norm[begin - 1] == "_"):
        begin -= 1
    return norm[begin:end]


_WORD = re.compile(r"\s*(\w+)")
_WORD_BEFORE = re.compile(r"(\w+)\s*\Z")


def _read_ago(m, norm, pub, lex):
    if _word_after(norm, m.end()) in lex.ago_blockers_after:
        return []  # "قبل يومين من الهجوم": before another event, not before publication
    if m["an"]:
        count = parse_number(m["an"])
        unit, _ = lex.ago_units[m["au"]]
        precision = unit.precision
        kind = "ago"
    elif m["adu"]:
        unit, _ = lex.ago_units[m["adu"]]
        count, precision, kind = 2, unit.precision, "ago"
    else:
        unit, number = lex.ago_units[m["ab"]]
        if number == "plural":
            count, precision, kind = unit.vague, unit.vague_precision, "recent"
        else:
            count, precision, kind = 1, unit.precision, "ago"
    if not count:
        return []
    start = _after_clitic(m, "ago")
    if pub is None:
        return [(start, m.end(), _mention(kind, None, precision, True))]
    if unit.years:
        value = _safe_date(pub.year - count * unit.years, pub.month, min(pub.day, 28))
        return [(start, m.end(), _mention("year", value, 4, True))]
    if unit.months:
        value = _add_months(pub, -count * unit.months, pub.day)
    else:
        value = pub - timedelta(days=count * unit.days)
    if m["aw"] in lex.span_since and (pub - value).days >= MAX_SPAN_DAYS:
        kind = "since"  # "منذ أكثر من أسبوع", "منذ أسابيع": a campaign, not a day (codebook §1)
    return [(start, m.end(), _mention(kind, value, precision, True))]


def _read_relative(m, norm, pub, lex):
    phrase = _norm_space(m["rph"])
    start = m.start("rp") if m["rp"] else (m.start("rq") if m["rq"] else m.start("rph"))
    if phrase in lex.day_words:
        word = lex.day_words[phrase]
        if word.kind == "today" and not m["rw"]:
            if _word_after(norm, m.end()) in lex.not_today_after:
                return []  # "اليوم الأول من الهجوم", "اليوم التالي"
            if not m["rp"] and _word_before(norm, m.start("rph")) in lex.not_today_before:
                return []  # "ذلك اليوم", "في نفس اليوم"
        if m["rq"]:
            return []  # "مطلع اليوم"? not a date phrase we read
        kind, precision = word.kind, word.precision
        if pub is None:
            return [(start, m.end(), _mention(kind, None, precision, True))]
        value = pub + timedelta(days=word.days)
        if m["rw"] and precision == 1:
            weekday = lex.weekdays[m["rw"]]
            if word.days > 0:  # "غدا الاثنين": that weekday nearest to tomorrow (dates lag a day)
                back = (value.weekday() - weekday) % 7
                value = value - timedelta(days=back) if back <= 3 else value + timedelta(days=7 - back)
            else:
                value = latest_weekday(value, weekday)
        return [(start, m.end(), _mention(kind, value, precision, True))]
    period = lex.periods[phrase]
    end = m.end("rph")  # a weekday after a period ("الأسبوع الماضي الأحد") is its own mention
    if pub is None:
        kind = {"week": "week", "month": "month", "year": "year"}[period.unit]
        return [(start, end, _mention(kind, None, period.precision, True))]
    if period.unit == "week":
        if m["rq"]:
            return []
        return [(start, end, _mention("week", pub + timedelta(days=7 * period.offset), 2, True))]
    if period.unit == "month":
        day = lex.month_parts.get(m["rq"] or "", MID_MONTH)
        target = _add_months(pub, period.offset, day)
        if period.offset == 0 and target > pub:
            target = pub
        return [(start, end, _mention("month", target, 3, True))]
    return [(start, end, _mention("year", date(pub.year + period.offset, 1, 1), 4, True))]


def _read_weekday(m, norm, pub, lex):
    part = _norm_space(m["wp"] or "")
    if not (part or m["wmod"] or m["w2"]):
        if _word_before(norm, m.start("w1")) in lex.not_weekday_before:
            return []  # "صلاة الجمعة", "كلا الاثنين"
        if _word_after(norm, m.end()) in lex.not_weekday_after:
            return []  # "الأحد عشر", "الاثنين معاً"
    offset = lex.modifiers.get(m["wmod"] or "")
    start = m.start("wp") if m["wp"] else m.start("w1")
    w1 = lex.weekdays[m["w1"]]
    if m["w2"]:
        w2 = lex.weekdays[m["w2"]]
        if part in lex.after_midnight_parts:
            return [(start, m.end(), _mention("night", _weekday_value(pub, w2, offset), 1, True))]
        if part in lex.night_parts:
            # "ليل الأحد-الاثنين": the night is dated by its first day, the latest one on or
            # before publication (an article of Thursday may tell of the night Thursday-Friday)
            return [(start, m.end(), _mention("night", _weekday_value(pub, w1, offset), 1, True))]
        # two days: one mention each
        first = (start, m.end("w1"), _mention("weekday", _weekday_value(pub, w1, offset), 1, True))
        second = (m.start("w2"), m.end(), _mention("weekday", _weekday_value(pub, w2, offset), 1, True))
        return [first, second]
    value = _weekday_value(pub, w1, offset)
    if part in lex.after_midnight_parts and value is not None and pub is not None and value < pub:
        # "بعد منتصف ليل الخميس": the small hours after the night of Thursday are Friday's (unless Friday is yet to come)
        value += timedelta(days=1)
    return [(start, m.end(), _mention("weekday", value, 1, True))]


def _weekday_value(pub: Optional[date], weekday: int, offset: Optional[int]) -> Optional[date]:
    if pub is None:
        return None
    if offset == 1:  # "الخميس المقبل"
        ahead = (weekday - pub.weekday()) % 7 or 7
        return pub + timedelta(days=ahead)
    return latest_weekday(pub, weekday, strictly_before=(offset == -1))


_READERS = {
    "dm": _read_day_month,
    "dc": _read_day_of_this_month,
    "wm": _read_week_of_month,
    "mp": _read_month,
    "ago": _read_ago,
    "rel": _read_relative,
    "wd": _read_weekday,
}

_JOIN = re.compile(r"[\s,(\-]{0,4}\Z")
_EXPLICIT = ("full", "day_month")
_HEADS = ("today", "yesterday", "days_ago", "weekday")


def _merge_explicit(found: list[tuple[int, int, DateMention]], norm: str) -> list[tuple[int, int, DateMention]]:
    """"الخميس 21 مارس", "أمس الأربعاء 9/10/2019": a day word or weekday right before an explicit
    date is one mention, valued by the explicit date."""
    found.sort(key=lambda f: f[0])
    out: list[tuple[int, int, DateMention]] = []
    for item in found:
        if out:
            s0, e0, prev = out[-1]
            s1, e1, cur = item
            if (prev.kind in _HEADS and cur.kind in _EXPLICIT and s1 >= e0
                    and _JOIN.match(norm, e0, s1) and s1 - e0 <= 4):
                close = e1 + 1 if norm[e0:s1].strip().endswith("(") and norm[e1:e1 + 1] == ")" else e1
                out[-1] = (s0, close, cur)
                continue
        out.append(item)
    return out


_HEAD_WORD = re.compile(r"\w+|[,،]")


def opens_new_report(head: str) -> bool:
    """Whether a sentence whose folded text starts with ``head`` turns to another report: it opens with
    one of ``new_report_openers`` ("من جهة أخرى، ...", "وإلى ذلك"), or a short sub-heading glued to it
    comes first and a comma follows the phrase ("عملية فجر الكرمة ميدانيا، أعلنت")."""
    if not _opener_first_word_re().match(head):
        return False
    lex = date_lexicon()
    by_first = _openers_by_first_word()
    tokens = _HEAD_WORD.findall(head)
    words = [t for t in tokens if t not in ",،"]
    comma_after = set()
    n = 0
    for t in tokens:
        if t in ",،":
            comma_after.add(n)
        else:
            n += 1
    conjunctions = proclitics("conjunctions")
    for k in range(min(len(words), lex.opener_reach + 1)):
        first = words[k]
        # (only the phrases that can start here: the word itself, or it without a clitic "و"/"ف")
        phrases = by_first.get(first, ())
        if first[:1] in conjunctions:
            phrases = (*phrases, *by_first.get(first[1:], ()))
        for phrase in phrases:
            got = words[k:k + len(phrase)]
            if len(got) != len(phrase):
                continue
            after = words[k + len(phrase)] if k + len(phrase) < len(words) else ""
            if (got[1:] == list(phrase[1:]) and (k == 0 or k + len(phrase) in comma_after)
                    and after not in lex.opener_not_before):
                return True
    return False


@functools.lru_cache(maxsize=1)
def _opener_first_word_re() -> re.Pattern:
    """Matches a head one of whose first ``opener_reach + 1`` words (the ``\\w+`` runs of _HEAD_WORD) opens
    a whole ``new_report_openers`` phrase, its first word perhaps after a clitic "و"/"ف" (the words of a
    phrase are runs next to each other in the list of words, with no word character between): no phrase
    can start in a head it does not match. (The first words alone, "من", "في", let a third of all
    sentence heads through to the word-by-word test.)"""
    phrases = sorted({r"\W+".join(re.escape(w) for w in p) for p in date_lexicon().new_report_openers},
                     key=len, reverse=True)
    alts = "|".join(phrases) or "(?!)"
    conjunction = proclitic_class("conjunctions") + "?"  # "و", "ف" (data/proclitics.tsv)
    return re.compile(r"\W*(?:\w+\W+){0,%d}%s(?:%s)(?!\w)" % (date_lexicon().opener_reach, conjunction, alts))


@functools.lru_cache(maxsize=1)
def _openers_by_first_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    """``new_report_openers`` by their first word, in their order."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in date_lexicon().new_report_openers:
        out.setdefault(phrase[0], []).append(phrase)
    return {k: tuple(v) for k, v in out.items()}


def after_report_verb(before: str) -> bool:
    """Whether a date whose folded text is preceded by ``before`` (its clause up to the date) is the time
    word of a reporting verb: one of ``report_verbs`` (a clitic "و"/"ف" allowed) at most ``reach`` words
    back ("ونقلت قناة الجزيرة اليوم السبت", "كشفت في وقت سابق اليوم")."""
    lex = date_lexicon()
    words = _WORDS.findall(before)[-(lex.report_reach + 1):]
    conjunctions = proclitics("conjunctions")
    return any(w in lex.report_verbs or (w[:1] in conjunctions and w[1:] in lex.report_verbs) for w in words)


def own_sentence_only(text: str) -> bool:
    """Whether a date mention (folded text) dates its own sentence only ("ليلا", "والليلة"): not the
    sentences after it."""
    words = text.split()
    if (len(words) == 1 and words[0][:1] in proclitics("conjunctions")
            and words[0][1:] in date_lexicon().own_sentence_only):
        return True
    return " ".join(words) in date_lexicon().own_sentence_only


def past_perfect_after(tail: str) -> bool:
    """Whether the folded text ``tail`` right after "كان"/"كانت" holds "قد" within a few words: a
    past-perfect aside ("وكانت القوات قد سيطرت ...")."""
    return past_perfect_particle_end(tail) is not None


def past_perfect_particle_end(tail: str) -> Optional[int]:
    """Where in the folded text ``tail`` right after "كان"/"كانت" the "قد" of a past perfect ends (within a few
    words), or None."""
    lex = date_lexicon()
    for n, m in enumerate(_WORDS.finditer(tail)):
        if n >= lex.past_perfect_reach:
            break
        if m.group() in lex.past_perfect_particles:
            return m.end()
    return None


def joined_span(text: str) -> bool:
    """Whether a day span (folded text) joins two days ("الليلة الماضية وحتى صباح السبت"): the period of
    the whole report, which the sentences after it retell; not the ordinal day of one incident ("لليوم
    الثاني على التوالي") nor a start day ("منذ الخميس")."""
    joins = date_lexicon().span_joins
    return any(w in joins for w in text.split()[1:])


def goes_on(text: str) -> bool:
    """Whether the folded ``text`` holds a present-tense verb of going on ("يواصل", "لا تزال"; a clitic
    "و"/"ف" allowed): what it tells is still happening when the report is made."""
    conjunctions = proclitics("conjunctions")
    # ("ولا تزال": a clitic before a two-letter word, "لا", is stripped too)
    words = [strip_proclitic(w, conjunctions, 2) for w in _WORDS.findall(text)]
    for phrase in date_lexicon().ongoing_verbs:
        n = len(phrase)
        if any(tuple(words[k:k + n]) == phrase for k in range(len(words) - n + 1)):
            return True
    return False
