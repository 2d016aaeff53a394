"""Store, audit trail: an append-only history of every change to an event (who, when, before,
after, comment), earlier versions of re-ingested articles, and backups.

- ``history``: one row per change of an event: a review (``confirm``, ``correct``, ``reject``, by
  the reviewer) or a change by ingest (``added``, ``changed``, ``removed``, by ``ingest``), with
  the event's values and status before and after it. Triggers refuse every UPDATE and DELETE of
  ``history`` and ``reviews``: rows are only ever added.
- ``article_versions``: the text and metadata an article had before a re-ingest replaced them
  (version 1 is the first text stored), also append-only.
- :meth:`HistoryMixin.backup`: a consistent copy of the whole database while it is in use
  (SQLite's online backup API); :func:`restore_backup` puts one back.
"""
from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping, Optional, Union

from .records import NotFoundError, StoreError, utc_now

APPEND_ONLY = ("history", "reviews", "article_versions")


def create_history_tables(conn: sqlite3.Connection) -> None:
    """Migration 4: the history and article versions, append-only; the reviews made append-only;
    the history of reviews made before it backfilled from the review log."""
    statements = [
        """CREATE TABLE history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            event_id TEXT NOT NULL,
            article_id TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL,
            who TEXT NOT NULL,
            action TEXT NOT NULL,
            before TEXT NOT NULL DEFAULT '{}',
            after TEXT NOT NULL DEFAULT '{}',
            comment TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX history_event ON history(event_id)",
        """CREATE TABLE article_versions (
            article_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            url TEXT NOT NULL DEFAULT '',
            outlet TEXT NOT NULL DEFAULT '',
            published TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            content_hash TEXT NOT NULL,
            pipeline_version TEXT NOT NULL DEFAULT '',
            stored_at TEXT NOT NULL,
            replaced_at TEXT NOT NULL,
            PRIMARY KEY (article_id, version)
        )""",
    ]
    for table in APPEND_ONLY:
        for verb in ("UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
    for statement in statements:
        conn.execute(statement)
    rows = conn.execute("SELECT event_id, article_id, action, fields, reviewer, comment, created_at, before"
                        " FROM reviews ORDER BY id").fetchall()
    for event_id, article_id, action, fields, reviewer, comment, created_at, before in rows:
        try:
            before_values = json.loads(before or "{}")
            after_values = dict(before_values) | json.loads(fields or "{}")
        except ValueError:
            before_values, after_values = {}, {}
        after_values["status"] = {"confirm": "confirmed", "reject": "rejected"}.get(action, "corrected")
        conn.execute(
            "INSERT INTO history (event_id, article_id, at, who, action, before, after, comment)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (event_id, article_id, created_at, reviewer, action, json.dumps(before_values, ensure_ascii=False),
             json.dumps(after_values, ensure_ascii=False), comment),
        )


@dataclass
class HistoryEntry:
    """One change of an event: ``before`` and ``after`` are its values (and status); ``changed``
    names the fields that differ."""

    id: int
    event_id: str
    article_id: str
    at: str
    who: str
    action: str
    before: dict[str, Any]
    after: dict[str, Any]
    comment: str = ""
    changed: list[str] = field(default_factory=list)


@dataclass
class ArticleVersion:
    """An earlier text of an article, as it was before a re-ingest replaced it."""

    article_id: str
    version: int
    text: str
    published: str
    title: str
    url: str
    outlet: str
    source: str
    content_hash: str
    pipeline_version: str
    stored_at: str
    replaced_at: str


def json_object(text: str) -> dict[str, Any]:
    """A stored JSON object; ``{}`` for anything else (a malformed value must not break a read)."""
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def record_change(conn: sqlite3.Connection, event_id: str, article_id: str, who: str, action: str,
                  before: Optional[Mapping[str, Any]], after: Optional[Mapping[str, Any]], comment: str = "",
                  at: Optional[str] = None, content_hash: str = "") -> None:
    """Append one change of an event to the history (inside the caller's transaction).
    ``content_hash``: for a change by ingest, the sha256 of the text the values come from."""
    conn.execute(
        "INSERT INTO history (event_id, article_id, at, who, action, before, after, comment, content_hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (event_id, article_id, at or utc_now(), who, action, json.dumps(dict(before or {}), ensure_ascii=False),
         json.dumps(dict(after or {}), ensure_ascii=False), comment or "", content_hash or ""),
    )


def keep_article_version(conn: sqlite3.Connection, article_id: str) -> None:
    """Copy the stored article into ``article_versions`` before a re-ingest replaces it."""
    row = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return
    version = conn.execute("SELECT COALESCE(MAX(version), 0) + 1 FROM article_versions WHERE article_id = ?",
                           (article_id,)).fetchone()[0]
    conn.execute(
        "INSERT INTO article_versions (article_id, version, url, outlet, published, title, text, source, content_hash,"
        " pipeline_version, stored_at, replaced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (article_id, version, row["url"], row["outlet"], row["published"], row["title"], row["text"], row["source"],
         row["content_hash"], row["pipeline_version"], row["updated_at"], utc_now()),
    )


class HistoryMixin:
    """The audit trail of events and articles, and backups.

    A part of :class:`~marsad.store.database.Store` (its connection, lock and ``_write``).
    """

    def history(self, event_id: str) -> list[HistoryEntry]:
        """Every change of an event, oldest first; raises :class:`NotFoundError` when the store
        has neither the event nor any history of it."""
        with self._read() as conn:
            rows = conn.execute("SELECT * FROM history WHERE event_id = ? ORDER BY id", (event_id,)).fetchall()
            if not rows and conn.execute("SELECT 1 FROM events WHERE event_id = ?", (event_id,)).fetchone() is None:
                raise NotFoundError(f"no event with id {event_id!r}")
        out = []
        for r in rows:
            before, after = json_object(r["before"]), json_object(r["after"])
            # (an event added or removed as a whole names no field)
            changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k)) if before and after else []
            out.append(HistoryEntry(id=r["id"], event_id=r["event_id"], article_id=r["article_id"], at=r["at"],
                                    who=r["who"], action=r["action"], before=before, after=after,
                                    comment=r["comment"], changed=changed))
        return out

    def article_versions(self, article_id: str) -> list[ArticleVersion]:
        """The earlier texts of an article (oldest first); the current one is :meth:`article`."""
        with self._read() as conn:
            rows = conn.execute("SELECT * FROM article_versions WHERE article_id = ? ORDER BY version",
                                      (article_id,)).fetchall()
        return [ArticleVersion(**{k: r[k] for k in r.keys()}) for r in rows]

    def backup(self, out: Union[str, Path]) -> Path:
        """A consistent copy of the database at ``out`` (SQLite's online backup: writers may go
        on meanwhile). Refuses to overwrite an existing file."""
        out = Path(out)
        if out.exists():
            raise StoreError(f"{out} exists: a backup never overwrites a file or folder; name a new file")
        if not out.absolute().parent.is_dir():
            raise StoreError(f"cannot write {out}: folder {out.parent} does not exist")
        try:
            target = sqlite3.connect(str(out))
            try:
                with self._lock:
                    self._conn.backup(target)
            finally:
                target.close()
        except sqlite3.Error as exc:  # (a full disk, a folder not writable): no half backup is left to restore
            for partial in (out, Path(f"{out}-journal"), Path(f"{out}-wal"), Path(f"{out}-shm")):
                try:
                    partial.unlink()
                except OSError:
                    pass
            raise StoreError(f"cannot write the backup {out}: {exc}") from exc
        return out



# --------------------------------------------------------------------------- who uses a database


def _use_folder(db: Union[str, Path]) -> Path:
    return Path(f"{db}.in-use")


@contextlib.contextmanager
def marking_use(db: Union[str, Path], what: str) -> Iterator[None]:
    """Mark ``db`` as used by this process (``what``: "marsad serve") while the block runs: a file named
    after its pid in ``DB.in-use/``, which :func:`users_of` reads (``marsad restore`` refuses a database in
    use). A process that dies leaves its file, which is then passed over (its pid is gone)."""
    folder = _use_folder(db)
    mark = folder / str(os.getpid())
    try:
        folder.mkdir(exist_ok=True)
        mark.write_text(what, encoding="utf-8")
    except OSError:  # (a read-only folder: restore cannot see this use, but serving goes on)
        yield
        return
    try:
        yield
    finally:
        try:
            mark.unlink()
            folder.rmdir()
        except OSError:
            pass


def users_of(db: Union[str, Path]) -> list[str]:
    """The live processes that mark ``db`` as in use (:func:`marking_use`), as "what (pid N)"."""
    folder = _use_folder(db)
    users = []
    try:
        marks = sorted(folder.iterdir())
    except OSError:
        return users
    for mark in marks:
        if not mark.name.isdigit() or int(mark.name) == os.getpid():
            continue
        try:
            os.kill(int(mark.name), 0)
        except ProcessLookupError:  # (a process that died without unmarking: its mark goes)
            try:
                mark.unlink()
            except OSError:
                pass
            continue
        except (PermissionError, OverflowError):
            pass
        try:
            what = mark.read_text(encoding="utf-8", errors="replace").strip()[:80] or "a process"
        except OSError:
            what = "a process"
        users.append(f"{what} (pid {mark.name})")
    return users
