from datetime import date

import pytest

from marsad import Article, Pipeline
from marsad.pipeline.event_types import sub_event_types
from marsad.pipeline.lexicon import phrase_key
from marsad.pipeline import STAGES
from marsad.resources import read_tsv
from marsad.pipeline.triggers import CUE_CLASSES, TRIGGER_CLASSES, find_cues
from marsad.text import fold

NLP = Pipeline(stages=STAGES[:1] + tuple(s for s in STAGES if s.name == "triggers"), gazetteer=object())


def classes(text):
    doc = NLP(Article(id="t", text=text, published=date(2023, 1, 25)))
    return [t.sub_event_type for t in doc.triggers]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("اندلعت اشتباكات عنيفة", ["Armed clash"]),
        ("واشتبكت القوات مع المسلحين", ["Armed clash"]),
        ("قصف مدفعي على البلدة", ["Shelling/artillery/missile attack"]),
        ("قصفت الطائرات البلدة", ["strike"]),
        ("شن الطيران غارات على", ["Air/drone strike"]),
        ("انفجار عبوة ناسفة", ["Remote explosive/landmine/IED", "Remote explosive/landmine/IED"]),
        ("فجر انتحاري نفسه", ["Suicide bomb"]),
        ("هجوم بغاز سام", ["Chemical weapon"]),  # an attack with gas is one chemical trigger (triggers.tsv 21)
        ("اختطف مسلحون طفلا", ["Abduction/forced disappearance"]),
        ("حملة اعتقالات", ["Arrests"]),
        ("بمداهمة العشرات من النقاط", ["raid"]),
        ("سيطر المقاتلون على القرية", ["territory"]),
        ("استعادت القوات السيطرة", ["territory", "territory"]),  # grouped into one report by the events stage
        ("خرجت تظاهرات في المدينة", ["Peaceful protest"]),
        ("تفكيك عبوة ناسفة", ["Disrupted weapons use"]),
        # areas held by someone are no event
        ("المناطق الخاضعة لسيطرة المعارضة", []),
        ("مناطق سيطرتها في البادية", []),
        ("البلدة تحت سيطرة التنظيم", []),
        ("التي يسيطر عليها التنظيم", []),
        # duals of listed words, and "لقي حتفه" as "لقي مصرعه"
        ("قتل عنصر بهجومين منفصلين", ["killing", "Armed clash"]),
        ("شنت الطائرات غارتين على البلدة", ["Air/drone strike"]),
        ("سقطت قذيفتان على الحي", ["Shelling/artillery/missile attack"]),
        ("انفجار عبوتين ناسفتين", ["Remote explosive/landmine/IED", "Remote explosive/landmine/IED"]),
        ("خرجت مظاهرتين في المدينة", ["Peaceful protest"]),
        ("لقي شاب حتفه بنيران مجهولين", ["killing", "killing"]),
        # a noun right before a trigger word makes it a name or a place description
        ("حاجزين يؤديان إلى مدرسة المدفعية", []),
        ("في جميع مناطق القتال ضد التنظيم", []),
        ("ترافق مع قصف متبادل على مناطق الاشتباكات", ["Armed clash"]),  # shelling both ways: a fight
        ("سيطروا على كتيبة الدفاع الجوي", ["territory"]),
        ("حوصر المدنيون في ساحات القتال", []),
        ("وفي كلية المدفعية", []),
        # ... not with a word between them, nor the trigger before the noun
        ("قصفت المدفعية منطقة في البلدة", ["strike", "Shelling/artillery/missile attack"]),
        ("اندلعت اشتباكات في منطقة الراشدين", ["Armed clash"]),
        # a weapon named, not used; a ceasefire is no shooting
        ("سلمت روسيا منصات لإطلاق الصواريخ إلى الجيش", []),
        ("نشر الجيش منظومة الدفاع الجوي", []),
        ("اتفاق وقف إطلاق النار في المدينة", ["Agreement"]),
        ("إعلان وقف لإطلاق النار", []),
        ("أصابت الضربات مواقع وحقول ألغام قرب المدينة", ["Air/drone strike"]),  # a minefield is a place
        ("فجر الجيش حقل ألغام قرب الحدود", []),
        # verb forms of shooting, sorties
        ("مسلحون أطلقوا النار على موكب القائد", ["Armed clash"]),
        ("نفذ الطيران 15 طلعة جوية على مواقع التنظيم", ["Air/drone strike"]),
        ("حتى تتحقق تطلعات الشعب", []),
        ("استهدف مجهولون الشاب بالرصاص المباشر", ["Armed clash"]),
        ("عثر على جثة رجل قتل رميا بالرصاص", ["killing", "killing", "Attack"]),
        # a body found in any form, duals, blowing up
        ("عثر على جثته قرب الطريق", ["killing"]),
        ("عثر على جثتين لعنصرين", ["killing"]),
        ("دارت معركتين في الريف", ["Armed clash"]),
        ("سقط صاروخا على الحي", ["Shelling/artillery/missile attack"]),
        ("فجروا الجسر الرئيسي", ["Remote explosive/landmine/IED"]),
        ("وصلت القوات فجر الأحد", []),
        # striking aircraft as the subject of استهدف (bare استهدف stays no trigger), an air attack, a bullet
        ("كما استهدفت طائرات التحالف مواقع قرب الموصل", ["Air/drone strike"]),
        ("استهدفت المقاتلات التركية قرية في الشمال", ["Air/drone strike"]),
        ("استهدف الطيران الحربي رتلا للتنظيم", ["Air/drone strike"]),
        ("استهدف تحالف للمعارضة قريتين", []),
        ("بضلوعها في الهجوم الجوي على القاعدة", ["Air/drone strike"]),
        ("أصيب عنصر برصاصة في قدمه", ["Armed clash"]),
    ],
)
def test_trigger_classes(text, expected):
    assert classes(text) == expected


