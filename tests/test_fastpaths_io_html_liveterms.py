"""The main extractor's expressions run without their dead terms (marsad.io.html_pages._LiveTermsXPath) against
the expressions as trafilatura has them: a term is left out only when no attribute value of the tree can
make it true, so each value test must hold whenever the term does, and the expression must select the same
elements on every page, from every context element, whichever of its terms are live."""
from __future__ import annotations

import html as html_lib

import pytest
from lxml.etree import XPath

from marsad.io import html_pages

REGEXP_NS = "http://exslt.org/regular-expressions"

# attribute values: the words the expressions look for, their near misses and edge cases
VALUES = [
    "", " ", "post", "entry", "post-content", "entry-content", "article-body", "articleBody", "ArticleContent",
    "story", "story-body", "storycontent", "primary", "my-primary", "article main", "article ", "Fulltext", "FULLTEXT",
    "content", "content-main", "content_main", "content-body", "contentBody", "Main-Content", "main-Content",
    "page-Content", "Page-content", "main", "mainbar", "navigation", "Navigation", "nav", "NAV", "menu", "share",
    "share-box", "shared", "social", "cookie", "Cookie", "cookie-bar", "ad", " ad ", "x-ad-y", "ad-slot", "my ad-slot",
    "widget", "meta", "byline", "teaser", "Teaser", "TEASER", "tEaser", "photo-caption", "Caption", "hidden",
    "is-hidden", "hide-print", "display:none", "display: none", "visibility:hidden", "true", "false",
    "comments-title", "reply-1", "x-reply-1", "akismet", "MostPopularStories", "articleContent", "article",
    "itemprop", "postarea", "art-postcontent", "text", "cell", "مقال", "قائمة", "post text", "post_text", "elementor-widget", "a[b]", "o'r", 'say "or"',
]
ATTRIBUTES = ["id", "class", "role", "style", "itemprop", "aria-hidden", "data-component", "data-lp-replacement-content"]


def _pairs():
    import trafilatura.main_extractor as original

    namespace = html_pages._prefiltered_extractor()
    for name, index in html_pages._PREFILTERS:
        yield f"{name}[{index}]", getattr(original, name)[index], namespace[name][index]


PAIRS = sorted(_pairs(), key=lambda pair: pair[0])
TERMS = [(label, index, term) for label, _, live in PAIRS for index, term in enumerate(live._terms)]


def _element(attribute: str, value: str, tag: str = "div"):
    from lxml.html import fromstring

    return fromstring(f'<html><body><{tag} {attribute}="{html_lib.escape(value)}">x</{tag}></body></html>').find(f".//{tag}")


@pytest.mark.parametrize("label,index,term", TERMS)
def test_value_test_holds_whenever_the_term_does(label, index, term):
    live = dict((pair[0], pair[2]) for pair in PAIRS)[label]
    reads, test = live._reads[index], live._tests[index]
    as_xpath = XPath(f"boolean(self::*[{term}])", namespaces={"re": REGEXP_NS})
    for attribute in ATTRIBUTES:
        for value in VALUES:
            element = _element(attribute, value)
            if as_xpath(element):
                assert attribute in reads, (term, attribute, value)
                assert test is None or test(value), (term, attribute, value)
        # without any attribute the term is false: the attribute filter put first drops nothing it selects
        assert not as_xpath(_element("title", "x")), term


@pytest.mark.parametrize("label", [pair[0] for pair in PAIRS])
@pytest.mark.parametrize("attribute", ATTRIBUTES)
def test_each_term_live_alone_selects_the_same(label, attribute):
    """A page of one element per value: every mixture of live terms the values make, against the original."""
    original, live = dict((pair[0], pair[1:]) for pair in PAIRS)[label]
    for value in VALUES:
        for tag in ("div", "p", "span", "section", "article", "main"):
            from lxml.html import fromstring

            tree = fromstring(f'<html><body><div><{tag} {attribute}="{html_lib.escape(value)}"><p>x</p></{tag}>'
                              f'<{tag}>y</{tag}></div></body></html>')
            assert live(tree) == original(tree), (label, attribute, value, tag)


@pytest.mark.parametrize("label", [pair[0] for pair in PAIRS])
def test_every_variant_selects_the_same(label):
    """Whatever the live terms are (every subset for up to 7 terms), the elements the variant selects are
    those the original selects among the elements only live terms can select."""
    from lxml.html import fromstring

    original, live = dict((pair[0], pair[1:]) for pair in PAIRS)[label]
    body = "".join(f'<div {attribute}="{html_lib.escape(value)}"><span {attribute}="{html_lib.escape(value)}">v</span></div>'
                   for attribute in ATTRIBUTES for value in VALUES)
    tree = fromstring(f"<html><body>{body}</body></html>")
    assert live.live_terms(tree) == (1 << len(live._terms)) - 1, "the page makes every term live"
    assert live(tree) == original(tree)
    # a variant of some of the terms selects some of the elements the original selects (not positional ones:
    # their first element depends on the terms)
    for mask in range(1, 1 << len(live._terms)) if "[1]" not in live.path else ():
        selected = live.variant(mask)(tree)
        assert set(selected) <= set(original(tree)), mask


@pytest.mark.parametrize("predicate,terms", [
    ("@a or @b", ["@a", "@b"]),
    ("\n  @a or\n  re:test(@b, 'x or y') or contains(@c, 'or')\n", ["@a", "re:test(@b, 'x or y')", "contains(@c, 'or')"]),
    ("@a", ["@a"]),
    ("starts-with(@id|@class, 'reply-') or @x='or'", ["starts-with(@id|@class, 'reply-')", "@x='or'"]),
    ("not(@a or @b) or @c", ["not(@a or @b)", "@c"]),
    ("@origin or @order", ["@origin", "@order"]),
])
def test_top_level_terms(predicate, terms):
    assert html_pages._top_level_terms(predicate) == terms


@pytest.mark.parametrize("path", [
    "(.//article)[1]",
    ".//*[self::div][not(.//h1) or @id]",
    ".//*[self::div][@id or @class][re:test(@id, 'x')]",
    "(.//*[self::div][starts-with(@class, 'main')])[1]|(.//main)[1]",
    ".//*[1][@id]",
    ".//*[self::div][re:test(@id, 'x', 'm')]",
    ".//*[@id and @class]",
    ".//p[@id]",
])
def test_other_shapes_are_refused(path):
    with pytest.raises(ValueError):
        html_pages._LiveTermsXPath(path, {"re": REGEXP_NS})


def test_no_live_term_runs_nothing(monkeypatch):
    from lxml.html import fromstring

    tree = fromstring('<html><body><div class="plain"><p>نص</p></div></body></html>')
    for label, original, live in PAIRS:
        if label.startswith(("TEASER", "DISCARD_IMAGE")):
            assert live.live_terms(tree) == 0
            monkeypatch.setattr(live, "variant", lambda mask: pytest.fail("ran"))
            assert live(tree) == original(tree) == []


def test_raw_tree_prunes_are_not_of_this_shape():
    """(They are prechecked by ``_prune`` instead.)"""
    import trafilatura.core as core

    for expression in core.RAW_TREE_PRUNE_XPATH[:1] + core.REMOVE_COMMENTS_AND_LISTS_XPATH:
        with pytest.raises(ValueError):
            html_pages._LiveTermsXPath(expression.path, {"re": REGEXP_NS})
