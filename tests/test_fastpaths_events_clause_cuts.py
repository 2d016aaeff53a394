"""Speed of the events stage (issue 9): the clause cuts of a sentence, found by ``str.find`` of each
mark (events/context.py), are those a regex scan of every character finds."""
import re

import pytest

from marsad.pipeline import Pipeline
from marsad.pipeline.events import context as C
from marsad.pipeline.events.context import Context

NLP = Pipeline()


def _cuts_by_regex(ss) -> list[int]:
    """The reference: every comma, semicolon and colon of the sentence's folded text, in order."""
    doc = ss.doc
    lo, hi = doc.norm_index(ss.sentence.start), doc.norm_index(ss.sentence.end)
    return [m.start() for m in re.finditer(r"[,;:]", doc.norm[:hi]) if m.start() >= lo]


TEXTS = [
    "قصفت قوات النظام بلدة كفرنبل، ما أدى إلى مقتل ثلاثة مدنيين؛ وإصابة آخرين: بينهم طفلان.",
    "قال مصدر أمني: إن مسلحين شنوا هجوما على حاجز للجيش في الرمادي أمس، وقتل جنديان، وأصيب ثالث.",
    "قتل خمسة في غارة على دوما. وفي حلب، قتل مدني برصاص قناص؛ وفي حمص: اشتباكات",
    "انفجرت عبوة ناسفة في بغداد",  # no mark at all
    "،،؛:,,;; قتل جندي",  # marks side by side, folded ("،" is ",")
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_clause_cuts_are_those_of_the_regex(text):
    ctx = Context.build(NLP(text))
    for ss in ctx.sentences:
        assert C._clause_cuts(ss) == _cuts_by_regex(ss)


def test_the_table_has_sentences_with_several_kinds_of_mark():
    kinds = set()
    for text in TEXTS:
        ctx = Context.build(NLP(text))
        for ss in ctx.sentences:
            kinds |= {ss.doc.norm[k] for k in C._clause_cuts(ss)}
    assert kinds == {",", ";", ":"}
