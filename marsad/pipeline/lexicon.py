"""Dictionary matching of Arabic phrases in folded text, tolerant of proclitics.

Arabic attaches conjunctions, prepositions and the article to the word that follows
(و ف ب ل ك ال: "والاشتباكات", "بقوات", "للجيش"). A :class:`PhraseMatcher` holds folded phrases
in an Aho-Corasick automaton (pyahocorasick) and accepts a hit when the letters between the
previous word boundary and the hit are a valid chain of proclitics. A phrase written with a
trailing ``*`` is a stem: any suffix may follow it ("اشتبك*" matches اشتبكت, اشتبكوا). Other
phrases must end at a word boundary. Among overlapping hits the longest wins ("الجيش السوري الحر"
over "الجيش السوري").
"""
from __future__ import annotations

import operator
from typing import Any, Generic, Iterable, Iterator, NamedTuple, Optional, TypeVar

import ahocorasick

from ..text import fold

T = TypeVar("T")

# Proclitic chains, in order: conjunction (و/ف), preposition (ب/ل/ك), article (ال).
# "لل" is ل + ال with the alef dropped. Folded forms; a set, since every hit is checked.
_PROCLITIC_CHAINS = frozenset(
    conj + prep + art
    for conj in ("", "و", "ف")
    for prep, art in [(p, a) for p in ("", "ب", "ل", "ك") for a in ("", "ال")] + [("لل", "")]
)


# The letters a chain can end with: a hit right after any other letter is inside a word.
_CHAIN_LAST_LETTERS = frozenset(chain[-1] for chain in _PROCLITIC_CHAINS if chain)


# How far back from a hit its span starts, by the chain of proclitics before it: the article belongs to
# the name ("الجيش"), other proclitics do not ("و", "ب"); "لل" is ل + ال with the alef dropped.
_CHAIN_BACK = {chain: 2 if chain.endswith("ال") else 1 if chain.endswith("لل") else 0 for chain in _PROCLITIC_CHAINS}


def is_proclitic_chain(letters: str) -> bool:
    """True when ``letters`` (folded) is empty or a valid chain of proclitics."""
    return letters in _PROCLITIC_CHAINS


class Hit(NamedTuple):
    """A phrase found in folded text (a named tuple: matching makes many of them)."""

    start: int  # offsets into the folded text; the article is included, other proclitics are not
    end: int
    phrase: str  # the folded phrase that matched
    value: Any
    prefix: str  # proclitics attached before the phrase (folded), e.g. "وال"


def phrase_key(phrase: str) -> tuple[str, bool]:
    """Folded form of a lexicon phrase without a leading article, and whether it is a stem."""
    text = fold(phrase.strip())
    stem = text.endswith("*")
    if stem:
        text = text[:-1].rstrip()
    text = " ".join(text.split())
    if text.startswith("ال") and len(text) > 3:
        text = text[2:]
    return text, stem


def _definite_variants(key: str) -> list[str]:
    """A phrase and its definite form: an adjective or a following noun takes the article when the
    first word does ("عمليات نوعية" -> "العمليات النوعية", whose key is "عمليات النوعيه")."""
    words = key.split(" ")
    if len(words) < 2 or " ال" in key:  # (a word after the first starts with the article)
        return [key]
    return [key, " ".join([words[0]] + ["ال" + w for w in words[1:]])]


