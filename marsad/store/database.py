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
extracted again keeps its id and its reviews. Reviews of an event that is no longer extracted move
to the same record coded again when exactly one matches (:mod:`~marsad.store.identity`), else
are kept and listed as orphaned (:meth:`Store.reviews`); they apply again if the event comes back.
An incident's id is its oldest record's (:func:`~marsad.store.dedup.founder`).

The schema is versioned: ``schema_version`` records each applied migration of
:data:`MIGRATIONS`, and opening an older database upgrades it.

The :class:`Store` is put together from its parts: :mod:`.schema` (migrations), :mod:`.records`
(errors, records, filters, ids), :mod:`.articles` (ingest and reading), :mod:`.reviews` (the
review log) and :mod:`.queries` (export, incidents, statistics).
"""
from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from datetime import date
from typing import Any, Callable, Iterator, Mapping, Optional, Union

from ..bounds import today as bounds_today

from .dedup import DedupSettings, Incident
from .articles import ArticlesMixin
from .accounts import AccountsMixin
from .history import HistoryMixin, users_of
from .queries import QueriesMixin
from .records import StoreError
from .reviews import ReviewsMixin
from .schema import SCHEMA_VERSION, migrate, schema_version
from .search import register_functions


class Store(ArticlesMixin, ReviewsMixin, QueriesMixin, HistoryMixin, AccountsMixin):
    """An event store in one SQLite file (or ``":memory:"``).

    >>> store = Store("marsad.db")
    >>> store.add_document(doc)                       # a pipeline Document with .events
    >>> store.events(EventFilter(admin1="Raqqa"))     # reviews applied
    >>> store.review(event_id, "correct", {"fatalities": 5}, reviewer="Huda")

    Safe to share between threads: writes go through one connection, serialised by a lock; reads
    use a connection of their thread (SQLite's WAL: a reader never waits on a writer, and sees
    the last committed state), except inside a write transaction (they see its changes) and for
    an in-memory store (one connection).
    """

    def __init__(self, path: Union[str, Path] = "marsad.db", dedup: DedupSettings = DedupSettings(),
                 clock: Optional[Callable[[], date]] = None):
        self.path = str(path)
        self.dedup = dedup
        self.clock = clock  # "today" for the date window of ingest and reviews; None: marsad.bounds.today
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
            register_functions(self._conn)
            migrate(self._conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open {self.path} as a marsad database: {exc}{_read_only_hint(self.path)}") from exc
        self._writes = 0
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._shared_reads = self.path == ":memory:"
        # [history id it covers, the IncidentIndex, event id -> incident, the incidents] (the last two
        # made when asked for); see QueriesMixin._incident_state
        self._incident_cache: Optional[list] = None
        # (in memory, reads take the store's lock: one lock, so that the two are never taken in two orders)
        self._incident_lock = self._lock if self._shared_reads else threading.RLock()

    @classmethod
    def from_settings(cls, settings: Mapping[str, Mapping[str, Any]], path: Union[str, Path, None] = None) -> "Store":
        """A store at ``path``, else at the ``store.db`` setting, with the settings' dedup thresholds."""
        return cls(path or settings["store"]["db"], dedup=DedupSettings.from_settings(settings))

    def close(self) -> None:
        with self._lock, self._readers_lock:
            for reader in self._readers:
                reader.close()
            self._readers.clear()
            self._conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def today(self) -> date:
        """Today, by this store's clock (tests inject one), else :func:`marsad.bounds.today`."""
        return self.clock() if self.clock is not None else bounds_today()

    @property
    def schema_version(self) -> int:
        with self._lock:
            return schema_version(self._conn)

    def _changed(self, conn: sqlite3.Connection) -> None:
        """Inside a write transaction: the data changed (the incidents follow the history rows it
        wrote; nothing to do here, kept as the hook for caches)."""

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A connection to read with (see the class docstring): this thread's own, else the
        store's under its lock."""
        if self._shared_reads or getattr(self._local, "writing", False):
            with self._lock:
                yield self._conn
            return
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA query_only = ON")
            conn.execute("PRAGMA busy_timeout = 5000")
            register_functions(conn)  # (the suspect flags and folded search of the queries)
            with self._readers_lock:  # (not the write lock: a reader never waits on a writer)
                self._readers.append(conn)
            self._local.conn = conn
        yield conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE ... COMMIT, rolled back on error)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            outer = getattr(self._local, "writing", False)
            self._local.writing = True
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                with self._incident_lock:
                    self._incident_cache = None  # it may hold what the transaction saw
                raise
            finally:
                self._local.writing = outer
            self._conn.execute("UPDATE store_changes SET n = n + 1")
            self._conn.execute("COMMIT")
            self._writes += 1


def restore_backup(backup: Union[str, Path], db: Union[str, Path], *, force: bool = False) -> int:
    """Put the backup file ``backup`` (made by :meth:`Store.backup`) in place of ``db``;
    returns its schema version. The backup must open as a marsad database; an existing ``db`` is
    replaced only with ``force`` (through SQLite's backup API, so its WAL stays consistent)."""
    backup, db = Path(backup), Path(db)
    if not backup.is_file():
        raise StoreError(f"no backup at {backup}")
    users = users_of(db)
    if users:  # (they would go on with their own view of the replaced database: stale counts, lost writes)
        raise StoreError(f"{db} is in use by {', '.join(users)}: stop it first, then restore")
    if db.exists() and not force:
        raise StoreError(f"{db} exists: give --force (force=True) to replace it with the backup; stop 'marsad serve' "
                         f"and 'marsad watch' on it first")
    if db.is_dir():
        raise StoreError(f"cannot restore into {db}: it is a folder")
    try:  # (the path as a URI: "#", "?" and "%" in it are the file's, not the URI's)
        source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {backup}: {exc}") from exc
    try:
        try:
            version = source.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
            tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            check = source.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{backup} is not a marsad database: {exc}") from exc
        # (all checked before a byte of the database is replaced: a refused backup leaves it as it was)
        if not isinstance(version, int) or version < 1:
            raise StoreError(f"{backup} is not a marsad database: it has no schema version")
        if version > SCHEMA_VERSION:
            raise StoreError(f"{backup} has schema version {version}, newer than this marsad knows ({SCHEMA_VERSION}): "
                             f"restore it with a newer marsad")
        missing = {"articles", "events", "reviews"} - tables
        if missing:
            raise StoreError(f"{backup} is not a marsad database: no table {', '.join(sorted(missing))}")
        if check != "ok":
            raise StoreError(f"{backup} is damaged: {check}")
        try:
            target = sqlite3.connect(str(db))
            try:
                source.backup(target)
            finally:
                target.close()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot restore into {db}: {exc}") from exc
    finally:
        source.close()
    return version


def _read_only_hint(path: str) -> str:
    """What a failed open of ``path`` may come from that SQLite does not say: a database (or its folder, where
    SQLite writes the WAL beside it) that this user cannot write."""
    if path == ":memory:":
        return ""
    file = Path(path).expanduser()
    if file.exists() and not os.access(file, os.W_OK):
        return " (the file is read-only: marsad writes to its database, even to read it, in WAL mode)"
    if not os.access(file.resolve().parent, os.W_OK):
        return " (its folder is read-only: SQLite writes the database's WAL and index files beside it)"
    return ""
