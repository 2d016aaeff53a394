"""Stage: organised actors named in the text (codebook §6).

The actor table is ``data/actors.tsv``: canonical names with their neutral Arabic names, loaded
terms and short forms. A mention keeps every canonical name its words can stand for; the event
stage resolves it against the event's country and date with :func:`resolve` ("داعش" in Iraq is
``Islamic State (Iraq)``; "الجيش السوري" in 2025 is ``Military Forces of Syria (2024-)``).
Short forms ("التنظيم", "الهيئة") count only after a full name of the same actor earlier in the
article, and then stand for the most recently named one. Person names are never actors.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Optional

from ..document import ActorMention, Document
from .lexicon import PhraseMatcher
from ..resources import read_tsv, split_list


@dataclass(frozen=True)
class Actor:
    name: str
    actor_type: str
    country: str
    role: str
    valid_from: Optional[date]
    valid_to: Optional[date]
    inter_code: int

    @property
    def family(self) -> str:
        """Names that stand for the same actor in other countries or periods share a family."""
        return self.role or self.name

    def valid_on(self, day: Optional[date]) -> bool:
        if day is None:
            return True
        if self.valid_from and day < self.valid_from:
            return False
        if self.valid_to and day > self.valid_to:
            return False
        return True


@dataclass(frozen=True)
class _Term:
    names: tuple[str, ...]  # canonical names this term can stand for
    kind: str  # "name", "loaded", "short" or "state"
    # the families of ``names`` and the family of the first one (looked up once, when the matcher is built)
    families: frozenset = field(default=frozenset(), compare=False)
    family: str = field(default="", compare=False)
    # a short form's families, in the order a set of them made from ``names`` gives (its antecedent is the
    # family named last; between families named by one mention, the first in this order)
    short_families: tuple = field(default=(), compare=False)


def _day(value: str) -> Optional[date]:
    return date.fromisoformat(value) if value else None


@functools.lru_cache(maxsize=1)
def actor_table() -> dict[str, Actor]:
    """Canonical actors by name, from ``data/actors.tsv``."""
    inter = {row["actor_type"]: int(row["inter_code"]) for row in read_tsv("actor_types.tsv")}
    table: dict[str, Actor] = {}
    for row in read_tsv("actors.tsv"):
        table[row["name"]] = Actor(
            name=row["name"],
            actor_type=row["actor_type"],
            country=row["country"],
            role=row["role"],
            valid_from=_day(row["valid_from"]),
            valid_to=_day(row["valid_to"]),
            inter_code=inter[row["actor_type"]],
        )
    return table


@functools.lru_cache(maxsize=None)
def names_of_family(family: str) -> tuple[str, ...]:
    """Every canonical name of a family ("islamic-state" -> both Islamic State names)."""
    return tuple(a.name for a in actor_table().values() if a.family == family)


# the columns of data/actors.tsv that hold terms, with the kind of term each holds
_TERM_COLUMNS = (("name", "arabic_names"), ("loaded", "loaded_terms"), ("short", "short_forms"),
                 ("state", "state_names"))


@functools.lru_cache(maxsize=1)
def _matcher() -> PhraseMatcher[_Term]:
    # (built at the start of every run: names kept in dictionaries, which drop repeats in one look-up,
    # the families of the names looked up once, and one term made per distinct set of names and kind)
    grouped: dict[tuple[str, str], dict[str, None]] = {}  # (form, kind) -> names, in order, once each
    for row in read_tsv("actors.tsv"):
        name = row["name"]
        for kind, column in _TERM_COLUMNS:
            for term in split_list(row[column]):
                for form in surface_variants(term):
                    names = grouped.get((form, kind))
                    if names is None:
                        grouped[(form, kind)] = {name: None}
                    else:
                        names[name] = None
    listed = {form for form, _kind in grouped}
    for form, name in force_names():
        if form not in listed:  # (a form data/actors.tsv lists already keeps its actor)
            grouped.setdefault((form, "name"), {})[name] = None
    family_of = {name: actor.family for name, actor in actor_table().items()}
    terms: dict[tuple, _Term] = {}
    entries = []
    for (form, kind), names in grouped.items():
        key = (tuple(names), kind)
        term = terms.get(key)
        if term is None:
            families = [family_of[n] for n in key[0]]
            term = terms[key] = _Term(key[0], kind, frozenset(families), families[0],
                                      tuple(set(families)) if kind == "short" else ())
        entries.append((form, term))
    return PhraseMatcher(entries)


def force_names() -> list[tuple[str, str]]:
    """(form, canonical name) of every force noun of data/force_nouns.tsv with every nationality of
    data/actor_nationalities.tsv after it, indefinite and definite ("دبابات تركية", "الدبابات التركية"), in each
    spelling (:func:`surface_variants`): a state's forces named by their nationality."""
    nouns = [(row["noun"].split(), row["agreement"]) for row in read_tsv("force_nouns.tsv")]
    out = []
    for row in read_tsv("actor_nationalities.tsv"):
        for words, agreement in nouns:
            adjective = row["feminine"] if agreement == "f" else row["masculine"]
            for term in (" ".join(words + [adjective]), " ".join("ال" + w for w in words + [adjective])):
                out.extend((form, row["name"]) for form in surface_variants(term))
    return out


