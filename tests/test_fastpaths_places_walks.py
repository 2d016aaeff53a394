"""The places stage's objects made without their dataclass __init__, and its fused walks, agree with the
slow forms they replace (pinned on sentences of our own)."""
from __future__ import annotations

from dataclasses import fields

import pytest

from marsad.document import Article, PlaceMention
from marsad.pipeline import places as P
from marsad.text import fold, proclitics, strip_proclitic

TEXTS = [
    "قصفت المدفعية أحياء حلب وريفها الغربي، وسقطت قذائف على حمص.",
    "قال سكان كانوا يعيشون في الحسكة إن الطيران قصف بلدة تل تمر التي تبعد 25 كم عن الحسكة.",
    "وأفاد نازحون يسكنون في دمشق بأن اشتباكات دارت قرب تدمر وفي محيط القريتين.",
    "هجوم على قرية تبعد 90كم شمال شرق بغداد، وقصف على جلولاء.",
    "انفجار في مدينة دوما. وقتل شخصان في البوكمال وبالقرب من الحماميات.",
    "قالت حكومة دمشق إن قواتها دخلت حمص، ورحبت \"شرطة حلب\" بالخطوة.",
    "عقد اجتماع بين دمشق وقسد في الحسكة، ثم انتقل الوفد إلى حلب وحمص وحماة.",
    "نص بلا أسماء أماكن.",
]


@pytest.fixture
def nlp(fixture_places_pipeline):
    return fixture_places_pipeline


def _scan_reference(automaton, text: str) -> list:
    """_scan with every hit made by the dataclass constructor (before _new_hit)."""
    hits = []
    for end, value in automaton.iter(text):
        start = end - len(value.key)
        if start == 0 or text[start - 1] == " ":
            word_start, prefix = start, ""
        else:
            word_start = text.rfind(" ", 0, start) + 1
            if start - word_start > P._MAX_PREFIX:
                continue
            prefix = text[word_start:start]
        if value.full_ids and prefix in (P._PREFIXES_ARTICLE if value.has_article else P._PREFIXES_PLAIN):
            hits.append(P._Hit(word_start, start, end, value.key, "full", value.full_ids, prefix))
        elif value.core_ids and prefix in P._PREFIXES_CORE:
            hits.append(P._Hit(word_start, start + 2, end, value.key[2:], "core", value.core_ids, prefix + "لل"))
        elif value.full_ids and not value.has_article and prefix in P._PREFIXES_ADDED_ARTICLE:
            hits.append(P._Hit(word_start, start, end, value.key, "article", value.full_ids, prefix))
    return hits


@pytest.mark.parametrize("text", TEXTS + ["للحسكة وبحلب ولحمص فبدمشق والحماميات"])
def test_scan_makes_the_hits_the_constructor_makes(nlp, text):
    gaz = nlp.resources.gazetteer
    lex = P.place_lexicon()
    automaton = gaz.automaton_for(lex.split_words)
    bnd = P.boundary_text(fold(text)) + " "
    fast = P._scan(automaton, bnd)
    assert fast == _scan_reference(automaton, bnd)
    for h in fast:
        assert all(hasattr(h, f.name) for f in fields(P._Hit))


@pytest.mark.parametrize("args", [
    (0, 0, 4, "حلب", "full", ("a",), ""),
    (3, 5, 9, "رقه", "core", ("b", "c"), "ولل"),
    (7, 7, 12, "حماميات", "article", ("d",), "ال"),
])
def test_new_hit_equals_the_dataclass(args):
    assert P._new_hit(*args) == P._Hit(*args)


