"""Stages: numbers and fatalities (codebook section 5).

:func:`find_numbers` finds figures on the folded text: digits (Arabic-Indic digits are folded
to ASCII, "1,200" has a thousands separator), number words with their compounds and
gender/case forms ("ثلاثة عشر", "خمسة وعشرين", "ثلاثمائة", "ثلاثة آلاف"), words that stand
for a figure ("عشرات" 12, "مئات" 100, "عدة" 3; ``approximate``), and dual nouns of people
and of the dead ("طفلين", "قتيلان": 2). A figure is a minimum (``at_least``) after "ما لا يقل
عن"/"أكثر من" or with "على الأقل" shortly after it.

:func:`find_fatalities` reads the sentences that hold a death word and links figures to
death words with a small grammar over tokens:

* count + dead noun: "5 قتلى", "عشرات القتلى", "عدد من الشهداء";
* death word + count: "مقتل 5 أشخاص", "أسفر عن مقتل ما لا يقل عن أربعين شخصا",
  "قتلت الغارات 25 مدنيا", "استشهاد ضابطين وجندي" (parts joined by "و" share a ``group``);
* count + death word after it: "لقي ثلاثة حتفهم", "25 من الفصائل وثمانية من مقاتلي داعش قتلوا";
* one person without a figure: "مقتل شخص", "اغتيال الشاب", "لقي حتفه", "مقتلهما" (2).

Injury and other outcome words ("جرحى", "إصابة", "اعتقال") between a death word and a figure
break the link: "مقتل وإصابة 20" gives no count, and a figure before "جرحى" is not a death
count. Dead reported without any figure after a word of outcome ("أسفر عن سقوط قتلى", "وقوع
شهداء وجرحى", "مقتل وإصابة عدة أشخاص") count as "several", 3 like "عدة" (codebook section 5; the
dev gold codes them so), with ``approximate=True`` and ``reason="unnumbered"``; a bare "قتلى
وجرحى" gives nothing. Tallies ("منذ بداية", "خلال أسبوع", "في 25 هجوماً") and breakdowns of a
total ("بينهم 5 أطفال") are kept with ``aggregate=True`` so the events stage can skip them.
The words are in ``data/number_words.tsv`` and ``data/fatality_cues.tsv``; this module holds
the grammar.
"""
from __future__ import annotations

import functools
import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Iterable, Optional

import ahocorasick

from ..document import Document, FatalityMention, NumberMention
from ..text import fold
from ..resources import read_tsv

# --------------------------------------------------------------------------- helpers


def alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of folded ``phrases``, longest first, each ending at a word end;
    spaces inside a phrase match any run of white space."""
    unique = sorted({p for p in phrases if p}, key=lambda p: (-len(p), p))
    parts = [r"\s+".join(re.escape(w) for w in p.split()) for p in unique]
    return "(?:" + "|".join(parts) + r")(?!\w)"


class AnchoredRegex:
    """A regex tried only around its anchor words, found in one pass with an Aho-Corasick
    automaton (and around digit runs), instead of at every position of the text.

    Every match of ``regex`` must contain an anchor. ``anchors`` maps each anchor word to how
    many words may come before it in a match ("في منتصف شهر مارس": 3 before "مارس");
    ``digit_back`` is the same for a run of digits (None: digits are no anchors). Around an
    anchor the regex is tried at the starts of those words (only words in ``initial_words``,
    with or without a "و"/"ف" clitic, or digits, can open a match), furthest first, then at the
    anchor's own word: a match is the leftmost one that covers the anchor, as ``finditer`` would
    find it, and matches do not overlap.
    """

    _DIGITS = re.compile(r"\d+")

    def __init__(self, regex: re.Pattern, anchors: dict[str, int], digit_back: Optional[int] = None,
                 initial_words: Iterable[str] = ()):
        self.regex = regex
        self.digit_back = digit_back
        self.initial_words = frozenset(initial_words)
        self.automaton = ahocorasick.Automaton()
        for word, back in anchors.items():
            if word:
                self.automaton.add_word(word, (len(word), back))
        self.automaton.make_automaton()

    def _may_start(self, word: str) -> bool:
        return (word in self.initial_words or word[0].isdigit() or (word[0] in "وف" and word[1:] in self.initial_words)
                or (word.startswith("ال") and word[2:3].isdigit()))

    def _words_before(self, text: str, pos: int, lo: int, count: int) -> list[int]:
        """Starts of up to ``count`` words before ``pos`` (not before ``lo``) that may open a
        match, furthest first."""
        starts: list[int] = []
        for _ in range(count):
            end = pos
            while end > lo and not text[end - 1].isalnum():
                end -= 1
            start = end
            while start > lo and text[start - 1].isalnum():
                start -= 1
            if start >= end:
                break
            if self._may_start(text[start:end]):
                starts.append(start)
            pos = start
        starts.reverse()
        return starts

    def finditer(self, text: str) -> Iterable[re.Match]:
        points = [(end - length + 1, back) for end, (length, back) in self.automaton.iter(text)]
        if self.digit_back is not None:
            points += [(m.start(), self.digit_back) for m in self._DIGITS.finditer(text)]
        points.sort()
        cursor = 0
        last = -1
        for p, back in points:
            if p < cursor or p == last:
                continue
            last = p
            ws = p  # start of the word that holds the anchor, clitics included
            while ws > 0 and text[ws - 1].isalnum() and p - ws < _MAX_CLITICS:
                ws -= 1
            inside = ws > 0 and text[ws - 1].isalnum()
            if inside and not text[p].isdigit():
                continue  # inside another word: "ست" in "استهداف"
            candidates: list[int] = []
            if back and not inside:
                candidates = self._words_before(text, ws, max(cursor, ws - 16 * back), back)
            if not inside:
                candidates.append(ws)
            if p != ws:
                candidates.append(p)
            for start in candidates:
                if start < cursor:
                    continue
                m = self.regex.match(text, start)
                if m is not None and m.end() > p:
                    cursor = m.end()
                    yield m
                    break


# letters of clitics before a word ("وبال", "وب", "لل")
_MAX_CLITICS = 3
# clitics that attach to a number word: "وثمانية", "بثلاثة", "لخمسة"
_CLITIC = r"(?:[وف][بل]?|[بل])"
# thousand-kind words that multiply the figure before them ("ثلاثة آلاف", "50 ألفا", "مليون")
_MULTIPLIERS = (1000, 1000000)
# number words of two letters collide with ordinary words once a clitic other than "و" is
# attached: "لست" is "I am not", not "for six"
_SHORT_WORD_LEN = 2

# --------------------------------------------------------------------------- number lexicon


@dataclass(frozen=True)
class NumberWord:
    value: int
    kind: str


@dataclass
class NumberLexicon:
    """Folded number words by kind and the compiled number grammar (built once per process)."""

    words: dict[str, list[NumberWord]]
    approx: dict[str, int]
    duals: dict[str, int]
    regex: re.Pattern
    finder: AnchoredRegex  # runs ``regex`` over a text
    word_pattern: str  # a number in digits or words, no groups: for other grammars (dates)
    ordinals: dict[str, int]
    ordinal_tens: dict[str, int]
    teen_tails: frozenset[str]
    at_least_before: re.Pattern
    at_least_after: re.Pattern


def _number_rows() -> list[tuple[str, int, str]]:
    return [(fold(r["word"]), int(r["value"]), r["kind"]) for r in read_tsv("number_words.tsv")]


@functools.lru_cache(maxsize=1)
def number_lexicon() -> NumberLexicon:
    """The number words of ``number_words.tsv`` and the regexes built from them."""
    rows = _number_rows()
    by_kind: dict[str, dict[str, int]] = {}
    words: dict[str, list[NumberWord]] = {}
    for word, value, kind in rows:
        by_kind.setdefault(kind, {})[word] = value
        words.setdefault(word, []).append(NumberWord(value, kind))
    units = by_kind["unit"]
    unit = alternation(units)
    unit19 = [w for w, v in units.items() if v < 10]
    teen_head = alternation(unit19 + list(by_kind["teen_unit"]))
    teen = rf"{teen_head}\s+{alternation(by_kind['teen_tail'])}"
    ten = alternation(by_kind["ten"])
    multipliers = alternation(w for w, v in units.items() if 3 <= v <= 9)
    hundred = rf"(?:{multipliers}\s+)?{alternation(by_kind['hundred'])}"
    small = rf"(?:{teen}|{unit}(?:\s+و\s*{ten})?|{ten})"
    thousand = rf"(?:{small}\s+)?{alternation(by_kind['thousand'])}"
    atom = rf"(?:{thousand}|{hundred}|{teen}|{unit}|{ten})"
    word_number = rf"{atom}(?:\s+و\s*{atom})*"
    digits = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?(?!\d)"

    duals = _dual_nouns()
    approx = by_kind["approx"]
    approx_alt = alternation(list(approx) + ["ال" + w for w in approx if " " not in w and not w.startswith("ال")])
    dual_alt = alternation(list(duals) + ["ال" + w for w in duals])
    multiplier = alternation(w for w, v in by_kind["thousand"].items() if v in _MULTIPLIERS)
    regex = re.compile(
        rf"(?<![\d.,])(?P<digits>(?:{digits})(?:\s*{multiplier}(?:\s+و\s*(?:\d+(?![\d.,]\d)|{word_number}))?)?)"
        rf"|(?<!\w)(?P<pfx>{_CLITIC}(?=\w))?(?:(?P<approx>{approx_alt})|(?P<dual>{dual_alt})|(?P<words>{word_number}))"
    )
    word_pattern = rf"(?:\d+|{word_number})"
    at_least_before = re.compile(rf"(?<!\w)(?:{alternation(by_kind['at_least_before'])})\s*\Z")
    at_least_after = re.compile(alternation(by_kind["at_least_after"]))
    cardinal = [w for kind in ("unit", "teen_unit", "ten", "hundred", "thousand") for w in by_kind[kind]]
    anchors = [w.split()[0] for w in cardinal + list(approx) + list(duals)]
    return NumberLexicon(
        words=words,
        approx=approx,
        duals=duals,
        regex=regex,
        finder=AnchoredRegex(regex, dict.fromkeys(anchors, 0), digit_back=0),
        word_pattern=word_pattern,
        ordinals=by_kind["ordinal"],
        ordinal_tens=by_kind["ordinal_ten"],
        teen_tails=frozenset(by_kind["teen_tail"]),
        at_least_before=at_least_before,
        at_least_after=at_least_after,
    )


def _dual_nouns() -> dict[str, int]:
    """Dual nouns of people and of the dead ("طفلين", "قتيلان") from ``fatality_cues.tsv``."""
    return {c.form: c.count for c in fatality_lexicon().cues.values() if c.number == "du" and c.count}


def parse_number(text: str) -> Optional[int]:
    """The value of a folded number phrase in digits or words ("خمسه وعشرين" -> 25), or None."""
    text = text.strip()
    if not text:
        return None
    lex = number_lexicon()
    if text in lex.approx:
        return lex.approx[text]
    if text in lex.duals:
        return lex.duals[text]
    total = 0
    current = 0
    last_unit = 0
    prev_kind = ""
    for raw in text.split():
        word = raw
        if word not in lex.words and word.startswith("و") and (word[1:] in lex.words or word[1:2].isdigit()):
            word = word[1:]
        if word == "و":
            continue
        if word[:1].isdigit():
            if "." in word or not word.replace(",", "").isdigit():
                return None  # a decimal ("3.5") is not a count
            current += int(word.replace(",", ""))
            prev_kind = "digits"
            continue
        entries = lex.words.get(word)
        if not entries:
            return None
        kinds = {e.kind: e.value for e in entries}
        if prev_kind in ("unit", "teen_unit") and "teen_tail" in kinds and raw == word:
            current += 10
            prev_kind = "teen"
        elif "thousand" in kinds:
            value = kinds["thousand"]
            if value in _MULTIPLIERS and current and raw == word:
                total += current * value
            else:
                total += current + value
            current = 0
            prev_kind = "thousand"
        elif "hundred" in kinds:
            value = kinds["hundred"]
            if value == 100 and prev_kind == "unit" and raw == word and last_unit:
                current += last_unit * 100 - last_unit
            else:
                current += value
            prev_kind = "hundred"
        elif "unit" in kinds or "teen_unit" in kinds:
            value = kinds.get("unit", kinds.get("teen_unit"))
            current += value
            last_unit = value
            prev_kind = "unit" if "unit" in kinds else "teen_unit"
        elif "ten" in kinds:
            current += kinds["ten"]
            prev_kind = "ten"
        else:
            return None
    value = total + current
    return value or None


# --------------------------------------------------------------------------- numbers stage


def find_numbers(doc: Document, res=None) -> Document:
    """Add ``doc.numbers``: every figure in the text, in digits, words or approximate words.

    Numbers inside date expressions found by the dates stage ("26 كانون الأول", "منذ ثلاثة
    أيام") are left out: they are not counts.
    """
    lex = number_lexicon()
    norm = doc.norm
    date_spans = sorted((doc.norm_index(d.start), doc.norm_index(d.end)) for d in doc.dates)
    date_starts = [s for s, _ in date_spans]
    out: list[NumberMention] = []
    for m in lex.finder.finditer(norm):
        if m.group("digits"):
            start, end = m.span("digits")
            value = parse_number(m.group("digits"))
            approximate = False
        else:
            group = "approx" if m.group("approx") else "dual" if m.group("dual") else "words"
            start, end = m.span(group)
            phrase = m.group(group)
            pfx = m.group("pfx") or ""
            if pfx and pfx != "و" and len(phrase) <= _SHORT_WORD_LEN:
                continue
            if group == "approx":
                key = phrase[2:] if phrase not in lex.approx and phrase.startswith("ال") else phrase
                value, approximate = lex.approx.get(key), True
            elif group == "dual":
                key = phrase[2:] if phrase not in lex.duals else phrase
                value, approximate = lex.duals.get(key), False
                # "شخصين اثنين": the number word that follows says it again
                after = lex.regex.match(norm, _skip_space(norm, end))
                if after and after.group("words") and parse_number(after.group("words")) == value:
                    continue
            else:
                value, approximate = parse_number(phrase), False
        if not value:
            continue
        i = bisect_left(date_starts, end) - 1
        if i >= 0 and date_spans[i][1] > start:
            continue  # part of a date
        t0, t1 = doc.text_index(start), doc.text_index(end)
        at_least = bool(lex.at_least_before.search(norm, max(0, start - 24), start)) or _at_least_after(norm, end)
        out.append(NumberMention(t0, t1, doc.text[t0:t1], value=value, approximate=approximate, at_least=at_least))
    doc.numbers = out
    return doc


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


_CLAUSE_END = re.compile(r"[,.;:!?\n]|\d")
_WORDS_AFTER_FOR_AT_LEAST = 6


def _at_least_after(norm: str, end: int) -> bool:
    """"على الأقل" within a few words after the figure, in the same clause, before another figure."""
    stop = _CLAUSE_END.search(norm, end, end + 80)
    window = norm[end : stop.start() if stop else end + 80]
    m = number_lexicon().at_least_after.search(window)
    return bool(m) and len(window[: m.start()].split()) <= _WORDS_AFTER_FOR_AT_LEAST


# --------------------------------------------------------------------------- fatality lexicon

DEATH_KINDS = ("death_noun", "death_lead", "death_tail", "death_verb")
MEANING_KINDS = DEATH_KINDS + ("injury", "outcome", "person")


@dataclass(frozen=True)
class Cue:
    form: str  # folded
    kind: str
    number: str = ""  # sg, du, pl
    count: int = 0
    group: str = ""


@dataclass
class FatalityLexicon:
    cues: dict[str, Cue]  # folded form -> its meaning (death, injury, outcome, person)
    markers: dict[str, set[str]]  # folded form -> marker kinds (period, period_lead, tally_unit, breakdown, phrase_break)
    max_words: int  # longest phrase in words
    phrase_first_words: frozenset[str]  # first words of the phrases of several words
    death_finder: "ahocorasick.Automaton"
    time_units: frozenset[str]


@functools.lru_cache(maxsize=1)
def fatality_lexicon() -> FatalityLexicon:
    """The cues of ``fatality_cues.tsv`` (folded) and an automaton that finds death words."""
    cues: dict[str, Cue] = {}
    markers: dict[str, set[str]] = {}
    for row in read_tsv("fatality_cues.tsv"):
        form = fold(row["form"])
        kind = row["kind"]
        if kind in MEANING_KINDS:
            cues[form] = Cue(form, kind, row.get("number", ""), int(row["count"] or 0), row.get("group", ""))
        else:
            markers.setdefault(form, set()).add(kind)
    death_finder = ahocorasick.Automaton()
    for form, cue in cues.items():
        if cue.kind in DEATH_KINDS:
            death_finder.add_word(form, form)
    death_finder.make_automaton()
    phrases = [f for f in list(cues) + list(markers) + list(_at_least_phrases()) if " " in f]
    max_words = max(len(f.split()) for f in phrases)
    phrase_first_words = frozenset(f.split()[0] for f in phrases)
    from .time_units import time_unit_words

    return FatalityLexicon(cues, markers, max_words, phrase_first_words, death_finder, time_unit_words())


# --------------------------------------------------------------------------- tokens

_TOKEN = re.compile(r"\d[\d.,]*\d|\d|\w+|[,.;:!?]")
_PREFIXES = ("وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال", "وب", "ول", "فب", "فل", "و", "ف", "ب", "ل")
_STOP_PUNCT = frozenset(".;:!?")
# a word this long that starts with "و" is read as "و" + a word (shorter ones: "وفد", "وقت")
_MIN_JOINED_WORD = 5


@dataclass(slots=True)
class Token:
    start: int  # offsets in doc.norm
    end: int
    word: str  # folded, clitics removed
    kind: str  # a cue kind, "num", "punct", "word", "atleast", or a marker kind
    cue: Optional[Cue] = None
    number: Optional[NumberMention] = None
    conj: bool = False  # "و"/"ف" in front
    definite: bool = False
    markers: frozenset[str] = frozenset()
    surface: str = ""  # folded, without clitics: "مدنيا", "المدنيين"
    in_date: bool = False  # part of a date expression of the dates stage ("منذ 17 يونيو")


_Class = tuple  # (cue, markers, prefix, bare word, clitic length, surface, opens a phrase)


@functools.lru_cache(maxsize=1 << 16)
def _classify(word: str) -> _Class:
    """:func:`_lookup` plus the clitic length, the surface form of the word and whether it
    opens a phrase of several words."""
    cue, marks, pfx, bare = _lookup(word)
    return cue, marks, pfx, bare, _clitic_length(pfx), _surface(word, pfx), _opens_phrase(word)


def _lookup(word: str) -> tuple[Optional[Cue], frozenset[str], str, str]:
    """The cue and markers of a folded word or phrase, trying it without clitics and without
    the accusative alef of a singular noun ("شخصا"); also the prefix and the bare word.
    (:func:`_classify` caches it: news vocabulary repeats, so each word is looked up once per process.)"""
    lex = fatality_lexicon()
    if word in _at_least_phrases():
        return None, frozenset({"atleast"}), "", word
    cue = lex.cues.get(word)
    marks = lex.markers.get(word)
    if cue or marks:
        return cue, frozenset(marks or ()), "", word
    for pfx in _PREFIXES:
        if word.startswith(pfx) and len(word) - len(pfx) >= 2:
            bare = word[len(pfx) :]
            cue = lex.cues.get(bare)
            marks = lex.markers.get(bare)
            if cue or marks:
                return cue, frozenset(marks or ()), pfx, bare
    if word.endswith("ا"):
        for pfx in ("",) + _PREFIXES:
            if word.startswith(pfx) and len(word) - len(pfx) >= 3:
                bare = word[len(pfx) : -1]
                cue = lex.cues.get(bare)
                if cue and cue.number == "sg" and cue.kind in ("person", "death_noun"):
                    return cue, frozenset(), pfx, bare
    return None, frozenset(), "", word


def _opens_phrase(word: str) -> bool:
    """Whether a word (perhaps with clitics) is the first word of a phrase of the lexicon."""
    first = fatality_lexicon().phrase_first_words
    return word in first or any(word.startswith(p) and word[len(p):] in first for p in _PREFIXES)


def _tokens(doc: Document, lo: int, hi: int, numbers: list[tuple[int, int, NumberMention]],
            dates: list[tuple[int, int]]) -> list[Token]:
    """Tokens of ``doc.norm[lo:hi]`` with cues, markers, the figures of the numbers stage and
    the date expressions of the dates stage."""
    lex = fatality_lexicon()
    norm = doc.norm
    raw = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(norm, lo, hi)]
    out: list[Token] = []
    nk = bisect_left(numbers, (lo, -1))  # the next figure of the numbers stage
    next_num = numbers[nk][0] if nk < len(numbers) else len(norm) + 1
    i = 0
    while i < len(raw):
        s, e, w = raw[i]
        while next_num < s:
            nk += 1
            next_num = numbers[nk][0] if nk < len(numbers) else len(norm) + 1
        if next_num < e:  # a figure starts in this word (after a clitic: "وثمانية")
            n0, end, num = numbers[nk]
            conj = n0 > s and norm[s] in "وف"
            while i < len(raw) and raw[i][0] < end:
                i += 1
            word = norm[n0:end]
            out.append(Token(s, end, word, "num", number=num, conj=conj, surface=word))
            continue
        if w in _STOP_PUNCT or w == ",":
            out.append(Token(s, e, w, "punct"))
            i += 1
            continue
        n_words = 1
        cls = _classify(w)
        if cls[6]:
            # phrases of several words ("أودى بحياة", "منذ بداية", "ما لا يقل عن"), longest first
            for n in range(min(lex.max_words, len(raw) - i), 1, -1):
                found = _classify(" ".join(raw[i + k][2] for k in range(n)))
                if found[0] or found[1]:
                    cls, n_words = found, n
                    break
        cue, marks, pfx, bare, clitics, surface, _ = cls
        if "atleast" in marks:
            kind = "atleast"
        else:
            kind = cue.kind if cue else ("marker" if marks else "word")
        # an unknown word after "و" is most often a new item ("وتدمير", "وإجبار"): count it as joined
        conj = pfx[:1] in ("و", "ف") or (not cue and not marks and w[0] == "و" and len(w) >= _MIN_JOINED_WORD)
        out.append(Token(s + clitics, raw[i + n_words - 1][1], bare, kind, cue, None, conj,
                         "ال" in pfx or pfx.endswith("لل") or bare.startswith("ال"), marks, surface))
        i += n_words
    if dates:  # only "منذ"/"خلال" need to know whether a date follows them
        starts = [d[0] for d in dates]
        for n in range(len(out) - 1):
            if "period_lead" in out[n].markers:
                tok = out[n + 1]
                k = bisect_left(starts, tok.start + 1) - 1
                tok.in_date = k >= 0 and dates[k][1] > tok.start
    return out


def _clitic_length(pfx: str) -> int:
    """Letters of a prefix that are a conjunction or preposition, not the article."""
    if pfx.endswith("ال"):
        return len(pfx) - 2
    if pfx.endswith("لل"):
        return len(pfx) - 1
    return len(pfx)


def _surface(word: str, pfx: str) -> str:
    """The word without its conjunction or preposition, keeping the article: "والمدنيين" -> "المدنيين"."""
    if not pfx:
        return word
    if "ال" in pfx:
        return "ال" + word[len(pfx):]
    if pfx.endswith("لل"):
        return "ال" + word[len(pfx):]
    return word[len(pfx):]


@functools.lru_cache(maxsize=1)
def _at_least_phrases() -> frozenset[str]:
    return frozenset(w for w, v, k in _number_rows() if k in ("at_least_before", "at_least_after"))


# --------------------------------------------------------------------------- fatalities stage

# how far a count may stand from its death word, in tokens
_LEAD_WINDOW = 14
_TAIL_WINDOW = 16
# a count further than this from a death word that leads it must be followed by a noun of people
_NEAR_GAP = 3
# words between a figure's phrase and a death word after it ("4 عناصر من قسد قتلوا كذلك")
_TAIL_GAP = 4
# words between the parts of a split count ("علي عوني واثنين من حراسه")
_SPLIT_GAP = 8
# deaths reported without a figure ("سقوط قتلى", "مقتل وإصابة عدة أشخاص"): "several", like عدة
UNNUMBERED_DEATHS = 3


@dataclass
class _Found:
    count: int
    first: Token
    last: Token
    cue: Token
    number: Optional[NumberMention] = None
    victims: str = ""
    victim_group: str = ""
    approximate: bool = False
    aggregate: bool = False
    reason: str = ""
    group: int = 0


def find_fatalities(doc: Document, res=None) -> Document:
    """Add ``doc.fatalities``: death counts linked to death words, sentence by sentence."""
    lex = fatality_lexicon()
    norm = doc.norm
    hits = sorted(
        end - len(form) + 1
        for end, form in lex.death_finder.iter(norm)
        if _word_end(norm, end + 1) or (norm[end + 1] == "ا" and _word_end(norm, end + 2))
    )
    if not hits:
        doc.fatalities = []
        return doc
    numbers = sorted(((doc.norm_index(n.start), doc.norm_index(n.end), n) for n in doc.numbers),
                     key=lambda t: t[0])
    dates = sorted((doc.norm_index(d.start), doc.norm_index(d.end)) for d in doc.dates)
    bounds = [(doc.norm_index(s.start), doc.norm_index(s.end)) for s in doc.sentences] or [(0, len(norm))]
    starts = [b[0] for b in bounds]
    seen: set[int] = set()
    out: list[FatalityMention] = []
    group_ids = [0]
    for hit in hits:
        k = max(0, bisect_left(starts, hit + 1) - 1)
        if k in seen:
            continue
        seen.add(k)
        lo, hi = bounds[k]
        tokens = _tokens(doc, lo, hi, numbers, dates)
        for found in _sentence_fatalities(tokens, group_ids):
            t0 = doc.text_index(found.first.start)
            t1 = doc.text_index(found.last.end)
            c0, c1 = doc.text_index(found.cue.start), doc.text_index(found.cue.end)
            num = found.number
            out.append(
                FatalityMention(
                    t0, t1, doc.text[t0:t1], count=found.count,
                    at_least=bool(num and num.at_least), cue=doc.text[c0:c1],
                    approximate=found.approximate or bool(num and num.approximate), victims=found.victims,
                    victim_group=found.victim_group, aggregate=found.aggregate, reason=found.reason,
                    group=found.group,
                )
            )
    out.sort(key=lambda f: f.start)
    doc.fatalities = out
    return doc


def _word_end(text: str, i: int) -> bool:
    return i >= len(text) or not (text[i].isalnum() or text[i] == "_")


def _is_death(tok: Token) -> bool:
    return tok.kind in DEATH_KINDS


def _blocks(tok: Token) -> bool:
    """A token that a death word and its count cannot be linked across."""
    return tok.kind in ("injury", "outcome") or (tok.kind == "punct" and tok.word in _STOP_PUNCT) or (
        "breakdown" in tok.markers
    )


def _sentence_fatalities(tokens: list[Token], group_ids: list[int]) -> list[_Found]:
    """The death counts of one sentence, in the order the grammar of the module docstring reads them."""
    used: set[int] = set()  # token indices already part of a mention
    found: list[_Found] = []

    def take(f: _Found, *indices: int) -> None:
        used.update(indices)
        found.append(f)

    # a figure right before its death word binds tighter than one after a death word further
    # back ("القضاء على الجيش الحر، ولكن آلاف المدنيين لقوا حتفهم"); a verb that can go either way
    # reads its subject first ("27 شخصا قتلوا وأصيب عشرات")
    for i, tok in enumerate(tokens):
        if i in used:
            continue
        if tok.kind == "death_noun":
            _death_noun(tokens, i, used, take)
        elif tok.kind == "num" and _dual_cue(tok) is not None and _dual_cue(tok).kind == "death_noun":
            take(_Found(2, tok, tok, tok, tok.number, *_victims(tokens, i + 1)), i)  # "سقوط قتيلين"
        elif tok.kind in ("death_tail", "death_verb"):
            _death_tail(tokens, i, used, take, group_ids)
    for i, tok in enumerate(tokens):
        if tok.kind in ("death_lead", "death_verb") and i not in used:
            _death_lead(tokens, i, used, take, group_ids)
    _breakdowns(tokens, used, take, found)
    for f in found:
        if not f.aggregate:
            reason = _tally_reason(tokens, f)
            if reason:
                f.aggregate, f.reason = True, reason
    return found


def _dual_cue(tok: Token) -> Optional[Cue]:
    """The noun behind a dual figure ("طفلين", "القتيلين"), or None for other figures."""
    if tok.kind != "num":
        return None
    lex = fatality_lexicon()
    cue = lex.cues.get(tok.word) or lex.cues.get(tok.word[2:] if tok.word.startswith("ال") else "")
    return cue if cue is not None and cue.number == "du" else None


def _next(tokens: list[Token], i: int) -> int:
    """Index of the next token at or after ``i`` that is not an "على الأقل" phrase."""
    while i < len(tokens) and tokens[i].kind == "atleast":
        i += 1
    return i


def _victims(tokens: list[Token], i: int) -> tuple[str, str]:
    """The people a count is about, from token ``i`` on: "مدنيا", "عناصر من قوات النظام"."""
    i = _next(tokens, i)
    words: list[str] = []
    group = ""
    if i < len(tokens) and tokens[i].kind == "person" and not tokens[i].conj:
        words.append(tokens[i].surface)
        group = tokens[i].cue.group if tokens[i].cue else ""
        i = _next(tokens, i + 1)
    if i < len(tokens) and tokens[i].kind == "word" and tokens[i].word == "من":
        tail: list[str] = []
        j = i + 1
        while j < len(tokens) and len(tail) < 3:
            t = tokens[j]
            if t.kind in ("punct", "num") or _is_death(t) or t.kind in ("injury", "outcome") \
                    or "phrase_break" in t.markers or t.conj:
                break
            tail.append(t.surface)
            if not group and t.kind == "person" and t.cue:
                group = t.cue.group
            j += 1
        if tail:
            words += ["من"] + tail if words else tail
    return " ".join(words), group


def _person_victims(tokens: list[Token], j: int) -> tuple[str, str]:
    """Victims named by the noun of people at ``j`` itself (even after "و": "وجندي من الجيش")."""
    t = tokens[j]
    rest, group = _victims(tokens, j + 1)
    return (f"{t.surface} {rest}" if rest.startswith("من ") else t.surface), (t.cue.group if t.cue else group)


def _phrase_end(tokens: list[Token], k: int) -> int:
    """Index after the figure at ``k`` and the words that say who it counts (as :func:`_victims` reads them)."""
    i = _next(tokens, k + 1)
    if i < len(tokens) and tokens[i].kind == "person" and not tokens[i].conj:
        i = _next(tokens, i + 1)
    if i < len(tokens) and tokens[i].kind == "word" and tokens[i].word == "من":
        j = i + 1
        while j < len(tokens) and j - i <= 3:
            t = tokens[j]
            if t.kind in ("punct", "num") or _is_death(t) or t.kind in ("injury", "outcome") \
                    or "phrase_break" in t.markers or t.conj:
                break
            j += 1
        i = j
    return i


def _own_victims(tokens: list[Token], k: int) -> tuple[str, str]:
    """Victims of the figure at ``k``: the dual noun itself, the words after it, or a noun of
    people just before it ("مدنيين اثنين")."""
    dual = _dual_cue(tokens[k])
    if dual is not None:
        return tokens[k].surface, dual.group
    victims, group = _victims(tokens, k + 1)
    if not victims and k > 0 and tokens[k - 1].kind == "person" and tokens[k - 1].cue:
        return tokens[k - 1].surface, tokens[k - 1].cue.group
    return victims, group


def _death_noun(tokens, i, used, take) -> None:
    """"5 قتلى", "العشرات من القتلى", "سقط قتيلا", "سقوط قتلى" (3); "حصيلة القتلى ... إلى 93"."""
    tok = tokens[i]
    cue = tok.cue
    j = i - 1
    if j >= 0 and tokens[j].kind == "word" and tokens[j].word == "من":
        j -= 1
    while j >= 0 and tokens[j].kind == "atleast":
        j -= 1
    if j >= 0 and tokens[j].kind == "num" and not tok.conj:
        if j in used:
            return  # "إلى 46 قتيلا": the figure is already read with the words before it
        victims, group = _victims(tokens, i + 1)
        take(_Found(tokens[j].number.value, tokens[j], tok, tok, tokens[j].number, victims, group), i, j)
        return
    k = i + 1
    if k < len(tokens) and k not in used and tokens[k].kind == "num" and _count_ok_after(tokens, k, 0, False):
        # "جثث أربعة من عناصر الصحوة": the figure after the noun it belongs to
        n = _next(tokens, k + 1)
        if n < len(tokens) and (tokens[n].kind == "person" or tokens[n].word == "من"):
            victims, group = _own_victims(tokens, k)
            take(_Found(tokens[k].number.value, tok, _last_of_phrase(tokens, k), tok, tokens[k].number,
                        victims, group), i, k)
            return
    if cue is None:
        return
    if cue.number == "pl" and (tok.definite or (i > 0 and "toll" in tokens[i - 1].markers)):
        _toll(tokens, i, used, take)  # "ارتفعت حصيلة القتلى إلى 93", "حصيلة قتلى أمس إلى 142"
        return
    if tok.definite or (i > 0 and tokens[i - 1].word == "بين"):
        return  # "الشهيد فلان", "120 شخصا بين قتيل وجريح", "من بين قتلى المعارضة"
    victims, group = _victims(tokens, i + 1)
    if cue.number in ("sg", "du"):
        take(_Found(cue.count, tok, tok, tok, None, victims, group), i)
    elif cue.count and _after_result(tokens, i) and not (
        i + 1 < len(tokens) and tokens[i + 1].kind == "word" and tokens[i + 1].definite and not tokens[i + 1].conj
    ):
        # "أسفر عن سقوط قتلى"; not "قتلى التفجير" (those dead are counted elsewhere)
        # "سقوط قتلى", "وقوع شهداء وجرحى": deaths without a figure are "several" (codebook: عدة = 3)
        take(_Found(cue.count, tok, tok, tok, None, victims, group, approximate=True, reason="unnumbered"), i)


def _after_result(tokens: list[Token], i: int) -> bool:
    """A verb or noun of outcome just before token ``i``: "سقوط قتلى", "أسفر عن قتلى", "أدى إلى قتلى"."""
    for k in range(i - 1, max(-1, i - 3), -1):
        if "result" in tokens[k].markers:
            return True
        if tokens[k].word not in ("عن", "الي"):
            return False
    return False


def _toll(tokens, i, used, take) -> None:
    """"ارتفعت حصيلة القتلى المدنيين منذ بدء التصعيد إلى 93 مدنيا", "عدد القتلى 50"."""
    for k in range(i + 1, min(len(tokens), i + 9)):
        t = tokens[k]
        if _blocks(t) or _is_death(t):
            return
        if t.kind == "num" and k not in used:
            if k == i + 1 or tokens[k - 1].word in ("الي", "ل"):
                victims, group = _victims(tokens, k + 1)
                take(_Found(t.number.value, tokens[i], _last_of_phrase(tokens, k), tokens[i], t.number,
                            victims, group), i, k)
            return


def _count_ok_after(tokens: list[Token], k: int, gap: int, crossed_comma: bool) -> bool:
    """Whether the figure at ``k``, ``gap`` words after a death word, counts people: what
    follows it says so ("5 أشخاص", "5 من", "على الأقل"), or it stands right after the word."""
    lex = fatality_lexicon()
    if _dual_cue(tokens[k]) is not None:
        return True
    n = _next(tokens, k + 1)
    nxt = tokens[n] if n < len(tokens) else None
    if nxt is not None and not nxt.conj and (
        nxt.kind in ("injury", "outcome", "death_noun") or "tally_unit" in nxt.markers or nxt.word in lex.time_units
    ):
        return False  # "5 جرحى", "3 غارات", "ثلاثة أيام" (but "مقتل 5 وإصابة 10" is fine)
    if nxt is not None and (nxt.kind == "person" or (nxt.kind == "word" and nxt.word == "من")):
        return True
    if crossed_comma or gap > _NEAR_GAP:
        return False
    if gap <= 1:
        return True  # right after the death word: "مقتل 20 إيرانيا", "أسفر عن مقتل العشرات"
    return nxt is None or nxt.kind == "punct" or nxt.conj or "phrase_break" in nxt.markers or _is_death(nxt)


def _names_people(tokens: list[Token], k: int, cue: int = -1) -> bool:
    """The figure at ``k`` is followed by a noun of people or "من" ("5 مدنيين", "ثمانية من مقاتلي"),
    is a dual noun of people, or stands right before the death word at ``cue``."""
    if _dual_cue(tokens[k]) is not None:
        return True
    n = _next(tokens, k + 1)
    if n == cue or (n < len(tokens) and tokens[n].kind == "punct" and n + 1 == cue):
        return True
    return n < len(tokens) and (tokens[n].kind == "person" or (tokens[n].kind == "word" and tokens[n].word == "من"))


def _death_lead(tokens, i, used, take, group_ids) -> None:
    """"مقتل 5 أشخاص", "قتلت الغارات 25 مدنيا", "استشهاد مدني", "استشهاد ضابطين وجندي"."""
    cue_tok = tokens[i]
    j = i + 1
    if j < len(tokens) and j not in used:
        t = tokens[j]
        if t.kind == "person" and t.cue and t.cue.number == "sg" and not t.conj:
            victims, group = _victims(tokens, j)
            f = _Found(1, cue_tok, t, cue_tok, None, victims, group)
            take(f, i, j)
            _splits(tokens, j + 1, f, used, take, group_ids)
            return
        if t.kind == "injury" and t.conj:
            _killed_and_injured(tokens, i, used, take)
            return
    gap = 0
    crossed_comma = False
    for k in range(i + 1, min(len(tokens), i + 1 + _LEAD_WINDOW)):
        t = tokens[k]
        if k in used or _blocks(t) or _is_death(t):
            return
        if t.kind == "punct":
            crossed_comma = True
            continue
        if t.kind == "atleast":
            continue
        if t.kind == "num":
            if not _count_ok_after(tokens, k, gap, crossed_comma):
                return
            victims, group = _own_victims(tokens, k)
            f = _Found(t.number.value, cue_tok, _last_of_phrase(tokens, k), cue_tok, t.number, victims, group)
            take(f, i, k)
            _splits(tokens, k + 1, f, used, take, group_ids)
            return
        gap += 1


def _killed_and_injured(tokens, i, used, take) -> None:
    """"مقتل وإصابة عدة أشخاص", "مقتل وإصابة عشرات": one vague figure for both outcomes says
    that several died (3, as "عدة"); an exact figure for both ("مقتل وإصابة 20") gives none."""
    k = _next(tokens, i + 2)
    if k < len(tokens) and k not in used and tokens[k].kind == "num" and tokens[k].number.approximate:
        victims, group = _own_victims(tokens, k)
        take(_Found(UNNUMBERED_DEATHS, tokens[i], _last_of_phrase(tokens, k), tokens[i], None, victims, group,
                    approximate=True, reason="unnumbered"), i, k)


def _last_of_phrase(tokens: list[Token], k: int) -> Token:
    n = _next(tokens, k + 1)
    if n < len(tokens) and tokens[n].kind == "person" and not tokens[n].conj:
        return tokens[n]
    return tokens[k]


def _splits(tokens, k, first: _Found, used, take, group_ids) -> None:
    """Parts joined by "و" after a count: "مقتل 5 مدنيين و3 عناصر", "ضابطين وجندي", "علي عوني
    واثنين من حراسه"; they share a group id with the first part."""
    parts = []
    j = k
    while j < len(tokens):
        # the rest of the victims phrase, up to the next "و" + figure or noun of people
        while j < len(tokens) and j - k < _SPLIT_GAP and not tokens[j].conj and not _blocks(tokens[j]) \
                and not _is_death(tokens[j]) and tokens[j].kind not in ("num", "punct"):
            j += 1
        if j >= len(tokens) or not tokens[j].conj or j in used:
            break
        t = tokens[j]
        if t.kind == "num" and _names_people(tokens, j) and not _followed_by_blocker(tokens, j):
            victims, group = _own_victims(tokens, j)
            parts.append((_Found(t.number.value, t, _last_of_phrase(tokens, j), first.cue, t.number,
                                 victims, group), j))
        elif t.kind == "person" and t.cue and t.cue.number == "sg":
            parts.append((_Found(1, t, t, first.cue, None, *_person_victims(tokens, j)), j))
        else:
            break
        k = j + 1
        j = k
    if parts:
        group_ids[0] += 1
        first.group = group_ids[0]
        for f, j in parts:
            f.group = group_ids[0]
            take(f, j)


def _followed_by_blocker(tokens: list[Token], j: int) -> bool:
    n = _next(tokens, j + 1)
    return n < len(tokens) and tokens[n].kind in ("injury", "outcome")


def _death_tail(tokens, i, used, take, group_ids) -> None:
    """"لقي ثلاثة حتفهم", "15 شخصا قتلوا", "25 ... وثمانية من مقاتلي داعش، قتلوا", "لقي حتفه"."""
    cue_tok = tokens[i]
    lo = i
    for k in range(i - 1, max(-1, i - 1 - _TAIL_WINDOW), -1):
        t = tokens[k]
        if k in used or _blocks(t) or _is_death(t):
            break
        if t.kind == "punct" and k != i - 1:
            break  # a comma right before the verb ends a long subject: "... داعش، قتلوا"
        lo = k
    nums = [k for k in range(lo, i) if tokens[k].kind == "num"]
    # the subject: the first figure that names people ("قائد اللواء 80 ونائبه وعددا من الجنود قتلوا")
    first = next((k for k in nums if _names_people(tokens, k, i)), None)
    if first is not None and (first == lo and lo > 0 and _blocks(tokens[lo - 1]) and tokens[lo - 1].kind != "punct"):
        first = None  # "وأصيب 14 آخرون ... قتلوا": the figure is the injured's
    if first is not None:
        last_num = max(k for k in nums if k == first or (k > first and tokens[k].conj))
        between = [t for t in tokens[_phrase_end(tokens, last_num) : i] if t.kind not in ("punct", "atleast")]
        if len(between) > _TAIL_GAP:
            first = None  # "عدد من المقاتلين الروس الذين كانوا يعملون ... وقتلوا": too far to be the subject
    if first is None or not _count_ok_after(tokens, first, 0, False) or _followed_by_blocker(tokens, first):
        if cue_tok.cue and cue_tok.cue.count:
            # "مقتله", "لقي حتفه", "مصرعهما": the pronoun says how many
            take(_Found(cue_tok.cue.count, cue_tok, cue_tok, cue_tok, None), i)
        return
    # and the figures joined to it by "و"
    chosen = [first] + [k for k in nums if k > first and tokens[k].conj and not _followed_by_blocker(tokens, k)]
    founds = []
    for k in chosen:
        t = tokens[k]
        victims, group = _own_victims(tokens, k)
        last = cue_tok if k == chosen[-1] else _last_of_phrase(tokens, k)
        founds.append(_Found(t.number.value, t, last, cue_tok, t.number, victims, group))
    if len(founds) > 1:
        group_ids[0] += 1
        for f in founds:
            f.group = group_ids[0]
    for f, k in zip(founds, chosen):
        take(f, k)
    used.add(i)


def _breakdowns(tokens, used, take, found: list[_Found]) -> None:
    """"بينهم 5 أطفال", "بينهم طفل" after a count: part of a total, flagged aggregate."""
    if not found:
        return
    first_start = min(f.first.start for f in found)
    for i, tok in enumerate(tokens):
        if "breakdown" not in tok.markers or tok.start < first_start:
            continue
        j = i + 1
        if j >= len(tokens) or j in used:
            continue
        t = tokens[j]
        if t.kind == "num":
            victims, group = _own_victims(tokens, j)
            take(_Found(t.number.value, tok, _last_of_phrase(tokens, j), tok, t.number, victims, group,
                        aggregate=True, reason="breakdown"), j)
        elif t.kind == "person" and t.cue and t.cue.count:
            victims, group = _victims(tokens, j)
            take(_Found(t.cue.count, tok, t, tok, None, victims, group, aggregate=True, reason="breakdown"), j)


def _clause(tokens: list[Token], f: _Found) -> tuple[int, int]:
    """Token range of the clause around a mention: from the punctuation before it to the one after."""
    idx = {id(t): n for n, t in enumerate(tokens)}
    a = min(idx[id(f.first)], idx[id(f.cue)])
    b = max(idx[id(f.last)], idx[id(f.cue)])
    while a > 0 and tokens[a - 1].kind != "punct":
        a -= 1
    while b + 1 < len(tokens) and tokens[b + 1].kind != "punct":
        b += 1
    return a, b + 1


def _tally_reason(tokens: list[Token], f: _Found) -> str:
    """"period" for "منذ بداية"/"خلال أسبوع" in the clause of the mention (or in a clause opening
    its sentence), "incidents" for "في 25 هجوماً"; "" otherwise."""
    lex = fatality_lexicon()
    a, b = _clause(tokens, f)
    ranges = [(a, b)]
    if a > 0:  # a sentence that opens with the period: "منذ بداية العام، قتل 500 شخص"
        end0 = next((n for n, t in enumerate(tokens) if t.kind == "punct"), 0)
        if end0 < a and not any(_is_death(t) for t in tokens[:end0]):
            ranges.append((0, end0))
    for r, (lo, hi) in enumerate(ranges):
        for n in range(lo, hi):
            t = tokens[n]
            if ("period" in t.markers or "period_lead" in t.markers) and any(
                "comparison" in tokens[m].markers for m in range(max(lo, n - 4), n)
            ):
                continue  # "الهجوم الأسوأ خلال العام الجاري": a comparison, not a tally
            if "period" in t.markers:
                return "period"
            if "period_lead" in t.markers:
                if n + 1 < hi and tokens[n + 1].in_date:
                    return "period"  # "منذ 17 يونيو", "خلال الشهر الماضي"
                # "خلال أسبوع", "خلال الـ24 ساعة", "منذ ثلاثة أيام": a unit of time within three words
                for m in range(n + 1, min(hi, n + 4)):
                    w = tokens[m].word
                    if w in lex.time_units or (w.startswith("ال") and w[2:] in lex.time_units):
                        return "period"
                    if tokens[m].kind != "num" and parse_number(w) is None and w != "ال":
                        break
            # "في 25 هجوماً": an exact count of incidents or places in the mention's own clause
            # ("في عدد من أحياء دمشق" is where one incident spread, not a tally)
            if r == 0 and t.kind == "num" and t.number.value > 1 and not t.number.approximate \
                    and n > lo and tokens[n - 1].word == "في":
                nxt = tokens[n + 1] if n + 1 < len(tokens) else None
                if nxt is not None and "tally_unit" in nxt.markers:
                    return "incidents"
    return ""
