"""The records that flow through marsad.

An :class:`Article` is what ingest reads. The pipeline turns it into a :class:`Document`:
every stage adds spans with character offsets into ``Document.text`` (the article text
as marsad keeps it, after boilerplate removal) and the last stage adds
:class:`EventRecord` objects, one per atomic event of ``CODEBOOK.md``.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Optional


@dataclass
class Article:
    """One input article, as read from a file, before any analysis."""

    id: str
    text: str
    published: Optional[date] = None
    title: str = ""
    url: str = ""
    outlet: str = ""
    source: str = ""  # where it was read from: "path" or "path:line"
    warnings: list[str] = field(default_factory=list)


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%d-%m-%Y", "%Y%m%d")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?:$|[T ]\d|Z$|[+-]\d{2}:?\d{2}$)")  # a day, a time or a zone after it


def parse_date(value) -> Optional[date]:
    """``YYYY-MM-DD`` (or an ISO timestamp, ``YYYY/MM/DD``, ``DD/MM/YYYY``) -> date; None when
    empty or unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if _ISO_DAY.match(text):  # a day, perhaps with a time ("2023-01-25T09:30:00+03:00"); not "2023-01-259"
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


# --------------------------------------------------------------------------- spans


@dataclass(slots=True)
class Span:
    """A stretch of ``Document.text``: ``text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Sentence(Span):
    index: int = 0
    paragraph: int = 0


@dataclass
class Place:
    """One gazetteer entry."""

    id: str
    name: str  # English name
    latitude: float
    longitude: float
    country: str = ""  # English country name, "Syria"
    country_code: str = ""  # ISO 3166-1 alpha-2, "SY"
    admin1: str = ""
    admin2: str = ""
    kind: str = "town"  # governorate, district, subdistrict, city, town, village, neighbourhood, camp, site, region, country
    population: int = 0
    name_ar: str = ""
    parent: str = ""  # id of the place it belongs to (a neighbourhood's city), may be empty
    codeable: bool = True  # False: never an event location on its own (a country, "البادية السورية")
    source: str = ""  # where the entry comes from: "OCHA C5710; GeoNames 163345", "marsad places_curated (...)"


@dataclass(slots=True)
class PlaceMention(Span):
    """A place named in the text, resolved to a gazetteer entry."""

    place: Optional[Place] = None
    geo_precision: int = 1  # codebook section 2, implied by the phrase ("ريف X" -> 2)
    qualifier: str = ""  # the word that set the precision: "ريف", "قرب", "محافظة", ... or ""
    role: str = "place"  # "place"; "dateline" or "name" (inside an organisation's name: "شرطة كركوك") are never event places
    surface: str = ""  # the phrase as written, qualifier included ("ريف الرقة")
    candidates: list[Place] = field(default_factory=list)


@dataclass(slots=True)
class ActorMention(Span):
    """An organised actor named in the text.

    ``family`` is the canonical name's family key; ``candidates`` are the canonical names that
    the words can stand for (several for country-qualified or period-dated names), resolved
    against the event's country and date by :func:`marsad.pipeline.actors.resolve`.
    """

    family: str = ""
    candidates: list[str] = field(default_factory=list)
    loaded: bool = False  # the article used a loaded term ("مرتزقة داعش")
    kind: str = "name"  # "name", "loaded", "short" (co-reference) or "state" (a country's name for its forces)


@dataclass(slots=True)
class DateMention(Span):
    """A temporal expression resolved against the publication date."""

    value: Optional[date] = None
    time_precision: int = 1  # 1 day, 2 week, 3 month; 4 year-only background (never an event date)
    # today, yesterday, days_ago ("أول أمس"), ago ("قبل يومين"), recent ("في الأيام الأخيرة"), weekday,
    # night ("ليل الأحد-الاثنين"), week, month, day_month (year inferred), full (year given), year
    # (background), future (after publication: plans, not events), span (days ``first`` .. ``value``:
    # "منذ الخميس", "لليوم الثاني على التوالي", "الليلة الماضية وحتى صباح اليوم"), since (the start of a
    # campaign more than a week before publication: "منذ آذار 2011"; never an event date), day_before
    # ("غداة": the day before the date written before it)
    kind: str = ""
    relative: bool = False  # needed the publication date to resolve
    first: Optional[date] = None  # kind "span": the first day of a day span whose last day is ``value``


@dataclass(slots=True)
class NumberMention(Span):
    value: int = 0
    approximate: bool = False  # عشرات، مئات، عدة
    at_least: bool = False  # على الأقل، ما لا يقل عن


@dataclass(slots=True)
class FatalityMention(Span):
    """A report of deaths: a count and the death word it goes with."""

    count: int = 0
    at_least: bool = False
    cue: str = ""  # the death word as written
    approximate: bool = False  # the count stands for a word: عشرات 12، عدة 3 (codebook section 5)
    victims: str = ""  # who died as the phrase says it, folded: "مدنيا", "عناصر من قوات النظام"
    victim_group: str = ""  # civilian, military, fighter, member, person (fatality_cues.tsv) or ""
    aggregate: bool = False  # a tally (over a period, many incidents) or a breakdown of a total: not an event's count
    reason: str = ""  # why aggregate: "period", "incidents", "breakdown"
    group: int = 0  # mentions with the same non-zero group are parts of one figure, to be summed


@dataclass(slots=True)
class Trigger(Span):
    """A word or pattern that reports an event of a sub-event type."""

    event_type: str = ""
    sub_event_type: str = ""
    entry: str = ""  # the lexicon entry that matched
    rank: int = 0  # codebook order of the sub-event type: lower wins when one incident fits several
    strong: bool = True  # a weak trigger makes an event only with a place in its sentence


# --------------------------------------------------------------------------- records

EVENT_FIELDS = (
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "country",
    "admin1",
    "location",
    "location_ar",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "evidence",
)


@dataclass
class EventRecord:
    """One atomic event, with every field of the codebook plus its provenance."""

    event_date: str
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str
    assoc_actor_1: str = ""
    actor2: str = ""
    assoc_actor_2: str = ""
    country: str = ""
    admin1: str = ""
    admin2: str = ""
    location: str = ""
    location_ar: str = ""
    latitude: float = 0.0
    longitude: float = 0.0
    geo_precision: int = 1
    fatalities: int = 0
    evidence: str = ""
    # provenance
    article_id: str = ""
    event_id: str = ""
    evidence_spans: list[tuple[int, int]] = field(default_factory=list)  # offsets into the article text
    inter1: int = 0
    inter2: int = 0
    notes: str = ""
    pipeline_version: str = ""
    # Loaded terms the source used for the record's actors, "Actor: term; Actor: term" in the order of
    # the text ("Islamic State (Syria): مرتزقة داعش"); the record itself keeps the neutral names.
    loaded_terms: str = ""

    def to_dict(self) -> dict[str, Any]:
        row = asdict(self)
        row["evidence_spans"] = [list(s) for s in self.evidence_spans]
        return row

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> "EventRecord":
        known = {k: v for k, v in row.items() if k in cls.__dataclass_fields__}
        spans = known.get("evidence_spans") or []
        known["evidence_spans"] = [tuple(s) for s in spans]
        return cls(**known)


@dataclass(slots=True)
class Decision:
    """Something the events stage decided about a sentence's triggers or records (``marsad explain``)."""

    sentence: int  # index of the sentence it concerns
    text: str


