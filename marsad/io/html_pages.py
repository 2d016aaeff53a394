"""Reading HTML pages: an article's main text, title, date, url and site name, via trafilatura.

:func:`article_from_html` decodes a page, extracts it and cleans the text as every reader does
(:func:`marsad.io.ingest.finish_article`). The extraction follows trafilatura 2.3.1's own sequence
step for step, restated here so that work whose result marsad never reads is skipped (the page's whole
text, prunes that cannot match, metadata fields marsad does not keep, tree copies); each restated part
is guarded by a digest of the trafilatura source it restates, and any other trafilatura runs its public
``bare_extraction`` instead (logged once at INFO).
"""
from __future__ import annotations

import codecs
import functools
import re
from datetime import date
from pathlib import Path
from typing import Any, Iterator, Mapping, Optional, Union

from ..document import Article, parse_date
from ..errors import InputError
from .ingest import (IngestOptions, decode_bytes, finish_article, line_key, looks_binary, read_file_bytes,
                     too_large)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)


def article_from_html(
    html: Union[str, bytes],
    *,
    article_id: str,
    source: str = "",
    published: Optional[date] = None,
    options: Optional[IngestOptions] = None,
) -> Article:
    """One article from an HTML page: main text, title, date, url and site name via trafilatura.

    ``published`` is the default date for a page whose metadata has none. Raises
    :class:`InputError` when no article text can be extracted.
    """
    options = options or IngestOptions()
    warnings: list[str] = []
    utf8 = None  # the page's UTF-8 bytes, when they hold no character trafilatura or the binary check removes or counts
    if isinstance(html, bytes):
        if len(html) > options.max_article_bytes:
            raise too_large(len(html), options)
        html, warnings, utf8 = _decode_page(html, options)
    elif len(html) > options.max_article_bytes // 4 and len(html.encode("utf-8")) > options.max_article_bytes:
        raise too_large(len(html.encode("utf-8")), options)
    if not html.strip():
        raise InputError("empty: the page has no content")
    # (clean UTF-8 has no NUL and no character looks_binary counts: its scan of the text is not needed)
    if utf8 is None and looks_binary(html):
        raise InputError("binary content: control characters in the page")
    result = _extract_html(html, fast=options.html_fast, utf8=utf8)
    if result is None or not (result.text or "").strip():
        if options.html_fast:
            result = _extract_html(html, fast=False)
    if result is None or not (result.text or "").strip():
        raise InputError("no article text: trafilatura found no main text in the HTML (truncated or not an article page?)")
    title = (result.title or "").strip()
    text = result.text
    # trafilatura keeps the page's <h1> as the first line; the title is kept apart, as in .jsonl.
    first, _, rest = text.partition("\n")
    if title and line_key(first) == line_key(title):
        text = rest
    article = Article(
        id=article_id,
        text=text,
        published=parse_date(result.date),
        title=title,
        url=result.url or "",
        outlet=result.sitename or "",
        source=source,
        warnings=warnings,
    )
    return finish_article(article, options, published)


# Bytes of UTF-8 text for characters trafilatura's load_html deletes (INVALID_XML_CHARS: C0 controls but tab,
# LF and CR; U+FFFE and U+FFFF start with EF BF) or looks_binary counts (those and DEL; C1 controls: C2 80-9F).
_UNCLEAN_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13)) + b"\x7f"
# (C1 controls apart: an expression starting with a literal byte is searched for that byte first, ten times
# faster than one whose match can start with either of two bytes)
_C1_CONTROLS = re.compile(rb"\xc2[\x80-\x9f]")
_LEADING_SPACE = re.compile(r"\s*")


def _decode_page(data: bytes, options: IngestOptions) -> tuple[str, list[str], Optional[bytes]]:
    """``decode_bytes`` of an HTML page's bytes (with the charset its head declares) and the UTF-8 bytes
    of the text when they are clean (:func:`_clean_utf8`). Clean bytes are decoded as UTF-8 at once:
    decode_bytes would find no byte-order mark and no control byte, and decode them so."""
    utf8 = _clean_utf8(data)
    if utf8 is not None:
        try:
            return utf8.decode("utf-8"), [], utf8
        except UnicodeDecodeError:
            pass  # decode_bytes says why, or decodes otherwise
    match = _META_CHARSET.search(data[:4096])
    declared = match.group(1).decode("ascii", "replace") if match else None
    text, warnings = decode_bytes(data, declared=declared, fallback=options.fallback_encoding)
    return text, warnings, None


