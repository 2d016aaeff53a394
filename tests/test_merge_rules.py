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
        ("قتل ثلاثة أشخاص اليوم في هجوم انتحاري بسيارة مفخخة استهدف مقرا للشرطة قرب مدينة حلب. "
         "وقال مسؤول محلي إن ثلاثة أشخاص قتلوا في هجوم انتحاري بسيارة مفخخة استهدف مقر الشرطة في مدينة الباب.",
         [("Suicide bomb", "مدينة الباب", "2023-03-15", 3)]),
        # other tolls: nothing ties the two reports, each its own
        ("قتل ثلاثة أشخاص اليوم في هجوم انتحاري بسيارة مفخخة استهدف مقرا للشرطة قرب مدينة حلب. "
         "وقال مسؤول محلي إن خمسة أشخاص قتلوا في هجوم انتحاري بسيارة مفخخة استهدف مقر الشرطة في مدينة الباب.",
         [("Suicide bomb", "قرب مدينة حلب", "2023-03-15", 3), ("Suicide bomb", "مدينة الباب", "2023-03-15", 5)]),
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
        ("وكانت قوات الأمن أعلنت أمس القبض على خلية تابعة لتنظيم داعش في اللاذقية. "
         "وقال قائد الأمن إنه تم أمس القبض على أفراد الخلية في بلدة جبلة بريف اللاذقية.",
         [("Arrests", "بلدة جبلة", "2023-03-14", 0)]),
        # without the background word: two reports
        ("أعلنت قوات الأمن أمس القبض على خلية تابعة لتنظيم داعش في اللاذقية. "
         "وقال قائد الأمن إنه تم أمس القبض على أفراد خلية في بلدة جبلة بريف اللاذقية.",
         [("Arrests", "اللاذقية", "2023-03-14", 0), ("Arrests", "بلدة جبلة", "2023-03-14", 0)]),
    ],
)
def test_background_lead_located_by_the_detail(text, expected):
    assert summary(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a site named after the city ("مطار دمشق"): the city's incident, told in detail
        ("شن الطيران الإسرائيلي اليوم غارة جوية على العاصمة دمشق. "
         "وأفادت مصادر بأن الغارة استهدفت سيارة على طريق مطار دمشق الدولي.",
         [("Air/drone strike", "العاصمة دمشق", "2023-03-15", 0)]),
    ],
)
def test_site_named_after_the_city(text, expected):
    assert summary(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a weak clash word at the city is not the defection reported there; the city's clash, told in one
        # sentence with a neighbourhood's ("وأخرى في حي جوبر"), is not the umbrella of another neighbourhood's
        ("أفاد ناشطون اليوم بانشقاق عشرات الجنود عن الجيش في دمشق. "
         "وتمكن الجيش الحر من تدمير دبابتين لقوات النظام على المتحلق الجنوبي لدمشق، وأخرى في حي جوبر. "
         "وكانت اشتباكات عنيفة قد دارت اليوم في حي القابون بدمشق.",
         [("Change to group/activity", "دمشق", "2023-03-15", 0), ("Armed clash", "دمشق", "2023-03-15", 0),
          ("Armed clash", "حي جوبر", "2023-03-15", 0), ("Armed clash", "حي القابون", "2023-03-15", 0)]),
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
