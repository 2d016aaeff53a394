"""Batch runs: read inputs, run the pipeline, write events as they come, count what happened.

:func:`extract_to_file` is what ``marsad extract`` does, as a library function that other front
ends reuse; the CLI adds only the progress bar and the printing (through ``on_item``).
"""
from __future__ import annotations

import json
import os
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Mapping, Optional, Union

from ..bounds import BoundsError, check_date, events_in_bounds, strict_iso_date
from ..document import Document
from ..errors import ArticleError, MarsadError
from ..io.ingest import SUPPORTED_SUFFIXES
from ..io.sources import expand_paths
from ..io.output import EventWriter, output_format
from ..text import escape_lone_surrogates

PathLike = Union[str, os.PathLike]

#: Error kind of an article that was read but that the pipeline failed on (see Pipeline.pipe).
PIPELINE_FAILED = "pipeline failed"


def error_kind(error: ArticleError) -> str:
    """The kind of an error, what summaries count: its reason up to the first colon
    (``"no Arabic text"``, ``"not JSON"``, ``"too large"``, ``"pipeline failed"``, ...)."""
    return error.reason.split(":", 1)[0].strip() or "error"


@dataclass
class RunSummary:
    """What a batch run did."""

    articles_read: int = 0  # articles read from the inputs (input errors not included)
    articles_coded: int = 0  # articles the pipeline ran through
    articles_with_events: int = 0
    events_written: int = 0
    events_skipped_undated: int = 0  # [output] keep_undated = false
    events_left_out: int = 0  # a date or toll out of bounds (marsad.bounds), as the store leaves them out
    warnings: int = 0  # warnings on coded articles
    errors: Counter = field(default_factory=Counter)  # error kind -> count
    seconds: float = 0.0
    out: str = ""

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def items(self) -> int:
        """Input items seen: articles read plus items that could not be read."""
        return self.articles_read + self.error_count - self.errors.get(PIPELINE_FAILED, 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles_read": self.articles_read,
            "articles_coded": self.articles_coded,
            "articles_with_events": self.articles_with_events,
            "events_written": self.events_written,
            "events_skipped_undated": self.events_skipped_undated,
            "events_left_out": self.events_left_out,
            "warnings": self.warnings,
            "errors": dict(self.errors),
            "seconds": round(self.seconds, 3),
            "out": self.out,
        }

    def lines(self) -> list[str]:
        """The summary as a few lines of text for people."""
        rate = f", {self.articles_coded / self.seconds:.0f} articles/s" if self.seconds > 0 and self.articles_coded else ""
        lines = [
            f"articles read {self.articles_read}, coded {self.articles_coded}, "
            f"with events {self.articles_with_events}; events written {self.events_written}"
            + (f" -> {self.out}" if self.out else "")
            + f" ({self.seconds:.1f} s{rate})"
        ]
        if self.events_left_out:
            lines.append(f"events left out (a date or toll out of bounds) {self.events_left_out}")
        if self.events_skipped_undated:
            lines.append(f"events not written (undated articles, output.keep_undated = false): {self.events_skipped_undated}")
        if self.warnings:
            lines.append(f"articles with warnings: {self.warnings}")
        if self.errors:
            by_kind = ", ".join(f"{kind} {n}" for kind, n in self.errors.most_common())
            lines.append(f"errors {self.error_count}: {by_kind}")
        else:
            lines.append("errors 0")
        return lines


def count_items(paths: Iterable[PathLike]) -> int:
    """About how many articles the inputs hold (lines of .jsonl files, plain or gzip'd, one per
    other file), for progress bars; 0 when that cannot be known without reading the inputs
    (feeds, WARC archives, standard input). Reads .jsonl files in blocks without parsing them."""
    import gzip

    from ..io.sources import STDIN, file_kind

    total = 0
    for path in expand_paths(paths):
        kind = None if str(path) == STDIN else file_kind(path)
        if str(path) == STDIN or kind in ("feed", "warc"):
            return 0
        if kind in ("jsonl", "jsonl.gz"):
            try:
                with (gzip.open(path, "rb") if kind == "jsonl.gz" else path.open("rb")) as fh:
                    last = b"\n"
                    while block := fh.read(1 << 20):
                        total += block.count(b"\n")
                        last = block[-1:]
                    total += last != b"\n"
            except (OSError, EOFError):
                total += 1
        else:
            total += 1
    return total


