"""Sentence segmentation on the folded text.

A sentence ends at a newline, or at ``. ! ?`` (folded ``؟``) followed by white space or the end
of the text. A dot between single letters ("أ.ف.ب") or between digits ("3.5") does not end one.
"""
from __future__ import annotations

import re

from .document import Document, Sentence

# A run of sentence-final punctuation (and closing quotes/brackets after it), then space or end.
_END = re.compile(r"""(?:[.!?]+["')\]]*)(?=\s|$)|\n""")
_SINGLE_LETTER_BEFORE = re.compile(r"(?:^|[\s.(])\w$")


def split_sentences(doc: Document, res=None) -> Document:
    """Add ``doc.sentences``: spans of ``doc.text`` covering every non-blank stretch of it."""
    norm = doc.norm
    sentences: list[Sentence] = []
    start = 0
    paragraph = 0
    for m in _END.finditer(norm):
        if m.group(0) != "\n" and _SINGLE_LETTER_BEFORE.search(norm, max(0, m.start() - 3), m.start()):
            continue  # abbreviation like "أ.ف.ب." or an initial
        end = m.end() if m.group(0) != "\n" else m.start()
        _add(doc, sentences, start, end, paragraph)
        if m.group(0) == "\n":
            paragraph += 1
        start = m.end()
    _add(doc, sentences, start, len(norm), paragraph)
    doc.sentences = sentences
    return doc


def _add(doc: Document, out: list[Sentence], start: int, end: int, paragraph: int) -> None:
    norm = doc.norm
    while start < end and norm[start].isspace():
        start += 1
    while end > start and norm[end - 1].isspace():
        end -= 1
    if end <= start:
        return
    t0, t1 = doc.text_index(start), doc.text_index(end)
    out.append(Sentence(t0, t1, doc.text[t0:t1], index=len(out), paragraph=paragraph))
