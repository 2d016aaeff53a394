"""Speed helpers of the dates and fatalities stages give what the slow paths give (issue 9)."""
import re

import pytest

from marsad.pipeline import fatalities as F
from marsad.pipeline.dates import _found_from_anchor, date_lexicon
from marsad.pipeline.numbers import AnchoredRegex
from marsad.resources import read_yaml
from marsad.text import fold


def _opens_phrase_slow(word: str) -> bool:
    """fatalities._opens_phrase written out (the slow form the fast one must agree with)."""
    first = F.fatality_lexicon().phrase_first_words
    return word in first or any(word[len(p):] in first for p in F._prefixes_of(word))


class _Everything:
    def __contains__(self, item):
        return True


def _forms_of_lexicon() -> list[str]:
    lex = F.fatality_lexicon()
    words = []
    for form in sorted(lex.cues)[:40] + sorted(lex.markers)[:40]:
        for pfx in ("", "و", "بال", "لل", "وال", "ف"):
            words += [pfx + form, pfx + form + "ا", pfx + form + "ه"]
    return words


WORDS = [fold(w) for w in (
    "مقتل", "ومقتل", "بمقتل", "قتلى", "القتلى", "والقتلى", "شخصا", "مدنيا", "وشخص", "جرحى", "وإصابة",
    "حصيلة", "منذ", "خلال", "بينهم", "وبينهم", "على", "الأقل", "على الأقل", "ما لا يقل عن", "أودى بحياة",
    "الجيش", "والجيش", "وتدمير", "وقت", "وفد", "استهداف", "المدينة", "2015", "ثلاثة", "قرية", "و", "ال",
)]


@pytest.mark.parametrize("word", WORDS + _forms_of_lexicon())
def test_lookup_fast_path_agrees_with_full_lookup(word, monkeypatch):
    fast_lookup = F._lookup(word)
    fast_parts = F._token_parts.__wrapped__(word)
    # the full look-up: every word through _lookup's steps and _classify (uncached)
    monkeypatch.setattr(F, "_lookup_forms", lambda: _Everything())
    monkeypatch.setattr(F, "_classify", F._classify.__wrapped__)
    assert F._lookup(word) == fast_lookup
    assert F._token_parts.__wrapped__(word) == fast_parts


@pytest.mark.parametrize("word", WORDS + _forms_of_lexicon())
def test_opens_phrase_set_agrees_with_prefix_search(word):
    assert F._opens_phrase(word) == _opens_phrase_slow(word)


def test_clause_with_index_agrees():
    def tokens(*args):
        return F._read_tokens(*args)[0]
    from marsad.document import Document
    doc = Document(id="t", text="قال مصدر، مقتل خمسة أشخاص في قصف على البلدة منذ بداية الشهر.")
    from marsad.pipeline.normalize import normalize
    doc.norm = normalize(doc.text).norm
    toks = tokens(doc, 0, len(doc.norm), [], [])
    found = F._Found(5, toks[3], toks[5], toks[3])
    assert F._clause(toks, found) == F._clause(toks, found, F._token_index(toks))
    assert F._tally_reason(toks, found) == F._tally_reason(toks, found, F._token_index(toks))


@pytest.mark.parametrize("words, anchors, expected", [
    (["روسيا", "اليوم"], {"اليوم": 3}, True),
    (["الي", "الان"], {"الان": 3}, True),
    (["الي", "الان"], {"الان": 0}, False),  # the word before the anchor may not come before it
    (["اليوم", "السابع"], {"اليوم": 3}, True),
    (["صحيفه", "الغد"], {"اليوم": 3}, False),
])
def test_found_from_anchor(words, anchors, expected):
    assert _found_from_anchor(words, anchors) is expected


def _old_finder() -> AnchoredRegex:
    """The date finder with an anchor of its own for every name that holds a date word (as before)."""
    lex = date_lexicon()
    data = read_yaml("relative_dates.yaml")
    anchors = {w: back for w, (_len, back) in lex.finder.automaton.items()}
    common = {fold(w) for w in data["this_words"]} | set(lex.modifiers) | {"بعد", "من", "اول", "قبل"}
    for phrase in data["not_dates"]:
        words = fold(phrase).split()
        k = next((n for n, w in enumerate(words) if w not in common), 0)
        anchors[words[k]] = max(anchors.get(words[k], 0), k + 3)
    return AnchoredRegex(lex.regex, anchors, digit_back=1, initial_words=lex.finder.initial_words)


