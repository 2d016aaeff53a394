"""The places stage's shortcuts agree with the slow forms they replace."""
import re

import pytest

from marsad.document import Document, Place, Sentence
from marsad.pipeline import places as P
from marsad.text import fold


@pytest.mark.parametrize("text", [
    "قصفت الطائرات بلدة كفرنبل، جنوب إدلب.",
    "مخيم _الهول (الحسكة) - «حي الوعر»: 3 قتلى!",
    "حقل “العمر” النفطي #دير_الزور",
    "",
    "___ __ _",
])
def test_boundary_text_is_every_non_word_character_as_a_space(text):
    norm = fold(text)
    assert P.boundary_text(norm) == re.sub(r"[^\w ]|_", " ", norm)
    assert len(P.boundary_text(norm)) == len(norm)


def _doc(text: str, cuts: list[tuple[int, int]]) -> Document:
    doc = Document(id="t", text=text)
    doc.norm = text
    doc.sentences = [Sentence(a, b, text[a:b], index=i) for i, (a, b) in enumerate(cuts)]
    return doc


@pytest.mark.parametrize("text,cuts", [
    ("قتل رجل. قتلت امرأة. جرح طفل", [(0, 8), (9, 20), (21, 28)]),
    ("قتل رجل.\n\nجرح طفل", [(0, 8), (10, 17)]),
    ("نص بلا جمل", []),
    ("ا ب", [(0, 1), (2, 3)]),
])
def test_sentence_index_agrees_with_sentence_at(text, cuts):
    doc = _doc(text, cuts)
    index = P._SentenceIndex(doc)
    for offset in range(len(text) + 2):
        s = doc.sentence_at(offset)
        assert index(offset) == (s.index if s is not None else -1), offset


@pytest.mark.parametrize("text", [
    "وصلت القوات الى المدينة ثم الى بالقرية وفي البلدة",
    "المدينتين والمدينة فالناحية كالمدينة بالمدينةالصناعية",
    "المدينة",
    "بالحي الحي الحيين والحيين الالحي فالقضاء",
    "لا شيء هنا",
])
def test_anaphor_spans_agree_with_a_regex_that_tests_word_starts(text):
    lex = P.place_lexicon()
    bnd = P.boundary_text(fold(text))
    nouns = sorted((w for w in lex.anaphors if w and " " not in w), key=lambda w: (-len(w), w))
    alt = "|".join(re.escape(w) for w in nouns)
    slow = re.compile(rf"(?<![^ ])(?:(?:{alt})|[بوف](?:{alt}))(?![^ ])")
    assert P._anaphor_spans(lex, bnd) == [f.span() for f in slow.finditer(bnd)]


def _slow_match(table, words_all):
    for n in range(len(words_all), 0, -1):
        words = list(words_all[n - 1::-1])
        out = [(words[0], "")]
        rest, clitics = words[0], ""
        if rest[:1] in ("و", "ف") and len(rest) > 2:
            clitics, rest = rest[0], rest[1:]
            out.append((rest, clitics))
        if rest[:1] in ("ب", "ل", "ك") and len(rest) > 2:
            out.append((rest[1:], clitics + rest[0]))
        for first, cl in out:
            entry = table.get(tuple([first] + words[1:]))
            if entry is not None:
                return entry, n, cl
    return None


@pytest.mark.parametrize("before", [
    "في ريف", "بريف", "وبريف", "قرب", "شمال غرب", "في محافظة", "الريف الغربي", "قرية", "في", "مطار",
    "بالقرب من", "القريبة من", "على أطراف", "في محيط", "جنوب شرقي", "وسط", "ناحية", "قضاء", "أحياء",
])
def test_phrase_match_memo_agrees_with_the_slow_search(before):
    lex = P.place_lexicon()
    text = fold(f"قصف {before} حلب")
    bnd = P.boundary_text(text)
    at = text.rindex(" ") + 1
    for table, last in ((lex.cues, lex.cue_last_words), (lex.qualifiers, lex.qualifier_last_words)):
        for _ in range(2):  # computed, then remembered
            tokens = P._Before(text, bnd, at)
            found = P._match_phrase(table, tokens, 0, lex.max_phrase, last)
            tokens.get(lex.max_phrase - 1)  # every word the slow search reads
            words = tuple(w[2] for w in tokens.words[:lex.max_phrase])
            w0 = words[0]
            if w0 not in last and w0[1:] not in last and w0[2:] not in last:
                assert found is None
            else:
                assert found == _slow_match(table, words)


@pytest.mark.parametrize("text,pos,expected", [
    ("قصف مدينة حلب", 10, ["مدينه", "قصف"]),
    ("قصف، مدينة حلب", 11, ["مدينه"]),  # a comma ends the phrase
    ("حلب", 0, []),
    ("مطار \"المزة\"", 6, ["مطار"]),
])
def test_before_get_reads_the_words_before(text, pos, expected):
    norm = fold(text)
    tokens = P._Before(norm, P.boundary_text(norm), pos)
    got = []
    i = 0
    while tokens.get(i) is not None:
        assert tokens.has(i) and tokens[i] == tokens.get(i)
        got.append(tokens.get(i)[2])
        i += 1
    assert got == expected and not tokens.has(i)
    with pytest.raises(IndexError):
        tokens[i]


def _place(lat, lon):
    return Place("x", "X", lat, lon)


