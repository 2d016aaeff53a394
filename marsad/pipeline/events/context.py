"""The events stage's view of an article: its sentences with their spans (:class:`SentenceSpans`),
the article context (:class:`Context`: country, most-named actors, allies, the event places of
each sentence -- step 2's first half), clause bounds, and the :class:`Candidate` the steps fill in.
"""
from __future__ import annotations

import functools
import operator
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from itertools import count, repeat
from typing import Callable, Iterable, Optional, Union

from ...document import ActorMention, DateMention, Document, FatalityMention, PlaceMention, Sentence, Trigger
from ...resources import read_tsv
from ...text import WORD_PUNCT, fold, has_article, proclitics, strip_proclitic
from ..fatalities import is_toll_word
from ..lexicon import DOCUMENT_SCAN, phrase_key
from ..triggers import Cue, cue_words, find_cues

# A date written this many days or fewer before publication carries on to the sentences after it.
CARRY_DATE_DAYS = 31
# Kinds of gazetteer entries that are never an event's place on their own.
NOT_EVENT_PLACES = frozenset({"country"})

_WORD = re.compile(r"\w+")
_PHRASE_BREAK = re.compile(r"[.,;:!?()\n\"«»“”]")  # what ends the phrase before a place
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\n]")  # ... the clause
_PROCLITIC_LETTERS = "فبلك"
_NO_CUES: list = []  # cues_of a class the sentence lacks (shared, never changed)
# Where the words of a list stand in an article (:func:`occurrences`): their starts and their stops in
# ``doc.norm`` (in the order of the stops), or False (nowhere) or True (anywhere, as far as is known).
Found = Union[bool, tuple[list[int], list[int]]]


@functools.lru_cache(maxsize=None)
def _cue_first_words(cls: str) -> tuple[str, ...]:
    """The first words of the matching keys of a cue class (``event_cues.tsv``): every cue of the class
    found in a text holds one of them."""
    return tuple(sorted({phrase_key(r["phrase"])[0].split(" ")[0] for r in read_tsv("event_cues.tsv")
                         if r["class"] == cls}))


def _context_words() -> frozenset[str]:
    return cue_words("context")


@dataclass(slots=True)  # (slots: built per sentence/candidate, three times faster than with a __dict__)
class SentenceSpans:
    sentence: Sentence
    doc: Document
    triggers: list[Trigger] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    fatalities: list[FatalityMention] = field(default_factory=list)
    _cues: Optional[list[Cue]] = None
    _cues_by_class: Optional[dict[str, list[Cue]]] = None
    new_report: Optional[bool] = None  # the sentence turns to another report (events/dates.py, asked once)
    index: int = -1  # its place in ``Context.sentences`` (set by :meth:`Context.build`)
    # the offsets in ``doc.norm`` of the sentence's commas, semicolons and colons, in order (found on first
    # use: the clause bounds of every trigger, date and actor are asked for)
    _cuts: Optional[list[int]] = field(default=None, repr=False, compare=False)
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # sentence-wide facts worked out once
    article_memo: Optional[dict] = field(default=None, repr=False, compare=False)  # ``Context.memo`` of its article

    @property
    def cues(self) -> list[Cue]:
        """Cue words of the sentence (offsets into ``doc.text``), searched on first use: most
        sentences never need them."""
        if self._cues is None:
            doc = self.doc
            lo, hi = doc.norm_index(self.sentence.start), doc.norm_index(self.sentence.end)
            offsets = doc.norm_offsets  # (doc.text_index, without a call per offset)
            self._cues = find_cues(doc.norm, lo, hi, offsets)
        return self._cues

    def cues_of(self, cls: str) -> list[Cue]:
        """The sentence's cue words of class ``cls``, in text order (sorted into classes once, on
        first use; the list is shared: do not change it)."""
        by_class = self._cues_by_class
        if by_class is None:
            by_class = self._cues_by_class = {}
            for c in self.cues:
                group = by_class.get(c.cls)
                if group is None:
                    by_class[c.cls] = [c]  # (no empty list made per cue, as setdefault would)
                else:
                    group.append(c)
        return by_class.get(cls, _NO_CUES)

    def air_cues(self) -> list[Cue]:
        """The sentence's ``air`` cues, but for those inside an ``anti_air`` one ("مدفعين مضادين للطيران",
        "الدفاعات الجوية": a weapon against aircraft names no strike from the air)."""
        air = self.cues_of("air") if self.may_have_cues("air") else _NO_CUES
        if not air:
            return air
        anti = self.cues_of("anti_air")
        if not anti:
            return air
        return [c for c in air if not any(a.start <= c.start and c.end <= a.end for a in anti)]

    def may_have_cues(self, cls: str) -> bool:
        """False when the sentence surely has no cue word of class ``cls``: none of the class's first
        words is in its folded text (a cheap test before the sentence's cues are searched; for the
        classes asked most, read from where the article's pass found the words)."""
        if self._cues is not None:
            return bool(self.cues_of(cls))
        doc = self.doc
        lo, hi = doc.norm_index(self.sentence.start), doc.norm_index(self.sentence.end)
        name = _SCANNED_CUE_CLASSES.get(cls)
        if name is not None and self.article_memo is not None:
            return within(_found(doc, self.article_memo, name), lo, hi)
        text = doc.norm[lo:hi]
        return any(word in text for word in _cue_first_words(cls))


@dataclass(slots=True)
class Context:
    doc: Document
    sentences: list[SentenceSpans]
    country: str  # the article's country, from its places
    actor_counts: Counter  # family -> mentions
    allies: dict[str, list[str]]  # family -> families named together with it ("قسد وقوى الأمن الداخلي")
    context_sentences: int = 1  # how far back a report with no place of its own looks for one
    place_mentions: Counter = field(default_factory=Counter)  # place id -> event-place mentions in the article
    _event_places: dict[int, list[PlaceMention]] = field(default_factory=dict)
    memo: dict = field(default_factory=dict)  # article-wide facts the steps work out once (by the step's key)

    def event_places(self, i: int) -> list[PlaceMention]:
        """The event places of sentence ``i`` (worked out when first asked for)."""
        places = self._event_places.get(i)
        if places is None:
            places = self._event_places[i] = _event_places(self, self.sentences[i])
        return places

    @classmethod
    def build(cls, doc: Document) -> "Context":
        memo: dict = {}
        sents = list(map(_sentence_spans, doc.sentences, repeat(doc), count(), repeat(memo)))
        starts = [s.start for s in doc.sentences]
        ends = [s.end for s in doc.sentences]
        for attr in _SPAN_LISTS:
            spans = getattr(doc, attr)
            if not spans:
                continue  # (an article's fatalities and dates are often none: no sentence's list is fetched)
            lists = list(map(_SPAN_LIST_OF[attr], sents))
            offsets = list(map(_START, spans))
            # the sentence holding the span's start: the last one starting at or before it (``after - 1``),
            # if any and the span starts before its end (the bisections made by map, not a call per span)
            for span, offset, after in zip(spans, offsets, map(bisect_right, repeat(starts), offsets)):
                if after and offset < ends[after - 1]:
                    lists[after - 1].append(span)
        # the ids and countries of the article's event-place mentions, in one pass over its places
        ids: list[str] = []
        countries: list[str] = []
        for m in doc.places:
            place = m.place
            if place is not None and m.role == "place":
                ids.append(place.id)
                if place.country:
                    countries.append(place.country)
        # (the first of the most named, as Counter.most_common(1) gives it: max keeps the first of equals)
        country = max(Counter(countries).items(), key=_COUNT)[0] if countries else ""
        actor_counts = Counter([a.family for a in doc.actors])
        return cls(doc, sents, country, actor_counts, _allies(doc), place_mentions=Counter(ids), memo=memo)


