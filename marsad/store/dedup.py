"""De-duplication across articles: records of one incident reported by several outlets.

Several outlets report the same raid or clash; each article gives its own record. An
:class:`Incident` groups the records that describe one incident, so that counts and maps do
not multiply it. Two records can belong to one incident when all of these hold:

- they come from different articles (records of one article are atomic events by the
  codebook, section 1: different by definition);
- same ``event_type``;
- their ``event_date`` values are at most ``max_days`` apart (default 1: outlets date a night
  attack to either day);
- their places are at most ``max_km`` apart, or have the same location name when either has no
  coordinates;
- their actors are compatible: on each side, the two records share an actor or one of them
  names nobody (outlets often leave the target out). The sides may be swapped, since outlets
  disagree on who started a clash.

Clustering is *complete-linkage* and deterministic: records are visited in a fixed order
(date, type, id) and each joins the earliest-formed incident all of whose records it matches and
that has no record of its article yet, else starts a new one. Complete linkage keeps chains of
near neighbours (A~B, B~C, A far from C) apart.

An incident's fatalities are the lowest figure among its records that report deaths (> 0),
following the codebook's "several figures -> the lowest" (section 5): a sum would count the same
dead once per outlet, and a record with 0 usually means the outlet did not report the toll yet.
"""
from __future__ import annotations

import copy
import functools
import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Mapping, Optional, Sequence

from ..document import EventRecord
from ..geo import km_between as haversine_km  # the shared great-circle distance, by its old name here



@dataclass(frozen=True)
class DedupSettings:
    """Thresholds of :func:`cluster_records`; see the ``[store]`` section of the settings."""

    max_days: int = 1
    max_km: float = 10.0

    @classmethod
    def from_settings(cls, settings: Mapping[str, Mapping[str, Any]]) -> "DedupSettings":
        """The thresholds from layered settings (``store.dedup_max_days``, ``store.dedup_max_km``)."""
        store = settings.get("store", {})
        return cls(
            max_days=int(store.get("dedup_max_days", cls.max_days)),
            max_km=float(store.get("dedup_max_km", cls.max_km)),
        )


@dataclass
class Incident:
    """One incident: the records that report it (at least one), and its summary values.

    ``record`` is a summary in the shape of an :class:`EventRecord` (so every record-level writer
    can export incidents): the fields of the most precise member, the incident's fatalities, the
    incident id as ``event_id`` and the member articles, ``; ``-separated, as ``article_id``.
    """

    id: str
    records: list[EventRecord]
    record: EventRecord
    fatalities: int
    event_ids: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)

    @property
    def sources(self) -> int:
        """How many articles report the incident."""
        return len(self.article_ids)


def _has_coordinates(rec: EventRecord) -> bool:
    # 0,0 is the EventRecord default: "no coordinates", never a place in this domain.
    return not (rec.latitude == 0 and rec.longitude == 0)


def _day(rec: EventRecord) -> Optional[date]:
    # None for no date or one a grouping window cannot step around (a stored 9999-12-31 must
    # not break the grouping of every other record: date arithmetic near date.max overflows).
    value = rec.event_date
    return _day_of(value) if isinstance(value, str) else None


@functools.lru_cache(maxsize=4096)
def _day_of(value: str) -> Optional[date]:
    # (cached: the grouping compares each record with its neighbours, each time parsing both dates)
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    return day if date.min.toordinal() + 400 < day.toordinal() < date.max.toordinal() - 400 else None


def _side(main: str, assoc: str) -> frozenset[str]:
    names = [main] + (assoc or "").split(";")
    return frozenset(n.strip().casefold() for n in names if n and n.strip())


def _sides_match(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a or not b or bool(a & b)


def compatible_actors(a: EventRecord, b: EventRecord) -> bool:
    """True when each side of ``a`` shares an actor with the same side of ``b`` or one is empty.

    The sides may also match crosswise (``a``'s initiator is ``b``'s target and vice versa).
    """
    a1, a2 = _side(a.actor1, a.assoc_actor_1), _side(a.actor2, a.assoc_actor_2)
    b1, b2 = _side(b.actor1, b.assoc_actor_1), _side(b.actor2, b.assoc_actor_2)
    return (_sides_match(a1, b1) and _sides_match(a2, b2)) or (_sides_match(a1, b2) and _sides_match(a2, b1))


def same_place(a: EventRecord, b: EventRecord, max_km: float) -> bool:
    """True when the two places are within ``max_km`` or carry the same location name."""
    if _has_coordinates(a) and _has_coordinates(b):
        if haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) <= max_km:
            return True
    name_a, name_b = a.location.strip().casefold(), b.location.strip().casefold()
    return bool(name_a) and name_a == name_b and a.country.casefold() == b.country.casefold()


