"""Stage: fatalities (codebook section 5).

:func:`find_fatalities` reads the sentences that hold a death word and links figures to
death words with a small grammar over tokens:

* count + dead noun: "5 قتلى", "عشرات القتلى", "عدد من الشهداء";
* death word + count: "مقتل 5 أشخاص", "مقتل ما لا يقل عن ثلاثين مسافرا",
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
The words are in ``data/number_words.tsv`` and ``data/fatality_cues.tsv`` (read by
:mod:`marsad.pipeline.numbers`); this module holds the grammar.
"""
from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from itertools import accumulate, compress, repeat
from operator import is_, itemgetter
from dataclasses import dataclass
from typing import Optional

from ..document import Document, FatalityMention, NumberMention
from ..resources import read_tsv, read_yaml
from ..text import fold, proclitic_class, proclitics, strip_proclitic
from .numbers import (alternation, at_least_phrases, Cue, DEATH_KINDS, FatalityLexicon, fatality_lexicon, parse_number,
                      spans_in_norm)


# --------------------------------------------------------------------------- tokens

# a figure in digits ("1,200", "3.5"), a word, or punctuation: the tokens of
# \d[\d.,]*\d|\d|\w+|[,.;:!?] (_TOKEN_REFERENCE of the tests), written to open with one class of
# characters, which lets the regex engine skip to the next token's first character instead of trying
# each alternative at every space; what follows the first character depends on what it was
_TOKEN = re.compile(r"[\w,.;:!?](?:(?<=[^\W\d])\w*|(?<=\d)(?:[\d.,]*\d)?|)")
_TOKEN_SPLIT = re.compile("(" + _TOKEN.pattern + ")")  # the same tokens, for str.split
_PREFIXES = ("وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال", "وب", "ول", "فب", "فل", "و", "ف", "ب", "ل")
_STOP_PUNCT = frozenset(".;:!?")
_PUNCT_TOKENS = _STOP_PUNCT | {","}
_NO_MARKERS: frozenset[str] = frozenset()
# a word this long that starts with "و" is read as "و" + a word (shorter ones: "وفد", "وقت")
_MIN_JOINED_WORD = 5


# A token with offsets -1 is shared by every occurrence of its word in every sentence of every article
# (_PLAIN_TOKENS, _token_parts): never write to one; give the occurrence its own copy (_own_token) first.
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


# (a token that is neither a figure nor a cue or "at least" phrase -- most tokens -- is never a
# mention's first, last or cue token, so its offsets are not read: one shared token stands for every
# occurrence of such a word, phrase or punctuation mark, with no offsets (-1); but a token with the
# markers of _OWN_MARKERS is read where it stands, and the token after a "period_lead" gets its own,
# as its start is read (``in_date``))
def _shared_token(word: str, kind: str, conj: bool = False, definite: bool = False,
                  markers: frozenset[str] = _NO_MARKERS, surface: str = "") -> Token:
    return Token(-1, -1, word, kind, None, None, conj, definite, markers, surface)


# markers whose tokens' offsets are read: a breakdown opens its mention ("بينهم 5 أطفال"), and the
# token after a period lead is placed against the dates
_OWN_MARKERS = frozenset({"breakdown", "period_lead"})


def _own_token(shared: Token, start: int, end: int) -> Token:
    """A copy of a shared token with offsets, for one occurrence."""
    return Token(start, end, shared.word, shared.kind, None, None, shared.conj, shared.definite, shared.markers,
                 shared.surface)


# the shared token of each punctuation mark and of each word seen that is no figure, cue, marker or
# "at least" phrase and opens no phrase (one dictionary look-up per word; bounded like the caches)
_PLAIN_TOKENS: dict[str, Token] = {p: _shared_token(p, "punct") for p in _PUNCT_TOKENS}
_MAX_PLAIN_TOKENS = 1 << 16
# the shared token of each word seen that is a marker with a shared token and is looked at where it stands,
# with one look-up, and whether the grammar starts from it (see _START_MARKERS): a marker it starts from
# ("مدينه", "منطقه": units of a tally) is in the grammar's tokens (``own`` of _read_tokens); a word that opens
# a phrase ("في" of "في حين") is looked at with the next word when that is in a phrase. (A marker that is
# neither, "الي" or "عدد", is read only beside the tokens the grammar starts from: it is a plain token.)
_MARKED_TOKENS: dict[str, tuple[Token, bool]] = {}
# the markers the passes of _sentence_fatalities start from (with the dual nouns of incidents, which are
# units of a tally): a breakdown, the words of a period, a unit of a tally; the grammar reads the other
# markers ("phrase_break", "toll", "result", ...) only on the tokens next to the ones it starts from
_START_MARKERS = frozenset({"breakdown", "period", "period_lead", "tally_unit"})


def _starts_grammar(markers: frozenset[str], word: str) -> bool:
    """Whether the passes of :func:`_sentence_fatalities` start from a token with ``markers`` whose word
    (clitics removed) is ``word``: a marker of :data:`_START_MARKERS` or a dual noun of incidents."""
    return not markers.isdisjoint(_START_MARKERS) or word in _dual_tally_units()


_Class = tuple  # (cue, markers, prefix, bare word, clitic length, surface, opens a phrase)


@functools.lru_cache(maxsize=1 << 16)
def _classify(word: str) -> _Class:
    """:func:`_lookup` plus the clitic length, the surface form of the word and whether it
    opens a phrase of several words."""
    cue, marks, pfx, bare = _lookup(word)
    return cue, marks, pfx, bare, _clitic_length(pfx), _surface(word, pfx), _opens_phrase(word)


@functools.lru_cache(maxsize=1 << 16)
def _token_parts(word: str) -> tuple:
    """What a token of ``word`` (a word or a phrase of the lexicon) holds, all decided by the word
    alone and so cached with it: (clitic length, bare word, kind, cue, conj, definite, markers,
    surface, opens a phrase, the shared token of a plain word or of most markers, or None)."""
    if word not in _lookup_forms():
        # no cue or marker in any form (most words): what :func:`_classify` would give, without its steps
        conj = word[0] == "و" and len(word) >= _MIN_JOINED_WORD
        definite = word.startswith("ال")
        return (0, word, "word", None, conj, definite, _NO_MARKERS, word, _opens_phrase(word),
                _shared_token(word, "word", conj, definite, surface=word))
    cue, marks, pfx, bare, clitics, surface, opens = _classify(word)
    if "atleast" in marks:
        kind = "atleast"
    else:
        kind = cue.kind if cue else ("marker" if marks else "word")
    # an unknown word after "و" is most often a new item ("وتدمير", "وإجبار"): count it as joined
    # (a phrase is only taken with a cue or markers, so for a phrase only its prefix counts)
    conj = pfx[:1] in ("و", "ف") or (not cue and not marks and word[0] == "و" and len(word) >= _MIN_JOINED_WORD)
    definite = "ال" in pfx or pfx.endswith("لل") or bare.startswith("ال")
    # (kind "word": no cue or markers; "marker": markers and no cue -- one word with no clitics, so that
    # the token after a period lead is given its own offsets by the word's)
    shared = None
    if kind == "word" or (kind == "marker" and marks.isdisjoint(_OWN_MARKERS) and not clitics and " " not in word):
        shared = _shared_token(bare, kind, conj, definite, marks, surface)
    return clitics, bare, kind, cue, conj, definite, marks, surface, opens, shared