_new = object.__new__


def _sentence_spans(sentence: Sentence, doc: Document, index: int, article_memo: dict) -> SentenceSpans:
    """``SentenceSpans(sentence, doc, index=index, article_memo=article_memo)``, every other field its default:
    made with its slots set one by one, as the dataclass's ``__init__`` sets them (a dozen of them per
    article, and that ``__init__``, taking every field as a keyword with its default or factory, costs
    twice as much). Every field of :class:`SentenceSpans` is set here (a test compares the two)."""
    ss = _new(SentenceSpans)
    ss.sentence = sentence
    ss.doc = doc
    ss.triggers = []
    ss.places = []
    ss.actors = []
    ss.dates = []
    ss.fatalities = []
    ss._cues = None
    ss._cues_by_class = None
    ss.new_report = None
    ss.index = index
    ss._cuts = None
    ss.memo = {}
    ss.article_memo = article_memo
    return ss


# the span lists of a document that :meth:`Context.build` sorts into its sentences, and their getters
_SPAN_LISTS = ("triggers", "places", "actors", "dates", "fatalities")
_SPAN_LIST_OF = {attr: operator.attrgetter(attr) for attr in _SPAN_LISTS}
_COUNT = operator.itemgetter(1)  # a Counter item's count
_START = operator.attrgetter("start")


def is_headline(ctx: Context, i: int) -> bool:
    """Sentence ``i`` is the article's title that opens its text (the body tells its incidents again)."""
    if i != 0 or len(ctx.sentences) < 2:
        return False  # (asked for every candidate: the title is folded for the first sentence only)
    headline = ctx.memo.get("headline")
    if headline is None:  # (the same for every candidate of the first sentence: folded once per article)
        headline = ctx.memo["headline"] = _opens_with_title(ctx)
    return headline


def _opens_with_title(ctx: Context) -> bool:
    """The first sentence is the article's title (see :func:`is_headline`)."""
    title = folded_title(ctx).strip()
    if not title:
        return False
    sentence = ctx.sentences[0].sentence
    first = folded_text(ctx.doc, sentence.start, sentence.end).strip()
    return first.startswith(title[:40]) and len(first) <= len(title) + 5




def folded_words(doc: Document, start: int, end: int) -> list[str]:
    """The words of ``doc.text[start:end]``, folded, each without the punctuation at its ends (``WORD_PUNCT``): what
    the events stage's rules read between two spans ("لم تنفذ أي غارات": the words between a negation and its
    trigger)."""
    return [w.strip(WORD_PUNCT) for w in fold(doc.text[max(0, start):end]).split()]


def folded_text(doc: Document, start: int, end: int) -> str:
    """``fold(doc.text[start:end])``, read from ``doc.norm``: folding maps each character to one or none,
    so the folded slice is the slice of the folded article between the mapped offsets (a slice of the
    text is folded afresh -- a ``str.translate`` per character -- the first time it is seen, and in a
    new article every slice is new)."""
    n = len(doc.text)
    start = 0 if start < 0 else n if start > n else start
    end = start if end < start else n if end > n else end
    return doc.norm[doc.norm_index(start) : doc.norm_index(end)]


def folded_title(ctx: Context) -> str:
    """The article's title folded (once per article: the headline test and the filter's features read it)."""
    title = ctx.memo.get("folded_title")
    if title is None:
        title = ctx.memo["folded_title"] = fold(ctx.doc.title or "")
    return title


def recent(ctx: Context, mention: DateMention) -> bool:
    """A date close enough to publication to set the day of the sentences after it; an old date
    ("في 22 شباط 2006") is background for its own sentence only."""
    published = ctx.doc.published
    return published is None or (published - mention.value).days <= CARRY_DATE_DAYS


# How far before the first of two actors joined by "و" a "بين" makes them the two sides of a fight.
BETWEEN_REACH = 60
CLAUSE_STOPS = "،,.؛;:\n"
_BETWEEN = re.compile(r"(?<!\w)بين(?!\w)")


def _allies(doc: Document) -> dict[str, list[str]]:
    """Actors the article names together as one side: "X و Y" (not after "بين", which names two sides)."""
    allies: dict[str, list[str]] = {}
    actors = doc.actors
    for i, (a, b) in enumerate(zip(actors, actors[1:])):
        if a.family == b.family or "civilians" in (a.family, b.family):
            continue
        gap = doc.norm[doc.norm_index(a.end) : doc.norm_index(b.start)].strip()
        if gap != "و":
            continue  # (most pairs: the words before them are not looked at)
        # "بين X و Y" names two sides, however long X is ("بين تحالف عربي كردي تدعمه الولايات المتحدة وقوات
        # النظام"): a "بين" before ``a`` in its clause, with no other actor or "و" join between, makes the pair
        # sides ("بين قوات النظام المدعومة بمليشيات من حزب الله وإيران": the backers after the first side are allies)
        lo = doc.norm_index(a.start)
        floor = max(0, lo - BETWEEN_REACH)
        before = doc.norm[floor:lo]
        found = [m.start() for m in _BETWEEN.finditer(before)] if "بين" in before else None
        k = found[-1] if found else -1
        if (k < 0 or any(ch in before[k:] for ch in CLAUSE_STOPS) or " و" in before[k:]
                or (i > 0 and doc.norm_index(actors[i - 1].start) >= floor + k)):
            allies.setdefault(a.family, []).append(b.family)
            allies.setdefault(b.family, []).append(a.family)
    return allies


