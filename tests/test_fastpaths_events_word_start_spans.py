"""Speed change of the events stage's cue search (issue 9): PhraseMatcher.spans searches an automaton of
the keys at a word start (each key after each chain of proclitics and a space) in the text with its
non-word characters made spaces. It must give what hits() gives (sorted and mapped as find_cues did), for
every kind of non-word character, phrases of several words, stems, and keys that are a chain plus another
key; and the text it searches must have a space exactly where str.isalnum fails."""
import operator
import sys

import pytest

from marsad.pipeline.lexicon import PhraseMatcher, _words_only
from marsad.pipeline.triggers import Cue, _cue_matcher
from marsad.text import fold

_START_END = operator.itemgetter(0, 1)


def _spans_reference(matcher: PhraseMatcher, norm: str, base: int = 0) -> list:
    """hits() of the text sorted by (start, end), with ``base`` added (the reference)."""
    hits = matcher.hits(norm)
    hits.sort(key=_START_END)
    return [Cue(h.start + base, h.end + base, h.value, h.phrase) for h in hits]


# "ولا" is "و" + "لا" and a key of its own; "بال" + "جيش"; a stem and a whole word of one key ("قتل*", "قتل");
# phrases of two and three words; a key ending in a letter chains end with
MATCHER = PhraseMatcher([("لا", "neg"), ("ولا", "nor"), ("لم", "neg"), ("في", "frame"), ("قتل*", "kill"),
                         ("قتل", "word"), ("الجيش", "army"), ("الجيش السوري", "army"), ("مع", "pair"),
                         ("اشتبك*", "clash"), ("الجيش السوري الحر", "group"), ("بين", "pair"),
                         ("عمليات نوعية", "ops"), ("وفق", "source"), ("كان*", "was")])

# every non-word character around and inside the phrases: the common ones replaced in C, the rare ones
# left to the regex ("_" is \w for the regex but not alphanumeric; a zero-width space; "#"; "،" unfolded)
SEPARATORS = [" ", ",", ".", '"', "\n", "(", ")", "-", ":", "/", "_", "#", "?", "\u200b", "،", "«", "\t", "%", "'"]

PHRASES = [
    "لا", "ولا", "فولا", "لاجئين", "ولا يزال", "فلم يعد", "وفي حلب", "كفي", "5لا", "لا5", "(لا)", "قتل",
    "مقتل", "وقتلوا", "بالقتلى", "للجيش", "والجيش السوري الحر", "وبالجيش", "فبالجيش", "وفبالجيش",
    "الجيش{s}السوري", "الجيش{s}السوري{s}الحر", "عمليات{s}النوعية", "اشتباكات{s}مع{s}الجيش", "اشتبكوا{s}مع",
    "بين{s}الجيش{s}ولا{s}قتل", "وفقا", "ووفق", "كانوا{s}قد", "كان", "لم{s}لا{s}في", "قتل_لا", "_لا_", "",
]


def _texts():
    for phrase in PHRASES:
        for sep in SEPARATORS:
            yield sep + phrase.replace("{s}", sep) + sep
            yield phrase.replace("{s}", sep)


@pytest.mark.parametrize("text", sorted(set(_texts())))
def test_spans_agree_with_sorted_hits(text):
    norm = fold(text)
    assert MATCHER.spans(norm, Cue) == _spans_reference(MATCHER, norm)
    assert MATCHER.spans(norm, Cue, 7) == _spans_reference(MATCHER, norm, 7)


NEWS = [
    "وقال المرصد إن قوات النظام لم تشن أي غارة على البلدة، في حين اشتبكت الفصائل مع الجيش_السوري",
    "ولا يزال القصف مستمرا على ريف حلب الجنوبي (وفق مصادر محلية) بين الجيش والمعارضة.",
    "أعلنت وزارة الدفاع أنها تخطط لهجوم#واسع، ونفت وقوع اشتباكات؛ ورحبت الأمم المتحدة بالهدنة!",
]


@pytest.mark.parametrize("text", NEWS)
def test_cue_spans_agree_on_news_text(text):
    norm = fold(text)
    matcher = _cue_matcher()
    assert matcher.spans(norm, Cue) == _spans_reference(matcher, norm)
    assert matcher.spans(norm[5:-5], Cue, 5) == _spans_reference(matcher, norm[5:-5], 5)


def _words_only_reference(text: str) -> str:
    return "".join(c if c.isalnum() else " " for c in text)


@pytest.mark.parametrize("block", range(0, sys.maxunicode + 1, 0x10000))
def test_words_only_is_isalnum_for_every_character(block):
    chars = "".join(map(chr, range(block, min(block + 0x10000, sys.maxunicode + 1))))
    assert _words_only(chars) == _words_only_reference(chars)
    assert _words_only("قتل" + chars[:200] + "لا") == _words_only_reference("قتل" + chars[:200] + "لا")


@pytest.mark.parametrize("text", ["", " ", "abc", "قتل، لا.", "x_y", "a\u200bb", "1/2-3", '"(لا)"', "\n\n"])
def test_words_only_on_short_texts(text):
    assert _words_only(text) == _words_only_reference(text)