def _lookup(word: str) -> tuple[Optional[Cue], frozenset[str], str, str]:
    """The cue and markers of a folded word or phrase, trying it without clitics and without
    the accusative alef of a singular noun ("شخصا"); also the prefix and the bare word.
    (:func:`_classify` caches it: news vocabulary repeats, so each word is looked up once per process.)"""
    if word not in _lookup_forms():
        return None, _NO_MARKERS, "", word  # (most words: no cue, marker or "at least" phrase in any form)
    lex = fatality_lexicon()
    if word in at_least_phrases():
        return None, frozenset({"atleast"}), "", word
    cue = lex.cues.get(word)
    marks = lex.markers.get(word)
    if cue or marks:
        return cue, frozenset(marks or ()), "", word
    for pfx in _prefixes_of(word):
        if len(word) - len(pfx) >= 2:
            bare = word[len(pfx) :]
            cue = lex.cues.get(bare)
            marks = lex.markers.get(bare)
            if cue or marks:
                return cue, frozenset(marks or ()), pfx, bare
    if word.endswith("ا"):
        for pfx in [""] + _prefixes_of(word):
            if len(word) - len(pfx) >= 3:
                bare = word[len(pfx) : -1]
                cue = lex.cues.get(bare)
                if cue and cue.number == "sg" and cue.kind in ("person", "death_noun"):
                    return cue, frozenset(), pfx, bare
    return None, frozenset(), "", word


@functools.lru_cache(maxsize=1)
def _lookup_forms() -> frozenset[str]:
    """Every word :func:`_lookup` finds something for: the "at least" phrases, and the cue and marker
    forms bare, after a prefix of :data:`_PREFIXES`, and with the accusative alef. Any other word gets
    nothing, so a set look-up settles it (most words of a sentence are new to the cache of
    :func:`_classify` and no cue)."""
    lex = fatality_lexicon()
    forms = set(at_least_phrases())
    for form in list(lex.cues) + list(lex.markers):
        for pfx in ("",) + _PREFIXES:
            forms.add(pfx + form)
            forms.add(pfx + form + "ا")
    return frozenset(forms)


@functools.lru_cache(maxsize=1)
def _phrase_openers() -> frozenset[str]:
    """The first words of the lexicon's phrases, bare or after a prefix of :data:`_PREFIXES`."""
    return frozenset(pfx + w for w in fatality_lexicon().phrase_first_words for pfx in ("",) + _PREFIXES)


def _opens_phrase(word: str) -> bool:
    """Whether a word (perhaps with clitics) is the first word of a phrase of the lexicon."""
    return word in _phrase_openers()


_PREFIX_RANK = {p: i for i, p in enumerate(_PREFIXES)}
_PREFIX_LENGTHS = sorted({len(p) for p in _PREFIXES}, reverse=True)


def _prefixes_of(word: str) -> list[str]:
    """The prefixes of :data:`_PREFIXES` that ``word`` starts with, in their order (found by
    length, not by trying each: a word's lookup runs once per process, but on every new word)."""
    found = [p for k in _PREFIX_LENGTHS if len(word) >= k and (p := word[:k]) in _PREFIX_RANK]
    if len(found) > 1:
        found.sort(key=_PREFIX_RANK.__getitem__)
    return found


@functools.lru_cache(maxsize=1)
def _phrase_words() -> frozenset[str]:
    """Every word of the lexicon's phrases of several words: a phrase is looked up only when the
    word after its first one is among them (or is, less its last letter, the accusative alef)."""
    lex = fatality_lexicon()
    return frozenset(w for f in list(lex.cues) + list(lex.markers) + list(at_least_phrases()) if " " in f
                     for w in f.split())