def actor_matcher() -> PhraseMatcher[_Term]:
    """The actor lexicon's matcher (built once; the pipeline joins it to its one scan per article)."""
    return _matcher()


@functools.lru_cache(maxsize=1)
def _spellings() -> dict[str, tuple[str, ...]]:
    """Words with other spellings inside actor names, both ways (data/actor_variants.tsv): each word with
    the words or phrases that may stand for it, in the file's order."""
    out: dict[str, dict[str, None]] = {}
    for row in read_tsv("actor_variants.tsv"):
        out.setdefault(row["form"], {})[row["other"]] = None
        out.setdefault(row["other"], {})[row["form"]] = None
    return {word: tuple(others) for word, others in out.items()}


def surface_variants(term: str) -> list[str]:
    """``term`` and the other ways it is spelt: each word with another spelling swapped in turn
    ("مليشيات الأسد" for "ميليشيات الأسد", "القوات الأميركية" for "القوات الأمريكية", "قوات بشار الأسد"
    for "قوات الأسد")."""
    spellings = _spellings()
    words = term.split()
    if spellings.keys().isdisjoint(words):
        return [term]  # (most terms: no word with a second spelling, found in one C call)
    out = [term]
    for i, word in enumerate(words):
        for other in spellings.get(word, ()):
            out.append(" ".join(words[:i] + [other] + words[i + 1:]))
    return list(dict.fromkeys(out))


def find_actors(doc: Document, res=None) -> Document:
    """Add ``doc.actors``: actor mentions with their candidate canonical names."""
    table = actor_table()
    mentions: list[ActorMention] = []
    last_seen: dict[str, int] = {}  # family -> folded offset of its latest full-name mention
    text = doc.text
    for hit in _matcher().find(doc.norm):
        term: _Term = hit.value
        kind = term.kind
        if kind == "short":
            # (the families of the term's names, in the order of a set of them: see _Term)
            seen = [f for f in term.short_families if f in last_seen]
            if not seen:
                continue  # a short form with no antecedent stands for nobody
            family = max(seen, key=last_seen.__getitem__)
            # every name of that family, so the event's country and date still decide
            names = list(names_of_family(family))
            family = table[names[0]].family
        else:
            names = list(term.names)
            for f in term.families:
                last_seen[f] = hit.start
            family = term.family
        start, end = doc.text_span(hit.start, hit.end)
        mentions.append(ActorMention(start, end, text[start:end], family, names, kind == "loaded", kind))
    doc.actors = mentions
    return doc


def resolve(candidates: list[str], country: str = "", day: Optional[date] = None) -> str:
    """The canonical name among ``candidates`` for an event in ``country`` on ``day``.

    Country-qualified names follow the event's country; period-dated names follow its date.
    """
    # (the events stage asks about ten times an article, mostly questions asked before: the answers
    # are remembered for the actor table they were worked out from, which a reload replaces)
    global _RESOLVED
    table = actor_table()
    if _RESOLVED[0] is not table:
        _RESOLVED = (table, {})
    answers = _RESOLVED[1]
    key = (tuple(candidates), country, day)
    name = answers.get(key)
    if name is None:
        if len(answers) >= _RESOLVED_SIZE:
            answers.clear()  # (a bound on memory: a long run meets ever new dates)
        name = answers[key] = _resolve(candidates, country, day)
    return name


#: (the actor table, the answers of :func:`resolve` worked out from it)
_RESOLVED: tuple[Any, dict[tuple, str]] = (None, {})
_RESOLVED_SIZE = 20000


def _resolve(candidates: list[str], country: str, day: Optional[date]) -> str:
    """:func:`resolve`, worked out."""
    table = actor_table()
    if len(candidates) == 1 and candidates[0] in table and table[candidates[0]].valid_on(day):
        return table[candidates[0]].name  # (one name, valid that day: what the general path gives)
    pool = [table[n] for n in candidates if n in table]
    if not pool:
        return candidates[0] if candidates else ""
    if country:
        local = [a for a in pool if a.country == country]
        if local:
            pool = local
    dated = [a for a in pool if a.valid_on(day)]
    if not dated and day is not None:
        # a period-dated name follows the event's date: "قوات النظام" in an event after the army of the
        # period it names ceased to exist is its family's name for that date ("Military Forces of Syria")
        dated = [table[n] for a in pool if a.role for n in names_of_family(a.family)
                 if table[n].valid_on(day) and (table[n].country == a.country)]
    return (dated or pool)[0].name


def inter_code(name: str) -> int:
    """ACLED interaction code of a canonical actor (0 when unknown)."""
    actor = actor_table().get(name)
    return actor.inter_code if actor else 0


def actor_type(name: str) -> str:
    actor = actor_table().get(name)
    return actor.actor_type if actor else ""


_PAREN = re.compile(r"\s*\([^)]*\)\s*$")


def base_name(name: str) -> str:
    """``Islamic State (Syria)`` -> ``Islamic State``."""
    return _PAREN.sub("", name)
