"""Store, ingest and reading: articles and their machine events in (:meth:`add_article`), events
with the reviews applied out (:meth:`events`, :meth:`event`, :meth:`count`), filters and sorting.
"""
from __future__ import annotations

import json
import re
import sqlite3
from datetime import date
from typing import Any, Optional, Sequence, Union

from ..bounds import BoundsError, check_date, events_in_bounds, safe_fatalities
from ..document import Article, Document, EventRecord
from .records import (
    content_hash,
    event_key,
    EventFilter,
    FilterError,
    IngestBoundsError,
    IngestResult,
    NotFoundError,
    SORT_COLUMNS,
    StoredArticle,
    StoredEvent,
    StoreError,
    utc_now,
)
from .history import json_object, keep_article_version, record_change
from .identity import reattach_reviews
from .schema import EVENT_FIELD_COLUMNS, refresh_effective
from .search import SUSPECT_SQL, actor_names
from ..io.notes import admin1_name
from ..text import fold


def _iso(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


#: At most this many sort terms, and limit and offset at most this (SQLite takes 64-bit ints; past
#: them a request is refused, never a crash).
MAX_SORT_TERMS = 20
MAX_PAGE = 2**53

_INT_FIELDS = {"time_precision": (1, 3, 1), "geo_precision": (1, 3, 1), "inter1": (0, 99, 0), "inter2": (0, 99, 0)}
_FLOAT_FIELDS = {"latitude": 90.0, "longitude": 180.0}


def _spans(value: Any) -> list[tuple[int, int]]:
    try:
        spans = json.loads(value) if isinstance(value, str) else (value or [])
        return [(int(a), int(b)) for a, b in spans if 0 <= int(a) <= int(b) < 2**53]
    except (TypeError, ValueError, OverflowError):
        return []


def sanitize_row(values: dict[str, Any]) -> dict[str, Any]:
    """A stored event row made safe to read: numbers within their bounds (a value out of them
    reads as the nearest bound or the default), text as text, evidence offsets as pairs."""
    out = dict(values)
    out["fatalities"] = safe_fatalities(values.get("fatalities", 0))
    for name, (lo, hi, default) in _INT_FIELDS.items():
        if name in values:
            try:
                number = int(values[name])
                out[name] = number if lo <= number <= hi else default
            except (TypeError, ValueError, OverflowError):
                out[name] = default
    for name, bound in _FLOAT_FIELDS.items():
        if name in values:
            try:
                number = float(values[name])
                out[name] = number if -bound <= number <= bound else 0.0
            except (TypeError, ValueError, OverflowError):
                out[name] = 0.0
    for name, value in values.items():
        if name in _INT_FIELDS or name in _FLOAT_FIELDS or name in ("fatalities", "evidence_spans"):
            continue
        out[name] = "" if value is None else str(value)
    out["evidence_spans"] = _spans(values.get("evidence_spans"))
    return out


# --------------------------------------------------------------------------- the store

ArticleLike = Union[Article, Document, StoredArticle]


class ArticlesMixin:
    """Ingest and reading: articles and their machine events in, events (reviews applied) out.

    A part of :class:`~marsad.store.database.Store` (its connection, lock and ``_write``).
    """

    def add_document(self, doc: Document) -> IngestResult:
        """Store a pipeline :class:`Document`: its article and its events."""
        return self.add_article(doc, doc.events)

    def add_article(self, article: ArticleLike, events: Sequence[EventRecord] = (), *, who: str = "ingest") -> IngestResult:
        """Store an article and the machine events extracted from it.

        The same text (sha256) with the same records: nothing changes but the article's metadata
        (title, url, ...). A changed text, or the same text with different records (a newer
        pipeline or other settings): the article's machine events are replaced by ``events``.
        Reviews are never lost: those of a record no longer extracted move to the same record
        coded again when one matches (:func:`marsad.store.identity.reattach_reviews`), else stay
        listed as orphaned; the earlier text is kept (:meth:`article_versions`) and each
        added, changed or removed machine event is a history entry by ``who``. Each event gets its ``article_id`` and its id from
        :func:`event_key`; an id the producer set is replaced, so that reviews stay attached.
        """
        if not article.id:
            raise StoreError("an article needs an id")
        now_day = self.today()
        try:
            check_date(article.published, "published", now=now_day, allow_empty=True)
        except BoundsError as exc:
            raise IngestBoundsError(f"invalid: article {article.id!r}: {exc}") from None
        events, refused = self._in_bounds(events, now_day)
        text = article.text or ""
        digest = content_hash(text)
        pipeline_version = ", ".join(sorted({e.pipeline_version for e in events if e.pipeline_version}))
        records = self._keyed(article.id, events)
        new_rows = sorted((r.to_dict() for r in records), key=lambda row: row["event_id"])
        now = utc_now()
        meta = (
            _iso(article.published), article.title or "", article.url or "", article.outlet or "",
            getattr(article, "source", "") or "",
        )
        with self._write() as conn:
            old = conn.execute("SELECT * FROM articles WHERE id = ?", (article.id,)).fetchone()
            old_rows = [self._record_of_row(r).to_dict() for r in conn.execute(
                "SELECT * FROM events WHERE article_id = ? ORDER BY event_id", (article.id,)
            )]
            old_ids = {row["event_id"] for row in old_rows}
            notes: list[str] = []
            if old is None:
                conn.execute(
                    "INSERT INTO articles (id, published, title, url, outlet, source, text, content_hash,"
                    " pipeline_version, ingested_at, updated_at, seq)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM articles))",
                    (article.id, *meta, text, digest, pipeline_version, now, now),
                )
                status = "added"
            elif old["content_hash"] == digest and old_rows == new_rows:
                conn.execute(
                    "UPDATE articles SET published = ?, title = ?, url = ?, outlet = ?, source = ? WHERE id = ?",
                    (*meta, article.id),
                )
                # (reviews left without their record by an earlier version may find it now)
                moved, _ = reattach_reviews(conn, article.id, old=old, who=who, at=now)
                return IngestResult(article.id, "unchanged", len(old_rows), refused=refused, reattached=moved)
            else:
                notes = _other_source(article.id, old["source"], meta[4])
                keep_article_version(conn, article.id)  # the earlier text stays readable (Store.article_versions)
                conn.execute(
                    "UPDATE articles SET published = ?, title = ?, url = ?, outlet = ?, source = ?, text = ?,"
                    " content_hash = ?, pipeline_version = ?, updated_at = ? WHERE id = ?",
                    (*meta, text, digest, pipeline_version, now, article.id),
                )
                status = "replaced"
            conn.execute("DELETE FROM events WHERE article_id = ?", (article.id,))
            for rec in records:
                self._insert_event(conn, rec)
            refresh_effective(conn, article_id=article.id)
            new_ids = {r.event_id for r in records}
            removed = sorted(old_ids - new_ids)
            self._record_ingest_changes(conn, article.id, old_rows, [r.to_dict() for r in records], who, now,
                                        old_hash=old["content_hash"] if old is not None else "", new_hash=digest)
            # Reviews of records no longer extracted move to the same records coded again (marsad.store.identity).
            moved, _ = reattach_reviews(conn, article.id, old=old, who=who, at=now)
            orphaned = 0
            if removed:
                marks = ",".join("?" * len(removed))
                orphaned = conn.execute(
                    "SELECT COUNT(*) FROM reviews r LEFT JOIN review_links l ON l.review_id = r.id"
                    f" WHERE COALESCE(l.event_id, r.event_id) IN ({marks})", removed).fetchone()[0]
        return IngestResult(
            article.id, status, len(records), added=sorted(new_ids - old_ids), removed=removed, orphaned_reviews=orphaned,
            refused=refused, reattached=moved, notes=notes,
        )

    @staticmethod
    def _record_ingest_changes(conn: sqlite3.Connection, article_id: str, old_rows: list[dict], new_rows: list[dict],
                               who: str, at: str, old_hash: str = "", new_hash: str = "") -> None:
        """The history of what an ingest did to the article's machine events: added, changed,
        removed (each with the text its values come from: the old one for a removed event)."""
        old = {row["event_id"]: row for row in old_rows}
        new = {row["event_id"]: row for row in new_rows}
        for event_id in sorted(old.keys() | new.keys()):
            before, after = old.get(event_id), new.get(event_id)
            if before == after:
                continue
            action = "added" if before is None else "removed" if after is None else "changed"
            record_change(conn, event_id, article_id, who, action, before, after, at=at,
                          content_hash=old_hash if after is None else new_hash)

    @staticmethod
    def _in_bounds(events: Sequence[EventRecord], now_day: date) -> tuple[list[EventRecord], list[str]]:
        """The events whose date (or empty date) and toll are within bounds, and why the others are not."""
        return events_in_bounds(events, now=now_day)

    @staticmethod
    def _record_of_row(row: sqlite3.Row) -> EventRecord:
        """An EventRecord from a row of ``events`` or ``effective_events``.

        Never fails on a stored value: one that an older version let in (a toll of 10**30, a
        latitude that is text, broken evidence offsets) reads as the nearest sane value
        (:func:`sanitize_row`), so that no stored value can make a listing fail.
        """
        values = {k: row[k] for k in row.keys() if k in EventRecord.__dataclass_fields__}
        return EventRecord.from_dict(sanitize_row(values))

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
        columns = ["event_id", "article_id", *EVENT_FIELD_COLUMNS]
        conn.execute(
            f"INSERT INTO events ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [row[c] for c in columns],
        )

    def article(self, article_id: str) -> StoredArticle:
        """The stored article; raises :class:`NotFoundError`."""
        with self._read() as conn:
            row = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id!r}")
        return StoredArticle(**{k: row[k] for k in row.keys()})

    def article_ids(self) -> list[str]:
        """Ids of the stored articles, in the order they were first stored."""
        with self._read() as conn:
            return [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY seq, id")]

    def article_count(self) -> int:
        with self._read() as conn:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

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
        for name in ("country", "admin1", "event_type", "sub_event_type", "outlet"):
            values = flt.values(name)
            if not values:
                continue
            column = {"admin1": "marsad_admin1(v.admin1)", "outlet": "a.outlet"}.get(name, f"v.{name}")
            if name == "admin1":
                values = tuple(admin1_name(v) for v in values)
            clauses.append(f"{column} COLLATE NOCASE IN ({', '.join('?' * len(values))})")
            params.extend(values)
        actor_columns = ("v.actor1", "v.actor2", "v.assoc_actor_1", "v.assoc_actor_2")
        names = flt.values("actor_name")
        if names:
            marks = ", ".join("?" * len(names))
            clauses.append(
                f"(v.actor1 IN ({marks}) OR v.actor2 IN ({marks}) OR EXISTS (SELECT 1 FROM json_each(?) n"
                " WHERE instr('; ' || v.assoc_actor_1 || '; ' || v.assoc_actor_2 || '; ', '; ' || n.value || '; ')))"
            )
            params.extend([*names, *names, json.dumps(list(names))])
        if flt.article_id:
            clauses.append("v.article_id = ?")
            params.append(flt.article_id)
        if flt.actor:
            terms = list(dict.fromkeys([flt.actor.strip(), *actor_names(flt.actor)]))
            clauses.append("(" + " OR ".join(f"instr(lower({c}), lower(?))" for _ in terms for c in actor_columns) + ")")
            params.extend(t for t in terms for _ in actor_columns)
        if flt.q:
            text_columns = (
                "v.evidence", "v.location", "v.location_ar", "v.admin1", "v.actor1", "v.actor2",
                "v.assoc_actor_1", "v.assoc_actor_2", "v.notes", "a.title", "a.outlet",
            )
            clauses.append("(" + " OR ".join(f"instr(marsad_fold({c}), ?)" for c in text_columns) + ")")
            params.extend([fold(flt.q.strip())] * len(text_columns))
        if flt.location:
            clauses.append("(instr(marsad_fold(v.location), ?) OR instr(marsad_fold(v.location_ar), ?))")
            params.extend([fold(flt.location.strip())] * 2)
        if flt.fatalities_min is not None:
            clauses.append("v.fatalities >= ?")
            params.append(flt.fatalities_min)
        if flt.fatalities_max is not None:
            clauses.append("v.fatalities <= ?")
            params.append(flt.fatalities_max)
        if flt.suspect == "only":
            clauses.append(f"{SUSPECT_SQL} != ''")
        elif flt.suspect == "exclude":
            clauses.append(f"{SUSPECT_SQL} = ''")
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    @staticmethod
    def _order(sort: str) -> str:
        terms = []
        given = (sort or "").split(",")
        if len(given) > MAX_SORT_TERMS:
            raise FilterError(f"sort by at most {MAX_SORT_TERMS} columns, got {len(given):,}")
        for term in given:
            term = term.strip()
            if not term:
                continue
            desc = term.startswith("-")
            name = term.lstrip("-+")
            if name not in SORT_COLUMNS:
                raise FilterError(f"cannot sort by {name[:40]!r}; sort by one of {', '.join(SORT_COLUMNS)}")
            if name == "suspect":  # suspect records first (descending) or last
                column = f"({SUSPECT_SQL} != '')"
            elif name == "reviewed":  # not yet reviewed first (ascending)
                column = "(v.status != 'machine')"
            elif name == "admin1":
                column = "marsad_admin1(v.admin1)"
            else:
                column = f"{'a' if name in ('outlet', 'published') else 'v'}.{name}"
            terms.append(f"{column} {'DESC' if desc else 'ASC'}")
        terms.append("v.event_id ASC")  # a total order, so paging is stable
        return " ORDER BY " + ", ".join(terms)

    _SELECT = (
        f"SELECT v.*, {SUSPECT_SQL} AS suspect, a.outlet AS a_outlet, a.published AS a_published, a.title AS a_title, a.url AS a_url"
        " FROM effective_events v LEFT JOIN articles a ON a.id = v.article_id"
    )

    def _stored(self, rows: Sequence[sqlite3.Row], conn: sqlite3.Connection) -> list[StoredEvent]:
        corrected = [r["event_id"] for r in rows if r["corrections"] not in ("{}", "")]
        machine_rows: dict[str, sqlite3.Row] = {}
        if corrected:
            marks = ",".join("?" * len(corrected))
            for row in conn.execute(f"SELECT * FROM events WHERE event_id IN ({marks})", corrected):
                machine_rows[row["event_id"]] = row
        out = []
        for row in rows:
            record = self._record_of_row(row)
            record.admin1 = admin1_name(record.admin1)  # one spelling per province
            corrections = json_object(row["corrections"])
            machine_row = machine_rows.get(row["event_id"])
            machine = {k: machine_row[k] for k in corrections if machine_row is not None and k in machine_row.keys()}
            out.append(StoredEvent(
                record=record, status=row["status"], machine=machine, reviewer=row["reviewer"],
                reviewed_at=row["reviewed_at"], outlet=row["a_outlet"] or "", published=row["a_published"] or "",
                title=row["a_title"] or "", url=row["a_url"] or "", suspect=row["suspect"] or "",
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
            if limit > MAX_PAGE or offset > MAX_PAGE:
                raise FilterError(f"limit and offset must be at most {MAX_PAGE:,}")
            sql += " LIMIT ? OFFSET ?"
            params = params + [limit, offset]
        with self._read() as conn:
            return self._stored(conn.execute(sql, params).fetchall(), conn)

    def count(self, flt: Optional[EventFilter] = None) -> int:
        """How many events pass ``flt``."""
        where, params = self._where(flt)
        # (the article is joined only for a text search, which looks in its title)
        join = " LEFT JOIN articles a ON a.id = v.article_id" if "a." in where else ""
        with self._read() as conn:
            if where == " WHERE v.status != 'rejected'":  # the default: all but the (few) rejected, from the indexes
                return conn.execute("SELECT (SELECT COUNT(*) FROM effective_events)"
                                    " - (SELECT COUNT(*) FROM effective_events WHERE status = 'rejected')").fetchone()[0]
            return conn.execute("SELECT COUNT(*) FROM effective_events v" + join + where, params).fetchone()[0]

    def change_stamp(self) -> int:
        """A number that moves with every committed change of the store (for caches of answers)."""
        with self._read() as conn:
            return conn.execute("SELECT n FROM store_changes").fetchone()[0]

    def event(self, event_id: str) -> StoredEvent:
        """One event, whatever its status; raises :class:`NotFoundError`."""
        with self._read() as conn:
            rows = conn.execute(self._SELECT + " WHERE v.event_id = ?", (event_id,)).fetchall()
            if not rows:
                raise NotFoundError(f"no event with id {event_id!r}")
            return self._stored(rows, conn)[0]


_PLACE_IN_SOURCE = re.compile(r"[:@#]\d+$")  # ":line" of a JSONL line, "@offset" of a WARC record, "#n" of a feed item


def _other_source(article_id: str, old: Optional[str], new: str) -> list[str]:
    """The warning of an article replaced by one of the same id read from another file ("foo~2", a section of
    a long article "foo", replacing an article named so): none for the same file read again."""
    if not old or not new or _PLACE_IN_SOURCE.sub("", old) == _PLACE_IN_SOURCE.sub("", new):
        return []
    return [f"id {article_id!r} was held by an article read from {old}: replaced (its text stays among the "
            f"article's versions)"]