def _read_tokens(doc: Document, lo: int, hi: int, numbers: list[tuple[int, int, NumberMention]],
                 dates: list[tuple[int, int]]) -> tuple[list[Token], list[int]]:
    """Tokens of ``doc.norm[lo:hi]`` with cues, markers, the figures of the numbers stage and the
    date expressions of the dates stage, and the indices of the tokens that are no plain word or
    punctuation (figures, cues, markers of :data:`_START_MARKERS`, the other markers with clitics,
    "at least" phrases, the token after a "period_lead"), in order: the grammar starts only from them."""
    lex = fatality_lexicon()
    later = _phrase_words()
    openers = _phrase_openers()
    norm = doc.norm
    # the sentence split around its tokens (gap, token, gap, ..., gap) and the offsets of the pieces,
    # all in C: no match object per token
    pieces = _TOKEN_SPLIT.split(norm[lo:hi])
    offsets = list(accumulate(map(len, pieces), initial=lo))
    words, starts, ends = pieces[1::2], offsets[1::2], offsets[2::2]
    n_raw = len(words)
    # the shared token of each word (looked up in C), or None: a word with a cue, a marker or a phrase
    # (or one not seen yet), or one a figure starts in -- only those are looked at one by one below
    shareds = list(map(_PLAIN_TOKENS.get, words))
    figures = _figure_words(numbers, lo, hi, starts, ends)
    for i in figures:
        shareds[i] = None
    out: list[Token] = []
    own: list[int] = []  # indices of the tokens that are not plain words, punctuation or markers read beside others
    append = out.append
    extend = out.extend
    token_parts = _token_parts
    conjunctions = proclitics("conjunctions")  # "و", "ف" (data/proclitics.tsv)
    leads: list[int] = []  # indices of the tokens with the marker "period_lead" ("منذ", "خلال")
    # only the words with no shared token are looked at one by one (found in C); the runs of shared
    # tokens between them (most of a sentence) are copied whole
    pos = 0  # the first word not yet in a token
    for i in compress(range(n_raw), map(is_, shareds, repeat(None))):
        if i < pos:
            continue  # (in a figure or phrase before it)
        if i > pos:
            extend(shareds[pos:i])
        pos = i + 1
        s = starts[i]
        fig = figures.get(i)
        if fig is not None:  # a figure starts in this word (after a clitic: "وثمانية")
            n0, end, num = fig
            conj = n0 > s and norm[s] in conjunctions
            pos = bisect_left(starts, end, i)  # the first word after the figure
            figure_start = s  # (the figure's token covers its clitics: "وثمانية")
            if n0 - s > 2:
                # a word written glued to the figure ("قتل45 مسلحا", "بمقتل18 من عناصر"): its own token when
                # it is a cue or a marker (clitics alone are at most two letters: "وب", "ال")
                clitics, bare, kind, cue, pconj, definite, marks, surface = token_parts(norm[s:n0])[:8]
                if kind != "word" or marks:
                    own.append(len(out))
                    append(Token(s + clitics, n0, bare, kind, cue, None, pconj, definite, marks, surface))
                    conj = False
                    figure_start = n0  # (the tokens in order, not overlapping)
            word = norm[n0:end]
            own.append(len(out))
            append(Token(figure_start, end, word, "num", number=num, conj=conj, surface=word))
            continue
        w = words[i]
        marked = _MARKED_TOKENS.get(w)
        if marked is not None and (w not in openers or i + 1 == n_raw
                                   or (words[i + 1] not in later and words[i + 1][:-1] not in later)):
            if marked[1]:
                own.append(len(out))  # (a marker the grammar starts from: "مدينه", "منطقه")
            append(marked[0])
            continue
        e = ends[i]
        parts = token_parts(w)
        alone = True  # the token is of this word alone
        if parts[8] and i + 1 < n_raw and (words[i + 1] in later or words[i + 1][:-1] in later):
            # phrases of several words ("أودى بحياة", "منذ بداية", "ما لا يقل عن"), longest first
            for n in range(min(lex.max_words, n_raw - i), 1, -1):
                found = token_parts(" ".join(words[i:i + n]))
                if found[3] or found[6]:  # a cue or markers
                    parts = found
                    alone = False
                    pos = i + n
                    e = ends[pos - 1]
                    break
        clitics, bare, kind, cue, conj, definite, marks, surface, opens, shared = parts
        if shared is not None:
            if marks:
                starts_grammar = _starts_grammar(marks, bare)
                if starts_grammar:
                    own.append(len(out))
                if alone and (starts_grammar or opens):
                    if len(_MARKED_TOKENS) < _MAX_PLAIN_TOKENS:
                        _MARKED_TOKENS[w] = (shared, starts_grammar)
                elif alone and len(_PLAIN_TOKENS) < _MAX_PLAIN_TOKENS:
                    _PLAIN_TOKENS[w] = shared  # (read only beside the tokens the grammar starts from)
            elif not opens and len(_PLAIN_TOKENS) < _MAX_PLAIN_TOKENS:
                _PLAIN_TOKENS[w] = shared  # (a word that opens a phrase is looked at with the next one)
            append(shared)
            continue
        if marks and "period_lead" in marks:
            leads.append(len(out))
        own.append(len(out))
        append(Token(s + clitics, e, bare, kind, cue, None, conj, definite, marks, surface))
    extend(shareds[pos:])
    if dates and leads:  # only "منذ"/"خلال" need to know whether a date follows them
        date_starts = [d[0] for d in dates]
        for n in leads:
            n += 1
            if n < len(out):
                tok = out[n]
                if tok.start < 0:
                    # a shared token (a plain word or a marker, one word with no clitics, or punctuation): its
                    # own, with the offsets of the next token of the text after the lead
                    m = _TOKEN.search(norm, out[n - 1].end, hi)
                    tok = out[n] = _own_token(tok, m.start(), m.end())
                    k = bisect_left(own, n)
                    if k == len(own) or own[k] != n:
                        own.insert(k, n)
                k = bisect_left(date_starts, tok.start + 1) - 1
                tok.in_date = k >= 0 and dates[k][1] > tok.start
    return out, own


def _figure_words(numbers: list[tuple[int, int, NumberMention]], lo: int, hi: int, starts: list[int],
                  ends: list[int]) -> dict[int, tuple[int, int, NumberMention]]:
    """The figure of the numbers stage that starts in each word of the sentence ``lo:hi`` (whose words
    start at ``starts`` and end at ``ends``) where one does, the first if several do; a figure that
    starts between words is none. (One that starts in a word a figure or phrase before it takes is
    not read: :func:`_read_tokens` skips those words.)"""
    at: dict[int, tuple[int, int, NumberMention]] = {}
    n_words = len(ends)
    for k in range(bisect_left(numbers, (lo, -1)), len(numbers)):
        fig = numbers[k]
        n0 = fig[0]
        if n0 >= hi:
            break
        i = bisect_right(ends, n0)  # the first word that ends after the figure's start
        if i < n_words and starts[i] <= n0 and i not in at:
            at[i] = fig
    return at


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
# killed and injured with one exact figure for both ("مقتل وإصابة ثلاثة عناصر"): at least one died
KILLED_AMONG_INJURED = 1


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
    hits = _death_word_starts(norm, lex)
    if not hits:
        doc.fatalities = []
        return doc
    numbers = sorted(zip(*spans_in_norm(doc, doc.numbers), doc.numbers), key=_FIRST)
    dates = sorted(zip(*spans_in_norm(doc, doc.dates)))
    bounds = list(zip(*spans_in_norm(doc, doc.sentences))) or [(0, len(norm))]
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
        tokens, own = _read_tokens(doc, lo, hi, numbers, dates)
        for found in _sentence_fatalities(tokens, group_ids, own):
            # (a mention opens, ends and turns on figures, cues and breakdowns, never on a shared token)
            assert found.first.start >= 0 and found.last.end >= 0 and found.cue.start >= 0
            t0 = doc.text_index(found.first.start)
            t1 = doc.text_index(found.last.end)
            c0, c1 = doc.text_index(found.cue.start), doc.text_index(found.cue.end)
            num = found.number
            count, reason, victims, victim_group = found.count, found.reason, found.victims, found.victim_group
            # (not a pronoun toll, "ولا تزال ملابسات مقتله غامضة": its death is told, only its circumstances denied)
            if count and (num is None or (num.value == 1 and not num.at_least)) and not (
                    found.first is found.cue and found.cue.cue is not None and found.cue.cue.kind == "death_tail"
                    and found.cue.cue.count):
                denial = _denial_before(norm, lo, found.first.start, found.last.end, lex)
                if denial:  # (nobody died: no victims to name a side either)
                    count, reason, victims, victim_group = 0, f"deaths denied ({denial!r} before them)", "", ""
            out.append(
                FatalityMention(
                    t0, t1, doc.text[t0:t1], count=count,
                    at_least=bool(num and num.at_least), cue=doc.text[c0:c1],
                    approximate=found.approximate or bool(num and num.approximate), victims=victims,
                    victim_group=victim_group, aggregate=found.aggregate, reason=reason,
                    group=found.group,
                )
            )
    out.sort(key=lambda f: f.start)
    doc.fatalities = out
    return doc


_FIRST = itemgetter(0)

