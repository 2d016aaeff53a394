"""The words of approximation of "منذ/قبل" + a count ("منذ أكثر من أسبوع", "قبل نحو ثلاثة أيام") are read from
``ago_approximators`` in relative_dates.yaml: the ago alternative of the date regex matches what it matched
when they were written into the pattern ("اكثر\\s+من|نحو|حوالي")."""
import re
from datetime import date

import pytest

from marsad.pipeline.dates import date_lexicon
from marsad.pipeline.normalize import normalize
from marsad.resources import read_yaml
from marsad.text import fold
from test_dates import dates_of

OLD_WORDS = r"(?:اكثر\s+من|نحو|حوالي)"


def ago_part():
    (part,) = [p for p in date_lexicon().grammar.parts if p.pattern.startswith("(?P<ago>")]
    return part


def reference_ago():
    """The ago alternative with the words written in, as before."""
    pattern = ago_part().pattern
    start = pattern.index(r"\s+(?:", pattern.index("(?P<aw>")) + len(r"\s+(?:")
    end = pattern.index(r"\s+)?", start)
    return re.compile(pattern[:start] + OLD_WORDS + pattern[end:])


def test_the_words_come_from_the_data():
    words = [fold(w) for w in read_yaml("relative_dates.yaml")["ago_approximators"]]
    assert words
    for w in words:
        assert re.escape(w.split()[-1]) in ago_part().pattern


PHRASES = ["منذ أكثر من أسبوع", "قبل نحو ثلاثة أيام", "منذ حوالي ساعتين", "منذ حوالى عامين", "قبل أكثر   من يومين",
           "منذ اكثرمن أسبوع", "منذ نحوثلاثة أيام", "ومنذ نحو أسبوعين", "قبل نحو", "منذ أكثر أسبوع", "منذ أسابيع",
           "قبل حوالي 3 أيام", "منذ نحو شهر", "منذ أكثر من 10 سنوات", "قبل نحوها يومين", "منذ حواليأسبوع"]


@pytest.mark.parametrize("phrase", PHRASES)
def test_ago_matches_as_with_the_words_written_in(phrase):
    regex = re.compile(ago_part().pattern)
    reference = reference_ago()
    norm = normalize(f"وقال إن الهجوم وقع {phrase} في المدينة").norm
    for pos in range(len(norm) + 1):
        m, r = regex.match(norm, pos), reference.match(norm, pos)
        assert (m and (m.span(), m.groupdict())) == (r and (r.span(), r.groupdict())), (pos, norm[pos:])


def test_an_approximate_count_is_read():
    doc = dates_of("قتل خمسة قبل نحو ثلاثة أيام", date(2020, 5, 10))
    assert [(d.text, d.value) for d in doc.dates] == [("قبل نحو ثلاثة أيام", date(2020, 5, 7))]

