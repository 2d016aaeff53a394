"""Fast path of the dates stage: ``_days_ahead`` finds a future marker among the last words of the clause before
a date with one search of ``DateLexicon.future_word`` over the words joined (after one match for the last clause
cut), instead of a list of the cuts and a call of :func:`future_marker` per word. It must accept exactly the
words :func:`future_marker` accepts, and mark exactly the dates the word-by-word reference marks."""
import re
from datetime import date, timedelta

import pytest

from marsad.pipeline import dates as D
from marsad.pipeline.dates import date_lexicon
from marsad.pipeline.normalize import normalize
from marsad.text import fold

WORDS = ["سوف", "وسوف", "فسوف", "ووسوف", "وفسوف", "المقرر", "والمقرر", "المقررة", "سيشيع", "وسيشيع", "فستبدأ",
         "سنواصل", "ستبدأ", "سيارة", "وسيارة", "سيطرت", "فسيطرت", "سنوات", "سنجار", "ستة", "سيد", "سيدي", "سيف",
         "سي", "سين", "سيعم", "سيعمل", "ستعم", "ستعمل", "سنعم", "سنعمل", "و", "ف", "س", "وس", "فس", "يعتزم",
         "تنوي", "المرتقب", "المرتقبة", "سيناريو", "ستراتيجية", "سي5ا", "ستـ", "سي_ab", "2015", "سيشيع2",
         "سوفيتي", "وسوفيتي", "المنتظر", "قتل", "الخميس"]


def future_marker(word, lex):
    """The word-by-word test the stage made before (the reference): whether the folded ``word`` marks the
    future: "سوف", "المقرر", or "س" + a present-tense verb ("سيشيع", "وستبدأ"), not a noun that opens
    alike ("سيارة", "سنوات")."""
    for w in (word, word[1:] if word[:1] in "وف" else None):
        if not w:
            continue
        if w in lex.future_words:
            return True
        if (len(w) >= lex.future_prefix_min and w.startswith(lex.future_prefixes)
                and not w.startswith(lex.future_not_prefixes)):
            return True
    return False


def reference_any(words):
    lex = date_lexicon()
    return any(future_marker(w, lex) for w in words)


@pytest.mark.parametrize("word", WORDS)
def test_future_word_is_future_marker(word):
    word = fold(word)
    for words in ([word], ["قال", word], [word, "قال"], ["و", word, "ف"]):
        words = [w for w in words if re.fullmatch(r"\w+", w)]
        assert bool(words and date_lexicon().future_word.search(" ".join(words))) == reference_any(words), words


def reference_days_ahead(found, norm, pub, lex):
    """``_days_ahead`` as it was: a list of the clause cuts, ``future_marker`` per word."""
    for start, _end, m in found:
        if m.kind not in D._FUTURE_KINDS or m.value is None:
            continue
        head = norm[max(0, start - 120):start]
        cuts = list(D._CLAUSE_CUT.finditer(head))
        if cuts:
            head = head[cuts[-1].end():]
        words = D._WORDS.findall(head)[-lex.future_reach:]
        if any(future_marker(w, lex) for w in words):
            m.kind = "future"
            if pub is not None and m.time_precision == 1 and m.value <= pub and (pub - m.value).days < 7:
                if norm[start:_end].split()[-1] in lex.weekdays:
                    m.value = pub + timedelta(days=(m.value.weekday() - pub.weekday()) % 7)


SENTENCES = [
    "سيشيع إلى مثواه الأخير يوم الجمعة",
    "من المقرر أن يجتمع المجلس الخميس",
    "وسوف يعقد الاجتماع في 12 مايو",
    "سيطرت القوات على البلدة الخميس",
    "قال إنه سيعود، وقتل ثلاثة الخميس",
    "ستبدأ المحادثات: الأحد المقبل ثم يوم الاثنين",
    "سيارة مفخخة انفجرت الأربعاء",
    "سنواصل العمل يوم السبت",
    "وذكر أن القوات ستواصل هجومها بعد أن سيطرت على المنطقة في كل من الأحياء الشرقية والغربية من المدينة يوم الجمعة",
    "وأضاف أن الوفد سيصل " + "كلمة " * 12 + "يوم الأحد",
    "سيصل الوفد" + " " * 130 + "الأحد",
    "سوف. الخميس",
    "الخميس",
    "وفي الخميس 21 مارس سيعقد وفي 5 أبريل",
    "ستعقد الجلسة\nالأحد",
]


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize("pub", [date(2019, 3, 28), None])
def test_days_ahead_is_the_word_by_word_reference(sentence, pub):
    lex = date_lexicon()
    norm = normalize(sentence).norm
    found = [f for m in lex.finder.finditer(norm) if m.lastgroup != "skip" for f in D._read(m, norm, pub, lex)]
    found = D._merge_explicit(found, norm)
    fast = [(s, e, D._mention(m.kind, m.value, m.time_precision, m.relative)) for s, e, m in found]
    slow = [(s, e, D._mention(m.kind, m.value, m.time_precision, m.relative)) for s, e, m in found]
    D._days_ahead(fast, norm, pub, lex)
    reference_days_ahead(slow, norm, pub, lex)
    assert [(s, e, m.kind, m.value) for s, e, m in fast] == [(s, e, m.kind, m.value) for s, e, m in slow]
