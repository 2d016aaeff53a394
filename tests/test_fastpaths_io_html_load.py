"""The fast path of loading an HTML page (marsad.io.html_pages._load_html with _clean_utf8) against the reference:
trafilatura's ``load_html`` of the decoded text, and ``looks_binary`` of it. Given the page's UTF-8 bytes
free of the characters trafilatura deletes or the binary check counts, lxml parses the bytes themselves;
the tree must be the one load_html makes from the text, and every other page must go through load_html."""
from __future__ import annotations

import codecs
import re

import pytest
from lxml import etree

from marsad.errors import InputError
from marsad.io import html_pages, ingest
from marsad.io.html_pages import article_from_html
from marsad.io.ingest import IngestOptions

from test_fastpaths_io_html_sequence import ALL_PAGES, PAGES, _read, _reference

BODY = "<body><article><p>قصفت طائرات حربية بلدة كفرنبل في ريف إدلب الجنوبي ما أدى إلى مقتل ثلاثة مدنيين.</p></article></body>"


def _with(word: str) -> str:
    """A page whose first paragraph has ``word`` for its second word."""
    return "<html>" + BODY.replace("بلدة", word) + "</html>"


EDGE_PAGES = {
    "plain": f"<html><head><title>عنوان</title></head>{BODY}</html>",
    "doctype": f"<!DOCTYPE html>\n<html>{BODY}</html>",
    "doctype with slash": f'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "http://www.w3.org/TR/xhtml1/DTD/x.dtd">\n<html>{BODY}</html>',
    "doctype, no newline": f"<!DOCTYPE html><html>{BODY}</html>",
    "doctype in capitals after spaces": f"   <!doctype HTML>\n<html>{BODY}</html>",
    "self-closing html": f'<!DOCTYPE html>\n<html lang="ar"/>\n{BODY}',
    "self-closing html on line five": f"<!DOCTYPE html>\n\n\n\n<html lang='ar'/>\n{BODY}",
    "xml declaration": f'<?xml version="1.0" encoding="utf-8"?>\n<html>{BODY}</html>',
    "xml declaration without encoding": f'<?xml version="1.0"?>\n<html>{BODY}</html>',
    "leading newlines": f"\n\n<html>{BODY}</html>",
    "leading no-break space": f"\u00a0<html>{BODY}</html>",
    "leading ideographic space": f"\u3000<html>{BODY}</html>",
    "fragment": "<p>قصفت طائرات حربية بلدة كفرنبل</p><p>في ريف إدلب</p>",
    "one paragraph": "<p>قصفت طائرات حربية بلدة كفرنبل في ريف إدلب</p>",
    "text only": "قصفت طائرات حربية بلدة كفرنبل في ريف إدلب",
    "form feed": "<html>" + BODY + "\x0c</html>",
    "vertical tab": _with("بلدة\x0b"),
    "control characters": _with("بلدة\x01\x02"),
    "delete": _with("بلدة\x7f"),
    "C1 control": _with("بلدة\x85\x9f"),
    "no-break space and guillemets": _with("«بلدة»\u00a0"),
    "U+FFFE and U+FFFF": _with("بلدة\ufffe\uffff"),
    "halfwidth forms": _with("بلدة\uffe8"),
    "presentation forms": _with("ﻻ ﷲ"),
    "CR line ends": f"<!DOCTYPE html>\r<html>\r<head></head>\r{BODY}</html>",
    "CRLF line ends": f"<!DOCTYPE html>\r\n<html lang='ar'/>\r\n{BODY}</html>",
    "unicode line separators": f"<!DOCTYPE html>\u2028<html/>\u2029{BODY}",
    "meta charset other": f'<html><head><meta charset="windows-1256"></head>{BODY}</html>',
    "comment first": f"<!-- x --><html>{BODY}</html>",
    "entities": f"<html><body><p>a &amp; b &lt; c &#1576; &nbsp; &#x0; &#128;</p>{BODY}</body></html>",
    "empty html": "<html></html>",
    "head only": "<html><head><title>x</title></head></html>",
    # elements lxml.html gives classes of their own
    "form elements": f"<html><body><form action='/s'><label for='q'>L</label><input name='q'><select><option>o</option>"
                     f"</select><textarea>t</textarea></form><FORM><INPUT name='r'></FORM>{BODY}</body></html>",
}


