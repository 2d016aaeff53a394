"""Coding on several processes of one machine, with the output of one process, in input order.

:func:`code_inputs` is what ``marsad extract --workers N`` and ``marsad ingest --workers N`` run.
With one worker it is ``Pipeline.pipe(read_inputs(...))``. With N it is a process pool:

- the main process walks the inputs (folders, JSONL lines, WARC records; see
  :func:`marsad.io.sources.iter_read_tasks`) and sends them in chunks of ``chunk_size`` items;
- each worker process builds the :class:`~marsad.pipeline.Pipeline` once (its initializer: the
  gazetteer and dictionaries load once per process), does the expensive reading (decoding, HTML
  extraction) and the coding, and sends back slim documents (the article and its events, not
  the analysis spans);
- results are yielded in input order; at most ``workers * prefetch`` chunks are in flight, so
  memory stays flat whatever the corpus size.

A per-article error is an :class:`~marsad.errors.ArticleError` in its place in the stream,
exactly as with one process; the duplicate-id warnings are added in the main process, in order.

Start method: ``fork`` when the main process runs no other thread (workers then inherit the
loaded pipeline at no cost), else ``forkserver`` (a progress bar's thread must not be forked).
Setting ``parallel.start_method`` forces one.
"""
from __future__ import annotations

import contextlib
import gc
import os
import sys
import threading
from collections import deque
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional, Union

from ..document import Article, Document
from ..errors import ArticleError, MarsadError

Item = Union[Document, ArticleError]

#: Modules a forkserver imports once, before forking workers (they then start faster).
PRELOAD = ["marsad.pipeline", "marsad.io.sources", "marsad.pipeline.normalize", "marsad.pipeline.sentences",
           "marsad.pipeline.dates", "marsad.pipeline.numbers", "marsad.pipeline.fatalities", "marsad.pipeline.places",
           "marsad.pipeline.actors", "marsad.pipeline.triggers", "marsad.pipeline.events", "marsad.gazetteer",
           "trafilatura"]

#: An article coded once when a worker starts, so that every resource is loaded before work comes.
WARMUP_TEXT = "قتل خمسة مدنيين وأصيب آخرون في قصف مدفعي على مدينة حلب أمس الاثنين، بحسب المرصد السوري."


@dataclass(frozen=True)
class ParallelOptions:
    """How to spread work over processes (the ``[parallel]`` settings section)."""

    workers: int = 1
    chunk_size: int = 16  # input items per task sent to a worker
    prefetch: int = 3  # chunks in flight per worker (bounds memory)
    start_method: str = "auto"  # auto, fork, forkserver or spawn
    young_gc_threshold: int = 10000  # allocations between young collections while coding (0: Python's)

    @classmethod
    def from_settings(cls, settings: Optional[Mapping[str, Mapping[str, Any]]], **overrides: Any) -> "ParallelOptions":
        """Options from settings; ``overrides`` that are not None win (command-line flags)."""
        section = dict((settings or {}).get("parallel") or {})
        values = {k: v for k, v in section.items() if k in cls.__dataclass_fields__}
        values.update({k: v for k, v in overrides.items() if v is not None})
        options = cls(**values)
        if options.workers < 1:
            raise MarsadError(f"workers must be 1 or more, got {options.workers}")
        if options.chunk_size < 1 or options.prefetch < 1:
            raise MarsadError("parallel.chunk_size and parallel.prefetch must be 1 or more")
        if options.young_gc_threshold < 0:
            raise MarsadError("parallel.young_gc_threshold must be 0 (Python's own) or more")
        if options.start_method not in ("auto", "fork", "forkserver", "spawn"):
            raise MarsadError(f"unknown start method {options.start_method!r}: use auto, fork, forkserver or spawn")
        return options


def available_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def slim(doc: Document) -> Document:
    """The document without its analysis spans: what writing and storing need (the article,
    its events, warnings and timings), and much less to send between processes."""
    return Document(id=doc.id, text=doc.text, published=doc.published, title=doc.title, url=doc.url,
                    outlet=doc.outlet, source=doc.source, events=doc.events, warnings=doc.warnings,
                    timings=doc.timings)


# --------------------------------------------------------------------------- worker side

# The pipeline of a worker process, built once by _init_worker.
_WORKER_PIPELINE: Any = None
# The main process's pipeline, inherited by forked workers (set only while a fork pool starts).
_FORK_PIPELINE: Any = None


def warm_up(pipeline: Any) -> None:
    """Code one short article, so that the gazetteer and every dictionary are loaded now."""
    try:
        pipeline(Article(id="warmup", text=WARMUP_TEXT, published=date(2020, 1, 6)))
    except Exception:  # a stand-in pipeline may not code real text; it loads on first use then
        pass


