"""Coding on a Dask distributed cluster, over partitions of the inputs, into a partitioned output.

:func:`extract_on_dask` is what ``marsad extract --dask ADDRESS|local --out FOLDER`` runs:

1. The client cuts the inputs into :class:`Partition` objects, in input order: a plain JSONL file
   into ranges of ``cluster.partition_lines`` lines (byte ranges that start and end on line ends,
   found by counting newlines, never parsing); other files (HTML, text, feeds, gzip'd JSONL)
   ``cluster.partition_files`` to a partition; each WARC file a partition of its own.
2. Each task (:func:`code_partition`, on a worker) reads its partition with the same readers as
   a single process (:mod:`marsad.io.sources`), runs the pipeline (built once per worker process and
   kept in a module global), and writes into the output folder ``part-00000.jsonl`` (or
   ``.parquet``): the events, in the format of ``marsad extract``'s JSONL; ``articles-00000.jsonl``:
   the coded articles (text and metadata, and how many events each has, for ``marsad ingest``);
   ``errors-00000.jsonl``: the items that could not be read or coded, as ``--errors`` writes them.
   Files are written under a temporary name and renamed, so a retried task leaves no half file.
3. When every partition is done the client writes ``manifest.json`` (partitions in order, their
   counts, the run summary): a folder without it is not a complete output.

The events of the parts, read in partition order, are those of a single-process run, in the
same order. :func:`marsad.io.output.iter_partitioned_events` reads them
(``marsad.io.output.read_events`` and ``marsad eval`` take the folder);
:func:`marsad.io.output.iter_partitioned_documents` gives back articles with their events
(``marsad ingest FOLDER`` stores them without coding again).

The workers must see the inputs and the output folder at the same paths as the client (a shared
filesystem), and have the same marsad version and gazetteer file.

The run summary is the sum of the partitions'. The warning on a duplicate article id is given
within a partition (no partition sees the ids of the others), so ``warnings`` may count fewer
articles than a single-process run; the events, errors and other counts are the same.
"""
from __future__ import annotations

import json
import os
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional, Union

from .._version import __version__
from ..document import Document, EventRecord
from ..errors import ArticleError, MarsadError
from ..io.output import LAYOUT, MANIFEST
from .runner import RunSummary, record_item

PathLike = Union[str, os.PathLike]

PART_FORMATS = ("jsonl", "parquet")


@dataclass(frozen=True)
class Partition:
    """One task's share of the inputs: whole files, or a byte range of one plain JSONL file
    (``start`` at a line start, numbered ``first_line``; ``stop`` at a line end)."""

    index: int
    files: tuple[str, ...] = ()
    path: str = ""
    start: int = 0
    stop: int = 0
    first_line: int = 1

    def describe(self) -> dict[str, Any]:
        """What the partition covers, for the manifest."""
        if self.path:
            return {"path": self.path, "start": self.start, "stop": self.stop, "first_line": self.first_line}
        return {"files": len(self.files), "first": self.files[0] if self.files else "",
                "last": self.files[-1] if self.files else ""}


def part_names(index: int, fmt: str) -> dict[str, str]:
    """File names of partition ``index`` in the output folder."""
    return {"events_file": f"part-{index:05d}.{fmt}", "articles_file": f"articles-{index:05d}.jsonl",
            "errors_file": f"errors-{index:05d}.jsonl"}


# --------------------------------------------------------------------------- partitioning


def _jsonl_ranges(path: Path, lines_per_part: int) -> Iterator[tuple[int, int, int]]:
    """(start, stop, first line) byte ranges of ``lines_per_part`` lines of a file, cut at line ends."""
    size = path.stat().st_size
    start, first_line, lines, offset = 0, 1, 0, 0
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            i = 0
            while True:
                need = lines_per_part - lines
                if block.count(b"\n", i) < need:
                    lines += block.count(b"\n", i)
                    break
                for _ in range(need):
                    i = block.index(b"\n", i) + 1
                stop = offset + i
                yield start, stop, first_line
                start, first_line, lines = stop, first_line + lines_per_part, 0
            offset += len(block)
    if start < size or size == 0:
        yield start, size, first_line


def _whole_file(path: Path) -> bool:
    """True for a JSONL file that cannot be cut by bytes: gzip'd, or UTF-16."""
    if path.name.lower().endswith(".gz"):
        return True
    try:
        with path.open("rb") as fh:
            return fh.read(2) in (b"\xff\xfe", b"\xfe\xff")
    except OSError:
        return True


