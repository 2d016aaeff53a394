"""Shared tokens of the fatalities stage (issue 9): plain words, punctuation and most markers share one
token with no offsets, the grammar starts only from the tokens that are no plain word or punctuation,
and the token after "منذ"/"خلال" keeps its own offsets (its start says whether a date follows the lead)."""
import pytest

from marsad.pipeline import fatalities as F

from fatalities_references import coded, read_tokens


TEXTS = [
    "قتل خمسة مدنيين في قصف على البلدة، وأصيب عشرة آخرون.",
    "أسفر الهجوم عن مقتل ثلاثة جنود وإصابة آخرين في المدينة",
    "قتل 25 شخصا خلال الشهر الماضي في هجمات متفرقة",
    "قتل 7 عناصر خلال الساعات الماضية في اشتباكات",
    "منذ بداية العام، قتل 500 شخص بينهم 20 طفلا",
    "قتل 12 مدنيا منذ 17 يونيو في القصف",
    "قتل أربعة أشخاص خلال، بحسب المصدر، الهجوم",
    "لقي ثلاثة أشخاص حتفهم في الحادث وقتل اثنان آخران في الحادث",
    "مقتل شخص في الحادث ومقتل شخص آخر في الحادث نفسه",
    "قتل 9 أشخاص بينهم 4 أطفال في القصف، وبينهم امرأة",  # breakdowns: their own tokens
    "قتل 3 مدنيين منذ بداية الشهر في هجومين",  # a phrase of a period
    "قتل 6 مسلحين خلال في المعارك",  # a marker right after the lead
    # a marker with a clitic right after the lead (a date in the sentence: the token after the lead is read)
    "قتل 6 مسلحين يوم 5 مايو خلال وفي المعارك",
    "قتل 6 مسلحين يوم 5 مايو منذ وبعد المعارك",
    "قتل 6 مسلحين يوم 5 مايو خلال في المعارك",
]


@pytest.mark.parametrize("text", TEXTS)
def test_own_lists_the_tokens_with_offsets_or_markers(text):
    tokens, own = read_tokens(coded(text))
    # (a shared marker the grammar does not start from, "في", "الي", is read beside the others only)
    assert own == [i for i, t in enumerate(tokens) if t.start >= 0 or not t.markers.isdisjoint(F._START_MARKERS)]
    for i, t in enumerate(tokens):
        if t.start < 0:  # shared: a plain word, punctuation or marker, never a figure or cue
            assert t.kind in ("word", "punct", "marker") and t.cue is None and not t.in_date
            assert t.markers.isdisjoint({"breakdown", "period_lead"})  # (their offsets are read)
        elif i > 0 and tokens[i - 1].start >= 0 and "period_lead" in tokens[i - 1].markers:
            # the token after the lead: the next token of the text after it, with its offsets (less its clitics)
            m = F._TOKEN.search(coded(text).norm, tokens[i - 1].end)
            assert t.start == m.start() + F._token_parts(m.group())[0]
            assert t.end == m.end()


@pytest.mark.parametrize("text", TEXTS)
def test_grammar_from_own_tokens_agrees_with_every_token(text):
    doc = coded(text)
    tokens, own = read_tokens(doc)
    assert F._sentence_fatalities(tokens, [0], own) == F._sentence_fatalities(tokens, [0])


@pytest.mark.parametrize("word", ["في", "الهجوم", "البلدة", "المصدر", "الحادث"])
def test_a_plain_word_is_one_shared_token(word):
    tokens, _ = read_tokens(coded(f"قتل شخص في {word} وقتل آخر في {word} ثم {word}."))
    shared = [t for t in tokens if t.start < 0 and t.word == F.fold(word).strip()]
    if shared:
        assert all(t is shared[0] for t in shared)