def _clean_utf8(data: bytes) -> Optional[bytes]:
    """``data`` (without a UTF-8 byte-order mark) when it holds none of ``_UNCLEAN_BYTES``, EF BF and C1
    controls in UTF-8 and starts with no other byte-order mark: decoded as UTF-8, trafilatura's load_html
    parses its text as it is and looks_binary finds nothing in it; else None."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)):
        return None  # (the UTF-32 LE mark starts with the UTF-16 LE one)
    if len(data.translate(None, _UNCLEAN_BYTES)) != len(data) or b"\xef\xbf" in data or _C1_CONTROLS.search(data):
        return None
    return data


def _load_html(html: str, utf8: Optional[bytes], helpers: dict, max_size: Optional[int]):
    """trafilatura's ``load_html(html)``: the tree of the page. Given the page's clean UTF-8 bytes
    (:func:`_clean_utf8`), the tree lxml parses from them, when load_html would parse the text as it is
    (no DOCTYPE or ``<html .../>`` line to repair, no XML declaration) and keep the tree: the same tree
    without the scan of the text for characters to delete and without libxml2 converting the text back
    to UTF-8 (a third of loading a page); else load_html itself."""
    fast = helpers.get("fast_load")
    if utf8 is None or fast is None:
        return helpers["load_html"](html, max_size)
    beginning = html[:50].lower()
    if "doctype" in beginning:
        newline = html.find("\n")
        if newline < 0 or fast["DOCTYPE_TAG"].match(html, 0, newline):
            return helpers["load_html"](html, max_size)
    # the first four lines of the first 4,096 characters: those up to the fourth LF at most
    head, cut = html[:4096], -1
    for _ in range(4):
        cut = head.find("\n", cut + 1)
        if cut < 0:
            break
    if cut >= 0:
        head = head[:cut + 1]
    for line in head.splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            return helpers["load_html"](html, max_size)
    # lxml tells a whole page from a fragment by its start, with ``\s`` of the text's or the bytes' kind
    if html.startswith("<?xml") or not html[:_LEADING_SPACE.match(html).end()].isascii():
        return helpers["load_html"](html, max_size)
    try:
        tree = fast["fromstring"](utf8, parser=fast["HTML_PARSER"])
    except Exception:  # load_html's errors, retries and log: its own
        return helpers["load_html"](html, max_size)
    if tree is None or len(tree) < 1 or ("html" not in beginning and len(tree) < 2):
        return helpers["load_html"](html, max_size)
    return tree


def _extract_html(html: str, *, fast: bool, utf8: Optional[bytes] = None):
    """trafilatura's ``bare_extraction`` of a page with its metadata: the main text, and of the
    metadata the fields marsad reads (title, date, url, site name).

    trafilatura's metadata step also looks for the author, categories, tags and licence (a third
    of its time on a news page), which marsad never reads: the page is parsed once, its metadata
    read as trafilatura does without those four fields, and its text extracted without the
    metadata step, which does not change it (the step only reads the tree, and with links off the
    page's url is not used). Should trafilatura's metadata helpers change, the whole
    ``bare_extraction`` runs instead."""
    import trafilatura

    helpers = _metadata_helpers()
    if helpers is None:
        return trafilatura.bare_extraction(html, options=_extractor(fast, True))
    options = _extractor(fast, False)
    tree = _load_html(html, utf8, helpers, options.max_file_size)
    if tree is None:  # not HTML, too large: as trafilatura says it
        return trafilatura.bare_extraction(html, options=_extractor(fast, True))
    metadata = _page_metadata(tree, helpers)
    internals = _sequence_internals()
    if internals is None or options.comments or options.focus != "balanced" or options.dedup or options.lang:
        result = trafilatura.bare_extraction(tree, options=options)
        if result is not None:
            result.title, result.date, result.url = metadata.title, metadata.date, metadata.url
            result.sitename, result.hostname = metadata.sitename, metadata.hostname
        return result
    text = _main_text(tree, options, internals, reload=lambda: _load_html(html, utf8, helpers, options.max_file_size))
    if text is None:
        return None
    metadata.text = text
    return metadata


# extensive_search=False: a page without date metadata gets no date rather than one guessed
# from a copyright year or a link (a wrong date is worse than none: relative dates resolve on it).
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


@functools.lru_cache(maxsize=4)
def _extractor(fast: bool, with_metadata: bool):
    """trafilatura's options for a page, built once (building them reads its configuration: a
    tenth of a millisecond a page); trafilatura copies what it changes."""
    from trafilatura.settings import Extractor

    return Extractor(output_format="python", fast=fast, comments=False, tables=True, with_metadata=with_metadata,
                     date_params=dict(_DATE_PARAMS))


@functools.lru_cache(maxsize=1)
def _metadata_helpers() -> Optional[dict]:
    """The functions of trafilatura's ``extract_metadata`` that find the title, url, date and
    site name (None when this trafilatura lacks one of them)."""
    try:
        from trafilatura import metadata as meta
        from trafilatura.utils import load_html

        helpers = {name: getattr(meta, name) for name in (
            "examine_meta", "extract_meta_json", "extract_title", "extract_url", "extract_domain", "find_date",
            "extract_sitename", "META_URL")}
    except (ImportError, AttributeError):
        return None
    helpers["load_html"] = load_html
    helpers["fast_load"] = _fast_load_parts()
    return helpers


#: The trafilatura functions and expressions :func:`_load_html` restates, and their digest in trafilatura 2.3.1
#: (any other, and every page is loaded by load_html).
_LOAD_FUNCTIONS = ("utils.load_html", "utils.repair_faulty_html", "utils.is_dubious_html", "utils.decode_file",
                   "utils.fromstring_bytes")
_LOAD_EXPRESSIONS = ("utils.INVALID_XML_CHARS", "utils.DOCTYPE_TAG", "utils.FAULTY_HTML")
_LOAD_DIGEST = "3a49c9d09fdec886b4450b9dc188d48ba64abcb7e926aa588d1f1ad9b1758637"


def _source_digest(functions: tuple[str, ...], expressions: tuple[str, ...] = ()) -> str:
    """The digest of the sources of trafilatura's ``functions`` and the patterns of its compiled regular
    ``expressions`` (each ``"module.name"`` of the ``trafilatura`` package): what a restated step of
    trafilatura checks before it runs in place of trafilatura's own (raises when a source is not there)."""
    import hashlib
    import importlib
    import inspect

    digest = hashlib.sha256()
    for qualified in functions + expressions:
        module, name = qualified.split(".")
        value = getattr(importlib.import_module(f"trafilatura.{module}"), name)
        digest.update((f"{value.pattern!r}/{value.flags}" if qualified in expressions else inspect.getsource(value)).encode())
    return digest.hexdigest()


def _load_digest() -> str:
    """The digest of the sources of ``_LOAD_FUNCTIONS`` and the expressions of ``_LOAD_EXPRESSIONS``."""
    return _source_digest(_LOAD_FUNCTIONS, _LOAD_EXPRESSIONS)


#: A page in UTF-8 that declares another charset (read by :func:`_fast_load_parts`).
_CHARSET_PROBE = ('<html><head><meta charset="windows-1256"></head>'
                  '<body><p>\u0645\u0631\u062d\u0628\u0627 \u00e9</p></body></html>')


def _fast_load_parts() -> Optional[dict]:
    """What :func:`_load_html` reads of trafilatura's ``utils`` (the parser, lxml's ``fromstring``, the
    DOCTYPE expression), None when load_html is not the one it restates."""
    try:
        from trafilatura import utils

        if _load_digest() != _LOAD_DIGEST:
            return None
        parts = {"fromstring": utils.fromstring, "HTML_PARSER": utils.HTML_PARSER, "DOCTYPE_TAG": utils.DOCTYPE_TAG}
        # the bytes are parsed as UTF-8 whatever charset the page declares: a check of this lxml and libxml2,
        # which no digest of trafilatura's source covers
        from lxml.etree import tostring

        if tostring(parts["fromstring"](_CHARSET_PROBE.encode("utf-8"), parser=parts["HTML_PARSER"])) \
                != tostring(utils.load_html(_CHARSET_PROBE)):
            return None
        parts["HTML_PARSER"] = _parser_with_static_lookup(utils) or parts["HTML_PARSER"]
        return parts
    except Exception:  # no source (a frozen install), a name gone: load_html
        return None