@dataclass
class EventCandidate:
    """A record the events stage proposed, with what the filter step made of it (``marsad explain``)."""

    record: EventRecord
    features: dict[str, float] = field(default_factory=dict)
    probability: Optional[float] = None  # None: no filter model ran
    kept: bool = True


@dataclass
class Document:
    """One article on its way through the pipeline: the text plus everything found in it."""

    id: str
    text: str
    published: Optional[date] = None
    title: str = ""
    url: str = ""
    outlet: str = ""
    source: str = ""
    norm: str = ""  # normalised text for matching (see marsad.pipeline.normalize)
    norm_offsets: list[int] = field(default_factory=list)  # norm index -> text index (len(norm)+1 items)
    # text index -> norm index (len(text)+1 items), set with norm_offsets by the normalize stage: a list
    # look-up instead of a search of norm_offsets (empty: norm_index searches)
    norm_inverse: list[int] = field(default_factory=list, repr=False)
    sentences: list[Sentence] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    numbers: list[NumberMention] = field(default_factory=list)
    fatalities: list[FatalityMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    candidates: list[EventCandidate] = field(default_factory=list)  # every proposed record, kept or not
    decisions: list[Decision] = field(default_factory=list)  # triggers dropped, reports merged (explain)
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_article(cls, article: Article) -> "Document":
        return cls(
            id=article.id,
            text=article.text,
            published=article.published,
            title=article.title,
            url=article.url,
            outlet=article.outlet,
            source=article.source,
            warnings=list(article.warnings),
        )

    def text_index(self, norm_index: int) -> int:
        """Offset in ``text`` of offset ``norm_index`` of ``norm``."""
        return self.norm_offsets[norm_index] if self.norm_offsets else norm_index

    def text_span(self, norm_start: int, norm_end: int) -> tuple[int, int]:
        """Offsets in ``text`` of the span ``norm[norm_start:norm_end]`` (:meth:`text_index` of both ends,
        in one call: the stages map every mention they add)."""
        offsets = self.norm_offsets
        return (offsets[norm_start], offsets[norm_end]) if offsets else (norm_start, norm_end)

    def norm_index(self, text_index: int) -> int:
        """Offset in ``norm`` of the first folded character at or after ``text_index`` of ``text``."""
        if not self.norm_offsets:
            return text_index
        if text_index >= 0:
            try:
                return self.norm_inverse[text_index]
            except IndexError:  # no map (or past the end)
                pass
        return bisect_left(self.norm_offsets, text_index)

    def norm_of(self, span: Span) -> str:
        """The folded text of ``span``."""
        return self.norm[self.norm_index(span.start) : self.norm_index(span.end)]

    def sentence_at(self, offset: int) -> Optional[Sentence]:
        """The sentence that holds character ``offset`` of ``text``."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return s
        return None
