"""How an event picks its date (codebook §4; events step 4, ``pipeline/events/dates.py``): the day the
narrative carries from sentence to sentence, where it stops, the day a title or lead takes from the
sentences after it, and the time word of a reporting verb. Table-driven: text -> the records' dates."""
from datetime import date

import pytest

from marsad import Article, Pipeline

NLP = Pipeline()
PUB = date(2023, 3, 15)  # a Wednesday


def days_of(text, published=PUB):
    return [e.event_date for e in NLP(Article(id="t", text=text, published=published)).events]


@pytest.mark.parametrize(
    "text, days",
    [
        # a sentence that turns to another report does not take the day set before it
        ("قصفت الطائرات مدينة إدلب أمس.\nمن جهة أخرى، قصفت المدفعية مدينة حماة.", ["2023-03-14", "2023-03-15"]),
        ("قصفت الطائرات مدينة إدلب أمس.\nوإلى ذلك، قصفت المدفعية مدينة حماة.", ["2023-03-14", "2023-03-15"]),
        ("قصفت الطائرات مدينة إدلب أمس.\nعلى صعيد آخر، قصفت المدفعية مدينة حماة.", ["2023-03-14", "2023-03-15"]),
        ("قصفت الطائرات مدينة إدلب أمس.\nميدانيا، قصفت المدفعية مدينة حماة.", ["2023-03-14", "2023-03-15"]),
        # ... also after a short sub-heading glued to the sentence, when a comma follows the phrase
        ("قصفت الطائرات مدينة إدلب أمس.\nقصف متبادل ميدانيا، قصفت المدفعية مدينة حماة.",
         ["2023-03-14", "2023-03-15"]),
        # an ordinary continuation carries the day on
        ("قصفت الطائرات مدينة إدلب أمس.\nكما قصفت المدفعية مدينة حماة.", ["2023-03-14", "2023-03-14"]),
        # a bare "ليلا" dates its own report only
        ("قتل عشرة مقاتلين في معارك دارت ليلا في مدينة الحسكة.\nوتعرض حي الخالدية في مدينة حمص للقصف.",
         ["2023-03-14", "2023-03-15"]),
        ("قصفت الطائرات مدينة إدلب الليلة الماضية.\nوتعرض حي الخالدية في مدينة حمص للقصف.",
         ["2023-03-14", "2023-03-14"]),
    ],
)
def test_where_the_carried_day_stops(text, days):
    assert days_of(text) == days


@pytest.mark.parametrize(
    "text, days",
    [
        # a title or lead with no time word takes the day the next sentence of the report gives
        ("قوات سوريا الديمقراطية تداهم أحياء في مدينة الحسكة\nشنت قوات سوريا الديمقراطية مساء أمس حملة مداهمات "
         "في مدينة الحسكة.", ["2023-03-14"]),
        ("قصفت المدفعية مدينة حماة.\nوقال المرصد إن القصف وقع أمس.", ["2023-03-14"]),
        ("قصفت الطائرات مدينة دوما.\nوقصفت المدفعية أمس مدينة حرستا.", ["2023-03-14", "2023-03-14"]),
        # ... also the first report after a turn to another one
        ("قصفت الطائرات مدينة إدلب اليوم.\nإلى ذلك، قصفت المدفعية مدينة حماة.\nوقال المرصد إن مدينة حمص قصفت أمس.",
         ["2023-03-15", "2023-03-14", "2023-03-14"]),
        # ... not once the article has given a date
        ("قصفت الطائرات مدينة إدلب اليوم.\nقصفت المدفعية مدينة حماة.\nوفي حمص قتل شاب أمس.",
         ["2023-03-15", "2023-03-15", "2023-03-14"]),
        # ... nor from a week-long span
        ("قصفت الطائرات مدينة الرستن.\nوتشهد منطقة الحولة معارك ضارية منذ أسبوع.", ["2023-03-15"]),
    ],
)
def test_a_title_or_lead_takes_the_day_of_its_report(text, days):
    assert days_of(text)[: len(days)] == days


