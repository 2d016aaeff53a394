"""Speed of the events stage (issue 9): ``new_report`` (events/dates.py) reads where the key words of the
openers stand from the article's one pass (a head that holds none is not even sliced). Every sentence of
an article must get the answer of the plain test of its head: the key-word gate, then the opener test."""
from datetime import date

import pytest

from marsad.document import Article
from marsad.pipeline import Pipeline
from marsad.pipeline.dates import opens_new_report
from marsad.pipeline.events import dates as D
from marsad.pipeline.events.context import Context

NLP = Pipeline()
PUB = date(2016, 3, 10)


def _plain(ctx: Context, ss) -> bool:
    """The answer as it was worked out: the folded head of the sentence, gated, then tested."""
    lo = ctx.doc.norm_index(ss.sentence.start)
    head = ctx.doc.norm[lo:lo + 80]
    return D._may_open_report(head) and opens_new_report(head)


TEXTS = [
    "قصفت الطائرات بلدة كفرنبل. من جهة أخرى، قتل جنديان في حلب. وإلى ذلك، اعتقلت القوات عشرة أشخاص.",
    "قتل خمسة في غارة على دوما. وعلى صعيد منفصل، انفجرت عبوة ناسفة في حمص. ميدانيا، دارت اشتباكات.",
    "عملية فجر الكرمة ميدانيا، أعلنت القوات السيطرة على قرية. قال مصدر من جهة أخرى إن الجيش تقدم.",
    "في حلب، قتل مدني برصاص قناص. وفي سياق آخر، أعلنت الشرطة اعتقال مسلح. من جانب آخر، شنت الطائرات غارات.",
    # a key word past the 80 characters of the head, and one that straddles its end
    "قتل مدني في حلب برصاص قناص بعد ظهر اليوم في حي الشيخ مقصود الذي يشهد اشتباكات متقطعة منذ أسابيع من جهة الشرق.",
    "قصفت قوات النظام بلدة كفرنبل من جهة الشرق. وفي ذلك اليوم، هاجم مسلحون حاجزا. إلى ذلك الحين، بقيت القوات.",
    "لا شيء هنا",
]


@pytest.mark.parametrize("text", TEXTS)
def test_new_report_agrees_with_the_plain_test(text):
    ctx = Context.build(NLP(Article(id="t", text=text, published=PUB)))
    answers = [D.new_report(ctx, ss) for ss in ctx.sentences]
    assert answers == [_plain(ctx, ss) for ss in ctx.sentences]


def test_the_texts_hold_openers_and_sentences_that_open_nothing():
    answers = set()
    for text in TEXTS:
        ctx = Context.build(NLP(Article(id="t", text=text, published=PUB)))
        answers.update(D.new_report(ctx, ss) for ss in ctx.sentences)
    assert answers == {True, False}


def _headline_plain(ctx: Context, i: int) -> bool:
    """is_headline as it was: the title and the first sentence folded at every call."""
    from marsad.text import fold
    if i != 0 or len(ctx.sentences) < 2:
        return False
    title = fold(ctx.doc.title or "").strip()
    if not title:
        return False
    first = fold(ctx.sentences[0].sentence.text).strip()
    return first.startswith(title[:40]) and len(first) <= len(title) + 5


HEADLINES = [
    ("مقتل خمسة في غارة على دوما", "مقتل خمسة في غارة على دوما. وقال المرصد إن الطائرات قصفت المدينة."),
    ("مقتل خمسة في غارة", "مقتل خمسة في غارة على دوما وحرستا وعربين. وقال المرصد إن الطائرات قصفت."),
    ("", "مقتل خمسة في غارة على دوما. وقال المرصد إن الطائرات قصفت المدينة."),
    (None, "مقتل خمسة في غارة على دوما. وقال المرصد."),
    ("عنوان آخر", "مقتل خمسة في غارة على دوما. وقال المرصد إن الطائرات قصفت المدينة."),
    ("مقتل خمسة في غارة على دوما", "مقتل خمسة في غارة على دوما"),  # one sentence only
]


@pytest.mark.parametrize("title,text", HEADLINES)
def test_is_headline_agrees_with_the_plain_test(title, text):
    from marsad.pipeline.events.context import is_headline
    ctx = Context.build(NLP(Article(id="t", text=text, title=title, published=PUB)))
    for _ in range(2):  # (asked again for each candidate: the memo's answer)
        assert [is_headline(ctx, i) for i in range(len(ctx.sentences))] == \
            [_headline_plain(ctx, i) for i in range(len(ctx.sentences))]