@dataclass(slots=True)
class Candidate:
    sentence: int
    sub_event_type: str
    strong: bool
    place: PlaceMention
    triggers: list[Trigger]
    day: Optional[date]
    time_precision: int
    actor1: Optional[ActorMention] = None
    actor2: Optional[ActorMention] = None
    actor1_name: str = ""
    actor2_name: str = ""
    assoc1: list[str] = field(default_factory=list)
    fatalities: Optional[int] = None  # None: no figure reported with it
    fatalities_exact: bool = True
    fatalities_update: bool = False  # the figure updates an earlier one ("ارتفع عدد القتلى إلى 12")
    evidence: list[int] = field(default_factory=list)  # sentence indexes
    civilian: bool = False
    date_explicit: bool = True  # the date was written in the trigger's sentence
    trigger_class: str = ""  # the lexicon class before resolution ("raid", "territory", ...)
    retold: bool = False  # an anaphoric report ("هذا القصف", "الهجوم ذاته") of an incident told before
    place_inherited: bool = False  # the report names no place; it took those of the sentence before
    headline: bool = False  # told in the article's title, which the body tells again
    another: bool = False  # told as another incident ("وفي انفجار آخر", "في حادثين آخرين"): no retelling
    # (sentence, count) of the exact figures of the reports merged into this one, its own first
    # (events/merge.py fills it while merging; None: not merged yet)
    merged_figures: Optional[list[tuple[int, int]]] = field(default=None, repr=False)


def new_candidate(sentence: int, sub_event_type: str, strong: bool, place: PlaceMention, triggers: list[Trigger],
                  day: Optional[date], time_precision: int, *, date_explicit: bool, retold: bool,
                  place_inherited: bool, headline: bool) -> Candidate:
    """``Candidate(sentence, sub_event_type, strong, place, triggers, day, time_precision, evidence=[sentence],
    date_explicit=..., trigger_class=sub_event_type, retold=..., place_inherited=..., headline=...)``, every
    other field its default: made with its slots set one by one (a candidate per place and day of every
    report: the dataclass's ``__init__``, taking all 23 fields as keywords with defaults and factories,
    costs twice as much). Every field of :class:`Candidate` is set here (a test compares the two); the flags are
    keywords, as the dataclass takes them, so two cannot be swapped unseen."""
    c = _new(Candidate)
    c.sentence = sentence
    c.sub_event_type = sub_event_type
    c.strong = strong
    c.place = place
    c.triggers = triggers
    c.day = day
    c.time_precision = time_precision
    c.actor1 = None
    c.actor2 = None
    c.actor1_name = ""
    c.actor2_name = ""
    c.assoc1 = []
    c.fatalities = None
    c.fatalities_exact = True
    c.fatalities_update = False
    c.evidence = [sentence]
    c.civilian = False
    c.date_explicit = date_explicit
    c.trigger_class = sub_event_type
    c.retold = retold
    c.place_inherited = place_inherited
    c.headline = headline
    c.another = False
    c.merged_figures = None
    return c


def place_key(mention: PlaceMention):
    """What tells two place mentions apart: the gazetteer place's id, or the words of a place it lacks."""
    return mention.place.id if mention.place else mention.text


def is_event_place(mention: PlaceMention) -> bool:
    return (
        mention.role == "place"
        and mention.place is not None
        and mention.place.codeable
        and mention.place.kind not in NOT_EVENT_PLACES
    )


def _event_places(ctx: Context, ss: SentenceSpans) -> list[PlaceMention]:
    """The sentence's places that can be event places: not datelines or countries, and not the
    larger area another place is said to lie in ("خان طومان في ريف حلب": Aleppo only locates)."""
    if not ss.places:
        return []  # (a sentence with a report and no place: its report takes the places of another)
    speaking = _speaking(ctx.doc, ss)
    # the word tests below hold only when one of their words stands in the window of text they read (most
    # places have none: the test is skipped)
    lists = ctx.memo.get("event_place_lists")
    if lists is None:  # (the same for every sentence of the article: asked once)
        lists = ctx.memo["event_place_lists"] = tuple(occurrences(ctx, name) for name in _PLACE_TEST_LISTS)
    origin, route, reference, titles, speakers, roads = lists  # (where the words of each test's list stand)
    # a place inside a name ("شرطة ديالى (65 كلم شرق بغداد)") is no event place, but it is located too
    places = [p for p in ss.places if (is_event_place(p) or _named(p)) and p not in speaking]
    listed_on: set[int] = set()  # places listed after one someone goes to or comes from (dropped after the locating)
    if origin or route or reference:
        gone = [_comes_or_goes(ctx.doc, p, origin, route, reference) for p in places]
        for k in range(1, len(places)):
            # "رتلا كان متجها إلى مدينة حلب ومدينة إدلب": the places listed after one someone goes to or comes from too
            if (gone[k - 1] or id(places[k - 1]) in listed_on) and not gone[k] and _listed_after(ctx.doc, places[k - 1], places[k]):
                listed_on.add(id(places[k]))
        places = [p for p, g in zip(places, gone) if not g]
    locating: set[int] = set()  # the places of a locating clause ("الواقعة بين X وY") only locate
    for k in range(1, len(places)):
        if _named(places[k - 1]) and "(" not in ctx.doc.norm[ctx.doc.norm_index(places[k - 1].end) : ctx.doc.norm_index(places[k].start)]:
            continue  # a name's place locates only through a parenthesis ("شرطة ديالى (65 كلم شرق بغداد)")
        # a place joined to a locating one locates too, unless a place of its own locates it ("بلدة X في
        # ريف حلب ومنبج شرق حلب": Manbij is a place of the list)
        if (k - 1 in locating and _joined(ctx.doc, places[k - 1], places[k])
                and not (k + 1 < len(places) and _locates(ctx.doc, places[k], places[k + 1]))) or (
            _locates(ctx.doc, places[k - 1], places[k]) or _references(ctx.doc, places[k - 1], places[k])
        ):
            locating.add(k)
    kept = [p for k, p in enumerate(places) if k not in locating and is_event_place(p) and id(p) not in listed_on]
    if titles:
        kept = [p for p in kept if not (_near(ctx.doc, p, titles, OFFICE_REACH) and _office_location(ctx.doc, p))]
    # (a lone place stays whoever tells of it: the test is made for two places or more)
    told_from = [p for p in kept if _near(ctx.doc, p, speakers, SPEAKER_REACH) and _speaker_location(ctx.doc, p)
                 ] if len(kept) > 1 and speakers else []
    if len(kept) > 1 and ss.may_have_cues("attribution"):
        # "وأعلنت قوى الأمن الداخلي في الرقة عن عثورها على مستودع في منطقة الكرامة": where a telling force sits
        told_from += [p for p in kept if p not in told_from and _seat_of_teller(ctx.doc, ss, p)]
    if told_from and len(told_from) < len(kept):
        kept = [p for p in kept if p not in told_from]  # "قال مصدر أمني في كركوك إن ..." where it is told
    out = []
    for place in kept:
        if not out and len(kept) > 1 and _is_frame(ctx.doc, ss, place):
            continue
        out.append(place)
    scopes = ss.cues_of("tally_places") if len(out) > 1 and ss.may_have_cues("tally_places") else None
    if scopes:
        # "... جراء القصف على حي المرجة بمدينة حلب، واستشهد 7 مقاتلين خلال قصف واشتباكات في محافظات الحسكة وحلب وريف
        # دمشق": the summary's places are no places of the report before it
        cut = scopes[0]
        hi = clause_end(ss, ctx.doc, cut.end)
        out = [p for p in out if not cut.end <= p.start < hi] if any(p.start < cut.start for p in out) else out
    raised = ss.cues_of("raise") if len(out) > 1 and ss.may_have_cues("raise") else None
    if raised and _raises_a_toll(ctx.doc, raised[0]):
        # "قتل 45 شخصا في بلدة الحراك، ليرتفع عدد القتلى خلال أسبوع من القصف على مدينة درعا إلى 305": the places of a
        # running total (class ``raise`` of event_cues.tsv on) are its scope, when the report has places before it
        out = [p for p in out if p.start < raised[0].start] or out
    return _road_ends(ctx.doc, out, roads) if len(out) > 1 and roads else out


