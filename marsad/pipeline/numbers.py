"""Stage: numbers (codebook section 5).

:func:`find_numbers` finds figures on the folded text: digits (Arabic-Indic digits are folded
to ASCII, "1,200" has a thousands separator), number words with their compounds and
gender/case forms ("ثلاثة عشر", "خمسة وعشرين", "ثلاثمائة", "ثلاثة آلاف"), words that stand
for a figure ("عشرات" 12, "مئات" 100, "عدة" 3; ``approximate``), and dual nouns of people
and of the dead ("طفلين", "قتيلان": 2). A figure is a minimum (``at_least``) after "ما لا يقل
عن"/"أكثر من" or with "على الأقل" shortly after it.

The lexicon of ``data/fatality_cues.tsv`` (:func:`fatality_lexicon`) is built here too: the
numbers stage reads its dual nouns ("قتيلان": 2); :mod:`marsad.pipeline.fatalities` holds the
grammar that links figures to death words. The number words are in ``data/number_words.tsv``.
"""
from __future__ import annotations

import functools
import re
from bisect import bisect_left
from dataclasses import dataclass
from operator import attrgetter
from typing import Iterable, Iterator, Optional

import ahocorasick

from ..document import Document, NumberMention
from ..gazetteer.names import ARTICLE  # (the article a word for a figure, "العشرات", or a dual noun, "القتيلين", may carry)
from ..text import fold, proclitic_class, proclitics
from ..resources import read_tsv

# --------------------------------------------------------------------------- helpers


def alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of folded ``phrases``, longest first, each ending at a word end;
    spaces inside a phrase match any run of white space.

    The alternatives are written as a trie ("قبل(?:ها)?|من(?:تصف(?:\\s+ليل)?)?"): the regex engine
    then tests a letter once for all the phrases that share it instead of once per phrase, and a
    failed match (most tries of the dates and numbers grammars) costs far less. The match is the
    same as that of the flat alternation ``(?:p1|p2|...)``, longest first: the phrases that match
    at one position are prefixes of one another, and the trie tries them longest first too
    (:func:`flat_alternation` is the flat form, kept for the tests and for phrases with extra spaces).
    """
    unique = {p for p in phrases if p}
    if any(p != " ".join(p.split()) for p in unique):
        return flat_alternation(unique)  # (a phrase's length would not grow along a chain of prefixes)
    return "(?:" + _trie_pattern(unique) + r")(?!\w)"


def flat_alternation(phrases: Iterable[str]) -> str:
    """:func:`alternation` written as a flat list of the phrases, longest first."""
    unique = sorted({p for p in phrases if p}, key=lambda p: (-len(p), p))
    parts = [r"\s+".join(re.escape(w) for w in p.split()) for p in unique]
    return "(?:" + "|".join(parts) + r")(?!\w)"


def _trie_pattern(phrases: Iterable[str]) -> str:
    """The trie of ``phrases`` (single-spaced, not empty) as a regex: at each node the letters that
    go on (each once; no two can match at one position), then, as the last choice (``?``), the end of a
    phrase that ends there -- so the longer of two phrases that both match is tried first."""
    root: dict = {}
    for phrase in phrases:
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}  # a phrase ends here

    def pattern(node: dict) -> str:
        options = [(r"\s+" if ch == " " else re.escape(ch)) + pattern(node[ch]) for ch in sorted(node) if ch]
        if not options:
            return ""
        if len(options) == 1:
            body = options[0]
            return f"(?:{body})?" if "" in node else body
        body = "(?:" + "|".join(options) + ")"
        return body + "?" if "" in node else body

    return pattern(root)


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

    # (written \d\d*, not \d+: a pattern that opens with a character class lets the regex engine skip
    # to the digits; the same runs, found in 60% of the time)
    _DIGITS = re.compile(r"\d\d*")
    # the digit runs of the last text searched (text, starts): the dates and numbers stages both search
    # doc.norm, and a scan of a whole text for digits costs as much as the anchor search
    _last_digits: tuple = ("", [])

    def __init__(self, regex: re.Pattern, anchors: dict[str, int], digit_back: Optional[int] = None,
                 initial_words: Iterable[str] = (), vocabulary: Optional[Iterable[str]] = None,
                 clitics: Iterable[str] = (), glued: Iterable[str] = (), letters_open_words: bool = False,
                 digit_openers: Iterable[str] = (), word_heads: Optional[Iterable[str]] = None):
        self.regex = regex
        # the letters a match may hold between the start of a word and an anchor with no words before it
        # (see :meth:`finditer`); None: not known
        self.word_heads = None if word_heads is None else frozenset(word_heads)
        # words that open a match with digits glued to them ("ال" of "ال26"), among the words before an anchor
        self.digit_openers = tuple(w for w in digit_openers if w)
        # True: no match opens at a letter after a letter or digit (every match opens with a digit, or
        # with a letter after a lookbehind ``(?<!\w)``), so the try at an anchor inside a word is spared
        self.letters_open_words = letters_open_words
        self.digit_back = digit_back
        self.initial_words = frozenset(initial_words)
        # the words the regex's letters can match (see :meth:`_may_hold`); None: not known
        self.vocabulary = None if vocabulary is None else frozenset(vocabulary)
        self.clitics = tuple(c for c in clitics if c)
        self.glued = tuple(glued)
        # every run of letters :meth:`_in_vocabulary` accepts, spelled out once: one set lookup at each
        # anchor inside a word instead of a try of every clitic and joiner
        self._holdable = None if self.vocabulary is None else frozenset(
            prefix + word for prefix in ("", *self.clitics, *self.glued) for word in self.vocabulary)
        self.automaton = ahocorasick.Automaton()
        for word, back in anchors.items():
            if word:
                self.automaton.add_word(word, (len(word), back))
        self.automaton.make_automaton()
        self._shared: Optional[tuple] = None  # (TextScan, slot) once joined

    def join(self, scan) -> None:
        """Find the anchors in ``scan``'s joint pass (a :class:`marsad.pipeline.lexicon.TextScan`)."""
        if self._shared is None:
            self._shared = (scan, scan.join(self.automaton.items()))

    @staticmethod
    def _digit_starts(text: str) -> list[int]:
        """Starts of the runs of digits of ``text`` (remembered for the last text, by every finder: kept on
        this class, not on the class of the finder -- the dates stage's finder is a subclass -- so that the
        numbers stage reads what the dates stage found)."""
        last_text, starts = AnchoredRegex._last_digits
        if last_text is not text:
            starts = [m.start() for m in AnchoredRegex._DIGITS.finditer(text)]
            AnchoredRegex._last_digits = (text, starts)
        return starts

    def _may_hold(self, text: str, p: int, end: int) -> bool:
        r"""Whether a match may hold the letter at ``p`` (an anchor that ``end`` does not end, a letter
        following it: "الان" in "الانسان"). Every word the regex matches is a word of ``vocabulary``,
        perhaps after one of ``clitics``, and ends at a character that is no letter (a lookahead
        ``(?!\w)`` or ``(?![^\W\d_])`` after it), and starts after one, unless it opens with one of
        ``glued`` (a joiner a word may follow with no space: "الي" of "5 الي7"): so a match that holds the
        letter holds the whole run of letters around it, and that run must be such a word."""
        start = p
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        return text[start:_LETTERS.match(text, end).end()] in self._holdable

    def _in_vocabulary(self, word: str) -> bool:
        """Whether a match may hold the run of letters ``word`` (see :meth:`_may_hold`): a word of
        ``vocabulary``, bare, after a clitic, or after a joiner of ``glued`` (what follows a glued
        joiner is a day, in digits -- then the run is the joiner alone -- or in words: "الي7", "والعشرين")."""
        return word in self._holdable

    def finditer(self, text: str) -> Iterable[re.Match]:
        # (one loop with the word scans written out: it runs at every anchor of every article)
        shared = self._shared
        found = self.automaton.iter(text) if shared is None else shared[0].found(text, shared[1])
        if self.vocabulary is None:
            points = [(end - length + 1, back) for end, (length, back) in found]
        else:
            # an anchor inside a word the regex cannot match ("الان" of "الانسان") is no start: no
            # match can hold it (:meth:`_may_hold`), and a try there would fail
            n = len(text)
            may_hold = self._may_hold
            points = [(end - length + 1, back) for end, (length, back) in found
                      if end + 1 >= n or not text[end + 1].isalpha() or may_hold(text, end - length + 1, end + 1)]
        if self.digit_back is not None:
            back = self.digit_back
            points += [(start, back) for start in self._digit_starts(text)]
        points.sort()
        match = self.regex.match
        initial = self.initial_words
        holdable = self._holdable
        conjunctions = proclitics("conjunctions")  # "و", "ف" (data/proclitics.tsv)
        digit_openers = self.digit_openers
        # (a match that opens at the start of the anchor's word and holds the anchor opens with clitics, then
        # an anchor of its own: the anchor itself, after one of ``word_heads``; or an anchor before it in the
        # word, tried from there at the same start; or one after it whose word starts too far back for a
        # try of its own, after a longer head that the letters before the anchor open. Only with
        # ``letters_open_words``: no match opens at the anchor itself)
        heads = self.word_heads if self.letters_open_words else None
        cursor = 0
        last = -1
        for p, back in points:
            if p < cursor or p == last:
                continue
            last = p
            if p == 0 or not text[p - 1].isalnum():  # most anchors: the word starts with it
                ws = p
            else:  # start of the word that holds the anchor, clitics included
                ws = p - 1
                while ws > 0 and text[ws - 1].isalnum() and p - ws < _MAX_CLITICS:
                    ws -= 1
                if ws > 0 and text[ws - 1].isalnum():  # inside another word: "ست" in "استهداف"
                    if not text[p].isdigit():
                        continue
                    # (digits glued to a word: tried at the digits only)
                    m = match(text, p)
                    if m is not None and m.end() > p:
                        cursor = m.end()
                        yield m
                    continue
                if heads is not None and not back and text[ws:p] not in heads and not text[p].isdigit():
                    continue  # letters before the anchor that no match holds there: "ا" of "استهدف"
            if back:
                # starts of up to ``back`` words before the anchor's word (not before ``lo``) that may
                # open a match, furthest first
                candidates: list[int] = []
                lo = ws - 16 * back
                if lo < cursor:
                    lo = cursor
                pos = ws
                for _ in range(back):
                    end = pos
                    while end > lo and not text[end - 1].isalnum():
                        end -= 1
                    if end <= lo:
                        break
                    # the word's start: after the last space, when no other character that is no letter
                    # or digit stands between (a quick path of the letter-by-letter scan)
                    start = text.rfind(" ", lo, end) + 1 or lo
                    word = text[start:end]
                    if not word.isalnum():
                        start = end
                        while start > lo and text[start - 1].isalnum():
                            start -= 1
                        word = text[start:end]
                    if (word in initial or word[0].isdigit() or (word[0] in conjunctions and word[1:] in initial)
                            or (word.startswith(digit_openers)  # (a C test first: most words open with none)
                                and any(word[len(w):len(w) + 1].isdigit() for w in digit_openers if word.startswith(w)))):
                        candidates.append(start)
                    elif holdable is not None and word.isalpha() and word not in holdable:
                        break  # no match holds this word, so none opens before it and reaches the anchor
                    pos = start
                found_before = False
                for start in reversed(candidates):  # (all at or after ``lo``, so not before the cursor)
                    m = match(text, start)
                    if m is not None and m.end() > p:
                        cursor = m.end()
                        yield m
                        found_before = True
                        break
                if found_before:
                    continue
            # then the anchor's word, and the anchor itself when clitics come before it
            if ws >= cursor:
                m = match(text, ws)
                if m is not None and m.end() > p:
                    cursor = m.end()
                    yield m
                    continue
            if p != ws and not (self.letters_open_words and not text[p].isdigit()):
                m = match(text, p)
                if m is not None and m.end() > p:
                    cursor = m.end()
                    yield m


