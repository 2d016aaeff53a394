"""Sentence segmentation on the folded text.

A sentence ends at a newline, or at ``. ! ?`` (folded ``؟``) followed by white space or the end
of the text, or at a full stop glued to the Arabic word after it ("حرمة.وتتعرض"). A dot between
single letters ("أ.ف.ب") or between digits ("3.5") does not end one.
Some sites lose their full stops when scraped, leaving "sentences" of a whole paragraph; a
sentence longer than :data:`LONG_SENTENCE` characters is cut further at a comma followed by a
word that opens a new clause ("، وقال", "، فيما").
"""
from __future__ import annotations

import functools
import re

from ..document import Document, Sentence
from ..resources import read_tsv
from ..text import fold, proclitics

# A run of sentence-final punctuation (and closing quotes/brackets after it), then space or end -- or,
# for a full stop that scraping glued to the next sentence ("حرمة.وتتعرض"), an Arabic letter -- or a
# newline. Written to open with the character class [.!?\n], which lets the regex engine skip to those
# characters instead of trying every position (4x faster; the same matches as
# (?:[.!?]+["')\]»”]*)(?=\s|$)|(?<=[ء-ي"'»”\s])\.(?=[ء-ي])|\n).
_END = re.compile(r"""[.!?\n](?:(?<=\n)|(?<=[.!?])[.!?]*["')\]\u00bb\u201d]*(?=\s|$)"""
                  r"""|(?<=[\u0621-\u064a"'\u00bb\u201d\s]\.)(?=[\u0621-\u064a]))""")
_SINGLE_LETTER_BEFORE = re.compile(r"(?:^|[\s.(])\w$")
LONG_SENTENCE = 250
# a comma (folded) and a word that opens a new clause: و/ف + word, or "فيما", "بينما", "حيث" (but not a comma after
# a side word of sentence_joins.tsv: "بين X من جهة، وY من جهة أخرى" goes on with the second side)
_CLAUSE_CUT = re.compile(r"[,;]\s+(?=(?:و|ف)\w{2,}|فيما|بينما|حيث)")


def split_sentences(doc: Document, res=None) -> Document:
    """Add ``doc.sentences``: spans of ``doc.text`` covering every non-blank stretch of it."""
    norm = doc.norm
    sentences: list[Sentence] = []
    start = 0
    paragraph = 0
    for m in _END.finditer(norm):
        i = m.start()
        if norm[i] == "\n":  # (a match that opens with a newline is that newline alone)
            if _line_goes_on(norm, start, i):
                continue  # "قتل عشرة منهم في\nدمشق وريفها": the sentence goes on in the next line
            _add(doc, sentences, start, i, paragraph)
            paragraph += 1
        elif _single_letter_before(norm, i):
            continue  # abbreviation like "أ.ف.ب." or an initial
        else:
            _add(doc, sentences, start, m.end(), paragraph)
        start = m.end()
    _add(doc, sentences, start, len(norm), paragraph)
    doc.sentences = sentences
    return doc


# What may open a line that goes on with the line before it: punctuation of the middle or end of a sentence.
_GOES_ON_PUNCT = frozenset(".,;:)\u00bb\u201d")  # (not '"': as often the opening quote of a new line)


def _line_goes_on(norm: str, start: int, i: int) -> bool:
    """Whether the newline at ``i`` (the line before it opening at ``start``) cuts a sentence: the line holds
    words, ends with no final punctuation, and either its last word cannot end a sentence (kind ``line`` of ``sentence_joins.tsv``)
    or the next line opens with the punctuation that goes on or ends it ("... العديد من القتلى والمصابين\n.")."""
    k = i - 1
    while k >= start and norm[k] in " \t\r":
        k -= 1
    if k < start or not norm[k].isalpha():
        return False  # (a blank line, or one ending with punctuation or a figure)
    j = i + 1
    n = len(norm)
    while j < n and norm[j] in " \t\r":
        j += 1
    if j >= n or norm[j] == "\n":
        return False  # (a paragraph break)
    if norm[j] in _GOES_ON_PUNCT:
        return True
    w = k
    while w > start and not norm[w - 1].isspace():
        w -= 1
    word = norm[w:k + 1]
    return _joins(word, "line")


def _after_side_word(norm: str, start: int, comma: int) -> bool:
    """Whether the word before the comma at ``comma`` (in a sentence opening at ``start``) is a side word of
    ``sentence_joins.tsv`` ("من جهة،")."""
    k = comma
    while k > start and not norm[k - 1].isspace():
        k -= 1
    return _joins(norm[k:comma], "side")


def _joins(word: str, kind: str) -> bool:
    """Whether the folded ``word`` (a leading conjunction aside) is a word of ``kind`` of ``sentence_joins.tsv``."""
    words = _sentence_joins().get(kind, frozenset())
    return word in words or (word[:1] in proclitics("conjunctions") and word[1:] in words)


@functools.lru_cache(maxsize=1)
def _sentence_joins() -> dict[str, frozenset[str]]:
    """The folded words of ``sentence_joins.tsv`` by kind."""
    out: dict[str, set[str]] = {}
    for r in read_tsv("sentence_joins.tsv"):
        out.setdefault(r["kind"], set()).add(fold(r["word"]).strip())
    return {k: frozenset(v) for k, v in out.items()}


def _single_letter_before(norm: str, i: int) -> bool:
    """Whether one letter or digit, alone, stands right before ``i`` ("أ" of "أ.ف.ب"): what
    ``_SINGLE_LETTER_BEFORE.search(norm, max(0, i - 3), i)`` finds, written out (it runs at every full stop)."""
    if i < 1:
        return False
    c = norm[i - 1]
    if not (c.isalnum() or c == "_"):
        return False
    if i == 1:
        return True
    b = norm[i - 2]
    return b == "." or b == "(" or b.isspace()


def _add(doc: Document, out: list[Sentence], start: int, end: int, paragraph: int, cut: bool = True) -> None:
    """Add the sentence ``norm[start:end]`` without its white space at either end (none when blank);
    a long one cut at its clause openers first (unless ``cut`` is false: a piece of a cut one). One call
    per sentence: trimming and the offset map (Document.text_span) in it."""
    if cut and end - start > LONG_SENTENCE:
        norm = doc.norm
        cuts = [m.end() for m in _CLAUSE_CUT.finditer(norm, start, end) if not _after_side_word(norm, start, m.start())]
        if cuts:
            for a, b in zip([start] + cuts, cuts + [end]):
                _add(doc, out, a, b, paragraph, False)
            return
    norm = doc.norm
    while start < end and norm[start].isspace():
        start += 1
    while end > start and norm[end - 1].isspace():
        end -= 1
    if end <= start:
        return
    start, end = doc.text_span(start, end)
    out.append(Sentence(start, end, doc.text[start:end], len(out), paragraph))