#: How trafilatura 2.3.1 makes its HTML parser (in ``trafilatura.utils``), which :func:`_parser_with_static_lookup`
#: makes again.
_HTML_PARSER_SOURCE = ('HTML_PARSER = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", '
                       'remove_comments=True, remove_pis=True)')
#: A page with the elements lxml.html gives classes of their own (and their tags in capitals)
_CLASSES_PROBE = ('<html><head><title>t</title></head><body><form action="/s"><label for="q">L</label>'
                  '<input name="q"><select name="s"><option>o</option></select><textarea>x</textarea></form>'
                  '<FORM><INPUT name="r"><LABEL>l</LABEL></FORM><p>p<!-- c --><?pi x?></p><svg:rect/></body></html>')


def _parser_with_static_lookup(utils) -> Optional[Any]:
    """trafilatura's HTML parser (``utils.HTML_PARSER``: lxml.html's, with the same options), whose elements
    get their Python class from a table lxml reads itself rather than from lxml.html's lookup, a Python
    method called for every element a Python object is made for (some hundred a page: a tenth of the time
    of those objects). The table is lxml.html's (``form``, ``input`` ... to their classes, any other
    element ``HtmlElement``), so every element gets the class it gets from lxml.html; the parsers tell
    apart only a tag lxml.html lowercases (an element renamed in capitals after parsing, which neither
    trafilatura nor marsad does; HTML parsing lowercases tags). None when trafilatura makes its parser
    otherwise or the probe page's elements get other classes or another tree."""
    try:
        return _static_lookup_parser(utils)
    except Exception:  # no source (a frozen install), lxml's table gone or renamed: lxml.html's own lookup
        return None


def _static_lookup_parser(utils) -> Optional[Any]:
    """:func:`_parser_with_static_lookup`, which turns an error here into None."""
    import inspect

    from lxml import etree, html

    if _HTML_PARSER_SOURCE not in inspect.getsource(utils) or utils.HTMLParser is not html.HTMLParser:
        return None
    parser = html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                             remove_pis=True)
    lookup = etree.ElementNamespaceClassLookup(etree.ElementDefaultClassLookup(
        element=html.HtmlElement, comment=html.HtmlComment, pi=html.HtmlProcessingInstruction, entity=html.HtmlEntity))
    lookup.get_namespace(None).update(html.HtmlElementClassLookup._default_element_classes)
    parser.set_element_class_lookup(lookup)
    probe = _CLASSES_PROBE.encode("utf-8")
    ours, theirs = html.fromstring(probe, parser=parser), html.fromstring(probe, parser=utils.HTML_PARSER)
    if etree.tostring(ours) != etree.tostring(theirs) \
            or [type(element) for element in ours.iter()] != [type(element) for element in theirs.iter()]:
        return None
    return parser


#: The trafilatura functions :func:`_main_text` restates or relies on, and the digest of their source in the
#: trafilatura it was written for (2.3.1): any other source, and the whole ``bare_extraction`` runs instead.
_SEQUENCE_FUNCTIONS = ("core.bare_extraction", "core.trafilatura_sequence", "core._prepare_tree",
                       "core._extract_and_compare", "baseline.html2txt", "baseline._spaced_text",
                       "baseline.basic_cleaning", "xml.delete_element", "settings.Extractor",
                       "htmlprocessing.prune_unwanted_nodes", "utils.remove_control_characters")
_SEQUENCE_DIGEST = "36e29041d044e649eff703aaa7393451f023ef1a92e25e5270e75b8896b2ea37"


@functools.lru_cache(maxsize=1)
def _sequence_internals() -> Optional[dict]:
    """The functions and constants of trafilatura's ``bare_extraction`` and ``trafilatura_sequence``
    that :func:`_main_text` calls (with ``may_prune``: the prechecks of the raw-tree prunes), or None
    when this trafilatura's source of those functions (or of the ones the page-text bound relies on)
    is not the one :func:`_main_text` restates."""
    try:
        import importlib

        if _source_digest(_SEQUENCE_FUNCTIONS) != _SEQUENCE_DIGEST:
            _slow_path_reason("its source differs from trafilatura 2.3.1's")
            return None
        core = importlib.import_module("trafilatura.core")
        names = ("_forum_thread_page", "prune_unwanted_nodes", "RAW_TREE_PRUNE_XPATH",
                 "REMOVE_COMMENTS_AND_LISTS_XPATH", "_prepare_tree", "_extract_and_compare", "baseline",
                 "html2txt", "_recall_retry", "justext_rescue", "xmltotxt", "strip_tags", "copy", "LOGGER",
                 "ESCALATION_MAX_LENGTH", "ESCALATION_PAGE_SHARE", "ESCALATION_ACCEPT_RATIO",
                 "ESCALATION_JUSTEXT_RATIO", "tree_cleaning", "convert_tags", "extract_content")
        internals = {name: getattr(core, name) for name in names}
        internals["may_prune"] = _prune_prechecks(internals)
        # the main extractor with its expressions prefiltered, when they are the ones prefiltered
        internals["extract_content"] = _prefiltered_extractor().get("extract_content", internals["extract_content"])
        # (the main extractor's extract_content restated: it can make the cleaned tree again when it needs it)
        # (only when it is the one in use: with the expressions not prefiltered it is trafilatura's own, which
        # takes no ``remake``)
        extractor = _prefiltered_extractor()
        internals["remakes"] = "_extract_content" in extractor and internals["extract_content"] is extractor[
            "_extract_content"]
        internals["tree_cleaning"] = _one_walk_tree_cleaning() or internals["tree_cleaning"]
    except Exception as exc:  # no source (a frozen install), a name gone: the public call
        _slow_path_reason(f"{type(exc).__name__}: {exc}")
        return None
    return internals


#: The trafilatura functions :func:`_tree_cleaning` restates or relies on, and their digest in trafilatura 2.3.1
#: (any other, and trafilatura's ``tree_cleaning`` runs).
_CLEANING_FUNCTIONS = ("htmlprocessing.tree_cleaning", "xml.delete_element")
_CLEANING_DIGEST = "be11786c65ba0d0d88498d77091de2f34a2f0b7a45abc5e910c170142b9a7da6"


