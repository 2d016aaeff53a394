"""Runs of shared tokens in the fatalities stage (issue 9): :func:`_read_tokens` looks at a word one by
one only when it has no shared token (a figure, a cue, a marker, a phrase, a word not seen yet) and copies
the runs of shared tokens between them whole, and finds a marker with a shared token ("الي", "عدد") with one
look-up; the tokens and the indices of the tokens that are no plain
word must be those of the reference below, which meets every word in turn."""
from bisect import bisect_left
from itertools import accumulate

import pytest

from marsad.pipeline import fatalities as F

from fatalities_references import coded, token_inputs


def _reference_words(doc, lo, hi, numbers):
    """The tokens of the words of ``doc.norm[lo:hi]``, word by word (before the lead's next token is read)."""
    lex = F.fatality_lexicon()
    later = F._phrase_words()
    norm = doc.norm
    pieces = F._TOKEN_SPLIT.split(norm[lo:hi])
    offsets = list(accumulate(map(len, pieces), initial=lo))
    words, starts, ends = pieces[1::2], offsets[1::2], offsets[2::2]
    n_raw = len(words)
    figures = F._figure_words(numbers, lo, hi, starts, ends)
    out, own = [], []
    skip = 0
    for i in range(n_raw):
        if i < skip:
            continue
        shared = None if i in figures else F._PLAIN_TOKENS.get(words[i])
        if shared is not None:
            out.append(shared)
            continue
        s = starts[i]
        fig = figures.get(i)
        if fig is not None:
            n0, end, num = fig
            skip = bisect_left(starts, end, i)
            own.append(len(out))
            out.append(F.Token(s, end, norm[n0:end], "num", number=num, conj=n0 > s and norm[s] in "وف",
                               surface=norm[n0:end]))
            continue
        w, e = words[i], ends[i]
        parts = F._token_parts(w)
        if parts[8] and i + 1 < n_raw and (words[i + 1] in later or words[i + 1][:-1] in later):
            for n in range(min(lex.max_words, n_raw - i), 1, -1):
                found = F._token_parts(" ".join(words[i:i + n]))
                if found[3] or found[6]:
                    parts, skip, e = found, i + n, ends[i + n - 1]
                    break
        clitics, bare, kind, cue, conj, definite, marks, surface, opens, shared = parts
        if shared is not None:
            if not marks.isdisjoint(F._START_MARKERS) or bare in F._dual_tally_units():
                own.append(len(out))
            out.append(shared)
            continue
        own.append(len(out))
        out.append(F.Token(s + clitics, e, bare, kind, cue, None, conj, definite, marks, surface))
    return out, own


TEXTS = [
    "قتل خمسة مدنيين في قصف على البلدة، وأصيب عشرة آخرون.",
    "أسفر الهجوم عن مقتل ثلاثة جنود وإصابة آخرين في المدينة",
    "قتل ما لا يقل عن 30 شخصا في الهجوم على القرية الشمالية",  # a phrase of several words
    "أودى الانفجار بحياة 12 شخصا بينهم 4 أطفال",  # a phrase of a death word, a breakdown
    "قتل ثلاثة آلاف وخمسمائة شخص في الحرب",  # a figure of several words
    "قتل 5 مدنيين و8 جنود في القصف",  # a figure after a clitic
    "لقي ثلاثة أشخاص حتفهم في الحادث",
    "منذ بداية العام، قتل 500 شخص",  # a phrase that opens the sentence
    "في القصف على القرية قتل",  # a cue that ends the sentence
    "قتل 4",  # a figure that ends it
    "الطقس جميل في المدينة اليوم",  # no figure, cue or marker
    "قتل 3 مدنيين منذ بداية الشهر في هجومين على القرية",
    # markers with a shared token, alone and opening a phrase ("في حين", "على الأقل"), and at the end
    "ارتفع عدد القتلى الي 40 بين مدنيين في حين قتل 5 على الأقل في",
    "قتل 5 في المدينة في حين أصيب 3 في المحافظة على الطريق الي",
    "أسفر القصف امس عن سقوط 4 قتلى في منطقة على الحدود",
]


@pytest.mark.parametrize("text", TEXTS)
def test_read_tokens_agrees_with_a_word_by_word_scan(text):
    doc = coded(text)
    numbers, dates = token_inputs(doc)
    for _ in range(2):  # (the second time, the words of the first are shared tokens)
        ref, ref_own = _reference_words(doc, 0, len(doc.norm), numbers)
        got, own = F._read_tokens(doc, 0, len(doc.norm), numbers, [])  # (no dates: the lead's next token unread)
        assert got == ref and own == ref_own
        assert all((g is r) == (r.start < 0) for g, r in zip(got, ref))  # the shared tokens are the shared ones
