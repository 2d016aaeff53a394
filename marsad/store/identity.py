"""Store, stable identities: reviews stay on their record when an article is coded again.

An event's id comes from its article and its key (:func:`~marsad.store.records.event_key`), so
a newer coder that changes an actor or a date, or a new article id for the same text (issue 10
made the ids of same-named files path-based), gives the record a new id and would leave its
reviews behind. After every ingest, :func:`reattach_reviews` looks for the reviews of records no
longer extracted (orphaned) that it can place on a record of the article just stored:

- the orphans it considers: those of the same article when its text is unchanged (re-coded) or
  comes from the same place (same url or same source: the outlet updated it), and those of
  another article whose earlier text is the text just stored (the same text under a new id);
- the records it may move them to: the article's records that have no review of their own;
- the rules (:data:`RULES`, strictest first): a review moves only when, under the first rule
  that pairs it with anything, it pairs with exactly one record and that record with no other
  orphan. Looser rules apply only to the same text.

A move is a row of ``review_links`` (the review log itself stays append-only), a ``reattached``
entry in the history of both records (who, when, the rule), and the review state of both is
computed again. Reviews that cannot be placed stay listed (:meth:`Store.reviews` with
``orphaned=True``, ``marsad reviews --orphaned``, ``GET /api/reviews?orphaned=true``).
"""
from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Mapping, Optional, Sequence

from ..geo import km_between
from .history import json_object, record_change
from .records import utc_now
from .schema import ATTACHED_REVIEWS, refresh_review_state


@dataclass(frozen=True)
class Rule:
    """When an orphaned record (its values then) and a new record are one record coded again."""

    name: str
    sub_event_type: bool = True  # the same sub-event type (else: the same event type)
    actors: bool = False  # the same actor1 and actor2
    days: int = 0  # event dates at most this many days apart
    place: str = "same"  # "same": the same place name (or coordinates); "near": within NEAR_KM
    same_text: bool = False  # only when the record came from the very text just coded

    def pairs(self, old: Mapping[str, Any], new: Mapping[str, Any], same_text: bool) -> bool:
        if self.same_text and not same_text:
            return False
        if (old.get("event_type") or "") != (new.get("event_type") or ""):
            return False
        if self.sub_event_type and (old.get("sub_event_type") or "") != (new.get("sub_event_type") or ""):
            return False
        if self.actors and any((old.get(k) or "") != (new.get(k) or "") for k in ("actor1", "actor2")):
            return False
        if not _days_within(old.get("event_date") or "", new.get("event_date") or "", self.days):
            return False
        return same_place(old, new) or (self.place == "near" and near_place(old, new))


#: Kilometres between two places that :data:`RULES`' "near" rule takes for one place.
NEAR_KM = 10.0

#: The matching rules, strictest first.
RULES: tuple[Rule, ...] = (
    Rule("same record", actors=True),
    Rule("same sub-event type, day and place"),
    Rule("same sub-event type and place, day ±1", days=1),
    Rule("same event type, day and place", sub_event_type=False, same_text=True),
    Rule("same sub-event type and day, place within 10 km", place="near", same_text=True),
)


def _day(value: str) -> Optional[date]:
    try:
        return date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        return None


def _days_within(a: str, b: str, days: int) -> bool:
    if a == b:
        return True
    da, db = _day(a), _day(b)
    return da is not None and db is not None and abs((da - db).days) <= days


def _coordinates(values: Mapping[str, Any]) -> Optional[tuple[float, float]]:
    try:
        lat, lon = float(values.get("latitude") or 0), float(values.get("longitude") or 0)
    except (TypeError, ValueError):
        return None
    return None if (lat == 0 and lon == 0) else (lat, lon)