@functools.lru_cache(maxsize=1)
def _one_walk_tree_cleaning() -> Optional[Any]:
    """:func:`_tree_cleaning` bound to the namespace of trafilatura's ``htmlprocessing`` (whose lists of tags
    it reads as they are when it runs), or None when ``_CLEANING_FUNCTIONS`` are not the ones it restates."""
    import importlib
    import types

    try:
        if _source_digest(_CLEANING_FUNCTIONS) != _CLEANING_DIGEST:
            return None
        namespace = vars(importlib.import_module("trafilatura.htmlprocessing"))
    except Exception:  # no source (a frozen install), a name gone: trafilatura's own
        return None
    function = _tree_cleaning
    return types.FunctionType(function.__code__, namespace, function.__name__, function.__defaults__,
                              function.__closure__)


# (bound to the namespace of trafilatura's htmlprocessing by _one_walk_tree_cleaning: the names below that this
# module does not define are that namespace's)
def _tree_cleaning(tree, options):  # noqa: F821 (names of trafilatura)
    """trafilatura's ``tree_cleaning`` (2.3.1), save that with balanced or precise focus the elements of the tags
    it deletes are found in one walk of the tree rather than one walk per tag (some forty: a walk and a tag
    matcher each). Deleting an element keeps its tail in the text before it, whatever is deleted before or
    after: the tree left is the tree without the subtrees of those elements, in whatever order they go. Only
    trafilatura's walks stop early, after deleting an element holding another of its tag (the walk goes on
    inside the deleted element, out of the tree); on a page where an element of a tag holds another of the
    same tag, the deletions run tag by tag as trafilatura runs them. (Otherwise a tag listed twice deletes
    nothing the second time.)"""
    if options.focus == "recall":
        return tree_cleaning(tree, options)
    recover_math(tree)
    cleaning_list, stripping_list = MANUALLY_CLEANED.copy(), MANUALLY_STRIPPED.copy()
    clean_forms = "form" in cleaning_list
    if clean_forms:
        cleaning_list.remove("form")
    if not options.tables:
        cleaning_list.extend(["table", "td", "th", "tr"])
    else:
        for elem in tree.iter("figure", "table"):
            if elem.find(".//table") is not None if elem.tag == "figure" else elem.get("role") in ("presentation", "none"):
                elem.tag = "div"
    if options.images:
        cleaning_list = [e for e in cleaning_list if e not in PRESERVE_IMG_CLEANING]
        stripping_list.remove("img")
    strip_tags(tree, stripping_list)
    elements = list(tree.iter(*cleaning_list)) if cleaning_list else []
    seen: set = set()
    repeated: set = set()
    for element in elements:
        tag = element.tag
        (repeated if tag in seen else seen).add(tag)
    if any(
            element.tag in repeated and next(element.iterancestors(element.tag), None) is not None
            for element in elements):
        for expression in cleaning_list:
            for element in tree.iter(expression):
                delete_element(element)
    else:
        for element in elements:
            delete_element(element)
    if clean_forms:
        _handle_forms(tree)
    return prune_html(tree, options.focus)


def _slow_path_reason(reason: str) -> None:
    """Say (once a process: the caller's result is cached) why pages go through trafilatura's public
    ``bare_extraction``: the same text, only slower, which a user timing a run may want to know."""
    import logging

    logging.getLogger(__name__).info("HTML pages are read with trafilatura's bare_extraction: %s", reason)


# What an element's class or id must hold for trafilatura's raw-tree prunes to delete it. Each of their
# XPath expressions (``_PRUNE_PATHS``, those of trafilatura 2.3.1) deletes only elements whose ``@id`` or
# ``@class`` matches (EXSLT ``re:test``: Python's ``re.search``) or contains one of these: a page none of
# whose class or id values matches the regular expression is left as it is, and the expression (which
# calls back into Python for every element) need not run. Other expressions: they always run.
_PRUNE_PATHS = {
    "RAW_TREE_PRUNE_XPATH": (
        "\n        .//*[self::div or self::section or self::aside][\n        re:test(@id, 'mvp-post-add-(?:box|wrap)|infinite-?scroll') or\n        re:test(@class, 'mvp-post-add-(?:box|wrap)|infinite-?scroll')][\n        not(.//h1) or re:test(@id, 'mvp-post-add-(?:box|wrap)') or re:test(@class, 'mvp-post-add-(?:box|wrap)')]\n        ",
        ".//*[self::div or self::section or self::aside][contains(@class, 'elementor-share-buttons')]",
    ),
    "REMOVE_COMMENTS_AND_LISTS_XPATH": (
        "\n        .//*[self::div or self::list or self::section or self::details or self::ol or self::ul][\n        re:test(@id, '^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)') or\n        re:test(@class, '^[Cc]omment(?!ary)|(?:article|post)-comments')][\n        not(self::ol or self::ul) or re:test(@id, '^(?:[Cc]omment(?!ary)|comol)') or re:test(@class, '^[Cc]omment(?!ary)|(?:article|post)-comments')]\n        ",
    ),
}
# the tests of a class or id value in those expressions: ``re:test(@id, '...')`` and ``contains(@class, '...')``
_ATTRIBUTE_TEST = re.compile(r"(re:test|contains)\(@(?:id|class), '([^']*)'\)")


def _prune_needs(paths: tuple[str, ...]) -> str:
    """The regular expression some class or id value must match for ``paths`` (of ``_PRUNE_PATHS``) to
    select an element: any of their tests of a class or id (a superset of what each needs, as an
    expression may also require more)."""
    return "|".join(dict.fromkeys(f"(?:{value})" if kind == "re:test" else re.escape(value)
                                  for path in paths for kind, value in _ATTRIBUTE_TEST.findall(path)))


def _prune_prechecks(internals: dict) -> dict:
    """For each raw-tree prune whose XPath expressions are those of ``_PRUNE_PATHS``: the regular
    expression some class or id of a page must match for the prune to delete anything."""
    prechecks = {}
    for name, paths in _PRUNE_PATHS.items():
        if tuple(expression.path for expression in internals[name]) == paths:
            prechecks[name] = re.compile(_prune_needs(paths))
    return prechecks


@functools.lru_cache(maxsize=1)
def _class_and_id_values():
    """An expression for the values of the class and id attributes of a page (plain strings)."""
    from lxml.etree import XPath

    return XPath("//@class|//@id", smart_strings=False)


def _prune(tree, name: str, internals: dict, values: Optional[set[str]]):
    """trafilatura's ``prune_unwanted_nodes(tree, <name>)``, skipped when no class or id value of the
    page (``values``) can make it delete an element."""
    needs = internals["may_prune"].get(name)
    if needs is not None and values is not None and not any(needs.search(value) for value in values):
        return tree
    return internals["prune_unwanted_nodes"](tree, internals[name])