# How many words before a death mention with no figure a negation may stand to deny the deaths ("ولم يسفر
# الانفجار عن وقوع قتلى": five)
DENIAL_REACH = 5
_CLAUSE_PUNCT = re.compile(r"[،,؛;:.!?؟()\"«»]")


def _denial_before(norm: str, lo: int, start: int, end: int, lex: FatalityLexicon) -> str:
    """The negation (``denial`` of fatality_cues.tsv) up to :data:`DENIAL_REACH` words before the death mention
    ``norm[start:end]`` in its clause ("ولم يسقط أي قتيل", "دون سقوط قتلى", "لم يقتل أحد"), or "" -- none when a
    ``denial_exception`` follows it, before the mention or in it ("لم يقتل سوى شخص واحد": only one)."""
    before = _CLAUSE_PUNCT.split(norm[max(lo, start - 80):start])[-1]  # (its clause only)
    words = before.split()[-DENIAL_REACH:]
    conjunctions = proclitics("conjunctions")
    for i, word in enumerate(words):
        bare = strip_proclitic(word, conjunctions, 2)
        if word in lex.denials or bare in lex.denials:
            if any(w in lex.denial_exceptions for w in words[i + 1:] + norm[start:end].split()):
                return ""
            return word
    return ""


# (scan, slot) once the death words joined the pipeline's one pass over each article (:func:`join_death_scan`)
_DEATH_SCAN: list[tuple] = []


def join_death_scan(scan) -> None:
    """Find the death words in ``scan``'s joint pass (a :class:`marsad.pipeline.lexicon.TextScan`):
    the same hits as the death finder's own pass over the article, without that pass."""
    if not _DEATH_SCAN:
        _DEATH_SCAN.append((scan, scan.join(fatality_lexicon().death_finder.items())))


def _death_word_starts(norm: str, lex: FatalityLexicon) -> list[int]:
    """Starts of the death words of ``norm`` that end a word (or a figure follows them), or do so with an
    accusative alef ("قتيلا"), in order (the test of :func:`_word_end` written out: it runs at every hit)."""
    n = len(norm)
    hits = []
    shared = _DEATH_SCAN[0] if _DEATH_SCAN else None
    found = lex.death_finder.iter(norm) if shared is None else shared[0].found(norm, shared[1])
    for end, form in found:
        after = end + 1
        if after < n:
            c = norm[after]
            if c.isalpha() or c == "_":  # the word goes on (not a figure glued to it: "قتل45 مسلحا")
                if c != "ا":
                    continue
                after += 1
                if after < n and (norm[after].isalnum() or norm[after] == "_"):
                    continue
        hits.append(end - len(form) + 1)
    hits.sort()
    return hits


@functools.lru_cache(maxsize=1)
def _clause_break_regex() -> re.Pattern:
    forms = [f for f, kinds in fatality_lexicon().markers.items() if "clause_break" in kinds]
    return re.compile(rf"(?<!\w){proclitic_class('conjunctions')}?" + alternation(forms))


def clause_breaks(doc: Document, start: int, end: int) -> list[int]:
    """Text offsets of the words in ``doc.text[start:end]`` that open a clause of another report
    ("في حين", "فيما", "بينما"; kind ``clause_break`` of ``fatality_cues.tsv``)."""
    lo, hi = doc.norm_index(start), doc.norm_index(end)
    return [doc.text_index(m.start()) for m in _clause_break_regex().finditer(doc.norm, lo, hi)]


@functools.lru_cache(maxsize=1)
def _additive_regex() -> re.Pattern:
    forms = [f for f, kinds in fatality_lexicon().markers.items() if "additive" in kinds]
    return re.compile(rf"\W*{proclitic_class('conjunctions')}?" + alternation(forms))


def opens_additively(doc: Document, start: int, end: int) -> bool:
    """Whether ``doc.text[start:end]`` opens with a word that adds to what was told before ("كما";
    kind ``additive`` of ``fatality_cues.tsv``)."""
    return _additive_regex().match(doc.norm, doc.norm_index(start), doc.norm_index(end)) is not None


def opens_additively_word(word: str) -> bool:
    """Whether a folded word is a word of adding ("أيضا"; kind ``additive`` of ``fatality_cues.tsv``)."""
    return "additive" in fatality_lexicon().markers.get(word, ())


def names_attackers(victims: str) -> bool:
    """Whether the victims of a death count are the attackers ("منفذ الهجوم"; kind ``attacker``)."""
    words = victims.split()
    if not words:
        return False
    first = words[0][2:] if words[0].startswith("ال") else words[0]
    return "attacker" in fatality_lexicon().markers.get(first, ())


def counts_others(victims: str) -> bool:
    """Whether the victims of a death count are others than the dead told before ("41 آخرين", "ثلاثة آخرون"; kind
    ``others``, the first word of the victims)."""
    words = victims.split()
    return bool(words) and "others" in fatality_lexicon().markers.get(words[0], ())


def names_the_dead(word: str) -> bool:
    """Whether a folded word, a leading conjunction aside, is a pronoun naming the dead just counted ("هما"; kind
    ``naming``): a breakdown inside its own sentence's toll."""
    markers = fatality_lexicon().markers
    if word[:1] in proclitics("conjunctions") and word[1:] in markers:
        word = word[1:]
    return "naming" in markers.get(word, ())


def breaks_down(word: str) -> bool:
    """Whether a folded word, a leading conjunction (و/ف) aside, is a breakdown word ("وبينهم"; kind ``breakdown``)."""
    markers = fatality_lexicon().markers
    if word[:1] in proclitics("conjunctions") and word[1:] in markers:
        word = word[1:]
    return "breakdown" in markers.get(word, ())


def names_a_pair(place_text: str, kind: str = "pair_between") -> bool:
    """Whether a text opens with a word that makes the pair of places after it one spot between them
    ("بين مدينتي قامشلو وعامودا"; kind ``pair_between``), or with a word of another marker ``kind``."""
    words = fold(place_text).split()
    if not words:
        return False
    first = words[0][1:] if words[0][:1] in "وفب" and words[0][1:] in fatality_lexicon().markers else words[0]
    return kind in fatality_lexicon().markers.get(first, ())


def is_list_area(word: str) -> bool:
    """Whether a folded word, a leading و aside, names the area around the place after it inside a
    list of places ("وريفي" of "في درعا وريفي حماة وإدلب"; kind ``list_area``)."""
    markers = fatality_lexicon().markers
    return "list_area" in markers.get(strip_proclitic(word, proclitics("and")), ()) \
        or "list_area" in markers.get(word, ())


def is_toll_word(word: str) -> bool:
    """Whether a folded word is a toll word ("حصيلة"; kind ``toll`` of ``fatality_cues.tsv``)."""
    return "toll" in fatality_lexicon().markers.get(word, ())


