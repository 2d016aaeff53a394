"""The number finder skips an anchor inside a word when the letters before it in its word ("ا" of
"استهدف", "م" of "مستشفى") are none of the heads a match may open with there (clitics, then perhaps
the article: :func:`marsad.pipeline.numbers._word_heads`): the matches are those of the finder that
tries every such anchor."""
import copy
import itertools

import pytest

from marsad.pipeline.numbers import _word_heads, number_lexicon
from marsad.text import fold, proclitics

PHRASES = [
    "استهدف مسلحون حاجزا وقتلوا ثلاثة أشخاص",
    "وثلاثة من عناصر الأمن والعشرات من المدنيين",
    "وبالعشرات وبالعشرين ولثلاثة وفبخمسة",
    "هجوم يوم الاثنين الماضي والثلاثاء",
    "مقتل الاثنين واثنين آخرين والقتيلين",
    "قاعدة عسكرية والعديد من القتلى وعدة جرحى",
    "ب5 قتلى و20 جريحا وال26",
    "مستشفى ومستوطنة وستة وست وستين",
    "ألفين وبألفين والألفين وآلاف",
    "أحد عشر شخصا وأحد الجنود والأحد",
    "أثناء استعادة السيطرة على اثنين من المواقع",
    "خمسة وعشرين والخمسة لخمسة بخمسة",
    "مئات ومئتين والمئات بالمئات",
    "قتل 5 مدنيين و3 عناصر وعشرات آخرون",
    "",
    "ثلاثة",
]

# letters that open words, clitics among them, and anchors to put after them
LETTERS = "وفبلاميت"
ANCHORS = ["ثلاثة", "عشرات", "ست", "ألف", "اثنين", "عدة", "قتيلين", "مئات", "عشرين"]


def _slow():
    slow = copy.copy(number_lexicon().finder)
    slow.word_heads = None
    return slow


def _spans(finder, text):
    return [(m.span(), m.lastgroup) for m in finder.finditer(text)]


@pytest.mark.parametrize("phrase", PHRASES)
def test_skipped_anchors_find_the_same_matches(phrase):
    text = fold(phrase)
    assert _spans(number_lexicon().finder, text) == _spans(_slow(), text)


@pytest.mark.parametrize("anchor", ANCHORS)
def test_every_head_of_up_to_three_letters(anchor):
    """Every run of up to three of ``LETTERS`` before each anchor, alone, after another word, and with the
    article ("ال") after it."""
    fast, slow = number_lexicon().finder, _slow()
    for n in range(1, 4):
        for head in map("".join, itertools.product(LETTERS, repeat=n)):
            for text in (head + fold(anchor), "قتل " + head + fold(anchor) + " شخصا", head + "ال" + fold(anchor)):
                assert _spans(fast, text) == _spans(slow, text), text


def test_heads_are_the_clitics_and_the_article():
    """A plain re-statement: "" or a conjunction, then "" or a preposition, then "" or the article, cut to
    three letters (the prefixes of a longer one kept: its anchor is then tried from those letters)."""
    conj, prep = proclitics("conjunctions"), proclitics("number_prepositions")
    full = {c + p + a for c in ["", *conj] for p in ["", *prep] for a in ("", "ال")}
    expected = {h for h in full if 1 <= len(h) <= 3} | {h[:k] for h in full if len(h) > 3 for k in (1, 2, 3)}
    assert _word_heads(conj, prep) == expected
    assert {"و", "ب", "وب", "ال", "وال", "بال", "وبا"} <= expected
    assert not {"ا", "م", "ست", "با"} & expected
