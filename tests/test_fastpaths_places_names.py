"""The places stage's shortcuts agree with the slow forms they replace."""
from __future__ import annotations

from pathlib import Path

import pytest

from marsad.gazetteer import Gazetteer, build_gazetteer
from marsad.gazetteer.names import ARTICLE
from marsad.pipeline import places as P
from marsad.text import fold

FIXTURES = Path(__file__).parent / "fixtures" / "gazetteer"


@pytest.fixture(scope="module")
def gaz(tmp_path_factory) -> Gazetteer:
    out = tmp_path_factory.mktemp("gaz") / "fixture.sqlite"
    build_gazetteer(FIXTURES / "good", out)
    return Gazetteer.from_file(out)


def _name_info_slow(gaz, lex, hit):
    """The loop of find_places before the memo: readings, stoplist entry, adjective shape."""
    candidates = list(gaz.places_of(hit.place_ids))
    if hit.form == "article":
        candidates = [c for c in candidates if c.kind != "country"]
    stoplist = lex.stoplist
    listable = stoplist.get(ARTICLE + hit.key if hit.form in ("core", "article") else hit.key)
    if listable is None:
        if hit.form != "core":
            listable = stoplist.get(hit.key)
        if listable is None and hit.prefix:
            listable = stoplist.get(hit.prefix + hit.key)
    adjective = not hit.prefix and hit.form == "full" and " " not in hit.key \
        and hit.key.startswith(ARTICLE) and hit.key.endswith(P._NISBA_END)
    return candidates, listable, adjective


@pytest.mark.parametrize("text", [
    "قصفت الطائرات الرقة وللرقة والرقة",
    "اشتباكات في حلب وبحلب ولحلب",
    "العصابة الأسدية في السورية والتركية",
    "محيط السجن والطبقة والكرامة",
    "قرب ريف دمشق ودير الزور الشرقي",
    "نص بلا أماكن",
])
def test_name_info_agrees_with_the_inline_loop(gaz, text):
    lex = P.place_lexicon()
    norm = fold(text)
    bnd = P.boundary_text(norm)
    for hit in P._matches(gaz, bnd, lex, norm):
        candidates, listable, adjective, _capital = P._name_info(gaz, lex, hit)
        slow = _name_info_slow(gaz, lex, hit)
        assert (list(candidates), listable, adjective) == slow, hit


@pytest.mark.parametrize("text", [
    "قالت حكومة دمشق إن",
    "أطلقت أنقرة عملية",
    "المفاوضات بين دمشق وقسد",
    "بين قسد ودمشق",
    "قصف على دمشق",
    "حكومة بدمشق",
    "حكومة حلب",
    "قالت حكومة الرقة",
    "فصائل موالية لأنقرة",
    "المقاتلين الموالين لدمشق",
    "توجهت القافلة لدمشق",
])
def test_government_quick_test_never_says_no_to_a_government(gaz, text):
    """When _may_be_government says no, _government says no too (it is only asked when the quick test says yes)."""
    lex = P.place_lexicon()
    norm = fold(text)
    bnd = P.boundary_text(norm)
    hits = P._matches(gaz, bnd, lex, norm)
    covered = P._Covered(hits, len(bnd) + 1)
    starts = frozenset(h.word_start for h in hits)
    for hit in hits:
        candidates, _listable, _adjective, capital = P._name_info(gaz, lex, hit)
        if not candidates:
            continue
        m = P._Mention(hit, P._phrase(norm, bnd, hit, lex, covered), list(candidates), 0)
        if P._government(m, norm, bnd, lex, starts):
            assert capital, hit


def test_name_memo_is_per_lexicon(gaz):
    lex = P.place_lexicon()
    memo = P._name_memo(gaz, lex)
    assert P._name_memo(gaz, lex) is memo
    assert isinstance(memo, dict)