@pytest.mark.parametrize("lat,lon", [(33.51, 36.29), (33.6, 36.29), (36.2, 37.15), (33.3, 44.4), (0.0, 0.0)])
def test_at_capital_agrees_with_the_direct_test(lat, lon):
    lex = P.place_lexicon()
    direct = any(abs(lat - a) * P._KM_PER_DEGREE <= P._CAPITAL_KM
                 and abs(lon - b) * P._KM_PER_DEGREE * P._COS_LAT <= P._CAPITAL_KM for a, b in lex.capitals)
    assert P._at_capital(lat, lon, lex) is direct
    assert P._at_capital(lat, lon, lex) is direct  # remembered


@pytest.mark.parametrize("kind,expected", [
    ("governorate", 3), ("region", 3), ("country", 3), ("district", 2), ("subdistrict", 2), ("camp", 2),
    ("airbase", 2), ("oilfield", 2), ("city", 1), ("village", 1), ("neighbourhood", 1), ("site", 1),
])
def test_kind_precision(kind, expected):
    place = Place("x", "X", 0.0, 0.0, kind=kind)
    assert P._kind_precision(place) == expected


@pytest.mark.parametrize("spans,start,end", [
    ([(0, 3), (5, 9)], 3, 5), ([(0, 3), (5, 9)], 2, 4), ([(0, 3), (5, 9)], 8, 12), ([], 0, 10),
    ([(4, 4)], 0, 10), ([(2, 6)], 6, 6), ([(2, 6)], 5, 6),
])
def test_covered_agrees_with_marking_every_name(spans, start, end):
    hits = [P._Hit(a, a, b, "k", "full", ("x",), "") for a, b in spans]
    marks = bytearray(13)
    for h in hits:
        marks[h.word_start:h.end] = b"\x01" * (h.end - h.word_start)
    assert P._Covered(hits, 13).any(start, end) is any(marks[start:end])


@pytest.mark.parametrize("text", [
    "قصفت الطائرات مدينة حلب وريفها",
    "قتل ثلاثة في قرية قرب ناحية قره تبة 50كم شمال شرق بعقوبة",
    "بيروت (أ ف ب) - قصفت الطائرات حمص وحكومة دمشق",
])
def test_find_places_runs_the_same_twice(text):
    """The memos (phrase matches, capitals, priors) give the first answer again."""
    from marsad.pipeline import Pipeline
    nlp = Pipeline()
    first = nlp(text).places
    second = nlp(text).places
    assert first and [(p.start, p.end, p.place.id, p.geo_precision, p.role, p.qualifier) for p in first] == \
        [(p.start, p.end, p.place.id, p.geo_precision, p.role, p.qualifier) for p in second]


@pytest.mark.parametrize("text", [
    "دخلوا المدينة ثم مدينة حلب وفي المدينه",
    "قريه الحديد وبالقريه القريه",
    "مدينه",
    " مدينه المدينهمدينه ومدينه فبلمدينه xمدينه",
    "بلده ببلده وبلده مبلده بلدهبلده",
    "لا شيء",
])
@pytest.mark.parametrize("cue", ["مدينه", "قريه", "بلده", "مدينه الباب"])
def test_last_cue_word_agrees_with_the_regex(text, cue):
    bnd = P.boundary_text(fold(text)) + " "
    for end in range(len(bnd) + 1):
        slow = max((f.start() for f in re.finditer(rf"(?:^| )[وفبل]*{cue}(?= )", bnd[:end])), default=-1)
        assert P._last_cue_word(bnd, cue, end) == slow, (text, end)


def _slow_without_overlaps(hits):
    hits = sorted(hits, key=lambda h: (h.word_start - h.end, h.start - h.end, h.word_start))
    used = bytearray(200)
    taken = []
    for h in hits:
        if not any(used[h.word_start:h.end]):
            used[h.word_start:h.end] = b"\x01" * (h.end - h.word_start)
            taken.append(h)
    return sorted(taken, key=lambda h: h.word_start)


@pytest.mark.parametrize("seed", range(40))
def test_without_overlaps_agrees_with_marking_the_text(seed):
    import random
    rnd = random.Random(seed)
    hits = []
    for k in range(rnd.randint(0, 12)):
        ws = rnd.randint(0, 60)
        start = ws + rnd.choice([0, 0, 1, 2])
        end = start + rnd.randint(1, 15)
        hits.append(P._Hit(ws, start, end, f"k{k}", "full", ("x",), ""))
    hits.sort(key=lambda h: h.end)  # as the automaton reports them
    assert [id(h) for h in P._without_overlaps(list(hits))] == [id(h) for h in _slow_without_overlaps(hits)]


@pytest.mark.parametrize("word", ["شرطة", "لشرطة", "وشرطة", "وبشرطة", "قيادة", "بقيادة", "جامعة", "كلية", "مبنى",
                                  "حلب", "و", "", "عمليات", "فلواء"])
def test_institution_lookup_agrees_with_the_table(word):
    table = P.place_lexicon().institutions
    word = fold(word)
    entry, clitics = table.get(word), False
    if entry is None:
        for form, _ in P._strip_clitics(word)[1:]:
            if table.get(form) is not None:
                entry, clitics = table.get(form), True
                break
    lookup = P._institution_lookup(table)
    assert lookup(word) == (entry, clitics)
    assert lookup(word) == (entry, clitics)  # remembered
