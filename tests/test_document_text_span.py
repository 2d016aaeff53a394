"""``Document.text_span``: both ends of a span of ``norm`` mapped to ``text``, as ``text_index`` maps each."""
import pytest

from marsad.document import Article, Document
from marsad.pipeline import _normalize


@pytest.mark.parametrize("text", ["قُتِلَ ثلاثة مدنيين", "ـــبلدة حلب", "قصف مدينة إدلب", "", "بلدة\u200c\u200c"])
def test_text_span_maps_both_ends_as_text_index(text):
    doc = _normalize(Document.from_article(Article(id="t", text=text)), None)
    for start in range(len(doc.norm) + 1):
        for end in range(start, len(doc.norm) + 1):
            assert doc.text_span(start, end) == (doc.text_index(start), doc.text_index(end))