def is_comparison(word: str) -> bool:
    """Whether a folded word is a superlative that makes a period after it a comparison ("الأعنف منذ مايو";
    kind ``comparison`` of ``fatality_cues.tsv``)."""
    return "comparison" in fatality_lexicon().markers.get(word, ())


def is_preliminary(word: str) -> bool:
    """Whether a folded word makes the toll word before it one incident's first count ("حصيلة أولية";
    kind ``preliminary`` of ``fatality_cues.tsv``)."""
    return "preliminary" in fatality_lexicon().markers.get(word, ())


def _word_end(text: str, i: int) -> bool:
    return i >= len(text) or not (text[i].isalnum() or text[i] == "_")


_DEATH_KINDS = frozenset(DEATH_KINDS)


def _is_death(tok: Token) -> bool:
    return tok.kind in _DEATH_KINDS


def _blocks(tok: Token) -> bool:
    """A token that a death word and its count cannot be linked across."""
    return tok.kind in ("injury", "outcome") or (tok.kind == "punct" and tok.word in _STOP_PUNCT) or (
        "breakdown" in tok.markers
    )


def _sentence_fatalities(tokens: list[Token], group_ids: list[int], own: Optional[list[int]] = None) -> list[_Found]:
    """The death counts of one sentence, in the order the grammar of the module docstring reads them.
    (``own``: the indices of the tokens that are no plain word or punctuation, from :func:`_read_tokens`,
    when the caller has them.)"""
    used: set[int] = set()  # token indices already part of a mention
    found: list[_Found] = []

    def take(f: _Found, *indices: int) -> None:
        used.update(indices)
        found.append(f)

    # the tokens the passes below act on, found in one pass each: death words and figures, and
    # tokens with markers (or a dual noun of incidents) -- the others are only read around them
    # (a plain word or punctuation is never one of them)
    if own is None:
        own = range(len(tokens))
    heads = [i for i in own if tokens[i].kind in _HEAD_KINDS]
    dual_units = _dual_tally_units()
    marked = [i for i in own if _starts_grammar(tokens[i].markers, tokens[i].word)]
    # a figure right before its death word binds tighter than one after a death word further
    # back ("القضاء على الجيش الحر، ولكن آلاف المدنيين لقوا حتفهم"); a verb that can go either way
    # reads its subject first ("27 شخصا قتلوا وأصيب عشرات")
    for i in heads:
        if tokens[i].kind == "death_noun" and i > 0 and tokens[i - 1].word == "بين":
            _killed_or_injured(tokens, i, used, take)
    for i in heads:
        if i in used:
            continue
        tok = tokens[i]
        if tok.kind == "death_noun":
            _death_noun(tokens, i, used, take)
        elif tok.kind == "num" and _dual_cue(tok) is not None and _dual_cue(tok).kind == "death_noun":
            take(_Found(2, tok, tok, tok, tok.number, *_victims(tokens, i + 1)), i)  # "سقوط قتيلين"
        elif tok.kind in ("death_tail", "death_verb"):
            _death_tail(tokens, i, used, take, group_ids)
    for i in heads:
        if tokens[i].kind in ("death_lead", "death_verb") and i not in used:
            _death_lead(tokens, i, used, take, group_ids)
    _breakdowns(tokens, used, take, found, marked)
    if not found or not any(tokens[i].word in dual_units or not tokens[i].markers.isdisjoint(_TALLY_MARKERS)
                            for i in marked):
        return found  # no period, tally unit or dual noun of incidents: no tally (see _tally_reason)
    # (the tokens' indices, made once for the sentence; a mention's tokens are never plain words or
    # punctuation, nor shared: the indices of a shared marker's token, kept last, are never asked for)
    idx = {id(tokens[i]): i for i in own}
    tally_heads = _tally_heads(tokens, own)
    for f in found:
        if not f.aggregate:
            reason = _tally_reason(tokens, f, idx, tally_heads)
            if reason:
                f.aggregate, f.reason = True, reason
    return found


@functools.lru_cache(maxsize=1)
def _period_approximators() -> frozenset[str]:
    """Words of approximation before a count of time (``ago_approximators`` of data/relative_dates.yaml, their
    one-word forms folded: "نحو", "حوالي")."""
    return frozenset(fold(w) for w in read_yaml("relative_dates.yaml")["ago_approximators"] if " " not in w)


# the markers one of which a sentence must hold for _tally_reason to find a tally (with a dual noun of incidents)
_TALLY_MARKERS = frozenset({"period", "period_lead", "tally_unit"})
def _tally_heads(tokens: list[Token], own) -> list[int]:
    """The indices, in order, of the only tokens :func:`_tally_reason` reads a tally from: the words of a
    period, the figures and the dual nouns of incidents (all among ``own``, the tokens that are no plain
    word or punctuation)."""
    dual_units = _dual_tally_units()
    return [i for i in own if tokens[i].kind == "num" or tokens[i].word in dual_units
            or not tokens[i].markers.isdisjoint(_PERIOD_MARKERS)]


# the markers of the words that open a tally of a period ("منذ بداية", "خلال")
_PERIOD_MARKERS = frozenset({"period", "period_lead"})
# the kinds of token the passes of _sentence_fatalities start from
_HEAD_KINDS = frozenset(DEATH_KINDS) | {"num"}


def _dual_cue(tok: Token) -> Optional[Cue]:
    """The noun behind a dual figure ("طفلين", "القتيلين"), or None for other figures."""
    return _dual_cue_of(tok.word) if tok.kind == "num" else None


@functools.lru_cache(maxsize=1 << 12)
def _dual_cue_of(word: str) -> Optional[Cue]:
    """:func:`_dual_cue` of a figure written ``word`` (the grammar asks it of a figure many times)."""
    lex = fatality_lexicon()
    cue = lex.cues.get(word) or lex.cues.get(word[2:] if word.startswith("ال") else "")
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
    """"ارتفعت حصيلة الضحايا المدنيين منذ انطلاق الحملة إلى 58 مدنيا", "عدد القتلى 50", "عدد الشهداء نتيجة
    التفجير بلغ 31 شخصا", "بلغ عدد القتلى جراء الانفجار 31" (a verb of reaching, kind ``reach``, right before the
    figure or before the toll word)."""
    reached = i > 1 and "toll" in tokens[i - 1].markers and "reach" in tokens[i - 2].markers
    for k in range(i + 1, min(len(tokens), i + 9)):
        t = tokens[k]
        if _blocks(t) or _is_death(t):
            return
        if t.kind == "num" and k not in used:
            if k == i + 1 or tokens[k - 1].word in ("الي", "ل") or (
                    (reached or "reach" in tokens[k - 1].markers) and _count_ok_after(tokens, k, 0, False)
                    and _told_of_its_cause(tokens, i, k)):
                victims, group = _victims(tokens, k + 1)
                take(_Found(t.number.value, tokens[i], _last_of_phrase(tokens, k), tokens[i], t.number,
                            victims, group), i, k)
            return


