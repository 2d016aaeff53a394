"""Stages: numbers and fatalities (codebook section 5). (Placeholder: being written.)"""
from __future__ import annotations

from .document import Document


def find_numbers(doc: Document, res=None) -> Document:
    return doc


def find_fatalities(doc: Document, res=None) -> Document:
    return doc
