"""Fast path of the dates stage: two days are joined into a span only when the text between them is short;
the gap's length is tested before the text between them is cut into words. The spans must be those of the
old order of the tests (kept here as the reference)."""
from datetime import date

import pytest

from marsad.document import Article, Document
from marsad.pipeline import dates as D
from marsad.pipeline.normalize import normalize
from marsad.pipeline.sentences import split_sentences

PUB = date(2023, 1, 25)  # a Wednesday


def reference_day_spans(found, norm, pub, lex):
    """``_day_spans`` as it was: the gap cut into words before its length is tested."""
    out = []
    k = 0
    while k < len(found):
        start, end, m = found[k]
        nxt = found[k + 1] if k + 1 < len(found) else None
        if nxt is not None and D._is_day(m) and D._is_day(nxt[2]) and m.value <= nxt[2].value:
            gap = norm[end:nxt[0]]
            words = gap.split()
            if (len(gap) <= D._SPAN_GAP and "." not in gap and words and words[0] in lex.span_joins
                    and (nxt[2].value - m.value).days < D.MAX_SPAN_DAYS):
                out.append((start, nxt[1], D._span(m.value, nxt[2].value, m.relative or nxt[2].relative)))
                k += 2
                continue
        before = norm[max(0, start - 8):start].split()
        if pub is not None and m.value is not None and before and before[-1] in lex.span_since:
            if D._is_day(m) and 0 < (pub - m.value).days < D.MAX_SPAN_DAYS:
                out.append((start, end, D._span(m.value, pub, True)))
                k += 1
                continue
            if m.kind not in ("future", "year", "span") and (pub - m.value).days >= D.MAX_SPAN_DAYS:
                m.kind = "since"
        out.append(found[k])
        k += 1
    if pub is not None:
        for hit in lex.span_ordinal.finditer(norm):
            days = lex.ordinals.get(hit.group("ord"), 0)
            if 2 <= days <= D.MAX_SPAN_DAYS and not any(s < hit.end() and hit.start() < e for s, e, _ in out):
                out.append((hit.start(), hit.end(), D._span(pub - D.timedelta(days=days - 1), pub, True)))
        out.sort(key=lambda f: (f[0], f[1]))
    return out


def found_of(text: str, pub):
    lex = D.date_lexicon()
    norm = normalize(text).norm
    found = []
    for m in lex.finder.finditer(norm):
        if m.lastgroup != "skip":
            found.extend(D._read(m, norm, pub, lex))
    return D._merge_explicit(found, norm), norm


def described(spans):
    return [(s, e, m.kind, m.value, m.first) for s, e, m in spans]


GAP = " ".join(["وقال"] * 12)  # some 60 characters of words


@pytest.mark.parametrize("text", [
    "قصف الطيران الليلة الماضية وحتى صباح اليوم مناطق عدة",
    "قصف الطيران الليلة الماضية وحتي صباح اليوم",
    f"قصف الطيران الليلة الماضية وحتى {GAP} صباح اليوم",
    f"قصف الطيران أمس {GAP} وحتى اليوم",
    "من الاثنين إلى الأربعاء الماضي",
    "من الاثنين الي الأربعاء",
    "الاثنين. حتى الأربعاء",
    "الأربعاء حتى الاثنين",
    "أمس اليوم", "أمس وحتى اليوم", "أمس و حتى اليوم",
    "منذ الخميس الماضي", "منذ 12 كانون الثاني", "منذ آذار 2011",
    "لليوم الثاني على التوالي قصف الطيران", "يومها الثالث", "في 12 يناير 2023 وحتى 15 يناير 2023",
    "في 2 يناير 2023 وحتى 15 يناير 2023", "", "قصف الطيران المدينة",
])
@pytest.mark.parametrize("pub", [PUB, None])
def test_day_spans_are_the_old_ones(text, pub):
    lex = D.date_lexicon()
    found, norm = found_of(text, pub)
    fast = D._day_spans(list(found), norm, pub, lex)
    found_again, _ = found_of(text, pub)
    assert described(fast) == described(reference_day_spans(list(found_again), norm, pub, lex))


def test_a_span_across_a_long_gap_is_no_span():
    doc = Document.from_article(Article(id="t", text=f"قصف الطيران أمس {GAP} وحتى اليوم", published=PUB))
    n = normalize(doc.text)
    doc.norm, doc.norm_offsets = n.norm, n.offsets
    kinds = [m.kind for m in D.find_dates(split_sentences(doc)).dates]
    assert "span" not in kinds
