"""The event store: an embedded SQLite database of articles, event records and reviews.

What it keeps:

- ``articles``: id, url, outlet, published, title, text and the sha256 of the text;
- ``events``: every field of an :class:`~marsad.document.EventRecord` as the machine coded it,
  with its evidence offsets, article id and pipeline version;
- ``reviews``: every review an analyst made (confirm, correct fields, reject), with time and
  reviewer, never deleted; ``review_state`` folds them into one row per event (status and the
  corrected values) and the ``effective_events`` view lays the corrections over the machine
  values, so every listing, filter and export sees what the reviewers decided.

Ingest rules (:meth:`Store.add_article`): an article whose text hash and pipeline version are
unchanged is left as it is; a changed one has its machine events replaced. Event ids are
derived from (article id, date, place, sub-event type, actor pair), so an event that is
extracted again keeps its id and its reviews. Reviews of an event that is no longer extracted are
kept and listed as orphaned (:meth:`Store.reviews`); they apply again if the event comes back.

The schema is versioned: ``schema_version`` records each applied migration of
:data:`MIGRATIONS`, and opening an older database upgrades it.
"""
from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, Mapping, Optional, Sequence, Union

from .dedup import DedupSettings, Incident, build_incidents
from .feeds import create_watch_tables
from ..document import EVENT_FIELDS, Article, Document, EventRecord
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
    "admin1", "location", "status", "outlet", "published", "event_id",
)


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
    orphaned: bool = False  # its event is no longer extracted from the article


@dataclass
class IngestResult:
    """What :meth:`Store.add_article` did with one article."""

    article_id: str
    status: str  # "added", "replaced" or "unchanged"
    events: int  # machine events the article now has
    added: list[str] = field(default_factory=list)  # event ids that are new
    removed: list[str] = field(default_factory=list)  # event ids that are gone
    orphaned_reviews: int = 0  # reviews whose event is gone (kept, see Store.reviews)


@dataclass
class EventFilter:
    """Which events a listing, count, statistic or export covers. Empty values filter nothing.

    ``country``, ``admin1``, ``event_type`` and ``sub_event_type`` match exactly (any case);
    ``actor`` matches part of any actor field; ``q`` matches part of the evidence, place names,
    actors, notes or the article's title. ``status`` is one of :data:`STATUSES` or ``"all"``;
    empty means every status but ``rejected``.
    """

    date_from: Optional[str] = None
    date_to: Optional[str] = None
    country: Optional[str] = None
    admin1: Optional[str] = None
    event_type: Optional[str] = None
    sub_event_type: Optional[str] = None
    actor: Optional[str] = None
    q: Optional[str] = None
    status: Optional[str] = None
    article_id: Optional[str] = None

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