def _told_of_its_cause(tokens: list[Token], i: int, k: int) -> bool:
    """Between the dead noun at ``i`` and a figure at ``k`` after a verb of reaching stands nothing but that
    verb, or the incident they died in ("عدد الشهداء نتيجة التفجير بلغ 31": a word of kind ``phrase_break``);
    not a day's count ("أعداد القتلى اليوم الثلاثاء بلغت 32": the day's dead of a whole country, often)."""
    between = [t for t in tokens[i + 1:k] if "reach" not in t.markers]
    return not between or "phrase_break" in between[0].markers


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
        if _lone_person(tokens, j):
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
            break
        if t.kind == "punct":
            crossed_comma = True
            continue
        if t.kind == "atleast":
            continue
        if t.kind == "person" and k > i + 1 and gap <= _NEAR_GAP and not crossed_comma and _lone_person(tokens, k):
            # "أعدم تنظيم داعش أمس الشيخ ...": the one victim after the actor and a time word
            victims, group = _victims(tokens, k)
            f = _Found(1, cue_tok, t, cue_tok, None, victims, group)
            take(f, i, k)
            _splits(tokens, k + 1, f, used, take, group_ids)
            return
        if t.kind == "num":
            if not _count_ok_after(tokens, k, gap, crossed_comma):
                return
            victims, group = _own_victims(tokens, k)
            f = _Found(t.number.value, cue_tok, _last_of_phrase(tokens, k), cue_tok, t.number, victims, group)
            if k == i + 2 and _with(tokens[i + 1]) and cue_tok.cue and cue_tok.cue.number == "sg":
                # "مقدما ... قتل مع خمسة من عناصره": the one named before the verb and the five with him
                group_ids[0] += 1
                f.group = group_ids[0]
                f.first = t
                take(_Found(1, cue_tok, cue_tok, cue_tok, None, group=group_ids[0]), i)
                take(f, k)
                return
            take(f, i, k)
            _splits(tokens, k + 1, f, used, take, group_ids)
            return
        gap += 1
    if _unnumbered_people(tokens, i, used, take):
        return
    _passive_one(tokens, i, take)


def _unnumbered_people(tokens, i, used, take) -> bool:
    """"قضت على إرهابيين", "مقتل عناصر من قوات النظام": a death word right before an indefinite plural
    noun of people with no figure -- several died (3, as "عدة"; codebook section 5)."""
    j = i + 1
    if j >= len(tokens) or j in used:
        return False
    t = tokens[j]
    if not (t.kind == "person" and t.cue and t.cue.number == "pl" and not t.definite and not t.conj):
        return False
    n = _next(tokens, j + 1)
    if n < len(tokens) and tokens[n].kind == "num":
        return False  # "مقتل مدنيين اثنين" is read as a figure
    victims, group = _victims(tokens, j)
    take(_Found(UNNUMBERED_DEATHS, tokens[i], t, tokens[i], None, victims, group, approximate=True,
                reason="unnumbered"), i, j)
    return True


def _passive_one(tokens, i, take) -> None:
    """"سليم الحداد قتل في 3 مارس", "الشاب ... قُتل إثر استهدافه": a singular death verb with no
    figure, followed by a preposition or a time word (``passive_next``), is passive: one died."""
    tok = tokens[i]
    cue = tok.cue
    if cue is None or cue.number != "sg" or not cue.count or tok.definite or tok.surface != tok.word:
        return
    if i == 0:
        return
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is None or "passive_next" in nxt.markers or nxt.kind == "punct":
        take(_Found(cue.count, tok, tok, tok, None), i)


# how far after a singular noun of people a figure of people shows that noun was the actor
_AGENT_REACH = 3


def _lone_person(tokens: list[Token], j: int) -> bool:
    """A singular noun of people at ``j`` is the one victim of a death word before it -- unless a
    figure of people follows it closely: then it is the actor ("اغتال مسلح مجهول اربعة اشخاص")."""
    t = tokens[j]
    if not (t.kind == "person" and t.cue and t.cue.number == "sg" and not t.conj):
        return False
    for k in range(j + 1, min(len(tokens), j + 1 + _AGENT_REACH)):
        u = tokens[k]
        if u.kind == "punct" or _blocks(u) or _is_death(u) or u.conj:
            break
        if u.kind == "num" and _names_people(tokens, k):
            return False
    return True


def _killed_and_injured(tokens, i, used, take) -> None:
    """"مقتل وإصابة عدة أشخاص", "مقتل وإصابة عشرات": one vague figure for both outcomes says
    that several died (3, as "عدة"); an exact figure for both ("مقتل وإصابة ثلاثة عناصر", "قتل
    وأصيب 6 مدنيين") says only that at least one of them died (1)."""
    k = _next(tokens, i + 2)
    if k < len(tokens) and k not in used and tokens[k].kind == "num":
        num = tokens[k].number
        count = UNNUMBERED_DEATHS if num.approximate else min(num.value, KILLED_AMONG_INJURED)
        if count <= 0:
            return
        victims, group = _own_victims(tokens, k)
        take(_Found(count, tokens[i], _last_of_phrase(tokens, k), tokens[i], None, victims, group,
                    approximate=True, reason="unnumbered"), i, k)


# how far before "بين قتيل وجريح" the figure of the people it sorts may stand ("120 شخصا بين")
_SORTED_BACK = 8


def _killed_or_injured(tokens, i, used, take) -> None:
    """"85 شخصا بين قتيل وجريح", "سقط عدد من عناصر الحامية بين قتيل وجريح": people sorted into
    dead and injured without a figure for the dead -- several died (3, as "عدة"), fewer when the
    whole figure is smaller; the figure itself is not a death count."""
    tok = tokens[i]
    if tok.cue is None or tok.cue.number != "sg" or i + 1 >= len(tokens):
        return
    nxt = tokens[i + 1]
    if not (nxt.conj and nxt.kind == "injury"):
        return
    count = UNNUMBERED_DEATHS
    first = tok
    for k in range(i - 2, max(-1, i - 2 - _SORTED_BACK), -1):
        t = tokens[k]
        if k in used or _blocks(t) or _is_death(t) or t.kind == "punct":
            break
        if t.kind == "num":
            used.add(k)
            first = t
            if not t.number.approximate:
                count = max(1, min(count, t.number.value - 1))
            break
    victims, group = _victims(tokens, i + 2)
    take(_Found(count, first, nxt, tok, None, victims, group, approximate=True, reason="unnumbered"), i, i + 1)


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
                and not _is_death(tokens[j]) and tokens[j].kind not in ("num", "punct") and not _with(tokens[j]) \
                and "join" not in tokens[j].markers:
            j += 1
        if j + 2 < len(tokens) and tokens[j].word == "," and "join" in tokens[j + 1].markers:
            j += 1  # "30 قتيلا من المعارضة، إضافة إلى مائة عنصر من الجيش": the comma before the joining word
        if j + 1 < len(tokens) and "join" in tokens[j].markers:
            # "26 مقاتلا من قوات النظام إضافة إلى تسعة مقاتلين روس": a further count, added like one after "و"
            if not (tokens[j + 1].kind == "num" and _names_people(tokens, j + 1)):
                break
            j += 1
        elif j + 1 < len(tokens) and (tokens[j].word == "," or _with(tokens[j])) and (tokens[j + 1].conj or _with(tokens[j])):
            # "مقتل تسعة مدنيين، وأربعة عناصر"; "قتل ضابط ... مع خمسة من عناصره"
            if _with(tokens[j]) and not (tokens[j + 1].kind == "num" and _names_people(tokens, j + 1)):
                break
            j += 1
        elif j >= len(tokens) or not tokens[j].conj:
            break
        if j in used:
            break
        t = tokens[j]
        if t.kind == "num" and (_names_people(tokens, j) or _parallel_place(tokens, k - 1, j)) \
                and not _followed_by_blocker(tokens, j):
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


