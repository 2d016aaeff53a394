"""Stage: place mentions resolved in the gazetteer. (Placeholder: being written.)"""
from __future__ import annotations

from .document import Document


def find_places(doc: Document, res=None) -> Document:
    return doc
