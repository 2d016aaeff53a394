"""Batch ingest into the event store: read inputs, code them (in worker processes when asked)
and store every article with its events (``marsad ingest``).

The store (:mod:`marsad.store.database`) keeps what it is given; this runner reads and codes,
like ``marsad extract`` does (:mod:`marsad.run.runner`, :mod:`marsad.run.parallel`), and hands
each document to :meth:`~marsad.store.database.Store.add_document` in input order.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Optional, Union

from ..bounds import BoundsError
from ..errors import ArticleError
from ..io.output import is_partitioned_output, iter_partitioned_documents
from ..settings import load_settings
from ..io.sources import path_id
from ..store import IngestResult, NotFoundError, Store
from .parallel import code_inputs
from .runner import error_kind, resolve_published


@dataclass
class IngestSummary:
    """What :func:`ingest_files` did: articles by outcome, events stored, errors by kind."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    events: int = 0
    orphaned_reviews: int = 0
    reattached: int = 0  # reviews moved to the same record coded again (marsad.store.identity)
    events_refused: int = 0  # events left out: a value out of bounds (marsad.bounds)
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def line(self) -> str:
        """The summary as one line for people."""
        text = (f"articles: {self.added} added, {self.replaced} replaced, {self.unchanged} unchanged; "
                f"events stored {self.events}")
        if self.events_refused:
            text += f"; events left out (a date or toll out of bounds) {self.events_refused}"
        if self.reattached:
            text += f"; reviews moved to their record coded again: {self.reattached}"
        if self.orphaned_reviews:
            text += f"; reviews of events no longer extracted: {self.orphaned_reviews} (kept, see 'marsad reviews --orphaned')"
        if self.errors:
            text += "; errors " + ", ".join(f"{kind} {n}" for kind, n in self.errors.items())
        return text


def ingest_files(
    store: Store,
    inputs: Iterable[Union[str, Path]],
    *,
    settings: Optional[Mapping[str, Mapping[str, Any]]] = None,
    published: Union[str, date, None] = None,
    pipeline: Any = None,
    on_item: Optional[Callable[[Any, Optional[IngestResult]], None]] = None,
    workers: Optional[int] = None,
) -> IngestSummary:
    """Read ``inputs`` (files or folders, as ``marsad extract`` reads them), run the pipeline on
    every article and store it with its events.

    ``workers`` processes code the articles (default: setting ``parallel.workers``); the store
    is written by this process, in input order. An input that is the output folder of
    ``marsad extract --dask`` is stored as it was coded there, without coding it again.

    ``published`` (else the ``extract.published`` setting) dates articles that carry no date.
    An article that cannot be read or coded is counted by error kind and the batch goes on;
    ``on_item(item, result)`` sees every document (with its :class:`IngestResult`) or
    :class:`~marsad.errors.ArticleError` (with ``None``) as it comes.
    """
    if settings is None:
        settings = pipeline.settings if pipeline is not None else load_settings()
    default_published = resolve_published(
        published if published not in (None, "") else settings.get("extract", {}).get("published")
    )
    # Folders coded on a cluster are stored as they are; runs of other inputs are coded here, in order.
    items = itertools.chain.from_iterable(
        (iter_partitioned_documents(group[0]) if coded else
         code_inputs(group, default_published, settings=settings, workers=workers, pipeline=pipeline))
        for coded, runs in itertools.groupby(inputs, key=is_partitioned_output)
        for group in ([[p] for p in runs] if coded else [list(runs)])
    )
    return store_items(store, items, on_item=on_item)


FILE_SUFFIXES = (".txt", ".html", ".htm")


def own_file_id(store: Store, doc: Any) -> None:
    """Give a document read from a ``.txt``/``.html`` file an id of its own when the store holds
    another file's article under its id (``a/news.txt`` stored, now ``b/news.txt``): the
    path-based id of :func:`marsad.io.sources.path_id`, with a warning. The store keeps the
    file's absolute path as the article's source, to tell the two apart in later runs."""
    source = getattr(doc, "source", "") or ""
    if not source.lower().endswith(FILE_SUFFIXES) or "://" in source:
        return
    resolved = str(Path(source).expanduser().resolve())
    doc.source = resolved
    try:
        old = store.article(doc.id)
    except NotFoundError:
        return
    old_source = old.source or ""
    if not old_source.lower().endswith(FILE_SUFFIXES) or str(Path(old_source).expanduser().resolve()) == resolved:
        return
    new = path_id(resolved)
    doc.warnings.append(f"duplicate article id {doc.id!r}: the store holds another file's article ({old_source}) "
                        f"under it; this one is {new!r} (from its path)")
    doc.id = new
    for event in getattr(doc, "events", ()):
        event.article_id = new


