from datetime import date

import pytest

from typer.testing import CliRunner

from marsad import Article, Pipeline
from marsad.cli import app
from marsad.pipeline.explain import explain

TEXT = "بيروت (أ ف ب) - قتل خمسة مدنيين أمس في غارة جوية على مدينة إدلب.\nيخطط التنظيم لشن هجوم على مدينة حلب."


def test_explain_lists_spans_and_records():
    doc = Pipeline()(Article(id="x", text=TEXT, published=date(2023, 3, 15)))
    out = explain(doc)
    assert "trigger  'غارة' -> Air/drone strike" in out
    assert "dateline" in out  # Beirut is marked, not an event place
    assert "date     'أمس' -> 2023-03-14" in out
    assert "1 event(s)" in out  # the planned attack on Aleppo is not an event
    assert "2023-03-14 Air/drone strike" in out


@pytest.mark.parametrize(
    "text, decision",
    [
        (TEXT, "decided  trigger 'هجوم' reports no event: plan cue 'يخطط' before it"),
        ("قتل ثلاثة مدنيين في غارة على مدينة إدلب أمس.\nوأدانت المنظمة الغارة على مدينة إدلب.",
         "decided  trigger 'الغارة' reports no event: reaction cue 'ادان' before it"),
        ("شنت الطائرات غارة على مدينة إدلب أمس.\nوقصفت الطائرات مدينة إدلب أمس.",
         "merged into the record of sentence 0 at Idlib (the same incident told again)"),
        ("وقال المرصد إن هجوما وقع أمس.", "decided  trigger 'هجوما': no place of its own"),
    ],
)
def test_explain_says_what_was_decided(text, decision):
    doc = Pipeline()(Article(id="x", text=text, published=date(2023, 3, 15)))
    assert decision in explain(doc)


def test_explain_command(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(app, ["explain", str(article), "--published", "2023-03-15"])
    assert result.exit_code == 0, result.output
    assert "Air/drone strike" in result.output


def test_explain_command_reports_a_bad_article(tmp_path):
    article = tmp_path / "empty.txt"
    article.write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["explain", str(article)])
    assert result.exit_code == 1


def test_explain_picks_an_article_of_a_jsonl_file_by_id(tmp_path):
    # regression: only the first article of a .jsonl file could be explained, and nothing said so
    import json

    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": TEXT, "published": "2023-03-15"}, ensure_ascii=False) + "\n"
                            for i in ("first", "second")), encoding="utf-8")
    first = CliRunner().invoke(app, ["explain", str(path)])
    assert first.exit_code == 0 and "article first" in first.stdout
    assert "holds more than one item: this is the first, first; choose another with --id" in first.stderr
    second = CliRunner().invoke(app, ["explain", str(path), "--id", "second"])
    assert second.exit_code == 0 and "article second" in second.stdout and not second.stderr
    missing = CliRunner().invoke(app, ["explain", str(path), "--id", "third"])
    assert missing.exit_code == 1 and "no article with id 'third'" in missing.stderr
