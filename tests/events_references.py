"""Slow reference forms of event-stage steps, as they were before their shortcuts, shared by the
fast-path tests that compare the stage with them."""
from __future__ import annotations

from marsad.pipeline.events import actors as A


def article_pairs_slow(ctx):
    """``actors._article_pairs`` searching the pair words ("بين X و Y") of every sentence: the
    (first family, second family) of each pair, in text order."""
    pairs = []
    for ss in ctx.sentences:
        for cue in ss.cues_of("pair"):
            after = [a for a in ss.actors if a.start > cue.end and a.family not in ("civilians", "unidentified")]
            if not after or after[0].start - cue.end > A.ROLE_CUE_REACH:
                continue
            first = after[0]
            second = next((a for a in after[1:] if a.family != first.family and not A._backs(ss, first, a)), None)
            if second is None or second.start - first.end > A.PAIR_REACH:
                continue
            pairs.append((first.family, second.family))
    return pairs
