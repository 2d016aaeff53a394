"""Stage: event triggers. (Placeholder: being written.)"""
from __future__ import annotations

from .document import Document


def find_triggers(doc: Document, res=None) -> Document:
    return doc