def plan_partitions(inputs: Iterable[PathLike], *, partition_lines: int = 20000, partition_files: int = 500,
                    exclude_dir: Optional[PathLike] = None) -> Iterator[Partition]:
    """The partitions of ``inputs`` (files, folders, glob patterns), in input order, lazily.

    Paths are made absolute (workers may run elsewhere); files under ``exclude_dir`` (the run's
    output folder) are left out. Standard input cannot be sent to a cluster: a MarsadError.
    """
    from ..io.sources import STDIN, expand_paths, file_kind

    if partition_lines < 1 or partition_files < 1:
        raise MarsadError("cluster.partition_lines and cluster.partition_files must be 1 or more")
    skip = Path(exclude_dir).resolve() if exclude_dir else None
    index = 0
    group: list[str] = []
    for path in expand_paths(inputs):
        if str(path) == STDIN:
            raise MarsadError("standard input (-) cannot be read by a cluster: give files")
        path = path.absolute()
        if skip is not None and skip in path.resolve().parents:
            continue
        kind = file_kind(path) if path.exists() else None
        if kind == "jsonl" and not _whole_file(path) or kind == "warc":
            if group:
                yield Partition(index, tuple(group))
                index, group = index + 1, []
            if kind == "warc":
                yield Partition(index, (str(path),))
                index += 1
                continue
            for start, stop, first_line in _jsonl_ranges(path, partition_lines):
                yield Partition(index, path=str(path), start=start, stop=stop, first_line=first_line)
                index += 1
            continue
        group.append(str(path))
        if len(group) >= partition_files:
            yield Partition(index, tuple(group))
            index, group = index + 1, []
    if group:
        yield Partition(index, tuple(group))


# --------------------------------------------------------------------------- worker side

_PIPELINES: dict[str, Any] = {}
_PIPELINES_LOCK = threading.Lock()


def worker_pipeline(settings: Mapping[str, Mapping[str, Any]]) -> Any:
    """The pipeline for ``settings`` in this process, built once (a worker's gazetteer and
    dictionaries load once, whatever the number of tasks it runs)."""
    key = json.dumps(settings, sort_keys=True, default=str)
    with _PIPELINES_LOCK:
        nlp = _PIPELINES.get(key)
        if nlp is None:
            from .parallel import warm_up
            from ..pipeline import Pipeline

            nlp = _PIPELINES[key] = Pipeline(settings)
            warm_up(nlp)
    return nlp


class ParquetEventWriter:
    """Writes event records to a Parquet file in row groups (the columns of marsad's JSONL;
    ``evidence_spans`` as JSON text); the same ``write``/``count``/``close`` as EventWriter."""

    def __init__(self, path: PathLike, batch_rows: int = 2000):
        import pyarrow.parquet as pq

        self.count = 0
        self._rows: list[dict[str, Any]] = []
        self._batch = batch_rows
        self._schema = parquet_schema()
        self._writer = pq.ParquetWriter(str(path), self._schema)

    def write(self, event: EventRecord, *, source: str = "", url: str = "") -> None:
        from ..io.output import event_row

        row = event_row(event)
        row["evidence_spans"] = json.dumps(row["evidence_spans"])
        self._rows.append(row)
        self.count += 1
        if len(self._rows) >= self._batch:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=self._schema))
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()

    def __enter__(self) -> "ParquetEventWriter":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def parquet_schema():
    """The Arrow schema of an events part: one column per JSONL key, typed as EventRecord's fields."""
    import typing

    import pyarrow as pa

    from ..io.output import ROW_FIELDS

    hints = typing.get_type_hints(EventRecord)
    kinds = {int: pa.int64(), float: pa.float64(), str: pa.string()}
    return pa.schema([(name, kinds.get(hints[name], pa.string())) for name in ROW_FIELDS])


def _partition_items(partition: Partition, settings: Mapping[str, Mapping[str, Any]],
                     published: Optional[date]) -> Iterator[Any]:
    from ..io.ingest import IngestOptions
    from ..io.sources import DuplicateIds, iter_read_tasks, jsonl_range_items, load_item

    options = IngestOptions.from_settings(settings)
    units = (jsonl_range_items(partition.path, partition.start, partition.stop, partition.first_line, published, options)
             if partition.path else iter_read_tasks(partition.files, published, options=options))
    duplicates = DuplicateIds()
    for unit in units:
        for item in load_item(unit):
            duplicates.check(item)
            yield item