# The expressions of trafilatura's main extractor that select elements by their attributes, evaluated with
# the terms no attribute value of the tree can make true left out. Each is ``.//*[kind]...[t1 or t2 ...]``
# (the kind a test of ``self::`` names, optionally a position after), each term ``ti`` a test of attribute
# values (``re:test``, ``contains``, ``starts-with``, ``=``, presence). Before an expression runs, the values
# of the attributes its terms read are taken from the tree (one cheap expression): a term that none of them
# satisfies is false on every element, and the expression without it selects the same elements. What is
# left runs with ``[@a or @b ...]`` (the attributes of the live terms) as its first predicate, so that
# libxml2 tests the kind (six node tests) and calls back into Python (``re:test``) only for the few
# elements with one of those attributes; with no live term nothing runs (on the pages of news sites the
# teaser, caption and hidden-element expressions never match: a tenth of reading a page). By list and
# index; the expressions must be those of trafilatura 2.3.1 (the digest of their text), else the main
# extractor runs as it is.
_PREFILTERS = (
    ("OVERALL_DISCARD_XPATH", 0), ("OVERALL_DISCARD_XPATH", 1), ("BODY_XPATH", 0), ("BODY_XPATH", 2),
    ("BODY_XPATH", 3), ("TEASER_DISCARD_XPATH", 0), ("DISCARD_IMAGE_ELEMENTS", 0),
)
_PREFILTERED_DIGEST = "b0a9ce02dffeb06475c84632edff0ef2c54a1fc5274d8cb80ab62e9d98937c12"

_ATTRIBUTES = r"@[\w-]+(?:\s*\|\s*@[\w-]+)*"
_LITERAL = r"'([^']*)'"
# the attribute tests a term may be: (pattern, kind); a term matching none of them makes the expression run as it is
_TERM_FORMS = tuple((re.compile(pattern), kind) for pattern, kind in (
    (rf"re:test\(\s*({_ATTRIBUTES})\s*,\s*{_LITERAL}\s*(?:,\s*{_LITERAL}\s*)?\)", "re:test"),
    (rf"contains\(\s*({_ATTRIBUTES})\s*,\s*{_LITERAL}\s*\)", "contains"),
    (rf"contains\(\s*translate\(\s*({_ATTRIBUTES})\s*,\s*{_LITERAL}\s*,\s*{_LITERAL}\s*\)\s*,\s*{_LITERAL}\s*\)", "translate"),
    (rf"starts-with\(\s*({_ATTRIBUTES})\s*,\s*{_LITERAL}\s*\)", "starts-with"),
    (rf"({_ATTRIBUTES})\s*=\s*{_LITERAL}", "equals"),
    (rf"({_ATTRIBUTES})", "present"),
))
_KIND_GROUP = re.compile(r"\s*self::[\w-]+(?:\s+or\s+self::[\w-]+)*\s*")
_POSITION_GROUP = re.compile(r"\s*\d+\s*")
_OR = re.compile(r"\s+or\s+")