def _raises_a_toll(doc: Document, cue) -> bool:
    """A toll word follows the word of raising ("ليرتفع عدد القتلى", "ما رفع الحصيلة"; not "لترتفع حدة التوتر")."""
    words = folded_words(doc, cue.end, cue.end + 24)
    return bool(words) and is_toll_word(_bare(words[0]))


def _comes_or_goes(doc: Document, place: PlaceMention, origin: Found, route: Found, reference: Found) -> bool:
    """The place is where someone comes from (:func:`_origin`), travels to or from (:func:`_route_end`)
    or lies next to the incident (:func:`_reference_point`). Each test reads only a window of words
    before the place: it is made when a word of its list stands in that window (``origin``, ``route``,
    ``reference``: the :func:`occurrences` of the lists; most places have none)."""
    at = doc.norm_index(place.start)
    return ((within(origin, at - ORIGIN_REACH, at) and _origin(doc, place))
            or (within(route, at - ROUTE_REACH, at) and _route_end(doc, place))
            or (within(reference, at - REFERENCE_REACH, at) and _reference_point(doc, place)))


def _near(doc: Document, place: PlaceMention, found: Found, reach: int) -> bool:
    """A word of a list (its :func:`occurrences` ``found``) stands in the ``reach`` characters before the place."""
    at = doc.norm_index(place.start)
    return within(found, at - reach, at)


# Word lists of the events stage's word tests, by name: name -> a function giving the folded phrases
# (registered by the modules that look them up; see :func:`may_occur`).
_PREFILTER_WORDS: dict[str, Callable[[], Iterable[str]]] = {}


def register_prefilter(name: str, phrases: Callable[[], Iterable[str]]) -> None:
    """Let :func:`may_occur` answer for the phrases ``phrases()`` under ``name``."""
    _PREFILTER_WORDS[name] = phrases


def may_occur(ctx: Context, name: str) -> bool:
    """False when no phrase of the registered list ``name`` can be among the words of the article: not
    even its first word is a piece of the folded text. Every word a word test looks up around a span
    (stripped of punctuation, the article or a clitic) is a piece of ``doc.norm`` -- folding maps
    characters one by one -- so the test can only hold when this is True. The first words of every
    list join the pipeline's one pass over the article (:data:`..lexicon.DOCUMENT_SCAN`): the answers
    cost no pass of their own (worked out on first use, once per article)."""
    found = ctx.memo.get("may_occur")  # (asked for every actor's word tests: the memo is read here)
    if found is None:
        found = _occurrences(ctx.doc, ctx.memo)
    return name in found[1] or name not in found[0]


def occurrences(ctx: Context, name: str) -> Found:
    """Where the first words of the phrases of the registered list ``name`` stand in the article: their
    starts and their stops in ``doc.norm`` (in the order of the stops), or False when there are none,
    or True when any window may hold one (a phrase of no words, or a list registered after this
    article's pass). For :func:`within`: a word test that reads only a window of the text (words before
    or after a span) can hold only when a first word of its list lies wholly inside the window (see
    :func:`may_occur`)."""
    return _found(ctx.doc, ctx.memo, name)


def within(found: Found, lo: int, hi: int) -> bool:
    """One of the ``found`` spans of :func:`occurrences` lies wholly inside ``doc.norm[lo:hi]``."""
    if found is True or found is False:
        return found
    starts, stops = found
    k = bisect_right(stops, lo)  # (the first word ending after ``lo``: any earlier one starts before it)
    n = len(stops)
    while k < n and stops[k] <= hi:
        if starts[k] >= lo:
            return True
        k += 1
    return False


def _found(doc: Document, memo: dict, name: str) -> Found:
    """:func:`occurrences` of list ``name`` in the article of ``doc`` (its context's ``memo``)."""
    names, _possible, always, spans = memo.get("may_occur") or _occurrences(doc, memo)
    found = spans.get(name)
    if found is None:
        return name in always or name not in names
    return True if name in always else found


def _occurrences(doc: Document, memo: dict) -> tuple[frozenset[str], set[str], frozenset[str], dict[str, tuple[list[int], list[int]]]]:
    """(the lists answered for, the lists possible in the article, the lists always possible, list -> the
    starts and the stops in ``doc.norm`` of the first words of its phrases, in the order of their stops)
    of the article (kept in its context's ``memo``)."""
    found = memo.get("may_occur")
    if found is None:
        names, always, slot = _prefilter_words(tuple(sorted(_PREFILTER_WORDS)))
        spans: dict[str, tuple[list[int], list[int]]] = {}
        if slot is not None:
            get = spans.get
            for end, (lists, length) in DOCUMENT_SCAN.found(doc.norm, slot):
                stop = end + 1
                for name in lists:  # (most words open the phrases of one list)
                    pair = get(name)
                    if pair is None:
                        pair = spans[name] = ([], [])
                    pair[0].append(stop - length)
                    pair[1].append(stop)
        found = memo["may_occur"] = (names, always | spans.keys(), always, spans)
    return found


@functools.lru_cache(maxsize=None)  # (one slot per set of lists: joined once)
def _prefilter_words(names: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str], Optional[int]]:
    """(the lists it answers for, the lists a phrase of no words makes always possible, the slot in
    :data:`..lexicon.DOCUMENT_SCAN` of the first words of the phrases of every list, each word's value
    the lists it opens a phrase of and its length; None: no words)."""
    lists_of: dict[str, set[str]] = {}
    always = set()
    for name in names:
        for phrase in _PREFILTER_WORDS[name]():
            words = phrase.split()
            if not words:
                always.add(name)  # (it could match an empty word)
            else:
                lists_of.setdefault(words[0], set()).add(name)
    slot = None
    if lists_of:
        slot = DOCUMENT_SCAN.join((word, (tuple(sorted(lists)), len(word))) for word, lists in lists_of.items())
    return frozenset(names), frozenset(always), slot


