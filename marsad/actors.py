"""Stage: actor mentions. (Placeholder: being written.)"""
from __future__ import annotations

from .document import Document


def find_actors(doc: Document, res=None) -> Document:
    return doc
