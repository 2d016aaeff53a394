"""Speed of the events stage (issue 9): the folded text of a stretch of the article is read from
``doc.norm`` (:func:`context.folded_text`) instead of folding a slice of ``doc.text`` afresh; the words the
actor tests read (``actors._words_at``), the headline test and the folded title give what folding the
slice gives, on Arabic texts with deleted characters (diacritics, tatweel) and at the edges of the text."""
import pytest

from marsad.pipeline import Pipeline
from marsad.pipeline.events import actors as A
from marsad.pipeline.events import context as C
from marsad.pipeline.events.context import Context, folded_text, folded_title
from marsad.document import Article
from marsad.text import fold

NLP = Pipeline()

TEXTS = [
    "قصفت قوات النظام بلدة كفرنبل، ما أدى إلى مقتل ثلاثة مدنيين وإصابة آخرين.",
    "قُتِلَ جنديان في هجـــوم على حاجز للجيش في الرمادي «أمس»، وأُصيب آخرون.",  # diacritics, tatweel, quotes
    "وقال المرصد السوري لحقوق الإنسان إن 12 شخصاً قتلوا في غارات جوية على إدلب.",
    "ـــ",  # deleted characters only
    "ABC قصف Damascus",  # ASCII is lower-cased by folding
    "",
]


def _offsets(text):
    """Every pair of offsets of the text, past its ends and backwards included."""
    n = len(text)
    points = sorted({0, 1, 2, n // 3, n // 2, n - 2, n - 1, n, n + 5})
    return [(a, b) for a in points for b in points if a >= 0]


@pytest.mark.parametrize("text", TEXTS)
def test_folded_text_is_the_fold_of_the_slice(text):
    doc = NLP(text)
    for a, b in _offsets(text):
        assert folded_text(doc, a, b) == fold(text[a:b]), (a, b)


@pytest.mark.parametrize("text", TEXTS)
def test_words_at_are_the_words_of_the_slice(text):
    doc = NLP(text)
    for a, b in _offsets(text):
        for punct in (A._PUNCT, A._PUNCT_SITE, A._PUNCT_SENTENCE, A._PUNCT_CLAUSE, A._PUNCT_PARENS):
            assert A._words_at(doc, a, b, punct) == A._words(text[a:b], punct), (a, b, punct)


@pytest.mark.parametrize("text", [t for t in TEXTS if t])
def test_the_folded_mentions_and_sentences_are_their_folded_text(text):
    doc = NLP(text)
    for span in [*doc.sentences, *doc.actors, *doc.places, *doc.triggers]:
        assert folded_text(doc, span.start, span.end) == fold(doc.text[span.start:span.end])


def _opens_with_title_slow(ctx):
    """The headline test as it was: the title and the first sentence's text folded."""
    title = fold(ctx.doc.title or "").strip()
    if not title:
        return False
    first = fold(ctx.sentences[0].sentence.text).strip()
    return first.startswith(title[:40]) and len(first) <= len(title) + 5


@pytest.mark.parametrize("title, text", [
    ("قصف على حلب", "قصف على حلب\nقصفت الطائرات حلب أمس وقتل خمسة."),
    ("قُصِفَ حلب", "قصف حلب.\nقتل خمسة."),  # the title with diacritics, the text without
    ("عنوان آخر تماما", "قصف على حلب.\nقتل خمسة."),
    ("", "قصف على حلب.\nقتل خمسة."),
    (None, "قصف على حلب.\nقتل خمسة."),
    ("قصف على حلب", "قصف على حلب وريفها الشمالي والغربي والجنوبي.\nقتل خمسة."),  # longer than the title
])
def test_headline_test_agrees_with_the_folded_slices(title, text):
    doc = NLP(Article(id="t", text=text, title=title))
    ctx = Context.build(doc)
    assert C._opens_with_title(ctx) == _opens_with_title_slow(ctx)
    assert folded_title(ctx) == fold(title or "")
    assert folded_title(ctx) is folded_title(ctx)  # (once per article)