@dataclass
class Stats:
    """Counts of the filtered events: in all, per day, per event type, per country and admin1."""

    total: int
    fatalities: int
    incidents: int
    by_day: list[dict[str, Any]]  # {"key": "2023-01-25", "count": 4, "fatalities": 0}
    by_type: list[dict[str, Any]]
    by_country: list[dict[str, Any]]
    by_admin1: list[dict[str, Any]]  # keys are "Syria / Raqqa"; also "country" and "admin1"
    by_status: list[dict[str, Any]]


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


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _iso(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# --------------------------------------------------------------------------- migrations

# Field columns of the events table as version 1 made them (frozen: later changes are migrations).
_V1_FIELD_COLUMNS = (
    "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "actor2", "assoc_actor_2", "country", "admin1", "admin2", "location", "location_ar",
    "latitude", "longitude", "geo_precision", "fatalities", "evidence", "evidence_spans",
    "inter1", "inter2", "notes", "pipeline_version",
)


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    # Not conn.executescript: it commits first, and a migration must stay one transaction.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _migration_1(conn: sqlite3.Connection) -> None:
    """Articles, machine events and the review log."""
    _run_script(
        conn,
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            url TEXT NOT NULL DEFAULT '',
            outlet TEXT NOT NULL DEFAULT '',
            published TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            content_hash TEXT NOT NULL,
            pipeline_version TEXT NOT NULL DEFAULT '',
            ingested_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE events (
            event_id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id),
            event_date TEXT NOT NULL,
            time_precision INTEGER NOT NULL DEFAULT 1,
            event_type TEXT NOT NULL,
            sub_event_type TEXT NOT NULL,
            actor1 TEXT NOT NULL DEFAULT '',
            assoc_actor_1 TEXT NOT NULL DEFAULT '',
            actor2 TEXT NOT NULL DEFAULT '',
            assoc_actor_2 TEXT NOT NULL DEFAULT '',
            country TEXT NOT NULL DEFAULT '',
            admin1 TEXT NOT NULL DEFAULT '',
            admin2 TEXT NOT NULL DEFAULT '',
            location TEXT NOT NULL DEFAULT '',
            location_ar TEXT NOT NULL DEFAULT '',
            latitude REAL NOT NULL DEFAULT 0,
            longitude REAL NOT NULL DEFAULT 0,
            geo_precision INTEGER NOT NULL DEFAULT 1,
            fatalities INTEGER NOT NULL DEFAULT 0,
            evidence TEXT NOT NULL DEFAULT '',
            evidence_spans TEXT NOT NULL DEFAULT '[]',
            inter1 INTEGER NOT NULL DEFAULT 0,
            inter2 INTEGER NOT NULL DEFAULT 0,
            notes TEXT NOT NULL DEFAULT '',
            pipeline_version TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX events_article ON events(article_id);
        CREATE INDEX events_date ON events(event_date);
        -- No foreign key to events: a review outlives its event (see Store.reviews).
        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            event_id TEXT NOT NULL,
            article_id TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('confirm', 'correct', 'reject')),
            fields TEXT NOT NULL DEFAULT '{}',
            reviewer TEXT NOT NULL,
            comment TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            before TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX reviews_event ON reviews(event_id);
        """
    )


def _migration_2(conn: sqlite3.Connection) -> None:
    """Review state per event and the ``effective_events`` view (reviews over machine values).

    Backfills the state of every event reviewed under version 1.
    """
    _run_script(
        conn,
        """
        CREATE TABLE review_state (
            event_id TEXT PRIMARY KEY,
            status TEXT NOT NULL,
            fields TEXT NOT NULL DEFAULT '{}',
            reviewer TEXT NOT NULL DEFAULT '',
            reviewed_at TEXT NOT NULL DEFAULT ''
        );
        """
    )
    # A corrected value (json_extract of the folded corrections) wins over the machine's.
    columns = ",\n            ".join(
        f"COALESCE(json_extract(s.fields, '$.{c}'), e.{c}) AS {c}" if c in CORRECTABLE_FIELDS else f"e.{c} AS {c}"
        for c in _V1_FIELD_COLUMNS
    )
    conn.execute(
        f"""
        CREATE VIEW effective_events AS
        SELECT e.event_id AS event_id, e.article_id AS article_id,
            {columns},
            COALESCE(s.status, 'machine') AS status,
            COALESCE(s.fields, '{{}}') AS corrections,
            COALESCE(s.reviewer, '') AS reviewer,
            COALESCE(s.reviewed_at, '') AS reviewed_at
        FROM events e LEFT JOIN review_state s ON s.event_id = e.event_id
        """
    )
    for (event_id,) in conn.execute("SELECT DISTINCT event_id FROM reviews").fetchall():
        _refresh_review_state(conn, event_id)


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[sqlite3.Connection], None]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, events, reviews", _migration_1),
    Migration(2, "review state and effective_events view", _migration_2),
    Migration(3, "live watch: feed state, seen items, alert state and log (marsad.store.feeds)", create_watch_tables),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def schema_version(conn: sqlite3.Connection) -> int:
    """The schema version of an open database (0 for a new, empty one)."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not has_table:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table'").fetchone():
            raise StoreError("not a marsad database: it has tables but no schema_version")
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Apply the migrations above the database's version, up to ``target``; returns the version.

    Each migration runs in its own transaction with its ``schema_version`` row, so a failed one
    leaves the database at the previous version.
    """
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"database schema version {current} is newer than this marsad knows ({SCHEMA_VERSION}): upgrade marsad"
        )
    if current == 0:
        conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT, applied_at TEXT)")
    for migration in MIGRATIONS:
        if current < migration.version <= target:
            conn.execute("BEGIN IMMEDIATE")
            try:
                migration.apply(conn)
                conn.execute(
                    "INSERT INTO schema_version VALUES (?, ?, ?)",
                    (migration.version, migration.description, _now()),
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            current = migration.version
    return current


def _fold_reviews(rows: Iterable[tuple[str, str, str, str]]) -> Optional[tuple[str, dict[str, Any], str, str]]:
    """(status, corrected fields, last reviewer, last time) of an event's reviews, oldest first.

    ``rows`` are (action, fields JSON, reviewer, created_at). Corrections accumulate (a later
    value of a field wins). The status is ``rejected`` when the latest review rejects, else
    ``corrected`` when any field was corrected, else ``confirmed``.
    """
    fields: dict[str, Any] = {}
    last = None
    for action, fields_json, reviewer, created_at in rows:
        if action == "correct":
            fields.update(json.loads(fields_json))
        last = (action, reviewer, created_at)
    if last is None:
        return None
    action, reviewer, created_at = last
    if action == "reject":
        status = "rejected"
    elif fields:
        status = "corrected"
    else:
        status = "confirmed"
    return status, fields, reviewer, created_at


def _refresh_review_state(conn: sqlite3.Connection, event_id: str) -> None:
    """Recompute an event's ``review_state`` row from its review log."""
    rows = conn.execute(
        "SELECT action, fields, reviewer, created_at FROM reviews WHERE event_id = ? ORDER BY id", (event_id,)
    ).fetchall()
    folded = _fold_reviews(tuple(r) for r in rows)
    conn.execute("DELETE FROM review_state WHERE event_id = ?", (event_id,))
    if folded is not None:
        status, fields, reviewer, at = folded
        conn.execute(
            "INSERT INTO review_state VALUES (?, ?, ?, ?, ?)",
            (event_id, status, json.dumps(fields, ensure_ascii=False), reviewer, at),
        )