@pytest.mark.parametrize("text", [
    "قالت قناة روسيا اليوم إن الهجوم وقع أمس الأحد",
    "ذكرت وكالة أخبار اليوم أن 5 قتلى سقطوا إلى الآن في القصف الذي بدأ منذ الخميس",
    "لم تعلن أي جهة مسؤوليتها حتى الآن عن تفجير بغداد اليوم",
    "وصل الوفد إلى بغداد من العراق اليوم الاثنين 21 مارس 2016",
    "من 5 إلى 7 مايو الماضي قتل ثلاثة في العراق، وإلى ذلك قال المصري اليوم",
    "ليل الأحد إلى الاثنين قصفت الطائرات البلدة لحد الآن ولغاية الآن لا حصيلة",
    "نشرت صحيفة اليوم السابع خبرا عن إلى الآن وحتى الان في 2015",
])
def test_date_finder_without_name_anchors_finds_the_same(text):
    norm = fold(text)
    new = [(m.span(), m.lastgroup) for m in date_lexicon().finder.finditer(norm)]
    old = [(m.span(), m.lastgroup) for m in _old_finder().finditer(norm)]
    assert new == old


def _finder_without_vocabulary() -> AnchoredRegex:
    lex = date_lexicon()
    anchors = {w: back for w, (_len, back) in lex.finder.automaton.items()}
    return AnchoredRegex(lex.regex, anchors, digit_back=1, initial_words=lex.finder.initial_words)


DATE_TEXTS = [
    "قتل خمسة أشخاص في غارة على بلدة الانبار يوم الخميس الماضي بحسب وكالة الأنباء",
    "وقال الرائد إن الانفجار وقع صباح اليوم الاثنين 21 مارس 2016 قرب مبنى الإنسان",
    "من 5 إلى 7 مايو الماضي، ومن 5 الي7 أبريل، وفي الخامس والعشرين من شباط",
    "منذ عامين وقبل ثلاثة أيام وقبل أسابيع والأسبوع الثاني من شهر آب السابق",
    "الرابعة من تموز الماضي والسابع من أبريل القادم والتابعة للأمم المتحدة",
    "ليل الأحد إلى الاثنين، وفجر السبت 9/5/2019، والأيام القليلة الماضية في بغداد",
    "غدا الاثنين سيجتمع المجلس، وبعد غد الثلاثاء، وفي مطلع العام المنصرم 2015م",
    "مقابل الاحداث الإرهابية السابقة في الأسابيع الأخيرة وحتى الآن لحد الآن",
]


@pytest.mark.parametrize("text", DATE_TEXTS)
def test_date_finder_vocabulary_spares_only_failing_tries(text):
    norm = fold(text)
    with_vocabulary = [(m.span(), m.lastgroup) for m in date_lexicon().finder.finditer(norm)]
    without = [(m.span(), m.lastgroup) for m in _finder_without_vocabulary().finditer(norm)]
    assert with_vocabulary == without


@pytest.mark.parametrize("text", DATE_TEXTS)
def test_every_letter_run_of_a_date_match_may_be_held(text):
    """The rule _may_hold relies on: each run of letters in a match is a word of the regex's vocabulary
    (after a clitic "و"/"ف"), or opens with a joiner glued to the day after it."""
    finder = date_lexicon().finder
    norm = fold(text)
    for m in _finder_without_vocabulary().finditer(norm):
        for run in re.finditer(r"[^\W\d_]+", m.group()):
            start = m.start() + run.start()
            assert finder._may_hold(norm, start, start + 1), run.group()


@pytest.mark.parametrize("text, word, expected", [
    ("في الانسان والحيوان", "الان", False),  # inside a word the regex does not know
    ("حتى الآن", "الان", True),
    ("والعشرين من مايو", "العشرين", True),  # after a clitic
    ("لبغداد اليوم", "غد", False),
    ("بغداد اليوم", "غد", True),  # "بغداد اليوم" is a name the regex matches (to skip it)
    ("من 5 الي7 مايو", "الي", True),  # a joiner glued to the day
    ("التابعة للأمم", "اب", False),
])
def test_may_hold(text, word, expected):
    norm = fold(text)
    p = norm.index(word)
    assert date_lexicon().finder._may_hold(norm, p, p + len(word)) is expected