# letters of clitics before a word ("وبال", "وب", "لل")
_MAX_CLITICS = 3
# a run of letters (no digits, no underscore), perhaps empty
_LETTERS = re.compile(r"[^\W\d_]*")
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
    # the last words of the phrases of at_least_before / at_least_after: a text without one holds no
    # such phrase (a test far cheaper than the search)
    at_least_before_ends: tuple[str, ...] = ()
    at_least_after_words: tuple[str, ...] = ()
    day_articles: tuple[str, ...] = ()  # the article before a day in digits ("ال" of "الـ 26")


# kinds of number_words.tsv whose words are no number words (not read as numbers): the article of a day
# ("الـ 26"), which only the dates grammar reads
_NO_NUMBER_WORD_KINDS = ("day_article",)


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
        if kind not in _NO_NUMBER_WORD_KINDS:
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
    approx_alt = alternation(list(approx) + [ARTICLE + w for w in approx if " " not in w and not w.startswith(ARTICLE)])
    dual_alt = alternation(list(duals) + [ARTICLE + w for w in duals])
    multiplier = alternation(w for w, v in by_kind["thousand"].items() if v in _MULTIPLIERS)
    # clitics that attach to a number word: "وثمانية", "بثلاثة", "لخمسة", "وبخمسة" (sets of data/proclitics.tsv)
    conjunction, preposition = proclitic_class("conjunctions"), proclitic_class("number_prepositions")
    clitic = rf"(?:{conjunction}{preposition}?|{preposition})"
    regex = re.compile(
        rf"(?<![\d.,])(?P<digits>(?:{digits})(?:\s*{multiplier}(?:\s+و\s*(?:\d+(?![\d.,]\d)|{word_number}))?)?)"
        rf"|(?<!\w)(?P<pfx>{clitic}(?=\w))?(?:(?P<approx>{approx_alt})|(?P<dual>{dual_alt})|(?P<words>{word_number}))"
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
        # (no vocabulary: a failed try of this regex costs about what the test that spares it would)
        finder=AnchoredRegex(regex, dict.fromkeys(anchors, 0), digit_back=0, letters_open_words=True,
                             word_heads=_word_heads(proclitics("conjunctions"), proclitics("number_prepositions"))),
        word_pattern=word_pattern,
        ordinals=by_kind["ordinal"],
        ordinal_tens=by_kind["ordinal_ten"],
        teen_tails=frozenset(by_kind["teen_tail"]),
        at_least_before=at_least_before,
        at_least_after=at_least_after,
        at_least_before_ends=tuple({w.split()[-1] for w in by_kind["at_least_before"]}),
        at_least_after_words=tuple({w.split()[-1] for w in by_kind["at_least_after"]}),
        day_articles=tuple(by_kind.get("day_article", ())),
    )


