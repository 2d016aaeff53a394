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
    """The folded form of ``text`` (for dictionary keys and lexicon entries)."""
    return text.translate(_TABLE or _load_table())


_TABLE: list = []


def _load_table() -> list:
    _TABLE[:] = fold_table()
    return _TABLE
