"""Speed work on the sentences stage: one call per sentence (trimming and the offset map written out,
a newline told by the match's first character) gives the sentences of the code before the change,
kept here as the reference."""
import pytest

from marsad.document import Article, Document, Sentence
from marsad.pipeline.sentences import _CLAUSE_CUT, _END, LONG_SENTENCE, _single_letter_before, split_sentences
from marsad.pipeline import _normalize


def _split_reference(doc):
    """``split_sentences`` before the change."""
    norm = doc.norm
    sentences = []
    start = 0
    paragraph = 0
    for m in _END.finditer(norm):
        if m.group() == "\n":
            _add(doc, sentences, start, m.start(), paragraph)
            paragraph += 1
        elif _single_letter_before(norm, m.start()):
            continue
        else:
            _add(doc, sentences, start, m.end(), paragraph)
        start = m.end()
    _add(doc, sentences, start, len(norm), paragraph)
    return sentences


def _add(doc, out, start, end, paragraph):
    if end - start > LONG_SENTENCE:
        cuts = [m.end() for m in _CLAUSE_CUT.finditer(doc.norm, start, end)]
        if cuts:
            for a, b in zip([start] + cuts, cuts + [end]):
                _add_one(doc, out, a, b, paragraph)
            return
    _add_one(doc, out, start, end, paragraph)


def _add_one(doc, out, start, end, paragraph):
    norm = doc.norm
    while start < end and norm[start].isspace():
        start += 1
    while end > start and norm[end - 1].isspace():
        end -= 1
    if end <= start:
        return
    t0, t1 = doc.text_index(start), doc.text_index(end)
    out.append(Sentence(t0, t1, doc.text[t0:t1], index=len(out), paragraph=paragraph))


def _doc(text):
    """A document of ``text`` after the normalize stage."""
    return _normalize(Document.from_article(Article(id="t", text=text)), None)


_LONG_CLAUSES = "، ".join(["وقال المرصد إن قوات النظام قصفت بلدات ريف إدلب الجنوبي بعشرات القذائف"] * 6)

TEXTS = [
    "قتل ثلاثة مدنيين. وتتعرض المنطقة لقصف.",
    "قرب قرية تل الرمان.وتشهد منطقة حماة معارك.",
    "بينهم ضابط برتبة نقيب\".ولم تنشر الوكالة أي تفاصيل.",
    "بيروت (أ.ف.ب) - قتل 3.5 ألف شخص.",
    "الفقرة الأولى\n\nالفقرة الثانية!\n  \nالثالثة؟ نعم",
    "قُتِلَ ثلاثة.\u200f وجُرِحَ خمسة.\n\u0640\u0640\n",  # deleted characters: the offset map
    "\n\n  \n",  # nothing but blank lines
    "",
    " . ! ? ",
    "أ.ب",  # a dot right after the first letter of the text
    "ا. ب. ج.",
    "وقال: \"انتهى الأمر.\" ثم غادر...",
    _LONG_CLAUSES + ".",  # a long sentence cut at its clause openers
    "\n" + _LONG_CLAUSES + "\n" + _LONG_CLAUSES.replace("، ", " "),  # one with no clause to cut at
    ("ـ" * 300) + "، وقال المرصد، فيما قالت الوكالة" + ("\u064e" * 40) + ".",
]


@pytest.mark.parametrize("text", TEXTS)
def test_sentences_are_the_reference_sentences(text):
    doc = _doc(text)
    assert split_sentences(doc).sentences == _split_reference(_doc(text))
