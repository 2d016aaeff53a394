"""Speed of the events stage (issue 9): the window gates of the place tests and the positions they read
give the answers of the slow path."""
import pytest

from marsad.pipeline import Pipeline
from marsad.pipeline.events import context as C
from marsad.pipeline.events.context import Context

NLP = Pipeline()


@pytest.mark.parametrize("found, lo, hi, expected", [
    (False, 0, 100, False),  # no word of the list in the article
    (True, 5, 6, True),  # a list with no positions known: any window
    (([10], [15]), 10, 15, True),  # the word fills the window exactly
    (([10], [15]), 11, 15, False),  # its first letter lies before the window
    (([10], [15]), 10, 14, False),  # its last letter lies after it
    (([10], [15]), -20, 15, True),  # a window reaching back past the text's start
    (([2, 30], [4, 36]), 20, 40, True),  # a later word
    (([2, 30], [4, 36]), 5, 29, False),  # between the words
    (([0, 12, 16], [20, 18, 20]), 14, 20, True),  # a long word ending with a later one: the later one fits
    (([0, 3], [20, 20]), 4, 20, False),  # both end in the window, neither starts in it
])
def test_within(found, lo, hi, expected):
    assert C.within(found, lo, hi) is expected


# a word of each list, then filler words of growing length before the place: the word leaves the
# window of its test at some length (the gate must say no only when the test says no)
CUES = ["قطع الطريق الواصل بين", "منحدر من", "المنحدرين من", "أثناء توجهه من", "تلال مطلة على", "الحدودية مع", "مدير المكتب الإعلامي في",
        "قال مصدر أمني في", "مراسل الوكالة في"]
FILLERS = ["", "بلدة ", "قرية صغيرة ", "منطقة وادي الشاي ", "مدينة تل الزعتر الكبرى ",
           "منطقة سهل الغاب الواسعة جدا ", "بلدة الصور القديمة التي تقع على الضفة الشرقية "]


def _texts():
    for cue in CUES:
        for filler in FILLERS:
            yield f"قتل شخص {cue} {filler}حلب وآخر في حمص وثالث في إدلب."


@pytest.mark.parametrize("text", list(_texts()))
def test_window_gates_agree_with_the_tests(text):
    doc = NLP(text)
    ctx = Context.build(doc)
    origin, route, reference, titles, speakers, roads = (C.occurrences(ctx, name) for name in C._PLACE_TEST_LISTS)
    for ss in ctx.sentences:
        for place in ss.places:
            assert C._comes_or_goes(doc, place, origin, route, reference) == C._comes_or_goes(
                doc, place, True, True, True)
            if C._office_location(doc, place):
                assert C._near(doc, place, titles, C.OFFICE_REACH)
            if C._speaker_location(doc, place):
                assert C._near(doc, place, speakers, C.SPEAKER_REACH)
            if C._road_between(doc, place):
                assert C._near(doc, place, roads, C.ROAD_REACH)


@pytest.mark.parametrize("text, name, word", [
    ("قتل رجل منحدر من حلب", "origin", "منحدر"),
    ("قتل رجل أثناء توجهه إلى حلب", "motion", "توجهه"),
    ("قصف تل مطل على حلب", "adjacent", "مطل"),
])
def test_occurrences_are_the_spans_of_the_words(text, name, word):
    ctx = Context.build(NLP(text))
    found = C.occurrences(ctx, name)
    norm = ctx.doc.norm
    starts, stops = found
    assert stops == sorted(stops)
    assert word in [norm[start:stop] for start, stop in zip(starts, stops)]


def test_occurrences_of_a_list_the_article_lacks():
    ctx = Context.build(NLP("قصفت الطائرات مدينة حلب"))
    assert C.occurrences(ctx, "origin") is False
    assert not C.may_occur(ctx, "origin")


# a word of each test's list, then spaces (read past by every test) before the place: at some number
# of spaces the word leaves the window the test reads, and the test and its gate turn false together
EDGE_CUES = [("قتل رجل منحدر من", "حلب", C._origin), ("قتل رجل أثناء توجهه من", "حلب", C._route_end),
             ("قصف تل مطل على", "محافظة كركوك", C._reference_point),  # (not a town: a town is never a reference)
             ("قال مدير المكتب الإعلامي في", "حلب", C._office_location),
             ("قال مصدر أمني في", "حلب", C._speaker_location), ("قطع الطريق الواصل بين", "حلب", C._road_between)]


@pytest.mark.parametrize("cue, name, test", EDGE_CUES)
def test_window_gates_at_the_edge_of_the_window(cue, name, test):
    answers = set()
    for spaces in range(1, 100):
        doc = NLP(cue + " " * spaces + name + " وقتل آخر في حمص.")
        ctx = Context.build(doc)
        lists = [C.occurrences(ctx, name) for name in C._PLACE_TEST_LISTS]
        place = ctx.sentences[0].places[0]  # (the place after the cue)
        gated = {C._origin: lambda: C._comes_or_goes(doc, place, lists[0], False, False),
                 C._route_end: lambda: C._comes_or_goes(doc, place, False, lists[1], False),
                 C._reference_point: lambda: C._comes_or_goes(doc, place, False, False, lists[2]),
                 C._office_location: lambda: C._near(doc, place, lists[3], C.OFFICE_REACH) and test(doc, place),
                 C._speaker_location: lambda: C._near(doc, place, lists[4], C.SPEAKER_REACH) and test(doc, place),
                 C._road_between: lambda: C._near(doc, place, lists[5], C.ROAD_REACH) and test(doc, place)}
        answer = test(doc, place)
        assert gated[test]() == answer, spaces
        answers.add(answer)
    assert answers == {True, False}  # (the word stood inside the window, then outside)


# each scanned cue class's first words at a sentence's edges (the first and the last word), in the
# middle, and absent
MAY_HAVE_TEXTS = [
    "قال مصدر إن الطائرات قصفت حلب. وقتل رجل في حمص بقذيفة",
    "قصفت المدفعية حماة. ارتفع عدد القتلى في إدلب إلى خمسة",
    "اشتباكات بين الجيش والفصائل. غارة جوية على دوما",
    "وقتل رجل في حمص. جرح آخر في حلب",
]


@pytest.mark.parametrize("text", MAY_HAVE_TEXTS)
@pytest.mark.parametrize("cls", sorted(C._SCANNED_CUE_CLASSES) + ["reaction"])
def test_may_have_cues_from_the_article_pass(text, cls):
    ctx = Context.build(NLP(text))
    for ss in ctx.sentences:
        norm = ss.doc.norm[ss.doc.norm_index(ss.sentence.start):ss.doc.norm_index(ss.sentence.end)]
        slow = any(word in norm for word in C._cue_first_words(cls))
        assert ss.may_have_cues(cls) is slow
        assert slow or not ss.cues_of(cls)  # (no first word: no cue)