def _parallel_place(tokens: list[Token], before: int, j: int) -> bool:
    """The bare figure at ``j`` is told "في" a place (``place_in`` of fatality_cues.tsv; not "في المئة": ``not_place``)
    like the part before it, whose figure or person is at ``before`` ("قتل 6 في بلدة سراقب، و5 في بلدة معرة النعمان";
    "20 مدنيا في كفرنبل، و6 في سراقب"): a further part of the count, its victims left unsaid."""
    def in_at(n: int) -> bool:
        return n + 1 < len(tokens) and "place_in" in tokens[n].markers and not tokens[n].conj \
            and tokens[n + 1].kind not in ("num", "punct") and "not_place" not in tokens[n + 1].markers

    if not in_at(_next(tokens, j + 1)):
        return False
    n = _next(tokens, before + 1)
    if n < len(tokens) and tokens[n].kind == "person" and tokens[before].kind == "num":
        n = _next(tokens, n + 1)
    return in_at(n)


def _with(tok: Token) -> bool:
    """The token is the word of company ("مع": kind ``with`` of fatality_cues.tsv): "قتل ضابط ... مع خمسة من عناصره"."""
    return "with" in tok.markers


def _followed_by_blocker(tokens: list[Token], j: int) -> bool:
    n = _next(tokens, j + 1)
    return n < len(tokens) and tokens[n].kind in ("injury", "outcome")


def _death_tail(tokens, i, used, take, group_ids) -> None:
    """"لقي ثلاثة حتفهم", "15 شخصا قتلوا", "25 ... وثمانية من مقاتلي داعش، قتلوا", "لقي حتفه"."""
    cue_tok = tokens[i]
    lo = i
    breakdown = i  # "عشرين شخصا بينهم مسلحون ومعارضون قتلوا": the breakdown before the verb is read past
    for k in range(i - 1, max(-1, i - 1 - _TAIL_WINDOW), -1):
        t = tokens[k]
        if "breakdown" in t.markers and breakdown == i and t.kind not in ("injury", "outcome", "punct") \
                and k not in used:
            breakdown = k
            lo = k
            continue
        if k in used or _blocks(t) or _is_death(t):
            break
        if t.kind == "punct" and k != i - 1:
            break  # a comma right before the verb ends a long subject: "... داعش، قتلوا"
        lo = k
    if breakdown == lo:
        lo, breakdown = breakdown + 1, i  # nothing read before the breakdown: the scan stops at it, as before
    nums = [k for k in range(lo, breakdown) if tokens[k].kind == "num"]
    # the subject: the first figure that names people ("قائد اللواء 80 ونائبه وعددا من الجنود قتلوا")
    first = next((k for k in nums if _names_people(tokens, k, i)), None)
    if first is not None and (first == lo and lo > 0 and _blocks(tokens[lo - 1]) and tokens[lo - 1].kind != "punct"):
        first = None  # "وأصيب 14 آخرون ... قتلوا": the figure is the injured's
    if first is not None:
        last_num = max(k for k in nums if k == first or (k > first and tokens[k].conj))
        between = [t for t in tokens[_phrase_end(tokens, last_num) : breakdown] if t.kind not in ("punct", "atleast")]
        if len(between) > _TAIL_GAP:
            first = None  # "عدد من المقاتلين الروس الذين كانوا يعملون ... وقتلوا": too far to be the subject
    if _person_and_figures(tokens, i, lo, nums, first, take, group_ids):
        used.add(i)
        return
    if first is None or not _count_ok_after(tokens, first, 0, False) or _followed_by_blocker(tokens, first):
        if cue_tok.cue and cue_tok.cue.count:
            # "مقتله", "لقي حتفه", "مصرعهما": the pronoun says how many
            pronoun = _Found(cue_tok.cue.count, cue_tok, cue_tok, cue_tok, None)
            take(pronoun, i)
            _companions(tokens, i, pronoun, take, group_ids, used)
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


def _companions(tokens, i, pronoun: _Found, take, group_ids, used) -> None:
    """"أدى إلى مقتله وسائقه", "مصرعه مع سائقه": a singular noun of people right after a pronoun toll (``pronoun``,
    of token ``i``), joined by "و" or after "مع", died with him: one more, in the toll's group (the two add up)."""
    k = i + 1
    if k < len(tokens) and _with(tokens[k]) and not tokens[k].conj:
        k += 1
    elif not (k < len(tokens) and tokens[k].conj):
        return
    if k >= len(tokens) or k in used:
        return
    t = tokens[k]
    if t.kind != "person" or t.cue is None or t.cue.number != "sg" or t.start < 0 or _followed_by_blocker(tokens, k):
        return
    group_ids[0] += 1
    pronoun.group = group_ids[0]
    take(_Found(1, t, t, pronoun.cue, None, *_person_victims(tokens, k), group=group_ids[0]), k)


def _person_and_figures(tokens, i, lo, nums, first, take, group_ids) -> bool:
    """"قياديا في جماعة مسلحة وثلاثة متطرفين آخرين قتلوا": a singular noun of people (one) and the
    figures joined to it by "و", the subject of a death verb after them, are added up."""
    head = next((k for k in range(lo, i) if tokens[k].kind == "person" and tokens[k].cue
                 and tokens[k].cue.number == "sg" and not tokens[k].conj), None)
    if head is None or (first is not None and first < head):
        return False
    joined = [k for k in nums if k > head and tokens[k].conj and _names_people(tokens, k, i)
              and not _followed_by_blocker(tokens, k)]
    if not joined or any(k for k in nums if head < k < joined[0]):
        return False
    between = [t for t in tokens[_phrase_end(tokens, joined[-1]) : i] if t.kind not in ("punct", "atleast")]
    if len(between) > _TAIL_GAP:
        return False
    cue_tok = tokens[i]
    group_ids[0] += 1
    take(_Found(1, tokens[head], tokens[head], cue_tok, None, *_person_victims(tokens, head), group=group_ids[0]), head)
    for k in joined:
        t = tokens[k]
        last = cue_tok if k == joined[-1] else _last_of_phrase(tokens, k)
        take(_Found(t.number.value, t, last, cue_tok, t.number, *_own_victims(tokens, k), group=group_ids[0]), k)
    return True