def test_date_vocabulary_holds_the_lexicon_words():
    lex = date_lexicon()
    words = set(lex.months) | set(lex.weekdays) | set(lex.modifiers) | set(lex.day_words)
    assert {w for phrase in words for w in phrase.split()} <= lex.regex_words


@pytest.mark.parametrize("text", [
    "أ.ف.ب", "قال أ. محمد", "(أ.", "ب.", "نص.", "في 3.", "و_.", "x.", " ي.", "\tي.", "\u00a0ي.", "،ي.", "ـي.",
    ".", "", "ab.", "a b.", "(ج) ب.",
])
def test_single_letter_before_agrees_with_regex(text):
    from marsad.pipeline.sentences import _SINGLE_LETTER_BEFORE, _single_letter_before
    for i in range(len(text) + 1):
        assert _single_letter_before(text, i) == bool(_SINGLE_LETTER_BEFORE.search(text, max(0, i - 3), i)), i


@pytest.mark.parametrize("text", [
    "قتل ما لا يقل عن 5 أشخاص", "قتل أكثر من  12 شخصا", "قتل (أكثر من 3", "سقط على الأقل 4", "يزيد على\n7",
    "قتل 5 أشخاص على الأقل", "قتل 5 على أقل تقدير", "قتل 5 في أقل تقدير، و7", "قتل 5 وأصيب 3 على الأقل",
    "قتل 5 أشخاص", "أكثرمن 5", "الأكثر من 5", "قتل خمسة أشخاص على الأقل في",
])
def test_at_least_prefilters_agree_with_the_searches(text):
    from marsad.pipeline import numbers as N
    lex = N.number_lexicon()
    norm = fold(text)
    for i in range(len(norm) + 1):
        assert N._at_least_before(norm, i, lex) == bool(lex.at_least_before.search(norm, max(0, i - 24), i)), i
        stop = N._CLAUSE_END.search(norm, i, i + 80)
        window = norm[i: stop.start() if stop else i + 80]
        m = lex.at_least_after.search(window)
        slow = bool(m) and len(window[: m.start()].split()) <= N._WORDS_AFTER_FOR_AT_LEAST
        assert N._at_least_after(norm, i) == slow, i


@pytest.mark.parametrize("text", [
    "صلاة الجمعة", "ذلك  اليوم", "في، اليوم", "_x اليوم", "اليوم", "   اليوم", "كلا\tالاثنين",
    "كلمة_طويلة_جدا_تتجاوز_الثلاثين_حرفا_قبل الاثنين", "(ذلك) اليوم", "٣ اليوم", "",
])
def test_word_before_agrees_with_regex(text):
    from marsad.pipeline.dates import _WORD_BEFORE, _word_before
    norm = fold(text)
    for i in range(len(norm) + 1):
        m = _WORD_BEFORE.search(norm, max(0, i - 30), i)
        assert _word_before(norm, i) == (m.group(1) if m else ""), i


@pytest.mark.parametrize("digits", ["0", "5", "25", "007", "2015", "1200", "١٢", "٣"])
def test_plain_digits_value_agrees_with_parse_number(digits):
    from marsad.pipeline.numbers import parse_number
    assert digits.isdecimal()
    assert (int(digits) or None) == parse_number(digits)