def _word_heads(conjunctions: str, prepositions: str) -> frozenset[str]:
    """What may stand in a word before an anchor of the number regex where a match of it opens at the word's
    start ("و" of "وثلاثة", "وبال" of "وبالعشرات"; see :meth:`AnchoredRegex.finditer`): its clitics, a
    conjunction and/or a preposition, then perhaps the article; and what opens a head too long for the
    anchor after it to be tried from its own word ("وبا" of "وبالعشرات")."""
    clitics = [c + p for c in ("", *conjunctions) for p in ("", *prepositions)]
    heads = {c + a for c in clitics for a in ("", ARTICLE)}
    short = {h for h in heads if 0 < len(h) <= _MAX_CLITICS}
    return frozenset(short | {h[:k] for h in heads if len(h) > _MAX_CLITICS for k in range(1, _MAX_CLITICS + 1)})


def _dual_nouns() -> dict[str, int]:
    """Dual nouns of people and of the dead ("طفلين", "قتيلان") from ``fatality_cues.tsv``."""
    return {c.form: c.count for c in fatality_lexicon().cues.values() if c.number == "du" and c.count}


@functools.lru_cache(maxsize=1 << 12)
def parse_number(text: str) -> Optional[int]:
    """The value of a folded number phrase in digits or words ("خمسه وعشرين" -> 25), or None.
    (Cached: the same phrases come back article after article, and the value depends on the phrase alone.)"""
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
        if word not in lex.words and word.startswith("و") and (word[1:] in lex.words or word[1:2].isdecimal()):
            word = word[1:]
        if word == "و":
            continue
        if word[:1].isdecimal():
            # isdecimal, not isdigit: a superscript ("5²") is a digit that int() refuses
            if "." in word or not word.replace(",", "").isdecimal():
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


# The longest run of digits read as a number: 18 digits hold any count (and fit SQLite's integers).
_MAX_DIGITS = 18


def find_numbers(doc: Document, res=None) -> Document:
    """Add ``doc.numbers``: every figure in the text, in digits, words or approximate words.

    Numbers inside date expressions found by the dates stage ("26 كانون الأول", "منذ ثلاثة
    أيام") are left out: they are not counts.
    """
    lex = number_lexicon()
    norm = doc.norm
    date_spans = sorted(zip(*spans_in_norm(doc, doc.dates)))
    date_starts = [s for s, _ in date_spans]
    out: list[NumberMention] = []
    # the last words of the phrases that say "at least" after a figure ("على الأقل"): an article with
    # none of them has no such phrase after any figure (most articles: one test, not one per figure)
    may_follow = any(w in norm for w in lex.at_least_after_words)
    for m in lex.finder.finditer(norm):
        # (the last group a match closes is the one of its kind: no look-up of each group by name)
        group = m.lastgroup
        if group == "digits":
            digits = m.group("digits")
            if len(digits) > _MAX_DIGITS:
                continue  # an id, a phone or page number, no count (and int() refuses 4,300 digits)
            start, end = m.span("digits")
            # (a plain run of digits, most figures: its value at once, as parse_number would give it)
            value = int(digits) if digits.isdecimal() else parse_number(digits)
            approximate = False
        else:
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
        t0, t1 = doc.text_span(start, end)
        at_least = _at_least_before(norm, start, lex) or (may_follow and _at_least_after(norm, end, lex))
        out.append(NumberMention(t0, t1, doc.text[t0:t1], value, approximate, at_least))
    doc.numbers = out
    return doc