def _breakdowns(tokens, used, take, found: list[_Found], marked: Optional[list[int]] = None) -> None:
    """"بينهم 5 أطفال", "بينهم طفل" after a count: part of a total, flagged aggregate.
    (``marked``: the indices of the tokens the grammar starts from, in order, when the caller has them:
    those with a marker of :data:`_START_MARKERS` ("بينهم" is a breakdown) and the dual nouns of incidents.)"""
    if not found:
        return
    first_start = min(f.first.start for f in found)
    for i in range(len(tokens)) if marked is None else marked:
        tok = tokens[i]
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


def _clause(tokens: list[Token], f: _Found, idx: Optional[dict[int, int]] = None) -> tuple[int, int]:
    """Token range of the clause around a mention: from the punctuation (or word of raising) before it to the one after.
    (``idx``: the index of each token by ``id``, when the caller has it.)"""
    if idx is None:
        idx = _token_index(tokens)
    a = min(idx[id(f.first)], idx[id(f.cue)])
    b = max(idx[id(f.last)], idx[id(f.cue)])
    # (a word of raising a running total, "ليرتفع عدد القتلى إلى 46 منذ 17 يونيو", opens a clause of its own)
    while a > 0 and tokens[a - 1].kind != "punct" and "raise" not in tokens[a].markers:
        a -= 1
    while b + 1 < len(tokens) and tokens[b + 1].kind != "punct" and "raise" not in tokens[b + 1].markers:
        b += 1
    return a, b + 1


def _token_index(tokens: list[Token]) -> dict[int, int]:
    return {id(t): n for n, t in enumerate(tokens)}


@functools.lru_cache(maxsize=1)
def _tally_units() -> frozenset[str]:
    """Units of time of a day or longer ("أسبوع", "أيام"): the others are hours."""
    units = read_yaml("relative_dates.yaml")["ago_units"]
    return frozenset(fold(str(w)).strip() for u in units if u.get("days", 1) != 0
                     for number in ("singular", "plural", "dual") for w in u[number])


@functools.lru_cache(maxsize=1)
def _dual_tally_units() -> frozenset[str]:
    """Dual nouns of incidents ("هجومين", "غارتين"): rows of kind ``tally_unit`` with number ``du``."""
    return frozenset(fold(r["form"]).strip() for r in read_tsv("fatality_cues.tsv")
                     if r["kind"] == "tally_unit" and r["number"] == "du")


def _unit_after(tokens: list[Token], n: int, hi: int) -> str:
    """The first word from ``n`` on that is not a number or a bare article ("الـ24 ساعة" -> "ساعه")."""
    for m in range(n, min(hi, n + 4)):
        w = tokens[m].word
        if tokens[m].kind != "num" and parse_number(w) is None and w != "ال":
            return w
    return ""


def _sub_day(word: str) -> bool:
    """A unit of time shorter than a day ("الساعات" of "خلال الساعات الماضية")."""
    units = fatality_lexicon().time_units - _tally_units()
    return word in units or (word.startswith("ال") and word[2:] in units)


def _tally_reason(tokens: list[Token], f: _Found, idx: Optional[dict[int, int]] = None,
                  heads: Optional[list[int]] = None) -> str:
    """"period" for "منذ بداية"/"خلال أسبوع" in the clause of the mention (or in a clause opening
    its sentence), "incidents" for "في 25 هجوماً"; "" otherwise. (``heads``: the indices, in order, of the
    tokens with a marker of a period, of the figures and of the dual nouns of incidents, when the caller
    has them: the only tokens a tally is read from, so the others are not looked at.)"""
    lex = fatality_lexicon()
    a, b = _clause(tokens, f, idx)
    ranges = [(a, b)]
    if a > 0:  # a sentence that opens with the period: "منذ بداية العام، قتل 500 شخص"
        end0 = next((n for n, t in enumerate(tokens) if t.kind == "punct"), 0)
        if end0 < a and not any(_is_death(t) for t in tokens[:end0]):
            ranges.append((0, end0))
    for r, (lo, hi) in enumerate(ranges):
        for n in range(lo, hi) if heads is None else heads[bisect_left(heads, lo) : bisect_left(heads, hi)]:
            t = tokens[n]
            if ("period" in t.markers or "period_lead" in t.markers) and any(
                "comparison" in tokens[m].markers for m in range(max(lo, n - 4), n)
            ):
                continue  # "الهجوم الأسوأ خلال العام الجاري": a comparison, not a tally
            if "period" in t.markers:
                return "period"
            if "period_lead" in t.markers:
                # "منذ 17 يونيو", "خلال الشهر الماضي"; but "خلال الساعات الماضية" is the day of the report
                # (a counted span of hours, "خلال 24 ساعة", is still a daily tally, below)
                if n + 1 < hi and tokens[n + 1].in_date and not _sub_day(_unit_after(tokens, n + 1, hi)):
                    return "period"
                # "خلال أسبوع", "خلال الـ24 ساعة", "منذ ثلاثة أيام": a unit of time within three words
                for m in range(n + 1, min(hi, n + 4)):
                    w = tokens[m].word
                    if w in lex.time_units or (w.startswith("ال") and w[2:] in lex.time_units):
                        if _sub_day(w) and not any(tokens[k].kind == "num" or parse_number(tokens[k].word) is not None
                                                   for k in range(n + 1, m)):
                            break  # "خلال الساعات الماضية": hours with no count are the day of the report
                        return "period"
                    if tokens[m].kind != "num" and parse_number(w) is None and w != "ال" \
                            and w not in _period_approximators():
                        break  # ("على مدى نحو عامين": a word of approximation before the unit is read past)
            # "في 25 هجوماً": an exact count of incidents or places in the mention's own clause
            # ("في عدد من أحياء دمشق" is where one incident spread, not a tally)
            if r == 0 and t.kind == "num" and t.number.value > 1 and not t.number.approximate \
                    and n > lo and tokens[n - 1].word == "في":
                nxt = tokens[n + 1] if n + 1 < len(tokens) else None
                if nxt is not None and "tally_unit" in nxt.markers:
                    return "incidents"
            # "في هجومين": a dual noun of incidents counts two by itself
            if r == 0 and t.word in _dual_tally_units() and n > lo and tokens[n - 1].word == "في":
                return "incidents"
    return ""