def check_output_paths(inputs: Iterable[PathLike], outputs: Iterable[PathLike]) -> None:
    """Raise :class:`MarsadError` when an output file is also an input file (writing would destroy
    it before it is read) or another output (the events and the errors would overwrite each other), is
    a folder, or its folder does not exist."""
    given = {Path(p).resolve() for p in inputs if not Path(p).is_dir()}
    written: set[Path] = set()
    for out in outputs:
        out = Path(out)
        resolved = out.resolve()
        if resolved in given:
            raise MarsadError(f"output file {out} is also an input: writing it would destroy it")
        if resolved in written and not (out.exists() and not out.is_file()):  # (/dev/stdout, /dev/stderr: a tty)
            raise MarsadError(f"output file {out} is given twice (the events and the errors would overwrite "
                              f"each other)")
        written.add(resolved)
        if out.is_dir():
            raise MarsadError(f"cannot write {out}: it is a folder")
        if not resolved.parent.is_dir():
            raise MarsadError(f"cannot write {out}: folder {out.parent} does not exist")


def resolve_published(value: Union[str, date, None]) -> Optional[date]:
    """A ``--published`` value (or the ``extract.published`` setting) as a date; raises
    :class:`MarsadError` when it is not exactly ``YYYY-MM-DD`` (``01/02/2023`` is refused, not
    guessed day-first) or outside the sane window (:mod:`marsad.bounds`)."""
    if value is None or value == "":
        return None
    try:
        day = value if isinstance(value, date) else strict_iso_date(value, "publication date")
        check_date(day, "publication date")
    except BoundsError as exc:
        raise MarsadError(str(exc)) from None
    return day


#: Exit codes of ``marsad extract`` and ``marsad ingest`` (2 is a usage error, from typer).
EXIT_OK = 0
EXIT_NOTHING_READ = 1  # no input could be read (or there was none)
EXIT_USAGE = 2
EXIT_SOME_FAILED = 3  # some items could not be read or coded; the others were (--allow-errors: 0)


def exit_code(read: int, failed: int, *, allow_errors: bool = False) -> int:
    """The exit code of a run that read ``read`` articles and failed on ``failed`` items."""
    if read == 0:
        return EXIT_NOTHING_READ
    if failed and not allow_errors:
        return EXIT_SOME_FAILED
    return EXIT_OK


class WarningTally:
    """Repeated warnings said once: each kind of warning (its text with quoted names and numbers
    taken out) is shown ``show`` times, then counted; :meth:`lines` gives the counts at the end."""

    _VARIABLE = re.compile(r"'[^']*'|\"[^\"]*\"|\([^)]*\)|\d+")

    def __init__(self, show: int = 3):
        self.show = show
        self.counts: Counter = Counter()
        self.example: dict[str, str] = {}

    def kind(self, warning: str) -> str:
        return self._VARIABLE.sub("…", warning)

    def add(self, warning: str) -> bool:
        """Count ``warning``; True when it should be shown."""
        key = self.kind(warning)
        self.counts[key] += 1
        self.example.setdefault(key, warning)
        return self.counts[key] <= self.show

    def lines(self) -> list[str]:
        """One line per kind of warning that was not shown every time."""
        return [f"warning repeated {n - self.show} more time(s), not shown: {self.example[key]}"
                for key, n in self.counts.most_common() if n > self.show]


def error_row(error: ArticleError) -> dict[str, Any]:
    """An error as a row of an ``--errors`` file: ``article_id``, ``source``, ``kind``, ``reason``."""
    # (names escaped: a file name of bytes that are not UTF-8 holds lone surrogates, which no UTF-8 file takes)
    return {"article_id": escape_lone_surrogates(error.article_id), "source": escape_lone_surrogates(error.source),
            "kind": error_kind(error), "reason": escape_lone_surrogates(error.reason)}