# --------------------------------------------------------------------------- review validation


def _as_int(name: str, value: Any, lo: Optional[int] = None, hi: Optional[int] = None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ReviewError(f"{name} must be an integer, got {value!r}")
    try:
        number = int(value)
    except ValueError:
        raise ReviewError(f"{name} must be an integer, got {value!r}") from None
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        bounds = f"between {lo} and {hi}" if hi is not None else f"at least {lo}"
        raise ReviewError(f"{name} must be {bounds}, got {number}")
    return number


def _as_float(name: str, value: Any, lo: float, hi: float) -> float:
    if isinstance(value, bool):
        raise ReviewError(f"{name} must be a number, got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ReviewError(f"{name} must be a number, got {value!r}") from None
    if not lo <= number <= hi:
        raise ReviewError(f"{name} must be between {lo:g} and {hi:g}, got {number:g}")
    return number


def validate_corrections(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Check and normalise corrected field values; raises :class:`ReviewError` on the first bad one."""
    clean: dict[str, Any] = {}
    typology = event_typology()
    for name, value in fields.items():
        if name not in CORRECTABLE_FIELDS:
            raise ReviewError(f"unknown field {name!r}; fields that can be corrected: {', '.join(CORRECTABLE_FIELDS)}")
        if value is None:
            raise ReviewError(f"{name}: a correction needs a value (use \"\" for an empty text field)")
        if name in ("time_precision", "geo_precision"):
            clean[name] = _as_int(name, value, 1, 3)
        elif name == "fatalities":
            clean[name] = _as_int(name, value, 0)
        elif name == "latitude":
            clean[name] = _as_float(name, value, -90, 90)
        elif name == "longitude":
            clean[name] = _as_float(name, value, -180, 180)
        else:
            if not isinstance(value, str):
                raise ReviewError(f"{name} must be text, got {value!r}")
            value = value.strip()
            if name == "event_date":
                try:
                    value = date.fromisoformat(value).isoformat()
                except ValueError:
                    raise ReviewError(f"event_date must be a date YYYY-MM-DD, got {value!r}") from None
            elif name == "event_type" and value not in typology:
                raise ReviewError(f"event_type must be one of {', '.join(typology)}, got {value!r}")
            elif name == "sub_event_type" and value not in sub_event_types():
                raise ReviewError(f"unknown sub_event_type {value!r} (codebook section 3)")
            elif name == "actor1" and not value:
                raise ReviewError("actor1 cannot be empty")
            clean[name] = value
    return clean


# --------------------------------------------------------------------------- the store


ArticleLike = Union[Article, Document, StoredArticle]


class Store:
    """An event store in one SQLite file (or ``":memory:"``).

    >>> store = Store("marsad.db")
    >>> store.add_document(doc)                       # a pipeline Document with .events
    >>> store.events(EventFilter(admin1="Raqqa"))     # reviews applied
    >>> store.review(event_id, "correct", {"fatalities": 5}, reviewer="Huda")

    Safe to share between threads (one connection, serialised by a lock).
    """

    def __init__(self, path: Union[str, Path] = "marsad.db", dedup: DedupSettings = DedupSettings()):
        self.path = str(path)
        self.dedup = dedup
        self._lock = threading.RLock()
        if self.path != ":memory:":
            parent = Path(self.path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(f"cannot create the database {self.path}: folder {parent} does not exist")
        try:
            self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA busy_timeout = 5000")
            migrate(self._conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open {self.path} as a marsad database: {exc}") from exc
        self._writes = 0
        self._incident_cache: Optional[tuple[tuple[int, int], list[Incident], dict[str, Incident]]] = None

    @classmethod
    def from_settings(cls, settings: Mapping[str, Mapping[str, Any]], path: Union[str, Path, None] = None) -> "Store":
        """A store at ``path``, else at the ``store.db`` setting, with the settings' dedup thresholds."""
        return cls(path or settings["store"]["db"], dedup=DedupSettings.from_settings(settings))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        with self._lock:
            return schema_version(self._conn)

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE ... COMMIT, rolled back on error)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
            self._writes += 1

    # ------------------------------------------------------------------ ingest

    def add_document(self, doc: Document) -> IngestResult:
        """Store a pipeline :class:`Document`: its article and its events."""
        return self.add_article(doc, doc.events)

    def add_article(self, article: ArticleLike, events: Sequence[EventRecord] = ()) -> IngestResult:
        """Store an article and the machine events extracted from it.

        The same text (sha256) with the same records: nothing changes but the article's metadata
        (title, url, ...). A changed text, or the same text with different records (a newer
        pipeline or other settings): the article's machine events are replaced by ``events``.
        Reviews are never touched. Each event gets its ``article_id`` and its id from
        :func:`event_key`; an id the producer set is replaced, so that reviews stay attached.
        """
        if not article.id:
            raise StoreError("an article needs an id")
        text = article.text or ""
        digest = content_hash(text)
        pipeline_version = ", ".join(sorted({e.pipeline_version for e in events if e.pipeline_version}))
        records = self._keyed(article.id, events)
        new_rows = sorted((r.to_dict() for r in records), key=lambda row: row["event_id"])
        now = _now()
        meta = (
            _iso(article.published), article.title or "", article.url or "", article.outlet or "",
            getattr(article, "source", "") or "",
        )
        with self._write() as conn:
            old = conn.execute("SELECT content_hash FROM articles WHERE id = ?", (article.id,)).fetchone()
            old_rows = [self._record_of_row(r).to_dict() for r in conn.execute(
                "SELECT * FROM events WHERE article_id = ? ORDER BY event_id", (article.id,)
            )]
            old_ids = {row["event_id"] for row in old_rows}
            if old is None:
                conn.execute(
                    "INSERT INTO articles (id, published, title, url, outlet, source, text, content_hash,"
                    " pipeline_version, ingested_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (article.id, *meta, text, digest, pipeline_version, now, now),
                )
                status = "added"
            elif old["content_hash"] == digest and old_rows == new_rows:
                conn.execute(
                    "UPDATE articles SET published = ?, title = ?, url = ?, outlet = ?, source = ? WHERE id = ?",
                    (*meta, article.id),
                )
                return IngestResult(article.id, "unchanged", len(old_rows))
            else:
                conn.execute(
                    "UPDATE articles SET published = ?, title = ?, url = ?, outlet = ?, source = ?, text = ?,"
                    " content_hash = ?, pipeline_version = ?, updated_at = ? WHERE id = ?",
                    (*meta, text, digest, pipeline_version, now, article.id),
                )
                status = "replaced"
            conn.execute("DELETE FROM events WHERE article_id = ?", (article.id,))
            for rec in records:
                self._insert_event(conn, rec)
            new_ids = {r.event_id for r in records}
            removed = sorted(old_ids - new_ids)
            orphaned = 0
            if removed:
                marks = ",".join("?" * len(removed))
                orphaned = conn.execute(f"SELECT COUNT(*) FROM reviews WHERE event_id IN ({marks})", removed).fetchone()[0]
        return IngestResult(
            article.id, status, len(records), added=sorted(new_ids - old_ids), removed=removed, orphaned_reviews=orphaned,
        )

    @staticmethod
    def _record_of_row(row: sqlite3.Row) -> EventRecord:
        """An EventRecord from a row of ``events`` or ``effective_events``."""
        values = {k: row[k] for k in row.keys() if k in EventRecord.__dataclass_fields__}
        values["evidence_spans"] = json.loads(values.get("evidence_spans") or "[]")
        return EventRecord.from_dict(values)

    @staticmethod
    def _keyed(article_id: str, events: Sequence[EventRecord]) -> list[EventRecord]:
        """Copies of ``events`` with the article id and deterministic event ids set."""
        out: list[EventRecord] = []
        seen: dict[str, int] = {}
        for ev in events:
            rec = EventRecord.from_dict(ev.to_dict())
            rec.article_id = article_id
            key = event_key(article_id, rec)
            # Two records with one key break the codebook's atomicity; keep both, numbered in order.
            seen[key] = seen.get(key, 0) + 1
            rec.event_id = key if seen[key] == 1 else f"{key}-{seen[key]}"
            out.append(rec)
        return out

    @staticmethod
    def _insert_event(conn: sqlite3.Connection, rec: EventRecord) -> None:
        row = rec.to_dict()
        row["evidence_spans"] = json.dumps(row["evidence_spans"])
        columns = ["event_id", "article_id", *_V1_FIELD_COLUMNS]
        conn.execute(
            f"INSERT INTO events ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [row[c] for c in columns],
        )

    # ------------------------------------------------------------------ reading

    def article(self, article_id: str) -> StoredArticle:
        """The stored article; raises :class:`NotFoundError`."""
        with self._lock:
            row = self._conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id!r}")
        return StoredArticle(**{k: row[k] for k in row.keys()})

    def article_count(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    @staticmethod
    def _where(flt: Optional[EventFilter]) -> tuple[str, list[Any]]:
        flt = flt or EventFilter()
        clauses: list[str] = []
        params: list[Any] = []
        if not flt.status:
            clauses.append("v.status != 'rejected'")
        elif flt.status != "all":
            clauses.append("v.status = ?")
            params.append(flt.status)
        if flt.date_from:
            clauses.append("v.event_date >= ?")
            params.append(flt.date_from)
        if flt.date_to:
            clauses.append("v.event_date <= ?")
            params.append(flt.date_to)
        for name in ("country", "admin1", "event_type", "sub_event_type"):
            value = getattr(flt, name)
            if value:
                clauses.append(f"v.{name} = ? COLLATE NOCASE")
                params.append(value.strip())
        if flt.article_id:
            clauses.append("v.article_id = ?")
            params.append(flt.article_id)
        if flt.actor:
            clauses.append(
                "(instr(lower(v.actor1), lower(?)) OR instr(lower(v.actor2), lower(?))"
                " OR instr(lower(v.assoc_actor_1), lower(?)) OR instr(lower(v.assoc_actor_2), lower(?)))"
            )
            params.extend([flt.actor.strip()] * 4)
        if flt.q:
            text_columns = (
                "v.evidence", "v.location", "v.location_ar", "v.admin1", "v.actor1", "v.actor2",
                "v.assoc_actor_1", "v.assoc_actor_2", "v.notes", "a.title",
            )
            clauses.append("(" + " OR ".join(f"instr(lower({c}), lower(?))" for c in text_columns) + ")")
            params.extend([flt.q.strip()] * len(text_columns))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    @staticmethod
    def _order(sort: str) -> str:
        terms = []
        for term in (sort or "").split(","):
            term = term.strip()
            if not term:
                continue
            desc = term.startswith("-")
            name = term.lstrip("-+")
            if name not in SORT_COLUMNS:
                raise FilterError(f"cannot sort by {name!r}; sort by one of {', '.join(SORT_COLUMNS)}")
            table = "a" if name in ("outlet", "published") else "v"
            terms.append(f"{table}.{name} {'DESC' if desc else 'ASC'}")
        terms.append("v.event_id ASC")  # a total order, so paging is stable
        return " ORDER BY " + ", ".join(terms)

    _SELECT = (
        "SELECT v.*, a.outlet AS a_outlet, a.published AS a_published, a.title AS a_title, a.url AS a_url"
        " FROM effective_events v LEFT JOIN articles a ON a.id = v.article_id"
    )

    def _stored(self, rows: Sequence[sqlite3.Row]) -> list[StoredEvent]:
        corrected = [r["event_id"] for r in rows if r["corrections"] not in ("{}", "")]
        machine_rows: dict[str, sqlite3.Row] = {}
        if corrected:
            marks = ",".join("?" * len(corrected))
            for row in self._conn.execute(f"SELECT * FROM events WHERE event_id IN ({marks})", corrected):
                machine_rows[row["event_id"]] = row
        out = []
        for row in rows:
            record = self._record_of_row(row)
            corrections = json.loads(row["corrections"] or "{}")
            machine_row = machine_rows.get(row["event_id"])
            machine = {k: machine_row[k] for k in corrections if machine_row is not None and k in machine_row.keys()}
            out.append(StoredEvent(
                record=record, status=row["status"], machine=machine, reviewer=row["reviewer"],
                reviewed_at=row["reviewed_at"], outlet=row["a_outlet"] or "", published=row["a_published"] or "",
                title=row["a_title"] or "", url=row["a_url"] or "",
            ))
        return out

    def events(
        self, flt: Optional[EventFilter] = None, *, limit: Optional[int] = None, offset: int = 0,
        sort: str = "-event_date",
    ) -> list[StoredEvent]:
        """Events that pass ``flt`` (reviews applied), sorted (see :data:`SORT_COLUMNS`) and paged."""
        where, params = self._where(flt)
        sql = self._SELECT + where + self._order(sort)
        if limit is not None:
            if limit < 0 or offset < 0:
                raise FilterError("limit and offset cannot be negative")
            sql += " LIMIT ? OFFSET ?"
            params = params + [limit, offset]
        with self._lock:
            return self._stored(self._conn.execute(sql, params).fetchall())

    def count(self, flt: Optional[EventFilter] = None) -> int:
        """How many events pass ``flt``."""
        where, params = self._where(flt)
        with self._lock:
            return self._conn.execute(
                "SELECT COUNT(*) FROM effective_events v LEFT JOIN articles a ON a.id = v.article_id" + where, params
            ).fetchone()[0]

    def event(self, event_id: str) -> StoredEvent:
        """One event, whatever its status; raises :class:`NotFoundError`."""
        with self._lock:
            rows = self._conn.execute(self._SELECT + " WHERE v.event_id = ?", (event_id,)).fetchall()
            if not rows:
                raise NotFoundError(f"no event with id {event_id!r}")
            return self._stored(rows)[0]

    def export(
        self, out: Union[str, Path, IO[str]], fmt: Optional[str] = None, flt: Optional[EventFilter] = None,
        *, per: str = "record",
    ) -> int:
        """Write the filtered events, reviews applied, to ``out`` (a path or an open text file).

        ``per="record"``: one row per event record (ACLED style); ``per="incident"``: one row per
        incident (:attr:`marsad.store.dedup.Incident.record`). ``fmt`` is ``csv``, ``jsonl`` or
        ``geojson`` (default: from the file's extension); :class:`marsad.io.output.EventWriter`
        writes it. Each row's ``source`` is the article's outlet (an incident's: its outlets,
        ``; ``-separated). Returns how many rows were written.
        """
        from ..io.output import EventWriter

        if per not in ("record", "incident"):
            raise FilterError(f"per must be 'record' or 'incident', got {per!r}")
        with EventWriter(out, fmt) as writer:
            if per == "record":
                for event in self.events(flt, sort="event_date"):
                    writer.write(event.record, source=event.outlet, url=event.url)
            else:
                for inc in sorted(self.incidents(flt), key=lambda i: (i.record.event_date, i.id)):
                    articles = [self.article(a) for a in inc.article_ids]
                    outlets = "; ".join(dict.fromkeys(a.outlet for a in articles if a.outlet))
                    writer.write(inc.record, source=outlets, url="; ".join(a.url for a in articles if a.url))
            return writer.count

    def records(self, flt: Optional[EventFilter] = None, sort: str = "event_date") -> list[EventRecord]:
        """The effective records that pass ``flt``, for export (rejected ones only if asked for)."""
        return [e.record for e in self.events(flt, sort=sort)]

    # ------------------------------------------------------------------ reviews

    def review(
        self, event_id: str, action: str, fields: Optional[Mapping[str, Any]] = None, *,
        reviewer: str, comment: str = "",
    ) -> Review:
        """Record a review of an event: ``confirm``, ``correct`` (with ``fields``) or ``reject``.

        Raises :class:`NotFoundError` for an unknown event and :class:`ReviewError` for a bad
        review (nothing is stored then).
        """
        if action not in REVIEW_ACTIONS:
            raise ReviewError(f"action must be one of {', '.join(REVIEW_ACTIONS)}, got {action!r}")
        reviewer = (reviewer or "").strip()
        if not reviewer:
            raise ReviewError("a review needs the reviewer's name")
        fields = dict(fields or {})
        if action == "correct":
            if not fields:
                raise ReviewError("a correction needs at least one field")
            fields = validate_corrections(fields)
        elif fields:
            raise ReviewError(f"{action!r} takes no fields; use action 'correct' to change values")
        with self._write() as conn:
            current = self.event(event_id)
            if action == "correct":
                merged = current.record.to_dict() | fields
                subtypes = event_typology().get(merged["event_type"], ())
                if ("event_type" in fields or "sub_event_type" in fields) and merged["sub_event_type"] not in subtypes:
                    raise ReviewError(
                        f"sub_event_type {merged['sub_event_type']!r} is not a kind of {merged['event_type']!r}; "
                        f"it takes one of: {', '.join(subtypes)}"
                    )
            before = current.record.to_dict() | {"status": current.status}
            cursor = conn.execute(
                "INSERT INTO reviews (event_id, article_id, action, fields, reviewer, comment, created_at, before)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (event_id, current.record.article_id, action, json.dumps(fields, ensure_ascii=False), reviewer,
                 comment or "", _now(), json.dumps(before, ensure_ascii=False)),
            )
            _refresh_review_state(conn, event_id)
            review_id = cursor.lastrowid
        return self.reviews(review_id=review_id)[0]

    def reviews(
        self, event_id: Optional[str] = None, *, orphaned: Optional[bool] = None, review_id: Optional[int] = None,
    ) -> list[Review]:
        """Reviews, oldest first: of one event, or orphaned ones (their event is gone), or all."""
        clauses, params = [], []
        if event_id is not None:
            clauses.append("r.event_id = ?")
            params.append(event_id)
        if review_id is not None:
            clauses.append("r.id = ?")
            params.append(review_id)
        if orphaned is not None:
            clauses.append("e.event_id IS NULL" if orphaned else "e.event_id IS NOT NULL")
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        with self._lock:
            rows = self._conn.execute(
                "SELECT r.*, e.event_id IS NULL AS orphaned FROM reviews r"
                " LEFT JOIN events e ON e.event_id = r.event_id" + where + " ORDER BY r.id",
                params,
            ).fetchall()
        return [
            Review(
                id=r["id"], event_id=r["event_id"], article_id=r["article_id"], action=r["action"],
                fields=json.loads(r["fields"]), reviewer=r["reviewer"], comment=r["comment"],
                created_at=r["created_at"], before=json.loads(r["before"]), orphaned=bool(r["orphaned"]),
            )
            for r in rows
        ]

    # ------------------------------------------------------------------ incidents and stats

    def _all_incidents(self) -> tuple[list[Incident], dict[str, Incident]]:
        """Incidents of every non-rejected event, recomputed only after the data changed."""
        with self._lock:
            # data_version moves when another connection commits; _writes when this one does.
            stamp = (self._conn.execute("PRAGMA data_version").fetchone()[0], self._writes)
            if self._incident_cache is None or self._incident_cache[0] != stamp:
                records = self.records(EventFilter(), sort="event_date")
                incidents = build_incidents(records, self.dedup)
                by_event = {eid: inc for inc in incidents for eid in inc.event_ids}
                self._incident_cache = (stamp, incidents, by_event)
            return self._incident_cache[1], self._incident_cache[2]

    def incidents(self, flt: Optional[EventFilter] = None) -> list[Incident]:
        """Incidents (see :mod:`marsad.store.dedup`) with at least one record that passes ``flt``.

        Incidents are formed from all non-rejected events, so a filter never splits one.
        Sorted by date, newest first.
        """
        incidents, by_event = self._all_incidents()
        if flt is None or flt == EventFilter():
            chosen = incidents
        else:
            where, params = self._where(flt)
            with self._lock:
                ids = {r[0] for r in self._conn.execute(
                    "SELECT v.event_id FROM effective_events v LEFT JOIN articles a ON a.id = v.article_id" + where,
                    params,
                )}
            seen: set[str] = set()
            chosen = []
            for eid in ids:
                inc = by_event.get(eid)
                if inc is not None and inc.id not in seen:
                    seen.add(inc.id)
                    chosen.append(inc)
        return sorted(chosen, key=lambda inc: (inc.record.event_date, inc.id), reverse=True)

    def incident_of(self, event_id: str) -> Optional[Incident]:
        """The incident an event belongs to (None for a rejected or unknown event)."""
        return self._all_incidents()[1].get(event_id)

    def stats(self, flt: Optional[EventFilter] = None) -> Stats:
        """Counts and fatalities of the events that pass ``flt``, in all and per day, type, place, status."""
        where, params = self._where(flt)
        base = " FROM effective_events v LEFT JOIN articles a ON a.id = v.article_id" + where

        def grouped(key_sql: str, extra: str = "") -> list[dict[str, Any]]:
            sql = (f"SELECT {key_sql} AS key{extra}, COUNT(*) AS count, COALESCE(SUM(v.fatalities), 0) AS fatalities"
                   f"{base} GROUP BY {key_sql} ORDER BY key")
            return [dict(r) for r in self._conn.execute(sql, params)]

        with self._lock:
            total, fatalities = self._conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(v.fatalities), 0)" + base, params
            ).fetchone()
            by_admin1 = grouped("v.country || ' / ' || v.admin1", ", v.country AS country, v.admin1 AS admin1")
            result = Stats(
                total=total, fatalities=fatalities, incidents=0,
                by_day=grouped("v.event_date"), by_type=grouped("v.event_type"),
                by_country=grouped("v.country"), by_admin1=by_admin1, by_status=grouped("v.status"),
            )
        result.incidents = len(self.incidents(flt))
        return result
