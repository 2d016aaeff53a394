"""The main extractor's ``extract_content`` as marsad runs it (marsad.io.html_pages._extract_content: the copy of the
cleaned tree and the list of its elements made only when the recovery of wild text runs, from the tree made
again) against trafilatura's own ``extract_content`` on the same cleaned tree: the body and text must come out
the same for every shape of page, with and without the recovery."""
from __future__ import annotations

import copy
import html as html_lib

import pytest
from lxml.etree import tostring

from marsad.io import html_pages

from test_fastpaths_io_html_sections import SECTIONS
from test_fastpaths_io_html_sequence import ALL_PAGES, PARAGRAPHS

SHORT_PAGES = {
    # under the minimum extracted size: the recovery of wild text runs
    "one short paragraph": f"<html><body><article><p>{PARAGRAPHS[1]}</p></article></body></html>",
    "paragraphs outside the frame": f"<html><body><article><p>{PARAGRAPHS[1][:80]}</p></article>"
                                    + "".join(f"<div><p>{html_lib.escape(p)}</p></div>" for p in PARAGRAPHS) + "</body></html>",
    "no frame": "<html><body>" + "".join(f"<p>{html_lib.escape(p)}</p>" for p in PARAGRAPHS) + "</body></html>",
    "quote and code": f"<html><body><article><blockquote>{PARAGRAPHS[0]}</blockquote><pre>x = 1</pre></article>"
                      f"<p>{PARAGRAPHS[2]}</p></body></html>",
    "div text": f"<html><body><div class='content'>{PARAGRAPHS[0]}<div>{PARAGRAPHS[1][:50]}</div></div></body></html>",
    "table": f"<html><body><article><table><tr><td>{PARAGRAPHS[0][:60]}</td></tr></table></article>"
             f"<p>{PARAGRAPHS[3]}</p></body></html>",
    "empty": "<html><body></body></html>",
    # short paragraphs the main pass takes inside a list item or a quote: the recovery must not take them again
    "paragraphs in items": "<html><body><article><ul><li><p>خبر قصير</p> وتفاصيل</li><li><p>خبر ثان</p></li></ul>"
                           "<blockquote><p>قول قصير</p> منقول</blockquote></article></body></html>",
    "paragraph in a div": "<html><body><div class='content'><div><p>خبر قصير</p> وتفاصيل أخرى</div></div></body></html>",
}


def _pages():
    for name, page in {**ALL_PAGES, **SHORT_PAGES}.items():
        yield name, page
    for name, section in SECTIONS.items():
        yield f"section: {name}", f"<html><body><article>{section}</article></body></html>"


PAGES = dict(_pages())


def _cleaned(page, focus: str):
    """The page's cleaned tree as the fast path makes it (a function making it again, each time the same)."""
    from trafilatura.htmlprocessing import convert_tags, tree_cleaning
    from trafilatura.utils import load_html

    from marsad.io import ingest

    tree = load_html(page if isinstance(page, str) else ingest.decode_bytes(page)[0])
    if tree is None:
        return None, None
    options = copy.copy(html_pages._extractor(True, False))
    options.focus = focus
    return (lambda: convert_tags(tree_cleaning(copy.copy(tree), options), options)), options


