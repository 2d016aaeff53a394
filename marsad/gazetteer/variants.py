"""Generated spelling variants of place names (rules in ``place_spelling_variants.tsv``).

The builder applies every rule to every Arabic-script name of every place and adds a variant as an
alias of its place only when it is unique over the whole gazetteer: no place has it as a name (with
or without the article, or as a joined/split variant of :func:`~marsad.gazetteer.names.key_variants`),
no other place generates it, and it is not a ``place_stoplist.tsv`` word.
"""
from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from .names import ARTICLE, core_of, is_arabic_script, key_variants, name_key, script_lang

# Names shorter than this (folded letters) are never varied: short words collide with ordinary ones.
MIN_LETTERS = 4
# Kinds whose names are varied (sites, regions and admin units are written as their sources write them).
VARIED_KINDS = frozenset({"village", "town", "city", "neighbourhood"})


@dataclass(frozen=True)
class VariantRule:
    name: str
    pattern: re.Pattern
    replace: str

    def apply(self, key: str) -> str:
        """The variant of one-word ``key``, or ``""`` when the rule does not apply."""
        if " " in key or len(key) < MIN_LETTERS:
            return ""
        out, n = self.pattern.subn(self.replace, key)
        return out if n and out != key else ""


@functools.lru_cache(maxsize=1)
def variant_rules() -> tuple[VariantRule, ...]:
    from ..resources import read_tsv

    return tuple(VariantRule(row["rule"], re.compile(row["pattern"]), row["replace"])
                 for row in read_tsv("place_spelling_variants.tsv"))


@functools.lru_cache(maxsize=1)
def stoplist_keys() -> frozenset[str]:
    from ..resources import read_tsv

    out = set()
    for row in read_tsv("place_stoplist.tsv"):
        key = name_key(row["name"])
        out.add(key)
        out.add(core_of(key) or ARTICLE + key)
    return frozenset(out)


def _forms(key: str) -> set[str]:
    """``key`` as text may write it: itself, with/without the article, joined/split."""
    out = {key, core_of(key) or ARTICLE + key}
    for k in list(out):
        out |= key_variants(k)
    out.discard("")
    return out


def generate_variants(names_by_place: dict[str, Iterable[str]], kinds: dict[str, str],
                      rules: Iterable[VariantRule] = ()) -> dict[str, list[tuple[str, str]]]:
    """Place id -> [(variant key, rule name)] for the unique variants of its Arabic names.

    ``names_by_place``: the Arabic-script names of every place (all of them: collisions are measured
    against every name); ``kinds``: place id -> kind (only ``VARIED_KINDS`` are varied).
    """
    rules = tuple(rules) or variant_rules()
    taken: set[str] = set()
    keys_by_place: dict[str, set[str]] = {}
    arabic_by_place: dict[str, set[str]] = {}
    for pid, names in names_by_place.items():
        keys = {name_key(n) for n in names if is_arabic_script(n)}
        arabic = {k for k in keys if script_lang(k) == "ar"}  # Kurdish spelling is not varied
        keys.discard("")
        keys_by_place[pid] = keys
        arabic_by_place[pid] = arabic
        for key in keys:
            taken |= _forms(key)
    taken |= stoplist_keys()
    made: dict[str, dict[str, str]] = defaultdict(dict)  # variant -> place id -> rule
    for pid, keys in keys_by_place.items():
        if kinds.get(pid) not in VARIED_KINDS:
            continue
        for key in arabic_by_place[pid]:
            for rule in rules:
                variant = rule.apply(key)
                if variant:
                    made[variant].setdefault(pid, rule.name)
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for variant, by_place in made.items():
        if len(by_place) != 1 or _forms(variant) & taken:
            continue
        (pid, rule), = by_place.items()
        out[pid].append((variant, rule))
    return dict(out)
