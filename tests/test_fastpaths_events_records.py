"""Speed of the events stage (issue 9), actors and records: the sentence's civilian flag worked out once,
the commentator test skipped in articles with no verb of judging, and the event id's key built by an
f-string give the answers of the slow paths they replace."""
import hashlib
import importlib
from collections import Counter
from datetime import date

import pytest

from marsad import Article, Pipeline
from marsad.document import EventRecord
from marsad.pipeline.events import actors as A
from marsad.pipeline.events import records as R
from marsad.pipeline.events.context import Context

C = importlib.import_module("marsad.pipeline.events.candidates")
NLP = Pipeline()
PUB = date(2023, 3, 15)

# sentences with several candidates (places, days) and civilians named by a cue, an actor or a death
# count, or not at all; articles with and without a verb of judging right before an actor
TEXTS = [
    "قصفت قوات النظام بلدتي كفرنبل ومعرة النعمان أمس، ما أدى إلى مقتل ثلاثة مدنيين.",
    "اندلعت اشتباكات بين الجيش الحر وتنظيم داعش في حلب وإدلب اليوم.",
    "قتل خمسة من عناصر تنظيم داعش في غارة على الرقة. وأصيب طفلان في قصف على دير الزور.",
    "أدانت الحكومة السورية الغارة التي شنها التحالف الدولي على منبج أمس.",
    "ندد حزب الله بالقصف الذي نفذته قوات التحالف على البوكمال، وقتل فيه مدنيون.",
    "اعتقلت قوات الأمن خمسة أشخاص في بغداد والبصرة يوم الاثنين.",
    "قصفت قوات التحالف منبج أمس وقتل مدنيان. وأدانت الحكومة السورية القصف.",
]
# the texts with events (a verb of judging before a deed makes it no event of its own)
EVENT_TEXTS = [t for k, t in enumerate(TEXTS) if k not in (3, 4)]


def civilian_slow(ss) -> bool:
    """``cand.civilian`` as it was worked out for each candidate."""
    return (bool(ss.cues_of("civilian")) or any(a.family == "civilians" for a in ss.actors)
            or any(f.victim_group == "civilian" for f in ss.fatalities))


@pytest.mark.parametrize("text", EVENT_TEXTS)
def test_civilian_once_per_sentence_gives_the_slow_answer(text, monkeypatch):
    asked = []
    fast = C.resolve_actors

    def spy(ctx, ss, cand):
        fast(ctx, ss, cand)
        asked.append((cand.civilian, civilian_slow(ss)))

    monkeypatch.setattr(C, "resolve_actors", spy)
    NLP(Article(id="t", text=text, published=PUB))
    assert asked and all(got == slow for got, slow in asked)


def test_civilian_is_shared_by_the_candidates_of_a_sentence():
    # two places of one report: the second candidate reads the flag the first worked out
    doc = NLP(Article(id="t", text=TEXTS[0], published=PUB))
    assert len(doc.events) >= 2 and all(e.actor2.startswith("Civilians") for e in doc.events)


def named_counts_slow(ctx, monkeypatch) -> Counter:
    """``actors._named_counts`` asking the commentator test of every actor, with no article gate."""
    with monkeypatch.context() as patch:
        patch.setattr(A, "_cue_in_article", lambda ctx, cls: True)
        return Counter(a.family for ss in ctx.sentences for a in ss.actors
                       if a.kind != "state" and not A._commentator_uncached(ctx, ss, a))


@pytest.mark.parametrize("text", TEXTS)
def test_named_counts_without_comment_words_gives_the_slow_answer(text, monkeypatch):
    doc = NLP(Article(id="t", text=text, published=PUB))
    fast = A._named_counts(Context.build(doc))
    assert fast == named_counts_slow(Context.build(doc), monkeypatch)


@pytest.mark.parametrize("text, commented", [
    (TEXTS[3], True),  # "أدانت الحكومة": the article has a verb of judging, the test is asked
    (TEXTS[4], True),
    (TEXTS[6], True),  # the verb in the sentence after the event's
    (TEXTS[1], False),
])
def test_comment_prefilter_sees_the_verbs_of_judging(text, commented):
    doc = NLP(Article(id="t", text=text, published=PUB))
    assert A._cue_in_article(Context.build(doc), "comment") is commented


def event_id_slow(record: EventRecord) -> str:
    """``records.event_id`` with its key joined from ``str`` of each field."""
    key = "|".join(map(str, (record.article_id, record.event_date, record.location, round(record.latitude, 3),
                             round(record.longitude, 3), record.sub_event_type, record.actor1, record.actor2)))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@pytest.mark.parametrize("latitude, longitude", [
    (36.2, 37.15), (0.0, 0.0), (-33.4567, 151.0), (1e-05, 2.0005), (36.1999999, 1e16), (90, -180),
])
def test_event_id_key_formats_as_str(latitude, longitude):
    record = EventRecord(event_date="2023-03-15", time_precision=1, event_type="Battles", sub_event_type="Armed clash",
                         actor1="A", actor2="", country="Syria", location="Aleppo", latitude=latitude,
                         longitude=longitude, article_id="a-1")
    assert R.event_id(record) == event_id_slow(record)


@pytest.mark.parametrize("text", EVENT_TEXTS)
def test_event_ids_of_the_pipeline_give_the_slow_answer(text):
    doc = NLP(Article(id="t", text=text, published=PUB))
    assert all(e.event_id == event_id_slow(e) for e in doc.events)