@pytest.mark.parametrize("text", TEXTS)
def test_phrase_sets_every_field_and_reads_the_first_word_like_before(nlp, text):
    gaz = nlp.resources.gazetteer
    lex = P.place_lexicon()
    norm = fold(text)
    bnd = P.boundary_text(norm)
    hits = P._matches(gaz, bnd, lex, norm)
    covered = P._Covered(hits, len(bnd) + 1)
    for hit in hits:
        ph = P._phrase(norm, bnd, hit, lex, covered)
        assert all(hasattr(ph, f.name) for f in fields(P._Phrase))
        slow = P._Before(norm, bnd, hit.word_start)
        assert ph.before.words[:1] == slow.words[:1]
        assert (ph.before.done or len(ph.before.words) > 0) == (slow.done or len(slow.words) > 0)


@pytest.mark.parametrize("word", ["مدينة", "بمدينة", "وبمدينة", "ريف", "قرب", "في", "قال", "وقال", "الحي", "ب", "وفي"])
def test_phrase_end_memo_is_the_quick_test(word):
    lex = P.place_lexicon()
    words = lex.phrase_words
    folded = fold(word)
    slow = folded in words or folded[1:] in words or folded[2:] in words
    norm = fold(f"{word} حلب")
    hit = P._new_hit(len(norm) - 3, len(norm) - 3, len(norm), "حلب", "full", ("x",), "")
    lex.phrase_end_memo.clear()
    P._phrase(norm, P.boundary_text(norm), hit, lex, P._Covered([hit], len(norm) + 1))
    assert lex.phrase_end_memo[folded] == slow


# The distance and residence tests as two passes, as the stage ran them before they were fused
# into P._references_and_residences: the reference the fused walk is compared with.

def _before_phrase(tokens, start):
    words = tokens.words
    i = 0
    token = words[0] if words else None
    while token is not None and token[0] >= start:
        i += 1
        token = words[i] if i < len(words) else tokens.get(i)
    return i, token


def _distance_before(m, norm, bnd, lex):
    if not lex.distance_units:
        return None
    tokens = m.phrase.before or P._Before(norm, bnd, m.hit.word_start)
    i, token = _before_phrase(tokens, m.phrase.start)
    return P._distance_at(tokens, i, token, lex)


def _reference_points(mentions, norm, bnd, lex):
    for k, m in enumerate(mentions):
        if m.role != "place" or not m.candidates:
            continue
        km = _distance_before(m, norm, bnd, lex)
        if km is not None and P._is_reference_point(mentions, k, km):
            m.role = "reference"


def _residences(mentions, norm, bnd):
    words = P._residence_words()
    in_letters, conjunctions = proclitics("in"), proclitics("conjunctions")
    for m in mentions:
        if m.role != "place" or m.phrase.qualifier is not None:
            continue
        tokens = m.phrase.before or P._Before(norm, bnd, m.hit.word_start)
        k, start = 0, m.phrase.start
        token = tokens.get(0)
        while token is not None and token[0] >= start:
            k += 1  # the phrase's own cue ("مدينة")
            token = tokens.get(k)
        if k == 0 and m.phrase.cue is None and m.hit.prefix and any(c in m.hit.prefix for c in in_letters):
            verb = token[2] if token is not None else ""
        elif token is not None and token[2] == P._IN and tokens.get(k + 1) is not None:
            verb = tokens.words[k + 1][2]
        else:
            continue
        if verb in words or strip_proclitic(verb, conjunctions) in words:
            m.role = "reference"


def _slow_references_and_residences(mentions, norm, bnd, lex):
    _reference_points(mentions, norm, bnd, lex)
    _residences(mentions, norm, bnd)


@pytest.mark.parametrize("text", TEXTS + [
    "ويقطن أقاربه في حمص، وقصف على بلدة تبعد 15 كم عن حمص",
    "كانوا يسكنون في قرية تبعد 200 كم عن بغداد",
    "سقطت قذيفة على بلدة على بعد عشرين كيلومترا من حلب وفي حمص",
    # the walk reads a distance only after a link, a number or a unit word (its quick test):
    "قصف قرية تبعد 70كم حلب، و12 حمص، و12كم عن تدمر، وكم دمشق، وعن الرقة، ومن حماة",
    "أهالي يسكنون بحمص، وآخرون يقطنون بدمشق وفي حلب",
])
def test_fused_reference_and_residence_walk_agrees_with_the_two_passes(nlp, text, monkeypatch):
    fast = nlp(Article(id="t", text=text)).places
    monkeypatch.setattr(P, "_references_and_residences", _slow_references_and_residences)
    slow = nlp(Article(id="t", text=text)).places
    assert fast == slow