@pytest.mark.parametrize("focus", ["balanced", "recall", "precision"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_content_extracted_as_trafilatura_extracts_it(name, focus):
    from trafilatura.main_extractor import extract_content

    remake, options = _cleaned(PAGES[name], focus)
    if remake is None:
        return
    namespace = html_pages._prefiltered_extractor()
    assert namespace["extract_content"].__name__ == "_extract_content", "not restated"
    body, text = namespace["extract_content"](remake(), options, remake=remake)
    expected_body, expected_text = extract_content(remake(), options)
    assert (tostring(body, encoding="unicode"), text) == (tostring(expected_body, encoding="unicode"), expected_text)
    # (without a way of making the tree again: as trafilatura)
    body, text = namespace["extract_content"](remake(), options)
    assert (tostring(body, encoding="unicode"), text) == (tostring(expected_body, encoding="unicode"), expected_text)


def test_the_pages_reach_the_recovery(monkeypatch):
    """Some pages need the recovery of wild text (the tree is made again: most of these test pages are short),
    and a page of a news site does not."""
    namespace = html_pages._prefiltered_extractor()
    remade = {}
    for name, page in PAGES.items():
        remake, options = _cleaned(page, "balanced")
        if remake is None:
            continue
        calls = []
        namespace["extract_content"](remake(), options, remake=lambda: calls.append(1) or remake())
        remade[name] = bool(calls)
    assert remade["one short paragraph"] and remade["no frame"]
    assert not remade["news site"] and not remade["article"]


def test_guard(monkeypatch):
    """Another trafilatura's sources: its own extract_content runs, and _main_text calls it as trafilatura does."""
    monkeypatch.setattr(html_pages, "_SECTIONS_DIGEST", "0" * 64)
    namespace = {"extract_content": "trafilatura's"}
    html_pages._restate_link_density_rounds(namespace)
    assert namespace == {"extract_content": "trafilatura's"}
    html_pages._prefiltered_extractor.cache_clear()
    html_pages._sequence_internals.cache_clear()
    try:
        internals = html_pages._sequence_internals()
        assert internals is not None and internals["remakes"] is False
        page = SHORT_PAGES["one short paragraph"]
        monkeypatch.undo()
        read_without = html_pages.article_from_html(page, article_id="x")
    finally:
        html_pages._prefiltered_extractor.cache_clear()
        html_pages._sequence_internals.cache_clear()
    assert html_pages._sequence_internals()["remakes"] is True
    assert html_pages.article_from_html(page, article_id="x") == read_without


def _main_texts(page, with_reload: bool):
    """The main text of ``page`` by ``_main_text`` given a way of parsing the page again or not, and how many
    times the page was parsed again."""
    from marsad.io import ingest

    helpers, internals = html_pages._metadata_helpers(), html_pages._sequence_internals()
    options = html_pages._extractor(True, False)
    html = page if isinstance(page, str) else ingest.decode_bytes(page)[0]
    tree = html_pages._load_html(html, None, helpers, options.max_file_size)
    if tree is None:
        return None, 0
    loads = []

    def reload():
        loads.append(1)
        return html_pages._load_html(html, None, helpers, options.max_file_size)

    return html_pages._main_text(tree, options, internals, reload=reload if with_reload else None), len(loads)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_cleaned_in_place_reads_the_same(name):
    """The page's own tree cleaned (and parsed again for the steps after the main extractor), or a copy."""
    in_place, _ = _main_texts(PAGES[name], True)
    assert in_place == _main_texts(PAGES[name], False)[0]


def test_pages_parsed_again_only_for_the_later_steps():
    # the baseline rescue ("short article"), the recall escalation ("sidebar"), the recovery of wild text
    assert _main_texts(PAGES["short article"], True)[1] == 1
    assert _main_texts(PAGES["sidebar"], True)[1] == 1
    assert _main_texts(PAGES["no frame"], True)[1] == 1
    assert _main_texts(PAGES["news site"], True)[1] == 0


@pytest.mark.parametrize("name", ["one short paragraph", "news site", "no frame"])
def test_prefilter_guard_leaves_trafilatura_extract_content(monkeypatch, name):
    """Regression: another trafilatura's expressions (the prefilter's digest differs, the sections' does not):
    the main extractor is trafilatura's own, which takes no ``remake``, so the page is not cleaned in place and
    read with a remake; every page reads as it reads with the fast paths on."""
    page = {**PAGES, **SHORT_PAGES}[name]
    expected = html_pages.article_from_html(page, article_id="x")
    monkeypatch.setattr(html_pages, "_PREFILTERED_DIGEST", "0" * 64)
    html_pages._prefiltered_extractor.cache_clear()
    html_pages._sequence_internals.cache_clear()
    try:
        internals = html_pages._sequence_internals()
        assert internals is not None and internals["remakes"] is False
        assert html_pages.article_from_html(page, article_id="x") == expected
        assert _main_texts(page, True)[0] == _main_texts(page, False)[0]
    finally:
        monkeypatch.undo()
        html_pages._prefiltered_extractor.cache_clear()
        html_pages._sequence_internals.cache_clear()
    assert html_pages._sequence_internals()["remakes"] is True