@pytest.mark.parametrize(
    "text, days",
    [
        # the time word of a reporting verb, a day after the day the narrative set, is when the report was made
        ("قتل عشرة مدنيين في مدينة دوما أمس.\nونقلت قناة الجزيرة اليوم الأربعاء عن ناشطين أن الطائرات قصفت مدينة حرستا.",
         ["2023-03-14", "2023-03-14"]),
        ("قتل عشرة مدنيين في مدينة دوما أمس.\nوقالت وكالة الأنباء اليوم إن الطائرات قصفت مدينة حرستا.\n"
         "وقصفت المدفعية مدينة حماة.", ["2023-03-14", "2023-03-14", "2023-03-14"]),
        # ... not when no day was set before it
        ("ونقلت قناة الجزيرة اليوم الأربعاء عن ناشطين أن الطائرات قصفت مدينة حرستا.", ["2023-03-15"]),
        # ... nor when an event word stands between verb and date: the date is the event's
        ("قتل عشرة مدنيين في مدينة دوما أمس.\nوقالت مصادر إن الطائرات قصفت اليوم مدينة حرستا.",
         ["2023-03-14", "2023-03-15"]),
        # the day before yesterday dates its own sentence only, unless it is the time of a statement that the
        # next sentences retell
        ("قصفت الطائرات مدينة إدلب أول أمس.\nوقصفت المدفعية مدينة حماة.", ["2023-03-13", "2023-03-15"]),
        ("وذكر الوزير في تصريح أدلى به الليلة قبل الماضية أن الطائرات قصفت مدينة مضايا.\n"
         "وأضاف أن المدفعية قصفت مدينة حماة.", ["2023-03-13", "2023-03-13"]),
        # the time word of a reporting verb after the event ("قتل ستة ...، على ما قالت الوزارة الأربعاء") gives way
        # to the day before it that the report goes on to give
        ("قتل أربعة أشخاص في نزاع عشائري في مدينة البصرة، على ما قالت الشرطة المحلية الأربعاء.\n"
         "وأوضحت الوزارة في بيان أن عنصرين قتلا خلال فض النزاع مساء الثلاثاء.", ["2023-03-14"]),
        ("قتل أربعة أشخاص في نزاع عشائري في مدينة البصرة، على ما قالت الشرطة المحلية الأربعاء.\n"
         "وأوضحت الوزارة أن عنصرين أصيبا.", ["2023-03-15"]),
        # ... but a date of the event itself stays
        ("قتل أربعة أشخاص في نزاع عشائري في مدينة البصرة الأربعاء.\n"
         "وأوضحت الوزارة في بيان أن عنصرين قتلا خلال فض النزاع مساء الثلاثاء.", ["2023-03-15"]),
        # ... nor a day more than one day after it
        ("قتل عشرة مدنيين في مدينة دوما يوم الأحد.\nوقالت وكالة الأنباء اليوم إن الطائرات قصفت مدينة حرستا.",
         ["2023-03-12", "2023-03-15"]),
    ],
)
def test_the_time_word_of_a_reporting_verb(text, days):
    assert days_of(text) == days


@pytest.mark.parametrize(
    "text, days",
    [
        # an undated past-perfect aside ("وكان ... قد", "كانت ... قد") is an earlier incident told as
        # background: no event (codebook §1; tests/test_reporting_rules.py)
        ("قصفت الطائرات مدينة إدلب أمس.\nوكانت المدفعية قد قصفت مدينة حماة.", ["2023-03-14"]),
        # "كان" without "قد" inside a clause is no aside: the day carries on
        ("قصفت الطائرات مدينة إدلب أمس.\nولا يعرف ما إذا كان القتلى مدنيين، وأشار المرصد إلى اشتباكات عنيفة في مدينة حماة.",
         ["2023-03-14", "2023-03-14"]),
        # "حالياً": what goes on as the article is written
        ("قصفت الطائرات مدينة عفرين أمس.\nوتدور حالياً، بحسب ناشطين، مواجهات ضارية في مدينة حماة.",
         ["2023-03-14", "2023-03-15"]),
    ],
)
def test_asides_and_now(text, days):
    assert days_of(text) == days


