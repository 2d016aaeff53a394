"""The English note of a record, and the one spelling of each province (admin1).

:func:`english_note` writes one English sentence from the coded fields alone and the phrase
table ``data/note_phrases.tsv`` (one row per sub-event type), so that a reviewer who reads no
Arabic can check a record, and ACLED users find a description in the CSV's ``notes`` column:

>>> english_note(record)   # the seed article's Tabqa raid
'On 25 January 2023, QSD: Syrian Democratic Forces with Asayish conducted a security operation
against Islamic State (Syria) in Tabqa, Ar-Raqqa; no fatalities reported.'

:func:`admin1_name` gives the spelling marsad uses for a province (``data/place_admin1.tsv``)
from any spelling listed in ``data/admin1_aliases.tsv`` ("Raqqa", "Al-Raqqa" -> "Ar-Raqqa"):
filters, charts, listings and notes use it.

:func:`loaded_tags` writes ACLED's ``tags`` from a record's ``loaded_terms``: the loaded words the
source used for its actors ("source calls Islamic State (Syria) مرتزقة داعش").
"""
from __future__ import annotations

import functools
import operator
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..resources import read_tsv

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


@dataclass(frozen=True)
class Phrase:
    verb: str
    target: str
    noun: str


@functools.lru_cache(maxsize=1)
def note_phrases() -> dict[str, Phrase]:
    """Phrases by sub-event type (``data/note_phrases.tsv``)."""
    return {r["sub_event_type"]: Phrase(r["verb"], r["target"], r["noun"]) for r in read_tsv("note_phrases.tsv")}


def _admin1_key(name: str) -> str:
    return re.sub(r"[\s\-'’ʼ`_]+", "", (name or "").casefold())


@functools.lru_cache(maxsize=1)
def _admin1_table() -> dict[str, str]:
    table = {_admin1_key(r["name_en"]): r["name_en"] for r in read_tsv("place_admin1.tsv")}
    for row in read_tsv("admin1_aliases.tsv"):
        table[_admin1_key(row["alias"])] = row["name"]
    return table


@functools.lru_cache(maxsize=4096)
def admin1_name(name: str) -> str:
    """The spelling marsad uses for the province ``name`` (unchanged when not listed)."""
    if not name:
        return name or ""
    return _admin1_table().get(_admin1_key(name), name.strip())


def _short(actor: str) -> str:
    """"Asayish: North and East Syria ..." -> "Asayish" (an associate's short form)."""
    head, sep, _ = actor.partition(": ")
    return head if sep and head else actor


def _date_phrase(event_date: str, precision: int) -> str:
    try:
        day = date.fromisoformat(event_date)
    except (TypeError, ValueError):
        return "On an unknown date"
    month = f"{MONTHS[day.month - 1]} {day.year}"
    if precision >= 3:
        return f"In {month}"
    if precision == 2:
        return f"In the week of {day.day} {month}"
    return f"On {day.day} {month}"


_date_phrases = functools.lru_cache(maxsize=1024)(_date_phrase)  # the records of an article share dates


def _dated(event_date: Any, precision: int) -> str:
    """:func:`_date_phrase`, remembered."""
    try:
        return _date_phrases(event_date, precision)
    except TypeError:  # an unhashable value (a malformed row): not remembered
        return _date_phrase(event_date, precision)


def _fatalities_phrase(n: int) -> str:
    if not n:
        return "no fatalities reported"
    return f"{n} fatalit{'y' if n == 1 else 'ies'} reported"


#: The fields the English note reads, with the value of a field a record lacks.
_NOTE_FIELDS = (("sub_event_type", ""), ("event_type", ""), ("actor1", ""), ("actor2", ""), ("assoc_actor_1", ""),
                ("event_date", ""), ("time_precision", 1), ("admin1", ""), ("location", ""), ("country", ""),
                ("geo_precision", 1), ("fatalities", 0))
_note_values = operator.attrgetter(*(name for name, _ in _NOTE_FIELDS))


def english_note(record: Any, outlet: str = "") -> str:
    """One English sentence from the record's coded fields (an :class:`EventRecord` or a dict of
    its fields); ``outlet``, when given, is named at the end ("Reported by Hawar.")."""
    # the fields read at once (a record has them all), not with a Python call each: a fifth of writing a record
    if isinstance(record, dict):
        values = [record.get(name, default) for name, default in _NOTE_FIELDS]
    else:
        try:
            values = _note_values(record)
        except AttributeError:
            values = [getattr(record, name, default) for name, default in _NOTE_FIELDS]
    (sub, event_type, actor1, actor2, assoc_actor_1, event_date, time_precision, admin1, location, country,
     geo_precision, fatalities) = values
    sub = (sub or "").strip()
    phrase = note_phrases().get(sub)
    if phrase is None:
        what = (sub or event_type or "event").strip()
        article = "an" if what[:1].lower() in "aeiou" else "a"
        phrase = Phrase(f"were involved in {article} {what[:1].lower()}{what[1:]}", "", f"{article} {what[:1].lower()}{what[1:]}")
    actor1 = (actor1 or "").strip()
    actor2 = (actor2 or "").strip()
    assoc = [_short(a.strip()) for a in (assoc_actor_1 or "").split(";") if a.strip()]
    parts = [_dated(event_date, int(time_precision or 1)), ", "]
    if actor1:
        parts.append(actor1)
        if assoc:
            parts.append(" with " + " and ".join(assoc))
        parts.append(" " + phrase.verb)
        if actor2:
            parts.append(f" {phrase.target} {actor2}" if phrase.target else f" {actor2}")
    else:
        parts.append(phrase.noun)
        if actor2:
            parts.append(f" {phrase.target} {actor2}" if phrase.target else f" involving {actor2}")
        parts.append(" was reported")
    admin1 = admin1_name(admin1 or "")
    place = [p for p in dict.fromkeys([(location or "").strip(), admin1]) if p]
    if not place and country:
        place = [country]
    if place:
        near = int(geo_precision or 1) == 2
        parts.append((" near " if near else " in ") + ", ".join(place))
    parts.append("; " + _fatalities_phrase(int(fatalities or 0)) + ".")
    if outlet:
        parts.append(f" Reported by {outlet}.")
    return "".join(parts)


def loaded_tags(loaded_terms: str) -> str:
    """ACLED's ``tags`` of a record's ``loaded_terms``: what the source calls its actors,
    "source calls Islamic State (Syria) مرتزقة داعش", ``; ``-separated (empty when none)."""
    tags = []
    for pair in (loaded_terms or "").split("; "):
        name, sep, term = pair.rpartition(": ")
        if sep and name.strip() and term.strip():
            tags.append(f"source calls {name.strip()} {term.strip()}")
    return "; ".join(tags)
