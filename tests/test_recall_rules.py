"""Recall rules: trigger words added for reports the lexicon missed (search campaigns, قتلها), and a background note that dates
its incident to a recent day.

Synthetic sentences written for these tests (not copied from any article).
"""
from datetime import date

import pytest

from marsad import Article, Pipeline
from marsad.pipeline import STAGES
from marsad.resources import read_tsv

TRIGGERS = Pipeline(stages=STAGES[:1] + tuple(s for s in STAGES if s.name == "triggers"), gazetteer=object())
NLP = Pipeline()
PUB = date(2023, 3, 15)  # a Wednesday


def triggers(text):
    doc = TRIGGERS(Article(id="t", text=text, published=PUB))
    return [(t.text, t.sub_event_type, t.strong) for t in doc.triggers]


def summary(text):
    evs = NLP(Article(id="t", text=text, published=PUB)).events
    return [(e.sub_event_type, e.location_ar, e.event_date) for e in evs]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a search campaign: a raid (Arrests when detentions are reported)
        ("بدأت القوات حملة تفتيش في الحي", [("حملة تفتيش", "raid", False)]),
        ("تواصلت عمليات التفتيش في البلدة", [("عمليات التفتيش", "raid", False)]),
        # the verbal noun of killing with its agent
        ("أعلن الفصيل تقدمه وقتلها عشرة من الجنود", [("قتلها", "killing", False)]),
    ],
)
def test_added_trigger_words(text, expected):
    assert triggers(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a background note that dates its incident to a recent day is news of the last days
        ("يذكر أن مسلحين أطلقوا النار أمس على شاب في بلدة نوى بريف درعا.",
         [("Attack", "بلدة نوى", "2023-03-14")]),
        ("ويذكر أن مسلحين أطلقوا النار يوم الاثنين على شاب في بلدة نوى بريف درعا.",
         [("Attack", "بلدة نوى", "2023-03-13")]),
        # without such a day it stays history: no event
        ("يذكر أن مسلحين أطلقوا النار على شاب في بلدة نوى بريف درعا.", []),
        ("يذكر أن البلدة شهدت اشتباكات عنيفة في عام 2015.", []),
    ],
)
def test_background_note_with_a_recent_day(text, expected):
    assert summary(text) == expected


def test_recall_block_rows_are_well_formed():
    rows = [r for r in read_tsv("triggers.tsv") if (r.get("note") or "").startswith("recall2")]
    assert rows, "the recall2 block is at the end of triggers.tsv"
    for row in rows:
        assert row["strength"] in ("weak", "strong")


@pytest.mark.parametrize(
    "text, day",
    [
        # a note that dates an earlier incident to a calendar day: that incident is an event of its own
        ("ويعتبر هذا الهجوم الأعنف منذ التفجير الذي قتل 20 شخصا في مدينة حلب في 5 كانون الثاني/يناير الماضي.",
         "2023-01-05"),
        ("يذكر أن انفجار سيارة مفخخة هز مدينة حلب في 2 شباط/فبراير الماضي.", "2023-02-02"),
    ],
)
def test_background_note_dated_to_a_calendar_day(text, day):
    assert day in [d for _, _, d in summary(text)]


@pytest.mark.parametrize(
    "text",
    [
        # a judgment or a note with no day stays background
        "ويعتبر هذا الهجوم الأعنف في مدينة حلب منذ سنوات.",
        "يذكر أن مدينة حلب شهدت تفجيرات عدة خلال الحرب.",
    ],
)
def test_background_note_without_a_day_reports_nothing(text):
    assert summary(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # a search campaign with no detention reported: a raid is Other (Arrests only with detentions)
        ("شنت قوى الأمن حملة تفتيش في مدينة الرقة اليوم.",
         [("Other", "مدينة الرقة", "2023-03-15")]),
    ],
)
def test_search_campaign_events(text, expected):
    assert summary(text) == expected
