"""Stage: temporal expressions (codebook section 4). (Placeholder: being written.)"""
from __future__ import annotations

from .document import Document


def find_dates(doc: Document, res=None) -> Document:
    return doc
