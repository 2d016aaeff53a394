"""Speed helpers of the fatalities stage give what the slow paths give (issue 9, round speednum2)."""
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
