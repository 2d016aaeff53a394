"""Speed helpers of the fatalities stage give what the slow paths give (issue 9)."""
import pytest

from marsad.pipeline import fatalities as F
from marsad.pipeline.lexicon import TextScan
from marsad.text import fold

PHRASES = [fold(p) for p in (
    "قتل ثلاثة أشخاص في غارة",
    "ومقتل مدني وإصابة آخرين",
    "سقط قتيلا برصاص قناص",
    "أسفر الهجوم عن سقوط قتلى وجرحى",
    "لقي خمسة مدنيين حتفهم، وقتل جندي",
    "المقتلعة من الأرض والقتلة",
    "قتيلان وقتلى ومقتل وقتيلا.",
    "لا شيء هنا عن الضحايا",
    "",
)]


@pytest.mark.parametrize("text", PHRASES)
def test_death_words_from_a_joint_scan_agree_with_their_own_pass(text, monkeypatch):
    lex = F.fatality_lexicon()
    monkeypatch.setattr(F, "_DEATH_SCAN", [])
    own = F._death_word_starts(text, lex)
    scan = TextScan()
    scan.join([("قتل", "other"), ("ضحايا", "other")])  # another dictionary in the same pass
    F.join_death_scan(scan)
    F.join_death_scan(scan)  # a second join changes nothing
    assert len(F._DEATH_SCAN) == 1
    assert F._death_word_starts(text, lex) == own
    assert F._death_word_starts(text + " ", lex) == own  # a new text: scanned anew


def test_some_phrases_hold_death_words():
    lex = F.fatality_lexicon()
    assert any(F._death_word_starts(p, lex) for p in PHRASES)


from marsad.text import fold_by_replace, fold_replacements, fold_table  # noqa: E402

_MAPPED = "".join(chr(c) for c, to in enumerate(fold_table()) if to != c)

FOLD_TEXTS = [
    "أعلنت وزارة الدفاع، في بيان «رسمي»، مقتل ثلاثة مسلّحين في إدلب – وإصابة آخرين.",
    "قُتِلَ جنديٌّ وأُصيب مدنيّون بجروح؛ هل انتهت المعركة؟ ـــ نعم",
    "ARMY of the NORTH: 12 killed; CNN reports ٣ قتلى و٢٠ جريحاً",
    "یک کشته در کرمانشاه",  # Persian letters
    "مؤسسة \u200fالإغاثة\u200f تؤكد “سقوط” ‘قتلى’ — أمس",
    "\U0001F600 رمز خارج الجدول ومئة",
    _MAPPED,
    _MAPPED[::-1] + " " + _MAPPED,
    "",
]


@pytest.mark.parametrize("text", FOLD_TEXTS + [t * 10 for t in FOLD_TEXTS])
def test_fold_by_replace_agrees_with_translate(text):
    assert fold_by_replace(text) == text.translate(fold_table())
    assert fold(text) == text.translate(fold_table())


def test_fold_replacements_fold_to_themselves():
    pairs = fold_replacements()
    assert pairs is not None and len(pairs) > 20
    assert all(to == "" or fold_by_replace(to) == to for _, to in pairs)