def _reference_tree(html: str):
    from trafilatura.utils import load_html

    return load_html(html)


def _dump(tree):
    if tree is None:
        return None
    return (type(tree), etree.tostring(tree, encoding="unicode"), tree.getroottree().docinfo.doctype,
            [type(element) for element in tree.iter()])


def _cases():
    for name, page in {**EDGE_PAGES, **PAGES}.items():
        yield name, page.encode("utf-8")
        yield name + " (BOM)", codecs.BOM_UTF8 + page.encode("utf-8")
    for name, data in ALL_PAGES.items():
        if isinstance(data, bytes):
            yield name, data
    plain = EDGE_PAGES["plain"].encode("utf-8")
    yield "a stray byte", plain.replace("بلدة".encode("utf-8"), b"\xff", 1)
    yield "BOM, not UTF-8", codecs.BOM_UTF8 + plain.replace("بلدة".encode("utf-8"), b"\xff", 1)
    yield "cut in a character", plain[:plain.index("بلدة".encode("utf-8")) + 1]
    yield "cp1256 declared", EDGE_PAGES["meta charset other"].encode("cp1256")


CASES = dict(_cases())


@pytest.mark.parametrize("name", sorted(CASES))
def test_page_loads_as_load_html_loads_it(name):
    data = CASES[name]
    # decoded as decode_bytes decodes the page (with the charset its head declares), or refused as it refuses it
    match = html_pages._META_CHARSET.search(data[:4096])
    declared = match.group(1).decode("ascii", "replace") if match else None
    try:
        reference = ingest.decode_bytes(data, declared=declared, fallback="cp1256")
    except InputError as exc:
        with pytest.raises(InputError, match=re.escape(str(exc))):
            html_pages._decode_page(data, IngestOptions())
        return
    html, warnings, utf8 = html_pages._decode_page(data, IngestOptions())
    assert (html, warnings) == reference
    if utf8 is not None:
        # what the fast path skips finds nothing on such a page
        assert utf8.decode("utf-8") == html
        assert not ingest.looks_binary(html)
        from trafilatura.utils import INVALID_XML_CHARS

        assert INVALID_XML_CHARS.search(html) is None
    assert _dump(html_pages._load_html(html, utf8, html_pages._metadata_helpers(), None)) == _dump(_reference_tree(html))


@pytest.mark.parametrize("name", sorted(CASES))
def test_page_read_as_trafilatura_reads_it(monkeypatch, name):
    data = CASES[name]
    assert _read(data, True) == _reference(monkeypatch, data, True)


@pytest.mark.parametrize("name,clean", [
    ("plain", True), ("doctype", True), ("no-break space and guillemets", True), ("presentation forms", True),
    ("form feed", False), ("vertical tab", False), ("control characters", False), ("delete", False),
    ("C1 control", False), ("U+FFFE and U+FFFF", False), ("halfwidth forms", False),
])
def test_clean_utf8(name, clean):
    data = EDGE_PAGES[name].encode("utf-8")
    assert (html_pages._clean_utf8(data) is not None) is clean


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF16_LE + "<html/>".encode("utf-16-le"), codecs.BOM_UTF16_BE + "<html/>".encode("utf-16-be"),
    codecs.BOM_UTF32_LE + "<html/>".encode("utf-32-le"), codecs.BOM_UTF32_BE + "<html/>".encode("utf-32-be"),
])
def test_other_encodings_are_not_utf8(data):
    assert html_pages._clean_utf8(data) is None


@pytest.mark.parametrize("name,parsed", [
    ("plain", True), ("doctype", True), ("leading newlines", True), ("fragment", True),
    ("doctype with slash", False), ("doctype, no newline", False), ("self-closing html", False),
    ("xml declaration", False), ("leading no-break space", False), ("CRLF line ends", False),
    ("unicode line separators", False), ("one paragraph", False), ("text only", False),
])
def test_which_pages_lxml_parses_from_bytes(monkeypatch, name, parsed):
    """The pages load_html would change (or reject) go through it; the others do not."""
    helpers = dict(html_pages._metadata_helpers())
    calls = []
    helpers["load_html"] = lambda html, size, _load=helpers["load_html"]: calls.append(1) or _load(html, size)
    data = EDGE_PAGES[name].encode("utf-8")
    html, warnings, utf8 = html_pages._decode_page(data, IngestOptions())
    html_pages._load_html(html, utf8, helpers, None)
    assert (not calls) is parsed