def _road_word(word: str) -> bool:
    bare = word.lstrip("وبل") if len(word) > 4 else word
    return _bare(bare) in cue_words("road") or _bare(word) in cue_words("road")


def _named(mention: PlaceMention) -> bool:
    return mention.role == "name" and mention.place is not None


# How far back the road word may stand before the first of the places it runs between.
ROAD_REACH = 40

# How far into the first place's mention its dual may run ("بين بلدتي سحم الجولان وتسيل").
ROAD_OWN_WORD = 8


def _road_between(doc: Document, place: PlaceMention) -> bool:
    """The place opens "الطريق (الواصل) بين X وY": a road between two places; or "بين مدينتي X وY": a spot
    between two towns named by their dual (a road word of its own)."""
    at = doc.norm_index(place.start)
    before = doc.norm[max(0, at - ROAD_REACH) : at]
    words = _WORD.findall(before)
    if len(words) >= 2 and words[-2] == "بين" and _road_word(words[-1]):
        return True  # "بين مدينتي" + the place
    if words and words[-1] == "بين":
        own = _WORD.match(doc.norm, at)
        if own is not None and _road_word(own.group()):
            return True  # "بين" + the place, its dual in its mention ("بلدتي سحم الجولان")
    if len(words) >= 3 and words[-2] == "بين" and _bare(words[-1]) in _context_words():
        words = words[:-1]  # "الطريق بين محافظات حمص وحماة وطرطوس"
    return len(words) >= 2 and words[-1] == "بين" and any(_road_word(w) for w in words[-3:-1])


def _road_ends(doc: Document, places: list[PlaceMention], roads: Found) -> list[PlaceMention]:
    """A road's ends are not incidents of their own: of "الطريق الواصل بين X وY" only X is kept (and of
    "الطريق بين محافظات X وY وZ" the ends after X that the list joins). ``roads``: where the road words
    stand (:func:`occurrences`; the test is made for a place with one in reach)."""
    drop: set[int] = set()
    for k, place in enumerate(places[:-1]):
        if k in drop:
            continue
        at = doc.norm_index(place.start)
        if not within(roads, at - ROAD_REACH, at + ROAD_OWN_WORD):
            continue
        if _road_between(doc, place):
            joined = _road_end_joined
        elif _road_named(doc, place):
            joined = _road_end_hyphened  # "على طريق عين العرب (كوباني) – الطبقة": the road's name, one spot on it
        else:
            continue
        j = k
        while j + 1 < len(places):
            nxt = places[j + 1]
            if nxt.place is not None and places[j].place is not None and nxt.place.id == places[j].place.id \
                    and "(" in doc.norm[doc.norm_index(places[j].end) : doc.norm_index(nxt.start)]:
                j += 1  # the same place's other name in brackets ("عين العرب (كوباني)")
                continue
            if not joined(doc, places[j], nxt):
                break
            drop.add(j + 1)
            j += 1
    for k, place in enumerate(places):
        if k not in drop and k > 0 and _second_road_end(doc, place):
            drop.add(k)  # "على طريق دمشق-عمان" when "دمشق" is no event place of its own (it only locates)
    return [p for k, p in enumerate(places) if k not in drop]


def _second_road_end(doc: Document, place: PlaceMention) -> bool:
    """A hyphen stands right before the place, and a road word among the three words before the hyphen ("طريق
    دمشق-عمان", "طريق عين العرب (كوباني) – الطبقة"): the place is the road's second end."""
    at = doc.norm_index(place.start)
    before = doc.norm[max(0, at - ROAD_REACH) : at].rstrip(" (")
    if not before.endswith(("-", "–")):
        return False
    words = _WORD.findall(before[:-1])
    return any(_road_word(w) for w in words[-4:-1])


def _road_end_joined(doc: Document, first: PlaceMention, second: PlaceMention) -> bool:
    gap = doc.norm[doc.norm_index(first.end) : doc.norm_index(second.start)].strip(" ,")
    return gap in ("و", "-", "–", "/")


def _road_end_hyphened(doc: Document, first: PlaceMention, second: PlaceMention) -> bool:
    gap = doc.norm[doc.norm_index(first.end) : doc.norm_index(second.start)].strip(" ()")
    return gap in ("-", "–", "/")


def _road_named(doc: Document, place: PlaceMention) -> bool:
    """The place names a road: a road word opens its mention ("طريق عين العرب") or stands right before it."""
    words = _WORD.findall(doc.norm[doc.norm_index(place.start) : doc.norm_index(place.end)])
    if words and _road_word(words[0]):
        return True
    at = doc.norm_index(place.start)
    before = _WORD.findall(doc.norm[max(0, at - ROAD_WORD_BEFORE) : at])
    return bool(before) and _road_word(before[-1])


# How far before a place a road word that names the road after it may stand (folded characters: "الطريق " and a
# proclitic or two).
ROAD_WORD_BEFORE = 12


# How far a locating clause ("، الواقعة قرب العاصمة السورية، ") may run between a place and the one it names.
REFERENCE_GAP = 60


def _references(doc: Document, first: PlaceMention, second: PlaceMention) -> bool:
    """"حرستا، الواقعة قرب العاصمة، دمشق": a clause opened by a locating word after ``first``
    names ``second`` only to say where ``first`` lies."""
    if first.place is None or second.place is None or first.place.id == second.place.id:
        return False
    gap = doc.norm[doc.norm_index(first.end) : doc.norm_index(second.start)]
    if len(gap) > REFERENCE_GAP or "." in gap:
        return False
    words = _WORD.findall(gap)
    if len(words) > 1 and words[0] in _relative_pronouns():
        if first.geo_precision > second.geo_precision:
            return False  # "جامعة الانبار التي تقع في الرمادي": a name's province does not lie in a town
        words = words[1:]  # "قضاء الطارمية التي تقع شمال بغداد"
    return bool(words) and _bare(words[0]) in cue_words("reference")


@functools.lru_cache(maxsize=1)
def _relative_pronouns() -> frozenset[str]:
    """The folded relative pronouns (``relative`` of event_cues.tsv: "التي", "اللتين" ...)."""
    return frozenset(fold(r["phrase"]).strip() for r in read_tsv("event_cues.tsv") if r["class"] == "relative")


def _bare(word: str) -> str:
    """A word without the article, the way keyed cue words are listed ("الواقعة" -> "واقعه")."""
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def _listed_after(doc: Document, first: PlaceMention, second: PlaceMention) -> bool:
    """``second`` is the next item of a list after ``first``: "و" or a comma between them, nothing else (not a
    qualifier's own place right after: "الفارين من مدينة الرقة قرب بلدة الطبقة")."""
    gap = doc.norm[doc.norm_index(first.end) : doc.norm_index(second.start)].replace(" ", "")
    return gap in (proclitics("and"), ",", "," + proclitics("and"))


