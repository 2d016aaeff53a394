"""Stage: place mentions, resolved in the gazetteer, with the precision their phrase implies.

``find_places(doc, res)`` fills ``doc.places`` with :class:`~marsad.document.PlaceMention` spans:

1. **Match.** The gazetteer's Aho-Corasick automaton runs over ``doc.norm`` with every non-word
   character turned into a space, so names are found at word ends; the word start must be the
   name itself or the name after proclitics (و ف ب ل and their combinations; ``لل`` before a
   name that starts with the article: "للرقة"). Overlapping names: the longest wins
   ("دير الزور" over "دير", "رأس العين" over "العين").
2. **Phrase.** Words before the name (``place_cues.tsv``, ``place_qualifiers.tsv``) give the
   kind of place ("بلدة X", "مطار X") and the precision (codebook sections 2 and 7): "ريف X",
   "قرب X", "شمال X" -> 2 with X's coordinates; "محافظة X" -> the governorate, 3; "حي Y في
   مدينة X" with Y unknown -> X, 2; a governorate or region alone -> its capital, 3; a site
   (airbase, camp, prison, dam, crossing, oil field) -> 2.
3. **Stoplist.** Names that are ordinary words (``place_stoplist.tsv``: الكرامة، الثورة ...) count
   only when cued, qualified, or listed with other places ("في الرقة والطبقة والكرامة").
4. **Datelines** ("بيروت (أ ف ب) -") get ``role="dateline"``: never an event place.
   **Names**: a place inside the name of an organisation, unit or outlet ("شرطة كركوك", "لواء "درع
   حماة"", "مركز اعلام الغوطة", "(بغداد اليوم)"; words in ``place_institutions.tsv``) gets
   ``role="name"``: not an event place either, but still context for ranking namesakes.
   **Reference points**: a place after a distance that locates a place told before it ("جلولاء 140كم شمال
   شرق بغداد", ``place_distances.tsv``) gets ``role="reference"``: not an event place.
5. **Namesakes.** Candidates are ranked by cue/kind fit, a governorate or city named in the same
   sentence, distance to the article's unambiguous places, the article's country (country names
   and vocabulary of ``place_country_cues.tsv``), kind and population. ``candidates`` keeps the
   ranking; ``place`` is the first.
"""
from __future__ import annotations

import functools
import math
import re
from bisect import bisect_right
from operator import attrgetter
from dataclasses import dataclass, field, fields
from typing import Optional

from ..document import Document, Place, PlaceMention
from ..gazetteer import Gazetteer, load_gazetteer
from ..gazetteer.store import SPACE_LEAD_KEY
from ..geo import km_between
from ..gazetteer.names import ARTICLE, name_key
from ..text import fold, proclitics
from ..resources import read_tsv, split_list

# --------------------------------------------------------------------------- lexicon

# A space stays a space (same text, half the work of [^\w]); "_" (a word character) is replaced apart:
# a bare character class is a third faster than one with an alternative.
_NON_WORD = re.compile(r"[^\w ]")
# What may stand between the words of a phrase ("مطار "المزة"", "حقل “العمر”").
_GAP_OK = re.compile(r"[ \t\"'“”«»‘’(#_]*")
_GAP_OK_CHARS = " \t\"'“”«»‘’(#_"  # (the same characters: a gap is one when str.strip of them leaves nothing)

