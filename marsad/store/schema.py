"""The store's schema: its versioned migrations (:data:`MIGRATIONS`), the ``schema_version``
table, and ``review_state``, the fold of an event's review log.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional

from .accounts import create_account_tables
from .feeds import create_watch_tables
from .history import create_history_tables, json_object
from .records import CORRECTABLE_FIELDS, StoreError, utc_now


# --------------------------------------------------------------------------- migrations

# Field columns of the events table as version 1 made them (frozen: later changes are migrations).
V1_FIELD_COLUMNS = (
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
    _create_effective_events(conn, V1_FIELD_COLUMNS)
    for (event_id,) in conn.execute("SELECT DISTINCT event_id FROM reviews").fetchall():
        refresh_review_state(conn, event_id)


def _create_effective_events(conn: sqlite3.Connection, field_columns: tuple[str, ...]) -> None:
    """The ``effective_events`` view over these field columns of ``events``."""
    # A corrected value (json_extract of the folded corrections) wins over the machine's.
    columns = ",\n            ".join(
        f"COALESCE(json_extract(s.fields, '$.{c}'), e.{c}) AS {c}" if c in CORRECTABLE_FIELDS else f"e.{c} AS {c}"
        for c in field_columns
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


#: Field columns of the events table now: version 1's plus those later migrations added.
EVENT_FIELD_COLUMNS = V1_FIELD_COLUMNS + ("loaded_terms",)


def _migration_4(conn: sqlite3.Connection) -> None:
    """``loaded_terms`` of each record (the loaded terms its source used for its actors, for the
    exports' ``tags``); empty for records stored before, until their article is ingested again."""
    conn.execute("ALTER TABLE events ADD COLUMN loaded_terms TEXT NOT NULL DEFAULT ''")
    conn.execute("DROP VIEW effective_events")
    _create_effective_events(conn, EVENT_FIELD_COLUMNS)


def _migration_7(conn: sqlite3.Connection) -> None:
    """``effective_events`` becomes a table kept up to date (:func:`refresh_effective`) instead of
    a view computed on every read: listings sort and count through its indexes (the view, as
    ``effective_view``, still defines its rows)."""
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = 'effective_events'").fetchone()
    conn.execute("DROP VIEW effective_events")
    conn.execute(sql.replace("CREATE VIEW effective_events", "CREATE VIEW effective_view", 1))
    conn.execute("CREATE TABLE effective_events AS SELECT * FROM effective_view")
    for name, columns in EFFECTIVE_INDEXES:
        conn.execute(f"CREATE {'UNIQUE ' if name == 'effective_id' else ''}INDEX {name} ON effective_events({columns})")
    # A counter every write transaction of a Store moves (Store.change_stamp): caches of answers key on it.
    conn.execute("CREATE TABLE store_changes (n INTEGER NOT NULL)")
    conn.execute("INSERT INTO store_changes VALUES (0)")


def _migration_8(conn: sqlite3.Connection) -> None:
    """Stable identities (:mod:`marsad.store.identity`): ``review_links`` (the record a review was
    moved to when its own is no longer extracted; the review log itself stays append-only), the
    ingest order of articles (``articles.seq``: an incident's id is its oldest member's), the
    text an ingest's change came from (``history.content_hash``) and an index of reviews by article."""
    conn.execute(
        "CREATE TABLE review_links (review_id INTEGER PRIMARY KEY REFERENCES reviews(id), event_id TEXT NOT NULL,"
        " article_id TEXT NOT NULL, from_event_id TEXT NOT NULL, rule TEXT NOT NULL, moved_at TEXT NOT NULL)"
    )
    conn.execute("CREATE INDEX review_links_event ON review_links(event_id)")
    conn.execute("CREATE INDEX review_links_article ON review_links(article_id)")
    conn.execute("CREATE INDEX reviews_article ON reviews(article_id)")
    # The text (sha256) an ingest's change of an event came from: where an orphaned review's record was.
    conn.execute("ALTER TABLE history ADD COLUMN content_hash TEXT NOT NULL DEFAULT ''")
    conn.execute("CREATE INDEX history_removed_hash ON history(content_hash) WHERE action = 'removed'")
    conn.execute("ALTER TABLE articles ADD COLUMN seq INTEGER NOT NULL DEFAULT 0")
    conn.execute("CREATE INDEX articles_seq ON articles(seq)")
    rows = conn.execute("SELECT id FROM articles ORDER BY ingested_at, rowid").fetchall()
    conn.executemany("UPDATE articles SET seq = ? WHERE id = ?", [(n, r[0]) for n, r in enumerate(rows, 1)])


#: Indexes of the ``effective_events`` table: what listings filter and sort by.
EFFECTIVE_INDEXES = (
    ("effective_id", "event_id"),
    ("effective_article", "article_id"),
    ("effective_date", "event_date DESC, event_id"),
    ("effective_status_date", "status, event_date DESC, event_id"),
    ("effective_fatalities", "fatalities, event_id"),
    ("effective_country", "country COLLATE NOCASE, admin1 COLLATE NOCASE"),
    ("effective_type", "event_type COLLATE NOCASE, sub_event_type COLLATE NOCASE"),
)


def refresh_effective(conn: sqlite3.Connection, *, event_id: Optional[str] = None, article_id: Optional[str] = None) -> None:
    """Recompute the ``effective_events`` rows of one event or of one article's events (after a
    review or an ingest), inside the caller's transaction."""
    column, value = ("event_id", event_id) if event_id is not None else ("article_id", article_id)
    conn.execute(f"DELETE FROM effective_events WHERE {column} = ?", (value,))
    conn.execute(f"INSERT INTO effective_events SELECT * FROM effective_view WHERE {column} = ?", (value,))


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[sqlite3.Connection], None]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, events, reviews", _migration_1),
    Migration(2, "review state and effective_events view", _migration_2),
    Migration(3, "live watch: feed state, seen items, alert state and log (marsad.store.feeds)", create_watch_tables),
    Migration(4, "events: loaded_terms (the source's loaded terms for the record's actors)", _migration_4),
    Migration(5, "audit trail: append-only history of events, article versions (marsad.store.history)",
              create_history_tables),
    Migration(6, "accounts: users with roles, sessions and API tokens (marsad.store.accounts)", create_account_tables),
    Migration(7, "effective_events: a table with indexes, kept up to date, instead of a view; store_changes", _migration_7),
    Migration(8, "stable identities: review_links (reviews moved to re-coded records), articles.seq (ingest order)",
              _migration_8),
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
                    (migration.version, migration.description, utc_now()),
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
            fields.update(json_object(fields_json))  # (a malformed stored value must not stop the store)
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


#: The reviews attached to an event now (``?`` twice: the event id): its own, and those moved to it
#: from a record no longer extracted (``review_links``, schema version 8), less those moved away.
ATTACHED_REVIEWS = (
    "SELECT r.* FROM reviews r LEFT JOIN review_links l ON l.review_id = r.id"
    " WHERE r.id IN (SELECT review_id FROM review_links WHERE event_id = ?)"
    " OR (r.event_id = ? AND l.review_id IS NULL)"
)


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def refresh_review_state(conn: sqlite3.Connection, event_id: str) -> None:
    """Recompute an event's ``review_state`` row from the reviews attached to it."""
    if has_table(conn, "review_links"):
        rows = conn.execute(
            f"SELECT action, fields, reviewer, created_at FROM ({ATTACHED_REVIEWS}) ORDER BY id", (event_id, event_id)
        ).fetchall()
    else:  # (the migrations before version 8)
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
    if has_table(conn, "effective_events"):
        refresh_effective(conn, event_id=event_id)  # (from version 7: a table; before, a view)