def same_incident(a: EventRecord, b: EventRecord, settings: DedupSettings = DedupSettings()) -> bool:
    """True when records ``a`` and ``b`` (of different articles) can report one incident."""
    if a.article_id and a.article_id == b.article_id:
        return False
    if a.event_type != b.event_type:
        return False
    da, db = _day(a), _day(b)
    if da is None or db is None or abs((da - db).days) > settings.max_days:
        return False
    return same_place(a, b, settings.max_km) and compatible_actors(a, b)


def incident_fatalities(records: Iterable[EventRecord]) -> int:
    """The lowest death toll that the records report (> 0), or 0 when none reports deaths."""
    reported = [r.fatalities for r in records if r.fatalities and r.fatalities > 0]
    return min(reported) if reported else 0


def _sort_key(rec: EventRecord) -> tuple:
    return (rec.event_date, rec.event_type, rec.event_id)


def cluster_records(records: Sequence[EventRecord], settings: DedupSettings = DedupSettings()) -> list[list[int]]:
    """Group ``records`` into incidents; returns lists of indexes into ``records``.

    Deterministic: the same records in any input order give the same groups, each group sorted
    by (date, type, event id) and the groups in order of their first record.
    """
    order = sorted(range(len(records)), key=lambda i: _sort_key(records[i]))
    groups: list[list[int]] = []
    articles: list[set[str]] = []
    # Candidate groups are found through the days they cover, so each record is compared only
    # with groups that have a record within max_days of it.
    by_day: dict[date, list[int]] = {}
    for i in order:
        rec = records[i]
        day = _day(rec)
        chosen = None
        if day is not None:
            candidates: set[int] = set()
            for offset in range(-settings.max_days, settings.max_days + 1):
                candidates.update(by_day.get(date.fromordinal(day.toordinal() + offset), ()))
            for g in sorted(candidates):
                if rec.article_id and rec.article_id in articles[g]:
                    continue
                if all(same_incident(rec, records[j], settings) for j in groups[g]):
                    chosen = g
                    break
        if chosen is None:
            chosen = len(groups)
            groups.append([])
            articles.append(set())
        groups[chosen].append(i)
        if rec.article_id:
            articles[chosen].add(rec.article_id)
        if day is not None:
            slot = by_day.setdefault(day, [])
            if chosen not in slot:
                slot.append(chosen)
    return groups


def incident_id(event_ids: Iterable[str]) -> str:
    """An id made of these records' ids (independent of their order); an incident's is its
    founder's alone (:func:`founder`), so that it keeps it as records join."""
    digest = hashlib.sha1("\n".join(sorted(event_ids)).encode("utf-8")).hexdigest()
    return f"inc-{digest[:12]}"


def _most_precise(records: Sequence[EventRecord]) -> EventRecord:
    # The record with the most precise place, then date, then the earliest: its fields summarise.
    return min(records, key=lambda r: (r.geo_precision, r.time_precision, _sort_key(r)))


#: Article id -> its place in the order articles were first stored (``articles.seq``).
ArticleOrder = Mapping[str, int]


def founder(records: Sequence[EventRecord], order: Optional[ArticleOrder] = None) -> EventRecord:
    """The incident's oldest record: that of the article stored first (``order``; an incident
    has one record per article), else the first in (date, type, id) order. A record that joins
    later comes from an article stored later, so the founder, and the incident's id, stay."""
    rank = order or {}
    return min(records, key=lambda r: (rank.get(r.article_id, 2**62), _sort_key(r)))


def summarise(records: Sequence[EventRecord], order: Optional[ArticleOrder] = None) -> Incident:
    """The :class:`Incident` made of ``records`` (one incident's records, at least one). Its id is
    its founder's (:func:`founder`): a function of its records alone, so the incremental grouping
    gives the ids a full rebuild gives."""
    if not records:
        raise ValueError("an incident needs at least one record")
    best = _most_precise(records)
    event_ids = [r.event_id for r in records]
    article_ids = sorted({r.article_id for r in records if r.article_id})
    inc_id = incident_id([founder(records, order).event_id])
    fatalities = incident_fatalities(records)
    summary = copy.copy(best)  # (its lists replaced below; the other fields are immutable values)
    summary.event_id = inc_id
    summary.event_date = min(r.event_date for r in records)
    summary.fatalities = fatalities
    summary.article_id = "; ".join(article_ids)
    summary.evidence_spans = []
    summary.notes = f"incident of {len(records)} record(s) from {len(article_ids)} article(s): " + ", ".join(event_ids)
    return Incident(
        id=inc_id, records=list(records), record=summary, fatalities=fatalities,
        event_ids=event_ids, article_ids=article_ids,
    )