def _joined(doc: Document, first: PlaceMention, second: PlaceMention) -> bool:
    """``second`` continues a list after ``first``: only "و" or a comma between them ("بين دهوك ونينوى")."""
    gap = doc.norm[doc.norm_index(first.end) : doc.norm_index(second.start)].strip(" ,")
    return gap in ("", "و") or (gap.startswith("و") and len(gap) <= 8 and gap[1:].strip() in _context_words())


# How far back a speaker word may stand before "في" and its place ("مراسل وكالة الأخبار العربية في بيروت").
SPEAKER_REACH = 50
SPEAKER_WORDS = 6  # a reporter (place_speakers.tsv)
SPEAKER_NEAR_WORDS = 4  # any speaker word of event_cues.tsv


def _seat_of_teller(doc: Document, ss: SentenceSpans, place: PlaceMention) -> bool:
    """The place follows "في" (``seat`` of event_cues.tsv) right after an actor, or a mission (``teller``: "السفارة
    الإيرانية"), that a word of telling (``attribution``) stands right before, with no word between ("أعلنت قوى الأمن
    الداخلي (الأسايش) في الرقة عن ...", "قالت السفارة الإيرانية في دمشق إن"): where the teller sits, not the
    incident's place (an embassy attacked, with no word of telling before it, keeps its place)."""
    seat, tellers = cue_words("seat"), cue_words("teller")
    for c in ss.cues_of("attribution"):
        if not (c.end < place.start <= c.end + SEAT_REACH):
            continue
        gap = _WORD.findall(doc.norm[doc.norm_index(c.end) : doc.norm_index(place.start)])
        # the mission, one adjective at most ("الإيرانية"), then "في"
        if 2 <= len(gap) <= 3 and _bare(gap[0]) in tellers and gap[-1] in seat:
            return True
    for a in ss.actors:
        if not (a.end <= place.start <= a.end + SEAT_REACH):
            continue
        gap = _BRACKETED.sub(" ", doc.norm[doc.norm_index(a.end) : doc.norm_index(place.start)]).split()
        if len(gap) != 1 or gap[0] not in seat:
            continue
        if any(c.end <= a.start and not doc.norm[doc.norm_index(c.end) : doc.norm_index(a.start)].split()
               for c in ss.cues_of("attribution")):
            return True
    return False


# How far after a teller's name its seat may stand (characters: "في" and a bracketed other name).
SEAT_REACH = 30
_BRACKETED = re.compile(r"\([^()]*\)")


def _speaker_location(doc: Document, place: PlaceMention) -> bool:
    """"مصدر أمني في كركوك", "مراسل الوكالة في دمشق": where the teller of the story is; "الناشطين من محافظة
    درعا": where they come from."""
    before = doc.norm[max(0, doc.norm_index(place.start) - SPEAKER_REACH) : doc.norm_index(place.start)]
    before = _PHRASE_BREAK.split(before)[-1]  # the phrase only
    words = _WORD.findall(before)[-SPEAKER_WORDS - 1:]
    if len(words) > 2 and _bare(words[-1]) in cue_words("speaker_site"):
        words = words[:-1]  # "مصدر طبي في مستشفى سامراء": the building the teller speaks from
    words = words[-SPEAKER_WORDS:]
    if len(words) < 2 or words[-1] not in ("في", "ب", "من"):
        return False
    speaker = cue_words("speaker")
    if any(_bare(w) in speaker for w in words[-SPEAKER_NEAR_WORDS:-1]):
        return True
    reporters = _reporter_words()
    clitics = proclitics("reporter")
    return any(w in reporters or strip_proclitic(w, clitics) in reporters for w in words[:-1])


@functools.lru_cache(maxsize=1)
def _reporter_words() -> frozenset[str]:
    """``place_speakers.tsv`` folded: reporters whose place may stand several words after them."""
    return frozenset(fold(r["word"]) for r in read_tsv("place_speakers.tsv"))


# How many words a title phrase may hold between the title and "في" ("مدير المكتب الإعلامي لجمعية الهلال الأحمر في").
TITLE_WORDS = 6


@functools.lru_cache(maxsize=1)
def _title_words() -> tuple[frozenset[str], frozenset[str]]:
    """``place_titles.tsv`` folded, without the article: (titles, bodies)."""
    rows = read_tsv("place_titles.tsv")
    return (frozenset(_bare(fold(r["word"])) for r in rows if r["kind"] == "title"),
            frozenset(_bare(fold(r["word"])) for r in rows if r["kind"] == "body"))


# How far back a title may stand before the place of its office ("مدير المكتب الإعلامي ... في").
OFFICE_REACH = 90


def _office_location(doc: Document, place: PlaceMention) -> bool:
    """"آمر كلية الهندسة العسكرية في بغداد", "عضو الحزب الديمقراطي الكردستاني في دهوك": the place closes a
    title phrase (``place_titles.tsv``): where the office is, not where the incident happened."""
    start = doc.norm_index(place.start)
    before = _PHRASE_BREAK.split(doc.norm[max(0, start - OFFICE_REACH) : start])[-1]
    words = _WORD.findall(before)
    if len(words) < 2 or words[-1] not in ("في", "ب"):
        return False
    titles, bodies = _title_words()
    for word in reversed(words[-2 - TITLE_WORDS : -1]):
        form = word[1:] if word[:1] == "و" and len(word) > 3 else word
        bare = _bare(form)
        if bare in titles:
            return True
        if bare in bodies or form.startswith("ال") or (form[:1] == "ل" and len(form) > 3):
            continue
        return False
    return False


# How far back a word of origin may stand before the place ("المنحدر من بلدة").
ORIGIN_REACH = 35


def _origin(doc: Document, place: PlaceMention) -> bool:
    """"المنحدر من بلدة الصور", "النازحين من حمص": a place someone comes from."""
    before = doc.norm[max(0, doc.norm_index(place.start) - ORIGIN_REACH) : doc.norm_index(place.start)]
    words = _WORD.findall(before)[-5:]
    origin = cue_words("origin")
    context = _context_words()
    for k, word in enumerate(words):
        # the indefinite accusative ("منحدرا من") ends in an alef the listed form lacks; a verb may
        # follow "و" ("وانطلقت الطائرات من مطار حماة")
        if not (_bare(word) in origin or word.removesuffix("ا") in origin
                or (word[:1] == "و" and len(word) > 3 and word[1:] in origin)):
            continue
        rest = words[k + 1:]
        if all(w == "من" or w in context for w in rest):
            return True
        # a subject between the verb and "من" ("انطلقت الطائرات من"): one or two words, then "من"
        # and only locating words
        if "من" in rest:
            at = len(rest) - 1 - rest[::-1].index("من")
            if 1 <= at <= 2 and all(w in context for w in rest[at + 1:]) and "من" not in rest[:at]:
                return True
    return False


