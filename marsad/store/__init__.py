"""The event store (:mod:`marsad.store.database`: one SQLite file of articles, event records and
reviews; its parts in :mod:`~marsad.store.schema`, :mod:`~marsad.store.records`,
:mod:`~marsad.store.articles`, :mod:`~marsad.store.reviews` and :mod:`~marsad.store.queries`) and
incidents, the records of different articles that report the same event
(:mod:`marsad.store.dedup`)."""
from .database import Store, restore_backup
from .records import (
    CORRECTABLE_FIELDS,
    REVIEW_ACTIONS,
    SORT_COLUMNS,
    STATUSES,
    EventFilter,
    FilterError,
    IngestResult,
    NotFoundError,
    Review,
    ReviewError,
    Stats,
    StoredArticle,
    StoredEvent,
    StoreError,
    content_hash,
    event_key,
    event_typology,
)
from .reviews import validate_corrections
from .accounts import ROLES, AccountError, Session, User
from .history import ArticleVersion, HistoryEntry
from .schema import MIGRATIONS, SCHEMA_VERSION, Migration, migrate, schema_version
from .dedup import DedupSettings, Incident, build_incidents

__all__ = [
    "AccountError",
    "ArticleVersion",
    "HistoryEntry",
    "ROLES",
    "Session",
    "User",
    "restore_backup",
    "CORRECTABLE_FIELDS",
    "DedupSettings",
    "EventFilter",
    "FilterError",
    "Incident",
    "IngestResult",
    "MIGRATIONS",
    "Migration",
    "NotFoundError",
    "REVIEW_ACTIONS",
    "Review",
    "ReviewError",
    "SCHEMA_VERSION",
    "SORT_COLUMNS",
    "STATUSES",
    "Stats",
    "Store",
    "StoreError",
    "StoredArticle",
    "StoredEvent",
    "build_incidents",
    "content_hash",
    "event_key",
    "event_typology",
    "migrate",
    "schema_version",
    "validate_corrections",
]