@pytest.mark.parametrize(
    "text, cls",
    [("يسعى التنظيم إلى", "plan"), ("تخطط القوات", "plan"), ("نفت الوزارة", "denial"), ("حصيلة القتلى", "aggregate"),
     ("غارات الطيران", "air"), ("اعتقال خمسة", "detention"), ("قتل مدنيين", "civilian"), ("من قبل قوات", "agent"),
     ("أدانت الخارجية", "reaction"), ("ردا على الهجوم", "reaction"), ("استنكرت الحكومة", "reaction"),
     ("وتوقع الخبير", "plan"), ("أحصى المرصد", "aggregate"), ("منذ أسابيع", "aggregate"),
     ("لا توجد اشتباكات", "negation"), ("ويعتبر الهجوم", "aside"), ("للمشاركة في", "plan"), ("لفرض سيطرتها", "plan"),
     ("المسؤولية عن الهجوم", "reaction"), ("تشهد موجة احتجاجات", "period"),
     ("وسبق ذلك بأيام", "earlier"), ("سبق أن سيطر", "earlier"), ("تمهيداً لاقتحام", "plan"),
     ("في إطار التمهيد لاقتحام", "plan"), ("عملية تتيح لها السيطرة", "plan"), ("بما يتيح السيطرة", "plan"),
     ("في الذكرى الأولى للهجوم", "aggregate"), ("إحياء ذكرى المجزرة", "aggregate"),
     ("بمناسبة مرور عام على سقوط", "aggregate"), ("وإذا سيطرت", "plan"), ("لو سيطر", "plan"),
     ("مستعدة لتوجيه ضربة", "plan"), ("الرد على الهجوم", "reaction"), ("رابط الخبر بصحيفة", "aside"),
     ("منذ ما يقرب من ثلاثة أشهر", "aggregate"), ("منذ سنوات", "aggregate"), ("يذكر أنه تم", "aside"),
     ("ستشهد الأيام المقبلة", "plan"), ("من مغبة مهاجمة", "plan"), ("لشن هجوم", "plan"), ("قد تشهد معارك", "plan"),
     ("الشعب يريد", "plan"), ("ردا، بحسب قولها، على", "reaction")],
)
def test_cues(text, cls):
    assert cls in {c.cls for c in find_cues(fold(text))}


def test_trigger_rows_are_valid():
    seen = set()
    for row in read_tsv("triggers.tsv"):
        assert row["class"] in TRIGGER_CLASSES, row
        assert row["strength"] in ("strong", "weak"), row
        key = phrase_key(row["phrase"])
        assert key not in seen, f"duplicate trigger {row['phrase']}"
        seen.add(key)


def test_cue_rows_are_valid():
    seen = set()
    for row in read_tsv("event_cues.tsv"):
        assert row["class"] in CUE_CLASSES, row
        key = (phrase_key(row["phrase"]), row["class"])
        assert key not in seen, f"duplicate cue {row['phrase']}"
        seen.add(key)


def test_event_types_match_the_codebook():
    types = sub_event_types()
    assert len(types) == 25
    by_type = {}
    for t in types.values():
        by_type.setdefault(t.event_type, []).append(t.sub_event_type)
    assert list(by_type) == ["Battles", "Protests", "Riots", "Explosions/Remote violence",
                             "Violence against civilians", "Strategic developments"]
    assert by_type["Battles"] == ["Government regains territory", "Non-state actor overtakes territory", "Armed clash"]