def test_fast_load_guard(monkeypatch):
    assert html_pages._metadata_helpers()["fast_load"] is not None, "load_html is not the one restated"
    monkeypatch.setattr(html_pages, "_LOAD_DIGEST", "0" * 64)
    assert html_pages._fast_load_parts() is None
    helpers = {**html_pages._metadata_helpers(), "fast_load": None}
    data = EDGE_PAGES["plain"].encode("utf-8")
    html = data.decode("utf-8")
    assert _dump(html_pages._load_html(html, data, helpers, None)) == _dump(_reference_tree(html))


def test_fast_load_needs_a_parser_that_reads_the_bytes_as_utf8(monkeypatch):
    # (a page's declared charset must not change how its UTF-8 bytes are parsed: checked of this lxml)
    assert html_pages._fast_load_parts() is not None
    import trafilatura.utils

    real = trafilatura.utils.load_html
    monkeypatch.setattr(html_pages, "_load_digest", lambda: html_pages._LOAD_DIGEST)  # (the source check passes)
    assert html_pages._fast_load_parts() is not None
    monkeypatch.setattr(trafilatura.utils, "load_html", lambda page, *args: real(page.replace("\u00e9", "e")))
    assert html_pages._fast_load_parts() is None


def test_article_from_text_and_from_bytes():
    data = EDGE_PAGES["doctype"].encode("utf-8")
    read = article_from_html(data, article_id="x", options=IngestOptions())
    assert read == article_from_html(data.decode("utf-8"), article_id="x", options=IngestOptions())


def test_parser_with_static_lookup_guard(monkeypatch):
    """The parser is trafilatura's made again: another way of making it, and load_html's parser is used."""
    from trafilatura import utils

    assert html_pages._metadata_helpers()["fast_load"]["HTML_PARSER"] is not utils.HTML_PARSER, "not in use"
    assert html_pages._parser_with_static_lookup(utils) is not None
    monkeypatch.setattr(html_pages, "_HTML_PARSER_SOURCE", "HTML_PARSER = HTMLParser(remove_comments=True)")
    assert html_pages._parser_with_static_lookup(utils) is None
    assert html_pages._fast_load_parts()["HTML_PARSER"] is utils.HTML_PARSER


def test_static_lookup_error_keeps_the_fast_load(monkeypatch):
    """Regression: lxml without the table the static lookup reads (an error making the parser) leaves lxml.html's
    parser in use, and the fast load from bytes still on (an error there turned the whole fast load off)."""
    from lxml import html
    from trafilatura import utils

    monkeypatch.delattr(html.HtmlElementClassLookup, "_default_element_classes")
    assert html_pages._parser_with_static_lookup(utils) is None
    parts = html_pages._fast_load_parts()
    assert parts is not None and parts["HTML_PARSER"] is utils.HTML_PARSER


def _classes_after(parser, change) -> list:
    """The classes of the elements of the probe page parsed with ``parser``, after ``change`` of the tree."""
    from lxml import html

    tree = change(html.fromstring(html_pages._CLASSES_PROBE.encode("utf-8"), parser=parser))
    return [(element.tag, type(element)) for element in tree.iter()]


def _renamed(tree):
    for element in list(tree.iter("div", "p", "form", "input")):
        element.tag = {"div": "form", "p": "input", "form": "div", "input": "label"}[element.tag]
    return tree


@pytest.mark.parametrize("change", [
    lambda tree: tree, lambda tree: __import__("copy").copy(tree), lambda tree: __import__("copy").deepcopy(tree),
    _renamed, lambda tree: _renamed(__import__("copy").deepcopy(tree)),
])
def test_static_lookup_gives_lxml_html_classes(change):
    """Elements get lxml.html's classes from the parser with the static lookup: as parsed, in copies, renamed."""
    from trafilatura import utils

    parser = html_pages._parser_with_static_lookup(utils)
    assert _classes_after(parser, change) == _classes_after(utils.HTML_PARSER, change)