def store_items(
    store: Store,
    items: Iterable[Any],
    *,
    on_item: Optional[Callable[[Any, Optional[IngestResult]], None]] = None,
    summary: Optional[IngestSummary] = None,
    who: str = "ingest",
) -> IngestSummary:
    """Store coded documents (and count the :class:`~marsad.errors.ArticleError` among them) in
    order: what :func:`ingest_files` and the live watcher (:mod:`marsad.run.watch`) both do.
    ``who`` names the changes in the history (``ingest``, ``recode``)."""
    summary = summary if summary is not None else IngestSummary()
    for item in items:
        result = None
        if not isinstance(item, ArticleError):
            try:
                if who == "ingest":
                    own_file_id(store, item)
                result = store.add_article(item, item.events, who=who)
            except BoundsError as exc:  # refused by the store (a date out of bounds): this item's error
                item = ArticleError(item.id, getattr(item, "source", "") or "", str(exc))
        if isinstance(item, ArticleError):
            kind = error_kind(item)
            summary.errors[kind] = summary.errors.get(kind, 0) + 1
        else:
            assert result is not None
            setattr(summary, result.status, getattr(summary, result.status) + 1)
            summary.events += result.events
            summary.orphaned_reviews += result.orphaned_reviews
            summary.reattached += result.reattached
            summary.events_refused += len(result.refused)
            for reason in result.refused + result.notes:
                if reason not in item.warnings:
                    item.warnings.append(reason)
        if on_item is not None:
            on_item(item, result)
    return summary


def stored_articles(store: Store, article_ids: Optional[Iterable[str]] = None) -> Iterable[Any]:
    """The stored articles (all, in ingest order, or these) as :class:`~marsad.document.Article`
    objects to code again."""
    from ..document import Article, parse_date

    ids = list(article_ids) if article_ids is not None else store.article_ids()
    for article_id in ids:
        a = store.article(article_id)
        yield Article(id=a.id, text=a.text, published=parse_date(a.published), title=a.title, url=a.url,
                      outlet=a.outlet, source=a.source)


def recode_store(
    store: Store,
    *,
    settings: Optional[Mapping[str, Mapping[str, Any]]] = None,
    pipeline: Any = None,
    article_ids: Optional[Iterable[str]] = None,
    on_item: Optional[Callable[[Any, Optional[IngestResult]], None]] = None,
    workers: Optional[int] = None,
) -> IngestSummary:
    """Code every stored article (or those of ``article_ids``) again with the current coder and
    store the records (``marsad recode``): an article whose records are the same is unchanged;
    the reviews of a record that changed its id move to it (:mod:`marsad.store.identity`), and
    those that cannot be placed are counted (``orphaned_reviews``) and listed by
    :meth:`Store.reviews`. Texts are not read again: the stored text is coded."""
    from .parallel import ParallelOptions, code_parallel

    if settings is None:
        settings = pipeline.settings if pipeline is not None else load_settings()
    articles = stored_articles(store, article_ids)
    options = ParallelOptions.from_settings(settings, workers=workers)
    if pipeline is not None or options.workers == 1:
        if pipeline is None:
            from ..pipeline import Pipeline

            pipeline = Pipeline(settings)
        items = pipeline.pipe(articles)
    else:
        items = code_parallel(articles, settings=settings, options=options)
    return store_items(store, _as_recoded(items), on_item=on_item, who="recode")


def _as_recoded(items: Iterable[Any]) -> Iterable[Any]:
    for item in items:
        if not isinstance(item, ArticleError):
            item.warnings[:] = [w for w in item.warnings if not w.startswith("duplicate article id")]
        yield item
