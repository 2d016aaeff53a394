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
import re
from typing import Optional

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


class _FoldCache(dict):
    """Folded forms of short texts by text. A text not in it is folded by ``__missing__`` (and
    remembered when short), so that :func:`fold` can be the dictionary's own look-up: a text seen
    before costs no Python call at all (the events stage folds the same words and names tens of
    thousands of times)."""

    __slots__ = ()

    def __missing__(self, text: str) -> str:
        if len(text) > _REPLACE_LEN:
            return fold_by_replace(text)  # (an article or a sentence: not remembered)
        folded = text.translate(_TABLE or _load_table())
        if len(text) <= _CACHE_LEN:  # whole articles and sentences are not remembered
            if len(self) >= _CACHE_SIZE:
                self.clear()  # (a bound on memory; news vocabulary fills it again at once)
            self[text] = folded
        return folded


_CACHE = _FoldCache()
_CACHE_LEN = 48  # characters: words, names and phrases, not sentences
_REPLACE_LEN = 200  # characters: longer texts are folded by :func:`fold_by_replace`
_CACHE_SIZE = 20000

#: ``fold(text)``: the folded form of ``text`` (for dictionary keys and lexicon entries); short texts
#: are remembered (see :class:`_FoldCache`), whole articles are not.
fold = _CACHE.__getitem__


_TABLE: list = []


def _load_table() -> list:
    _TABLE[:] = fold_table()
    return _TABLE


@functools.lru_cache(maxsize=1)
def fold_replacements() -> Optional[tuple[tuple[str, str], ...]]:
    """The folding map as (character, replacement) pairs, characters that map to themselves left out;
    None unless every replacement folds to itself (then one replacement after another gives what
    ``str.translate`` gives at once)."""
    mapping, _ = fold_tables()
    pairs = tuple((chr(code), to) for code, to in mapping.items() if to != chr(code))
    if any(len(to) > 1 or (to and mapping.get(ord(to), to) != to) for _, to in pairs):
        return None
    return pairs


#: (text, its folded form) of the last text given to :func:`remember_fold` (one tuple, read and
#: replaced at once, so threads never see a text with another's fold)
_LAST_FOLD: tuple = ("", "")


def remember_fold(text: str, folded: str) -> None:
    """Say that ``folded`` is ``fold(text)``: the next fold of this very string object (an article's
    text, folded by ingest before the normalize stage folds it again) is not computed again."""
    global _LAST_FOLD
    _LAST_FOLD = (text, folded)


def fold_by_replace(text: str) -> str:
    """``text.translate`` with the folding table, for long texts: ``str.replace`` of the mapped
    characters the text holds (an article holds a handful of the hundred), in a third of the time
    (``str.translate`` looks up every character of a non-ASCII text one by one)."""
    last = _LAST_FOLD
    if last[0] is text:  # the same object (not just an equal text): its fold was given
        return last[1]
    pairs = fold_replacements()
    if pairs is None:
        return text.translate(_TABLE or _load_table())
    for char, to in pairs:
        if char in text:
            text = text.replace(char, to)
    return text


@functools.lru_cache(maxsize=None)
def proclitics(name: str) -> str:
    """The letters of proclitic set ``name`` of ``data/proclitics.tsv`` ("conjunctions" -> "وف")."""
    for row in read_tsv("proclitics.tsv"):
        if row["set"] == name:
            return row["letters"]
    raise KeyError(f"proclitics.tsv has no set {name!r}")


@functools.lru_cache(maxsize=None)
def proclitic_class(name: str) -> str:
    """A regular expression character class of the letters of proclitic set ``name``
    ("conjunctions" -> ``"[وف]"``)."""
    return "[" + re.escape(proclitics(name)) + "]"


def has_article(word: str) -> bool:
    """A folded word that carries the article after its proclitics (``particles`` of data/proclitics.tsv): "الهجوم",
    "بالهجوم", "وبالقصف", or "للهجوم" (ل with the article, whose alef is not written)."""
    letters = proclitics("particles")
    for k in range(min(3, len(word))):
        if k and word[k - 1] not in letters:
            return False
        if word.startswith("ال", k) or (word.startswith("لل", k) and len(word) > k + 3):
            return True
    return False


# Punctuation stripped from the ends of words read one by one (the events stage's ``folded_words``, the triggers
# stage's store words).
WORD_PUNCT = " ،,.\"'«»()"


def strip_proclitic(word: str, letters: str, min_length: int = 0) -> str:
    """``word`` without its first letter when that is one of ``letters`` (a set of :func:`proclitics`)
    and the word is longer than ``min_length`` ("بهجوم" -> "هجوم"); else ``word`` as it is."""
    if word and word[0] in letters and len(word) > min_length:
        return word[1:]
    return word


# --------------------------------------------------------------------------- lone surrogates

# A lone surrogate (U+D800..U+DFFF) is no character: JSON's "\ud800" escape and file names of bytes
# that are not UTF-8 (os's surrogateescape) make one, and no UTF-8 file or SQLite text can hold it.
_LONE_SURROGATES = re.compile("[\ud800-\udfff]")


def has_lone_surrogates(value: str) -> bool:
    """True when ``value`` holds a lone surrogate, which UTF-8 cannot encode."""
    if value.isascii():
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def replace_lone_surrogates(value: str, replacement: str = "\ufffd") -> str:
    """``value`` with each lone surrogate replaced (by U+FFFD, the replacement character)."""
    return _LONE_SURROGATES.sub(replacement, value)


def escape_lone_surrogates(value: str) -> str:
    """``value`` with each lone surrogate written as its escape (``\\udcff``): names that stay distinct
    and readable (a file name's byte that is not UTF-8)."""
    return value.encode("utf-8", "backslashreplace").decode("utf-8")


#: The warning of mended lone surrogates; the names of the fields mended follow it.
LONE_SURROGATES_MENDED = "lone surrogates (undecodable, or no Unicode characters) replaced in: "


def mend_lone_surrogates(values: dict, names: tuple[str, ...] = ("id", "source")) -> list:
    """Mend, in place, the values of ``values`` that hold lone surrogates: escaped in the fields ``names``
    (to stay distinct), replaced by U+FFFD in the others. Returns the keys mended (for the warning
    :data:`LONE_SURROGATES_MENDED`)."""
    mended = [key for key, value in values.items() if isinstance(value, str) and has_lone_surrogates(value)]
    for key in mended:
        values[key] = (escape_lone_surrogates if key in names else replace_lone_surrogates)(values[key])
    return mended
