"""What the store takes and hands out: errors, stored articles and events, reviews, filters,
statistics, the codebook typology, and the ids of articles' texts and events.
"""
from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Optional, Sequence, Union

from ..bounds import BoundsError
from ..document import EVENT_FIELDS, EventRecord
from ..errors import MarsadError
from ..pipeline.event_types import sub_event_types


@functools.lru_cache(maxsize=1)
def event_typology() -> dict[str, tuple[str, ...]]:
    """Event types and their sub-event types in codebook order (section 3; ``data/event_types.tsv``)."""
    types: dict[str, list[str]] = {}
    for entry in sorted(sub_event_types().values(), key=lambda e: e.rank):
        types.setdefault(entry.event_type, []).append(entry.sub_event_type)
    return {name: tuple(subs) for name, subs in types.items()}


STATUSES = ("machine", "confirmed", "corrected", "rejected")
REVIEW_ACTIONS = ("confirm", "correct", "reject")

# Fields a reviewer may correct: the codebook fields, plus admin2 and notes.
CORRECTABLE_FIELDS = EVENT_FIELDS + ("admin2", "notes")

# Columns a listing may be sorted by (``-`` in front: descending).
SORT_COLUMNS = (
    "event_date", "fatalities", "event_type", "sub_event_type", "actor1", "actor2", "country",
    "admin1", "location", "status", "outlet", "published", "event_id", "suspect", "reviewed",
)

#: Filters that take several values (any of them matches).
MULTI_FILTERS = ("country", "admin1", "event_type", "sub_event_type", "actor_name", "outlet")
SUSPECT_FILTERS = ("only", "exclude")


class StoreError(MarsadError):
    """The store cannot do what was asked (bad database, newer schema, ...)."""