# Proclitics allowed before a name (folded). A name that starts with the article takes no ل
# (ل + ال is written لل, matched on the name's core).
# ("ك", like: "في عدد من المدن الجنوبية كالبصرة والناصرية"; only before the article, where no name starts with it)
_PREFIXES_ARTICLE = frozenset({"", "و", "ف", "ب", "وب", "فب", "ك", "وك"})
_PREFIXES_CORE = frozenset({"", "و", "ف"})  # before "لل" + core, which the automaton holds
_PREFIXES_PLAIN = frozenset({"", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل"})
# A name the gazetteer writes without the article, written with it ("الحماميات" for OCHA's حماميات).
_PREFIXES_ADDED_ARTICLE = frozenset({"ال", "وال", "فال", "بال", "وبال", "فبال", "لل", "ولل", "فلل"})

_MAX_PREFIX = max(len(p) for p in _PREFIXES_ARTICLE | _PREFIXES_CORE | _PREFIXES_PLAIN | _PREFIXES_ADDED_ARTICLE)

# Places that are not a settlement: "near" the place, precision 2 (a square or a citadel is a spot in its city: 1).
SITE_KINDS = frozenset({"camp", "airbase", "base", "prison", "dam", "crossing", "oilfield"})
_SETTLEMENTS = frozenset({"city", "town", "village", "neighbourhood"})
# Cue kinds compared whole ("محافظة X", "حي X"): constants, not a set built at each comparison.
_GOVERNORATE_ONLY = frozenset({"governorate"})
_NEIGHBOURHOOD_ONLY = frozenset({"neighbourhood"})
MAX_CANDIDATES = 10
_MEMO_SIZE = 8192  # entries of one memo of pure results (cleared when full: a bound on memory)


@dataclass(frozen=True)
class Qualifier:
    phrase: str  # as the data file writes it
    type: str  # near, direction, centre, admin, district, suffix, adjective, link
    precision: Optional[int]


@dataclass(frozen=True)
class Cue:
    phrase: str
    kinds: frozenset
    precision: Optional[int]


@dataclass
class PlaceLexicon:
    """The place stage's language data, folded and indexed (built once per process)."""

    qualifiers: dict[tuple[str, ...], Qualifier]
    cues: dict[tuple[str, ...], Cue]
    adjectives: dict[tuple[str, ...], str]
    links: frozenset
    suffixes: dict[str, Qualifier]
    split_words: frozenset
    stoplist: dict[str, bool]
    agencies: tuple[str, ...]
    country_cues: dict[str, tuple[str, float]]
    country_cue_automaton: object  # Aho-Corasick over "phrase " (searched in boundary text)
    max_phrase: int = 4
    cue_last_words: frozenset = frozenset()
    qualifier_last_words: frozenset = frozenset()
    split_phrases: frozenset = frozenset()  # qualifiers as written whose "X" is always a place ("ريف")
    institutions: dict = field(default_factory=dict)  # folded word -> Institution (place_institutions.tsv)
    outlet_words: frozenset = frozenset()  # "(بغداد اليوم)": words after a name that make a bracket an outlet
    phrase_words: frozenset = frozenset()  # last words of cues and qualifiers, and links: a quick test
    suffix_initials: frozenset = frozenset()  # first letters of the suffixes ("وريفها")
    governments: frozenset = frozenset()  # words before a capital that make it its government (place_governments.tsv)
    capitals: tuple = ()  # (latitude, longitude) of the countries' capitals (place_countries.tsv)
    anaphors: dict = field(default_factory=dict)  # folded definite noun -> (folded cue, kinds) (place_anaphors.tsv)
    pairs: frozenset = frozenset()  # "بين": a capital paired with a party that is no place is its government
    patrons: frozenset = frozenset()  # "موالية": a capital after it and "ل" is the government served (place_governments.tsv)
    backers: frozenset = frozenset()  # "مدعومة": a capital after it and "من" is the government backing (place_governments.tsv)
    distance_units: dict = field(default_factory=dict)  # folded unit word -> km per unit (place_distances.tsv)
    distance_links: frozenset = frozenset()  # "عن", "من" between a distance and its reference point
    distance_between: frozenset = frozenset()  # "إلى الشمال الشرقي" between a distance and its link
    dual_anaphors: frozenset = frozenset()  # anaphors that name two places ("البلدتين"), place_anaphors.tsv count 2
    homonym_duals: dict = field(default_factory=dict)  # a dual that is also a name -> the dual cue before its pair ("قريتي")
    capital_memo: dict = field(default_factory=dict)  # (latitude, longitude) -> near a capital (_at_capital)
    phrase_end_memo: dict = field(default_factory=dict)  # word -> some phrase_words entry ends it (_phrase)
    suffix_splits: bool = False  # a suffix ("وريفها") is written as one of split_phrases (_phrase_may_open_before)
    # qualifiers meaning "the countryside of" ("ريف", "الريف", "أرياف"; class countryside of data/event_cues.tsv):
    # a place "بريف X" lies in X's governorate, whatever namesake lies nearer X across a border
    countryside: frozenset = frozenset()


@dataclass(frozen=True)
class Institution:
    word: str  # as the data file writes it
    kind: str  # office, unit, media, campus, member, link, site
    direct: bool  # the noun right before a name makes it a name ("شرطة كركوك"; not "جبهة الزبداني")


def _tokens(phrase: str) -> tuple[str, ...]:
    return tuple(name_key(phrase).split())


def _precision(value: str) -> Optional[int]:
    return int(value) if value.strip() else None


@functools.lru_cache(maxsize=1)
def place_lexicon() -> PlaceLexicon:
    """The place stage's data files, folded for matching."""
    qualifiers: dict[tuple[str, ...], Qualifier] = {}
    adjectives: dict[tuple[str, ...], str] = {}
    links, suffixes, split_words = set(), {}, set()
    for row in read_tsv("place_qualifiers.tsv"):
        q = Qualifier(row["phrase"], row["type"], _precision(row["precision"]))
        toks = _tokens(row["phrase"])
        if q.type == "adjective":
            adjectives[toks] = row["phrase"]
        elif q.type == "link":
            links.add(" ".join(toks))
        elif q.type == "suffix":
            suffixes[" ".join(toks)] = q
        else:
            qualifiers[toks] = q
            if row.get("split") == "yes":
                split_words.add(" ".join(toks))
    # "الريف الغربي", "الأطراف الشمالية": a near qualifier with the article, then a direction adjective.
    for toks, q in list(qualifiers.items()):
        if q.type == "near" and len(toks) == 1 and toks[0].startswith(ARTICLE):
            for adj in adjectives:
                qualifiers.setdefault(toks + adj, Qualifier(f"{q.phrase} {adjectives[adj]}", q.type, q.precision))
    cues = {}
    for row in read_tsv("place_cues.tsv"):
        cues[_tokens(row["cue"])] = Cue(row["cue"], frozenset(split_list(row["kinds"])), _precision(row["precision"]))
        if row.get("split") == "yes":
            split_words.add(" ".join(_tokens(row["cue"])))
    # name -> whether a list of places also makes it count ("cue or list") or only a cue ("cue")
    stoplist = {name_key(row["name"]): row["counts_when"] == "cue or list" for row in read_tsv("place_stoplist.tsv")}
    agencies = tuple(sorted({name_key(row["agency"]) for row in read_tsv("place_datelines.tsv")}, key=len, reverse=True))
    country_cues = {}
    for row in read_tsv("place_country_cues.tsv"):
        country_cues[name_key(row["phrase"])] = (row["country_code"], float(row["weight"] or 1))
    import ahocorasick

    cue_automaton = ahocorasick.Automaton()
    cue_automaton.add_word(SPACE_LEAD_KEY, None)  # (never found: a space first among the root's children)
    for phrase, value in country_cues.items():
        cue_automaton.add_word(phrase + " ", (len(phrase), value))
    cue_automaton.make_automaton()
    longest = max(len(t) for t in list(qualifiers) + list(cues))
    institutions, outlet_words = {}, set()
    for row in read_tsv("place_institutions.tsv"):
        if row["kind"] == "outlet":
            outlet_words.add(name_key(row["word"]))
        else:
            institutions[name_key(row["word"])] = Institution(row["word"], row["kind"], row["direct"] == "yes")
    government_rows = read_tsv("place_governments.tsv")
    governments = frozenset(name_key(row["word"]) for row in government_rows if row["kind"] not in ("pair", "patron"))
    pairs = frozenset(name_key(row["word"]) for row in government_rows if row["kind"] == "pair")
    capitals = tuple((float(row["latitude"]), float(row["longitude"])) for row in read_tsv("place_countries.tsv")
                     if row["latitude"] and row["longitude"])
    lex = PlaceLexicon(qualifiers, cues, adjectives, frozenset(links), suffixes, frozenset(split_words),
                        stoplist, agencies, country_cues, cue_automaton, longest,
                        frozenset(t[-1] for t in cues), frozenset(t[-1] for t in qualifiers),
                        frozenset(q.phrase for t, q in qualifiers.items() if " ".join(t) in split_words),
                        institutions, frozenset(outlet_words),
                        frozenset(t[-1] for t in cues) | frozenset(t[-1] for t in qualifiers) | frozenset(links),
                        frozenset(k[:1] for k in suffixes), governments, capitals,
                        {name_key(row["noun"]): (name_key(row["cue"]), frozenset(split_list(row["kinds"])))
                         for row in read_tsv("place_anaphors.tsv")}, pairs)
    lex.suffix_splits = not lex.split_phrases.isdisjoint(q.phrase for q in suffixes.values())
    lex.patrons = frozenset(name_key(row["word"]) for row in government_rows if row["kind"] == "patron")
    lex.backers = frozenset(name_key(row["word"]) for row in government_rows if row["kind"] == "backer")
    countryside = {name_key(row["phrase"]) for row in read_tsv("event_cues.tsv") if row["class"] == "countryside"}
    lex.countryside = frozenset(countryside | {ARTICLE + w for w in countryside})
    lex.dual_anaphors = frozenset(name_key(row["noun"]) for row in read_tsv("place_anaphors.tsv") if row["count"] == "2")
    lex.homonym_duals = {name_key(row["noun"]): name_key(row["homonym_cue"])
                         for row in read_tsv("place_anaphors.tsv") if row["homonym_cue"]}
    distances = read_tsv("place_distances.tsv")
    lex.distance_units = {name_key(r["word"]): float(r["km_factor"]) for r in distances if r["kind"] == "unit"}
    lex.distance_links = frozenset(name_key(r["word"]) for r in distances if r["kind"] == "link")
    lex.distance_between = frozenset(name_key(r["word"]) for r in distances if r["kind"] == "between")
    return lex


# --------------------------------------------------------------------------- matching


# Names shorter than this match with an article the gazetteer lacks only after a cue ("ناحية الدبس").
_MIN_ADDED_ARTICLE = 4


@dataclass(slots=True)
class _Hit:
    word_start: int  # norm offset of the word (proclitics included)
    start: int  # norm offset of the name
    end: int  # norm offset just past the name
    key: str
    form: str  # "full"; "core": after لل ("للرقة"); "article": with an article the name lacks
    place_ids: tuple[str, ...]
    prefix: str


# Non-word characters of folded text, and "_" (normalize folds quotes, dashes and Arabic punctuation to
# ASCII ones): replaced one by one in boundary_text, which leaves any other to the regex.
_COMMON_NON_WORD = tuple(".,\n\"()-:/?_;'#")  # (each in 1% of articles or more; a rarer one costs a regex pass)


def boundary_text(norm: str) -> str:
    """``norm`` with every non-word character as a space (same length, same offsets)."""
    # each common non-word character that the text holds replaced in turn (str.find and str.replace, a
    # fraction of the time of a regex that asks the Unicode database about every character); then what
    # is left must be word characters and spaces (str.isalnum is re's \w less "_", replaced already),
    # else the regex replaces the rest (what was replaced is no word character either: the same text)
    out = norm
    for ch in _COMMON_NON_WORD:
        if ch in out:
            out = out.replace(ch, " ")
    if not out.replace(" ", "a").isalnum() and out:
        out = _NON_WORD.sub(" ", out)
    return out


def _boundary_text_reference(norm: str) -> str:
    """:func:`boundary_text` as the regex it was (the tests pin the fast form to it)."""
    out = _NON_WORD.sub(" ", norm)
    return out.replace("_", " ") if "_" in out else out


# A quote or hashtag underscore inside a name ("حقل “العمر” النفطي", "#مخيم _الهول"): two or more
# separators between two words, spaces, quotes, '#' or '_' with at least one that is not a space, not
# starting with a quote that closes the word before it ('حي طريق الباب" شرقي حلب': the name ended there).
_NAME_GAP_CHAR = re.compile(r"[\"'“”«»‘’#_]")  # one character: a regex without a repeat is 3x faster here
_NAME_GAP_CHARS = tuple("\"'“”«»‘’#_")  # (the same characters, each found with str.find)
_GAP_CHARS = frozenset(" \t\"'“”«»‘’#_")
_CLOSING_QUOTES = frozenset("\"”»'’")
_GAP_WINDOW = 40  # characters of text on each side of such a gap matched again


def _gap_hits(automaton, joining: frozenset, norm: str, text: str) -> list[_Hit]:
    """Names written with a quote, underscore or extra space between their words: the text around
    each such gap between two words that stand side by side in some name is matched again with the
    gap as one space."""
    out: list[_Hit] = []
    n, done = len(norm), -1
    seconds = _second_words(joining)
    for r0 in _gap_char_positions(norm):
        if r0 < done:
            continue  # in the run of the previous one
        r1 = r0 + 1
        while r0 > 0 and norm[r0 - 1] in _GAP_CHARS:
            r0 -= 1
        while r1 < n and norm[r1] in _GAP_CHARS:
            r1 += 1
        done = r1
        if r1 - r0 < 2 or r0 == 0 or r1 >= n or text[r0 - 1] == " " or text[r1] == " " \
                or norm[r0] in _CLOSING_QUOTES:
            continue  # one separator (matched already), not between two words, or a closing quote
        nxt = text.find(" ", r1)
        if text[r1:nxt] not in seconds:
            continue  # no name has this word second (the quick test: most gaps are between other words)
        w = text.rfind(" ", 0, r0) + 1
        pair = text[w:r0] + " " + text[r1:nxt]
        if not any(pair[i:] in joining for i in range(min(_MAX_PREFIX, r0 - w - 1) + 1)):
            continue  # no name has these two words side by side
        a = text.rfind(" ", 0, max(0, r0 - _GAP_WINDOW)) + 1
        b = text.find(" ", min(len(text) - 1, r1 + _GAP_WINDOW))
        b = len(text) - 1 if b < 0 else b
        window = text[a:r0] + " " + text[r1:b] + " "
        g = r0 - a  # the gap's one space in the window; after it, window offset p is text offset p + shift
        shift = r1 - g - 1
        for h in _scan(automaton, window):
            if h.word_start < g < h.end:  # names across the gap only (the others were found already)
                h.word_start, h.start, h.end = a + h.word_start, a + h.start, h.end + shift
                out.append(h)
    return out


def _gap_char_positions(norm: str) -> list[int]:
    """Where ``norm`` holds a character of ``_NAME_GAP_CHAR``, in order: each character searched with
    str.find (a fast scan of the text for one character; the text holds few of them), not the regex."""
    positions: list[int] = []
    find, append = norm.find, positions.append
    for ch in _NAME_GAP_CHARS:
        p = find(ch)
        while p >= 0:
            append(p)
            p = find(ch, p + 1)
    positions.sort()
    return positions


_SECOND_WORDS: dict[int, tuple[frozenset, frozenset]] = {}


def _second_words(joining: frozenset) -> frozenset:
    """The second words of the pairs of ``joining`` ("مخيم الهول" -> "الهول"), once per gazetteer."""
    cached = _SECOND_WORDS.get(id(joining))
    if cached is None or cached[0] is not joining:
        cached = _SECOND_WORDS[id(joining)] = (joining, frozenset(p.split(" ", 1)[1] for p in joining))
    return cached[1]


def _new_hit(word_start: int, start: int, end: int, key: str, form: str, place_ids: tuple, prefix: str) -> _Hit:
    """``_Hit(...)`` without the dataclass ``__init__``: a class call with a Python ``__init__`` costs
    twice a plain function call that sets the slots (a hit is made for every name found)."""
    h = _NEW(_Hit)
    h.word_start, h.start, h.end, h.key, h.form, h.place_ids, h.prefix = \
        word_start, start, end, key, form, place_ids, prefix
    return h


_NEW = object.__new__


def _scan(automaton, text: str) -> list[_Hit]:
    """Names found in ``text`` (ending with a space) at word ends, with allowed proclitics, in end order."""
    hits: list[_Hit] = []
    rfind, append, new, Hit = text.rfind, hits.append, _NEW, _Hit  # (locals: read once per name found)
    for end, value in automaton.iter(text):  # end: index of the trailing space of "key "
        key = value.key
        start = end - len(key)
        if start == 0 or text[start - 1] == " ":
            ids = value.full_ids
            if ids:  # (most names: the bare word, a "full" hit with or without the article)
                h = new(Hit)  # (_new_hit, inlined: the common case)
                h.word_start = h.start = start
                h.end, h.key, h.form, h.place_ids, h.prefix = end, key, "full", ids, ""
                append(h)
                continue
            word_start, prefix = start, ""
        else:
            word_start = rfind(" ", 0, start) + 1
            if start - word_start > _MAX_PREFIX:
                continue  # inside a longer word
            prefix = text[word_start:start]
        if value.full_ids and prefix in (_PREFIXES_ARTICLE if value.has_article else _PREFIXES_PLAIN):
            append(_new_hit(word_start, start, end, key, "full", value.full_ids, prefix))
        elif value.core_ids and prefix in _PREFIXES_CORE:
            append(_new_hit(word_start, start + 2, end, key[2:], "core", value.core_ids, prefix + "لل"))
        elif value.full_ids and not value.has_article and prefix in _PREFIXES_ADDED_ARTICLE:
            append(_new_hit(word_start, start, end, key, "article", value.full_ids, prefix))
    return hits


def _matches(gaz: Gazetteer, bnd: str, lex: PlaceLexicon, norm: str = "") -> list[_Hit]:
    """Names found at word ends whose word start is the name or allowed proclitics; longest wins."""
    automaton = gaz.automaton_for(lex.split_words)
    text = bnd + " "
    hits = _scan(automaton, text)
    if norm:
        extra = _gap_hits(automaton, gaz.joining_words(lex.split_words), norm, text)
        if extra:
            hits.extend(extra)
            hits.sort(key=lambda h: h.end)
    if len(hits) < 2:
        return hits
    # the automaton reports hits in the order of their ends: no hit starting before the previous one
    # ends means no overlap, and the hits are already in text order
    prev_end = -1
    for h in hits:
        if h.word_start < prev_end:
            break
        prev_end = h.end
    else:
        return hits
    return _without_overlaps(hits)


def _without_overlaps(hits: list[_Hit]) -> list[_Hit]:
    """``hits`` (in the order of their ends) less those that overlap a longer one, in text order.

    The names that overlap ("الغوطه" in "الغوطه الشرقيه") make groups apart from the others: the
    longest wins within each group (no choice in one group bears on another), a name alone is kept."""
    by_start = sorted(hits, key=_WORD_START)
    taken: list[_Hit] = []
    i, n = 0, len(by_start)
    while i < n:
        j, reach = i + 1, by_start[i].end
        while j < n and by_start[j].word_start < reach:
            reach = max(reach, by_start[j].end)
            j += 1
        if j == i + 1:
            taken.append(by_start[i])
        elif j == i + 2:
            # two names that overlap (the most common group: "دير الزور" and "الزور"): _longest_first keeps
            # the first in its order, the other overlapping it
            a, b = by_start[i], by_start[i + 1]
            taken.append(b if (b.word_start - b.end, b.start - b.end, b.word_start)
                         < (a.word_start - a.end, a.start - a.end, a.word_start) else a)
        else:
            taken.extend(_longest_first(by_start[i:j]))
        i = j
    return taken


_WORD_START = attrgetter("word_start")


def _longest_first(group: list[_Hit]) -> list[_Hit]:
    """The names of ``group`` kept, in text order: the longest word span first; on one span the longest
    name (the fewest letters taken as proclitics); then each name that overlaps none kept before it."""
    group.sort(key=lambda h: (h.word_start - h.end, h.start - h.end, h.word_start))  # (stable: ties keep order)
    kept: list[_Hit] = []
    for h in group:
        if all(h.end <= k.word_start or k.end <= h.word_start for k in kept):
            kept.append(h)
    kept.sort(key=_WORD_START)
    return kept


# --------------------------------------------------------------------------- phrase around a name


@dataclass(slots=True)
class _Phrase:
    start: int  # norm offset where the surface starts
    end: int  # norm offset where the surface ends
    cue: Optional[Cue] = None
    qualifier: Optional[Qualifier] = None
    precision: Optional[int] = None
    qualifier_text: str = ""
    neighbourhood_of: bool = False  # "حي Y في مدينة X", Y unknown
    before: Optional["_Before"] = None  # the words before the name, as read so far (reused by _name_role)


@functools.lru_cache(maxsize=8192)  # a pure function of one word: news vocabulary repeats
def _strip_clitics(token: str) -> tuple[tuple[str, str], ...]:
    """``token`` and its forms without leading و/ف and ب/ل/ك (data/proclitics.tsv: conjunctions,
    prepositions): ((form, clitics), ...)."""
    conjunctions, prepositions = _name_clitics()
    out = [(token, "")]
    rest, clitics = token, ""
    if rest[:1] in conjunctions and len(rest) > 2:
        clitics, rest = rest[0], rest[1:]
        out.append((rest, clitics))
    if rest[:1] in prepositions and len(rest) > 2:
        out.append((rest[1:], clitics + rest[0]))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _name_clitics() -> tuple[frozenset, frozenset]:
    """The conjunctions and the prepositions a word before a name may open with (data/proclitics.tsv)."""
    return frozenset(proclitics("conjunctions")), frozenset(proclitics("prepositions"))


class _Before:
    """The words before a position (nearest first), read lazily: most names need one or two.

    Words count only while joined by spaces or quotes: a comma or a full stop ends the phrase.
    ``self[i]`` is ``(start, end, word)`` in norm offsets.
    """

    __slots__ = ("norm", "bnd", "pos", "words", "done")

    def __init__(self, norm: str, bnd: str, pos: int):
        _read_first_word(self, norm, bnd, pos)

    def _more(self) -> bool:
        if self.done:
            return False
        words = self.words
        word = _word_before(self.norm, self.bnd, words[-1][0] if words else self.pos)
        if word is None:
            self.done = True
            return False
        words.append(word)
        return True

    def get(self, i: int) -> Optional[tuple[int, int, str]]:
        """``self[i]``, or None when the phrase has no ``i``-th word (one call where ``has`` and
        ``[]`` take two: the stage asks this tens of times per name)."""
        words = self.words
        if i < len(words):
            return words[i]
        while len(words) <= i:
            if not self._more():
                return None
        return words[i]

    def has(self, i: int) -> bool:
        return self.get(i) is not None

    def __getitem__(self, i: int) -> tuple[int, int, str]:
        word = self.get(i)
        if word is None:
            raise IndexError(i)
        return word


def _read_first_word(tokens: _Before, norm: str, bnd: str, pos: int) -> _Before:
    """Set up ``tokens`` (a new _Before) for the words before ``pos``, the first of them read: every
    reader asks for it (``_more`` inlined: one per name found)."""
    tokens.norm, tokens.bnd, tokens.pos = norm, bnd, pos
    word = _word_before(norm, bnd, pos)
    tokens.words, tokens.done = ([], True) if word is None else ([word], False)
    return tokens


def _word_before(norm: str, bnd: str, pos: int) -> Optional[tuple[int, int, str]]:
    """(start, end, word of ``bnd``) of the word right before ``pos``, or None when none stands there:
    the text starts, or what lies between is more than spaces, quotes and brackets (the one gap a
    phrase may span)."""
    j = pos
    while j > 0 and bnd[j - 1] == " ":
        j -= 1
    # (not norm[j:pos].strip(_GAP_OK_CHARS): _GAP_OK.fullmatch(norm, j, pos), without the regex call)
    if j == 0 or not ((pos - j == 1 and norm[j] == " ") or not norm[j:pos].strip(_GAP_OK_CHARS)):
        return None
    k = bnd.rfind(" ", 0, j) + 1
    return k, j, bnd[k:j]


def _ends_phrase_word(word: str, lex: "PlaceLexicon") -> bool:
    """Some cue, link or qualifier of ``lex.phrase_words`` ends with ``word``, with or without two
    proclitics (the quick test of _match_phrase), remembered per word: news words recur."""
    memo = lex.phrase_end_memo
    ends = memo.get(word)
    if ends is None:
        words = lex.phrase_words
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        ends = memo[word] = word in words or word[1:] in words or word[2:] in words
    return ends


def _match_phrase(table: dict, tokens: _Before, at: int, max_len: int, last_words: frozenset):
    """The longest entry of ``table`` ending at ``tokens[at]`` (tokens nearest-first).

    Returns (entry, number of tokens, clitics on its first word) or None.
    """
    read = tokens.words
    token = read[at] if at < len(read) else tokens.get(at)  # (a word read already: no call)
    if token is None:
        return None
    last = token[2]
    if last not in last_words and last[1:] not in last_words and last[2:] not in last_words:
        return None  # quick test: no entry ends with this word, with or without two proclitics
    memo = _PHRASE_MEMO.get(id(table))
    if memo is None or memo[0] is not table:
        longest: dict[str, int] = {}
        for entry in table:
            longest[entry[-1]] = max(longest.get(entry[-1], 1), len(entry))
        memo = _PHRASE_MEMO[id(table)] = (table, {}, longest)
    # entries of two words or more end with ``last`` as written: no more words than the longest of them
    # can matter (a one-word entry may be ``last`` without its clitics)
    n = min(max_len, memo[2].get(last, 1))
    if n == 1:
        words = (last,)  # (the one word: no list made)
    else:
        if at + n > len(read):
            tokens.get(at + n - 1)
        words = tuple([w[2] for w in read[at:at + n]])
    # the answer is a pure function of the table and these words: remembered (the same phrases recur)
    found = memo[1].get(words, _UNSEEN)
    if found is _UNSEEN:
        found = _longest_entry(table, words)
        if len(memo[1]) >= _MEMO_SIZE:
            memo[1].clear()
        memo[1][words] = found
    return found


_UNSEEN = object()
# id(table) -> (table, {words: _longest_entry(table, words)}, {last word: words of its longest entry})
_PHRASE_MEMO: dict[int, tuple[dict, dict, dict]] = {}


def _longest_entry(table: dict, words_all: tuple[str, ...]):
    """The longest entry of ``table`` written by the first words of ``words_all`` (nearest first), the
    first of them maybe with clitics: (entry, number of words, clitics) or None."""
    for n in range(len(words_all), 0, -1):
        words = list(words_all[n - 1::-1])
        for first, clitics in _strip_clitics(words[0]):
            entry = table.get(tuple([first] + words[1:]))
            if entry is not None:
                return entry, n, clitics
    return None


_AFTER_INITIALS = ("ا", "و")  # the first letters of an adjective or a suffix after a name
_NEIGHBOURHOOD_WORDS = frozenset(fold(w) for w in ("حي", "حيي", "أحياء"))
_NEIGHBOURHOOD_HINT = fold("حي")
_IN = fold("في")


def _phrase(norm: str, bnd: str, hit: _Hit, lex: PlaceLexicon, covered: "_Covered") -> _Phrase:
    """Cue, qualifier and suffix around one name: [qualifier] [link] [cue] name [adjective|suffix]."""
    # "للرقة": the span starts at the article's ل so that it covers "لرقة"; "الحماميات" covers the article.
    form = hit.form
    back = 0 if form == "full" else 1 if form == "core" or hit.prefix.endswith("لل") else 2  # (form "article")
    # (the objects made without their dataclass ``__init__``: see _new_hit)
    ph = _NEW(_Phrase)
    ph.start, ph.end, ph.cue, ph.qualifier, ph.precision, ph.qualifier_text, ph.neighbourhood_of = \
        hit.start - back, hit.end, None, None, None, "", False
    ws = hit.word_start
    tokens = ph.before = _read_first_word(_NEW(_Before), norm, bnd, ws)
    w0 = tokens.words[0][2] if tokens.words else None
    at = 0
    link = "ل" in hit.prefix or "ب" in hit.prefix
    if w0 is None or not _ends_phrase_word(w0, lex):
        # most names: no cue, link or qualifier ends right before them (the quick test of _match_phrase)
        if w0 is not None and norm.find(_NEIGHBOURHOOD_HINT, ws - 48 if ws > 48 else 0, ws) >= 0:
            _neighbourhood_of(ph, tokens, at, link, covered)
    else:
        found = _match_phrase(lex.cues, tokens, at, lex.max_phrase, lex.cue_last_words)
        if found:
            ph.cue, n, clitics = found
            ph.start = tokens.words[at + n - 1][0] + len(clitics)  # (read by _match_phrase)
            at += n
            link = "ل" in clitics or "ب" in clitics
        found = None
        read = tokens.words
        token = read[at] if at < len(read) else tokens.get(at)  # (a word read already: no call)
        if token is not None and token[2] in lex.links:
            # a qualifier that ends with the link word ("بالقرب من X", "القريبة من X") before the link alone
            found = _match_phrase(lex.qualifiers, tokens, at, lex.max_phrase, lex.qualifier_last_words)
            if found is None or found[1] < 2:
                found = None
                link, at = True, at + 1
        if found is None:
            found = _match_phrase(lex.qualifiers, tokens, at, lex.max_phrase, lex.qualifier_last_words)
        if found:
            qual, n, clitics = found
            ph.qualifier, ph.precision, ph.qualifier_text = qual, qual.precision, qual.phrase
            ph.start = tokens.words[at + n - 1][0] + len(clitics)  # (read by _match_phrase)
        elif tokens.get(at) is not None and norm.find(_NEIGHBOURHOOD_HINT, ws - 48 if ws > 48 else 0, ws) >= 0:
            _neighbourhood_of(ph, tokens, at, link, covered)
    # After the name: "ريف حلب الشمالي", "دمشق وريفها" (an adjective starts with ال, a suffix with و).
    if not bnd.startswith(_AFTER_INITIALS, hit.end + 1):
        return ph  # (tested in place: no one-letter string made for most names)
    after = bnd[hit.end + 1]
    if ph.qualifier is not None and ph.qualifier.type == "near":
        nxt = _next_tokens(norm, bnd, hit.end, 2)
        for n in (2, 1):
            if len(nxt) >= n and tuple(t[2] for t in nxt[:n]) in lex.adjectives:
                ph.end = nxt[n - 1][1]
                break
    elif after in lex.suffix_initials and _word_at(bnd, hit.end + 1) in lex.suffixes:
        # (the quick test: the word right after is a suffix; _next_tokens also checks what is between)
        nxt = _next_tokens(norm, bnd, hit.end, 1)
        if nxt and nxt[0][2] in lex.suffixes:
            q = lex.suffixes[nxt[0][2]]
            ph.qualifier, ph.precision, ph.qualifier_text = q, q.precision, q.phrase
            ph.end = nxt[0][1]
    return ph


def _phrase_may_open_before(norm: str, bnd: str, ws: int, lex: PlaceLexicon) -> bool:
    """False when :func:`_phrase` finds no cue and no qualifier before the name whose word starts at ``ws``
    (its quick test: no cue, link or qualifier ends with the word right before, with or without two
    proclitics); a qualifier after the name is then a suffix ("X وريفها"), none of ``lex.split_phrases``
    (checked when the lexicon is made: ``lex.suffix_splits``)."""
    if lex.suffix_splits:
        return True
    word = _word_before(norm, bnd, ws)
    return word is not None and _ends_phrase_word(word[2], lex)


class _Covered:
    """Which characters the names found take (proclitics included), marked when first asked: only a
    "حي" phrase asks."""

    __slots__ = ("hits", "size", "marks")

    def __init__(self, hits: list[_Hit], size: int):
        self.hits, self.size, self.marks = hits, size, None

    def any(self, start: int, end: int) -> bool:
        """True when a name takes a character of ``[start, end)``."""
        if self.marks is None:
            self.marks = bytearray(self.size)
            for h in self.hits:
                self.marks[h.word_start:h.end] = b"\x01" * (h.end - h.word_start)
        return self.marks.find(1, start, end) >= 0


def _neighbourhood_of(ph: _Phrase, tokens: _Before, at: int, link: bool, covered: "_Covered") -> None:
    """"حي Y في مدينة X" / "حي Y بدمشق" with Y not a known place: the mention of X, precision 2."""
    k = at
    has_in = tokens[k][2] == _IN
    if has_in:
        k += 1
    if not (has_in or link):
        return
    for i in range(k, k + 4):
        token = tokens.get(i)
        if token is None:
            return
        s, e, word = token
        if covered.any(s, e):
            return  # Y is a place of its own: its mention says where
        form = next((f for f, _ in _strip_clitics(word) if f in _NEIGHBOURHOOD_WORDS), None)
        if form is not None:
            if i > k:  # a name between "حي" and "في"
                ph.neighbourhood_of = True
                ph.precision, ph.qualifier_text = 2, "حي"
                ph.start = e - len(form)
            return


def _word_at(bnd: str, start: int) -> str:
    """The word of ``bnd`` that starts at ``start`` (up to the next space or the end)."""
    k = bnd.find(" ", start)
    return bnd[start:k] if k >= 0 else bnd[start:]


def _next_tokens(norm: str, bnd: str, pos: int, limit: int) -> list[tuple[int, int, str]]:
    out = []
    i, n = pos, len(bnd)
    while len(out) < limit:
        j = i
        while j < n and bnd[j] == " ":
            j += 1
        if j >= n or not _GAP_OK.fullmatch(norm, i, j):
            break
        k = bnd.find(" ", j)
        if k < 0:
            k = n
        out.append((j, k, bnd[j:k]))
        i = k
    return out


# --------------------------------------------------------------------------- datelines

# the marks that close a dateline ("بيروت - ", "دمشق: ", "حلب/"), one class for both patterns below
_DATELINE_DASHES = r"\-–—ـ:/"
_NOT_DATELINE_WORD = rf"[^\s(){_DATELINE_DASHES}،,.\n«»\"]"
_DATELINE = re.compile(
    r"\A[\s\ufeff]*"
    rf"{_NOT_DATELINE_WORD}+(?:[ \t]+{_NOT_DATELINE_WORD}+){{0,2}}[ \t]*"  # "بيروت", "دير الزور"
    rf"(?:[،,][ \t]*[^(){_DATELINE_DASHES}،,.\n]{{1,40}}?[ \t]*)?"  # ", الإمارات العربية المتحدة"
    r"(?:\([^()\n]{1,25}\)[ \t]*)?"  # "(العراق)"
    rf"(?:(?P<paren>\([^()\n]{{1,40}}\))[ \t]*(?P<dash1>[{_DATELINE_DASHES}]+)?|(?P<dash>[{_DATELINE_DASHES}]+))"  # "(أ ف ب) -", " - "
)
# A dateline ends with a bracket or a dash: text with neither has none. Each of these characters is
# looked for with ``in`` (a fast scan of the text in C): a fraction of a regex's class test at every
# character, and most paragraph openings have none of them.
_DATELINE_MARKS = ("(",) + tuple(_DATELINE_DASHES.replace("\\", ""))


def _has_dateline_mark(text: str) -> bool:
    """Whether ``text`` holds a bracket or a dash that may close a dateline (:data:`_DATELINE_MARKS`)."""
    return any(map(text.__contains__, _DATELINE_MARKS))


def dateline_end(text: str, lex: Optional[PlaceLexicon] = None) -> int:
    """Where the dateline that opens ``text`` ends ("بيروت (أ ف ب) -"), or 0 when it has none.

    A dateline is one to three words at the start, maybe a comma and a country, then a dash or
    colon, or a parenthesised news agency of ``place_datelines.tsv``.
    """
    m = _DATELINE.match(text) if _has_dateline_mark(text) else None
    if not m:
        return 0
    if m.group("dash") or m.group("dash1"):
        return m.end()
    lex = lex or place_lexicon()
    paren = name_key(m.group("paren"))
    if any(agency and (agency == paren or f" {agency} " in f" {paren} ") for agency in lex.agencies):
        return m.end()
    return 0


# A dateline opens the article or one of its first paragraphs (after a title and a byline).
DATELINE_PARAGRAPHS = 3


def dateline_spans(text: str, lex: Optional[PlaceLexicon] = None) -> list[tuple[int, int]]:
    """(start, end) of the datelines of ``text``: at its start or at the start of one of its first
    :data:`DATELINE_PARAGRAPHS` paragraphs ("عنوان\nأربيل (كوردستان24)- ...")."""
    spans = []
    start = 0
    for _ in range(DATELINE_PARAGRAPHS):
        end = dateline_end(text[start:start + 200], lex)
        if end:
            spans.append((start, start + end))
        nl = text.find("\n", start)
        if nl < 0:
            break
        start = nl + 1
        while start < len(text) and text[start] == "\n":
            start += 1
    return spans


# --------------------------------------------------------------------------- names of organisations

_OPENING = frozenset("(«\"“'‘[")
_CLOSING = frozenset(")»\"”'’]\n")
_OUTLET_REACH = 40  # characters from the end of the name to the closing bracket


def _name_role(m: "_Mention", norm: str, bnd: str, lex: PlaceLexicon, lookup=None) -> bool:
    """True when the place is part of the name of an organisation, unit or outlet
    (``place_institutions.tsv``): "شرطة كركوك", "لواء "درع حماة"", "قيادة عمليات بغداد", "مركز اعلام
    الغوطة", "(بغداد اليوم)". Not when an office's building is meant ("مبنى مجلس محافظة بابل", "مركز
    شرطة الموصل", "محيط جامعة الأنبار"), nor when the name takes a proclitic ("لشرطة بكركوك" is no name).
    ``lookup``: ``_institution_lookup(lex.institutions)``, when the caller has it at hand."""
    hit, ph = m.hit, m.phrase
    if hit.prefix not in ("", ARTICLE):
        return False
    i = ph.start - 1  # (_outlet's first test, inlined: most phrases open no bracket or quote)
    while i >= 0 and norm[i] == " ":
        i -= 1
    if i >= 0 and norm[i] in _OPENING and _outlet(ph, norm, lex):
        return True
    table = lex.institutions
    if not table:
        return False
    tokens = ph.before or _Before(norm, bnd, hit.word_start)
    nouns: list[Institution] = []
    adjacent, site = True, False
    lookup = lookup or _institution_lookup(table)
    words = tokens.words
    for i in range(8):
        token = words[i] if i < len(words) else tokens.get(i)  # (the words read so far, without a call)
        if token is None:
            break
        start, _end, word = token
        entry, clitics = lookup(word)
        if start >= ph.start and (entry is None or entry.kind == "link"):
            continue  # the phrase's own cue or qualifier: "شرطة محافظة كركوك", "قيادة شرطة ريف دمشق"
        if entry is None:
            break
        if entry.kind == "site":
            site = True
            break
        if entry.kind == "link":
            if clitics:
                break
            adjacent = False
            continue
        if entry.kind == "member":
            break
        if entry.kind == "campus":
            # "كلية الشريعة بجامعة دمشق" is a name, "تحرير جامعة الأنبار" a battle at the university
            for j in range(i + 1, i + 4):
                token = tokens.get(j)
                if token is None:
                    break  # (no word j: none after it either)
                if _member(token[2], table):
                    nouns.append(entry)
                    break
            break
        if adjacent and not entry.direct:
            adjacent = False  # "جبهة الزبداني", "كتيبة السهوة", "بقيادة الولايات المتحدة": look further
        else:
            nouns.append(entry)
            adjacent = False
        if clitics:
            break  # "لقيادة عمليات بغداد": a proclitic opens the name
    if not nouns:
        return False
    return not (site and all(n.kind == "office" for n in nouns))


def _no_name_at_once(ph: "_Phrase", norm: str, lookup) -> bool:
    """True where :func:`_name_role` says no at its first word (most names): the word right before the
    name lies outside its phrase (no cue or qualifier) and is no word of ``place_institutions.tsv``
    (``lookup``: ``_institution_lookup(lex.institutions)``, None when the table is empty), and no bracket
    or quote opens right before the phrase (an outlet's name). False means: ask _name_role."""
    tokens = ph.before
    words = tokens.words if tokens is not None else None
    if not words or words[0][0] >= ph.start or (lookup is not None and lookup(words[0][2])[0] is not None):
        return False
    i = ph.start - 1
    while i >= 0 and norm[i] == " ":
        i -= 1
    return not (i >= 0 and norm[i] in _OPENING)


_INSTITUTION_LOOKUPS: dict[int, tuple[dict, object]] = {}


def _institution_lookup(table: dict):
    """A function: word -> (its entry of ``table`` (place_institutions.tsv) or None, True when the entry is
    the word without its proclitics ("لشرطة")), remembered per word (a bounded memo: news words recur)."""
    cached = _INSTITUTION_LOOKUPS.get(id(table))
    if cached is not None and cached[0] is table:
        return cached[1]
    memo: dict[str, tuple] = {}

    def lookup(word: str) -> tuple:
        found = memo.get(word)
        if found is None:
            entry, clitics = table.get(word), False
            if entry is None:
                for form, _ in _strip_clitics(word)[1:]:
                    entry = table.get(form)
                    if entry is not None:
                        clitics = True
                        break
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            found = memo[word] = (entry, clitics)
        return found

    _INSTITUTION_LOOKUPS[id(table)] = (table, lookup)
    return lookup


@functools.lru_cache(maxsize=1)
def _person_words() -> frozenset:
    """Words whose next name is a name: kinds person and family, bare or after the clitics that
    :func:`_strip_clitics` strips ("والقيادي أبو عمر"), spelled out once: one set look-up a name."""
    bare = [name_key(r["word"]) for r in read_tsv("place_person_words.tsv") if r["kind"] != "families"]
    conjunctions, prepositions = _name_clitics()
    clitics = [c + p for c in ("", *conjunctions) for p in ("", *prepositions)]
    return frozenset(c + w for w in bare for c in clitics)


@functools.lru_cache(maxsize=1)
def _family_words() -> frozenset:
    """Words whose list of names ("X وY وZ") is a list of names: kinds family and families."""
    return frozenset(name_key(r["word"]) for r in read_tsv("place_person_words.tsv") if r["kind"] != "person")


# How many names a list after a family word ("عوائل الأحمد والسالم والخليل") may hold before the one tested.
_FAMILY_LIST = 4


def _person_name(m: "_Mention", norm: str, bnd: str) -> bool:
    """"مدرسة عبد الله بن الزبير", "كتيبة خالد بن الوليد", "عشيرة البوحسن": the name right after "بن" or a
    family word (``place_person_words.tsv``) is part of a person's or a family's name; so is a name listed
    with "و" after a family word ("عوائل الأحمد والسالم والخليل")."""
    if m.phrase.cue is not None or m.phrase.qualifier is not None:
        return False
    tokens = m.phrase.before or _Before(norm, bnd, m.hit.word_start)
    if m.hit.prefix in ("", ARTICLE):
        return bool(tokens.words) and tokens.words[0][2] in _person_words()  # (read by _read_first_word)
    if not m.hit.prefix.startswith("و"):
        return False
    family = _family_words()
    for k in range(_FAMILY_LIST):
        token = tokens.get(k + 1)
        if token is None:
            return False
        if token[2] in family:
            return True
        if not tokens.words[k][2].startswith("و"):
            return False
    return False


# The proclitics a capital standing for its government may carry: none ("حكومة دمشق"), "و" of a pair ("بين
# قسد ودمشق"), "ل" after a word of allegiance ("موالية لأنقرة").
_GOVERNMENT_PREFIXES = ("", "و", "ل")

# A city this close to a country's capital coordinates is that capital.
_CAPITAL_KM = 10.0


def _government(m: "_Mention", norm: str, bnd: str, lex: PlaceLexicon, place_starts: frozenset = frozenset()) -> bool:
    """True for a capital standing for its government: right after a word of ``place_governments.tsv``
    ("حكومة أنقرة", "قدرة دمشق", "تسيطر عليها دمشق", "أطلقت أنقرة عملية"), bare (no proclitic, cue or
    qualifier: "في دمشق", "ريف دمشق" are places); or paired by "بين" with a party that is no place
    ("بين دمشق وقسد", "بين قسد ودمشق"; "بين دمشق وحلب" stays two places). ``place_starts``: where the
    sentence's place mentions start (their proclitics included). After "ل", the capital is the government a
    word of allegiance names ("فصائل موالية لأنقرة", "الموالين لدمشق"); after "من", the one a word of support
    names ("الفصائل المدعومة من أنقرة")."""
    hit, ph = m.hit, m.phrase
    if hit.prefix not in _GOVERNMENT_PREFIXES or hit.form != "full" or ph.cue is not None or ph.qualifier is not None \
            or not m.candidates:
        return False
    best = m.candidates[0]
    if best.kind not in ("city", "governorate") or not _at_capital(best.latitude, best.longitude, lex):
        return False
    tokens = ph.before or _Before(norm, bnd, hit.word_start)
    token = tokens.get(0)
    if token is None:
        return False
    if hit.prefix == "و":
        return _paired_after(tokens, lex, place_starts)
    _start, end, word = token
    if norm[end:hit.word_start].strip():
        return False  # a quote or a bracket between them
    forms = [form for form, _ in _strip_clitics(word)]
    if hit.prefix == "ل":
        return any(form in lex.patrons or (form.startswith("ال") and form[2:] in lex.patrons) for form in forms)
    if any(form in lex.governments for form in forms):
        return True
    if word == "من" and not hit.prefix and lex.backers:
        # "الفصائل المدعومة من أنقرة": the capital backs them
        backer = tokens.get(1)
        return backer is not None and any(form in lex.backers or (form.startswith("ال") and form[2:] in lex.backers)
                                          for form, _ in _strip_clitics(backer[2]))
    if any(form in lex.pairs for form in forms):
        # "بين دمشق وقسد": the other party, after " و", is no place
        j = hit.end
        while j < len(norm) and norm[j] == " ":
            j += 1
        return j > hit.end and norm[j:j + 1] == "و" and j not in place_starts
    return False


def _at_capital(latitude: float, longitude: float, lex: PlaceLexicon) -> bool:
    """True for coordinates within ``_CAPITAL_KM`` of one of the countries' capitals (remembered in
    ``lex.capital_memo``: a pure function of the coordinates, and the same cities recur in every article)."""
    memo = lex.capital_memo
    found = memo.get((latitude, longitude))
    if found is None:
        found = any(abs(latitude - lat) * _KM_PER_DEGREE <= _CAPITAL_KM
                    and abs(longitude - lon) * _KM_PER_DEGREE * _COS_LAT <= _CAPITAL_KM for lat, lon in lex.capitals)
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        memo[(latitude, longitude)] = found
    return found


_PAIR_REACH = 4  # words of the first party of "بين X و<capital>"


def _paired_after(tokens: "_Before", lex: PlaceLexicon, place_starts: frozenset) -> bool:
    """"بين قسد ودمشق": "بين" a few words back (no comma between), and no place in the first party."""
    for i in range(1, _PAIR_REACH + 1):
        token = tokens.get(i)
        if token is None:
            return False
        start, _end, word = tokens.words[i - 1]
        if start in place_starts:
            return False
        if any(form in lex.pairs for form, _ in _strip_clitics(token[2])):
            return True
    return False


def _member(word: str, table: dict) -> bool:
    """True for a member word of ``place_institutions.tsv`` ("كلية", "طلاب"), with proclitics or the article."""
    for form, _ in _strip_clitics(word):
        for w in (form, form[2:] if form.startswith(ARTICLE) else ""):
            entry = table.get(w)
            if entry is not None and entry.kind == "member":
                return True
    return False


def _outlet(ph: "_Phrase", norm: str, lex: PlaceLexicon) -> bool:
    """"(بغداد اليوم)", "السويداء 24": the phrase opens a bracket or quote that only outlet words close."""
    i = ph.start - 1
    while i >= 0 and norm[i] == " ":
        i -= 1
    if i < 0 or norm[i] not in _OPENING:
        return False
    rest = norm[ph.end:ph.end + _OUTLET_REACH]
    k = next((j for j, ch in enumerate(rest) if ch in _CLOSING), -1)
    if k <= 0:
        return False
    words = name_key(rest[:k]).split()
    return bool(words) and all(w in lex.outlet_words for w in words)


# --------------------------------------------------------------------------- ranking

_KIND_PRIOR = {
    "city": 3.0, "town": 1.5, "governorate": 1.5, "region": 1.5, "camp": 1.5, "airbase": 1.5,
    "prison": 1.5, "dam": 1.5, "crossing": 1.5, "oilfield": 1.5, "base": 1.5, "site": 1.0,
    "neighbourhood": 1.0, "district": 0.5, "subdistrict": 0.2, "village": 0.5, "country": 4.0,
}
# The project reads news about Syria and Iraq first: a namesake there beats one in Turkey.
_COUNTRY_PRIOR = {"SY": 1.5, "IQ": 1.2, "LB": 0.6, "JO": 0.4, "TR": 0.0}
_ANCHOR_MARGIN = 2.5


@dataclass(slots=True)
class _Mention:
    hit: _Hit
    phrase: _Phrase
    candidates: list[Place]
    sentence: int
    stop: str = ""  # a stoplisted name without a cue: "list" (counts listed with places) or "cue" (dropped)
    role: str = "place"
    capital: bool = False  # the name alone may stand for a government (see _name_info): _government's quick test
    settled: bool = False  # the name's readings make it never stray (see _never_stray): _stray's quick test
    locating: Optional[bool] = None  # _locating's answer, once asked (ranking and _located_by ask again)


# The stand-in for a mention that a stop drops whatever its phrase (find_places): only its ``stop`` is read
# (by _listed_with_places, of a neighbour) before the stopped mentions are removed.
_DROPPED = _Mention(None, None, [], -1, stop="cue")  # type: ignore[arg-type]


def _prior(c: Place, m: _Mention) -> float:
    s = _KIND_PRIOR.get(c.kind, 0.0)
    if c.kind in _SETTLEMENTS:  # an admin unit's population says nothing of how often it is named
        s += min(2.5, math.log10(1 + c.population) / 3)
    s += _COUNTRY_PRIOR.get(c.country_code, -0.5)
    ph = m.phrase
    qual = ph.qualifier.type if ph.qualifier else ""
    if ph.cue is not None and ph.cue.kinds == _GOVERNORATE_ONLY:
        s += 6.0 if c.kind == "governorate" else 0.0
    elif c.kind == "governorate":
        s -= 2.5  # a bare or "ريف X" name is the city before the governorate (restored in _rank when no city)
    elif c.kind in ("district", "subdistrict") and qual != "district":
        s -= 1.0
    if ph.cue is not None and ph.cue.kinds and ph.cue.kinds != _GOVERNORATE_ONLY:
        s += 3.0 if c.kind in ph.cue.kinds else -1.5
    return s


_KM_PER_DEGREE = 111.2
_COS_LAT = math.cos(math.radians(34.5))  # the region's middle latitude: good to a few % for ranking


def _km(a: Place, b: Place) -> float:
    """Approximate distance in km (equirectangular), fast enough to compare every candidate pair."""
    dy = a.latitude - b.latitude
    dx = (a.longitude - b.longitude) * _COS_LAT
    return math.sqrt(dx * dx + dy * dy) * _KM_PER_DEGREE


def _prior_entry(m: _Mention) -> tuple:
    """(number of candidates, prior scores, index of the best, clear by priors, all at one spot, the
    order the priors give (the first MAX_CANDIDATES; None when that is the candidates' own order))."""
    cands = m.candidates
    scores = [_prior(c, m) for c in cands]
    for i, c in enumerate(cands):
        # "الأنبار", "صلاح الدين": a governorate whose name no city at its capital shares
        if c.kind == "governorate" and not any(
                o.kind in _SETTLEMENTS and _km(o, c) <= 20 for o in cands if o is not c):
            scores[i] += 5.0
    order = sorted(range(len(cands)), key=lambda i: -scores[i])
    best_i = order[0] if order else 0
    # (one spot: namesakes a border apart, "الشجرة" in Daraa and in Irbid, are not one place: the record's
    # country is at stake)
    clear = bool(order) and (len(order) == 1 or scores[order[0]] - scores[order[1]] >= _ANCHOR_MARGIN or all(
        _km(cands[best_i], cands[i]) <= 20 and cands[i].country_code == cands[best_i].country_code
        for i in order[1:]))
    spot = len(cands) < 2 or all(_km(cands[0], c) <= 20 and c.country_code == cands[0].country_code
                                 for c in cands[1:])
    ranked = order[:MAX_CANDIDATES]
    return len(cands), tuple(scores), best_i, clear, spot, (None if ranked == list(range(len(cands))) else ranked)


def _rank(mentions: list[_Mention], doc: Document, bnd: str, lex: PlaceLexicon,
          memo: Optional[dict] = None) -> tuple[str, list[Place]]:
    """Order each mention's candidates: priors, then context from the article's clear places.

    Returns the article's country (a :class:`_LazyCountry`: call it for the code, "" when unclear) and
    its clear places. ``memo`` keeps what the
    priors say of each name (the gazetteer's ``memo``: the same names recur in every article).
    """
    memo = memo if memo is not None else {}
    prior_entries: list = []  # each mention's entry of _prior_entry (its priors, order, one spot)
    # Clear places ("anchors"): one candidate, one far ahead, or all candidates at one spot.
    anchors: dict[str, tuple[Place, list[_Mention]]] = {}
    for m in mentions:
        # what the priors say depends on the name's places and the phrase's cue and qualifier only:
        # computed once per process for each (places, cue kinds, qualifier type)
        ph, hit = m.phrase, m.hit
        cue, qualifier = ph.cue, ph.qualifier
        key = (hit.place_ids, hit.form == "article", cue.kinds if cue is not None else None,
               qualifier.type if qualifier is not None else "")
        entry = memo.get(key)
        if entry is None or entry[0] != len(m.candidates):
            entry = memo[key] = _prior_entry(m)
        _n, _priors, best_i, clear, _spot, _ranked = entry
        prior_entries.append(entry)
        if m.role == "dateline" or not m.candidates:
            continue
        best = m.candidates[best_i]
        if best.kind != "country" and clear:
            anchor = anchors.get(best.id)
            if anchor is None:
                anchors[best.id] = (best, [m])
            else:
                anchor[1].append(m)
    anchor_places = [p for p, _ in anchors.values()]
    country = _LazyCountry(bnd, lex, list(mentions), anchor_places)
    by_sentence: Optional[dict[int, list[tuple[_Mention, Place]]]] = None  # (made for the first mention
    # that context ranks: most mentions have their namesakes at one spot, and many articles have no other)
    context_scores: dict[int, list[float]] = {}  # the scores of the mentions that context ranks, by id
    nearness: dict[str, float] = {}  # place id -> _nearness_bonus against all the clear places
    for m, entry in zip(mentions, prior_entries):
        if entry[4] or len(m.candidates) < 2:
            continue  # one spot (a city and its district, subdistrict, governorate): priors decide
        if by_sentence is None:
            by_sentence = {}
            for p, ms in anchors.values():
                for o in ms:
                    if _locating(o, doc.norm):
                        by_sentence.setdefault(o.sentence, []).append((o, p))
            # the clear places other than the mention's own: all of them, save one that only this mention names
            all_others = anchor_places
            all_admin1 = _admin1_of(all_others)
            sole = {id(ms[0]) for _p, ms in anchors.values() if len(ms) == 1}
        if id(m) in sole:
            others = [p for p, ms in anchors.values() if len(ms) > 1 or ms[0] is not m]
            article_admin1 = _admin1_of(others)
        else:
            others, article_admin1 = all_others, all_admin1
        context = [(o, p) for o, p in by_sentence.get(m.sentence, ())
                   if o is not m and 0 <= o.phrase.start - m.phrase.end <= _LOCATING_REACH]
        code = country()
        # (scores only for the mentions that context ranks: the others keep the priors' order)
        scores = context_scores[id(m)] = list(entry[1])
        for i, c in enumerate(m.candidates):
            bonus = 2.0 if code and c.country_code == code else 0.0
            if (c.country_code, c.admin1) in article_admin1:
                bonus += 2.0  # a governorate the article names elsewhere
            for o, p in context:
                if p.country_code != c.country_code:
                    continue  # "X بريف درعا", "X قرب حلب": X lies in the country of the place that locates it
                if p.kind in ("governorate", "region"):
                    if p.admin1 and p.admin1 == c.admin1:
                        bonus += 4.0
                elif p.admin1 and p.admin1 == c.admin1 and _in_countryside(o, lex):
                    bonus += 5.0  # "بريف درعا": in the governorate of the city, however far from it
                elif p.kind in ("city", "district"):
                    d = _km(p, c)
                    bonus += 5.0 if d <= 25 else 4.0 if d <= 60 else 0.0
            if others:
                # (the same name told again reads the same places against the same clear places: its
                # nearness bonus is found once per article, by place id, when ``others`` is all of them)
                if others is all_others:
                    near = nearness.get(c.id)
                    if near is None:
                        near = nearness[c.id] = _nearness_bonus(c, others)
                    bonus += near
                else:
                    bonus += _nearness_bonus(c, others)
            scores[i] += bonus
    for m, entry in zip(mentions, prior_entries):
        if len(m.candidates) < 2:
            continue
        ranked = entry[5]
        if id(m) in context_scores:
            scores = context_scores[id(m)]
            order = sorted(range(len(m.candidates)), key=lambda i: -scores[i])[:MAX_CANDIDATES]
        elif ranked is None:
            continue  # scores by priors alone, already in their order
        else:
            order = ranked  # (the same sort of the same scores, made once in _prior_entry)
        m.candidates = [m.candidates[i] for i in order]
    return country, anchor_places  # (read only from here on, as the country reads it)


def _in_countryside(m: _Mention, lex: PlaceLexicon) -> bool:
    """``m`` is written as a countryside ("ريف X", "الريف الغربي من X": ``PlaceLexicon.countryside``)."""
    q = m.phrase.qualifier
    return q is not None and name_key(q.phrase) in lex.countryside


def _admin1_of(places: list[Place]) -> set:
    """(country, admin1) of the governorates and regions among ``places``."""
    return {(p.country_code, p.admin1) for p in places if p.kind in ("governorate", "region")}


def _nearness_bonus(c: Place, places: list[Place]) -> float:
    """What the clear places near ``c`` add to its score: 2.0 with one within 15 km, 1.5 within 40, 0.5
    within 100, else 0.0: the bonus of the nearest of ``places`` (not empty), the walk ending at
    the first place within 15 km (no nearer one gives more; a namesake that is itself a clear place is
    0 km from it)."""
    lat, lon = c.latitude, c.longitude
    best = math.inf
    for p in places:
        dy = p.latitude - lat
        dx = (p.longitude - lon) * _COS_LAT
        d = math.sqrt(dx * dx + dy * dy) * _KM_PER_DEGREE  # (the arithmetic of _km, inlined)
        if d < best:
            if d <= 15:
                return 2.0
            best = d
    return 1.5 if best <= 40 else 0.5 if best <= 100 else 0.0


# A small place abroad this far from every clear place of the article is a word, not a place.
_STRAY_KM = 150.0


class _LazyCountry:
    """The article's country (:func:`_article_country`, "" when unclear), found when first asked for: most
    articles never need it (no name with namesakes far apart, none read only as small places). What it
    reads is fixed by then: the text, the clear places, and the mentions with one reading (a country),
    which ranking leaves as they are."""

    __slots__ = ("args", "value")

    def __init__(self, bnd: str, lex: PlaceLexicon, mentions: list[_Mention], anchors: list[Place]):
        self.args: Optional[tuple] = (bnd, lex, mentions, anchors)
        self.value: Optional[str] = None

    def __call__(self) -> str:
        if self.value is None:
            self.value = _article_country(*self.args)
            self.args = None
        return self.value


def _keeps_in_place(reading: Place) -> bool:
    """A reading that no context makes stray: no small place (a city, an area, or a settlement of
    10,000 people or more). :func:`_never_stray` reads it too."""
    return reading.kind not in _SETTLEMENTS or reading.population >= 10_000


def _stray(m: _Mention, country: "_LazyCountry", anchors: list[Place]) -> bool:
    """True for a mention whose only readings are small places outside the article's country, far from
    all its clear places ("منطقة العناز غرب قضاء أبو غريب": no Iraqi العناز, only a Syrian village).
    (``country`` is asked for last, after the distances: the other tests settle most mentions.)"""
    if not anchors or m.role == "dateline":
        return False
    first = m.candidates[0] if m.candidates else None
    if first is not None and _keeps_in_place(first):
        return False  # (the test below on the first reading: most mentions are settled by it)
    if any(map(_keeps_in_place, m.candidates)):
        return False
    # (the clear places not among the readings found once, not for each reading; compared by id, not by
    # ``in`` (a Place compares field by field): the gazetteer holds one place per id)
    ids = {c.id for c in m.candidates}
    candidates = m.candidates
    for a in anchors:  # (no list of the clear places outside the readings made: most mentions are near one)
        if a.id not in ids:
            for c in candidates:
                if not _km(c, a) > _STRAY_KM:  # (not ``<=``: a place without coordinates is near, as before)
                    return False  # (before the country: finding it reads the whole text, and most mentions are near)
    code = country()
    return bool(code) and not any(c.country_code == code for c in m.candidates)


# An article whose clear towns and areas all lie this close together is about one area; a village
# farther than _OUT_OF_FOCUS_KM from all of them is a namesake of a place the gazetteer lacks.
_FOCUS_KM = 150.0
_OUT_OF_FOCUS_KM = 150.0
_AREA_KINDS = frozenset({"city", "town", "district", "subdistrict", "governorate"})
_ONE_SPOT_KM = 50.0


def _drop_out_of_focus(mentions: list[_Mention], anchors: list[Place]) -> list[_Mention]:
    """An article about one area (its clear towns and areas within ``_FOCUS_KM`` of each other, or one
    named twice: "ريف دير الزور الشرقي", "دير الزور") that names a village whose every reading lies far
    from all of them ("بلدة البحرة الوسطى", only a Hama village البحرة) names a place the gazetteer lacks:
    the village is dropped. A name with a reading in the area and a first reading far away takes the
    reading in the area ("الصالحية" in an article about Deir ez-Zor is no Damascus neighbourhood)."""
    # the clear towns and areas, save those a name could also read far away ("الطبقة": Tabqa or a Hasakeh
    # village), unless the name is a governorate's ("القنيطرة")
    area_anchors = {a.id for a in anchors if a.kind in _AREA_KINDS}
    if not area_anchors:
        return mentions  # (no town or area among the clear places: no area below either)
    by_first: dict[str, list[_Mention]] = {}  # the mentions by the id of their first reading (an area's)
    for m in mentions:
        if m.candidates and m.candidates[0].id in area_anchors:
            by_first.setdefault(m.candidates[0].id, []).append(m)
    areas = _focus_areas(anchors, by_first)
    if not areas or any(_km(a, b) > _FOCUS_KM for i, a in enumerate(areas) for b in areas[i + 1:]):
        return mentions
    area_ids = {a.id for a in areas}
    named = [m for m in mentions if m.candidates and m.candidates[0].id in area_ids]
    if len(areas) == 1 and len(named) < 2:
        return mentions
    area_sentences = {m.sentence for m in named}
    in_focus: dict[str, bool] = {}  # place id -> within _OUT_OF_FOCUS_KM of an area (names recur)

    def near_area(c: Place) -> bool:
        found = in_focus.get(c.id)
        if found is None:
            found = in_focus[c.id] = any(_km(c, a) <= _OUT_OF_FOCUS_KM for a in areas)
        return found

    out = []
    for m in mentions:
        if m.role != "place" or not m.candidates or near_area(m.candidates[0]) \
                or (len(areas) == 1 and m.sentence not in area_sentences):
            out.append(m)
            continue
        near = [k for k, c in enumerate(m.candidates) if near_area(c)]
        if near:
            _prefer_candidate(m, near[0])
        elif all(c.kind == "village" for c in m.candidates):
            continue
        out.append(m)
    return out


def _focus_areas(anchors: list[Place], by_first: dict[str, list[_Mention]]) -> list[Place]:
    """The clear towns and areas of ``anchors`` that no mention reading one of them first (``by_first``, by
    the place's id) may also read far away, unless the name is a governorate's."""
    areas = []
    for a in anchors:
        if a.kind not in _AREA_KINDS:
            continue
        # (a mention with one reading reads the clear place itself, the same object: 0 km, nothing to measure)
        if not any(_far_reading(a, m.candidates) and not any(c.kind == "governorate" for c in m.candidates)
                   for m in by_first.get(a.id, ()) if len(m.candidates) > 1):
            areas.append(a)
    return areas


def _far_reading(a: Place, candidates: list[Place]) -> bool:
    """``any(_km(a, c) > _ONE_SPOT_KM for c in candidates)``, with ``a`` itself (0 km: most mentions have
    one reading, the clear place) not measured."""
    for c in candidates:
        if c is not a and _km(a, c) > _ONE_SPOT_KM:
            return True
    return False


# A place that locates another follows it within this many characters ("الحماميات في محافظة حماة").
_LOCATING_REACH = 60
_LOCATING_WORDS = frozenset(fold(w) for w in ("في", "قرب", "من"))


def _locating(m: _Mention, norm: str) -> bool:
    """True when ``m`` reads as the area another place lies in: "في محافظة Y", "بريف Y", "غربي Y",
    "التابعة لريف Y" (a proclitic ب/ل, a qualifier or cue, or "في" before it), not an item of a list.
    (Remembered on the mention: what it reads, the phrase's cue and qualifier, the name's prefix and the
    text before it, is fixed once the mention is made.)"""
    found = m.locating
    if found is None:
        if m.phrase.qualifier is not None or m.phrase.cue is not None:
            found = True
        elif "ب" in m.hit.prefix or "ل" in m.hit.prefix:
            found = True
        else:
            before = norm[max(0, m.hit.word_start - 4):m.hit.word_start].split()
            found = bool(before) and before[-1] in _LOCATING_WORDS
        m.locating = found
    return found


def _article_country(bnd: str, lex: PlaceLexicon, mentions: list[_Mention], anchors: list[Place]) -> str:
    """The country the article is about, when its words and clear places say so."""
    votes: dict[str, float] = {}
    text = bnd + " "
    for end, (length, (cc, weight)) in lex.country_cue_automaton.iter(text):
        start = end - length
        if start == 0 or text[start - 1] == " ":  # a whole word ("السوري", not "والسوري")
            votes[cc] = votes.get(cc, 0.0) + weight
    for m in mentions:
        if m.role != "dateline" and m.candidates and m.candidates[0].kind == "country" and len(m.candidates) == 1:
            cc = m.candidates[0].country_code
            votes[cc] = votes.get(cc, 0.0) + 1.0
    for p in anchors:
        votes[p.country_code] = votes.get(p.country_code, 0.0) + 1.0
    if not votes:
        return ""
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    if ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return ""


# --------------------------------------------------------------------------- the stage


class _SentenceIndex:
    """The index of the sentence that holds a ``norm`` offset (-1 in none): ``doc.sentence_at`` by a
    bisection over the sentence starts, made once per article. The sentences follow each other without
    overlap, so a sentence found holding the offset is the one ``sentence_at`` finds; when none is
    found, ``sentence_at`` itself answers."""

    __slots__ = ("doc", "starts")

    def __init__(self, doc: Document):
        self.doc = doc
        self.starts = [s.start for s in doc.sentences]

    def __call__(self, norm_offset: int) -> int:
        doc = self.doc
        offsets = doc.norm_offsets
        at = offsets[norm_offset] if offsets else norm_offset  # (doc.text_index, inlined)
        k = bisect_right(self.starts, at) - 1
        if k >= 0:
            s = doc.sentences[k]
            if at < s.end:
                return s.index
        s = doc.sentence_at(at)
        return s.index if s is not None else -1


_NISBA_END = fold("ية")
_FEMININE_END = fold("ة")


def _agreeing_adjective(m: _Mention, norm: str) -> bool:
    """True for a one-word name with the article ending in -ية right after a definite feminine noun,
    with no cue, qualifier or proclitic: an adjective that agrees with the noun ("العصابة الأسدية",
    "العتبة الحسينية", "الخارجية السويدية"), not the village of that name. Countries are left alone."""
    hit, ph = m.hit, m.phrase
    if hit.form != "full" or hit.prefix or ph.cue is not None or ph.qualifier is not None \
            or " " in hit.key or not hit.key.startswith(ARTICLE) or not hit.key.endswith(_NISBA_END):
        return False
    tokens = ph.before
    token = tokens.get(0) if tokens is not None else None
    if token is None:
        return False
    _start, end, word = token
    if end + 1 != hit.word_start or norm[end] != " ":
        return False  # a quote, a bracket or more between them
    if not (word.startswith(ARTICLE) and word.endswith(_FEMININE_END) and len(word) > 4):
        return False
    return not any(c.kind == "country" for c in m.candidates)


def _listed_with_places(mentions: list[_Mention], i: int, norm: str) -> bool:
    """True when mention ``i`` is in a list with a place that counts: "في الرقة والطبقة والكرامة"."""
    m = mentions[i]
    for j in (i - 1, i + 1):
        if not 0 <= j < len(mentions) or mentions[j].stop or mentions[j].role != "place":
            continue
        if all(c.kind == "country" for c in mentions[j].candidates):
            continue  # "سوريا والثورة" is not a list of places
        a, b = (mentions[j], m) if j < i else (m, mentions[j])
        if _next_in_list(a, b, norm):
            return True
    return False


def _next_in_list(a: _Mention, b: _Mention, norm: str) -> bool:
    """Mention ``b`` is the next item of a list after ``a``: a comma, or "و" (written apart or joined to ``b``)."""
    gap = norm[a.phrase.end:b.hit.word_start]
    return (gap.strip(" ،,") == "" and ("،" in gap or "," in gap or proclitics("and") in b.hit.prefix)) \
        or gap.strip() == proclitics("and")


def find_places(doc: Document, res=None) -> Document:
    """Add ``doc.places``: place mentions with their resolved place, precision, qualifier and role."""
    gaz: Gazetteer = res.gazetteer if res is not None else load_gazetteer()
    if gaz is None:
        return doc
    lex = place_lexicon()
    if doc.text and not doc.norm:  # run without the normalize stage: fold here, keeping the offset map
        from .normalize import normalize

        folded = normalize(doc.text)
        doc.norm, doc.norm_offsets = folded.norm, folded.offsets
    norm = doc.norm
    bnd = boundary_text(norm)
    hits = _matches(gaz, bnd, lex, norm)
    covered = _Covered(hits, len(bnd) + 1)
    mentions: list[_Mention] = []
    sentence_of = _SentenceIndex(doc)
    sentences, sentence_starts, offsets = doc.sentences, sentence_of.starts, doc.norm_offsets
    names = _name_memo(gaz, lex)
    stopped = False  # some mention has a stop (most articles: none, and the two passes below are skipped)
    for hit in hits:
        # what the loop reads of the name alone (its readings, stoplist entry, adjective shape, whether it
        # may stand for a government or ever stray): once per name
        name_key_ = (hit.place_ids, hit.key, hit.form, hit.prefix)
        info = names.get(name_key_)
        if info is None:
            if len(names) >= _MEMO_SIZE:
                names.clear()
            info = _name_info(gaz, lex, hit)
            info = names[name_key_] = info + (_never_stray(info[0]),)
        candidates, listable, adjective, capital, settled = info
        if not candidates:
            continue
        if (listable is False or (hit.form == "article" and len(hit.key) < _MIN_ADDED_ARTICLE)) \
                and not _phrase_may_open_before(norm, bnd, hit.word_start, lex):
            # a name that counts only after a cue (a stoplisted name, one with an article the gazetteer
            # lacks), with no cue or qualifier possible before it: the mention _phrase would make is
            # dropped below whatever its phrase (see _phrase_may_open_before); its phrase is not read
            if listable is False and not (hit.form == "article" and len(hit.key) < _MIN_ADDED_ARTICLE):
                mentions.append(_DROPPED)  # (its place in the list: _listed_with_places reads the neighbours)
                stopped = True
            continue
        phrase = _phrase(norm, bnd, hit, lex, covered)
        if hit.form == "article" and len(hit.key) < _MIN_ADDED_ARTICLE and phrase.cue is None \
                and (phrase.qualifier is None or phrase.qualifier.type != "district"):
            continue
        # (_SentenceIndex, inlined: one per mention; the mention made without its dataclass __init__)
        at = offsets[hit.start] if offsets else hit.start
        k = bisect_right(sentence_starts, at) - 1
        sentence = sentences[k] if k >= 0 else None
        mention = _NEW(_Mention)
        mention.hit, mention.phrase, mention.candidates, mention.stop, mention.role = \
            hit, phrase, list(candidates), "", "place"
        mention.sentence = sentence.index if sentence is not None and at < sentence.end else sentence_of(hit.start)
        mention.capital, mention.settled, mention.locating = capital, settled, None
        if listable is not None and phrase.cue is None \
                and not (phrase.qualifier is not None and phrase.qualifier.phrase in lex.split_phrases
                         and not (phrase.qualifier.type in ("centre", "near") and hit.key in lex.anaphors)):
            # (a centre or near qualifier releases no stoplisted name that is also a place noun of
            # place_anaphors.tsv: "مركز المدينة" is the city's centre and "ريف المدينة" its countryside, not the
            # Basra town المدينة; "مركز الباب", "ريف الباب" are Al-Bab's)
            mention.stop = "list" if listable else "cue"  # "محيط السجن" is no place; "ريف الباب" is
            stopped = True
        elif adjective and _agreeing_adjective(mention, norm):
            mention.stop = "cue"  # "العصابة الأسدية", "العتبة الحسينية": an adjective, not a place
            stopped = True
        mentions.append(mention)
    # stoplisted names listed with real places count ("والطبقة والكرامة"); repeat for chains.
    changed = stopped
    while changed:
        changed = False
        for i, m in enumerate(mentions):
            if m.stop == "list" and _listed_with_places(mentions, i, norm):
                m.stop, changed = "", True
    if stopped:
        mentions = [m for m in mentions if not m.stop]
    # datelines: the place(s) opening the article, or one of its first paragraphs (a web page starts with
    # its title), before "(أ ف ب) -" are never event places.
    datelines = dateline_spans(doc.text, lex)
    if datelines:
        reach = max(hi for _lo, hi in datelines)
        for m in mentions:
            at = doc.text_index(m.phrase.start)
            if at < reach and any(lo <= at < hi for lo, hi in datelines):
                m.role = "dateline"
    # places inside the names of organisations, units and outlets: "شرطة كركوك", "(بغداد اليوم)"
    place_starts: Optional[frozenset] = None  # (made for the first name that may stand for a government)
    lookup = _institution_lookup(lex.institutions) if lex.institutions else None  # (once, not per name)
    person_words = _person_words()
    institutions: list[_Mention] = []  # the places in an institution's name, in order
    for m in mentions:
        prefix = m.hit.prefix
        if prefix and prefix != ARTICLE and prefix[0] != "و":
            # "بحلب", "لحلب": each of the three tests below says no at once, but for a capital a word of
            # allegiance governs ("موالية لأنقرة")
            if prefix == "ل" and m.capital and m.role == "place":
                if place_starts is None:
                    place_starts = frozenset(o.hit.word_start for o in mentions)
                if _government(m, norm, bnd, lex, place_starts):
                    m.role = "name"
            continue
        if m.role != "place":
            continue
        # (the three tests in turn; _name_role says no at once to "و", _person_name to a phrase with a cue or
        # qualifier)
        if (not prefix or prefix == ARTICLE) and not _no_name_at_once(m.phrase, norm, lookup) \
                and _name_role(m, norm, bnd, lex, lookup):
            m.role = "name"
            institutions.append(m)
            continue
        if m.capital:
            if place_starts is None:
                place_starts = frozenset(o.hit.word_start for o in mentions)
            if _government(m, norm, bnd, lex, place_starts):
                m.role = "name"
                continue
        ph = m.phrase
        if ph.cue is not None or ph.qualifier is not None:
            continue
        if not prefix or prefix == ARTICLE:
            # (_person_name's test for a name without "و", inlined: the phrase's words were read by _phrase)
            words = ph.before.words
            if words and words[0][2] in person_words:
                m.role = "name"
        elif _person_name(m, norm, bnd):
            m.role = "name"
    if institutions:
        _names_listed_on(mentions, institutions, norm)
    country, anchors = _rank(mentions, doc, bnd, lex, gaz.memo.setdefault("places.priors", {}) if
                             hasattr(gaz, "memo") else None)
    if anchors:  # (with no clear place, _stray says no to every mention)
        mentions = [m for m in mentions if m.settled or not _stray(m, country, anchors)]
    mentions = _drop_out_of_focus(mentions, anchors)
    anaphoric = _anaphors(doc, mentions, norm, bnd, lex, sentence_of)
    if anaphoric:
        # (a name read as a dual anaphor, "القريتين" after "قريتي X وY", gives way to the pair it names)
        mentions = sorted([m for m in mentions if m.role != "anaphor_name"] + anaphoric, key=lambda m: m.phrase.start)
    mentions = _fit_to_locating_places(mentions, norm)
    mentions = _near_the_place_before(mentions, norm)
    _references_and_residences(mentions, norm, bnd, lex)
    _neighbourhoods_in_cities(mentions, norm)
    doc.places = [_to_span(doc, gaz, m) for m in mentions]
    return doc


def _names_listed_on(mentions: list[_Mention], institutions: list[_Mention], norm: str) -> None:
    """Places listed right after the place of an institution's name are in that name too ("مركز تجمع مواصلات
    مناطق دوما، حرستا والتل", "شرطة كركوك وصلاح الدين"): role "name"."""
    named = {id(m) for m in institutions}
    for k in range(1, len(mentions)):
        before, m = mentions[k - 1], mentions[k]
        if id(before) not in named or m.role != "place":
            continue
        if _next_in_list(before, m, norm):
            m.role = "name"
            named.add(id(m))


def _name_memo(gaz: Gazetteer, lex: PlaceLexicon) -> dict:
    """The memo of :func:`_name_info` for this gazetteer and lexicon (in ``gaz.memo`` when it has one)."""
    store = gaz.memo if hasattr(gaz, "memo") else {}
    cached = store.get("places.names")
    if cached is None or cached[0] is not lex:
        cached = store["places.names"] = (lex, {})
    return cached[1]


def _name_info(gaz: Gazetteer, lex: PlaceLexicon, hit: _Hit) -> tuple:
    """What :func:`find_places` reads of a name found, whatever its context (a pure function of the hit's
    place ids, key, form and prefix, so remembered per name): (its readings, its stoplist entry (None when
    not listed, else whether a list of places makes it count), whether it may be an agreeing adjective
    (the tests of :func:`_agreeing_adjective` on the name alone), whether it may stand for a government
    (:func:`_may_be_government`))."""
    candidates = gaz.places_of(hit.place_ids)
    if hit.form == "article":
        # "السورية", "التركية" are adjectives, not countries written with an article
        candidates = tuple(c for c in candidates if c.kind != "country")
    stoplist = lex.stoplist
    # "للرقة" is الرقة: its core (رقة, a stoplisted alias: "فرقة") is not looked up
    listable = stoplist.get(ARTICLE + hit.key if hit.form in ("core", "article") else hit.key)
    if listable is None:  # (values are bools: None is "not listed")
        if hit.form != "core":
            listable = stoplist.get(hit.key)
        if listable is None and hit.prefix:
            listable = stoplist.get(hit.prefix + hit.key)
    adjective = not hit.prefix and hit.form == "full" and " " not in hit.key and hit.key.startswith(ARTICLE) \
        and hit.key.endswith(_NISBA_END)
    return candidates, listable, adjective, _may_be_government(hit, candidates, lex)


def _never_stray(candidates: tuple) -> bool:
    """True when :func:`_stray` says no to a mention with these readings whatever its context: one of them
    is no small place, and ranking keeps them all (no more than ``MAX_CANDIDATES``)."""
    return len(candidates) <= MAX_CANDIDATES and any(map(_keeps_in_place, candidates))


def _may_be_government(hit: _Hit, candidates: tuple, lex: PlaceLexicon) -> bool:
    """The tests of :func:`_government` on the name alone (its prefix, form and first reading, a capital):
    False means _government says no whatever the phrase."""
    if hit.prefix not in _GOVERNMENT_PREFIXES or hit.form != "full" or not candidates:
        return False
    best = candidates[0]
    return best.kind in ("city", "governorate") and _at_capital(best.latitude, best.longitude, lex)


@functools.lru_cache(maxsize=1)
def _anaphor_context() -> tuple[frozenset, frozenset, frozenset, frozenset]:
    """``place_anaphor_words.tsv`` folded: (words before an anaphor, demonstratives among them, words after, words
    of the area around among those before: "ريف المدينة" is the place told before at precision 2)."""
    rows = read_tsv("place_anaphor_words.tsv")
    demonstratives = frozenset(fold(r["word"]) for r in rows if r["kind"] == "demonstrative")
    near = frozenset(fold(r["word"]) for r in rows if r["kind"] == "near")
    before = frozenset(fold(r["word"]) for r in rows if r["kind"] == "before") | near | demonstratives
    return before, demonstratives, frozenset(fold(r["word"]) for r in rows if r["kind"] == "after"), near


_ANAPHOR_SENTENCES = 2  # how many sentences back the place an anaphor names again may be


_ANAPHOR_WORDS: dict[int, tuple] = {}


_ANAPHOR_CLITICS = "بوف"


def _anaphor_words(lex: PlaceLexicon) -> re.Pattern:
    """A regex for an anaphor noun ending a word of ``bnd`` (see :func:`_anaphor_spans`)."""
    cached = _ANAPHOR_WORDS.get(id(lex))
    if cached is None or cached[0] is not lex:
        nouns = sorted((w for w in lex.anaphors if w and " " not in w), key=lambda w: (-len(w), w))
        alt = "|".join(re.escape(w) for w in nouns) or "(?!)"
        cached = _ANAPHOR_WORDS[id(lex)] = (lex, re.compile(rf"(?:{alt})(?![^ ])"))
    return cached[1]


def _anaphor_spans(lex: PlaceLexicon, bnd: str) -> list[tuple[int, int]]:
    """(start, end) of the words of ``bnd`` that are an anaphor noun, bare or after one "ب"/"و"/"ف"
    (what the loop of :func:`_anaphors` reads; its other words are skipped at once). The regex has no
    look-behind, so that the regex engine can skip to the nouns' first letters (four times faster than
    one that tests a word start everywhere); the word start is tested here: a noun found at a word's
    start is the word, one found a letter later is the word when that letter is a proclitic (the
    first noun found in a word is at its start when the word is a noun, else a letter later when the
    rest is one: a noun holds no space, so no match runs across words)."""
    out = []
    for found in _anaphor_words(lex).finditer(bnd):
        p, e = found.span()
        if p == 0 or bnd[p - 1] == " ":
            out.append((p, e))
        elif bnd[p - 1] in _ANAPHOR_CLITICS and (p == 1 or bnd[p - 2] == " "):
            out.append((p - 1, e))
    return out


def _anaphors(doc: Document, mentions: list[_Mention], norm: str, bnd: str, lex: PlaceLexicon,
              sentence_of: Optional["_SentenceIndex"] = None) -> list[_Mention]:
    """"في القرية ذاتها", "في الناحية", "في هذه المدينة الأثرية": a definite place noun naming again
    the last place told with that noun (or of a kind it fits) in this or the two sentences before."""
    out: list[_Mention] = []
    spans = _anaphor_spans(lex, bnd) if lex.anaphors else None
    if not spans:
        return out  # (most articles: no anaphor noun, and nothing below is needed)
    anaphor_before, demonstratives, anaphor_after, near_words = _anaphor_context()
    starts = [m.hit.word_start for m in mentions]  # the names: "المدينة X", not "الناحية جنوب الموصل"
    sentence_of = sentence_of or _SentenceIndex(doc)
    for found_start, end in spans:
        word = bnd[found_start:end]
        clitic = ""
        if word not in lex.anaphors and word[:1] in ("ب", "و", "ف") and word[1:] in lex.anaphors:
            clitic, word = word[:1], word[1:]
        if word not in lex.anaphors:
            continue
        start = found_start + len(clitic)
        before = bnd[max(0, start - 12):start].split()
        prev = before[-1] if before and norm[start - 1:start] == " " else ""
        if not (clitic == "ب" or prev in anaphor_before):
            continue  # (the cheaper test first)
        inside = next((m for m in mentions if m.phrase.start <= start < m.phrase.end), None)
        if inside is not None and not (word in lex.homonym_duals and inside.phrase.start == start
                                       and inside.phrase.end == end):
            continue  # part of a place's own phrase
        after = bnd[end:end + 20].split()
        demonstrative = prev in demonstratives
        nxt = after[0] if after and norm[end:end + 1] == " " else ""
        if nxt and not demonstrative and nxt.startswith(ARTICLE) and nxt not in anaphor_after:
            continue  # "المدينة الصناعية": another place
        if nxt and any(s <= end + 1 + len(nxt) and s >= end for s in starts):
            continue  # "المدينة X": a name follows
        cue, kinds = lex.anaphors[word]
        told = sorted(mentions + out, key=lambda m: m.phrase.start) if out else mentions  # anaphors chain
        k = next((j for j in range(len(told) - 1, -1, -1) if told[j].phrase.end <= start), None)
        if k is None:
            continue
        here = sentence_of(start)
        here = here if here >= 0 else told[k].sentence
        if word in lex.dual_anaphors:
            pair = _dual_referents(told, k, here, kinds, norm)
            if inside is not None:
                # a dual that is also a town's name ("القريتين") names the pair only right after the
                # dual of its own noun ("قريتي X وY"); otherwise it is the town
                if pair is None or not any(_dual_cue_before(bnd, lex.homonym_duals[word], m) for m in told[:k + 1]
                                           if m.candidates and m.candidates[0].id == pair[0].candidates[0].id):
                    continue
                inside.role = "anaphor_name"
            if pair is not None:
                for m in pair:
                    place = m.candidates[0]
                    out.append(_Mention(_Hit(start, start, end, word, "full", (place.id,), clitic),
                                        _Phrase(start=start, end=end, cue=m.phrase.cue, precision=m.phrase.precision,
                                                qualifier_text=m.phrase.qualifier_text),
                                        [place], here, role="place"))
            continue
        referent = None
        for j in range(k, -1, -1):
            m = told[j]
            if m.sentence < 0 or here - m.sentence > _ANAPHOR_SENTENCES:
                break
            if m.role == "dateline" or not m.candidates:
                continue
            ph = m.phrase
            said = (ph.cue is not None and name_key(ph.cue.phrase) == cue) or (
                ph.qualifier is not None and name_key(ph.qualifier.phrase) == cue)
            if said or (ph.cue is None and m.candidates[0].kind in kinds):
                referent = m
                break
        if referent is None:
            continue
        # the noun written last before the anaphor must be the referent's own ("قرية اسديرة" the
        # gazetteer lacks is not the "قرية الحديد" told before it)
        last = _last_cue_word(bnd, cue, start)
        if last >= 0 and not any(_cue_of(bnd, last, m) and m.candidates
                                 and m.candidates[0].id == referent.candidates[0].id for m in mentions):
            continue
        place = referent.candidates[0]
        hit = _Hit(start, start, end, word, "full", (place.id,), clitic)
        near = prev in near_words  # "ريف المدينة": around the place, precision 2
        phrase = _Phrase(start=start - len(prev) - 1 if demonstrative else start, end=end, cue=referent.phrase.cue,
                         precision=2 if near else referent.phrase.precision,
                         qualifier_text=prev if near else referent.phrase.qualifier_text)
        out.append(_Mention(hit, phrase, [place], here, role="place"))
    return out


_CUE_CLITICS = frozenset("وفبل")


def _cue_of(bnd: str, last: int, m: _Mention) -> bool:
    """The cue word found at ``last`` (the space before it, or 0) is ``m``'s own: inside its phrase, or
    right before it with proclitics only between ("بمدينة بعقوبة": the phrase starts after the ب)."""
    if m.phrase.start - 1 <= last < m.phrase.end:
        return True
    lead = bnd[last + 1 if last or bnd[:1] == " " else last:m.phrase.start]
    return 0 < len(lead) <= 3 and all(c in _CUE_CLITICS for c in lead)


def _dual_cue_before(bnd: str, cue: str, m: _Mention) -> bool:
    """The dual cue ``cue`` ("قريتي") is ``m``'s own: written in its phrase or right before it."""
    last = _last_cue_word(bnd, cue, m.phrase.end)
    return last >= 0 and _cue_of(bnd, last, m)


def _last_cue_word(bnd: str, cue: str, end: int) -> int:
    """Where the last word of ``bnd[:end]`` that is ``cue`` after proclitics و/ف/ب/ل starts (its space
    before, or 0), or -1: the last match of ``(?:^| )[وفبل]*{cue}(?= )`` in ``bnd[:end]``, found by
    searching back from ``end`` for ``cue`` (not by a regex over all the text before; a cue with regex
    characters is left to the regex)."""
    if not cue or re.escape(cue) != cue:
        return max((f.start() for f in re.finditer(rf"(?:^| )[وفبل]*{cue}(?= )", bnd[:end])), default=-1)
    n = len(cue)
    p = bnd.rfind(cue, 0, end)
    while p >= 0:
        if p + n < end and bnd[p + n] == " ":  # the word ends with the cue
            b = p
            while b > 0 and bnd[b - 1] in _CUE_CLITICS:
                b -= 1
            if b == 0:
                return 0
            if bnd[b - 1] == " ":
                return b - 1
        p = bnd.rfind(cue, 0, p + n - 1)
    return -1


def _dual_referents(told: list[_Mention], k: int, here: int, kinds: frozenset,
                    norm: str) -> Optional[tuple[_Mention, _Mention]]:
    """The two places a dual anaphor ("البلدتين") names again: the last two places of a fitting kind joined
    by "و" ("بلدتي نبل والزهراء", "الفوعة وكفريا") told at most ``_ANAPHOR_SENTENCES`` before; None
    when there are no such two."""
    def fits(m: _Mention) -> bool:
        return m.role == "place" and bool(m.candidates) and m.candidates[0].kind in kinds

    for j in range(k, 0, -1):
        second, first = told[j], told[j - 1]
        if second.sentence < 0 or here - second.sentence > _ANAPHOR_SENTENCES:
            return None
        if not (fits(second) and fits(first)) or first.sentence != second.sentence \
                or first.candidates[0].id == second.candidates[0].id:
            continue
        gap = norm[first.phrase.end:second.phrase.start]
        if gap.strip() in ("", "و") and (second.hit.prefix.startswith("و") or gap.strip() == "و"):
            return first, second
    return None


# A place said to lie "جنوب X" / "في محافظة X" is at most this far from X (a district of a governorate:
# "قضاء البعاج غرب الموصل" is 130 km from Mosul).
_LOCATED_KM = 160.0
_LOCATED_GAP = re.compile(r"[\s\"'“”«»‘’()]*")


def _located_by(m: _Mention, o: _Mention, norm: str) -> bool:
    """True when ``o`` follows ``m`` at once as the area it lies in: "قبر العبد جنوب الموصل",
    "بلدة الحديد غرب ديالى", "الحماميات في محافظة حماة" (nothing but spaces, quotes or "في" between; or a
    comma before a direction: "الحسينية، شمالي بغداد")."""
    if o.role != "place" or o.sentence != m.sentence or not o.candidates or not _locating(o, norm):
        return False
    gap = norm[m.phrase.end:o.phrase.start]
    # (no more than three pieces: the tests below ask for one or two words, and a gap between two places
    # is often a long stretch of text)
    words = gap.split(None, 2)
    if 1 <= len(words) <= 2 and tuple(words) in _direction_words():
        return True  # a direction before the area's cue: "قرى تل الرمان شمال ناحية جلولاء"
    if len(words) == 1 and words[0] in _direction_adjectives() and o.phrase.qualifier is not None \
            and o.phrase.qualifier.type == "direction":
        return True  # the name's own direction adjective between: "منطقة حصيبة الشرقية شرق الرمادي"
    if len(words) == 2 and words[1] in (_IN, "ب") and not words[0].startswith("و") and len(gap) <= 24 \
            and all(c.kind == "village" for c in m.candidates):
        return True  # an adjective between: "مخزنين كبيرين في محافظة الرقة"
    if len(gap) > 12:
        return False
    if gap.strip() == "ب":
        return True  # "بلدة الكسرة بريف الرقة الغربي"
    if gap.strip() in ("،", ",") and o.phrase.qualifier is not None and o.phrase.qualifier.type == "direction":
        return True  # "منطقة الحسينية، شمالي بغداد": a direction after a comma locates too
    return bool(_LOCATED_GAP.fullmatch(f" {gap} ".replace(f" {_IN} ", " ")))


@functools.lru_cache(maxsize=1)
def _direction_words() -> frozenset:
    """Direction qualifiers of ``place_qualifiers.tsv`` folded, as word tuples ("شمال", "جنوب غربي")."""
    return frozenset(tuple(fold(r["phrase"]).split()) for r in read_tsv("place_qualifiers.tsv") if r["type"] == "direction")


@functools.lru_cache(maxsize=1)
def compass_points() -> frozenset[str]:
    """The one-word ``direction`` qualifiers of place_qualifiers.tsv that the others are made from ("شمال" of
    "شمالي", "شمالا", "الشمالية"): the four compass points, folded."""
    words = {fold(r["phrase"]) for r in read_tsv("place_qualifiers.tsv") if r["type"] == "direction" and " " not in r["phrase"]}
    return frozenset(w for w in words if any(v != w and v.startswith(w) for v in words))


@functools.lru_cache(maxsize=1)
def _direction_adjectives() -> frozenset:
    """One-word adjectives of ``place_qualifiers.tsv`` that name a compass point, folded ("الشرقية", "الغربي"; not
    "الأوسط")."""
    return frozenset(w for w in (fold(r["phrase"]) for r in read_tsv("place_qualifiers.tsv")
                                 if r["type"] == "adjective" and " " not in r["phrase"].strip())
                     if any(p in w for p in compass_points()))


def _fits(c: Place, area: Place) -> bool:
    if _km(c, area) <= _LOCATED_KM / 4:
        return True  # across a border too ("قرية القصر في قضاء الهرمل")
    if c.country_code != area.country_code:
        return False
    if area.kind in ("governorate", "region") and area.admin1 and c.admin1:
        return c.admin1 == area.admin1 or _km(c, area) <= _LOCATED_KM / 2
    return _km(c, area) <= _LOCATED_KM


_NUMBER_UNIT = re.compile(r"(\d+(?:[.,]\d+)?)(\D*)")
# A place this many km or more from where something happened ("على بعد 240 كلم شمال بغداد") is no
# stand-in for it, even when the sentence names no other place.
_FAR_KM = 30.0
_WORDS_KM = 500.0  # the reach of a distance written in words ("خمسين كيلومترا")
_DISTANCE_BETWEEN_WORDS = 3  # words of direction between a distance's unit and its link ("إلى الشمال الشرقي من")


def _distance_at(tokens: _Before, i: int, token: Optional[tuple[int, int, str]], lex: PlaceLexicon) -> Optional[float]:
    """The km a distance phrase right before a mention's phrase states ("70كم شمال شرق X", "على بعد
    120 كيلومترا شمالي العاصمة X", "20 كم عن X"), read from the first word before the phrase (``token``,
    word ``i`` of ``tokens``); ``_WORDS_KM`` for a number in words; None without one."""
    if token is not None and token[2] in lex.distance_links:
        i += 1
        token = tokens.get(i)
        # "على بعد 30 كيلومترا إلى الشمال الشرقي من بغداد": a direction told between the unit and the link
        skipped = 0
        while token is not None and skipped < _DISTANCE_BETWEEN_WORDS and token[2] in lex.distance_between:
            i += 1
            token = tokens.get(i)
            skipped += 1
    if token is None:
        return None
    word = token[2]
    # (a number opens with a digit: most words are no number, tested without the regex; \d is isdecimal)
    joined = _NUMBER_UNIT.fullmatch(word) if word[:1].isdecimal() else None
    if joined and joined.group(2) in lex.distance_units:  # "70كم"
        return float(joined.group(1).replace(",", ".")) * lex.distance_units[joined.group(2)]
    factor = lex.distance_units.get(word)
    token = tokens.get(i + 1) if factor is not None else None
    if token is None:
        return None
    number = _NUMBER_UNIT.fullmatch(token[2])
    if number and not number.group(2):
        return float(number.group(1).replace(",", ".")) * factor
    return _WORDS_KM


def _references_and_residences(mentions: list[_Mention], norm: str, bnd: str, lex: PlaceLexicon) -> None:
    """Places that only locate others, role "reference", never the event place, in one walk over the mentions:
    a place after a distance ("قرية تل الرمان في ريف ناحية جلولاء 140كم شمال شرق بغداد") locates a place
    told before it in the sentence (``place_distances.tsv``), and "ويسكنون في دمشق", "كانوا يقطنون في
    القريتين" say where people live (``place_residence.tsv``). Both tests read the words right before a
    mention's phrase, found once here. It gives what the two tests give run one after the other (the
    tests keep that form as their reference): a mention the distance test makes a reference the
    residence test skips, and the residence verdicts are applied at the end, as the distance test reads
    the roles of the mentions before (which the residence test, run after it, had not changed yet)."""
    words = _residence_words()
    in_letters, conjunctions = _proclitic_sets()
    in_letter_set = frozenset(in_letters)
    units = lex.distance_units
    links = lex.distance_links
    residents: list[_Mention] = []
    for k, m in enumerate(mentions):
        if m.role != "place":
            continue
        ph = m.phrase
        tokens = ph.before or _Before(norm, bnd, m.hit.word_start)
        # (the first word before the phrase, past its own cue and direction)
        start, read = ph.start, tokens.words
        i = 0
        token = read[0] if read else None
        while token is not None and token[0] >= start:
            i += 1
            token = read[i] if i < len(read) else tokens.get(i)
        # (_distance_at's own first tests, inlined: it reads a distance only after a link, a number or a
        # unit word, and most words before a name are none of these)
        if units and m.candidates and token is not None and (
                token[2] in links or token[2][:1].isdecimal() or token[2] in units):
            km = _distance_at(tokens, i, token, lex)
            if km is not None and _is_reference_point(mentions, k, km):
                m.role = "reference"
                continue
        if ph.qualifier is not None:
            continue
        if i == 0 and ph.cue is None and m.hit.prefix and not in_letter_set.isdisjoint(m.hit.prefix):
            verb = token[2] if token is not None else ""
        elif token is not None and token[2] == _IN and tokens.get(i + 1) is not None:
            verb = tokens.words[i + 1][2]
        else:
            continue
        # (strip_proclitic(verb, conjunctions) in words, inlined: the word without a conjunction)
        if verb in words or (verb and verb[0] in conjunctions and verb[1:] in words):
            residents.append(m)
    for m in residents:
        m.role = "reference"


def _is_reference_point(mentions: list[_Mention], k: int, km: float) -> bool:
    """True when mention ``k``, ``km`` from what a distance phrase before it locates, is a reference point."""
    if _FAR_KM <= km < _WORDS_KM:
        return True  # "القرية نفسها الواقعة على بعد 240 كلم شمال بغداد": never where it happened
    m = mentions[k]
    limit = _WORDS_KM if km >= _WORDS_KM else 2 * km + 50
    ref = m.candidates[0]
    return any(o.role == "place" and o.candidates and o.sentence == m.sentence and o.phrase.end <= m.phrase.start
               and km_between(o.candidates[0].latitude, o.candidates[0].longitude, ref.latitude, ref.longitude) <= limit
               for o in mentions[:k])


@functools.lru_cache(maxsize=1)
def _near_reach() -> dict[str, float]:
    """``place_near.tsv`` kind before: qualifier phrase (as place_qualifiers.tsv writes it) -> km."""
    return {r["phrase"]: float(r["km"]) for r in read_tsv("place_near.tsv") if r["kind"] == "before"}


@functools.lru_cache(maxsize=1)
def _near_after() -> dict[str, float]:
    """``place_near.tsv`` kind after: folded adjective -> km."""
    return {fold(r["phrase"]): float(r["km"]) for r in read_tsv("place_near.tsv") if r["kind"] == "after"}


@functools.lru_cache(maxsize=1)
def _near_after_stops() -> tuple[frozenset, tuple]:
    """``place_near.tsv`` kinds stop/stop_prefix folded: a word after the adjective ("القريبة من X") that
    makes it locate the place by the name after it, not by the place told before; and the letters such a
    word may open with ("لـ")."""
    rows = read_tsv("place_near.tsv")
    return (frozenset(fold(r["phrase"]) for r in rows if r["kind"] == "stop"),
            tuple(fold(r["phrase"]) for r in rows if r["kind"] == "stop_prefix"))


_WORD_RE = re.compile(r"\w+")


def _near_the_place_before(mentions: list[_Mention], norm: str) -> list[_Mention]:
    """"قصفوا قرية التلة القريبة" after "بلدة الوادي": a name with an adjective of nearness after it
    (``place_near.tsv`` kind after) lies next to the place told just before it in the sentence; its
    namesake there, or, with none that near, a place the gazetteer lacks (dropped)."""
    after = _near_after()
    stops, stop_prefixes = _near_after_stops()
    out: list[_Mention] = []
    prev: Optional[_Mention] = None  # the last place with candidates before ``m``
    for m in mentions:
        last = prev
        if m.role == "place" and m.candidates:
            prev = m
        # (the tests on the mentions first, then the words after: a regex only for a name that may fit)
        if m.role != "place" or not m.candidates or last is None or last.sentence != m.sentence \
                or last.candidates[0].kind not in _SETTLEMENTS:
            out.append(m)
            continue
        end = m.phrase.end
        first = _WORD_RE.search(norm, end, end + 24) if norm[end:end + 1] == " " else None
        reach = after.get(first.group()) if first is not None else None
        if reach is not None:
            nxt = _WORD_RE.findall(norm, end, end + 24)
        if reach is None or (len(nxt) > 1 and (nxt[1] in stops or nxt[1].startswith(stop_prefixes))):
            out.append(m)
            continue
        near = [k for k, c in enumerate(m.candidates) if _km(c, last.candidates[0]) <= reach]
        if not near:
            if all(c.kind in _SETTLEMENTS for c in m.candidates):
                continue  # the gazetteer lacks the place
        elif near[0] != 0:
            _prefer_candidate(m, near[0])
        out.append(m)
    return out


@functools.lru_cache(maxsize=1)
def _proclitic_sets() -> tuple[str, str]:
    """The letters of proclitic sets "in" and "conjunctions" (:func:`proclitics` reads its data file's
    rows at each call)."""
    return proclitics("in"), proclitics("conjunctions")


@functools.lru_cache(maxsize=1)
def _residence_words() -> frozenset:
    """``place_residence.tsv`` folded."""
    return frozenset(fold(r["word"]) for r in read_tsv("place_residence.tsv"))


def _fit_to_locating_places(mentions: list[_Mention], norm: str) -> list[_Mention]:
    """A name followed at once by the area it lies in ("منطقة قبر العبد جنوب الموصل", "قرية الصالحية
    غربي دير الزور") is the namesake in that area; a name with no namesake there (only a Syrian
    village of that name, the text about Mosul) is a place the gazetteer lacks: dropped, so that the
    area it lies in is the event place (with the precision its qualifier gives); the same name told
    again elsewhere in the article, with no area of its own, is that area too (precision 2)."""
    out: list[_Mention] = []
    lacking: dict[str, _Mention] = {}  # name -> the area a name the gazetteer lacks lies in
    for i, m in enumerate(mentions):
        o = mentions[i + 1] if i + 1 < len(mentions) else None
        if o is None or m.role != "place" or not m.candidates or o.sentence != m.sentence \
                or not _located_by(m, o, norm):  # (the sentence, _located_by's cheapest test, first)
            out.append(m)
            continue
        area = o.candidates[0]
        if area.kind == "country" or any(c.id == area.id for c in m.candidates):
            out.append(m)
            continue
        reach = _near_reach().get(o.phrase.qualifier.phrase) if o.phrase.qualifier is not None else None
        fitting = [k for k, c in enumerate(m.candidates) if _fits(c, area) and (reach is None or _km(c, area) <= reach)]
        if not fitting:
            if all(c.kind in _SETTLEMENTS or c.kind in SITE_KINDS or c.kind == "subdistrict" for c in m.candidates):
                lacking.setdefault(m.hit.key, o)
                continue  # not this namesake: the gazetteer lacks the place
            out.append(m)
            continue
        if fitting[0] != 0:
            _prefer_candidate(m, fitting[0])
        out.append(m)
    if lacking:
        located = {id(m) for i, m in enumerate(mentions[:-1]) if _located_by(m, mentions[i + 1], norm)}
        for m in out:
            o = lacking.get(m.hit.key)
            if o is None or m.role != "place" or id(m) in located or not m.candidates:
                continue
            area = o.candidates[0]
            m.candidates = [area] + [c for c in m.candidates if c.id != area.id]
            m.phrase.precision = 2
            m.phrase.qualifier_text = m.phrase.qualifier_text or o.phrase.qualifier_text
    return out


# A neighbourhood of the gazetteer this far from the city named right after its "حي" lies in another city.
_NEIGHBOURHOOD_CITY_KM = 25.0


def _locating_area(o: _Mention, norm: str) -> bool:
    """The place locates what is told before it: a direction ("شمال حلب"), "في حلب" or "بحلب", not
    joined by "و" ("ومدينة تدمر", "وفي تدمر")."""
    if o.hit.prefix.startswith("و"):
        return False
    if o.phrase.qualifier is not None and o.phrase.qualifier.type == "direction":
        return True
    at = o.phrase.start
    before = norm[max(0, at - 4):at].split()
    letters = _proclitic_sets()[0]  # "بحلب"
    return norm[at:at + 1] in letters and at < len(norm) \
        or (at >= 2 and norm[at - 2] in " \n" and norm[at - 1] in letters) \
        or (bool(before) and before[-1] == _IN)


def _neighbourhoods_in_cities(mentions: list[_Mention], norm: str) -> None:
    """"حي المغاير ... في حلب": a حي whose name the gazetteer knows only as a village elsewhere, or only as
    a neighbourhood of another city ("حي الخالدية ... شمال حلب", the gazetteer's الخالدية in Homs), is a
    neighbourhood of the city named right after it: that city, precision 2. A city joined by "و" is a
    place of its own ("حي الوعر ومدينة تدمر"), not the one the حي lies in."""
    for i, m in enumerate(mentions):
        cue = m.phrase.cue
        if cue is None or cue.kinds != _NEIGHBOURHOOD_ONLY:
            continue
        known = [c for c in m.candidates if c.kind == "neighbourhood"]
        for o in mentions[i + 1:i + 3]:
            if o.role == "place" and o.sentence == m.sentence and o.candidates \
                    and o.candidates[0].kind in ("city", "town", "neighbourhood") \
                    and 0 <= o.phrase.start - m.phrase.end <= _LOCATING_REACH:
                if known and (o.candidates[0].kind == "neighbourhood" or not _locating_area(o, norm)
                              or any(_km(c, o.candidates[0]) <= _NEIGHBOURHOOD_CITY_KM for c in known)):
                    break
                m.candidates = [o.candidates[0]] + m.candidates
                m.phrase.precision, m.phrase.qualifier_text = 2, (m.phrase.qualifier_text if known else "") or cue.phrase
                break


def _to_span(doc: Document, gaz: Gazetteer, m: _Mention) -> PlaceMention:
    place = m.candidates[0]
    ph = m.phrase
    precision = _KIND_PRECISION.get(place.kind, 1)  # (_kind_precision, inlined)
    qualifier = ph.qualifier_text
    if ph.cue is not None and ph.cue.kinds == _GOVERNORATE_ONLY:
        # "محافظة X": the governorate, at its capital.
        gov = place if place.kind == "governorate" else gaz.governorate_of(place)
        if gov is not None and gov is not place:
            m.candidates.insert(0, gov)
            place = gov
        precision = 3
    elif ph.cue is not None and ph.cue.precision is not None and place.kind not in ph.cue.kinds and precision < 3:
        precision = max(precision, ph.cue.precision)  # "مطار X", X a town: a site near X
        qualifier = qualifier or ph.cue.phrase
    if ph.qualifier is not None and ph.qualifier.type == "centre":
        pass  # "وسط X" is X itself
    elif ph.precision is not None and (precision < 3 or place.kind == "governorate"):
        precision = ph.precision  # "ريف X", "قرب X", "شمال X", "X وريفها", "حي Y في X": 2
    offsets = doc.norm_offsets  # (doc.text_index, inlined)
    start, end = (offsets[ph.start], offsets[ph.end]) if offsets else (ph.start, ph.end)
    text = doc.text[start:end]
    surface = text
    if ph.start == m.hit.start - 1 and m.hit.form in ("core", "article"):
        surface = ARTICLE + doc.text[doc.text_index(m.hit.start):end]  # "للرقة" -> "الرقة"
    # (made without the dataclass __init__, see _new_hit: every field set here, _PLACE_MENTION_FIELDS
    # checks the fields at import)
    # (the mention's own list, not a copy: ``m`` is dropped once its span is made, and no other mention
    # shares the list)
    span = _NEW(PlaceMention)
    span.start, span.end, span.text, span.place, span.geo_precision, span.qualifier, span.role, span.surface, \
        span.candidates = start, end, text, place, precision, qualifier, m.role, surface, m.candidates
    return span


_PLACE_MENTION_FIELDS = ("start", "end", "text", "place", "geo_precision", "qualifier", "role", "surface",
                         "candidates")
if tuple(f.name for f in fields(PlaceMention)) != _PLACE_MENTION_FIELDS:
    raise ImportError("PlaceMention's fields changed: update _to_span and _PLACE_MENTION_FIELDS")


def _kind_precision(place: Place) -> int:
    return _KIND_PRECISION.get(place.kind, 1)


# A place's own precision by its kind (codebook section 2): an area 3, a site, district or subdistrict 2.
_KIND_PRECISION = {**{k: 2 for k in SITE_KINDS | {"district", "subdistrict"}},
                   **{k: 3 for k in ("governorate", "region", "country")}}


def _prefer_candidate(m: "_Mention", k: int) -> None:
    """Make the mention's ``k``-th namesake its first, keeping the others' order."""
    m.candidates.insert(0, m.candidates.pop(k))