@contextlib.contextmanager
def young_collections(threshold: int) -> Iterator[None]:
    """Collect Python's young objects every ``threshold`` allocations while the block runs (0: leave
    the collector as it is), then restore the thresholds. Coding an article makes thousands of
    short-lived objects and hardly any garbage cycles: at Python's 700 a run of the corpus collects
    some 350 times, three of them over the whole heap (the loaded gazetteer and dictionaries
    included), 4-5% of its time; at 10000, about 20 times and never over the whole heap."""
    if threshold <= 0:
        yield
        return
    before = gc.get_threshold()
    gc.set_threshold(threshold, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _init_worker(settings: Any, timings: bool, factory: Optional[Callable[..., Any]]) -> None:
    global _WORKER_PIPELINE
    # (a worker process only codes: its collector keeps the batch's threshold for good)
    threshold = ParallelOptions.from_settings(settings).young_gc_threshold
    if threshold > 0:
        gc.set_threshold(threshold, *gc.get_threshold()[1:])
    if _FORK_PIPELINE is not None:
        _WORKER_PIPELINE = _FORK_PIPELINE
        return
    if factory is not None:
        _WORKER_PIPELINE = factory(settings)
    else:
        from ..pipeline import Pipeline

        _WORKER_PIPELINE = Pipeline(settings, timings=timings)
    warm_up(_WORKER_PIPELINE)


def code_chunk(units: list[Any], pipeline: Any = None, keep_analysis: bool = False) -> list[Item]:
    """Read and code one chunk of input items (articles, errors or read tasks), in order.

    Runs in a worker (with the worker's pipeline) or anywhere with ``pipeline`` given. Never
    raises for one bad item: it becomes an ArticleError in its place.
    """
    from ..io.sources import load_item

    nlp = pipeline if pipeline is not None else _WORKER_PIPELINE
    out: list[Item] = []
    for unit in units:
        for item in nlp.pipe(load_item(unit)):
            out.append(item if keep_analysis or isinstance(item, ArticleError) else slim(item))
    return out


# --------------------------------------------------------------------------- main side


def _start_method(requested: str) -> str:
    if requested != "auto":
        return requested
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    import multiprocessing

    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def code_parallel(
    units: Iterable[Any],
    *,
    settings: Mapping[str, Mapping[str, Any]],
    options: ParallelOptions,
    pipeline: Any = None,
    pipeline_factory: Optional[Callable[..., Any]] = None,
    keep_analysis: bool = False,
) -> Iterator[Item]:
    """Code ``units`` (items of :func:`marsad.io.sources.iter_read_tasks`) on ``options.workers``
    processes; yields documents and errors in input order.

    ``pipeline``: a pipeline of this process, inherited by forked workers (else they build
    ``Pipeline(settings)``, or ``pipeline_factory(settings)``: a picklable callable).
    """
    global _FORK_PIPELINE
    # imported here: a run on one process (the common case) does not pay for them at start-up
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from ..io.sources import DuplicateIds

    method = _start_method(options.start_method)
    context = multiprocessing.get_context(method)
    timings = bool(getattr(pipeline, "timings", False))
    if method == "fork":
        if pipeline is None:
            from ..pipeline import Pipeline

            pipeline = pipeline_factory(settings) if pipeline_factory else Pipeline(settings)
        warm_up(pipeline)  # loaded once here; forked workers share it
    else:
        if method == "forkserver":
            context.set_forkserver_preload(PRELOAD)
        if pipeline is not None and pipeline_factory is None and not _rebuildable(pipeline):
            raise MarsadError(f"this pipeline cannot be rebuilt in {method} worker processes: "
                              "give a pipeline_factory or use start method fork")
    iter_units = iter(units)
    chunks = iter(lambda: list(islice(iter_units, options.chunk_size)), [])
    duplicates = DuplicateIds()
    pending: deque[Future] = deque()
    limit = options.workers * options.prefetch
    _FORK_PIPELINE = pipeline if method == "fork" else None
    executor = ProcessPoolExecutor(max_workers=options.workers, mp_context=context, initializer=_init_worker,
                                   initargs=(settings, timings, pipeline_factory))
    try:
        exhausted = False
        while True:
            while not exhausted and len(pending) < limit:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                pending.append(executor.submit(code_chunk, chunk, None, keep_analysis))
            if not pending:
                break
            try:
                results = pending.popleft().result()
            except BrokenProcessPool as exc:
                raise MarsadError(f"a worker process died ({exc}); the run stopped") from exc
            for item in results:
                duplicates.check(item)
                yield item
    finally:
        _FORK_PIPELINE = None
        executor.shutdown(wait=True, cancel_futures=True)


def _rebuildable(pipeline: Any) -> bool:
    """True when ``Pipeline(pipeline.settings)`` in a worker is the same pipeline."""
    from ..pipeline import STAGES, Pipeline

    return type(pipeline) is Pipeline and pipeline.stages == STAGES


def code_inputs(
    inputs: Iterable[Any],
    published: Optional[date] = None,
    *,
    settings: Mapping[str, Mapping[str, Any]],
    workers: Optional[int] = None,
    pipeline: Any = None,
    exclude: Iterable[Any] = (),
    keep_analysis: bool = False,
) -> Iterator[Item]:
    """Read ``inputs`` (files, folders, patterns, ``-``) and code every article: documents and
    errors in input order, on ``workers`` processes (default: setting ``parallel.workers``).

    With one worker the documents are whole; with more they are :func:`slim` unless
    ``keep_analysis``. The events are the same either way.
    """
    from ..io.ingest import IngestOptions
    from ..io.sources import read_inputs

    options = ParallelOptions.from_settings(settings, workers=workers)
    if options.workers == 1:
        from ..pipeline import Pipeline

        nlp = pipeline if pipeline is not None else Pipeline(settings)
        yield from nlp.pipe(read_inputs(inputs, published, settings=settings, exclude=exclude))
        return
    from ..io.sources import iter_read_tasks

    units = iter_read_tasks(inputs, published, options=IngestOptions.from_settings(settings), exclude=exclude)
    yield from code_parallel(units, settings=settings, options=options, pipeline=pipeline,
                             keep_analysis=keep_analysis)


__all__ = ["ParallelOptions", "available_cores", "code_chunk", "code_inputs", "code_parallel", "slim", "warm_up"]