def _first_word_slow(norm: str, bnd: str, pos: int):
    """The first word of _Before as the method _more reads it (before it was inlined in __init__)."""
    tokens = P._Before.__new__(P._Before)
    tokens.norm, tokens.bnd, tokens.pos, tokens.words, tokens.done = norm, bnd, pos, [], False
    tokens._more()
    return tokens.words, tokens.done


@pytest.mark.parametrize("text", [
    "قصف على مدينة حلب",
    "قصف على مدينة «حلب»",
    "قصف على مدينة، حلب",
    "حلب",
    "  حلب",
    "قصف على (حلب)",
    'قصف "على" #حلب',
    "مدينة\tحلب",
])
def test_before_reads_its_first_word_like_more(text):
    norm = fold(text)
    bnd = P.boundary_text(norm)
    pos = norm.rfind(fold("حلب"))
    tokens = P._Before(norm, bnd, pos)
    assert (tokens.words, tokens.done) == _first_word_slow(norm, bnd, pos)
    # and the words after the first are read as before
    slow = P._Before.__new__(P._Before)
    slow.norm, slow.bnd, slow.pos, slow.words, slow.done = norm, bnd, pos, [], False
    while slow._more():
        pass
    while tokens._more():
        pass
    assert tokens.words == slow.words


@pytest.mark.parametrize("text,start,word", [
    ("دمشق وريفها", 5, "وريفها"),
    ("دمشق وريفها وحلب", 5, "وريفها"),
    ("دمشق و", 5, "و"),
    ("دمشق ", 5, ""),
])
def test_word_at(text, start, word):
    assert P._word_at(text, start) == word


@pytest.mark.parametrize("text", [
    "قصف على دمشق وريفها",
    'قصف على دمشق "وريفها"',
    "قصف على دمشق، وريفها",
    "قصف على دمشق وحلب",
    "قصف على دمشق واريافها الشرقية",
    "قصف على دمشق و",
])
def test_suffix_quick_test_never_misses_a_suffix(text):
    """When _phrase reads a suffix (the letter right after the name's space opens one, and _next_tokens
    finds a suffix there), the quick test (_word_at) finds the same word."""
    lex = P.place_lexicon()
    norm = fold(text)
    bnd = P.boundary_text(norm)
    end = norm.find(fold("دمشق")) + len(fold("دمشق"))
    if bnd[end + 1:end + 2] not in lex.suffix_initials:
        return  # (_phrase returns before the test)
    nxt = P._next_tokens(norm, bnd, end, 1)
    if nxt and nxt[0][2] in lex.suffixes:
        assert P._word_at(bnd, end + 1) == nxt[0][2]


@pytest.mark.parametrize("word", [
    "70كم", "٧٠كم", "120", "1.5كم", "كيلومترا", "كم", "", "خمسين", "x5", "٣", "²", "①كم", "70",
])
def test_number_quick_test_agrees_with_the_regex(word):
    """A word the regex reads as a number opens with a decimal digit (\\d is str.isdecimal)."""
    if P._NUMBER_UNIT.fullmatch(word) is not None:
        assert word[:1].isdecimal()


def test_residence_quick_test_needs_a_prefix():
    """The residence test (_references_and_residences) tests a name's prefix for the letters of "in" only when it has one: no letter is ""."""
    from marsad.text import proclitics

    letters = proclitics("in")
    assert letters and all(c for c in letters)
    assert not any(c in "" for c in letters)


@pytest.mark.parametrize("text", [
    "قصفت الطائرات بلدة كفرنبل وحلب",
    "محيط السجن والطبقة والكرامة",
    "العصابة الأسدية في الرقة",
    "",
])
def test_stage_output_is_the_same_on_repeat(gaz, text):
    """The per-name memo (gaz.memo) gives the same mentions on a second run as on the first."""
    from marsad.document import Document

    class Res:
        gazetteer = gaz

    first = [(m.start, m.end, m.place.id, m.role) for m in P.find_places(Document(id="a", text=text), Res()).places]
    again = [(m.start, m.end, m.place.id, m.role) for m in P.find_places(Document(id="a", text=text), Res()).places]
    assert first == again
