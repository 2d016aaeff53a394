"""Implausible records: the rule set of ``data/suspect_rules.yaml``.

:func:`suspect_reasons` gives the reasons a record is implausible (a death toll of 500 or more
in one record, deaths in a peaceful protest, a national or regional tally coded as one event,
...), ``"; "``-separated, or ``""``. The store flags such a record ``suspect`` while nobody has
reviewed it: it is listed, filterable and exported (with a ``suspect`` column), first in the
review queue, and left out of totals, statistics and charts until a reviewer confirms or
corrects it. The flag is computed when records are read, never stored, so editing the rules
takes effect at once.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Optional

from ..bounds import safe_fatalities
from ..errors import MarsadError
from ..resources import read_yaml

CONDITIONS = ("fatalities_min", "sub_event_types", "event_types", "geo_precision_min", "place_level")
PLACE_LEVELS = ("country", "region")


class SuspectRulesError(MarsadError):
    """The rules file is malformed."""


@dataclass(frozen=True)
class SuspectRule:
    id: str
    reason: str
    fatalities_min: Optional[int] = None
    sub_event_types: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    geo_precision_min: Optional[int] = None
    place_level: str = ""

    def applies(self, f: dict[str, Any]) -> bool:
        if self.fatalities_min is not None and int(f.get("fatalities") or 0) < self.fatalities_min:
            return False
        if self.sub_event_types and f.get("sub_event_type") not in self.sub_event_types:
            return False
        if self.event_types and f.get("event_type") not in self.event_types:
            return False
        precision = int(f.get("geo_precision") or 1)
        if self.geo_precision_min is not None and precision < self.geo_precision_min:
            return False
        location = (f.get("location") or "").strip().casefold()
        if self.place_level == "country":
            if location and location != (f.get("country") or "").strip().casefold():
                return False
        elif self.place_level == "region":
            admin1 = (f.get("admin1") or "").strip().casefold()
            if not location or location == (f.get("country") or "").strip().casefold():
                return False  # a country-level place is the country rule's
            if not (precision >= 3 or location == admin1):
                return False
        return True


def parse_rules(data: Any) -> tuple[SuspectRule, ...]:
    """The rules of the YAML file's contents; raises :class:`SuspectRulesError`."""
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise SuspectRulesError("suspect rules: a mapping with a 'rules' list is expected")
    rules = []
    seen = set()
    for n, item in enumerate(data["rules"], 1):
        if not isinstance(item, dict) or not item.get("id") or not item.get("reason"):
            raise SuspectRulesError(f"suspect rule {n}: needs an 'id' and a 'reason'")
        unknown = set(item) - {"id", "reason", *CONDITIONS}
        if unknown:
            raise SuspectRulesError(f"suspect rule {item['id']}: unknown keys {', '.join(sorted(unknown))}")
        if not set(item) & set(CONDITIONS):
            raise SuspectRulesError(f"suspect rule {item['id']}: no condition")
        if item["id"] in seen:
            raise SuspectRulesError(f"suspect rule {item['id']}: id used twice")
        seen.add(item["id"])
        level = item.get("place_level", "")
        if level and level not in PLACE_LEVELS:
            raise SuspectRulesError(f"suspect rule {item['id']}: place_level must be one of {', '.join(PLACE_LEVELS)}")
        try:
            rules.append(SuspectRule(
                id=str(item["id"]), reason=str(item["reason"]),
                fatalities_min=None if item.get("fatalities_min") is None else int(item["fatalities_min"]),
                sub_event_types=tuple(item.get("sub_event_types") or ()),
                event_types=tuple(item.get("event_types") or ()),
                geo_precision_min=None if item.get("geo_precision_min") is None else int(item["geo_precision_min"]),
                place_level=level,
            ))
        except (TypeError, ValueError) as exc:
            raise SuspectRulesError(f"suspect rule {item['id']}: {exc}") from exc
    return tuple(rules)


@functools.lru_cache(maxsize=1)
def suspect_rules() -> tuple[SuspectRule, ...]:
    """The packaged rules (``data/suspect_rules.yaml``)."""
    return parse_rules(read_yaml("suspect_rules.yaml"))


_FLOOR: list = [None, None]  # the rules the floor was read from, and the floor


def _fatalities_floor(rules: tuple[SuspectRule, ...]) -> Optional[int]:
    """The least toll any of ``rules`` applies to (None when a rule has no toll condition)."""
    if _FLOOR[0] is not rules:
        mins = [rule.fatalities_min for rule in rules]
        _FLOOR[:] = [rules, None if not mins or None in mins else min(mins)]
    return _FLOOR[1]


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        return ""


def suspect_reasons(record: Any) -> str:
    """Why the record (an :class:`EventRecord` or a dict of its fields) is implausible, ``"; "``-
    separated; ``""`` when no rule applies."""
    rules = suspect_rules()
    floor = _fatalities_floor(rules)
    if floor is not None:
        # every rule asks for a toll of at least ``floor``: a record with fewer deaths (most records
        # have none) is told at once, without reading its other fields
        value = record.get("fatalities") if isinstance(record, dict) else getattr(record, "fatalities", "")
        if type(value) is int and 0 <= value < floor:
            return ""
    if isinstance(record, dict):
        fields = _Fields(record)
    else:
        fields = _Fields({name: getattr(record, name, "") for name in (
            "fatalities", "sub_event_type", "event_type", "geo_precision", "location", "country", "admin1")})
    # A malformed stored value (an older version's, a hand edit's) is read as the nearest sane
    # one, never an error: a read of the store must not fail (marsad.bounds).
    raw = fields.get("fatalities")
    # (a whole toll is told as it is, beyond the bound too: "350000 deaths in one record", not the bound's 100000)
    fields["fatalities"] = raw if type(raw) is int and raw >= 0 else safe_fatalities(raw)
    precision = fields.get("geo_precision")
    fields["geo_precision"] = precision if isinstance(precision, int) and 1 <= precision <= 3 else 1
    for name in ("sub_event_type", "event_type", "location", "country", "admin1"):
        if not isinstance(fields.get(name), str):
            fields[name] = ""
    reasons = [rule.reason.format_map(fields) for rule in rules if rule.applies(fields)]
    return "; ".join(reasons)


def suspect_sql(fatalities: Any, sub_event_type: Any, event_type: Any, geo_precision: Any, location: Any,
                country: Any, admin1: Any) -> str:
    """:func:`suspect_reasons` with positional arguments, for an SQLite function."""
    return suspect_reasons({
        "fatalities": fatalities, "sub_event_type": sub_event_type, "event_type": event_type,
        "geo_precision": geo_precision, "location": location, "country": country, "admin1": admin1,
    })
