"""Speed changes of the events stage's cue search (issue 9): PhraseMatcher.spans and find_cues made
from it agree with hits() sorted and mapped the way find_cues did, on short synthetic Arabic phrases."""
import operator

import pytest

from marsad.pipeline.lexicon import PhraseMatcher
from marsad.pipeline.normalize import normalize
from marsad.pipeline.triggers import Cue, _cue_matcher, find_cues
from marsad.text import fold

_START_END = operator.itemgetter(0, 1)


def _cues_slow(matcher: PhraseMatcher, norm: str, start: int = 0, end=None, offsets=None) -> list:
    """find_cues as it was: hits() of the part, sorted by (start, end), offsets moved and mapped (the reference)."""
    part = norm[start:end] if (start or end is not None) else norm
    hits = matcher.hits(part)
    hits.sort(key=_START_END)
    at = (lambda k: offsets[k]) if offsets else (lambda k: k)
    return [Cue(at(h.start + start), at(h.end + start), h.value, h.phrase) for h in hits]


# stems, whole words, a key inside a longer one that ends after it (text order is not the automaton's), and definite variants sharing keys, several values of one key (overlaps kept)
MATCHER = PhraseMatcher([("لا", "neg"), ("لم", "neg"), ("لم", "other"), ("في", "frame"), ("قتل*", "kill"),
                         ("قتل", "word"), ("قتلى", "dead"), ("الجيش", "army"), ("الجيش السوري", "army"),
                         ("مع", "pair"), ("اشتبك*", "clash"), ("عمليات نوعية", "ops"),
                         ("سوري", "adj"), ("الجيش السوري الحر", "group")])

PHRASES = [
    "لا", "لاجئين", "ولا يزال", "فلم يعد", "وفي حلب", "كفي", "5لا", "(لا)", "«في»", "قتل", "قتلى", "مقتل",
    "وقتلوا", "بالقتلى", "قتلاهم", "للجيش", "والجيش السوري الحر", "وبالجيش", "اشتباكات مع الجيش، في",
    "معا", "مع\nالجيش", "ولقتلى", "الجيش.لا", "العمليات النوعية لم تتوقف", "قتل قتلى قتلوا لم", "",
]


@pytest.mark.parametrize("text", PHRASES)
def test_spans_agree_with_sorted_hits(text):
    norm = fold(text)
    assert MATCHER.spans(norm, Cue) == _cues_slow(MATCHER, norm)


@pytest.mark.parametrize("text", PHRASES)
def test_spans_with_a_base_agree_on_a_part_of_a_longer_text(text):
    norm = fold("بداية. " + text + " .نهاية")
    lo, hi = 7, 7 + len(fold(text))
    assert MATCHER.spans(norm[lo:hi], Cue, lo) == _cues_slow(MATCHER, norm, lo, hi)


# texts with diacritics and tatweel, which folding deletes: the offsets map back into the original text
CUE_TEXTS = [
    "قالَ مصدرٌ إنّ الجيشَ لم يشنَّ أي هجوم",
    "نفى المتحدثُ وقوع اشتباكات، وهدّد بالرد على القصف",
    "ومنذ بداية الشهر، قُتِل أكثر من عشرين في المعارك",
    "يُذكر أن القوات كانت قد سيطرت على البلدة بعد مواجهاتٍ",
    "لـــم تتوقف الغارات الجوية والقصف المدفعي على المنطقة",
]


@pytest.mark.parametrize("text", CUE_TEXTS)
def test_find_cues_agrees_with_the_reference(text):
    folded = normalize(text)
    norm, offsets = folded.norm, folded.offsets
    assert offsets and find_cues(norm)  # (the map is exercised: the texts hold deleted characters and cues)
    assert find_cues(norm) == _cues_slow(_cue_matcher(), norm)
    assert find_cues(norm, 3, len(norm) - 2) == _cues_slow(_cue_matcher(), norm, 3, len(norm) - 2)
    assert find_cues(norm, 0, None, offsets) == _cues_slow(_cue_matcher(), norm, 0, None, offsets)
    assert find_cues(norm, 2, len(norm), offsets) == _cues_slow(_cue_matcher(), norm, 2, len(norm), offsets)


def test_find_cues_gives_cues():
    cues = find_cues(fold("لم يقصف الجيش"))
    assert cues and all(type(c) is Cue for c in cues)