_SETTLEMENT_KINDS = frozenset({"city", "town", "village", "neighbourhood"})
# How far back a word of adjacency may stand before the place it names ("المطلة على", "الحدودية مع").
REFERENCE_REACH = 60


def _reference_point(doc: Document, place: PlaceMention) -> bool:
    """"كتل سكنية مطلة على مطار المزة", "التلال المحاذية لمرتفعات الجولان", "منطقة وادي الشاي الحدودية مع
    محافظة كركوك": a place named after a word of adjacency (``place_borders.tsv``) with only locating
    words between lies next to the incident, it is not its place."""
    if place.place is not None and place.place.kind in _SETTLEMENT_KINDS:
        return False  # "حاجز مطل على بلدة بلودان": the town is the nearest place there is
    start = doc.norm_index(place.start)
    before = _PHRASE_BREAK.split(doc.norm[max(0, start - REFERENCE_REACH) : start])[-1]
    words = _WORD.findall(before)
    adjacent, border, passable = _border_words()
    context = _context_words()
    for k in range(len(words) - 1, -1, -1):
        word = words[k]
        bare = _bare(word[1:] if word[:1] == "و" and len(word) > 3 else word)
        if bare in adjacent:
            return True
        if bare in border:
            return k + 1 < len(words) and words[k + 1] == "مع"
        if word.isdigit() or all(ch in _PROCLITIC_LETTERS for ch in word) or word in ("مع", "لل"):
            continue
        stripped = word.lstrip(_PROCLITIC_LETTERS)
        if bare in context or _bare(stripped) in context or stripped in context or stripped in passable:
            continue
        return False
    return False


@functools.lru_cache(maxsize=1)
def _border_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """``place_borders.tsv`` keyed: (words of adjacency, border adjectives that need "مع", words read
    past)."""
    rows = read_tsv("place_borders.tsv")
    return (frozenset(_bare(fold(r["word"])) for r in rows if r["kind"] == "adjacent"),
            frozenset(_bare(fold(r["word"])) for r in rows if r["kind"] == "border"),
            frozenset(fold(r["word"]) for r in rows if r["kind"] == "passable"))


_QUOTES_ONLY = re.compile(r"[\s\"'“”«»‘’]{0,3}")


@functools.lru_cache(maxsize=1)
def _route_words() -> dict[str, frozenset]:
    """``place_routes.tsv`` folded: kind -> words."""
    out: dict[str, set] = {}
    for row in read_tsv("place_routes.tsv"):
        out.setdefault(row["kind"], set()).add(fold(row["word"]))
    return {k: frozenset(v) for k, v in out.items()}


# How many words before the preposition a motion word may stand ("أثناء توجهه من حلب إلى اللاذقية").
ROUTE_WORDS = 5


# How far back the words of a journey may stand before its end ("أثناء توجهه من حلب إلى").
ROUTE_REACH = 60


def _route_end(doc: Document, place: PlaceMention) -> bool:
    """"توجهه من دمشق الى بيروت", "قبل أن تعود نحو دمشق", "نقلوا الى مستشفى منبج": a place someone travels
    (or is taken) to or from."""
    before = doc.norm[max(0, doc.norm_index(place.start) - ROUTE_REACH) : doc.norm_index(place.start)]
    before = _CLAUSE_BREAK.split(before)[-1]  # the clause only
    words = _WORD.findall(before)
    if len(words) < 2:
        return False
    routes = _route_words()
    if words[-1] in routes.get("facility", ()) and len(words) >= 3:
        words = words[:-1]  # "نقلوا إلى مستشفى منبج": the facility's town is where they were taken
    prep = words[-1][1:] if words[-1][:1] in ("و", "ف") and words[-1][1:] in routes["to"] else words[-1]
    if prep not in routes["to"] and prep not in routes["from"]:
        return False
    motion = routes["motion"]
    for w in words[-1 - ROUTE_WORDS : -1]:
        for form in (w, w[1:] if w[:1] in ("و", "ف") else w):
            if form in motion or _bare(form) in motion:
                return True
    return False


def _speaks(ss: SentenceSpans, place: PlaceMention, attribution: list[Cue]) -> bool:
    """"حملت دمشق المسؤولية", "قالت موسكو", 'بحسب "الميادين"': a place right after a reporting verb
    or a source word (maybe in quotes) is its government or an outlet (``attribution``: the sentence's
    cues of the class)."""
    text = ss.doc.text
    at = place.start
    for c in attribution:
        if 0 <= at - c.end <= 3 and _QUOTES_ONLY.fullmatch(text, c.end, at):
            return True
    return False


def _speaks_with(doc: Document, place: PlaceMention, attribution: list[Cue]) -> bool:
    """"بحسب واشنطن ودمشق": a capital listed right after another speaker of a reporting word
    (``attribution``: the sentence's cues of the class)."""
    for c in attribution:
        if 0 <= place.start - c.end <= 25:
            gap = doc.norm[doc.norm_index(c.end) : doc.norm_index(place.start)].split()
            if 2 <= len(gap) <= 3 and gap[-1] == "و":
                return True
    return False


def _speaking(doc: Document, ss: SentenceSpans) -> list[PlaceMention]:
    """The places of a sentence that stand for governments speaking ("قالت موسكو"), and those listed
    with them ("بحسب واشنطن ودمشق")."""
    if not ss.places or not ss.may_have_cues("attribution"):
        return []  # no reporting word: no place speaks (and the sentence's cues need not be searched)
    out: list[PlaceMention] = []
    attribution = ss.cues_of("attribution")
    for place in ss.places:
        if _speaks(ss, place, attribution) or _speaks_with(doc, place, attribution):
            out.append(place)
        elif out and out[-1] is not place and _joined(doc, out[-1], place) and out[-1].end <= place.start:
            out.append(place)
    return out


def _is_frame(doc: Document, ss: SentenceSpans, place: PlaceMention) -> bool:
    """A sentence that opens "في دمشق، ..." names the area of what follows, not an event place."""
    head = doc.norm[doc.norm_index(ss.sentence.start) : doc.norm_index(place.start)].split()
    tail = doc.norm[doc.norm_index(place.end) : doc.norm_index(place.end) + 12].lstrip()
    opens = bool(head) and head[-1] in cue_words("frame") and len(head) <= 2
    return opens and (tail.startswith(",") or tail.startswith("("))


# Prepositions that, after an adjective of a place, may as well open the incident's next phrase ("في حلب
# الثلاثاء في غارة"): they do not make the place after them locate the one before.


