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


def fold(text: str) -> str:
    """The folded form of ``text`` (for dictionary keys and lexicon entries)."""
    mapping, _ = fold_tables()
    return text.translate(mapping)
