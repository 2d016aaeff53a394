from datetime import date

import pytest

from marsad import Article, Document, Pipeline, STAGES
from marsad.errors import ArticleError, MarsadError
from marsad.pipeline import Stage, check_stages


def test_stage_order_is_consistent():
    check_stages(STAGES)
    names = [s.name for s in STAGES]
    assert names[0] == "normalize" and names[-1] == "events"


def test_stage_that_needs_a_later_output_is_refused():
    bad = (Stage("events", lambda d, r: d, ("triggers",), ("events",), ""),) + STAGES
    with pytest.raises(MarsadError):
        check_stages(bad)


def test_stage_must_return_document():
    stages = STAGES[:1] + (Stage("broken", lambda d, r: None, ("norm",), (), ""),)
    nlp = Pipeline(stages=stages, gazetteer=object())
    with pytest.raises(MarsadError):
        nlp(Article(id="x", text="نص"))


def test_pipe_reports_a_failing_article_and_goes_on():
    def explode(doc, res):
        if doc.id == "bad":
            raise ValueError("boom")
        return doc

    stages = STAGES[:1] + (Stage("explode", explode, ("norm",), (), ""),)
    nlp = Pipeline(stages=stages, gazetteer=object())
    out = list(nlp.pipe([Article(id="bad", text="x"), Article(id="good", text="y", published=date(2023, 1, 1))]))
    assert isinstance(out[0], ArticleError) and "boom" in out[0].reason
    assert isinstance(out[1], Document) and out[1].id == "good"


def test_sentences_keep_offsets_into_original_text():
    text = "قُتِلَ ثلاثة. وأُصيب آخرون!\nسطر ثانٍ"
    nlp = Pipeline(stages=STAGES[:2], gazetteer=object())
    doc = nlp(Article(id="s", text=text))
    assert [s.text for s in doc.sentences] == ["قُتِلَ ثلاثة.", "وأُصيب آخرون!", "سطر ثانٍ"]
    for s in doc.sentences:
        assert text[s.start : s.end] == s.text