def record_item(item: Union[Document, ArticleError], summary: RunSummary, writer: Any, *, keep_undated: bool = True,
                errors_out: Optional[IO[str]] = None) -> int:
    """Count one coded document or error in ``summary`` and write the document's events with
    ``writer`` (an :class:`~marsad.io.output.EventWriter` or anything with its ``write``); the
    error, as a JSON line, to ``errors_out`` when given. Returns the events written."""
    if isinstance(item, ArticleError):
        kind = error_kind(item)
        summary.errors[kind] += 1
        if kind == PIPELINE_FAILED:  # read, but the pipeline failed on it
            summary.articles_read += 1
        if errors_out is not None:
            errors_out.write(json.dumps(error_row(item), ensure_ascii=False) + "\n")
        return 0
    summary.articles_read += 1
    summary.articles_coded += 1
    if item.events:
        kept, refused = events_in_bounds(item.events)  # (what the store would refuse is not written either)
        if refused:
            item.events = kept
            item.warnings.extend(refused)
            summary.events_left_out += len(refused)
    summary.warnings += bool(item.warnings)
    if not item.events:
        return 0
    summary.articles_with_events += 1
    if not keep_undated and item.published is None:
        summary.events_skipped_undated += len(item.events)
        return 0
    for event in item.events:
        if not event.article_id:
            event.article_id = item.id
        writer.write(event, source=item.outlet, url=item.url)
    summary.events_written += len(item.events)
    return len(item.events)


def extract_to_file(
    inputs: Iterable[PathLike],
    out: Union[PathLike, IO[str]],
    *,
    settings: Optional[Mapping[str, Mapping[str, Any]]] = None,
    published: Union[str, date, None] = None,
    fmt: Optional[str] = None,
    errors_out: Optional[PathLike] = None,
    pipeline: Any = None,
    on_item: Optional[Callable[[Union[Document, ArticleError]], None]] = None,
    workers: Optional[int] = None,
) -> RunSummary:
    """Read ``inputs`` (files, folders, glob patterns, ``-``), code every article, write its events to ``out``.

    ``published`` (else ``settings["extract"]["published"]``) is the date of articles that carry
    none. Per-article errors are counted (and written as JSONL to ``errors_out`` when given) and
    the batch goes on. ``on_item`` is called with every document or error as it comes (progress
    bars, printing). The output format is checked before any input is read: an unknown one
    raises :class:`marsad.io.output.OutputFormatError`; so does a bad ``published`` value
    (:class:`MarsadError`). ``workers`` (default: setting ``parallel.workers``) processes code
    the articles, with the same output in the same order (:func:`marsad.run.parallel.code_inputs`).
    """
    from .parallel import ParallelOptions, code_inputs, young_collections
    from ..settings import load_settings

    started = time.perf_counter()
    inputs = list(inputs)
    if not hasattr(out, "write"):
        output_format(out, fmt)  # an unknown format fails here, before any work
    own_files = [Path(p) for p in (out, errors_out) if p is not None and not hasattr(p, "write")]
    check_output_paths(inputs, own_files)
    if settings is None:
        settings = pipeline.settings if pipeline is not None else load_settings()
    default_published = resolve_published(
        published if published not in (None, "") else (settings.get("extract") or {}).get("published")
    )
    keep_undated = bool((settings.get("output") or {}).get("keep_undated", True))
    summary = RunSummary(out=str(getattr(out, "name", "")) if hasattr(out, "write") else str(out))
    young_threshold = ParallelOptions.from_settings(settings).young_gc_threshold
    errors_fh = Path(errors_out).open("w", encoding="utf-8") if errors_out else None
    try:
        with EventWriter(out, fmt) as writer, young_collections(young_threshold):
            for item in code_inputs(inputs, default_published, settings=settings, workers=workers,
                                    pipeline=pipeline, exclude=own_files):
                record_item(item, summary, writer, keep_undated=keep_undated, errors_out=errors_fh)
                if on_item is not None:
                    on_item(item)
            summary.events_written = writer.count
    finally:
        if errors_fh is not None:
            errors_fh.close()
        summary.seconds = time.perf_counter() - started
    return summary


__all__ = [
    "RunSummary",
    "SUPPORTED_SUFFIXES",
    "check_output_paths",
    "count_items",
    "error_kind",
    "error_row",
    "extract_to_file",
    "record_item",
    "resolve_published",
]