class TextScan:
    """One Aho-Corasick pass over a text for several dictionaries at once.

    The stages search every article's folded text with four automata (the actor and trigger
    lexicons, the date and number anchors); a pass of pyahocorasick over a text costs about the same
    whatever the number of words, so the dictionaries that :meth:`join` one scan share one pass per
    text. :meth:`found` gives each the ``(end index, value)`` pairs that its own automaton's ``iter``
    would give, in the same order: at each end index an automaton reports the words that end there
    longest first (down the chain of suffixes), and so does the joint one, for every dictionary's words.
    The pairs of the last text scanned are kept (the text is recognised by identity, as ``doc.norm``
    is passed from stage to stage); the state is swapped in one assignment, safe across threads.
    """

    def __init__(self) -> None:
        self._members: list[list[tuple[str, Any]]] = []
        self._state: Optional[tuple[Any, int]] = None  # (joint automaton or None, number of members)
        self._last: tuple = (None, None, ())  # (text, state, the pairs of each member)

    def join(self, words: Iterable[tuple[str, Any]]) -> int:
        """Add a dictionary (its ``(word, value)`` pairs); returns its slot for :meth:`found`."""
        self._members.append(list(words))
        self._state = None
        return len(self._members) - 1

    def _build(self) -> tuple[Any, int]:
        merged: dict[str, list[tuple[int, Any]]] = {}
        for slot, words in enumerate(self._members):
            for word, value in words:
                merged.setdefault(word, []).append((slot, value))
        automaton = None
        if merged:
            automaton = ahocorasick.Automaton()
            for word, pairs in merged.items():
                automaton.add_word(word, tuple(pairs))
            automaton.make_automaton()
        state = (automaton, len(self._members))
        self._state = state
        return state

    def found(self, text: str, slot: int) -> list[tuple[int, Any]]:
        """The ``(end index, value)`` pairs of member ``slot`` in ``text``."""
        state = self._state or self._build()
        last = self._last
        if last[0] is text and last[1] is state:
            return last[2][slot]
        lists: tuple[list, ...] = tuple([] for _ in range(state[1]))
        if state[0] is not None:
            for end, pairs in state[0].iter(text):
                for member, value in pairs:
                    lists[member].append((end, value))
        self._last = (text, state, lists)
        return lists[slot]


#: The scan the pipeline's dictionaries over whole articles join (see ``marsad.pipeline``).
DOCUMENT_SCAN = TextScan()