@pytest.mark.parametrize("text, reason", [
    ("قتل 25 شخصا خلال الشهر الماضي في هجمات متفرقة", "period"),  # a date after the lead: a tally
    ("قتل 7 عناصر خلال الساعات الماضية في اشتباكات", ""),  # hours with no count: the day of the report
    ("قتل 12 مدنيا منذ 17 يونيو في القصف", "period"),
    ("قتل أربعة أشخاص خلال، بحسب المصدر، الهجوم", ""),  # punctuation after the lead
    ("قتل 3 مدنيين منذ بداية الشهر في هجومين", "period"),
    ("قتل 4 مدنيين في هجومين على القرية", "incidents"),  # a dual noun of incidents after "في"
    ("قتل 5 أشخاص في 3 هجمات على القرية", "incidents"),
])
def test_lead_reads_the_token_after_it(text, reason):
    doc = coded(text)
    assert doc.fatalities
    assert doc.fatalities[0].reason == reason
    # the shared tokens (punctuation, words, and the markers cached with their word) were not
    # marked as part of a date nor given offsets
    assert not any(t.in_date for t in F._PLAIN_TOKENS.values())
    shared = [t for t in read_tokens(doc)[0] if t.start < 0]
    assert shared
    assert all(t.end < 0 and not t.in_date for t in shared)


@pytest.mark.parametrize("text, breakdown", [
    ("قتل 9 أشخاص بينهم 4 أطفال", 4),
    ("قتل 9 أشخاص، وبينهم 4 أطفال", 4),
    ("قتل 9 أشخاص في القصف بينهم طفل", 1),
])
def test_a_breakdown_token_keeps_its_offsets(text, breakdown):
    doc = coded(text)
    found = [f for f in doc.fatalities if f.reason == "breakdown"]
    assert [f.count for f in found] == [breakdown]
    assert doc.text[found[0].start:found[0].end].lstrip("و").startswith("بينهم")


@pytest.mark.parametrize("word, dual", [
    ("قتيلين", True), ("القتيلين", True), ("شخصين", True), ("5", False), ("ثلاثة", False), ("ال", False),
])
def test_dual_cue_of_a_figure(word, dual):
    cue = F._dual_cue_of(F.fold(word).strip())
    assert (cue is not None and cue.number == "du") is dual


# --------------------------------------------------------------------------- the date finder's back scan

def _date_finder_without_vocabulary():
    """The date finder with no vocabulary: every anchor tried, every word before it collected."""
    from marsad.pipeline.dates import date_lexicon
    from marsad.pipeline.numbers import AnchoredRegex
    lex = date_lexicon()
    anchors = {w: back for w, (_len, back) in lex.finder.automaton.items()}
    return AnchoredRegex(lex.regex, anchors, digit_back=1, initial_words=lex.finder.initial_words)


@pytest.mark.parametrize("text", [
    "في منتصف شهر مارس قتل جندي",  # every word before the month may open or hold a match
    "قال في منتصف مارس",  # a word no match holds right before the words that open one
    "وقال مصدر أمس إن الهجوم وقع",  # a word no match holds right before the anchor
    "بعد ظهر اليوم الأحد",
    "تقرير صباح اليوم",
    "من 5 الي7 مايو الماضي",  # a joiner glued to the day after it
    "من 5 حتى7 مايو، وفي الخامس والعشرين من شباط",
    "الحادي والعشرين من مايو وليلة الحادي عشر من تموز",
    "والينا في العاشر من الشهر الجاري",  # a word that opens with a joiner but is no joiner + day
    "وحتى الآن، منذ 3 أيام، 2015م",
    "مكتب الأمم المتحدة 12/3/2016 عام2013 مارس2017",
])
def test_date_finder_stops_only_at_words_no_match_holds(text):
    from marsad.pipeline.dates import date_lexicon
    from marsad.text import fold
    norm = fold(text)
    got = [(m.span(), m.lastgroup) for m in date_lexicon().finder.finditer(norm)]
    assert got == [(m.span(), m.lastgroup) for m in _date_finder_without_vocabulary().finditer(norm)]


@pytest.mark.parametrize("word, expected", [
    ("مارس", True),
    ("ومارس", True),  # after a clitic
    ("الي", True),  # a joiner alone (digits may follow it: "الي7")
    ("والعشرين", True),
    ("حتيال", True),  # a joiner glued to "ال" of "الـ26"
    ("الينا", False),  # opens with a joiner, but no day follows it
    ("حتيكم", False),
    ("مصدر", False),
    ("قال", False),
])
def test_in_vocabulary(word, expected):
    from marsad.pipeline.dates import date_lexicon
    assert date_lexicon().finder._in_vocabulary(word) is expected
