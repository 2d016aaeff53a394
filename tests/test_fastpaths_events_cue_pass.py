"""Speed of the events stage (issue 9): the cue words of a sentence are read from the raw matches of the
article's one pass (PhraseMatcher.spans_within of a matcher joined to a TextScan) instead of a search of
the sentence of its own. They must be what find_cues of the sentence gives -- also where the part is cut
inside a word (a letter before or after it must not count), for stems, chains of proclitics and phrases
of several words -- and the events stage's matcher must hold the entries of find_cues's."""
import pytest

from marsad.pipeline.events import context as C
from marsad.pipeline.lexicon import PhraseMatcher, TextScan
from marsad.pipeline.normalize import normalize
from marsad.pipeline.triggers import Cue, _cue_matcher, find_cues
from marsad.text import fold

ENTRIES = [("لا", "neg"), ("ولا", "nor"), ("لم", "neg"), ("في", "frame"), ("قتل*", "kill"), ("قتل", "word"),
           ("الجيش", "army"), ("الجيش السوري", "army"), ("مع", "pair"), ("اشتبك*", "clash"),
           ("الجيش السوري الحر", "group"), ("عمليات نوعية", "ops"), ("كان*", "was")]


def _joined(entries) -> PhraseMatcher:
    """A matcher joined to a scan of its own, with another dictionary sharing the pass."""
    scan = TextScan()
    scan.join([("جيش", "other"), ("لا", "other")])
    matcher = PhraseMatcher(entries)
    matcher.join(scan)
    return matcher


JOINED = _joined(ENTRIES)
ALONE = PhraseMatcher(ENTRIES)

TEXTS = [
    "ولا يزال الجيش السوري الحر يشتبك مع قوات النظام، فلم يعد في البلدة أحد.",
    "والجيش السوري قتلوا لاجئين وبالجيش اشتبكوا مع الجيش. لا قتل، كانوا في حلب",
    "العمليات النوعية لم تتوقف. وقتلى، واشتبكت القوات مع الجيش_السوري(لا)",
    "قتل قتلى قتلوا لم",
]


def _parts(norm: str):
    """Every part of a text: whole, cut at word bounds, and cut inside words and phrases."""
    n = len(norm)
    for lo in range(0, n + 1, 3):
        for hi in range(lo, n + 1, 4):
            yield lo, hi
    yield 0, n


@pytest.mark.parametrize("text", TEXTS)
def test_parts_read_from_the_pass_agree_with_a_search_of_the_part(text):
    norm = fold(text)
    for lo, hi in _parts(norm):
        assert JOINED.spans_within(norm, lo, hi, Cue) == ALONE.spans(norm[lo:hi], Cue, lo), (lo, hi)


@pytest.mark.parametrize("text", TEXTS)
def test_a_matcher_joined_to_no_scan_searches_the_part(text):
    norm = fold(text)
    for lo, hi in _parts(norm):
        assert ALONE.spans_within(norm, lo, hi, Cue) == ALONE.spans(norm[lo:hi], Cue, lo)


NEWS = [
    "قالَ مصدرٌ إنّ الجيشَ لم يشنَّ أي هجوم. نفى المتحدثُ وقوع اشتباكات، وهدّد بالرد على القصف",
    "ومنذ بداية الشهر، قُتِل أكثر من عشرين في المعارك.يُذكر أن القوات كانت قد سيطرت على البلدة",
    "لـــم تتوقف الغارات الجوية والقصف المدفعي على المنطقة؛ وأفاد المرصد بمقتل 5 مدنيين",
]


@pytest.mark.parametrize("text", NEWS)
def test_the_events_matcher_gives_what_find_cues_gives(text):
    folded = normalize(text)
    norm, offsets = folded.norm, folded.offsets
    matcher = C._cue_search()
    for lo, hi in _parts(norm):
        assert matcher.spans_within(norm, lo, hi, Cue, offsets) == find_cues(norm, lo, hi, offsets), (lo, hi)


def test_the_events_matcher_holds_the_entries_of_find_cues():
    assert sorted(C._cue_search()._automaton.items()) == sorted(_cue_matcher()._automaton.items())