def same_place(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """The same place name (English or Arabic, any case) or, for places without a name, the same
    coordinates (to about 10 m)."""
    for key in ("location", "location_ar"):
        x, y = str(a.get(key) or "").strip().casefold(), str(b.get(key) or "").strip().casefold()
        if x and y:
            return x == y
    ca, cb = _coordinates(a), _coordinates(b)
    return ca is not None and cb is not None and abs(ca[0] - cb[0]) < 1e-4 and abs(ca[1] - cb[1]) < 1e-4


def near_place(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    ca, cb = _coordinates(a), _coordinates(b)
    return ca is not None and cb is not None and km_between(ca[0], ca[1], cb[0], cb[1]) <= NEAR_KM


@dataclass
class Orphan:
    """A record no longer extracted that still has reviews: its values (as the machine coded it,
    and with the reviews' corrections) and whether it came from the text just coded."""

    event_id: str
    article_id: str
    values: list[dict[str, Any]]
    same_text: bool
    review_ids: list[int]


def match(orphans: Sequence[Orphan], targets: Sequence[Mapping[str, Any]],
          rules: Sequence[Rule] = RULES) -> dict[str, tuple[str, str]]:
    """Orphan event id -> (target event id, rule name): the unique pairs, rule by rule."""
    moved: dict[str, tuple[str, str]] = {}
    left = list(orphans)
    free = {t["event_id"]: t for t in targets}
    for rule in rules:
        pairs = {o.event_id: [tid for tid, t in free.items() if any(rule.pairs(v, t, o.same_text) for v in o.values)]
                 for o in left}
        claims: dict[str, int] = {}
        for tids in pairs.values():
            for tid in tids:
                claims[tid] = claims.get(tid, 0) + 1
        decided = set()
        for o in left:
            tids = pairs[o.event_id]
            if tids:
                decided.add(o.event_id)  # (paired under this rule: a looser one must not decide it)
                if len(tids) == 1 and claims[tids[0]] == 1:
                    moved[o.event_id] = (tids[0], rule.name)
                    free.pop(tids[0])
        left = [o for o in left if o.event_id not in decided]
    return moved


def _same_source(a: str, b: str) -> bool:
    a, b = (a or "").strip(), (b or "").strip()
    if not a or not b:
        return False
    if a == b:
        return True
    if "://" in a or "://" in b:
        return False
    return os.path.normcase(os.path.abspath(os.path.expanduser(a))) == os.path.normcase(os.path.abspath(os.path.expanduser(b)))


def orphans_of(conn: sqlite3.Connection, article_ids: Iterable[str]) -> list[tuple[str, str, list[int]]]:
    """(event id, article id, review ids) of the orphaned records of these articles: records with
    reviews attached that are no longer extracted."""
    ids = list(dict.fromkeys(article_ids))
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = conn.execute(  # (two indexed halves: the reviews never moved, and those moved to these articles)
        f"SELECT r.event_id, r.article_id, r.id FROM reviews r WHERE r.article_id IN ({marks})"
        " AND NOT EXISTS (SELECT 1 FROM review_links l WHERE l.review_id = r.id)"
        f" UNION ALL SELECT l.event_id, l.article_id, l.review_id FROM review_links l WHERE l.article_id IN ({marks})"
        " ORDER BY 3",
        ids + ids,
    ).fetchall()
    out: dict[str, tuple[str, str, list[int]]] = {}
    for event_id, article_id, review_id in rows:
        if article_id in ids:
            out.setdefault(event_id, (event_id, article_id, []))[2].append(review_id)
    gone = []
    for event_id, entry in out.items():
        if conn.execute("SELECT 1 FROM events WHERE event_id = ?", (event_id,)).fetchone() is None:
            gone.append(entry)
    return gone


def _removal(conn: sqlite3.Connection, event_id: str) -> tuple[dict[str, Any], str]:
    """(the machine values, the sha256 of the text they came from) of a record when an ingest
    last removed it; ({}, "") when no ingest did (before schema version 5, or 8 for the text)."""
    row = conn.execute("SELECT before, content_hash FROM history WHERE event_id = ? AND action = 'removed'"
                       " ORDER BY id DESC LIMIT 1", (event_id,)).fetchone()
    return (json_object(row[0]), row[1] or "") if row else ({}, "")


def _orphan_values(conn: sqlite3.Connection, machine: dict[str, Any], review_ids: list[int]) -> list[dict[str, Any]]:
    """The values of a record no longer extracted: as the machine last coded it (else as its
    first reviewer saw it), and with its reviews' corrections."""
    reviews = conn.execute(
        f"SELECT action, fields, before FROM reviews WHERE id IN ({','.join('?' * len(review_ids))}) ORDER BY id",
        review_ids,
    ).fetchall()
    if not machine and reviews:
        machine = json_object(reviews[0]["before"])
    corrected = dict(machine)
    for r in reviews:
        if r["action"] == "correct":
            corrected.update(json_object(r["fields"]))
    return [machine, corrected] if corrected != machine else [machine]


def _same_report(conn: sqlite3.Connection, article_id: str, text_hash: str, now: sqlite3.Row) -> bool:
    """Whether the version of ``article_id`` with that text came from where ``now`` comes from
    (the same url, or the same source file): an outlet's update of its report."""
    row = conn.execute("SELECT url, source FROM article_versions WHERE article_id = ? AND content_hash = ?"
                       " ORDER BY version DESC LIMIT 1", (article_id, text_hash)).fetchone()
    return row is not None and (_same_source(row["url"], now["url"]) or _same_source(row["source"], now["source"]))


def reattach_reviews(conn: sqlite3.Connection, article_id: str, *, old: Optional[Mapping[str, Any]],
                     who: str = "ingest", at: Optional[str] = None) -> tuple[int, list[str]]:
    """After an ingest of ``article_id`` (inside its transaction): move the reviews of records no
    longer extracted to the records they are (:func:`match`). ``old``: the article row before the
    ingest (None: it is new). Returns (reviews moved, event ids whose state changed).

    The orphans considered: the article's own whose text is the text now stored (re-coded) or
    whose text came from the same url or source file (an update; only the rules that do not
    need the same text), and those of other articles whose text is the text now stored (the
    same text under a new id). An orphan whose text is unknown (removed before schema version 8)
    is considered when the article's url is unchanged."""
    article = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
    if article is None:
        return 0, []
    digest = article["content_hash"]
    orphans: list[Orphan] = []
    for event_id, owner, review_ids in orphans_of(conn, [article_id]):
        machine, text = _removal(conn, event_id)
        if text:
            same = text == digest
            if not (same or _same_report(conn, owner, text, article)):
                continue
        else:
            same = False
            if old is None or not _same_source(old["url"], article["url"]):
                continue
        orphans.append(Orphan(event_id, owner, _orphan_values(conn, machine, review_ids), same, review_ids))
    if old is None or old["content_hash"] != digest:
        # The same text under another article id (an earlier id of the same file).
        moved_text = {r[0]: r[1] for r in conn.execute(
            "SELECT event_id, article_id FROM history WHERE action = 'removed' AND content_hash = ? AND article_id != ?",
            (digest, article_id))}
        for event_id, owner, review_ids in orphans_of(conn, set(moved_text.values())):
            if event_id in moved_text:
                machine, text = _removal(conn, event_id)
                if text == digest:
                    orphans.append(Orphan(event_id, owner, _orphan_values(conn, machine, review_ids), True, review_ids))
    if not orphans:
        return 0, []
    reviewed = {r[0] for r in conn.execute(
        "SELECT DISTINCT COALESCE(l.event_id, r.event_id) FROM reviews r LEFT JOIN review_links l ON l.review_id = r.id"
        " WHERE COALESCE(l.article_id, r.article_id) = ?", (article_id,))}
    targets = [dict(r) for r in conn.execute("SELECT * FROM events WHERE article_id = ? ORDER BY event_id", (article_id,))
               if r["event_id"] not in reviewed]
    moves = match(orphans, targets)
    at = at or utc_now()
    moved = 0
    changed: list[str] = []
    by_id = {o.event_id: o for o in orphans}
    for old_id, (new_id, rule) in sorted(moves.items()):
        orphan = by_id[old_id]
        before = _event_state(conn, new_id)
        for review_id in orphan.review_ids:
            conn.execute("INSERT OR REPLACE INTO review_links (review_id, event_id, article_id, from_event_id, rule, moved_at)"
                         " VALUES (?, ?, ?, ?, ?, ?)", (review_id, new_id, article_id, old_id, rule, at))
        refresh_review_state(conn, old_id)
        refresh_review_state(conn, new_id)
        after = _event_state(conn, new_id)
        ids = ", ".join(str(i) for i in orphan.review_ids)
        record_change(conn, new_id, article_id, who, "reattached", before, after,
                      f"review(s) {ids} of {old_id} (no longer extracted) moved here: {rule}", at=at)
        record_change(conn, old_id, orphan.article_id, who, "reattached", {}, {},
                      f"review(s) {ids} moved to {new_id}: {rule}", at=at)
        moved += len(orphan.review_ids)
        changed += [old_id, new_id]
    return moved, changed


def _event_state(conn: sqlite3.Connection, event_id: str) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM effective_events WHERE event_id = ?", (event_id,)).fetchone()
    if row is None:
        return {}
    values = {k: row[k] for k in row.keys() if k not in ("corrections", "reviewer", "reviewed_at")}
    try:
        values["evidence_spans"] = json.loads(values.get("evidence_spans") or "[]")
    except ValueError:
        pass
    return values


def attached_review_ids(conn: sqlite3.Connection, event_id: str) -> list[int]:
    """Ids of the reviews attached to an event now."""
    return [r["id"] for r in conn.execute(f"{ATTACHED_REVIEWS} ORDER BY r.id", (event_id, event_id))]