_START = attrgetter("start")
_END = attrgetter("end")


def spans_in_norm(doc: Document, spans: list) -> tuple[Iterator[int], Iterator[int]]:
    """The offsets in ``doc.norm`` of the starts and of the ends of ``spans`` (spans of ``doc.text``), as
    :meth:`Document.norm_index` gives them, mapped in C: no call of the method per offset. (The normalize
    stage's map from text to norm covers every offset of the text, the end included; with no map, the
    folded text is the text.)"""
    starts, ends = map(_START, spans), map(_END, spans)
    if not doc.norm_offsets:
        return starts, ends
    to_norm = doc.norm_inverse.__getitem__ if len(doc.norm_inverse) == len(doc.text) + 1 else doc.norm_index
    return map(to_norm, starts), map(to_norm, ends)


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


_CLAUSE_END = re.compile(r"[,.;:!?\n]|\d")
_WORDS_AFTER_FOR_AT_LEAST = 6


_CHARS_BEFORE_FOR_AT_LEAST = 24
# how far after a figure its "at least" phrase may end (the clause is cut there too)
_CHARS_AFTER_FOR_AT_LEAST = 80


def _at_least_before(norm: str, start: int, lex: Optional[NumberLexicon] = None) -> bool:
    """"ما لا يقل عن", "أكثر من" right before the figure at ``start`` (white space between)."""
    lex = lex or number_lexicon()
    lo = max(0, start - _CHARS_BEFORE_FOR_AT_LEAST)
    # (the phrase ends the text before the figure, white space aside: so does its last word)
    if not norm[lo:start].rstrip().endswith(lex.at_least_before_ends):
        return False
    return lex.at_least_before.search(norm, lo, start) is not None


def _at_least_after(norm: str, end: int, lex: Optional[NumberLexicon] = None) -> bool:
    """"على الأقل" within a few words after the figure, in the same clause, before another figure."""
    lex = lex or number_lexicon()
    # (no phrase's last word in the 80 characters after the figure, so no phrase in the clause, which they
    # hold: the one test of the words, made before the clause is cut, as most figures stop here)
    reach = norm[end : end + _CHARS_AFTER_FOR_AT_LEAST]
    for w in lex.at_least_after_words:
        if w in reach:
            break
    else:
        return False
    stop = _CLAUSE_END.search(norm, end, end + _CHARS_AFTER_FOR_AT_LEAST)
    window = reach if stop is None else norm[end : stop.start()]
    m = lex.at_least_after.search(window)
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
    denials: frozenset[str] = frozenset()  # negations that deny deaths told with no figure ("لم", "دون")
    denial_exceptions: frozenset[str] = frozenset()  # words that make such a negation "only" ("سوى")


@functools.lru_cache(maxsize=1)
def fatality_lexicon() -> FatalityLexicon:
    """The cues of ``fatality_cues.tsv`` (folded) and an automaton that finds death words."""
    cues: dict[str, Cue] = {}
    markers: dict[str, set[str]] = {}
    denials: dict[str, set[str]] = {"denial": set(), "denial_exception": set()}
    for row in read_tsv("fatality_cues.tsv"):
        form = fold(row["form"])
        kind = row["kind"]
        if kind in denials:  # (read on their own, not as tokens of the grammar)
            denials[kind].add(form)
        elif kind in MEANING_KINDS:
            cues[form] = Cue(form, kind, row.get("number", ""), int(row["count"] or 0), row.get("group", ""))
        else:
            markers.setdefault(form, set()).add(kind)
    death_finder = ahocorasick.Automaton()
    for form, cue in cues.items():
        if cue.kind in DEATH_KINDS:
            death_finder.add_word(form, form)
    death_finder.make_automaton()
    phrases = [f for f in list(cues) + list(markers) + list(at_least_phrases()) if " " in f]
    max_words = max(len(f.split()) for f in phrases)
    phrase_first_words = frozenset(f.split()[0] for f in phrases)
    from .time_units import time_unit_words

    return FatalityLexicon(cues, markers, max_words, phrase_first_words, death_finder, time_unit_words(),
                           frozenset(denials["denial"]), frozenset(denials["denial_exception"]))


@functools.lru_cache(maxsize=1)
def at_least_phrases() -> frozenset[str]:
    return frozenset(w for w, v, k in _number_rows() if k in ("at_least_before", "at_least_after"))
