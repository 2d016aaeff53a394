"""Speed of the events stage (issue 9): the key-word gate before the opener test of ``new_report``
(events/dates.py) never turns away a head that opens another report."""
import pytest

from marsad.pipeline.dates import date_lexicon, opens_new_report
from marsad.pipeline.events import dates as D
from marsad.text import fold


def _gated(head: str) -> bool:
    """``new_report``'s answer for a folded head: the gate, then the opener test."""
    return D._may_open_report(head) and opens_new_report(head)


HEADS = [
    "من جهة أخرى، قصفت الطائرات بلدة كفرنبل",
    "ومن جهة ثانية، قتل جنديان في حلب",
    "من ناحية أخرى، اعتقلت القوات عشرة أشخاص",
    "على صعيد آخر، سيطر الجيش على قرية",
    "وعلى صعيد منفصل، انفجرت عبوة ناسفة",
    "في سياق آخر، أعلنت الشرطة",
    "وفي سياق منفصل، قتل مدني",
    "من جانب آخر، شنت الطائرات غارات",
    "وإلى ذلك، قتل ثلاثة",
    "إلى ذلك الحين، بقيت القوات في مواقعها",  # no opener before "الحين"
    "ميدانيا، دارت اشتباكات عنيفة",
    "عملية فجر الكرمة ميدانيا، أعلنت القوات",  # a sub-heading glued before the opener
    "قصفت قوات النظام بلدة كفرنبل من جهة الشرق",  # the words of an opener, not opening
    "قال مصدر من جهة أخرى إن الجيش تقدم",
    "قتل خمسة في غارة على دوما",
    "في حلب، قتل مدني برصاص قناص",
    "وفي ذلك اليوم، هاجم مسلحون حاجزا",
    "",
]


@pytest.mark.parametrize("head", HEADS)
def test_the_gate_keeps_the_answer(head):
    folded = fold(head)[:80]
    assert _gated(folded) == opens_new_report(folded)


def test_the_table_has_heads_that_open_a_report_and_heads_that_do_not():
    answers = {opens_new_report(fold(h)[:80]) for h in HEADS}
    assert answers == {True, False}


@pytest.mark.parametrize("phrase", date_lexicon().new_report_openers)
def test_every_opener_passes_the_gate(phrase):
    for head in (" ".join(phrase) + "، قتل جندي", "و" + " ".join(phrase) + "، قتل جندي"):
        assert opens_new_report(head), head
        assert D._may_open_report(head), head
