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

from typing import Any, Generic, Iterable, Iterator, NamedTuple, TypeVar

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
        for end_index, (key, length, values, any_stem) in self._automaton.iter(norm):
            start = end_index - length + 1
            end = end_index + 1
            # letters before the hit, back to the previous non-word character (str.isalnum is
            # the word test: folded text has no diacritics or underscores that matter here)
            if start == 0 or not norm[start - 1].isalnum():
                prefix, first = "", start  # most hits: the word starts with the phrase
            else:
                if norm[start - 1] not in chain_ends:
                    continue  # inside a word ("قتل" in "مقتل"): a quarter of all hits, cut short
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
