"""Store, queries: export, incidents (:mod:`marsad.store.dedup`) and statistics.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import IO, Any, Iterable, Optional, Union

from ..bounds import MAX_FATALITIES
from .dedup import Incident, IncidentIndex, build_incidents
from ..document import EventRecord
from .records import EventFilter, FilterError, Stats
from .search import SUSPECT_SQL


# A stored toll as SQL reads it for sums: within 0 .. MAX_FATALITIES whatever an older version
# let in (as :func:`marsad.bounds.safe_fatalities` reads it in Python), so a sum never overflows.
SAFE_FATALITIES = (
    "(CASE WHEN typeof(v.fatalities) NOT IN ('integer', 'real') THEN 0"
    f" WHEN v.fatalities > {MAX_FATALITIES} THEN {MAX_FATALITIES} WHEN v.fatalities < 0 THEN 0"
    " ELSE CAST(v.fatalities AS INTEGER) END)"
)


#: More changed events than this since the last look: the incidents are rebuilt whole.
FULL_REBUILD = 5000


class QueriesMixin:
    """Export, incidents and statistics over the filtered events.

    A part of :class:`~marsad.store.database.Store` (its connection, lock and ``_write``).
    """

    def export(
        self, out: Union[str, Path, IO[str], IO[bytes]], fmt: Optional[str] = None, flt: Optional[EventFilter] = None,
        *, per: str = "record", bom: bool = False,
    ) -> int:
        """Write the filtered events, reviews applied, to ``out`` (a path or an open file).

        ``per="record"``: one row per event record (ACLED style); ``per="incident"``: one row per
        incident (:attr:`marsad.store.dedup.Incident.record`). ``fmt`` is ``csv``, ``jsonl``,
        ``geojson``, ``plover`` or ``xlsx`` (default: from the file's extension);
        :class:`marsad.io.output.EventWriter` writes it (``xlsx``: the CSV's columns in an Excel
        workbook, :func:`marsad.io.output.csv_to_xlsx`; ``out`` a path or a binary file). ``bom``:
        start a CSV with a UTF-8 byte order mark, so that Excel shows Arabic. Each row's ``source`` is
        the article's outlet (an incident's: its outlets, ``; ``-separated). Returns how many rows
        were written.
        """
        import io

        from ..io.output import csv_to_xlsx, output_format

        if per not in ("record", "incident"):
            raise FilterError(f"per must be 'record' or 'incident', got {per!r}")
        is_file = hasattr(out, "write")
        if (fmt or "").lower().lstrip(".") == "xlsx" or (not fmt and not is_file and str(out).lower().endswith(".xlsx")):
            if bom:
                raise FilterError("bom is for CSV only (an .xlsx workbook needs none)")
            buf = io.StringIO()
            n = self._write_rows(buf, "csv", flt, per)
            data = csv_to_xlsx(buf.getvalue())
            if is_file:
                out.write(data)  # type: ignore[union-attr, arg-type]
            else:
                Path(out).write_bytes(data)  # type: ignore[arg-type]
            return n
        if bom:
            chosen = output_format(None if is_file else out, fmt)  # type: ignore[arg-type]
            if chosen != "csv":
                raise FilterError(f"bom is for CSV only, not {chosen}")
            if not is_file:
                with open(out, "w", encoding="utf-8", newline="") as fh:  # type: ignore[arg-type]
                    fh.write("\ufeff")
                    return self._write_rows(fh, "csv", flt, per)
            out.write("\ufeff")  # type: ignore[union-attr, arg-type]
            return self._write_rows(out, "csv", flt, per)
        return self._write_rows(out, fmt, flt, per)

    def _write_rows(self, out: Any, fmt: Optional[str], flt: Optional[EventFilter], per: str) -> int:
        from ..io.output import EventWriter

        with EventWriter(out, fmt) as writer:
            if per == "record":
                for event in self.events(flt, sort="event_date"):
                    writer.write(event.record, source=event.outlet, url=event.url, suspect=event.suspect)
            else:
                for inc in sorted(self.incidents(flt), key=lambda i: (i.record.event_date, i.id)):
                    articles = [self.article(a) for a in inc.article_ids]
                    outlets = "; ".join(dict.fromkeys(a.outlet for a in articles if a.outlet))
                    writer.write(inc.record, source=outlets, url="; ".join(a.url for a in articles if a.url))
            return writer.count

    def records(self, flt: Optional[EventFilter] = None, sort: str = "event_date") -> list[EventRecord]:
        """The effective records that pass ``flt``, for export (rejected ones only if asked for)."""
        return [e.record for e in self.events(flt, sort=sort)]

    def _all_incidents(self, listed: bool = True) -> tuple[list[Incident], dict[str, Incident]]:
        """Incidents of every non-rejected event, kept up to date incrementally
        (:meth:`_incident_state`): the list (made when first asked for) and event id -> incident,
        a snapshot that later updates leave alone."""
        with self._incident_lock:
            cache = self._incident_state()
            if cache[2] is None:  # (a snapshot: readers of the last one never see an update half done)
                cache[2] = dict(cache[1].by_event)
            if listed and cache[3] is None:
                cache[3] = list({id(inc): inc for inc in cache[2].values()}.values())
            return cache[3] if listed else [], cache[2]

    def _incident_state(self) -> list:
        """[history id covered, the IncidentIndex, snapshot or None, list or None], up to date
        (call with ``_incident_lock`` held).

        Every change of an event leaves a history row (:mod:`marsad.store.history`), so the rows
        added since the last look name the events to re-read; only their components are
        re-clustered (:class:`~marsad.store.dedup.IncidentIndex`). The first look builds
        everything, and so does a change of more than :data:`FULL_REBUILD` events. The snapshot
        and the list are made when asked for, not at each update (a review needs only its event's
        incident).
        """
        with self._read() as conn:
            last = conn.execute("SELECT COALESCE(MAX(id), 0) FROM history").fetchone()[0]
            cache = self._incident_cache
            if cache is None:
                index = IncidentIndex(self.records(EventFilter(), sort="event_date"), self.dedup, self.article_order())
            elif last > cache[0]:
                index = cache[1]
                # (deduplicated here: SQLite's DISTINCT would scan the whole history_event index)
                ids = sorted({r[0] for r in conn.execute("SELECT event_id FROM history WHERE id > ?", (cache[0],))})
                if len(ids) > FULL_REBUILD:
                    index = IncidentIndex(self.records(EventFilter(), sort="event_date"), self.dedup,
                                          self.article_order())
                else:
                    changed: dict[str, Any] = dict.fromkeys(ids)
                    for chunk in range(0, len(ids), 500):
                        part = ids[chunk: chunk + 500]
                        rows = conn.execute(
                            f"SELECT * FROM effective_events v WHERE v.status != 'rejected'"
                            f" AND v.event_id IN ({','.join('?' * len(part))})", part).fetchall()
                        for row in rows:
                            changed[row["event_id"]] = self._record_of_row(row)
                    index.update(changed, self.article_order(
                        {r.article_id for r in changed.values() if r is not None} - index.order.keys()))
            else:
                return cache  # (last < cache: another thread's transaction not yet committed)
            self._incident_cache = cache = [last, index, None, None]
            return cache

    def article_order(self, article_ids: Optional[Iterable[str]] = None) -> dict[str, int]:
        """Article id -> the order it was first stored in (1, 2, ...; of these articles, else of
        all): an incident's id is that of its record from the article stored first."""
        with self._read() as conn:
            if article_ids is None:
                return {r[0]: r[1] for r in conn.execute("SELECT id, seq FROM articles")}
            ids = list(article_ids)
            out: dict[str, int] = {}
            for chunk in range(0, len(ids), 500):
                part = ids[chunk: chunk + 500]
                out.update((r[0], r[1]) for r in conn.execute(
                    f"SELECT id, seq FROM articles WHERE id IN ({','.join('?' * len(part))})", part))
            return out

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
            with self._read() as conn:
                ids = {r[0] for r in conn.execute(
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
        with self._incident_lock:  # (the index itself, up to date: no snapshot of every incident made)
            return self._incident_state()[1].by_event.get(event_id)

    def _incident_map(self) -> dict[str, Incident]:
        """Event id -> its incident, up to date (without making the list of incidents)."""
        return self._all_incidents(listed=False)[1]

    def stats(self, flt: Optional[EventFilter] = None) -> Stats:
        """Counts and fatalities of the events that pass ``flt``, in all and per day, type, place,
        status, sub-event type and actor. Suspect records (:mod:`marsad.io.suspect`) are left out
        and counted apart (``suspects``), unless ``flt.suspect == "only"``."""
        flt = flt or EventFilter()
        where, params = self._where(flt)
        base_all = " FROM effective_events v LEFT JOIN articles a ON a.id = v.article_id" + where
        if flt.suspect == "only":
            base = base_all
        else:
            base = base_all + (" AND " if where else " WHERE ") + f"{SUSPECT_SQL} = ''"

        def grouped(key_sql: str, extra: str = "") -> list[dict[str, Any]]:
            # (keys as text: a value stored as a number by a hand edit must not make the answer fail to build)
            sql = (f"SELECT COALESCE(CAST({key_sql} AS TEXT), '') AS key{extra}, COUNT(*) AS count, "
                   f"COALESCE(SUM({SAFE_FATALITIES}), 0) AS fatalities"
                   f"{base} GROUP BY {key_sql} ORDER BY key")
            return [dict(r) for r in conn.execute(sql, params)]

        with self._read() as conn:
            total, fatalities = conn.execute(
                f"SELECT COUNT(*), COALESCE(SUM({SAFE_FATALITIES}), 0)" + base, params
            ).fetchone()
            all_total, all_fatalities = conn.execute(
                f"SELECT COUNT(*), COALESCE(SUM({SAFE_FATALITIES}), 0)" + base_all, params
            ).fetchone()
            by_admin1 = grouped("v.country || ' / ' || marsad_admin1(v.admin1)",
                                ", CAST(v.country AS TEXT) AS country, CAST(marsad_admin1(v.admin1) AS TEXT) AS admin1")
            by_actor = [dict(r) for r in conn.execute(
                f"SELECT key, COUNT(*) AS count, COALESCE(SUM(f), 0) AS fatalities FROM ("
                f" SELECT CAST(v.actor1 AS TEXT) AS key, {SAFE_FATALITIES} AS f{base}"
                f" UNION ALL SELECT CAST(v.actor2 AS TEXT) AS key, {SAFE_FATALITIES} AS f{base} AND v.actor2 != v.actor1"
                f") WHERE key != '' GROUP BY key ORDER BY count DESC, key", params + params,
            )]
            result = Stats(
                total=total, fatalities=fatalities, incidents=0,
                by_day=grouped("v.event_date"), by_type=grouped("v.event_type"),
                by_country=grouped("v.country"), by_admin1=by_admin1, by_status=grouped("v.status"),
                suspects=0 if flt.suspect == "only" else all_total - total,
                suspect_fatalities=0 if flt.suspect == "only" else all_fatalities - fatalities,
                by_sub_type=grouped("v.sub_event_type"), by_actor=by_actor,
            )
        result.incidents = len(self.incidents(flt))
        return result

    def facets(self, flt: Optional[EventFilter] = None, limit: int = 200) -> dict[str, list[dict[str, Any]]]:
        """For each multi-valued filter (event type, sub-event type, country, admin1, actor,
        outlet): its values and how many records have each, under the other filters (the
        filter's own values left out, so that more can be chosen). Suspect records count."""
        flt = flt or EventFilter()
        columns = {
            "event_type": "v.event_type", "sub_event_type": "v.sub_event_type", "country": "v.country",
            "admin1": "marsad_admin1(v.admin1)", "outlet": "a.outlet",
        }
        out: dict[str, list[dict[str, Any]]] = {}
        with self._read() as conn:
            for name, column in {**columns, "actor_name": ""}.items():
                where, params = self._where(dataclasses.replace(flt, **{name: None}))
                base = " FROM effective_events v LEFT JOIN articles a ON a.id = v.article_id" + where
                if name == "actor_name":
                    other = base + (" AND " if where else " WHERE ") + "v.actor2 != v.actor1"
                    sql = (f"SELECT key, COUNT(*) AS count FROM (SELECT CAST(v.actor1 AS TEXT) AS key{base}"
                           f" UNION ALL SELECT CAST(v.actor2 AS TEXT) AS key{other})"
                           " WHERE key != '' GROUP BY key ORDER BY count DESC, key LIMIT ?")
                    rows = conn.execute(sql, params + params + [limit])
                else:
                    sql = (f"SELECT CAST({column} AS TEXT) AS key, COUNT(*) AS count{base} GROUP BY {column}"
                           " HAVING key != '' ORDER BY count DESC, key LIMIT ?")
                    rows = conn.execute(sql, params + [limit])
                out[name] = [dict(r) for r in rows]
        return out
