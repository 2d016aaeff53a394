"""Stage: event triggers (``data/triggers.tsv``) and the cue words around them (``data/event_cues.tsv``).

A trigger is a word or phrase that reports an event and points to a sub-event type, or to a class
that the event stage resolves from context: ``territory`` (who took the place), ``raid``
(detentions or not), ``strike`` (air or ground). Phrases of class ``none`` contain a trigger word
but report no event ("تحت سيطرة"): matched like the others, they win over the shorter trigger
inside them and are then dropped. Phrases of class ``name_head`` are nouns that, right before a
trigger word, make it part of a name or a place description ("مدرسة المدفعية", "مناطق القتال",
"كتيبة الدفاع الجوي"): that trigger reports no event and is dropped with them.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple, Optional

from ..document import Document, Trigger
from .event_types import event_type_of, rank_of, sub_event_types
from .lexicon import PhraseMatcher, phrase_key
from ..text import WORD_PUNCT, fold, proclitics, strip_proclitic
from ..resources import read_tsv

RESOLVED_LATER = ("territory", "raid", "strike", "killing")
NAME_HEAD = "name_head"
TRIGGER_CLASSES = frozenset(sub_event_types()) | set(RESOLVED_LATER) | {"none", NAME_HEAD}
CUE_CLASSES = frozenset(
    {"plan", "cessation", "operations", "carrying", "happened", "dropped", "tally_scope", "denial", "reaction", "aggregate", "breakdown", "air", "anti_air", "negated_through", "consequence", "disruption", "foiled", "count_source", "compared_period", "disruption_link", "attack_verb", "artillery", "subject_verb", "update", "detention", "civilian", "agent", "target", "pair", "background", "earlier", "attribution",
     "context", "negation", "aside", "relative", "affiliation", "force", "ongoing",
     "frame", "countryside", "admin_unit", "span", "reference", "origin", "speaker", "road", "anaphor", "anaphor_after", "period", "survival", "won_by", "concluded", "concluded_near", "clause_while", "clause_also", "present_frame", "continuity", "counted", "another", "toll_cause", "accompanying", "short_period", "years_of", "after_frame", "store", "made", "found", "documented", "speaker_site", "raise", "purpose_noun", "elaboration", "since_frame", "seat", "teller", "elaboration_pronoun", "place_preposition", "tally_places"}
)


# Cue classes looked up as sets of words by the events stage (cue_words), not searched in the text.
WORD_CLASSES = frozenset({"won_by", "context", "frame", "countryside", "admin_unit", "span", "reference", "origin", "speaker", "road",
                          "counted", "operations", "carrying", "happened", "negated_through", "disruption", "foiled", "count_source", "compared_period", "disruption_link", "attack_verb", "toll_cause", "short_period", "after_frame",
                          "store", "made", "found", "documented", "speaker_site", "purpose_noun", "since_frame", "elaboration", "seat", "teller", "elaboration_pronoun", "place_preposition"})
# ... of which these are kept by their matching key (without the article: "الواقعة" and "واقعة" are one)
KEYED_WORD_CLASSES = frozenset({"context", "reference", "origin", "speaker", "road", "operations", "disruption", "store", "made", "found"})


@functools.lru_cache(maxsize=None)
def cue_words(cls: str) -> frozenset[str]:
    """Folded single words of a cue class of :data:`WORD_CLASSES` (``data/event_cues.tsv``)."""
    return frozenset(phrase_key(r["phrase"])[0] if cls in KEYED_WORD_CLASSES else fold(r["phrase"])
                     for r in read_tsv("event_cues.tsv") if r["class"] == cls)


@dataclass(frozen=True)
class _Entry:
    phrase: str
    cls: str
    strong: bool


class Cue(NamedTuple):
    """A cue word found in the text (offsets into ``doc.norm``, or into ``doc.text`` once converted)."""

    start: int
    end: int
    cls: str
    phrase: str


@functools.lru_cache(maxsize=1)
def _trigger_matcher() -> PhraseMatcher[_Entry]:
    return PhraseMatcher(
        (row["phrase"], _Entry(row["phrase"], row["class"], row["strength"] == "strong")) for row in read_tsv("triggers.tsv")
    )


def trigger_matcher() -> PhraseMatcher[_Entry]:
    """The trigger lexicon's matcher (built once; the pipeline joins it to its one scan per article)."""
    return _trigger_matcher()


@functools.lru_cache(maxsize=1)
def _cue_matcher() -> PhraseMatcher[str]:
    # "context" and "road" words (and the cause words of an updated toll, "في" among them) are looked up as sets
    # by the events stage, not searched for in the text
    return PhraseMatcher(
        (row["phrase"], row["class"]) for row in read_tsv("event_cues.tsv")
        if row["class"] not in ("context", "road", "won_by", "counted", "toll_cause", "short_period", "after_frame", "store", "made", "found", "documented", "speaker_site", "purpose_noun", "since_frame", "elaboration", "seat", "teller", "elaboration_pronoun", "place_preposition")
    )


def find_triggers(doc: Document, res=None) -> Document:
    """Add ``doc.triggers``."""
    triggers: list[Trigger] = []
    # a trigger right after a name head ("مدرسة", "مناطق"), with only white space between, is part of
    # the name: where the text goes on after the last head (its first non-space character at or after
    # the head's end), found once per head instead of a slice of the text per trigger after it
    head_next = -1
    norm = doc.norm
    text = doc.text
    fields = _trigger_fields()
    for hit in _trigger_matcher().find(norm):
        entry: _Entry = hit.value
        cls = entry.cls
        if cls == NAME_HEAD:
            after = _NON_SPACE.search(norm, hit.end)
            head_next = after.start() if after else len(norm)
            continue
        if cls == "none" or hit.start <= head_next:
            continue
        if cls in STORED_WEAPON_CLASSES and made_or_stored(norm, hit.start):
            continue  # "مقرا لتصنيع العبوات الناسفة": a weapon made or stored, no attack
        start, end = doc.text_span(hit.start, hit.end)
        event_type, rank = fields[cls]
        triggers.append(Trigger(start, end, text[start:end], event_type, cls, entry.phrase, rank, entry.strong))
    doc.triggers = triggers
    return doc


