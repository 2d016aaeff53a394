import pytest

from marsad.pipeline.lexicon import PhraseMatcher, is_proclitic_chain
from marsad.text import fold


@pytest.mark.parametrize(
    "letters, ok",
    [("", True), ("و", True), ("ال", True), ("وال", True), ("بال", True), ("لل", True), ("ولل", True),
     ("فب", True), ("وبال", True), ("ك", True), ("م", False), ("ت", False), ("الو", False), ("يال", False)],
)
def test_proclitic_chains(letters, ok):
    assert is_proclitic_chain(letters) is ok


MATCHER = PhraseMatcher([("الجيش السوري", "army"), ("الجيش السوري الحر", "fsa"), ("اشتبك*", "clash"), ("داعش", "is")])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("قصف الجيش السوري", [("army", "الجيش السوري")]),
        ("مقاتلو الجيش السوري الحر", [("fsa", "الجيش السوري الحر")]),  # longest wins
        ("وللجيش السوري", [("army", "لجيش السوري")]),  # article kept, conjunction and preposition not
        ("والجيش السوري", [("army", "الجيش السوري")]),
        ("اشتبكت قوات مع داعش", [("clash", "اشتبكت"), ("is", "داعش")]),
        ("وبداعش", [("is", "داعش")]),
        ("مداعش", []),  # not a proclitic: part of another word
        ("داعشي", []),  # exact phrase must end at a word boundary
        ("يشتبكون", []),  # a stem matches suffixes, not prefixes
    ],
)
def test_phrase_matcher(text, expected):
    norm = fold(text)
    hits = MATCHER.find(norm)
    assert [(h.value, norm[h.start : h.end]) for h in hits] == [(v, fold(s)) for v, s in expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("نفذت العمليات النوعية ضد", "op"),  # adjective takes the article with its noun
        ("نفذت عمليات نوعية ضد", "op"),
        ("القصف المدفعي على", "shelling"),
    ],
)
def test_definite_form_of_multiword_phrases(text, expected):
    matcher = PhraseMatcher([("عمليات نوعية", "op"), ("قصف مدفعي", "shelling")])
    assert [h.value for h in matcher.find(fold(text))] == [expected]


# one key that is both a stem and an exact phrase: the hit loop handles the two kinds in one pass
MIXED = PhraseMatcher([("قصف*", "stem"), ("قصف", "exact")])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("قصف", [(0, 3, "stem", ""), (0, 3, "exact", "")]),  # no suffix: both, in entry order
        ("قصفت المدفعية", [(0, 4, "stem", "")]),  # a suffix: the stem only, over the whole word
        ("وقصف عنيف", [(1, 4, "stem", "و"), (1, 4, "exact", "و")]),
        ("والقصف", [(1, 6, "stem", "وال"), (1, 6, "exact", "وال")]),  # the article is in the span
        ("وبالقصفين", [(2, 9, "stem", "وبال")]),
        ("مقصف", []),  # inside another word
        ("يقصفون", []),
    ],
)
def test_stem_and_exact_phrase_on_one_key(text, expected):
    from marsad.pipeline.lexicon import Hit

    norm = fold(text)
    hits = MIXED.hits(norm)
    assert all(type(h) is Hit for h in hits)
    assert [(h.start, h.end, h.value, h.prefix) for h in hits] == expected
    assert all(h.phrase == "قصف" for h in hits)


# --------------------------------------------------------------------------- one scan for several dictionaries

_SCAN_TEXTS = [
    "قصف الجيش السوري الحر مواقع داعش واشتبكت القوات مع مقاتلي التنظيم",
    "وللجيش السوري والقصف المدفعي على مدرسة، 3 قتلى في 12 مارس",
    "",
    "الجيش",
]


@pytest.mark.parametrize("text", _SCAN_TEXTS)
def test_joined_matchers_give_the_hits_of_their_own_automata(text):
    """Matchers that share a TextScan find what each finds alone, in the same order, whatever the
    order the texts and the matchers come in."""
    from marsad.pipeline.lexicon import TextScan

    entries = [
        [("الجيش السوري", "army"), ("الجيش السوري الحر", "fsa"), ("اشتبك*", "clash"), ("داعش", "is")],
        [("قصف*", "stem"), ("قصف", "exact"), ("جيش", "army-word"), ("مدرسة", "school")],
        [("الجيش", "a"), ("سوري", "b")],
    ]
    alone = [PhraseMatcher(e) for e in entries]
    joined = [PhraseMatcher(e) for e in entries]
    scan = TextScan()
    for m in joined:
        m.join(scan)
    norm = fold(text)
    for other in [fold(t) for t in _SCAN_TEXTS] + [norm]:  # the scan keeps only the last text
        for a, j in zip(alone, joined):
            assert j.hits(other) == a.hits(other)
            assert j.find(other) == a.find(other)
    for a, j in reversed(list(zip(alone, joined))):
        assert j.hits(norm) == a.hits(norm)


def test_anchored_regexes_and_matchers_share_a_scan():
    import re

    from marsad.pipeline.lexicon import TextScan
    from marsad.pipeline.numbers import AnchoredRegex

    toy = re.compile(r"(?:(?:في|منتصف)\s+)*مارس(?!\w)|\d+")
    alone = AnchoredRegex(toy, {"مارس": 2}, digit_back=0, initial_words={"في", "منتصف"})
    joined = AnchoredRegex(toy, {"مارس": 2}, digit_back=0, initial_words={"في", "منتصف"})
    matcher = PhraseMatcher([("مارس", "month"), ("قتلى", "dead")])
    scan = TextScan()
    joined.join(scan)
    matcher.join(scan)
    text = fold(_SCAN_TEXTS[1]) + " ومارس في منتصف مارس"
    assert [m.span() for m in joined.finditer(text)] == [m.span() for m in alone.finditer(text)]
    own = PhraseMatcher([("مارس", "month"), ("قتلى", "dead")])
    assert matcher.hits(text) == own.hits(text)
    assert [h.value for h in matcher.hits(text)] == ["dead", "month", "month", "month"]


def test_the_pipeline_joins_its_document_dictionaries():
    from marsad.pipeline import Pipeline
    from marsad.pipeline.actors import actor_matcher
    from marsad.pipeline.lexicon import DOCUMENT_SCAN
    from marsad.pipeline.triggers import trigger_matcher

    from marsad.pipeline import STAGES

    Pipeline(stages=STAGES[:1])("قتل ثلاثة مدنيين في قصف على حلب أمس")  # (joining: on the first article)
    for matcher in (actor_matcher(), trigger_matcher()):
        assert matcher._shared is not None and matcher._shared[0] is DOCUMENT_SCAN
