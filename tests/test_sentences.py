"""Sentence segmentation: where one sentence ends and the next begins."""
import pytest

from marsad.document import Article, Document
from marsad.pipeline.normalize import normalize
from marsad.pipeline.sentences import split_sentences


def sentences(text: str) -> list[str]:
    doc = Document.from_article(Article(id="t", text=text))
    n = normalize(text)
    doc.norm, doc.norm_offsets = n.norm, n.offsets
    return [s.text for s in split_sentences(doc).sentences]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("قتل ثلاثة مدنيين. وتتعرض المنطقة لقصف.", ["قتل ثلاثة مدنيين.", "وتتعرض المنطقة لقصف."]),
        # a full stop glued to the next sentence by scraping still ends the sentence
        ("قرب بلدة معرة حرمة.وتتعرض منطقة إدلب لقصف.", ["قرب بلدة معرة حرمة.", "وتتعرض منطقة إدلب لقصف."]),
        ("أحدهم برتبة رائد\".ولم ينشر الإعلام أي خبر.", ["أحدهم برتبة رائد\".", "ولم ينشر الإعلام أي خبر."]),
        ("على مدينة الرقة والمناطق المحيطة بها .ومدينة الرقة هي العاصمة.",
         ["على مدينة الرقة والمناطق المحيطة بها .", "ومدينة الرقة هي العاصمة."]),
        # ... but not a dot between single letters or digits
        ("بيروت (أ.ف.ب) - قتل 3.5 ألف شخص.", ["بيروت (أ.ف.ب) - قتل 3.5 ألف شخص."]),
    ],
)
def test_sentence_ends(text, expected):
    assert sentences(text) == expected
