"""Store, reviews: validation of corrected fields and the review log (:meth:`review`,
:meth:`reviews`).
"""
from __future__ import annotations

import json
import re
from datetime import date
from typing import Any, Callable, Mapping, Optional, TypeVar, Union

from ..bounds import MAX_TEXT, BoundsError, check_date, check_fatalities, strict_iso_date

from ..pipeline.event_types import sub_event_types
from ..text import has_lone_surrogates
from .records import (
    CORRECTABLE_FIELDS, event_typology, Review, REVIEW_ACTIONS, ReviewBoundsError, ReviewError, utc_now,
)
from .history import json_object, record_change
from .schema import refresh_review_state

T = TypeVar("T")
#: Longest reviewer name (characters).
MAX_NAME = 200


# --------------------------------------------------------------------------- review validation


_INTEGER = re.compile(r"[+-]?[0-9]+")


def _as_int(name: str, value: Any, lo: Optional[int] = None, hi: Optional[int] = None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ReviewError(f"{name} must be an integer, got {str(value)[:40]!r}")
    if isinstance(value, str) and len(value.strip()) > 20:
        raise ReviewBoundsError(f"{name} must be an integer of at most 20 digits, got {value[:40]!r}...")
    try:
        if isinstance(value, str) and not _INTEGER.fullmatch(value.strip()):
            raise ValueError(value)  # (int() also reads "1_000" and other digits than ASCII)
        number = int(value)
    except ValueError:
        raise ReviewError(f"{name} must be an integer, got {value[:40]!r}") from None
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
    if not lo <= number <= hi:  # (NaN fails this too)
        raise ReviewError(f"{name} must be between {lo:g} and {hi:g}, got {number:g}")
    return number


def validate_corrections(fields: Mapping[str, Any], *, now: Optional[date] = None) -> dict[str, Any]:
    """Check and normalise corrected field values; raises :class:`ReviewError` on the first bad one
    (:class:`ReviewBoundsError` for a value outside its bounds: a date outside 1990 .. ``now`` + 1
    day, a toll over 100,000, a text over 10,000 characters; see :mod:`marsad.bounds`)."""
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
            clean[name] = _as_int(name, value)  # (a toll below 0 is out of bounds too: 422, as above 100,000)
            try:
                clean[name] = check_fatalities(clean[name])
            except BoundsError as exc:
                raise ReviewBoundsError(str(exc)) from None
        elif name == "latitude":
            clean[name] = _as_float(name, value, -90, 90)
        elif name == "longitude":
            clean[name] = _as_float(name, value, -180, 180)
        else:
            if not isinstance(value, str):
                raise ReviewError(f"{name} must be text, got {value!r}")
            if has_lone_surrogates(value):  # (JSON's "\ud800": no UTF-8 text, SQLite would refuse it)
                raise ReviewError(f"{name} holds a lone surrogate, which is no Unicode character")
            value = value.strip()
            if len(value) > MAX_TEXT:
                raise ReviewBoundsError(f"{name} is {len(value):,} characters long; at most {MAX_TEXT:,}")
            if name == "event_date":
                try:  # (exactly YYYY-MM-DD: Python 3.11's fromisoformat also reads "20230101" and "2023-W01-1")
                    day = strict_iso_date(value, "event_date")
                except BoundsError:
                    day = None
                if day is None:
                    raise ReviewError(f"event_date must be a date YYYY-MM-DD, got {value[:40]!r}")
                value = day.isoformat()
                try:
                    value = check_date(value, "event_date", now=now)
                except BoundsError as exc:
                    raise ReviewBoundsError(str(exc)) from None
            elif name == "event_type" and value not in typology:
                raise ReviewError(f"event_type must be one of {', '.join(typology)}, got {value!r}")
            elif name == "sub_event_type" and value not in sub_event_types():
                raise ReviewError(f"unknown sub_event_type {value!r} (codebook section 3)")
            elif name == "actor1" and not value:
                raise ReviewError("actor1 cannot be empty")
            clean[name] = value
    return clean


class ReviewsMixin:
    """The review log: record a review of an event, list reviews (orphaned ones too).

    A part of :class:`~marsad.store.database.Store` (its connection, lock and ``_write``).
    """

    def review(
        self, event_id: str, action: str, fields: Optional[Mapping[str, Any]] = None, *,
        reviewer: str, comment: str = "", then: Optional[Callable[[Review], T]] = None,
    ) -> Union[Review, T]:
        """Record a review of an event: ``confirm``, ``correct`` (with ``fields``) or ``reject``.

        Raises :class:`NotFoundError` for an unknown event and :class:`ReviewError` for a bad
        review (nothing is stored then). Validation, the change and the answer are one
        transaction: ``then(review)``, when given, runs inside it (it sees the change) and its
        result is returned; if it raises, nothing is stored. Without ``then`` the stored
        :class:`Review` is returned.
        """
        if action not in REVIEW_ACTIONS:
            raise ReviewError(f"action must be one of {', '.join(REVIEW_ACTIONS)}, got {str(action)[:40]!r}")
        reviewer = (reviewer or "").strip()
        if not reviewer:
            raise ReviewError("a review needs the reviewer's name")
        if len(reviewer) > MAX_NAME:
            raise ReviewBoundsError(f"the reviewer's name is {len(reviewer):,} characters long; at most {MAX_NAME}")
        if any(not ch.isprintable() for ch in reviewer):  # (a newline or NUL would forge lines of 'marsad reviews')
            raise ReviewError("the reviewer's name holds a control character (a newline, a tab, NUL)")
        comment = comment or ""
        if len(comment) > MAX_TEXT:
            raise ReviewBoundsError(f"the comment is {len(comment):,} characters long; at most {MAX_TEXT:,}")
        fields = dict(fields or {})
        if action == "correct":
            if not fields:
                raise ReviewError("a correction needs at least one field")
            fields = validate_corrections(fields, now=self.today())
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
                 comment, utc_now(), json.dumps(before, ensure_ascii=False)),
            )
            refresh_review_state(conn, event_id)
            self._changed(conn)
            stored = self.reviews(review_id=cursor.lastrowid)[0]
            now = self.event(event_id)
            record_change(conn, event_id, current.record.article_id, reviewer, action, before,
                          now.record.to_dict() | {"status": now.status}, comment, at=stored.created_at)
            return then(stored) if then is not None else stored

    def reviews(
        self, event_id: Optional[str] = None, *, orphaned: Optional[bool] = None, review_id: Optional[int] = None,
    ) -> list[Review]:
        """Reviews, oldest first: those attached to one event now (its own, and those moved to it
        from a record no longer extracted, :mod:`marsad.store.identity`), or orphaned ones (their
        event is gone and no record matched), or all. A moved review's ``event_id`` is the record
        it is attached to, ``moved_from`` the one it was made on."""
        clauses, params = [], []
        if event_id is not None:
            clauses.append("(l.event_id = ? OR (l.review_id IS NULL AND r.event_id = ?))")
            params += [event_id, event_id]
        if review_id is not None:
            clauses.append("r.id = ?")
            params.append(review_id)
        if orphaned is not None:
            clauses.append("e.event_id IS NULL" if orphaned else "e.event_id IS NOT NULL")
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT r.id, COALESCE(l.event_id, r.event_id) AS event_id,"
                " COALESCE(l.article_id, r.article_id) AS article_id, r.action, r.fields, r.reviewer, r.comment,"
                " r.created_at, r.before, e.event_id IS NULL AS orphaned, COALESCE(l.from_event_id, '') AS moved_from,"
                " r.event_id AS made_on"
                " FROM reviews r LEFT JOIN review_links l ON l.review_id = r.id"
                " LEFT JOIN events e ON e.event_id = COALESCE(l.event_id, r.event_id)" + where + " ORDER BY r.id",
                params,
            ).fetchall()
        return [
            Review(
                id=r["id"], event_id=r["event_id"], article_id=r["article_id"], action=r["action"],
                fields=json_object(r["fields"]), reviewer=r["reviewer"], comment=r["comment"],
                created_at=r["created_at"], before=json_object(r["before"]), orphaned=bool(r["orphaned"]),
                moved_from=r["made_on"] if r["moved_from"] else "",
            )
            for r in rows
        ]
