"""What the live watcher (``marsad watch``, :mod:`marsad.run.watch`) keeps in the store: feed
state, the items each feed has shown, alert state and the alert log.

The tables are made by one migration of :data:`marsad.store.database.MIGRATIONS`
(:func:`create_watch_tables`); :class:`WatchStore` reads and writes them through its own
connection to the same SQLite file, so a watcher process, ``marsad serve`` (whose page learns of
new alerts from here, not from any in-process state) and ``marsad ingest`` meet in the store.

- ``feed_state``: per feed, the validators of the last answer (ETag, Last-Modified), when it was
  polled, when it is due next, consecutive errors and the last one, items new in the last poll;
- ``seen_items``: per feed, the keys of the items it has shown (article ids, file names with
  size and time); a key not shown for ``seen_days`` is forgotten, so the table stays bounded;
- ``alert_keys``: the stable key of each event's incident (incident ids change as records join;
  an incident keeps the key it had when first alerted);
- ``alert_state``: per rule and incident key, the toll last alerted: a rule fires once per
  incident, and again only when a later report raises the toll;
- ``alerts``: every alert fired, newest last (the page's live list and badge read it).
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence, Union

from .history import json_object


def create_watch_tables(conn: sqlite3.Connection) -> None:
    """The watcher's tables (a migration of :data:`marsad.store.database.MIGRATIONS`)."""
    statements = (
        """CREATE TABLE feed_state (
            feed TEXT PRIMARY KEY,
            url TEXT NOT NULL DEFAULT '',
            etag TEXT NOT NULL DEFAULT '',
            last_modified TEXT NOT NULL DEFAULT '',
            last_poll TEXT NOT NULL DEFAULT '',
            last_success TEXT NOT NULL DEFAULT '',
            next_poll REAL NOT NULL DEFAULT 0,
            errors INTEGER NOT NULL DEFAULT 0,
            last_error TEXT NOT NULL DEFAULT '',
            polls INTEGER NOT NULL DEFAULT 0,
            new_items INTEGER NOT NULL DEFAULT 0,
            total_new INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE TABLE seen_items (
            feed TEXT NOT NULL,
            key TEXT NOT NULL,
            article_id TEXT NOT NULL DEFAULT '',
            first_seen TEXT NOT NULL,
            last_seen REAL NOT NULL,
            PRIMARY KEY (feed, key)
        )""",
        "CREATE INDEX seen_items_last_seen ON seen_items (feed, last_seen)",
        """CREATE TABLE alert_keys (
            event_id TEXT PRIMARY KEY,
            alert_key TEXT NOT NULL
        )""",
        """CREATE TABLE alert_state (
            rule TEXT NOT NULL,
            alert_key TEXT NOT NULL,
            fatalities INTEGER NOT NULL DEFAULT 0,
            first_at TEXT NOT NULL,
            last_at TEXT NOT NULL,
            PRIMARY KEY (rule, alert_key)
        )""",
        """CREATE TABLE alerts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL,
            rule TEXT NOT NULL,
            alert_key TEXT NOT NULL,
            kind TEXT NOT NULL,
            incident_id TEXT NOT NULL DEFAULT '',
            fatalities INTEGER NOT NULL DEFAULT 0,
            previous_fatalities INTEGER,
            note TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL DEFAULT '{}',
            sinks TEXT NOT NULL DEFAULT '[]',
            page INTEGER NOT NULL DEFAULT 1,
            delivery TEXT NOT NULL DEFAULT ''
        )""",
    )
    for statement in statements:
        conn.execute(statement)


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class FeedState:
    """One feed's row of ``feed_state``."""

    feed: str
    url: str = ""
    etag: str = ""
    last_modified: str = ""
    last_poll: str = ""
    last_success: str = ""
    next_poll: float = 0.0
    errors: int = 0
    last_error: str = ""
    polls: int = 0
    new_items: int = 0
    total_new: int = 0
    status: str = ""


@dataclass
class StoredAlert:
    """One alert as the ``alerts`` table keeps it."""

    id: int
    created_at: str
    rule: str
    alert_key: str
    kind: str  # "new" or "update"
    incident_id: str
    fatalities: int
    previous_fatalities: Optional[int]
    note: str
    body: dict[str, Any] = field(default_factory=dict)
    sinks: list[str] = field(default_factory=list)
    page: bool = True
    delivery: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "created_at": self.created_at, "rule": self.rule, "alert_key": self.alert_key,
            "kind": self.kind, "incident_id": self.incident_id, "fatalities": self.fatalities,
            "previous_fatalities": self.previous_fatalities, "note": self.note, "body": self.body,
            "sinks": self.sinks, "delivery": self.delivery,
        }


class WatchStoreError(RuntimeError):
    """The watcher's tables cannot be used (an in-memory store, a database not yet upgraded)."""