def _reference_finditer(finder, text):
    """AnchoredRegex.finditer as first written: every anchor (no vocabulary), a list of candidate starts."""
    found = finder.automaton.iter(text)
    points = [(end - length + 1, back) for end, (length, back) in found]
    if finder.digit_back is not None:
        points += [(m.start(), finder.digit_back) for m in re.finditer(r"\d+", text)]
    points.sort()
    cursor, last = 0, -1
    for p, back in points:
        if p < cursor or p == last:
            continue
        last = p
        ws = p
        while ws > 0 and text[ws - 1].isalnum() and p - ws < 3:
            ws -= 1
        if ws > 0 and text[ws - 1].isalnum():
            if text[p].isdigit():
                m = finder.regex.match(text, p)
                if m is not None and m.end() > p:
                    cursor = m.end()
                    yield m
            continue
        candidates = []
        lo, pos = max(ws - 16 * back, cursor), ws
        for _ in range(back):
            end = pos
            while end > lo and not text[end - 1].isalnum():
                end -= 1
            if end <= lo:
                break
            start = end
            while start > lo and text[start - 1].isalnum():
                start -= 1
            word = text[start:end]
            initial = finder.initial_words
            if (word in initial or word[0].isdigit() or (word[0] in "وف" and word[1:] in initial)
                    or (word.startswith("ال") and word[2:3].isdigit())):
                candidates.append(start)
            pos = start
        candidates = candidates[::-1] + [ws] + ([p] if p != ws else [])
        for start in candidates:
            if start >= cursor:
                m = finder.regex.match(text, start)
                if m is not None and m.end() > p:
                    cursor = m.end()
                    yield m
                    break


@pytest.mark.parametrize("text", DATE_TEXTS + [
    "قتل 5 أشخاص و3 جنود واستهدفت ثلاثة آلاف و25 ألفا في الأحد 7 مارس", "وبثلاثة ولخمسة وستة عشر قتيلا",
    "الثلاثاء2015 و12/3/2016 و2016-03-12 في 2014م وعام2013 مارس2017 منذ 3 أيام وقبل يومين",
])
def test_anchored_finditer_agrees_with_the_first_written_loop(text):
    from marsad.pipeline.numbers import number_lexicon
    norm = fold(text)
    for finder in (date_lexicon().finder, number_lexicon().finder):
        got = [(m.span(), m.lastgroup) for m in finder.finditer(norm)]
        assert got == [(m.span(), m.lastgroup) for m in _reference_finditer(finder, norm)]


@pytest.mark.parametrize("head", [
    "من جهة أخرى، قتل خمسة", "ومن جهة ثانية قال", "عملية فجر الكرمة ميدانيا، أعلنت", "إلى ذلك الحين لم",
    "وإلى ذلك، قصفت", "في سياق آخر", "في، سياق آخر", "قال مصدر من جهة أخرى", "أ ب ج د من جهة أخرى، قتل",
    "أ ب ج د هـ من جهة أخرى، قتل", "من جهته قال", "على صعيد منفصل", "فعلى صعيد آخر،", "", "، من جانب آخر",
])
def test_opener_prefilter_agrees_with_the_word_test(head, monkeypatch):
    from marsad.pipeline import dates as D
    norm = fold(head)
    fast = D.opens_new_report(norm)
    monkeypatch.setattr(D, "_opener_first_word_re", lambda: re.compile(""))  # every head to the word test
    assert D.opens_new_report(norm) == fast


@pytest.mark.parametrize("text", [
    "قتل خمسة أشخاص منذ بداية الشهر في قصف على البلدة",
    "قتل 25 شخصا في 12 هجوما خلال أسبوع",
    "أسفر القصف عن مقتل ثلاثة مدنيين وإصابة آخرين",
    "قتل شخصان في هجومين على حاجز للجيش",
    "منذ بداية العام، قتل 500 شخص بينهم 20 طفلا",
    "قتل 7 عناصر خلال الساعات الماضية في اشتباكات",
    "قتل ثلاثة جنود في الهجوم الأسوأ خلال العام الجاري",
])
def test_tally_prefilter_leaves_the_tally_reasons(text):
    from datetime import date

    from marsad.document import Article
    from marsad.pipeline import Pipeline
    doc = Pipeline(gazetteer=None)(Article(id="t", text=text, published=date(2020, 5, 5)))
    numbers = [(doc.norm_index(n.start), doc.norm_index(n.end), n) for n in doc.numbers]
    dates = [(doc.norm_index(d.start), doc.norm_index(d.end)) for d in doc.dates]
    tokens = F._read_tokens(doc, 0, len(doc.norm), numbers, dates)[0]
    found = F._sentence_fatalities(tokens, [0])
    assert found
    for f in found:
        if f.reason == "breakdown":
            continue
        tally = F._tally_reason(tokens, f)
        if tally:
            assert f.aggregate and f.reason == tally
        else:
            assert f.reason not in ("period", "incidents")
