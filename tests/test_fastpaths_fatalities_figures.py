"""The figures of the fatalities stage's tokens (issue 9): :func:`_figure_words` places each figure of
the numbers stage in the word it starts in, before the loop over words, so the loop looks at a word only
when it has no shared token; the tokens must be those of a scan that meets the figures word by word."""

import pytest

from marsad.pipeline import fatalities as F

from fatalities_references import coded, read_tokens


# words "ab cd ef" at 0-2, 3-5, 6-8; figures (start, end, name)
WORDS = ([0, 3, 6], [2, 5, 8])


@pytest.mark.parametrize("figures, expected", [
    ([(0, 2, "a")], {0: "a"}),  # at a word's first letter
    ([(4, 5, "a")], {1: "a"}),  # after a clitic, inside the word
    ([(1, 2, "a")], {0: "a"}),  # at the word's last letter
    ([(2, 5, "a")], {}),  # between words (on the space): none
    ([(3, 4, "a"), (4, 5, "b")], {1: "a"}),  # two in one word: the first
    ([(0, 5, "a"), (3, 5, "b")], {0: "a", 1: "b"}),  # one inside another's words (the loop skips it)
    ([(6, 8, "a"), (9, 10, "b")], {2: "a"}),  # past the sentence's end: none
])
def test_figure_words(figures, expected):
    got = F._figure_words([(s, e, n) for s, e, n in figures], 0, 8, *WORDS)
    assert {i: f[2] for i, f in got.items()} == expected


@pytest.mark.parametrize("text, figures", [
    # (word, "و"/"ف" before it), folded
    ("قتل خمسة مدنيين وثمانية جنود في القصف", [("خمسه", False), ("ثمانيه", True)]),  # after a clitic
    ("قتل 5 مدنيين و8 جنود", [("5", False), ("8", True)]),
    ("قتل ما لا يقل عن 30 شخصا", [("30", False)]),  # after a phrase of several words
    ("مقتل 12 شخصا. قتل 4 آخرون", [("12", False), ("4", False)]),  # at the edge of punctuation
    ("قتل مدنيان في القصف", [("مدنيان", False)]),  # a dual noun: a figure of its own word
    ("قتل مدنيون في القصف", []),
])
def test_figure_tokens(text, figures):
    tokens, own = read_tokens(coded(text))
    nums = [t for t in tokens if t.kind == "num"]
    assert [(t.word, t.conj) for t in nums] == figures
    for t in nums:
        assert tokens.index(t) in own and t.start >= 0
