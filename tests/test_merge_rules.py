"""Step 7 (events/merge.py): one record per incident told twice, two records for two incidents told
together. Short synthetic articles on the bundled default gazetteer; rows compare the place as written.
"""
from datetime import date

import pytest

from marsad import Article, Pipeline

NLP = Pipeline()
PUB = date(2023, 3, 15)  # a Wednesday


def summary(text):
    evs = NLP(Article(id="t", text=text, published=PUB)).events
    return [(e.sub_event_type, e.location_ar, e.event_date, e.fatalities) for e in evs]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the lead's rough place and the detail's town with the same exact toll: one blast, at the detail's place
        ("قتل أربعة أشخاص اليوم بتفجير انتحاري بشاحنة مفخخة عند حاجز للجيش قرب مدينة حماة. "
         "وأوضح مصدر محلي أن أربعة أشخاص قتلوا بتفجير انتحاري ضرب حاجزا في بلدة السلمية.",
         [("Suicide bomb", "بلدة السلمية", "2023-03-15", 4)]),
        # other tolls: nothing ties the two reports, each its own
        ("قتل أربعة أشخاص اليوم بتفجير انتحاري بشاحنة مفخخة عند حاجز للجيش قرب مدينة حماة. "
         "وأوضح مصدر محلي أن ستة أشخاص قتلوا بتفجير انتحاري ضرب حاجزا في بلدة السلمية.",
         [("Suicide bomb", "قرب مدينة حماة", "2023-03-15", 4), ("Suicide bomb", "بلدة السلمية", "2023-03-15", 6)]),
        # regression: the same toll at a direction of the same city keeps the countryside (no finer place)
        ("قتل ثلاثة جنود من قوات النظام أمس برصاص مجهولين في ريف حمص.\n"
         "وقتل ثلاثة جنود من قوات النظام برصاص مجهولين جنوبي مدينة حمص.",
         [("Armed clash", "ريف حمص", "2023-03-14", 3)]),
        # regression: one death is too common a toll to tie two towns' reports
        ("قتل مدني اليوم في قصف مدفعي على بلدة الباب.\nوقتل مدني في قصف مدفعي على مدينة منبج.",
         [("Shelling/artillery/missile attack", "بلدة الباب", "2023-03-15", 1),
          ("Shelling/artillery/missile attack", "مدينة منبج", "2023-03-15", 1)]),
    ],
)
def test_same_exact_toll_is_one_incident(text, expected):
    assert summary(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # an earlier report told as background, then the detail located by the lead's city: one arrest raid
        ("وكانت وزارة الداخلية أعلنت أمس القبض على مجموعة مرتبطة بتنظيم داعش في طرطوس. "
         "وأوضح مسؤول أمني أنه جرى أمس القبض على أفراد المجموعة في مدينة بانياس بريف طرطوس.",
         [("Arrests", "مدينة بانياس", "2023-03-14", 0)]),
        # without the background word: two reports
        ("أعلنت وزارة الداخلية أمس القبض على مجموعة مرتبطة بتنظيم داعش في طرطوس. "
         "وأوضح مسؤول أمني أنه جرى أمس القبض على أفراد مجموعة في مدينة بانياس بريف طرطوس.",
         [("Arrests", "طرطوس", "2023-03-14", 0), ("Arrests", "مدينة بانياس", "2023-03-14", 0)]),
    ],
)
def test_background_lead_located_by_the_detail(text, expected):
    assert summary(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a site named after the city ("مطار دمشق"): the city's incident, told in detail
        ("قصفت طائرات إسرائيلية صباح اليوم العاصمة دمشق. "
         "وقالت مصادر محلية إن القصف طال مستودعا على طريق مطار دمشق الدولي.",
         [("Air/drone strike", "العاصمة دمشق", "2023-03-15", 0)]),
    ],
)
def test_site_named_after_the_city(text, expected):
    assert summary(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a weak clash word at the city is not the defection reported there; the city's clash, told in one
        # sentence with a neighbourhood's ("وأخرى في حي الوعر"), is not the umbrella of another neighbourhood's
        ("ذكر ناشطون اليوم انشقاق عشرات العناصر عن الجيش في حمص. "
         "واستطاع مقاتلو المعارضة تدمير دبابة لقوات النظام على الطريق الدائري لحمص، وأخرى في حي الوعر. "
         "وكانت مواجهات عنيفة قد اندلعت اليوم في حي بابا عمرو بحمص.",
         [("Change to group/activity", "حمص", "2023-03-15", 0), ("Armed clash", "حمص", "2023-03-15", 0),
          ("Armed clash", "حي الوعر", "2023-03-15", 0), ("Armed clash", "حي بابا عمرو", "2023-03-15", 0)]),
        # the city and a neighbourhood told in one sentence ("..., وأخرى في حي X"): each its own incident
        ("واستطاع مقاتلو المعارضة اليوم تدمير دبابة لقوات النظام على الطريق الدائري لحمص، وأخرى في حي الوعر.",
         [("Armed clash", "حمص", "2023-03-15", 0), ("Armed clash", "حي الوعر", "2023-03-15", 0)]),
    ],
)
def test_weak_report_and_sibling_places_stay_apart(text, expected):
    assert summary(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a bare "قصف" joins a strike at its place, never a bomb of the same event type
        ("انفجرت عبوة ناسفة اليوم في مدينة إدلب. وقصفت قوات النظام مدينة إدلب بالمدفعية.",
         [("Remote explosive/landmine/IED", "مدينة إدلب", "2023-03-15", 0),
          ("Shelling/artillery/missile attack", "مدينة إدلب", "2023-03-15", 0)]),
        ("انفجرت عبوة ناسفة اليوم في محافظة ديالى. "
         "وأضافت المصادر أن مدنيين سقطوا في قصف بقذائف الهاون على بلدة في غرب ديالى.",
         [("Remote explosive/landmine/IED", "محافظة ديالى", "2023-03-15", 0),
          ("Shelling/artillery/missile attack", "غرب ديالى", "2023-03-15", 0)]),
        # ... and an air strike at the place still takes it
        ("شنت الطائرات الحربية اليوم غارة على مدينة إدلب. وقصفت قوات النظام مدينة إدلب بالمدفعية.",
         [("Air/drone strike", "مدينة إدلب", "2023-03-15", 0)]),
    ],
)
def test_bare_strike_joins_only_a_strike(text, expected):
    assert summary(text) == expected