@pytest.mark.parametrize(
    "text, days",
    [
        # a day span in a clause that says something else dates that clause only
        ("قال المرصد إن غارات جوية قتلت عشرة أشخاص في مدينة دوما، بينما استمر نزوح السكان لليوم الثاني "
         "على التوالي.", ["2023-03-15"]),
        ("قصفت الطائرات مدينة دوما، فيما تواصل نزوح السكان من المدينة منذ يوم الاثنين.", ["2023-03-15"]),
        # ... but a span standing alone between commas dates the report before it
        ("تتواصل الاشتباكات في مدينة دوما، لليوم الثاني على التوالي، بين الفصائل والقوات الحكومية.",
         ["2023-03-14", "2023-03-15"]),
        # ... and so does a span after an event word of its own clause
        ("تدور اشتباكات في مدينة داريا، في حين أكدت الشبكة حدوث اشتباكات منذ صباح الثلاثاء.",
         ["2023-03-14", "2023-03-15"]),
        # ... and a span in the trigger's own clause
        ("تواصل قصف مدينة دوما لليوم الثاني على التوالي.", ["2023-03-14", "2023-03-15"]),
        # a span that dates another clause does not date the sentences after it either
        ("قصفت الطائرات مدينة دوما أمس، بينما استمر نزوح السكان من المدينة لليوم الثاني على التوالي.\n"
         "وقصفت المدفعية مدينة حرستا.", ["2023-03-14", "2023-03-14"]),
        ("تتواصل الاشتباكات في مدينة دوما لليوم الثاني على التوالي.\nوقصفت المدفعية مدينة حرستا.",
         ["2023-03-14", "2023-03-15", "2023-03-15"]),
    ],
)
def test_a_day_span_dates_its_own_clause(text, days):
    assert days_of(text) == days


@pytest.mark.parametrize(
    "text, days",
    [
        # a span joining two days ("الليلة الماضية وحتى صباح اليوم") dates its own report on each day, and the
        # sentences after it that tell of the same stretch on each day too (codebook §1: one event per day; the
        # dev set's "تواصلت الاشتباكات الليلة الماضية وحتى ... صباح السبت. ودارت معارك في X وY ..." is coded so)
        ("تواصلت الاشتباكات في مدينة دوما الليلة الماضية وحتى صباح اليوم.\nودارت معارك عنيفة في مدينة حرستا.",
         ["2023-03-14", "2023-03-15", "2023-03-14", "2023-03-15"]),
        # ... fighting, that is: another incident told after it (a shelling) is one, of the span's first day
        ("قصفت المدفعية مدينة حماة منذ مساء أمس وحتى فجر اليوم.\nكما قصفت مدينة حمص.",
         ["2023-03-14", "2023-03-15", "2023-03-14"]),
        # ... not an ordinal day of one incident's span ("لليوم الثاني"): the day of the report carries on
        ("تتواصل الاشتباكات في مدينة دوما لليوم الثاني على التوالي.\nودارت معارك عنيفة في مدينة حرستا.",
         ["2023-03-14", "2023-03-15", "2023-03-15"]),
    ],
)
def test_a_joined_span_carries_its_days(text, days):
    assert days_of(text) == days


@pytest.mark.parametrize(
    "text, days",
    [
        # the time word of a reporting verb after the event gives way to the day the next sentences of the
        # report give, up to six days before it, when the narrative has set no day
        ("خطف التنظيم عشرين مدنيا في مدينة تدمر، حسب ما أفاد المرصد أمس.\nوقال مدير المرصد إن الخطف وقع "
         "خلال مداهمة للمدينة، الأحد.", ["2023-03-12"]),
        # ... not a week or more before it
        ("خطف التنظيم عشرين مدنيا في مدينة تدمر، حسب ما أفاد المرصد أمس.\nوقال مدير المرصد إن الخطف وقع "
         "في 5 آذار.", ["2023-03-14", "2023-03-05"]),
        # a present-tense verb of going on after the time word of a reporting verb: of the day of the report,
        # not of the day the narrative set before it
        ("قتل عشرة مدنيين في مدينة دوما أمس.\nوذكرت قناة الجزيرة اليوم الأربعاء أن النظام يواصل قصف مدينة حرستا.",
         ["2023-03-14", "2023-03-15"]),
        ("قتل عشرة مدنيين في مدينة دوما أمس.\nونقلت قناة الجزيرة اليوم عن ناشطين أن قوات النظام لا تزال تقصف مدينة حرستا.",
         ["2023-03-14", "2023-03-15"]),
    ],
)
def test_the_time_word_of_a_reporting_verb_and_the_day_the_report_gives(text, days):
    assert days_of(text) == days
