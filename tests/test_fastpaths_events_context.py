"""Speed of the events stage (issue 9): the article context built in fewer passes gives the answers of
the plain forms (spans sorted into sentences, the article's country, its place mentions, the word
positions of the prefilter lists, the class rank of a report)."""
from bisect import bisect_right
from collections import Counter

import pytest

from marsad.document import PlaceMention
from marsad.pipeline import Pipeline
from marsad.pipeline.event_types import rank_of
from marsad.pipeline.events import candidates as K
from marsad.pipeline.events import context as C
from marsad.pipeline.events.context import Context
from marsad.pipeline.lexicon import DOCUMENT_SCAN

NLP = Pipeline()

TEXTS = [
    "قصفت قوات النظام بلدة كفرنبل، ما أدى إلى مقتل ثلاثة مدنيين وإصابة آخرين.",
    "قال مصدر أمني إن مسلحين من داعش شنوا هجوما على حاجز للجيش في الرمادي أمس، وقتل جنديان.",
    "غارة على دمشق. اشتباكات في بغداد. قصف على حلب وقتل خمسة في الموصل.",  # two countries, first named first
    "اشتباكات في بغداد. غارة على دمشق.",  # ... the other way round
    "دمشق",  # a place that is the whole text: its span starts at the first sentence's start
    "نص بلا أحداث ولا أماكن",  # no span of any kind
    "",
]


def _slow_lists(doc, attr):
    """The spans of ``doc.<attr>`` of each sentence: the sentence holding the span's start."""
    starts = [s.start for s in doc.sentences]
    out = [[] for _ in doc.sentences]
    for span in getattr(doc, attr):
        i = bisect_right(starts, span.start) - 1
        if i >= 0 and span.start < doc.sentences[i].end:
            out[i].append(span)
    return out


@pytest.mark.parametrize("text", TEXTS)
def test_spans_sorted_into_sentences_as_by_their_starts(text):
    doc = NLP(text)
    ctx = Context.build(doc)
    for attr in C._SPAN_LISTS:
        assert [getattr(ss, attr) for ss in ctx.sentences] == _slow_lists(doc, attr), attr


def test_spans_outside_every_sentence_and_out_of_order_are_sorted_as_by_their_starts():
    doc = NLP("غارة على دمشق. اشتباكات في بغداد.")
    first, second = doc.sentences[0], doc.sentences[1]
    doc.places = [
        PlaceMention(second.start, second.start + 1, "ا"),  # (out of text order)
        PlaceMention(first.start, first.start + 1, "غ"),  # at a sentence's start: in it
        PlaceMention(first.end, first.end + 1, " "),  # at a sentence's end: in the next one only if it starts there
        PlaceMention(second.end + 5, second.end + 6, "x"),  # after the last sentence: in none
    ]
    ctx = Context.build(doc)
    assert [ss.places for ss in ctx.sentences] == _slow_lists(doc, "places")
    assert sum(len(ss.places) for ss in ctx.sentences) == 2


@pytest.mark.parametrize("text", TEXTS)
def test_country_and_place_mentions_as_counted_in_passes_of_their_own(text):
    doc = NLP(text)
    ctx = Context.build(doc)
    countries = Counter(
        m.place.country for m in doc.places if m.place is not None and m.role == "place" and m.place.country
    )
    assert ctx.country == (countries.most_common(1)[0][0] if countries else "")
    assert ctx.place_mentions == Counter(m.place.id for m in doc.places if m.place is not None and m.role == "place")
    assert list(ctx.place_mentions) == list(dict.fromkeys(
        m.place.id for m in doc.places if m.place is not None and m.role == "place"))  # (first named first)
    assert ctx.actor_counts == Counter(a.family for a in doc.actors)


def test_a_tie_of_countries_goes_to_the_first_named():
    for text in TEXTS[2:4]:
        doc = NLP(text)
        named = [m.place.country for m in doc.places if m.place is not None and m.role == "place" and m.place.country]
        counts = Counter(named)
        if len(counts) > 1 and len(set(counts.values())) == 1:
            assert Context.build(doc).country == named[0]


WORDS = [
    "قال مصدر أمني في كركوك إن مسلحين منحدرين من بلدة الصور هاجموا الطريق الواصل بين حلب واللاذقية",
    "أثناء توجهه من حلب إلى دمشق قرب التلال المحاذية لمرتفعات الجولان قال مدير المكتب الإعلامي في حمص",
    "الغارات الجوية والقصف المدفعي بحسب المرصد",
    "نص بلا كلمات منها",
]


@pytest.mark.parametrize("text", WORDS)
def test_word_positions_of_every_list_as_read_from_the_pass(text):
    doc = NLP(text)
    memo: dict = {}
    names, _possible, _always, spans = C._occurrences(doc, memo)
    _, _, slot = C._prefilter_words(tuple(sorted(C._PREFILTER_WORDS)))
    slow: dict = {}
    for end, (lists, length) in DOCUMENT_SCAN.found(doc.norm, slot):
        for name in lists:
            starts, stops = slow.setdefault(name, ([], []))
            starts.append(end + 1 - length)
            stops.append(end + 1)
    assert spans == slow
    for name, (starts, stops) in spans.items():
        assert stops == sorted(stops), name  # (in the order of their stops, for ``within``)
        for a, b in zip(starts, stops):
            assert doc.norm[a:b].strip() and b - a <= len(doc.norm), name


@pytest.mark.parametrize("cls, proxy", [
    ("territory", "Non-state actor overtakes territory"),
    ("strike", "Shelling/artillery/missile attack"),
    ("raid", "Arrests"),
    ("killing", "Attack"),
    ("Armed clash", "Armed clash"),  # a class resolved at once ranks as itself
    ("no such class", "no such class"),
])
def test_class_rank_of_a_class_resolved_later_is_that_of_its_usual_type(cls, proxy):
    assert K._class_rank(cls) == rank_of(proxy)


@pytest.mark.parametrize("text, expected", [
    ("قصفت الطائرات بلدة كفرنبل", "strike"),  # one trigger: its own class, the rank not asked
    ("اشتباكات وقصف على بلدة كفرنبل", "Armed clash"),  # several: the codebook-first of them
])
def test_report_class_is_the_codebook_first_of_its_strong_triggers(text, expected):
    doc = NLP(text)
    ctx = Context.build(doc)
    classes = []
    for i, ss in enumerate(ctx.sentences):
        strong = [t for t in ss.triggers if t.strong]
        if not strong or not ss.places:
            continue
        cands = K.candidates_for(ctx, i, strong, ss.places, None)
        assert cands
        classes += [c.trigger_class for c in cands]
    assert classes and set(classes) == {expected}
