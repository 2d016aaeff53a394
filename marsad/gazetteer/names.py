"""Place-name keys: how a name is folded for lookup and matching.

A *key* is the name folded with :func:`marsad.text.fold`, with every character that is
not a letter or digit turned into a space and runs of spaces collapsed. The same rule applied
character by character to an article's folded text (:func:`boundary_text`) keeps offsets, so
a key found there is a name found at word boundaries.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from ..text import fold

ARTICLE = "ال"  # the Arabic definite article, as folded

# Letters that only Kurdish (Sorani/Kurmanji in Arabic script) and Persian spelling use.
_KURDISH_LETTERS = frozenset("ێۆڕڵەڤگچپژ")
_NON_WORD = re.compile(r"[^\w]+|_+")
_SPACES = re.compile(r"\s+")


def is_arabic_script(text: str) -> bool:
    """True when ``text`` has at least one Arabic-script letter."""
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" for ch in text)


def script_lang(name: str) -> str:
    """A coarse language tag from the script: ``ar``, ``ku`` (Arabic script with Kurdish letters) or ``latn``."""
    if is_arabic_script(name):
        return "ku" if any(ch in _KURDISH_LETTERS for ch in name) else "ar"
    return "latn"


def name_key(name: str) -> str:
    """The lookup key of a place name: folded, punctuation to spaces, spaces collapsed."""
    return _SPACES.sub(" ", _NON_WORD.sub(" ", fold(name))).strip()


def core_of(key: str) -> str:
    """``key`` without a leading definite article (``الرقه`` -> ``رقه``), or ``""`` if it has none."""
    if key.startswith(ARTICLE) and len(key) > 2 and key[2] != " ":
        return key[2:]
    return ""


def key_variants(key: str) -> set[str]:
    """Spelling variants of a key that articles use: joined or split first words.

    ``دير الزور`` is also written ``ديرالزور``, ``كفر نبل`` as ``كفرنبل`` and OCHA's ``خانطومان`` is
    ``خان طومان`` in the news: a word followed by one starting with the article, or a first word of
    ``place_name_prefixes.tsv``, may be written joined to the next word, or apart from it; after such a
    first word the article of the second may be left out (``أم الفرسان`` / ``أم فرسان``); a one-word
    name with an inner article is also split there (``بصرالحرير`` / ``بصر الحرير``).
    """
    out = set()
    words = key.split(" ")
    prefixes = _joinable_words()
    for i in range(len(words) - 1):
        if words[i + 1].startswith(ARTICLE) or words[i] in prefixes:
            out.add(" ".join(words[:i] + [words[i] + words[i + 1]] + words[i + 2:]))
    # "أم الفرسان" is also written "أم فرسان", "أبو الظهور" "أبو ظهور"
    if len(words) == 2 and words[0] in prefixes and words[1].startswith(ARTICLE) and len(words[1]) >= 5:
        out.add(f"{words[0]} {words[1][2:]}")
    # OCHA's "بصرالحرير" is "بصر الحرير" in the news: a one-word name with an inner article
    if len(words) == 1:
        i = key.find(ARTICLE, 2)
        if i > 0 and len(key) - i - 2 >= 3:
            out.add(f"{key[:i]} {key[i:]}")
    first = words[0]
    for prefix in prefixes:
        if first.startswith(prefix) and len(first) - len(prefix) >= 3:
            out.add(" ".join([prefix, first[len(prefix):]] + words[1:]))
    return out


@functools.lru_cache(maxsize=1)
def direction_words() -> frozenset[str]:
    """One-word direction adjectives of ``place_qualifiers.tsv`` (folded): الشرقي، الغربية ..."""
    from ..resources import read_tsv

    return frozenset(name_key(row["phrase"]) for row in read_tsv("place_qualifiers.tsv")
                     if row["type"] == "adjective" and len(name_key(row["phrase"]).split()) == 1)


# A bare name ("الجرذي" for OCHA's only "الجرذي الشرقي") is matched only when at least this long.
MIN_BARE_LETTERS = 5


@functools.lru_cache(maxsize=1)
def _joinable_words() -> frozenset[str]:
    from ..resources import read_tsv

    return frozenset(fold(row["word"]) for row in read_tsv("place_name_prefixes.tsv"))


def ascii_fold(text: str) -> str:
    """Latin ``text`` without diacritics, lower-cased (``Ţūz Khūrmātū`` -> ``tuz khurmatu``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("ı", "i").lower()


_LATIN_NOISE = re.compile(r"^(?:al|el|ar|as|ash|at|ad|az|an|ad)[ -]+|['’‘`ʿʾ-]")


def loose_latin(name: str) -> str:
    """A loose comparison form of a Latin-script name for merging sources.

    Drops diacritics, apostrophes, the article (``al-``, ``ar-``...), doubled letters and vowels
    after the first letter, so ``Al-Qāmishlī`` and ``Quamishli`` compare equal.
    """
    s = ascii_fold(name)
    s = _LATIN_NOISE.sub("", s)
    s = re.sub(r"[^a-z]", "", s)
    s = re.sub(r"([aeiou])h$", r"\1", s)  # ta marbuta written -ah or -a ("Raqqah", "Raqqa")
    if not s:
        return ""
    head, tail = s[0], re.sub(r"[aeiouyw]", "", s[1:])
    s = head + tail
    return re.sub(r"(.)\1+", r"\1", s)


def loose_arabic(key: str) -> str:
    """A loose comparison form of an Arabic key: no articles, no spaces (``دير الزور`` -> ``ديرزور``)."""
    words = [w[2:] if w.startswith(ARTICLE) and len(w) > 3 else w for w in key.split(" ")]
    return "".join(words)
