"""The pipeline: the stages, in order, and the runner.

Each stage is a small function ``stage(doc, res) -> doc`` that reads what earlier stages
added to the :class:`~marsad.document.Document` and adds its own spans. ``STAGES`` lists them
in order with what each needs and adds; :func:`check_stages` verifies the order at import.
``res`` is the run's :class:`Resources` (settings and the gazetteer, loaded once per process).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional, Union

from .._version import __version__
from ..document import Article, Document, EventRecord, parse_date
from ..errors import ArticleError, MarsadError
from ..settings import load_settings

StageFunc = Callable[[Document, "Resources"], Document]


@dataclass(frozen=True)
class Stage:
    name: str
    func: StageFunc
    needs: tuple[str, ...]
    adds: tuple[str, ...]
    doc: str


def _normalize(doc: Document, res: "Resources") -> Document:
    from .normalize import normalize

    result = normalize(doc.text)
    doc.norm, doc.norm_offsets, doc.norm_inverse = result.norm, result.offsets, result.inverse
    return doc


def join_document_scan() -> None:
    """The dictionaries that the stages run over the whole folded article (date and number anchors,
    actor and trigger lexicons, death words) join one Aho-Corasick pass per article (:class:`.lexicon.TextScan`):
    the same hits, for a third of the scanning. Done when a pipeline with the normalize stage is built;
    each dictionary joins once (a second call changes nothing), so no flag is kept."""
    from .actors import actor_matcher
    from .dates import date_lexicon
    from .fatalities import join_death_scan
    from .lexicon import DOCUMENT_SCAN
    from .numbers import number_lexicon
    from .triggers import trigger_matcher

    date_lexicon().finder.join(DOCUMENT_SCAN)
    number_lexicon().finder.join(DOCUMENT_SCAN)
    actor_matcher().join(DOCUMENT_SCAN)
    trigger_matcher().join(DOCUMENT_SCAN)
    join_death_scan(DOCUMENT_SCAN)


def _lazy(module: str, name: str) -> StageFunc:
    """A stage function imported on first use (keeps ``import marsad`` fast). Its loader (in
    :data:`_LAZY_LOADERS`) gives the function itself, which a :class:`Pipeline` calls directly once it has run (a call less per stage
    and article)."""
    cache: dict[str, StageFunc] = {}

    def load() -> StageFunc:
        func = cache.get("f")
        if func is None:
            import importlib

            func = cache["f"] = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        return func

    def run(doc: Document, res: "Resources") -> Document:
        return load()(doc, res)

    run.__name__ = f"{module}.{name}"
    _LAZY_LOADERS[run] = load
    return run


#: The stage functions made by :func:`_lazy`, each with the ``load`` that gives the function it stands
#: for (a table of our own, not an attribute: a caller's stage object may well have a ``load`` method)
_LAZY_LOADERS: dict[StageFunc, Callable[[], StageFunc]] = {}


def _stage_function(stage: Stage) -> StageFunc:
    """What running ``stage`` calls: the function a :func:`_lazy` one stands for (imported now), else its own."""
    load = _LAZY_LOADERS.get(stage.func)
    return load() if load is not None else stage.func


# Fields an Article provides before any stage runs.
ARTICLE_FIELDS = ("text", "published", "title")

STAGES: tuple[Stage, ...] = (
    Stage("normalize", _normalize, ("text",), ("norm",), "fold Arabic for matching, keep offsets"),
    Stage("sentences", _lazy("sentences", "split_sentences"), ("norm",), ("sentences",), "sentence spans"),
    Stage("dates", _lazy("dates", "find_dates"), ("sentences", "published"), ("dates",),
          "temporal expressions resolved against the publication date"),
    Stage("numbers", _lazy("numbers", "find_numbers"), ("norm",), ("numbers",), "numbers in digits and words"),
    Stage("places", _lazy("places", "find_places"), ("sentences",), ("places",),
          "gazetteer places with precision; datelines marked"),
    Stage("actors", _lazy("actors", "find_actors"), ("norm",), ("actors",), "organised actors from the actor lexicon"),
    Stage("triggers", _lazy("triggers", "find_triggers"), ("norm",), ("triggers",),
          "event trigger words and patterns with their sub-event type"),
    Stage("fatalities", _lazy("fatalities", "find_fatalities"), ("numbers", "sentences"), ("fatalities",),
          "death counts"),
    Stage("events", _lazy("events", "build_events"),
          ("sentences", "dates", "places", "actors", "triggers", "fatalities"), ("events",),
          "atomic event records with evidence"),
)


def check_stages(stages: Iterable[Stage]) -> None:
    """Raise if a stage needs something that no earlier stage (or the article) adds."""
    have = set(ARTICLE_FIELDS)
    for stage in stages:
        missing = set(stage.needs) - have
        if missing:
            raise MarsadError(f"stage {stage.name!r} needs {sorted(missing)}, which no earlier stage adds")
        have.update(stage.adds)


check_stages(STAGES)


class Resources:
    """What stages share within a process: settings and the gazetteer (loaded on first use)."""

    def __init__(self, settings: Mapping[str, Mapping[str, Any]], gazetteer: Any = None):
        self.settings = settings
        if gazetteer is not None:
            self.__dict__["gazetteer"] = gazetteer

    @cached_property
    def gazetteer(self):
        from ..gazetteer import load_gazetteer

        return load_gazetteer(self.settings["gazetteer"]["path"] or None)


class Pipeline:
    """Turns articles into documents with events.

    >>> nlp = Pipeline()
    >>> doc = nlp(Article(id="a1", text="...", published=date(2023, 1, 25)))
    >>> doc.events
    """

    def __init__(
        self,
        settings: Optional[Mapping[str, Mapping[str, Any]]] = None,
        *,
        gazetteer: Any = None,
        stages: tuple[Stage, ...] = STAGES,
        timings: bool = False,
    ):
        check_stages(stages)
        if any(stage.func is _normalize for stage in stages):
            join_document_scan()
        self.settings = settings if settings is not None else load_settings()
        self.resources = Resources(self.settings, gazetteer)
        self.stages = stages
        self.timings = timings
        self.version = __version__
        self._known: tuple = (None, ())  # (the stages, what _functions gives for them)

    def __call__(self, article: Union[Article, str], published=None) -> Document:
        """Run every stage on one article (or a bare text) and return its document."""
        if isinstance(article, str):
            article = Article(id="text", text=article, published=published)
        elif published is not None and article.published is None:
            article.published = published
        doc = Document.from_article(article)
        if doc.published is not None and type(doc.published) is not date:
            # a datetime, or a text ("2023-01-25"): the day it names (parse_date), else none, said
            day = parse_date(doc.published) if isinstance(doc.published, (str, date)) else None
            if day is None:
                doc.warnings.append(f"unreadable publication date {str(doc.published)[:40]!r}: ignored")
            doc.published = day
        if doc.published is None and not any(w.startswith("no publication date") for w in doc.warnings):
            # (ingest already warns for the articles it reads; say it once)
            doc.warnings.append(
                "no publication date: relative dates ('اليوم', weekdays, day-month without year) "
                "cannot be resolved; events get time_precision 3 or are left out"
            )
        resources = self.resources
        timings = self.timings
        for stage, func in self._functions():
            t0 = time.perf_counter() if timings else 0.0
            result = func(doc, resources)
            if not isinstance(result, Document):
                raise MarsadError(f"stage {stage.name!r} returned {type(result).__name__}, not a Document")
            doc = result
            if timings:
                doc.timings[stage.name] = time.perf_counter() - t0
        for event in doc.events:
            event.pipeline_version = self.version
        return doc

    @property
    def stages(self) -> tuple[Stage, ...]:
        """The stages this pipeline runs, in order (a tuple: set a new sequence to change them)."""
        return self._stages

    @stages.setter
    def stages(self, stages: Iterable[Stage]) -> None:
        # kept as a tuple, so that the functions worked out for them (_functions) cannot go stale
        # through a list changed in place
        self._stages = tuple(stages)

    def _functions(self) -> tuple[tuple[Stage, StageFunc], ...]:
        """Each stage with the function that runs it (see :func:`_stage_function`), worked out on the
        first article (not when the pipeline is built: the stages' modules load on first use) and again
        whenever ``self.stages`` is replaced."""
        known = self._known
        if known[0] is not self.stages:
            known = self._known = (self.stages, tuple((stage, _stage_function(stage)) for stage in self.stages))
        return known[1]

    def pipe(self, items: Iterable[Union[Article, ArticleError]]) -> Iterator[Union[Document, ArticleError]]:
        """Run the pipeline over a stream; an article that fails becomes an ArticleError, the rest go on."""
        for item in items:
            if isinstance(item, ArticleError):
                yield item
                continue
            try:
                yield self(item)
            except Exception as exc:  # one bad article must not stop a batch
                yield ArticleError(item.id, item.source, f"pipeline failed: {type(exc).__name__}: {exc}")


def extract(text: str, published=None, article_id: str = "text", **kwargs) -> list[EventRecord]:
    """Events of one article text. ``published`` is a ``datetime.date`` or ``YYYY-MM-DD``."""
    from ..document import parse_date

    if isinstance(published, str):
        published = parse_date(published)
    doc = default_pipeline(**kwargs)(Article(id=article_id, text=text, published=published))
    return doc.events


_DEFAULT: dict[tuple, Pipeline] = {}


def default_pipeline(**kwargs) -> Pipeline:
    """A process-wide pipeline with default settings (built once)."""
    key = tuple(sorted(kwargs.items()))
    if key not in _DEFAULT:
        _DEFAULT[key] = Pipeline(load_settings(overrides=kwargs or None))
    return _DEFAULT[key]