class PhraseMatcher(Generic[T]):
    """Find lexicon phrases in folded text (see module docstring)."""

    def __init__(self, entries: Iterable[tuple[str, T]]):
        self._automaton = ahocorasick.Automaton()
        self._size = 0
        store: dict[str, list[tuple[bool, T]]] = {}
        for phrase, value in entries:
            key, stem = phrase_key(phrase)
            if not key:
                continue
            for variant in _definite_variants(key):
                store.setdefault(variant, []).append((stem, value))
        for key, values in store.items():
            # (key, its length, (stem, value) pairs, whether any is a stem)
            self._automaton.add_word(key, (key, len(key), tuple(values), any(stem for stem, _ in values)))
            self._size += 1
        if self._size:
            self._automaton.make_automaton()
        self._shared: Optional[tuple[TextScan, int]] = None

    def join(self, scan: TextScan) -> None:
        """Search texts in ``scan``'s joint pass from now on (the same hits)."""
        if self._shared is None and self._size:
            self._shared = (scan, scan.join(self._automaton.items()))

    def __len__(self) -> int:
        return self._size

    def iter_all(self, norm: str) -> Iterator[Hit]:
        """Every acceptable hit, overlapping ones included."""
        return iter(self.hits(norm))

    def hits(self, norm: str) -> list[Hit]:
        """:meth:`iter_all` as a list."""
        out: list[Hit] = []
        if not self._size:
            return out
        n = len(norm)
        chains = _PROCLITIC_CHAINS
        chain_ends = _CHAIN_LAST_LETTERS
        new_hit = _new_hit
        shared = self._shared
        found = self._automaton.iter(norm) if shared is None else shared[0].found(norm, shared[1])
        for end_index, (key, length, values, any_stem) in found:
            start = end_index - length + 1
            end = end_index + 1
            if not any_stem and end < n and norm[end].isalnum():
                continue  # a whole-word phrase ending inside a word ("لا" in "لاجئين"): the cheapest test first
            # letters before the hit, back to the previous non-word character (str.isalnum is
            # the word test: folded text has no diacritics or underscores that matter here)
            before = norm[start - 1] if start else " "
            if before not in chain_ends:  # (the letters a chain ends with are all alphanumeric)
                if before.isalnum():
                    continue  # inside a word ("قتل" in "مقتل"): a quarter of all hits, cut short
                prefix, first = "", start  # most hits: the word starts with the phrase
            else:
                p = start - 1
                while p > 0 and start - p < 5 and norm[p - 1].isalnum():
                    p -= 1
                if p > 0 and norm[p - 1].isalnum():
                    continue
                prefix = norm[p:start]
                if prefix not in chains:
                    continue
                # the article belongs to the name ("الجيش"), other proclitics do not ("و", "ب")
                first = start - 2 if prefix.endswith("ال") else start - 1 if prefix.endswith("لل") else start
            if end >= n or not norm[end].isalnum():  # the phrase ends at a word end
                if not any_stem:
                    for _stem, value in values:
                        out.append(new_hit(Hit, (first, end, key, value, prefix)))
                    continue
                stop = end  # (a stem with no suffix: its span ends here too)
            elif not any_stem:
                continue
            else:
                stop = end + 1  # extend over the suffix so the span covers the whole word
                while stop < n and norm[stop].isalnum():
                    stop += 1
            for stem, value in values:
                if stem:
                    out.append(new_hit(Hit, (first, stop, key, value, prefix)))
                elif stop == end:
                    out.append(new_hit(Hit, (first, end, key, value, prefix)))
        return out

    def spans(self, norm: str, kind: type = tuple, base: int = 0, offsets: Optional[list[int]] = None) -> list:
        """The hits of :meth:`hits` as ``kind`` tuples ``(start, end, value, phrase)`` in text order (by
        start, then end; hits of one span in the order of :meth:`hits`), with ``base`` added to the
        offsets, then mapped through ``offsets`` when given (a strictly increasing map, such as
        ``Document.norm_offsets``: the order is the same before and after it). The same tests of every
        raw match as :meth:`hits`, with one tuple made per hit instead of two (the events stage finds the
        cue words of every sentence with a trigger: tens of thousands of them per thousand articles).
        Searched with this matcher's own automaton (never a joint scan's)."""
        out: list = []
        if not self._size:
            return out
        # a space on either side: every raw match has a character before and after it, and a word
        # test that runs off the text stops at one (folded keys neither start nor end with a space)
        text = " " + norm + " "
        base -= 1
        chain_ends = _CHAIN_LAST_LETTERS
        chain_back = _CHAIN_BACK
        new = tuple.__new__
        at = offsets if offsets else None
        for end_index, (key, length, values, any_stem) in self._automaton.iter(text):
            end = end_index + 1
            if not any_stem and text[end].isalnum():
                continue  # (the tests of :meth:`hits`, in its order)
            start = end - length
            before = text[start - 1]
            if before not in chain_ends:
                if before.isalnum():
                    continue
                first = start
            else:
                p = start - 1
                while start - p < 5 and text[p - 1].isalnum():
                    p -= 1
                if text[p - 1].isalnum():
                    continue
                back = chain_back.get(text[p:start])
                if back is None:
                    continue  # not a chain of proclitics
                first = start - back
            if not text[end].isalnum():
                stop = end
            elif not any_stem:
                continue
            else:
                stop = end + 1
                while text[stop].isalnum():
                    stop += 1
            lo, hi = first + base, stop + base
            if at is not None:
                lo, hi = at[lo], at[hi]
            if not any_stem:
                for _stem, value in values:
                    out.append(new(kind, (lo, hi, value, key)))
            elif stop == end:  # (a stem with no suffix, or a whole word: every value)
                for _stem, value in values:
                    out.append(new(kind, (lo, hi, value, key)))
            else:
                for stem, value in values:
                    if stem:
                        out.append(new(kind, (lo, hi, value, key)))
        if len(out) > 1:
            out.sort(key=_START_END)
        return out

    def find(self, norm: str) -> list[Hit]:
        """Non-overlapping hits, longest first, in text order."""
        hits = self.hits(norm)
        if len(hits) < 2:
            return hits
        # most texts: no two hits overlap, and the answer is every hit in text order
        in_order = sorted(hits, key=_start)
        prev_end = -1
        for hit in in_order:
            if hit.start < prev_end:
                break
            prev_end = hit.end
        else:
            return in_order
        hits.sort(key=_longest_first)
        taken: list[Hit] = []
        used = bytearray(len(norm) + 1)  # characters taken by a longer hit (spans are never empty)
        for hit in hits:
            if used.find(1, hit.start, hit.end) >= 0:
                continue
            taken.append(hit)
            used[hit.start:hit.end] = b"\x01" * (hit.end - hit.start)
        taken.sort(key=_start)
        return taken


# a Hit made without the named tuple's Python-level __new__ (the same object: matching makes
# tens of thousands of them per thousand articles)
_new_hit = tuple.__new__


def _start(hit: Hit) -> int:
    return hit.start


def _longest_first(hit: Hit) -> tuple[int, int]:
    return (hit.start - hit.end, hit.start)


_START_END = operator.itemgetter(0, 1)  # a span's (start, end)
