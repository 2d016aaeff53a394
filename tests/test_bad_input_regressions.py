"""Bad input found by probing the readers, the runner and the store: each case is one item's error or
warning, and the rest of the batch goes on (regressions of bugs that stopped a whole batch or dropped an
item silently)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.io.sources import read_inputs
from marsad.run.runner import extract_to_file
from marsad.run.store_ingest import ingest_files
from marsad.store import Store
from marsad.text import escape_lone_surrogates, has_lone_surrogates, replace_lone_surrogates

SEED = Path(__file__).resolve().parents[1] / "samples" / "seed-article.txt"


def _seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def _jsonl_line(**fields) -> str:
    # (json.dumps writes a lone surrogate as its escape, "\ud800": valid JSON that orjson refuses)
    return json.dumps({"published": "2023-01-25", **fields}, ensure_ascii=True) + "\n"


# --------------------------------------------------------------------------- lone surrogates


@pytest.mark.parametrize("value, has", [
    ("", False), ("abc", False), ("مرصد", False), ("a\ud800b", True), ("\udcff", True), ("😀", False),
])
def test_has_lone_surrogates(value, has):
    assert has_lone_surrogates(value) is has


def test_lone_surrogates_are_replaced_or_escaped():
    assert replace_lone_surrogates("a\ud800b\udfff") == "a\ufffdb\ufffd"
    assert escape_lone_surrogates("bad\udcff") == "bad\\udcff"
    assert escape_lone_surrogates("مرصد") == "مرصد"


@pytest.mark.parametrize("field", ["text", "title", "url", "outlet", "id"])
def test_a_lone_surrogate_in_a_jsonl_field_is_replaced_with_a_warning(tmp_path, field):
    text = _seed_text()
    fields = {"id": "sur", "text": text, "title": "عنوان", "url": "https://x.org/a", "outlet": "Hawar"}
    fields[field] = fields[field][:20] + "\ud800" + fields[field][20:]
    path = tmp_path / "in.jsonl"
    path.write_text(_jsonl_line(**fields), encoding="utf-8")
    (article,) = list(read_inputs([path]))
    assert not any(has_lone_surrogates(getattr(article, name)) for name in ("id", "text", "title", "url", "outlet",
                                                                          "source"))
    assert any("lone surrogates" in w and field in w for w in article.warnings), article.warnings


@pytest.mark.parametrize("out_name", ["e.jsonl", "e.csv", "e.geojson"])
def test_a_lone_surrogate_does_not_stop_the_batch(tmp_path, out_name):
    # regression: the writer raised UnicodeEncodeError on the second article and the third was lost
    text = _seed_text()
    path = tmp_path / "in.jsonl"
    at = text.index("مدينة الرقة") + len("مدينة الرقة")  # (inside the evidence of an event)
    path.write_text(_jsonl_line(id="a", text=text) + _jsonl_line(id="b", text=text[:at] + "\ud800" + text[at:])
                    + _jsonl_line(id="c", text=text), encoding="utf-8")
    out = tmp_path / out_name
    summary = extract_to_file([path], out)
    assert summary.articles_coded == 3 and summary.error_count == 0
    assert summary.events_written == 15  # the seed's five events, three times
    assert out.read_text(encoding="utf-8").count("Islamic State (Syria)") >= 3


def test_a_file_name_that_is_not_utf8_names_its_article_and_its_error(tmp_path):
    # regression: the article failed ("pipeline failed: UnicodeEncodeError") and, with --errors, the
    # error line stopped the batch
    folder = tmp_path / "in"
    folder.mkdir()
    bad_name = "bad\udcff"  # the byte 0xff of a file name, as os decodes it
    (folder / f"{bad_name}.txt").write_text(_seed_text(), encoding="utf-8")
    (folder / f"{bad_name}-empty.txt").write_bytes(b"")
    (folder / "good.txt").write_text(_seed_text(), encoding="utf-8")
    out, errors = tmp_path / "e.jsonl", tmp_path / "errors.jsonl"
    summary = extract_to_file([folder], out, errors_out=errors, published="2023-01-25")
    assert summary.articles_coded == 2 and summary.error_count == 1
    ids = {json.loads(line)["article_id"] for line in out.read_text(encoding="utf-8").splitlines()}
    assert ids == {"bad\\udcff", "good"}
    (error,) = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert error["article_id"] == "bad\\udcff-empty" and "\\udcff" in error["source"]


def test_a_lone_surrogate_is_stored_and_read_back(tmp_path):
    # regression: ingest stopped at the content hash (text) or the INSERT (title), and every rerun too
    text = _seed_text()
    path = tmp_path / "in.jsonl"
    path.write_text(_jsonl_line(id="a", text=text[:50] + "\ud800" + text[50:])
                    + _jsonl_line(id="b", text=text, title="t\udfff") + _jsonl_line(id="c", text=text),
                    encoding="utf-8")
    with Store(tmp_path / "m.db") as store:
        summary = ingest_files(store, [path])
        assert summary.added == 3
        assert "\ufffd" in store.article("a").text and store.article("b").title == "t\ufffd"
        assert store.count() == 15


# --------------------------------------------------------------------------- huge JSON integers


@pytest.mark.parametrize("extra, article_id, warned", [
    ({"views": "HUGE"}, "big", ""),  # a key marsad ignores
    ({"id": "HUGE"}, "9" * 5000, ""),  # read as text
    ({"published": "HUGE"}, "big", "unreadable 'published' value"),
])
def test_a_huge_json_integer_does_not_cost_the_line(tmp_path, extra, article_id, warned):
    # regression: json.loads refused an integer of more than 4,300 digits with a ValueError, and the
    # line was lost as the whole file's error ("read failed"), naming no line
    fields = {"id": "big", "text": _seed_text(), "published": "2023-01-25", **extra}
    line = json.dumps(fields, ensure_ascii=False).replace('"HUGE"', "9" * 5000)
    path = tmp_path / "in.jsonl"
    path.write_text(_jsonl_line(id="a", text=_seed_text()) + line + "\n", encoding="utf-8")
    items = list(read_inputs([path]))
    assert [getattr(i, "id", None) for i in items] == ["a", article_id]
    assert not warned or any(w.startswith(warned) for w in items[1].warnings)


def test_a_bad_utf16_code_unit_costs_neither_its_line_nor_the_rest(tmp_path):
    # regression: the decoder's error ended the file ("unreadable file"), and the good lines of its last
    # chunk before the bad unit were lost too
    lines = [json.dumps({"id": f"a{k}", "text": _seed_text(), "published": "2023-01-25"}, ensure_ascii=False)
             for k in range(1, 41)]
    data = ("\n".join(lines) + "\n").encode("utf-16-le")
    at = data.index("a31".encode("utf-16-le"))  # the id of line 31, where a lone low surrogate unit goes
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\xff\xfe" + data[:at] + b"\x00\xdc" + data[at:])
    items = list(read_inputs([path]))
    assert len(items) == 40 and all(hasattr(i, "text") for i in items)
    assert [i.id for i in items][29:31] == ["a30", "\\udcffa31"]
    assert any("lone surrogates" in w for w in items[30].warnings)


@pytest.mark.parametrize("published, day, warned", [
    ("03/04/2023", "2023-04-03", True),  # April or March: read day first, and said
    ("25/01/2023", "2023-01-25", False),  # no other reading
    ("05/05/2023", "2023-05-05", False),  # the same either way
    ("2023-03-04", "2023-03-04", False),
])
def test_a_published_date_read_day_first_is_said_when_it_could_be_read_otherwise(tmp_path, published, day, warned):
    # regression: "03/04/2023" was read as 3 April with no word, though --published refuses the guess
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "text": _seed_text(), "published": published}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    (article,) = read_inputs([path])
    assert article.published.isoformat() == day
    assert any("read day first" in w for w in article.warnings) is warned


# --------------------------------------------------------------------------- bounds of events


@pytest.mark.parametrize("event_date, fatalities, kept", [
    ("2023-01-25", 3, True), ("", 0, True), ("1918-10-01", 0, False), ("2023-01-25", 350000, False),
    ("2023-02-30", 0, False), ("2023-01-25", -1, False), ("2999-01-01", 0, False), ("2023-01-25", True, False),
])
def test_events_in_bounds_answers_alike_the_first_time_and_from_its_memo(event_date, fatalities, kept):
    from datetime import date

    from marsad.bounds import events_in_bounds
    from marsad.document import EventRecord

    record = EventRecord.from_dict({"event_date": event_date, "time_precision": 1, "event_type": "Battles",
                                    "sub_event_type": "Armed clash", "actor1": "x", "fatalities": fatalities})
    for _ in range(2):  # (the second time, a date seen in bounds is told from the memo)
        ok, refused = events_in_bounds([record], now=date(2026, 12, 7))
        assert (ok == [record]) is kept and (len(refused) == 1) is not kept


def test_a_huge_integer_is_read_as_digits_under_a_lower_digit_limit(tmp_path):
    # regression (review): with PYTHONINTMAXSTRDIGITS=640 a 1,000-digit number cost its line again
    import subprocess
    import sys

    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "text": _seed_text(), "views": "HUGE"}, ensure_ascii=False)
                    .replace('"HUGE"', "9" * 1000) + "\n", encoding="utf-8")
    code = f"from marsad.io.sources import read_inputs; print([getattr(i, 'id', i) for i in read_inputs([{str(path)!r}])])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**__import__("os").environ, "PYTHONINTMAXSTRDIGITS": "640"})
    assert result.returncode == 0 and result.stdout.strip() == "['a']", result.stderr


def test_standard_streams_named_as_both_outputs_are_no_clash():
    # (review) --out /dev/stdout --errors /dev/stderr on one terminal resolve to the same tty: not "given twice"
    from marsad.run.runner import check_output_paths

    check_output_paths([], ["/dev/null", "/dev/null"])


# --------------------------------------------------------------------------- the library's odd articles


@pytest.mark.parametrize("published, day", [
    (__import__("datetime").datetime(2023, 1, 25, 10), "2023-01-25"), ("2023-01-25", "2023-01-25"), (20230125, None),
])
def test_the_pipeline_takes_a_datetime_or_a_text_as_the_publication_date(published, day):
    # regression: a datetime or a str failed the article (TypeError: can't compare datetime.datetime to datetime.date)
    from marsad import Article
    from marsad.pipeline import Pipeline

    doc = Pipeline()(Article(id="a", text=_seed_text(), published=published))
    assert (doc.published.isoformat() if doc.published else None) == day
    assert len(doc.events) == (5 if day else len(doc.events))
    assert (day is None) == any(w.startswith("unreadable publication date") for w in doc.warnings)


@pytest.mark.parametrize("digits", ["7" * 4400, "١" * 50000, "9" * 19])
def test_a_long_run_of_digits_is_no_number_and_costs_no_event(digits):
    # regression: a run of more than 4,300 digits failed the article ("pipeline failed: ValueError: Exceeds the limit")
    from datetime import date

    from marsad import Article
    from marsad.pipeline import Pipeline

    doc = Pipeline()(Article(id="a", text=_seed_text() + "\nرقم المرجع: " + digits, published=date(2023, 1, 25)))
    assert len(doc.events) == 5 and not any(n.text == digits for n in doc.numbers)


# --------------------------------------------------------------------------- a disk that is full


def test_a_backup_that_cannot_be_written_leaves_no_half_file(tmp_path, monkeypatch):
    # regression: a full disk gave a traceback and left a partial backup that restore then called "not a marsad
    # database" (and a rerun refused, the file existing)
    import sqlite3

    from marsad.store import StoreError

    class FullDisk:
        def backup(self, target):
            target.execute("CREATE TABLE half (x)")
            raise sqlite3.OperationalError("database or disk is full")

    with Store(tmp_path / "m.db") as store:
        with monkeypatch.context() as patch:
            patch.setattr(store, "_conn", FullDisk())
            with pytest.raises(StoreError, match="cannot write the backup .*disk is full"):
                store.backup(tmp_path / "bk.db")
    assert not any(p.name.startswith("bk.db") for p in tmp_path.iterdir())


def test_an_export_that_cannot_be_written_is_an_error_line_and_leaves_no_file(tmp_path, monkeypatch):
    # regression: a traceback (OSError: [Errno 28]) and an empty file left behind
    from typer.testing import CliRunner

    from marsad.cli import app

    def full(self, out, *args, **kwargs):
        Path(out).write_text("event_id_cnty,", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Store, "export", full)
    result = CliRunner().invoke(app, ["export", "--db", str(tmp_path / "m.db"), "--create", "--out",
                                      str(tmp_path / "e.csv")])
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    assert not (tmp_path / "e.csv").exists()


def test_an_ingest_into_a_store_that_cannot_be_written_stops_with_one_line(tmp_path, monkeypatch):
    # regression: a traceback and no word of what was kept
    import sqlite3

    from typer.testing import CliRunner

    from marsad.cli import app

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("marsad.run.store_ingest.ingest_files", full)
    result = CliRunner().invoke(app, ["ingest", str(SEED), "--db", str(tmp_path / "m.db"), "--published", "2023-01-25"])
    assert result.exit_code == 1 and "cannot be written: database or disk is full" in " ".join(result.stderr.split())
    assert "the articles stored so far are kept" in " ".join(result.stderr.split())


def test_the_api_answers_503_when_the_database_cannot_be_written(tmp_path, monkeypatch):
    # regression: a review on a full disk answered a bare 500 "Internal Server Error"
    import sqlite3

    from fastapi.testclient import TestClient

    from marsad.web.api import create_app

    with Store(tmp_path / "m.db") as store:
        monkeypatch.setattr(store, "review", lambda *a, **k: (_ for _ in ()).throw(
            sqlite3.OperationalError("database or disk is full")))
        with TestClient(create_app(store), raise_server_exceptions=False) as client:
            response = client.post("/api/events/x/review", json={"action": "confirm", "reviewer": "t"})
    assert response.status_code == 503 and "disk is full" in response.json()["detail"]


def test_a_password_that_is_not_utf8_is_a_usage_error(tmp_path):
    # regression: UnicodeEncodeError ... surrogates not allowed (a traceback)
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "marsad", "user", "add", "u", "--role", "viewer", "--db",
                             str(tmp_path / "m.db"), "--create", "--password-stdin"],
                            input=b"\xff\xfepassword123\n", capture_output=True)
    assert result.returncode == 2 and b"not UTF-8" in result.stderr