def _outside_quotes(text: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(index, character, depth) of each character of ``text`` from ``start`` that stands outside quotes
    (the quotes left out), ``depth`` being how many brackets and parentheses are open after it."""
    depth, quote = 0, ""
    for index in range(start, len(text)):
        char = text[index]
        if quote:
            if char == quote:
                quote = ""
            continue
        if char in "'\"":
            quote = char
            continue
        if char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        yield index, char, depth


def _bracket_end(text: str, start: int) -> int:
    """The index of the ``]`` closing the ``[`` at ``start`` (brackets inside quotes do not count)."""
    for index, char, depth in _outside_quotes(text, start):
        if depth == 0 and char in "])":
            return index
    raise ValueError("unbalanced brackets")


def _top_level_terms(predicate: str) -> list[str]:
    """The terms of ``t1 or t2 ...`` (an ``or`` inside brackets, parentheses or quotes does not split)."""
    terms, last = [], 0
    for index, char, depth in _outside_quotes(predicate):
        if index < last or depth or not char.isspace():
            continue
        match = _OR.match(predicate, index)
        if match:
            terms.append(predicate[last:index].strip())
            last = match.end()
    terms.append(predicate[last:].strip())
    return terms


def _value_test(term: str) -> Optional[tuple[tuple[str, ...], Optional[Any]]]:
    """(the attributes ``term`` reads, a test a value of one of them passes whenever the term is true on an
    element: None for a presence test); None when the term is not one of ``_TERM_FORMS``."""
    for form, kind in _TERM_FORMS:
        match = form.fullmatch(term)
        if match is None:
            continue
        attributes = tuple(name.strip().lstrip("@") for name in match.group(1).split("|"))
        if kind == "re:test":
            pattern, flags = match.group(2), match.group(3) or ""
            if flags.strip("ig"):  # a flag lxml reads otherwise
                return None
            compiled = re.compile(pattern, re.IGNORECASE if "i" in flags else 0)
            return attributes, lambda value, _search=compiled.search: _search(value) is not None
        if kind == "contains":
            return attributes, lambda value, _needle=match.group(2): _needle in value
        if kind == "translate":
            source, target, needle = match.group(2), match.group(3), match.group(4)
            # XPath translate: characters of the source without a counterpart in the target are deleted
            table = {ord(char): (target[k] if k < len(target) else None) for k, char in reversed(list(enumerate(source)))}
            return attributes, lambda value, _table=table, _needle=needle: _needle in value.translate(_table)
        if kind == "starts-with":
            return attributes, lambda value, _prefix=match.group(2): value.startswith(_prefix)
        if kind == "equals":
            return attributes, lambda value, _text=match.group(2): value == _text
        return attributes, None
    return None


class _LiveTermsXPath:
    """An expression ``.//*[kind][t1 or t2 ...]`` of trafilatura's main extractor, evaluated without the terms
    no attribute value of the tree can make true (see ``_PREFILTERS``): callable on an element as its
    ``XPath`` is, selecting the same elements. Raises ValueError for an expression of another shape."""

    #: how many attribute values' live terms are remembered (values repeat from page to page of a site)
    CACHE_SIZE = 4096
    CACHED_VALUE_LENGTH = 256  # characters: class and id values recur; longer values are seldom seen twice

    def __init__(self, path: str, namespaces: Mapping[str, str]):
        from lxml.etree import XPath

        self.path = path
        self._namespaces = dict(namespaces)
        start = path.find(".//*[")
        if start < 0 or not re.fullmatch(r"\s*\(?\s*", path[:start]):
            raise ValueError("not an expression .//*[...]")
        groups, end = [], start + 4
        while end < len(path) and path[end] == "[":
            close = _bracket_end(path, end)
            groups.append(path[end + 1:close])
            end = close + 1
        if not re.fullmatch(r"\s*\)?\s*(?:\[\s*\d+\s*\]\s*)?", path[end:]):
            raise ValueError("more than one expression")
        term_groups = [k for k, group in enumerate(groups)
                       if not _KIND_GROUP.fullmatch(group) and not _POSITION_GROUP.fullmatch(group)]
        if len(term_groups) != 1 or any(_POSITION_GROUP.fullmatch(group) for group in groups[:term_groups[0]]):
            raise ValueError("not one predicate of attribute tests")
        self._head, self._groups, self._tail, self._at = path[:start + 4], groups, path[end:], term_groups[0]
        self._terms = _top_level_terms(groups[self._at])
        tests = [_value_test(term) for term in self._terms]
        if any(test is None for test in tests):
            raise ValueError("a term that is not an attribute test")
        self._reads = [attributes for attributes, _ in tests]
        self._tests = [test for _, test in tests]
        valued = sorted({name for (attributes, test) in tests if test is not None for name in attributes})
        present = sorted({name for (attributes, test) in tests if test is None for name in attributes})
        self._values = XPath("|".join(f".//@{name}" for name in valued), smart_strings=False) if valued else None
        self._present = [(XPath(f"boolean(.//@{name})"), name) for name in present]
        self._live: dict[str, int] = {}
        self._variants: dict[int, Any] = {}

    def __str__(self) -> str:
        return self.path

    def _terms_made_live(self, value: str) -> int:
        """The terms (bits by index) a value of one of their attributes can make true."""
        bits = 0
        for index, test in enumerate(self._tests):
            if test is not None and test(value):
                bits |= 1 << index
        if len(value) <= self.CACHED_VALUE_LENGTH:  # (a long inline style or data URI is not kept)
            if len(self._live) >= self.CACHE_SIZE:
                self._live.clear()
            self._live[value] = bits
        return bits

    def live_terms(self, tree) -> int:
        """The terms (bits by index) some attribute value of ``tree`` can make true."""
        live = 0
        if self._values is not None:
            known = self._live
            for value in set(self._values(tree)):
                bits = known.get(value)
                live |= self._terms_made_live(value) if bits is None else bits
        for present, name in self._present:
            if present(tree):
                live |= sum(1 << index for index, reads in enumerate(self._reads)
                            if self._tests[index] is None and name in reads)
        return live

    def variant(self, live: int):
        """The expression with only the terms ``live`` (bits by index), the attributes they read tested first."""
        expression = self._variants.get(live)
        if expression is None:
            from lxml.etree import XPath

            terms = [term for index, term in enumerate(self._terms) if live >> index & 1]
            names = dict.fromkeys(name for index, reads in enumerate(self._reads) if live >> index & 1 for name in reads)
            groups = list(self._groups)
            groups[self._at] = " or ".join(terms)
            path = (self._head + "[" + " or ".join(f"@{name}" for name in names) + "]"
                    + "".join(f"[{group}]" for group in groups) + self._tail)
            expression = self._variants[live] = XPath(path, namespaces=self._namespaces)
        return expression

    def __call__(self, tree) -> list:
        live = self.live_terms(tree)
        return self.variant(live)(tree) if live else []


@functools.lru_cache(maxsize=1)
def _prefiltered_extractor() -> dict:
    """The functions of trafilatura's ``main_extractor`` bound to a namespace of their own in which the
    expressions of ``_PREFILTERS`` run without their dead terms (:class:`_LiveTermsXPath`; trafilatura's
    module is left as it is); empty when the expressions are not those of trafilatura 2.3.1."""
    import hashlib
    import importlib
    import types

    try:
        module = importlib.import_module("trafilatura.main_extractor")
        xpaths = importlib.import_module("trafilatura.xpaths")
        lists = {name: list(getattr(module, name))
                 for name in ("OVERALL_DISCARD_XPATH", "BODY_XPATH", "TEASER_DISCARD_XPATH", "DISCARD_IMAGE_ELEMENTS")}
        text = "\x00".join(expression.path for name in lists for expression in lists[name])
    except (ImportError, AttributeError):
        return {}
    if hashlib.sha256(text.encode()).hexdigest() != _PREFILTERED_DIGEST:
        return {}
    try:
        for name, index in _PREFILTERS:
            lists[name][index] = _LiveTermsXPath(lists[name][index].path, {"re": xpaths.REGEXP_NS})
    except ValueError:  # pragma: no cover - the digest says the expressions are the ones read above
        return {}
    namespace = dict(vars(module))
    namespace.update(lists)
    for name, value in vars(module).items():
        if isinstance(value, types.FunctionType) and value.__module__ == module.__name__:
            function = types.FunctionType(value.__code__, namespace, value.__name__, value.__defaults__, value.__closure__)
            function.__kwdefaults__ = value.__kwdefaults__
            namespace[name] = function
    _restate_link_density_rounds(namespace)
    return namespace


#: The trafilatura functions :func:`_prune_unwanted_sections` and :func:`_extract_content` restate
#: (``prune_unwanted_sections``, ``delete_by_link_density``, ``extract_content``) or rely on not to change the
#: tree (the link-density tests), and their digest in trafilatura 2.3.1: any other, and the main extractor
#: runs as trafilatura has it.
_SECTIONS_FUNCTIONS = ("main_extractor.prune_unwanted_sections", "htmlprocessing.delete_by_link_density",
                       "htmlprocessing.link_density_test", "htmlprocessing.collect_link_info",
                       "htmlprocessing.is_paragraph_listing", "utils.trim", "main_extractor.extract_content",
                       # (made again, the cleaned tree is extracted again: the same result only while _extract,
                       # which the recovery follows, reads nothing but the tree and the options)
                       "main_extractor._extract")
_SECTIONS_DIGEST = "74e72f3f7e5a3a7c23a1276e4460799489987159ee983bd5d70673ea996f3d91"


def _restate_link_density_rounds(namespace: dict) -> None:
    """Put :func:`_prune_unwanted_sections` in the main extractor's ``namespace`` in place of trafilatura's
    ``prune_unwanted_sections``, when that is the one it restates."""
    import importlib
    import types

    try:
        if _source_digest(_SECTIONS_FUNCTIONS) != _SECTIONS_DIGEST:
            return
        htmlprocessing = importlib.import_module("trafilatura.htmlprocessing")
    except Exception:  # no source (a frozen install), a name gone: trafilatura's own
        return
    namespace["link_density_test"] = htmlprocessing.link_density_test
    for function in (_prune_unwanted_sections, _delete_by_link_density, _extract_content):
        namespace[function.__name__] = types.FunctionType(function.__code__, namespace, function.__name__,
                                                          function.__defaults__, function.__closure__)
    namespace["prune_unwanted_sections"] = namespace["_prune_unwanted_sections"]
    namespace["extract_content"] = namespace["_extract_content"]


# (bound to the namespace of trafilatura's main extractor by _restate_link_density_rounds: the names
# below that this module does not define are that namespace's)
def _prune_unwanted_sections(tree, potential_tags, options, keep_teasers=False):  # noqa: F821 (names of trafilatura)
    """trafilatura's ``prune_unwanted_sections`` (2.3.1), save that the second round of link-density
    deletions runs only when the first deleted something: each pass only reads the tree to choose what
    it deletes (the link-density tests change nothing), so after a first round that deleted nothing
    the second reads the same tree and deletes nothing either."""
    favor_precision = options.focus == "precision"
    tree = prune_unwanted_nodes(tree, OVERALL_DISCARD_XPATH, with_backup=True)
    if "graphic" not in potential_tags:
        tree = prune_unwanted_nodes(tree, DISCARD_IMAGE_ELEMENTS)
    if options.focus != "recall":
        if not keep_teasers:
            tree = prune_unwanted_nodes(tree, TEASER_DISCARD_XPATH)
        if favor_precision:
            tree = prune_unwanted_nodes(tree, PRECISION_DISCARD_XPATH)
    for _ in range(2):
        deleted = _delete_by_link_density(tree, "div", backtracking=True, favor_precision=favor_precision)
        deleted += _delete_by_link_density(tree, "list", backtracking=False, favor_precision=favor_precision)
        deleted += _delete_by_link_density(tree, "p", backtracking=False, favor_precision=favor_precision)
        if not deleted:
            break
    if "table" in potential_tags or favor_precision:
        boilerplate_tables = [elem for elem in tree.iter("table") if link_density_test_tables(elem) is True]
        for elem in boilerplate_tables:
            delete_element(elem, keep_tail=False)
    if favor_precision:
        while len(tree) > 0 and (tree[-1].tag == "head"):
            delete_element(tree[-1], keep_tail=False)
        tree = delete_by_link_density(tree, "head", backtracking=False, favor_precision=True)
        tree = delete_by_link_density(tree, "quote", backtracking=False, favor_precision=True)
    strip_tags(tree, "span", *(() if "ref" in potential_tags else ("ref",)))
    return tree


def _extract_content(cleaned_tree, options, remake=None):  # noqa: F821 (names of trafilatura)
    """trafilatura's ``extract_content`` (2.3.1), save that given ``remake`` (a function making the cleaned
    tree again, as it was before the main pass) the copy of the tree and the list of its elements in source
    order, which only the recovery of wild text reads, are made only when the recovery runs: from the tree
    made again, after which the main pass runs again on it (the same tree: the same result, and the
    elements it consumes, by their place in the copy). Most pages need no recovery (none of the bench's)."""
    if remake is None:
        backup_tree = deepcopy(cleaned_tree)
        order = list(cleaned_tree.iter())
    result_body, temp_text, potential_tags = _extract(cleaned_tree, options)
    if len(result_body) == 0 or len(temp_text) < options.min_extracted_size:
        if remake is not None:
            cleaned_tree = remake()
            backup_tree = deepcopy(cleaned_tree)
            order = list(cleaned_tree.iter())
            result_body, temp_text, potential_tags = _extract(cleaned_tree, options)
        consumed = {twin for elem, twin in zip(order, backup_tree.iter(), strict=True) if elem.tag == "done"}
        result_body = recover_wild_text(backup_tree, result_body, options, potential_tags, consumed)
        temp_text = " ".join(result_body.itertext()).strip()
    previous = None
    for el in list(result_body):
        current = _elem_text(el)
        if current and current == previous and len(current) > MIN_DUPLICATE_LENGTH:
            delete_element(el, keep_tail=False)
        else:
            previous = current
    strip_elements(result_body, "done")
    strip_tags(result_body, "div")
    for linebreak in result_body.iter("lb"):
        if (
            linebreak.tail
            and not text_chars_test(linebreak.tail)
            and not any(anc.tag in SPACING_PROTECTED for anc in linebreak.iterancestors())
        ):
            linebreak.tail = None
    return result_body, temp_text


def _delete_by_link_density(subtree, tagname, backtracking=False, favor_precision=False) -> int:  # noqa: F821
    """trafilatura's ``delete_by_link_density`` (2.3.1), returning how many elements it deleted."""
    deletions = []
    len_threshold = 200 if favor_precision else 100
    depth_threshold = 1 if favor_precision else 3
    for elem in subtree.iter(tagname):
        result, short_with_links = link_density_test(elem, favor_precision)
        if result or (
            backtracking
            and short_with_links
            and len(elem) >= depth_threshold
            and len(trim(elem.text_content())) < len_threshold
        ):
            parent = elem.getparent()
            if tagname == "p" and parent is not None and parent.tag in ("item", "td", "th"):
                continue
            deletions.append(elem)
    deleted = dict.fromkeys(deletions)
    for elem in deleted:
        delete_element(elem)
    return len(deleted)


def _page_text_bound(tree) -> int:
    """A length ``html2txt(tree)`` cannot exceed: the text of the page's body, plus the two spaces
    ``html2txt`` may put around each element. (It deletes elements, keeping their tails, strips
    control characters and adds at most a space before the text and the tail of each block element,
    then joins the words with single spaces: each step only shortens the text or adds those
    spaces.)"""
    body = tree.find(".//body")
    if body is None:
        body = tree
    return len(body.text_content()) + 2 * int(body.xpath("count(descendant-or-self::*)"))


def _main_text(tree, options, internals: dict, reload: Optional[Any] = None) -> Optional[str]:
    """The text trafilatura's ``bare_extraction(tree, options=options)`` extracts from a page (None
    when it extracts nothing), for the options of :func:`_extractor` (comments off, balanced focus,
    no metadata): its ``trafilatura_sequence`` restated step for step, save that

    - the length of the page's whole text, which only decides whether a short extraction is retried
      in recall mode, is worked out only when a cheap bound on it (:func:`_page_text_bound`) cannot
      decide (on the pages of news sites the main text is well over a fifth of the page's text, and
      the bound says so without a copy of the page cleaned and walked: a fifth of the extraction);
    - the raw-tree prunes run only when a class or id value of the page can match them (:func:`_prune`);
    - in fast mode the cleaned tree is not copied for the external extractors, which do not run;
    - in fast mode, given ``reload`` (a function parsing the page again: the same tree), the page's tree is
      cleaned itself rather than a copy of it, its bound taken before; the steps that read the page's
      tree after the main extractor (the baseline rescue, the recall escalation; few pages need them)
      read it parsed and pruned again;
    - the main extractor's expressions are prefiltered (:func:`_prefiltered_extractor`)."""
    x = internals
    # (bare_extraction works on a copy of a tree it is given, to leave the caller's alone; this tree is
    # not used again, and trafilatura reads a page given as text from a tree of its own, as here)
    try:
        url = None  # options.url, and no metadata
        is_forum = x["_forum_thread_page"](tree)

        def pruned(page):
            # the class and id values of the page before the prunes: those after are some of them
            values = set(_class_and_id_values()(page)) if x["may_prune"] else None
            page = _prune(page, "RAW_TREE_PRUNE_XPATH", x, values)
            if not is_forum:  # comments off, balanced focus
                page = _prune(page, "REMOVE_COMMENTS_AND_LISTS_XPATH", x, values)
            return page

        source = [pruned(tree)]  # the pruned page, unless cleaned itself

        def raw_tree():
            if not source:  # (cleaned itself: parsed and pruned again)
                source.append(pruned(reload()))
            return source[0]

        bound = None
        if options.fast:
            # _prepare_tree and _extract_and_compare without the backup of the cleaned tree, which only
            # the comparison with the external extractors reads (not run in fast mode)
            in_place = x["remakes"] and reload is not None
            if in_place:
                bound = _page_text_bound(source[0])

            cleaned_once: list = []

            def cleaned():
                # (in place, the page's own tree the first time; else, and after, a copy of the pruned page)
                page = source.pop() if in_place and not cleaned_once else x["copy"](raw_tree())
                cleaned_once.append(True)
                return x["convert_tags"](x["tree_cleaning"](page, options), options, url)

            if x["remakes"]:  # (the page's tree is the same, made again: the same cleaned tree)
                postbody, temp_text = x["extract_content"](cleaned(), options, remake=cleaned)
            else:
                postbody, temp_text = x["extract_content"](cleaned(), options)
        else:
            cleaned_tree, cleaned_tree_backup = x["_prepare_tree"](raw_tree(), options, url)
            postbody, temp_text = x["_extract_and_compare"](cleaned_tree, cleaned_tree_backup, raw_tree(), options)
        # 3. the baseline rescue
        if len(temp_text) < options.min_extracted_size:
            b_body, b_text, b_len = x["baseline"](raw_tree())
            if b_len > len(temp_text):
                postbody, temp_text = b_body, b_text
        # 4. the recall escalation, for a short text that covers little of the page
        share = x["ESCALATION_PAGE_SHARE"]
        if (0 < len(temp_text) < x["ESCALATION_MAX_LENGTH"]
                and len(temp_text) < share * (_page_text_bound(raw_tree()) if bound is None else bound)
                and len(temp_text) < share * len(x["html2txt"](raw_tree()))):
            r_options = x["copy"](options)
            r_options.focus = "recall"
            esc_tree = raw_tree()  # comments off: pruned already
            r_text = ""
            try:
                r_body, r_text = x["_recall_retry"](esc_tree, r_options, url)
            except Exception as err:  # pragma: no cover - as trafilatura does
                x["LOGGER"].warning("recall retry failed: %s %s", err, url)
            j_text = ""
            if not options.fast:
                try:
                    j_body, j_text = x["justext_rescue"](x["copy"](esc_tree), options)
                except Exception as err:  # pragma: no cover - as trafilatura does
                    x["LOGGER"].warning("justext candidate failed: %s %s", err, url)
            len_text, r_len, j_len = len(temp_text), len(r_text), len(j_text)
            if j_len > r_len and j_len > x["ESCALATION_JUSTEXT_RATIO"] * len_text:
                postbody, temp_text = j_body, j_text
            elif r_len >= options.min_extracted_size and r_len > x["ESCALATION_ACCEPT_RATIO"] * len_text:
                postbody, temp_text = r_body, r_text
        # bare_extraction's checks after the sequence (no comments: their length is 0)
        if options.max_tree_size:
            if len(postbody) > options.max_tree_size:
                x["strip_tags"](postbody, "hi")
            if len(postbody) > options.max_tree_size:
                raise ValueError
        if len(temp_text) < options.min_output_size and 0 < options.min_output_comm_size:
            raise ValueError
    except (TypeError, ValueError):
        x["LOGGER"].warning("discarding data: %s", options.source)
        return None
    return x["xmltotxt"](postbody, options.formatting)


def _page_metadata(tree, helpers: dict):
    """``trafilatura.metadata.extract_metadata`` (trafilatura 2.3) step for step, without the
    author, categories, tags and licence."""
    metadata = helpers["examine_meta"](tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    try:
        metadata = helpers["extract_meta_json"](tree, metadata)
    except Exception:  # trafilatura logs its JSON-LD reader's bugs and goes on the same way
        pass
    if not metadata.title:
        metadata.title = helpers["extract_title"](tree)
    if not metadata.url:
        metadata.url = helpers["extract_url"](tree, None)
    if metadata.url:
        metadata.hostname = helpers["extract_domain"](metadata.url, fast=True)
    metadata.date = helpers["find_date"](tree, **{**_DATE_PARAMS, "url": metadata.url})
    if not metadata.sitename:
        metadata.sitename = helpers["extract_sitename"](tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
        if metadata.sitename and "." not in metadata.sitename and not metadata.sitename[0].isupper():
            metadata.sitename = metadata.sitename.title()
    elif metadata.url:
        match = helpers["META_URL"].match(metadata.url)
        if match:
            metadata.sitename = match[1]
    metadata.clean_and_trim()
    return metadata


def read_html_file(path: Union[str, Path], published: Optional[date] = None,
                   options: Optional[IngestOptions] = None) -> Article:
    """One article from an HTML file (id: the file stem); raises :class:`InputError`."""
    path, options = Path(path), options or IngestOptions()
    data = read_file_bytes(path, options)
    return article_from_html(data, article_id=path.stem, source=str(path), published=published, options=options)
