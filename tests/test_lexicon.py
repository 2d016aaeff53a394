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