@pytest.mark.parametrize("text", TEXTS)
def test_mention_sentence_is_the_sentence_index(nlp, text, monkeypatch):
    seen = []
    fused = P._references_and_residences

    def spy(mentions, norm, bnd, lex):
        seen.extend((m.hit.start, m.sentence) for m in mentions if m.phrase.before is not None)
        fused(mentions, norm, bnd, lex)

    monkeypatch.setattr(P, "_references_and_residences", spy)
    doc = nlp(Article(id="t", text=text))
    index = P._SentenceIndex(doc)
    assert all(sentence == index(start) for start, sentence in seen)


@pytest.mark.parametrize("text", TEXTS)
def test_place_mentions_made_without_init_equal_the_constructor(nlp, text):
    for span in nlp(Article(id="t", text=text)).places:
        values = [getattr(span, name) for name in P._PLACE_MENTION_FIELDS]
        assert span == PlaceMention(*values)


def _place(pid, lat, lon):
    from marsad.document import Place

    return Place(pid, pid, lat, lon, "Syria", "SY", "", "", "city", 0, "", True, "", "")


@pytest.mark.parametrize("coords", [
    [(35.0, 38.0)],
    [(35.0, 38.0), (35.1, 38.1)],
    [(35.0, 38.0), (36.5, 38.0)],
    [(35.0, 38.0), (35.5, 38.0)],
    [(35.0, 38.0), (35.4, 38.0)],
    [(35.0, 38.0), (35.0, 38.0), (33.0, 36.0)],
])
def test_far_reading_is_any_far(coords):
    cands = [_place(f"p{i}", lat, lon) for i, (lat, lon) in enumerate(coords)]
    a = cands[0]
    assert P._far_reading(a, cands) == any(P._km(a, c) > P._ONE_SPOT_KM for c in cands)


@pytest.mark.parametrize("text", [
    "",
    " ",
    "_",
    "قصف، على حلب. (دمشق) - \"حمص\"\n",
    "قصف؛ على حلب؟",  # Arabic punctuation the replaced list lacks: the regex replaces it
    "حلب\u064b وحمص",  # a combining mark: no word character
    "\x00حلب\x7f",
    "\U0001F600 حلب 𝐀𝐁",  # an emoji (no word character) and letters outside the BMP (word characters)
    "عدد ٣٤٥ و 12_3",
    "".join(map(chr, range(0x10000))),  # every character of the BMP
    "".join(map(chr, range(0x10000, 0x110000, 97))),
])
def test_boundary_text_is_the_regex(text):
    assert P.boundary_text(text) == P._boundary_text_reference(text)


@pytest.mark.parametrize("text", [
    "",
    "قصف على حلب",
    'قصف "على" #حلب_اليوم',
    "مخيم “الهول” و«الركبان» و‘حمص’ و'دمشق'",
    "__##\"\"",
])
def test_gap_char_positions_are_the_regex_matches(text):
    assert P._gap_char_positions(text) == [m.start() for m in P._NAME_GAP_CHAR.finditer(text)]


@pytest.mark.parametrize("gap", ["", " ", "  ", ' "', '" (', "«»", "‘ ’ #_", "\t", " ، ", ",", " - ", ")", "x", " \n"])
def test_gap_strip_is_the_gap_regex(gap):
    text = f"حلب{gap}دمشق"
    j, pos = len("حلب"), len("حلب") + len(gap)
    assert (not text[j:pos].strip(P._GAP_OK_CHARS)) == bool(P._GAP_OK.fullmatch(text, j, pos))
