"""The gazetteer. (Placeholder: being written.)"""
from __future__ import annotations


def load_gazetteer(path=None):
    return None
