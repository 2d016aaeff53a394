"""Inputs never abort a batch, ids unique across folders, exit codes and CLI polish (issue 10):
regression tests for findings 3, 4 and 10."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import marsad.io.sources as sources
from marsad.cli import app
from marsad.document import Article
from marsad.errors import ArticleError
from marsad.io.sources import gzip_complete, path_id, read_inputs
from marsad.run.runner import EXIT_NOTHING_READ, EXIT_OK, EXIT_SOME_FAILED, WarningTally, exit_code, error_kind
from marsad.store import Store

from test_sources import write_warc

FIXTURES = Path(__file__).parent / "fixtures" / "io"
SEED = Path(__file__).resolve().parents[1] / "samples" / "seed-article.txt"
runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def kinds(items) -> list[str]:
    return ["article" if isinstance(i, Article) else error_kind(i) for i in items]


# --------------------------------------------------------------------------- finding 3: truncated archives


@pytest.mark.parametrize("share", [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95, 0.99])
def test_a_truncated_warc_gz_is_that_files_error_and_the_next_file_is_read(tmp_path, share):
    whole = write_warc(tmp_path / "crawl.warc.gz", True).read_bytes()
    cut = tmp_path / "cut.warc.gz"
    n = int(len(whole) * share)
    cut.write_bytes(whole[: n - 1 if n in member_ends(whole) else n])  # (never between two records)
    assert not gzip_complete(cut)
    items = list(read_inputs([cut, FIXTURES / "article.txt"]))
    assert kinds(items)[-1] == "article" and items[-1].id == "article"
    assert "unreadable file" in kinds(items[:-1]) or "empty" in kinds(items[:-1])


def member_ends(data: bytes) -> set[int]:
    """Offsets where a gzip member of ``data`` ends (a .warc.gz has one per record)."""
    import zlib

    ends, offset = set(), 0
    while offset < len(data):
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        d.decompress(data[offset:])
        offset = len(data) - len(d.unused_data)
        ends.add(offset)
    return ends


def test_every_cut_of_a_warc_gz_is_reported_never_raised(tmp_path):
    whole = write_warc(tmp_path / "crawl.warc.gz", True).read_bytes()
    cut = tmp_path / "cut.warc.gz"
    boundaries = member_ends(whole)  # a cut between two records is a whole, shorter archive: not a cut
    assert len(boundaries) == 6
    for n in range(1, len(whole), max(1, len(whole) // 150)):
        if n in boundaries:
            continue
        cut.write_bytes(whole[:n])
        items = list(read_inputs([cut]))
        assert items and isinstance(items[-1], ArticleError), n  # the cut is always said


@pytest.mark.parametrize("exc", [AttributeError("'NoneType' object has no attribute 'startswith'"), KeyError("x"),
                                 RuntimeError("boom"), IndexError("list index out of range")])
def test_a_third_party_exception_while_walking_a_file_is_that_files_error(tmp_path, monkeypatch, exc):
    warc = write_warc(tmp_path / "crawl.warc.gz", True)

    def broken(*args, **kwargs):
        yield from ()
        raise exc

    monkeypatch.setattr(sources, "warc_items", broken)
    items = list(read_inputs([warc, FIXTURES / "article.txt"]))
    assert kinds(items) == ["unreadable file", "article"]
    assert type(exc).__name__ in items[0].reason


@pytest.mark.parametrize("part, ok", [("whole", True), ("last byte cut", False), ("half", False), ("plain", True),
                                      ("empty", True)])
def test_gzip_complete(tmp_path, part, ok):
    import gzip

    whole = gzip.compress(b"a" * 1000) + gzip.compress(b"b" * 1000)
    data = {"whole": whole, "last byte cut": whole[:-1], "half": whole[: len(whole) // 2 + 5], "plain": b"plain",
            "empty": b""}[part]
    target = tmp_path / "probe.gz"
    target.write_bytes(data)
    assert gzip_complete(target) is ok


@pytest.mark.parametrize("workers", ["1", "2"])
def test_cli_run_goes_on_after_a_truncated_archive(tmp_path, workers):
    whole = write_warc(tmp_path / "crawl.warc.gz", True).read_bytes()
    cut = tmp_path / "cut.warc.gz"
    n = len(whole) // 2
    cut.write_bytes(whole[: n - 1 if n in member_ends(whole) else n])
    out = tmp_path / "e.jsonl"
    result = invoke("extract", cut, SEED, "--out", out, "--published", "2023-01-25", "--workers", workers, "-q")
    assert result.exit_code == EXIT_SOME_FAILED, result.output
    assert "truncated" in result.stderr or "unreadable file" in result.stderr
    assert {json.loads(line)["article_id"] for line in out.read_text(encoding="utf-8").splitlines()} >= {"seed-article"}
    db = tmp_path / "m.db"
    result = invoke("ingest", cut, SEED, "--db", db, "--published", "2023-01-25", "--workers", workers)
    assert result.exit_code == EXIT_SOME_FAILED, result.output
    with Store(db) as store:
        assert store.article("seed-article").id and store.count() >= 5


# --------------------------------------------------------------------------- finding 4: same file name, other folder


def two_news(tmp_path) -> tuple[Path, Path]:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a, b = tmp_path / "a" / "news.txt", tmp_path / "b" / "news.txt"
    a.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    b.write_text("هاجمت خلايا داعش مدينة الرقة أمس وقتل ستة مقاتلين من قسد في اشتباكات عنيفة مع عناصر التنظيم.",
                 encoding="utf-8")
    return a, b


@pytest.mark.parametrize("how", ["files", "folder", "glob"])
def test_same_file_names_in_different_folders_get_different_ids(tmp_path, how):
    a, b = two_news(tmp_path)
    given = {"files": [a, b], "folder": [tmp_path], "glob": [str(tmp_path / "*" / "news.txt")]}[how]
    items = list(read_inputs(given))
    assert [i.id for i in items] == ["news", path_id(b)]
    assert any("same file name" in w for w in items[1].warnings)


def test_same_file_names_across_ingest_runs_keep_both_articles(tmp_path):
    a, b = two_news(tmp_path)
    db = tmp_path / "m.db"
    for args in ([a], [b], [a, b], [tmp_path / "a", tmp_path / "b"]):
        result = invoke("ingest", *args, "--db", db, "--published", "2023-01-25")
        assert result.exit_code == EXIT_OK, result.output
        with Store(db) as store:
            assert store.article_count() == (1 if args == [a] else 2)
            assert store.article("news").text.startswith(a.read_text(encoding="utf-8")[:20])
            assert store.count(None) >= 5  # a's events are still there
    with Store(db) as store:
        assert store.article(path_id(b)).source == str(b.resolve())


# --------------------------------------------------------------------------- finding 10: exit codes and flags


@pytest.mark.parametrize("read, failed, allow, code", [
    (5, 0, False, EXIT_OK), (5, 2, False, EXIT_SOME_FAILED), (5, 2, True, EXIT_OK),
    (0, 3, False, EXIT_NOTHING_READ), (0, 3, True, EXIT_NOTHING_READ), (0, 0, False, EXIT_NOTHING_READ),
])
def test_exit_code(read, failed, allow, code):
    assert exit_code(read, failed, allow_errors=allow) == code


@pytest.mark.parametrize("command", ["extract", "ingest"])
@pytest.mark.parametrize("inputs, extra, code", [
    (["article.txt"], [], EXIT_OK),
    (["article.txt", "empty.txt"], [], EXIT_SOME_FAILED),
    (["article.txt", "empty.txt"], ["--allow-errors"], EXIT_OK),
    (["empty.txt", "binary.txt"], [], EXIT_NOTHING_READ),
    (["empty.txt"], ["--allow-errors"], EXIT_NOTHING_READ),
    (["no-such-file.txt"], [], EXIT_NOTHING_READ),
])
def test_cli_exit_codes(tmp_path, command, inputs, extra, code):
    where = ["--out", tmp_path / "e.jsonl"] if command == "extract" else ["--db", tmp_path / "m.db"]
    result = invoke(command, *[FIXTURES / i for i in inputs], *where, "--published", "2023-01-25", *extra)
    assert result.exit_code == code, result.output


@pytest.mark.parametrize("args", [
    ["extract", "{article}", "--out", "{tmp}/e.jsonl", "--published", "01/02/2023"],
    ["extract", "{article}", "--out", "{tmp}/e.jsonl", "--published", "2023-2-1"],
    ["ingest", "{article}", "--db", "{tmp}/m.db", "--published", "01/02/2023"],
    ["export", "--db", "{tmp}/m.db", "--create", "--date-from", "2013/02/01"],
    ["export", "--db", "{tmp}/m.db", "--create", "--date-to", "01/02/2013"],
])
def test_command_line_dates_are_strict_iso(tmp_path, args):
    args = [a.format(article=FIXTURES / "article.txt", tmp=tmp_path) for a in args]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output.replace("\n", " ")
    assert not (tmp_path / "e.jsonl").exists()


@pytest.mark.parametrize("command", [["export"], ["export", "--format", "jsonl"], ["serve"]])
def test_export_and_serve_refuse_a_missing_database_unless_create(tmp_path, monkeypatch, command):
    monkeypatch.setattr("uvicorn.Server.run", lambda *a, **kw: None)
    db = tmp_path / "typo.db"
    result = runner.invoke(app, [*command, "--db", str(db)])
    assert result.exit_code == 2 and "--create" in result.output.replace("\n", " ")
    assert not db.exists()
    result = runner.invoke(app, [*command, "--db", str(db), "--create"])
    assert result.exit_code == 0, result.output
    assert db.exists()


def test_export_to_stdout_defaults_to_csv(tmp_path):
    db = tmp_path / "m.db"
    assert invoke("ingest", SEED, "--db", db, "--published", "2023-01-25").exit_code == 0
    result = invoke("export", "--db", db)
    assert result.exit_code == 0 and result.stdout.startswith("event_id_cnty,") and result.stdout.count("\n") == 6


def test_ingest_prints_a_summary_not_a_line_per_article(tmp_path):
    result = invoke("ingest", FIXTURES / "articles.jsonl", SEED, "--db", tmp_path / "m.db", "--published", "2023-01-25")
    lines = result.stderr.splitlines()
    assert not any(line.startswith("seed-article: added") for line in lines)
    assert any(line.startswith("articles: ") and "added" in line for line in lines)
    assert "warning: articles-2: no 'id'" in result.stderr  # per-article warnings are shown
    verbose = invoke("ingest", SEED, "--db", tmp_path / "m.db", "--published", "2023-01-25", "--verbose")
    assert "seed-article: unchanged, 5 events" in verbose.stderr


def test_repeated_warnings_are_summarised(tmp_path):
    rows = [{"id": f"x{n}", "text": SEED.read_text(encoding="utf-8")} for n in range(12)]
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    for command, where in (("extract", ["--out", tmp_path / "e.jsonl"]), ("ingest", ["--db", tmp_path / "m.db"])):
        result = invoke(command, path, path, *where)  # no date: 24 warnings; a second time: 12 duplicate ids
        shown = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
        assert len(shown) == 9, result.stderr  # three kinds, three of each
        assert "warning repeated 21 more time(s), not shown: no publication date" in result.stderr
        assert "warning repeated 9 more time(s), not shown: duplicate article id" in result.stderr


@pytest.mark.parametrize("warnings, shown, tail", [
    (["a 'x1' b"] * 2, 2, []),
    ([f"duplicate article id 'x{n}': an earlier input has the same id" for n in range(5)], 3,
     ["warning repeated 2 more time(s), not shown: duplicate article id 'x0': an earlier input has the same id"]),
    (["one", "two", "one", "one", "one"], 4, ["warning repeated 1 more time(s), not shown: one"]),
])
def test_warning_tally(warnings, shown, tail):
    tally = WarningTally(show=3)
    assert sum(tally.add(w) for w in warnings) == shown
    assert tally.lines() == tail


# --------------------------------------------------------------------------- finding 7: long articles in sections


@pytest.mark.parametrize("length, limit, sections", [(100, 0, 1), (100, 200, 1), (1000, 200, 5), (1001, 200, 6),
                                                     (20_000, 20_000, 1), (45_000, 20_000, 3)])
def test_long_articles_are_cut_into_sections_at_line_ends(length, limit, sections):
    from marsad.io.ingest import split_sections

    line = "قتل شخصان في الرقة.\n"
    text = (line * (length // len(line) + 1))[:length]
    article = Article(id="long", text=text, title="عنوان")
    parts = split_sections(article, limit)
    assert len(parts) == sections
    assert "".join(p.text for p in parts) == text
    assert all(len(p.text) <= (limit or length) for p in parts)
    if sections > 1:
        assert [p.id for p in parts] == [f"long~{k}" for k in range(1, sections + 1)]
        assert all(p.text.endswith("\n") for p in parts[:-1])  # cut at line ends
        assert all("coded in" in p.warnings[-1] for p in parts) and parts[0].title.endswith(f"(section 1 of {sections})")
    else:
        assert parts == [article]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_long_article_is_coded_in_sections(tmp_path, workers):
    long = tmp_path / "long.txt"
    long.write_text("\n".join([SEED.read_text(encoding="utf-8")] * 40), encoding="utf-8")  # ~93,000 characters
    out = tmp_path / "e.jsonl"
    result = invoke("extract", long, "--out", out, "--published", "2023-01-25", "--workers", workers)
    assert result.exit_code == 0, result.output
    ids = {json.loads(line)["article_id"] for line in out.read_text(encoding="utf-8").splitlines()}
    assert ids and all(i.startswith("long~") for i in ids)
    assert "coded in 5 sections of at most 20,000" in result.stderr
