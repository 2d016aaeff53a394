"""Arabic folding for matching: the one character-to-character map every layer keys text by.

The folding table is ``data/normalization.tsv``: alef/hamza forms, ta marbuta, alef maqsura,
Persian letters, Arabic-Indic digits, curly quotes are mapped; tatweel, diacritics and invisible
marks are deleted; ASCII is lower-cased. :func:`fold` gives the folded form of a word or phrase
(dictionary keys, lexicon entries, gazetteer names); the normalize stage
(:mod:`marsad.pipeline.normalize`) folds whole articles with the same table and keeps a map back
to the original offsets.
"""
from __future__ import annotations

import functools

from .resources import read_tsv


@functools.lru_cache(maxsize=1)
def fold_tables() -> tuple[dict[int, str], frozenset[str]]:
    """The folding map (for ``str.translate``) and the set of deleted characters."""
    mapping: dict[int, str] = {}
    deleted: set[str] = set()
    for row in read_tsv("normalization.tsv"):
        char = chr(int(row["char"][2:], 16))
        to = row["to"]
        if to:
            mapping[ord(char)] = to
        else:
            deleted.add(char)
            mapping[ord(char)] = ""
    # ASCII is lower-cased so that English and transliterated names match case-insensitively.
    for code in range(ord("A"), ord("Z") + 1):
        mapping[code] = chr(code + 32)
    return mapping, frozenset(deleted)


@functools.lru_cache(maxsize=1)
def fold_table() -> list:
    """The folding map as a list indexed by code point, for ``str.translate`` (twice as fast as
    the dict: no hashing per character): a code point maps to itself, its replacement, or None
    (deleted); code points past the end raise IndexError, which ``str.translate`` reads as "keep"."""
    mapping, _ = fold_tables()
    table: list = list(range(max(mapping) + 1))
    for code, to in mapping.items():
        table[code] = to or None
    return table


def fold(text: str) -> str:
    """The folded form of ``text`` (for dictionary keys and lexicon entries).

    Short texts are remembered (the events stage folds the same words and names tens of thousands
    of times: a dictionary look-up costs a fifth of a translation); whole articles are not."""
    if len(text) > _CACHE_LEN:
        return text.translate(_TABLE or _load_table())
    folded = _CACHE.get(text)
    if folded is None:
        folded = text.translate(_TABLE or _load_table())
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()  # (a bound on memory; news vocabulary fills it again at once)
        _CACHE[text] = folded
    return folded


_CACHE: dict[str, str] = {}
_CACHE_LEN = 48  # characters: words, names and phrases, not sentences
_CACHE_SIZE = 20000


_TABLE: list = []


def _load_table() -> list:
    _TABLE[:] = fold_table()
    return _TABLE


@functools.lru_cache(maxsize=None)
def proclitics(name: str) -> str:
    """The letters of proclitic set ``name`` of ``data/proclitics.tsv`` ("conjunctions" -> "وف")."""
    for row in read_tsv("proclitics.tsv"):
        if row["set"] == name:
            return row["letters"]
    raise KeyError(f"proclitics.tsv has no set {name!r}")


def strip_proclitic(word: str, letters: str, min_length: int = 0) -> str:
    """``word`` without its first letter when that is one of ``letters`` (a set of :func:`proclitics`)
    and the word is longer than ``min_length`` ("بهجوم" -> "هجوم"); else ``word`` as it is."""
    if word and word[0] in letters and len(word) > min_length:
        return word[1:]
    return word