def _locates(doc: Document, first: PlaceMention, second: PlaceMention) -> bool:
    """True when ``second`` follows ``first`` joined only by words like "في", "بريف", "غربي"."""
    if first.place is None or second.place is None or first.place.id == second.place.id:
        return False
    gap = doc.norm[doc.norm_index(first.end) : doc.norm_index(second.start)]
    if len(gap) > 40 or "." in gap:
        return False
    words = [w for w in _WORD.findall(gap) if not w.isdigit()]
    if not words:
        # adjacent: "محافظة ديالى شرقي العاصمة بغداد" -- the second names where the first lies
        return "(" in gap or "," in gap or bool(second.qualifier)
    if second.qualifier and len(words) <= 2 and "," not in gap and all(
            w.startswith("ال") and len(w) > 4 for w in words):
        return True  # an adjective of the first between: "مضايا المحاصرة قرب الزبداني"
    if second.qualifier and fold(second.qualifier) in cue_words("admin_unit") and len(words) <= 3 and not any(
        w.startswith("و") and w[1:] not in _context_words() for w in words
    ):
        return True  # "قرية تل الرمان الصغيرة الواقعة في ناحية جلولاء"
    context = _context_words()
    # an adjective or two of the first place before a locating word that is not a preposition ("مضايا
    # المحاصرة قرب الزبداني", "بلدة كفرنبل الصامدة شمال إدلب")
    lead = 0
    while lead < min(2, len(words) - 1) and words[lead].startswith("ال") and len(words[lead]) > 4 and (
            words[lead][2:] not in context and words[lead] not in context):
        lead += 1
    if lead:
        if words[lead] in cue_words("place_preposition") or words[lead].lstrip(_PROCLITIC_LETTERS) not in context and (
                words[lead] not in context):
            return False
        words = words[lead:]
    for word in words:
        if word.startswith("و") and len(word) > 1 and word[1:] not in context:
            return False  # "و" joins a list of places, each its own event
        bare = word.lstrip(_PROCLITIC_LETTERS)
        if bare.startswith("ال"):
            bare = bare[2:]
        if word and all(ch in _PROCLITIC_LETTERS for ch in word):
            continue
        if bare not in context and word not in context:
            return False
    return True


def _cut_position(ss: SentenceSpans, doc: Document, offset: int) -> Optional[tuple[list[int], int]]:
    """The sentence's clause cuts (folded offsets) and where ``offset`` falls among them (the first cut
    at or after it), or None for an offset outside the sentence or of another document."""
    sentence = ss.sentence
    if doc is not ss.doc or not sentence.start <= offset <= sentence.end:
        return None
    cuts = ss._cuts
    if cuts is None:
        cuts = _clause_cuts(ss)
    return cuts, bisect_left(cuts, doc.norm_index(offset))


def clause_opener_cues(ss: SentenceSpans) -> list[Cue]:
    """The sentence's words that open another clause, ``clause_while`` ("فيما", "في حين") first, then ``clause_also``
    ("كما"), of event_cues.tsv (none in most sentences; a new list)."""
    out = list(ss.cues_of("clause_while")) if ss.may_have_cues("clause_while") else []
    if ss.may_have_cues("clause_also"):
        out += ss.cues_of("clause_also")
    return out


def definite(trig: Trigger) -> bool:
    """The trigger word carries the article ("الانفجار", "بالهجوم", "للقصف"): it tells an incident already known."""
    return has_article(fold(trig.text))


def clause_start(ss: SentenceSpans, doc: Document, offset: int) -> int:
    """Start of the clause holding ``offset``: after the last comma/semicolon/colon before it."""
    found = _cut_position(ss, doc, offset)
    if found is None:
        return _clause_start(ss, doc, offset)
    cuts, k = found
    return doc.text_index(cuts[k - 1] + 1) if k else ss.sentence.start


def clause_end(ss: SentenceSpans, doc: Document, offset: int) -> int:
    """End of the clause holding ``offset``: the next comma/semicolon/colon, or the sentence end."""
    found = _cut_position(ss, doc, offset)
    if found is None:
        return _clause_end(ss, doc, offset)
    cuts, k = found
    return doc.text_index(cuts[k]) if k < len(cuts) else ss.sentence.end


_CLAUSE_CUT_MARKS = ",;:"  # what cuts a sentence into clauses


def _clause_cuts(ss: SentenceSpans) -> list[int]:
    """The offsets in ``doc.norm`` of the commas, semicolons and colons of the sentence, in order (kept)."""
    doc = ss.doc
    lo, hi = doc.norm_index(ss.sentence.start), doc.norm_index(ss.sentence.end)
    norm = doc.norm
    # (str.find of each mark, not a regex scan of every character: a sentence has a few of them)
    cuts: list[int] = []
    for mark in _CLAUSE_CUT_MARKS:
        k = norm.find(mark, lo, hi)
        while k >= 0:
            cuts.append(k)
            k = norm.find(mark, k + 1, hi)
    cuts.sort()
    ss._cuts = cuts
    return cuts


def _clause_start(ss: SentenceSpans, doc: Document, offset: int) -> int:
    """:func:`clause_start` searched afresh (for an offset outside the sentence, or another document)."""
    text = doc.norm
    lo = doc.norm_index(ss.sentence.start)
    j = doc.norm_index(offset)
    cut = max(text.rfind(",", lo, j), text.rfind(";", lo, j), text.rfind(":", lo, j))
    return doc.text_index(cut + 1) if cut >= 0 else ss.sentence.start


def _clause_end(ss: SentenceSpans, doc: Document, offset: int) -> int:
    """:func:`clause_end` searched afresh (for an offset outside the sentence, or another document)."""
    text = doc.norm
    j = doc.norm_index(offset)
    hi = doc.norm_index(ss.sentence.end)
    cuts = [k for k in (text.find(",", j, hi), text.find(";", j, hi), text.find(":", j, hi)) if k >= 0]
    return doc.text_index(min(cuts)) if cuts else ss.sentence.end


# the word lists of the place tests of :func:`_event_places`: a test is made only when a word of its list
# stands in the window of text it reads
register_prefilter("origin", lambda: cue_words("origin"))
register_prefilter("motion", lambda: _route_words()["motion"])
register_prefilter("adjacent", lambda: _border_words()[0] | _border_words()[1])
register_prefilter("titles", lambda: _title_words()[0])
register_prefilter("speakers", lambda: cue_words("speaker") | _reporter_words())
register_prefilter("roads", lambda: cue_words("road"))
_PLACE_TEST_LISTS = ("origin", "motion", "adjacent", "titles", "speakers", "roads")
# the cue classes whose :meth:`SentenceSpans.may_have_cues` is asked for most: class -> its list
_SCANNED_CUE_CLASSES = {cls: "cues:" + cls for cls in ("air", "artillery", "attribution", "pair", "update")}
for _cls, _name in _SCANNED_CUE_CLASSES.items():
    register_prefilter(_name, functools.partial(_cue_first_words, _cls))