def article_row(doc: Document, events: int) -> dict[str, Any]:
    """A coded article as a row of an ``articles-*.jsonl`` file."""
    return {"id": doc.id, "published": doc.published.isoformat() if doc.published else "", "title": doc.title,
            "url": doc.url, "outlet": doc.outlet, "source": doc.source, "text": doc.text,
            "warnings": doc.warnings, "events": events}


def code_partition(partition: Partition, out_dir: str, fmt: str, settings: Mapping[str, Mapping[str, Any]],
                   published: Optional[date] = None) -> dict[str, Any]:
    """Read, code and write one partition (a Dask task; runs in a worker). Returns its summary."""
    started = time.perf_counter()
    nlp = worker_pipeline(settings)
    keep_undated = bool((settings.get("output") or {}).get("keep_undated", True))
    names = part_names(partition.index, fmt)
    folder = Path(out_dir)
    tmp = {key: folder / f".{name}.tmp-{os.getpid()}" for key, name in names.items()}
    summary = RunSummary()
    try:
        if fmt == "parquet":
            writer: Any = ParquetEventWriter(tmp["events_file"])
        else:
            from ..io.output import EventWriter

            writer = EventWriter(tmp["events_file"], "jsonl")
        with writer, tmp["articles_file"].open("w", encoding="utf-8") as articles, \
                tmp["errors_file"].open("w", encoding="utf-8") as errors:
            for item in nlp.pipe(_partition_items(partition, settings, published)):
                written = record_item(item, summary, writer, keep_undated=keep_undated, errors_out=errors)
                if not isinstance(item, ArticleError):
                    articles.write(json.dumps(article_row(item, written), ensure_ascii=False) + "\n")
        for key, name in names.items():
            os.replace(tmp[key], folder / name)
    finally:
        for path in tmp.values():
            if path.exists():
                path.unlink()
    summary.seconds = time.perf_counter() - started
    return {"index": partition.index, **names, "input": partition.describe(), **summary.to_dict(),
            "worker_pid": os.getpid()}


# --------------------------------------------------------------------------- client side


@dataclass(frozen=True)
class ClusterOptions:
    """The ``[cluster]`` settings section."""

    partition_lines: int = 20000
    partition_files: int = 500
    format: str = "jsonl"
    local_workers: int = 0

    @classmethod
    def from_settings(cls, settings: Optional[Mapping[str, Mapping[str, Any]]], **overrides: Any) -> "ClusterOptions":
        section = dict((settings or {}).get("cluster") or {})
        values = {k: v for k, v in section.items() if k in cls.__dataclass_fields__}
        values.update({k: v for k, v in overrides.items() if v is not None})
        options = cls(**values)
        if options.format not in PART_FORMATS:
            raise MarsadError(f"unknown partition format {options.format!r}: use jsonl or parquet")
        return options


def _clear_output(folder: Path) -> None:
    """Remove what an earlier run left in the output folder (only marsad's own files)."""
    for pattern in (MANIFEST, "part-*.jsonl", "part-*.parquet", "articles-*.jsonl", "errors-*.jsonl", ".*.tmp-*"):
        for path in folder.glob(pattern):
            path.unlink()


def connect(scheduler: str, local_workers: int = 0):
    """A Dask client: ``local`` starts a LocalCluster of worker processes (one thread each: the
    pipeline is pure Python), anything else is a scheduler address (``tcp://host:8786``).
    Returns (client, cluster or None); close both."""
    from distributed import Client, LocalCluster

    if scheduler == "local":
        from .parallel import available_cores

        cluster = LocalCluster(n_workers=local_workers or available_cores(), threads_per_worker=1, processes=True,
                               dashboard_address=":0")
        return Client(cluster), cluster
    try:
        return Client(scheduler, timeout="20s"), None
    except (OSError, TimeoutError) as exc:
        raise MarsadError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc


def extract_on_dask(
    inputs: Iterable[PathLike],
    out_dir: PathLike,
    *,
    scheduler: str = "local",
    settings: Optional[Mapping[str, Mapping[str, Any]]] = None,
    published: Union[str, date, None] = None,
    fmt: Optional[str] = None,
    errors_out: Optional[PathLike] = None,
    client: Any = None,
    on_partition: Optional[Callable[[dict[str, Any]], None]] = None,
) -> RunSummary:
    """Code ``inputs`` on a Dask cluster and write a partitioned output folder ``out_dir``.

    ``scheduler``: ``local`` (a LocalCluster on this machine, ``cluster.local_workers``
    processes) or a scheduler address; ``client``: an open ``distributed.Client`` to use instead.
    ``fmt``: ``jsonl`` or ``parquet`` (default: setting ``cluster.format``). Returns the run's
    summary (the sum of the partitions'); ``on_partition`` sees each partition's summary as it
    finishes. Per-article errors are counted (and written to ``errors_out`` when given, in
    partition order); a task that fails as a whole stops the run with a MarsadError.
    """
    from distributed import as_completed

    from .runner import resolve_published
    from ..settings import load_settings

    started = time.perf_counter()
    settings = settings if settings is not None else load_settings()
    if (settings.get("gazetteer") or {}).get("path"):  # workers may run in another folder
        settings = {**settings, "gazetteer": {**settings["gazetteer"],
                                              "path": str(Path(settings["gazetteer"]["path"]).absolute())}}
    options = ClusterOptions.from_settings(settings, format=fmt)
    default_published = resolve_published(
        published if published not in (None, "") else (settings.get("extract") or {}).get("published"))
    folder = Path(out_dir).absolute()
    if folder.exists() and not folder.is_dir():
        raise MarsadError(f"--out {out_dir} is a file: a cluster run writes a folder of partitions")
    if not folder.parent.is_dir():
        raise MarsadError(f"cannot write {out_dir}: folder {folder.parent} does not exist")
    folder.mkdir(exist_ok=True)
    _clear_output(folder)
    partitions = plan_partitions(inputs, partition_lines=options.partition_lines,
                                 partition_files=options.partition_files, exclude_dir=folder)
    own_client = client is None
    cluster = None
    if own_client:
        client, cluster = connect(scheduler, options.local_workers)
    results: dict[int, dict[str, Any]] = {}
    try:
        slots = max(2, 3 * sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()))
        running = as_completed()
        submitted: dict[str, Partition] = {}  # task key -> partition, to name one that fails
        for _ in range(slots):
            if not _submit_next(client, running, partitions, folder, options.format, settings, default_published,
                                submitted):
                break
        for future in running:
            try:
                result = future.result()
            except Exception as exc:
                part = submitted.get(future.key)
                where = f"partition {part.index} ({json.dumps(part.describe(), ensure_ascii=False)})" if part else "a partition"
                raise MarsadError(f"{where} failed: {type(exc).__name__}: {exc}") from exc
            submitted.pop(future.key, None)
            results[result["index"]] = result
            if on_partition is not None:
                on_partition(result)
            _submit_next(client, running, partitions, folder, options.format, settings, default_published, submitted)
    finally:
        if own_client:
            client.close()
            if cluster is not None:
                cluster.close()
    ordered = [results[i] for i in sorted(results)]
    summary = _sum(ordered, str(folder))
    if errors_out is not None:
        with Path(errors_out).open("w", encoding="utf-8") as fh:
            for part in ordered:
                with (folder / part["errors_file"]).open(encoding="utf-8") as errors:
                    for line in errors:
                        fh.write(line)
    summary.seconds = time.perf_counter() - started
    manifest = {"layout": LAYOUT, "marsad_version": __version__, "format": options.format,
                "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "summary": summary.to_dict(), "partitions": ordered}
    tmp = folder / f".{MANIFEST}.tmp-{os.getpid()}"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, folder / MANIFEST)
    return summary


def _submit_next(client, running, partitions: Iterator[Partition], folder: Path, fmt: str, settings, published,
                 submitted: dict[str, Partition]) -> bool:
    partition = next(partitions, None)
    if partition is None:
        return False
    future = client.submit(code_partition, partition, str(folder), fmt, settings, published,
                           key=f"marsad-partition-{partition.index:05d}-{uuid.uuid4().hex[:8]}")
    submitted[future.key] = partition
    running.add(future)
    return True


def _sum(parts: list[dict[str, Any]], out: str) -> RunSummary:
    summary = RunSummary(out=out)
    for part in parts:
        for name in ("articles_read", "articles_coded", "articles_with_events", "events_written",
                     "events_skipped_undated", "warnings"):
            setattr(summary, name, getattr(summary, name) + part[name])
        summary.errors.update(part["errors"])
    return summary


__all__ = [
    "ClusterOptions",
    "ParquetEventWriter",
    "Partition",
    "code_partition",
    "connect",
    "extract_on_dask",
    "plan_partitions",
    "worker_pipeline",
]
