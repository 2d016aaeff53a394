"""What the fatalities stage's fast-path tests share: a short article coded without a gazetteer, and
the tokens :func:`marsad.pipeline.fatalities._read_tokens` reads from the whole of it."""
from __future__ import annotations

from datetime import date

from marsad.document import Article
from marsad.pipeline import Pipeline
from marsad.pipeline import fatalities as F


def coded(text: str):
    """The document of ``text`` (published 2020-05-05), coded without a gazetteer."""
    return Pipeline(gazetteer=None)(Article(id="t", text=text, published=date(2020, 5, 5)))


def token_inputs(doc):
    """What ``_read_tokens`` is given of ``doc``: its numbers ``(start, end, mention)`` and its dates
    ``(start, end)``, in folded offsets, in order."""
    numbers = sorted(((doc.norm_index(n.start), doc.norm_index(n.end), n) for n in doc.numbers), key=lambda t: t[0])
    dates = sorted((doc.norm_index(d.start), doc.norm_index(d.end)) for d in doc.dates)
    return numbers, dates


def read_tokens(doc):
    """``_read_tokens`` over the whole of ``doc``: the (tokens, own tokens) pair."""
    numbers, dates = token_inputs(doc)
    return F._read_tokens(doc, 0, len(doc.norm), numbers, dates)