def build_incidents(records: Sequence[EventRecord], settings: DedupSettings = DedupSettings(),
                    order: Optional[ArticleOrder] = None) -> list[Incident]:
    """Cluster ``records`` (see :func:`cluster_records`) and summarise each group (``order``: the
    articles' ingest order, for the incidents' ids; :meth:`Store.article_order`)."""
    return [summarise([records[i] for i in group], order) for group in cluster_records(records, settings)]


class IncidentIndex:
    """The incidents of a set of records, updated record by record without a full rebuild.

    Why an update can be local: :func:`same_incident` is symmetric, and a record joins a group
    only when it matches every member, so every incident lies inside one connected component of
    the graph whose edges are the pairs that :func:`same_incident` accepts. Clustering each
    component alone, its records in the global order, gives the groups that clustering all
    records gives (a group of another component is never a candidate). A change of one record
    can only change the components of its old and its new version; :meth:`update` re-clusters
    exactly those, so its result is what :func:`build_incidents` gives on all the records (a test
    checks this on random sequences of changes).
    """

    def __init__(self, records: Iterable[EventRecord], settings: DedupSettings = DedupSettings(),
                 order: Optional[ArticleOrder] = None):
        self.settings = settings
        self.order: dict[str, int] = dict(order or {})
        self.records: dict[str, EventRecord] = {}
        self._slots: dict[tuple[str, date], set[str]] = {}
        self.by_event: dict[str, Incident] = {}
        for rec in records:
            self._add(rec)
        self._cluster(list(self.records))

    def _slot(self, rec: EventRecord) -> Optional[tuple[str, date]]:
        day = _day(rec)
        return (rec.event_type, day) if day is not None else None

    def _add(self, rec: EventRecord) -> None:
        self.records[rec.event_id] = rec
        slot = self._slot(rec)
        if slot is not None:
            self._slots.setdefault(slot, set()).add(rec.event_id)

    def _remove(self, event_id: str) -> None:
        rec = self.records.pop(event_id)
        slot = self._slot(rec)
        if slot is not None:
            ids = self._slots.get(slot)
            if ids is not None:
                ids.discard(event_id)
                if not ids:
                    del self._slots[slot]

    def neighbours(self, rec: EventRecord) -> list[str]:
        """Ids of the records that can report one incident with ``rec``."""
        day = _day(rec)
        if day is None:
            return []
        out = []
        for offset in range(-self.settings.max_days, self.settings.max_days + 1):
            for other in self._slots.get((rec.event_type, date.fromordinal(day.toordinal() + offset)), ()):
                if other != rec.event_id and same_incident(rec, self.records[other], self.settings):
                    out.append(other)
        return out

    def _component(self, seeds: Iterable[str]) -> set[str]:
        seen = {s for s in seeds if s in self.records}
        todo = list(seen)
        while todo:
            for other in self.neighbours(self.records[todo.pop()]):
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        return seen

    def _cluster(self, ids: Iterable[str]) -> None:
        records = sorted((self.records[i] for i in ids), key=_sort_key)
        for group in cluster_records(records, self.settings):
            inc = summarise([records[i] for i in group], self.order)
            for event_id in inc.event_ids:
                self.by_event[event_id] = inc

    def update(self, changed: Mapping[str, Optional[EventRecord]], order: Optional[ArticleOrder] = None) -> None:
        """Apply changed records (event id -> its new record, or None when it is gone or rejected);
        ``order``: the ingest order of their articles (new ones)."""
        self.order.update(order or {})
        seeds: set[str] = set()
        for event_id in changed:
            old = self.records.get(event_id)
            if old is not None:
                inc = self.by_event.get(event_id)
                seeds.update(inc.event_ids if inc else ())
                seeds.update(self.neighbours(old))
        for event_id, new in changed.items():
            if event_id in self.records:
                self._remove(event_id)
            if new is not None:
                self._add(new)
                seeds.add(event_id)
        touched = self._component(seeds) | set(changed)
        for event_id in touched:
            inc = self.by_event.pop(event_id, None)
            if inc is not None:
                for member in inc.event_ids:
                    self.by_event.pop(member, None)
        self._cluster(i for i in self._component(seeds))

    def incidents(self) -> list[Incident]:
        """Every incident (in no particular order)."""
        return list({id(inc): inc for inc in self.by_event.values()}.values())
