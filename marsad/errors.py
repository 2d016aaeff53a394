"""Errors marsad reports."""
from __future__ import annotations

from dataclasses import dataclass


class MarsadError(Exception):
    """Base class of marsad's own errors."""


class InputError(MarsadError):
    """An input item cannot be read as an article (empty, binary, wrong encoding, ...)."""


@dataclass
class ArticleError:
    """One input item that could not be processed, and why; the batch goes on without it."""

    article_id: str
    source: str
    reason: str

    def __str__(self) -> str:
        where = f" ({self.source})" if self.source else ""
        return f"{self.article_id}{where}: {self.reason}"