class WatchStore:
    """The watcher's tables of the store at ``path``, through a connection of its own.

    Open the :class:`marsad.store.Store` first: it creates or upgrades the schema. Safe to share
    between threads (one connection, serialised by a lock).
    """

    def __init__(self, path: Union[str, Path]):
        self.path = str(path)
        if self.path == ":memory:":
            raise WatchStoreError("the watcher needs a database file, not ':memory:'")
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA busy_timeout = 30000")
        has = self._conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alerts'").fetchone()
        if not has:
            self._conn.close()
            raise WatchStoreError(f"{self.path} has no watcher tables: open it with marsad.store.Store first")

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "WatchStore":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _write(self, fn):
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                result = fn(self._conn)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
            return result

    # ------------------------------------------------------------------ feeds

    def feed_state(self, feed: str) -> FeedState:
        """The feed's state (a fresh one for a feed never polled)."""
        with self._lock:
            row = self._conn.execute("SELECT * FROM feed_state WHERE feed = ?", (feed,)).fetchone()
        return FeedState(**dict(row)) if row else FeedState(feed=feed)

    def feed_states(self) -> list[FeedState]:
        with self._lock:
            rows = self._conn.execute("SELECT * FROM feed_state ORDER BY feed").fetchall()
        return [FeedState(**dict(r)) for r in rows]

    def save_feed_state(self, state: FeedState) -> None:
        values = dict(state.__dict__)
        columns = list(values)
        sql = (f"INSERT OR REPLACE INTO feed_state ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})")
        self._write(lambda conn: conn.execute(sql, [values[c] for c in columns]))

    def unseen(self, feed: str, keys: Sequence[str]) -> list[str]:
        """The keys of ``keys`` the feed has not shown before, in order; refreshes the others."""
        if not keys:
            return []
        now = time.time()
        seen: set[str] = set()
        with self._lock:
            for start in range(0, len(keys), 500):
                chunk = list(keys[start:start + 500])
                marks = ",".join("?" * len(chunk))
                seen.update(r[0] for r in self._conn.execute(
                    f"SELECT key FROM seen_items WHERE feed = ? AND key IN ({marks})", [feed, *chunk]))
            if seen:
                self._write(lambda conn: conn.executemany(
                    "UPDATE seen_items SET last_seen = ? WHERE feed = ? AND key = ?",
                    [(now, feed, k) for k in seen]))
        return [k for k in dict.fromkeys(keys) if k not in seen]

    def mark_seen(self, feed: str, items: Iterable[tuple[str, str]]) -> None:
        """Remember items (key, article id) the feed has shown and that were dealt with."""
        now, stamp = time.time(), now_iso()
        rows = [(feed, key, article_id, stamp, now) for key, article_id in items]
        if rows:
            self._write(lambda conn: conn.executemany(
                "INSERT INTO seen_items (feed, key, article_id, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (feed, key) DO UPDATE SET last_seen = excluded.last_seen", rows))

    def forget_seen(self, older_than_days: float) -> int:
        """Forget items no feed has shown for this many days; returns how many."""
        limit = time.time() - older_than_days * 86400
        return self._write(lambda conn: conn.execute("DELETE FROM seen_items WHERE last_seen < ?", (limit,)).rowcount)

    def seen_count(self, feed: Optional[str] = None) -> int:
        with self._lock:
            if feed is None:
                return self._conn.execute("SELECT COUNT(*) FROM seen_items").fetchone()[0]
            return self._conn.execute("SELECT COUNT(*) FROM seen_items WHERE feed = ?", (feed,)).fetchone()[0]

    # ------------------------------------------------------------------ alert state

    def alert_key(self, event_ids: Sequence[str], proposed: str) -> str:
        """The stable key of the incident made of ``event_ids``: the key one of them already has
        (the oldest), else ``proposed``; every event of the incident gets it."""
        def work(conn: sqlite3.Connection) -> str:
            marks = ",".join("?" * len(event_ids))
            row = conn.execute(
                f"SELECT alert_key FROM alert_keys WHERE event_id IN ({marks}) ORDER BY rowid LIMIT 1",
                list(event_ids)).fetchone() if event_ids else None
            key = row[0] if row else proposed
            conn.executemany("INSERT OR IGNORE INTO alert_keys (event_id, alert_key) VALUES (?, ?)",
                             [(e, key) for e in event_ids])
            return key
        return self._write(work)

    def alerted_fatalities(self, rule: str, alert_key: str) -> Optional[int]:
        """The toll last alerted for this rule and incident key; None when it never fired."""
        with self._lock:
            row = self._conn.execute(
                "SELECT fatalities FROM alert_state WHERE rule = ? AND alert_key = ?", (rule, alert_key)).fetchone()
        return None if row is None else int(row[0])

    def fire(self, *, rule: str, alert_key: str, kind: str, incident_id: str, fatalities: int,
             previous: Optional[int], note: str, body: dict[str, Any], sinks: Sequence[str],
             page: bool) -> Optional[StoredAlert]:
        """Record an alert and its state in one transaction; None when another process (or an
        earlier run) already fired it for this rule, incident key and toll."""
        stamp = now_iso()

        def work(conn: sqlite3.Connection) -> Optional[int]:
            row = conn.execute("SELECT fatalities FROM alert_state WHERE rule = ? AND alert_key = ?",
                               (rule, alert_key)).fetchone()
            if row is not None and (previous is None or int(row[0]) >= fatalities):
                return None
            conn.execute(
                "INSERT INTO alert_state (rule, alert_key, fatalities, first_at, last_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (rule, alert_key) DO UPDATE SET fatalities = excluded.fatalities,"
                " last_at = excluded.last_at", (rule, alert_key, fatalities, stamp, stamp))
            cursor = conn.execute(
                "INSERT INTO alerts (created_at, rule, alert_key, kind, incident_id, fatalities, previous_fatalities,"
                " note, body, sinks, page) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (stamp, rule, alert_key, kind, incident_id, fatalities, previous, note,
                 json.dumps(body, ensure_ascii=False), json.dumps(list(sinks)), int(page)))
            return cursor.lastrowid

        alert_id = self._write(work)
        return None if alert_id is None else self.alert(alert_id)

    def set_delivery(self, alert_id: int, delivery: str) -> None:
        self._write(lambda conn: conn.execute("UPDATE alerts SET delivery = ? WHERE id = ?", (delivery, alert_id)))

    # ------------------------------------------------------------------ alert log

    @staticmethod
    def _alert_of(row: sqlite3.Row) -> StoredAlert:
        values = dict(row)
        values["body"] = json_object(values["body"])
        try:  # (a malformed stored value must not break the alert log's reading)
            sinks = json.loads(values["sinks"] or "[]")
        except ValueError:
            sinks = []
        values["sinks"] = [str(s) for s in sinks] if isinstance(sinks, list) else []
        values["page"] = bool(values["page"])
        return StoredAlert(**values)

    def alert(self, alert_id: int) -> StoredAlert:
        with self._lock:
            row = self._conn.execute("SELECT * FROM alerts WHERE id = ?", (alert_id,)).fetchone()
        if row is None:
            raise KeyError(f"no alert {alert_id}")
        return self._alert_of(row)

    def alerts(self, *, after: int = 0, limit: int = 50, page_only: bool = False) -> list[StoredAlert]:
        """Alerts with an id above ``after``: the latest ``limit`` when ``after`` is 0 (newest
        first), else the next ``limit`` in order (oldest first)."""
        where = "WHERE id > ?" + (" AND page = 1" if page_only else "")
        with self._lock:
            if after:
                rows = self._conn.execute(f"SELECT * FROM alerts {where} ORDER BY id LIMIT ?", (after, limit))
            else:
                rows = self._conn.execute(f"SELECT * FROM alerts {where} ORDER BY id DESC LIMIT ?", (0, limit))
            return [self._alert_of(r) for r in rows.fetchall()]

    def last_alert_id(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT COALESCE(MAX(id), 0) FROM alerts").fetchone()[0]

    def alert_count(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT COUNT(*) FROM alerts").fetchone()[0]

    # ------------------------------------------------------------------ what changed

    def change_stamp(self) -> tuple[int, int, str]:
        """Something that changes whenever articles are stored or changed or alerts fire: (events,
        last alert, last article change). Reviews do not change it. Cheap enough to ask every second."""
        with self._lock:
            events = self._conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
            changed = self._conn.execute("SELECT COALESCE(MAX(updated_at), '') FROM articles").fetchone()[0]
            return events, self.last_alert_id(), changed

    def events_changed_since(self, since: str, limit: int = 50) -> tuple[int, list[dict[str, Any]]]:
        """Events whose article was stored or changed after ``since`` (ISO time, UTC): how many, and
        the latest ``limit`` of them (id, date, type, place, fatalities, article title)."""
        with self._lock:
            total = self._conn.execute(
                "SELECT COUNT(*) FROM events e JOIN articles a ON a.id = e.article_id WHERE a.updated_at > ?",
                (since,)).fetchone()[0]
            rows = self._conn.execute(
                "SELECT e.event_id, e.event_date, e.sub_event_type, e.location, e.admin1, e.country, e.fatalities,"
                " a.title, a.outlet, a.updated_at FROM events e JOIN articles a ON a.id = e.article_id"
                " WHERE a.updated_at > ? ORDER BY a.updated_at DESC, e.event_id LIMIT ?", (since, limit)).fetchall()
        return total, [dict(r) for r in rows]


__all__ = ["FeedState", "StoredAlert", "WatchStore", "WatchStoreError", "create_watch_tables", "now_iso"]