# the first character that is not white space (what ``str.strip`` strips)
_NON_SPACE = re.compile(r"\S")


@functools.lru_cache(maxsize=1)
def _trigger_fields() -> dict[str, tuple[str, int]]:
    """The event type (empty for the classes :data:`RESOLVED_LATER`) and rank a trigger of each class
    gets, by class."""
    return {cls: (event_type_of(cls) if cls not in RESOLVED_LATER else "", rank_of(cls))
            for cls in TRIGGER_CLASSES - {"none", NAME_HEAD}}


def find_cues(norm: str, start: int = 0, end: Optional[int] = None, offsets=None) -> list[Cue]:
    """Cue words in folded text (or in ``norm[start:end]``, offsets still into ``norm``); a word
    may carry several classes, so overlaps are kept. With ``offsets`` (a map of ``norm`` offsets,
    such as ``doc.norm_offsets``) the cues' offsets are ``offsets[...]`` of theirs."""
    part = norm[start:end] if (start or end is not None) else norm
    # (a sentence has dozens of cues: made as Cues at once, in text order, see PhraseMatcher.spans)
    return _cue_matcher().spans(part, Cue, start, offsets)


# The classes of a weapon noun that may be made, stored or held ("لتصنيع العبوات الناسفة", "مستودع للقذائف").
STORED_WEAPON_CLASSES = frozenset({"Remote explosive/landmine/IED", "Shelling/artillery/missile attack", "Chemical weapon",
                                   "Suicide bomb", "Grenade"})
# How many words a store's description may take between the store and the bombs it holds ("مستودع لصناعة وتخزين
# القذائف المتفجرة والعبوات الناسفة"), how much text before the bombs is read for it, and how many words before the
# store the word that found or seized it may stand (the verb, then its subject: "ضبطت قوات الأمن اليوم معملا").
STORE_REACH = 5
STORE_CHARS = 90
STORE_VERB_REACH = 4


def _folded_words(norm: str, start: int, end: int) -> list[str]:
    """The words of ``norm[start:end]`` (already folded), each without the punctuation at its ends."""
    return [w.strip(WORD_PUNCT) for w in norm[max(0, start):end].split()]


def _store_key(word: str) -> str:
    """A folded word as the ``store`` and ``made`` cue words are kept: keyed, without "و"/"ل"/"ب" before it and the
    accusative alef after it ("لتصنيع" -> "تصنيع", "مستودعا" -> "مستودع")."""
    for letters in (proclitics("and"), proclitics("noun_prepositions")):
        word = strip_proclitic(word, letters, 3)
    key = phrase_key(word)[0]
    return key[:-1] if key.endswith("ا") and len(key) > 4 else key


def found_in_store(norm: str, at: int) -> bool:
    """The weapon named at ``at`` of the folded text is held in a store or a workshop (``store`` of
    event_cues.tsv) or was being made (``made``), and a word that finds or seizes (``found``) stands before that
    ("العثور على مستودع لصناعة وتخزين القذائف والعبوات الناسفة", "ضبطت قوات الأمن معملا لتفخيخ السيارات والعبوات"):
    found, it went off nowhere (Disrupted weapons use)."""
    words = _folded_words(norm, at - STORE_CHARS, at)
    if words and words[-1] in proclitics("and"):
        words = words[:-1]  # the "و" of "والعبوات"
    held = cue_words("store") | cue_words("made")
    links = cue_words("disruption_link")
    for k in range(len(words) - 1, max(-1, len(words) - 1 - STORE_REACH), -1):
        if _store_key(words[k]) in held:
            while k > 0 and (_store_key(words[k - 1]) in held or words[k - 1] in links):
                k -= 1  # "مستودع لصناعة", "العثور على"
            return word_before(words[:k], cue_words("found"))
    return False


def word_before(words: list[str], listed: frozenset[str]) -> bool:
    """A word of ``listed`` (keyed cue words) among the last :data:`STORE_VERB_REACH` of ``words``, with no "و"
    opening a word after it: a verb, then its subject ("ضبطت قوات الأمن اليوم"; not "دمرت دبابة وانفجار")."""
    for word in reversed(words[-STORE_VERB_REACH:]):
        if phrase_key(word)[0] in listed or phrase_key(strip_proclitic(word, proclitics("and"), 3))[0] in listed:
            return True
        if word[:1] in proclitics("and") and len(word) > 2:
            return False  # another clause
    return False


def made_or_stored(norm: str, at: int) -> bool:
    """The weapon noun at ``at`` of the folded text is what is made, stored or held, right after the word that
    says so (``made``, or a ``store`` before a weapon with "ل": "مقرا لتصنيع العبوات الناسفة", "لإنتاج الأسلحة
    الكيميائية", "مستودع للعبوات"): it names no attack, unless the store was found or seized
    (:func:`found_in_store`)."""
    words = _folded_words(norm, at - 30, at)
    if not words:
        return False
    before = _store_key(words[-1])
    made = before in cue_words("made") or (before in cue_words("store") and norm[at:at + 1] == "ل")
    return made and not found_in_store(norm, at)