class NotFoundError(StoreError, KeyError):
    """No event (or article) with that id."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class ReviewError(StoreError, ValueError):
    """A review that cannot be applied: unknown action or field, a value of the wrong type, ..."""


class FilterError(StoreError, ValueError):
    """A filter or sort that cannot be applied."""


class ReviewBoundsError(ReviewError, BoundsError):
    """A correction with a value outside its sane bounds (:mod:`marsad.bounds`): the API answers 422."""


class IngestBoundsError(StoreError, BoundsError):
    """An article refused at ingest: a value outside its sane bounds (its publication date)."""


# --------------------------------------------------------------------------- records


@dataclass
class StoredArticle:
    """An article as the store keeps it."""

    id: str
    text: str
    published: str = ""
    title: str = ""
    url: str = ""
    outlet: str = ""
    source: str = ""
    content_hash: str = ""
    pipeline_version: str = ""
    ingested_at: str = ""
    updated_at: str = ""
    seq: int = 0  # the order of first ingest (1, 2, ...): an incident's id is its oldest member's


@dataclass
class StoredEvent:
    """An event record with the reviews applied, its review status and its article's metadata.

    ``record`` holds the effective values; ``machine`` the machine's values of the fields a
    reviewer corrected (empty when nothing was corrected).
    """

    record: EventRecord
    status: str = "machine"
    machine: dict[str, Any] = field(default_factory=dict)
    reviewer: str = ""
    reviewed_at: str = ""
    outlet: str = ""
    published: str = ""
    title: str = ""
    url: str = ""
    suspect: str = ""  # why the record is implausible (marsad.io.suspect); empty once reviewed

    @property
    def id(self) -> str:
        return self.record.event_id


@dataclass
class Review:
    """One review of one event, as stored. ``before`` is the event as the reviewer saw it."""

    id: int
    event_id: str
    article_id: str
    action: str
    fields: dict[str, Any]
    reviewer: str
    comment: str
    created_at: str
    before: dict[str, Any] = field(default_factory=dict)
    orphaned: bool = False  # its event is no longer extracted from the article (and no record matched)
    moved_from: str = ""  # the event it was made on, when it was moved to ``event_id`` (marsad.store.identity)


@dataclass
class IngestResult:
    """What :meth:`Store.add_article` did with one article."""

    article_id: str
    status: str  # "added", "replaced" or "unchanged"
    events: int  # machine events the article now has
    added: list[str] = field(default_factory=list)  # event ids that are new
    removed: list[str] = field(default_factory=list)  # event ids that are gone
    orphaned_reviews: int = 0  # reviews whose event is gone and that could not be placed (kept, see Store.reviews)
    reattached: int = 0  # reviews moved to the same record coded again (marsad.store.identity)
    refused: list[str] = field(default_factory=list)  # events left out: a value out of bounds, and why
    notes: list[str] = field(default_factory=list)  # warnings about the article (an id another source held)


Values = Union[str, Sequence[str], None]

#: The largest toll a filter takes (SQLite's integers end at 2**63 - 1; no toll comes near).
MAX_FATALITIES_FILTER = 2**62


@dataclass
class EventFilter:
    """Which events a listing, count, statistic or export covers. Empty values filter nothing.

    ``country``, ``admin1``, ``event_type``, ``sub_event_type``, ``actor_name`` (a canonical
    actor in any actor field) and ``outlet`` take one value or several (any of them matches,
    exactly, any case; admin1 by its one spelling, :func:`marsad.io.notes.admin1_name`).
    ``actor`` matches part of any actor field, or any actor whose English alias, Arabic name or
    loaded term it is (:func:`marsad.store.search.actor_names`); ``q`` matches part of the
    evidence, place names, actors, notes or the article's title, Arabic folded as the pipeline
    folds it; ``location`` part of the place (English or Arabic). ``fatalities_min`` and
    ``fatalities_max`` bound the toll. ``suspect``: ``only`` or ``exclude`` implausible records
    (:mod:`marsad.io.suspect`). ``status`` is one of :data:`STATUSES` or ``"all"``; empty means
    every status but ``rejected``.
    """

    date_from: Optional[str] = None
    date_to: Optional[str] = None
    country: Values = None
    admin1: Values = None
    event_type: Values = None
    sub_event_type: Values = None
    actor: Optional[str] = None
    q: Optional[str] = None
    status: Optional[str] = None
    article_id: Optional[str] = None
    actor_name: Values = None
    outlet: Values = None
    location: Optional[str] = None
    fatalities_min: Optional[int] = None
    fatalities_max: Optional[int] = None
    suspect: Optional[str] = None

    def __post_init__(self) -> None:
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if isinstance(value, date):
                setattr(self, name, value.isoformat())
            elif value:
                try:
                    date.fromisoformat(value)
                except ValueError:
                    raise FilterError(f"{name} must be a date YYYY-MM-DD, got {value!r}") from None
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise FilterError(f"date_from {self.date_from} is after date_to {self.date_to}")
        if self.status and self.status not in STATUSES + ("all",):
            raise FilterError(f"status must be one of {', '.join(STATUSES + ('all',))}, got {self.status!r}")
        for name in MULTI_FILTERS:
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                values = tuple(dict.fromkeys(str(v).strip() for v in value if v and str(v).strip()))
                setattr(self, name, values[0] if len(values) == 1 else (values or None))
        for name in ("fatalities_min", "fatalities_max"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0
                                      or value > MAX_FATALITIES_FILTER):
                raise FilterError(f"{name} must be a whole number from 0 to {MAX_FATALITIES_FILTER}, got "
                                  f"{value if not isinstance(value, int) or value < 10**30 else 'a huge number'!r}")
        if self.fatalities_min is not None and self.fatalities_max is not None and self.fatalities_min > self.fatalities_max:
            raise FilterError(f"fatalities_min {self.fatalities_min} is above fatalities_max {self.fatalities_max}")
        if self.suspect and self.suspect not in SUSPECT_FILTERS:
            raise FilterError(f"suspect must be one of {', '.join(SUSPECT_FILTERS)}, got {self.suspect!r}")

    def values(self, name: str) -> tuple[str, ...]:
        """The values of a filter that takes several (empty: no filter)."""
        value = getattr(self, name)
        if not value:
            return ()
        return (value.strip(),) if isinstance(value, str) else tuple(value)


@dataclass
class Stats:
    """Counts of the filtered events: in all, per day, per event type, per country and admin1.

    Suspect records (:mod:`marsad.io.suspect`) are not counted, unless the filter asks for them
    alone (``suspect="only"``); ``suspects`` says how many were left out.
    """

    total: int
    fatalities: int
    incidents: int
    by_day: list[dict[str, Any]]  # {"key": "2023-01-25", "count": 4, "fatalities": 0}
    by_type: list[dict[str, Any]]
    by_country: list[dict[str, Any]]
    by_admin1: list[dict[str, Any]]  # keys are "Syria / Raqqa"; also "country" and "admin1"
    by_status: list[dict[str, Any]]
    suspects: int = 0  # suspect records that pass the filters: not in the counts above
    suspect_fatalities: int = 0
    by_sub_type: list[dict[str, Any]] = field(default_factory=list)
    by_actor: list[dict[str, Any]] = field(default_factory=list)  # actor1 and actor2


# --------------------------------------------------------------------------- ids and helpers


def content_hash(text: str) -> str:
    """sha256 of an article's text: decides whether a re-ingested article changed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def event_key(article_id: str, rec: EventRecord) -> str:
    """The deterministic id of an event: the same incident extracted again gets the same id.

    Built from the codebook's atomic-event key (codebook section 1): article, date, place,
    sub-event type and the pair of actors.
    """
    place = rec.location or f"{rec.latitude:.4f},{rec.longitude:.4f}"
    key = "\x1f".join([article_id, rec.event_date, place, rec.sub_event_type, rec.actor1, rec.actor2])
    return "ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
