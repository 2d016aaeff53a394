"""Stage: event records. (Placeholder: being written.)"""
from __future__ import annotations

from .document import Document


def build_events(doc: Document, res=None) -> Document:
    return doc
