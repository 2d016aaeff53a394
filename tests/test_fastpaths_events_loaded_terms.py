"""Speed of the events stage (issue 9): a record's loaded terms (events/records.py) are not looked for
in an article that uses no loaded term; the answers are those of the full search."""
from datetime import date

import pytest

from marsad import Article, Pipeline
from marsad.pipeline.events import records as R

NLP = Pipeline()
PUB = date(2023, 3, 15)


def loaded_terms_slow(ctx, cand, record) -> str:
    """The loaded terms of a record as they were looked for in every article (the reference)."""
    mentions = [m for i in sorted(set(cand.evidence)) for m in ctx.sentences[i].actors if m.loaded]
    mentions += [m for m in (cand.actor1, cand.actor2) if m is not None and m.loaded and m not in mentions]
    if not mentions:
        return ""
    names = [n for n in (record.actor1, record.actor2, *record.assoc_actor_1.split("; "),
                         *record.assoc_actor_2.split("; ")) if n]
    pairs = {}
    for m in sorted(mentions, key=lambda m: m.start):
        name = next((n for n in names if n in m.candidates), "")
        if name:
            pairs[(name, m.text)] = None
    return "; ".join(f"{name}: {term}" for name, term in pairs)


TEXTS = [
    "قصفت قوات النظام بلدة كفرنبل أمس، ما أدى إلى مقتل ثلاثة مدنيين.",
    "هاجم مرتزقة داعش حاجزا للجيش في الرمادي أمس وقتل جنديان.",
    "اندلعت اشتباكات بين الجيش الحر وتنظيم داعش في حلب اليوم. وقصف مرتزقة داعش بلدة الباب.",
    "اعتقلت قوات الأمن خمسة أشخاص في بغداد يوم الاثنين.",
]


def _answers(text, monkeypatch):
    """(the stage's answer, the reference's) for each record of the article."""
    got = []
    real = R._loaded_terms

    def both(ctx, cand, record):
        answer = real(ctx, cand, record)
        got.append((answer, loaded_terms_slow(ctx, cand, record)))
        return answer

    monkeypatch.setattr(R, "_loaded_terms", both)
    NLP(Article(id="a", text=text, published=PUB))
    return got


@pytest.mark.parametrize("text", TEXTS)
def test_loaded_terms_as_the_full_search_finds_them(text, monkeypatch):
    answers = _answers(text, monkeypatch)
    assert answers
    for fast, slow in answers:
        assert fast == slow


def test_the_table_has_records_with_loaded_terms(monkeypatch):
    assert any(fast for text in TEXTS for fast, _ in _answers(text, monkeypatch))
