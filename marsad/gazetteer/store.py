"""The gazetteer as the pipeline uses it: places in memory, names folded, one matching automaton.

A gazetteer file is SQLite with three tables::

    places(id, name, name_ar, latitude, longitude, country, country_code, admin1, admin2,
           kind, population, parent, codeable, source)
    names(key, place_id, lang, is_alias, name)      -- key: name_key(name), see names.py
    meta(key, value)                                 -- schema_version, sources, attribution, ...

:meth:`Gazetteer.from_file` reads it whole (a few MB, well under a second); the Aho-Corasick
automaton over the Arabic-script names is built on first use.
"""
from __future__ import annotations

import marshal
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Union

from ..document import Place
from ..errors import MarsadError
from .names import MIN_BARE_LETTERS, ARTICLE, core_of, direction_words, is_arabic_script, key_variants, name_key
from ..geo import km, km_between

#: version of the gazetteer file's tables, which the builder writes and this reader checks
SCHEMA_VERSION = "1"


class GazetteerError(MarsadError):
    """A gazetteer file is missing, unreadable, or of another schema version."""


@dataclass(frozen=True)
class NameEntry:
    """One name of one place."""

    place_id: str
    lang: str
    is_alias: bool
    name: str  # as the source writes it


@dataclass(frozen=True)
class AutomatonValue:
    """What a key found in text stands for.

    ``full_ids``: places with this name (or a spelling variant of it); ``core_ids``: places whose
    name is the article plus ``key`` (without its ``لل``): text writes ل + ال as لل ("للرقة" = ل + الرقة),
    so the automaton holds "للرقه" for الرقة.
    """

    key: str
    full_ids: tuple[str, ...]
    core_ids: tuple[str, ...]
    has_article: bool


# Kinds whose "X الشرقي" may be written X (see _build_automaton).
_BARE_KINDS = frozenset({"village", "town", "neighbourhood"})

# How text writes the preposition ل before a name with the article: "للرقة".
CORE_PREFIX = "لل"

# Only names this long (in folded letters, spaces excluded) are matched in text: shorter ones
# ("تل", "حي") are ordinary words far more often than places.
MIN_MATCH_LETTERS = 3


_PLACE_FIELDS = tuple(f.name for f in fields(Place))  # Place(*row) rebuilds a place

#: A key that never matches (text searched is boundary text: word characters and spaces, no NUL), added
#: to an automaton before its names so that its root's first child is a space. pyahocorasick looks a
#: node's children up one by one in the order they were added: without it each space of the text (a
#: sixth of it) that brings the search back to the root is compared with all the root's 50-odd first
#: letters before failing; with it, once. The names found are the same (Aho-Corasick reports every key
#: that ends at each position, whatever the order of a node's children).
SPACE_LEAD_KEY = " \x00"


class Gazetteer:
    """Places and their names, with lookups and the automaton the places stage matches with."""

    def __init__(self, places: Iterable[Place], names: Iterable[tuple[str, NameEntry]],
                 meta: Optional[dict[str, str]] = None, path: str = ""):
        self.places: dict[str, Place] = {p.id: p for p in places}
        self._names: Optional[dict[str, list[NameEntry]]] = {}
        self._names_blob: bytes = b""
        for key, entry in names:
            if entry.place_id in self.places:
                self._names.setdefault(key, []).append(entry)
        self.meta = dict(meta or {})
        self.path = path
        self._automata: dict[frozenset, object] = {}
        self._joining: dict[frozenset, frozenset] = {}
        self._places_of: dict[tuple[str, ...], tuple[Place, ...]] = {}
        # caches the stages keep per gazetteer (what they compute from places alone, e.g. ranking priors)
        self.memo: dict = {}
        self._governorates: Optional[dict[tuple[str, str], Place]] = None
        self._countries: Optional[dict[str, Place]] = None
        # where to keep this gazetteer once its automaton is built (marsad.gazetteer.prepared)
        self.prepared_to: Optional[Path] = None

    @property
    def names(self) -> dict[str, list[NameEntry]]:
        """Name key -> the names of places with that key. A prepared gazetteer (unpickled) decodes
        them on first use: the pipeline never needs them once the automaton is built."""
        if self._names is None:
            self._names = {key: [NameEntry(*e) for e in entries] for key, entries in marshal.loads(self._names_blob)}
            self._names_blob = b""
        return self._names

    @names.setter
    def names(self, value: dict[str, list[NameEntry]]) -> None:
        self._names, self._names_blob = value, b""

    # ------------------------------------------------------------------ pickling (prepared gazetteers)

    def __getstate__(self) -> dict:
        """Places and names as marshalled rows (unpickling 10k places and 40k names as objects took
        a quarter of a second of every process's start); caches are left out."""
        state = {k: v for k, v in self.__dict__.items()
                 if k not in ("places", "_names", "_names_blob", "_places_of", "memo", "_governorates", "_countries")}
        state["_places_rows"] = marshal.dumps([tuple(getattr(p, f) for f in _PLACE_FIELDS) for p in self.places.values()])
        state["_names_blob"] = self._names_blob if self._names is None else marshal.dumps(
            [(key, [(e.place_id, e.lang, e.is_alias, e.name) for e in entries]) for key, entries in self._names.items()])
        return state

    def __setstate__(self, state: dict) -> None:
        state = dict(state)
        rows = marshal.loads(state.pop("_places_rows"))
        self.__dict__.update(state)
        self.places = {r[0]: Place(*r) for r in rows}
        self._names = None
        self._places_of, self.memo = {}, {}
        self._governorates = self._countries = None

    # ------------------------------------------------------------------ loading

    @classmethod
    def from_file(cls, path: Union[str, Path]) -> "Gazetteer":
        """Load a gazetteer written by :func:`marsad.gazetteer.build_gazetteer`."""
        # (imported here: a run that codes articles reads the prepared gazetteer from the cache and
        # does not need SQLite, whose import costs start-up time)
        import sqlite3

        path = Path(path)
        if not path.is_file():
            raise GazetteerError(f"gazetteer file not found: {path}")
        try:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                meta = dict(con.execute("SELECT key, value FROM meta"))
                place_rows = con.execute(
                    "SELECT id, name, latitude, longitude, country, country_code, admin1, admin2, kind, "
                    "population, name_ar, parent, codeable, source FROM places").fetchall()
                name_rows = con.execute("SELECT key, place_id, lang, is_alias, name FROM names").fetchall()
            finally:
                con.close()
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(f"{path}: not a marsad gazetteer file ({exc}); build one with "
                                 "'marsad gazetteer build SOURCE_DIR --out FILE'") from exc
        if meta.get("schema_version") != SCHEMA_VERSION:
            raise GazetteerError(f"{path}: gazetteer schema {meta.get('schema_version')!r}, this marsad reads "
                                 f"{SCHEMA_VERSION!r}; rebuild it with 'marsad gazetteer build'")
        places = [Place(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], bool(r[12]), r[13])
                  for r in place_rows]
        names = [(r[0], NameEntry(r[1], r[2], bool(r[3]), r[4])) for r in name_rows]
        return cls(places, names, meta, str(path))

    # ------------------------------------------------------------------ lookups

    def __len__(self) -> int:
        return len(self.places)

    def place(self, place_id: str) -> Optional[Place]:
        """The place with id ``place_id`` (``"ocha:C5710"``, ``"gn:99072"``, ``"cur:sy-kobani"``), or None."""
        return self.places.get(place_id)

    def places_of(self, place_ids: tuple[str, ...]) -> tuple[Place, ...]:
        """The places with these ids (cached: the same names recur in every article)."""
        found = self._places_of.get(place_ids)
        if found is None:
            found = self._places_of[place_ids] = tuple(
                p for p in (self.places.get(pid) for pid in place_ids) if p is not None)
        return found

    def lookup(self, name: str) -> list[Place]:
        """Places called ``name`` (any language; folded, with or without the article), most important first."""
        key = name_key(name)
        ids: list[str] = [e.place_id for e in self.names.get(key, [])]
        if not ids:
            other = core_of(key) or (ARTICLE + key if is_arabic_script(key) else "")
            ids = [e.place_id for e in self.names.get(other, [])] if other else []
        seen, out = set(), []
        for pid in ids:
            if pid not in seen:
                seen.add(pid)
                out.append(self.places[pid])
        return sorted(out, key=importance, reverse=True)

    def complete(self, text: str, limit: int = 10, codeable_only: bool = True,
                 order: Optional[Callable[[Place], Any]] = None) -> list[Place]:
        """Places whose name (any language, folded) starts with ``text``, or has a word that does,
        for autocompletion: exact names first, then names that start with it, then the rest; each
        group ordered by ``order`` (a sort key; default: most important first). Arabic text
        matches with or without the article ("رقة" finds الرقة). ``codeable_only``: leave out
        places that are never an event location (countries)."""
        key = name_key(text)
        if not key:
            return []
        best: dict[str, tuple[int, Place]] = {}
        for name, entries in self.names.items():
            core = core_of(name)
            if name == key or core == key:
                rank = 0
            elif name.startswith(key) or core.startswith(key):
                rank = 1
            elif " " + key in name:
                rank = 2
            else:
                continue
            for e in entries:
                place = self.places[e.place_id]
                if codeable_only and not place.codeable:
                    continue
                if e.place_id not in best or rank < best[e.place_id][0]:
                    best[e.place_id] = (rank, place)
        within = order or (lambda p: tuple(-x for x in importance(p)))
        ordered = sorted(best.values(), key=lambda rp: (rp[0], within(rp[1]), rp[1].name))
        return [p for _, p in ordered[: max(0, limit)]]

    def names_of(self, place: Place) -> list[NameEntry]:
        """Every name of ``place``."""
        return [e for entries in self.names.values() for e in entries if e.place_id == place.id]

    def parent_of(self, place: Place) -> Optional[Place]:
        """The place ``place`` belongs to (a neighbourhood's or site's city), or None."""
        return self.places.get(place.parent) if place.parent else None

    def _admin_index(self) -> dict[tuple[str, str], Place]:
        if self._governorates is None:
            self._governorates = {(p.country_code, p.admin1): p for p in self.places.values() if p.kind == "governorate"}
        return self._governorates

    def governorate(self, name: str) -> Optional[Place]:
        """The governorate/province called ``name`` (English admin1 name or an Arabic name), or None."""
        for p in self._admin_index().values():
            if p.admin1 == name or p.name == name:
                return p
        for p in self.lookup(name):
            if p.kind == "governorate":
                return p
        return None

    def governorate_of(self, place: Place) -> Optional[Place]:
        """The governorate ``place`` lies in (from its admin1), or None."""
        if place.kind == "governorate":
            return place
        return self._admin_index().get((place.country_code, place.admin1))

    def country_of(self, place: Place) -> Optional[Place]:
        """The country entry of ``place``."""
        if self._countries is None:
            self._countries = {p.country_code: p for p in self.places.values() if p.kind == "country"}
        return self._countries.get(place.country_code)

    def near(self, latitude: float, longitude: float, km: float = 10.0) -> list[tuple[float, Place]]:
        """Places within ``km`` of a point, nearest first, as (distance, place)."""
        out = []
        dlat = km / 111.0
        for p in self.places.values():
            if abs(p.latitude - latitude) > dlat:
                continue
            d = km_between(latitude, longitude, p.latitude, p.longitude)
            if d <= km:
                out.append((d, p))
        return sorted(out, key=lambda t: t[0])

    # ------------------------------------------------------------------ matching

    @property
    def automaton(self):
        """Aho-Corasick automaton over the Arabic-script name keys (built on first use).

        Keys end with a space: the places stage searches text whose non-word characters are
        spaces, so every hit ends at a word boundary (the start is checked against the
        proclitics the stage allows). Values are :class:`AutomatonValue`.
        """
        return self.automaton_for(frozenset())

    def automaton_for(self, split_words: frozenset = frozenset()):
        """The automaton without names whose first word is in ``split_words`` (folded).

        The places stage reads "ريف دمشق" as the qualifier ريف + دمشق, not as the governorate
        named "ريف دمشق", so it asks for an automaton without names starting with ريف.
        """
        auto = self._automata.get(split_words)
        if auto is None:
            auto = self._automata[split_words] = self._build_automaton(split_words)
            if self.prepared_to is not None:
                from .prepared import save_prepared

                save_prepared(self)
        return auto

    def joining_words(self, split_words: frozenset = frozenset()) -> frozenset:
        """Pairs of adjacent words in the names of ``automaton_for(split_words)`` ("مخيم الهول", "مطار
        التيفور"): the places stage matches again where such words stand apart, across a quote or an
        underscore ("مخيم _الهول", 'مطار "التيفور"')."""
        self.automaton_for(split_words)
        return self._joining[split_words]

    def _build_automaton(self, split_words: frozenset):
        import ahocorasick

        table: dict[str, dict[str, set[str]]] = {}

        def add(key: str, form: str, pid: str) -> None:
            if sum(ch != " " for ch in key) < MIN_MATCH_LETTERS or key.split(" ", 1)[0] in split_words:
                return
            table.setdefault(key, {}).setdefault(form, set()).add(pid)

        for key, entries in self.names.items():
            if not is_arabic_script(key):
                continue
            for e in entries:
                add(key, "full", e.place_id)
                for variant in key_variants(key):
                    add(variant, "full", e.place_id)
                core = core_of(key)
                if core:
                    add(CORE_PREFIX + core, "core", e.place_id)
        # "الجرذي" for OCHA's only "الجرذي الشرقي": a settlement named "X <direction>" is also matched as
        # X when no place is called X and X is one word of MIN_BARE_LETTERS letters or more
        directions = direction_words()
        bare: dict[str, set[str]] = {}
        for key, entries in self.names.items():
            words = key.split(" ")
            if len(words) == 2 and words[1] in directions and len(words[0]) >= MIN_BARE_LETTERS \
                    and is_arabic_script(key):
                bare.setdefault(words[0], set()).update(e.place_id for e in entries)
        for name, ids in bare.items():
            other = core_of(name) or ARTICLE + name
            if name in self.names or other in self.names or name in table or other in table \
                    or not all(self.places[i].kind in _BARE_KINDS for i in ids):
                continue
            for pid in ids:
                add(name, "full", pid)
                core = core_of(name)
                if core:
                    add(CORE_PREFIX + core, "core", pid)
        joining = set()
        for key in table:
            words = key.split(" ")
            joining.update(f"{a} {b}" for a, b in zip(words, words[1:]))
        self._joining[split_words] = frozenset(joining)
        auto = ahocorasick.Automaton()
        auto.add_word(SPACE_LEAD_KEY, None)  # first: the root's first child is a space (see SPACE_LEAD_KEY)
        for key, forms in table.items():
            value = AutomatonValue(key, tuple(sorted(forms.get("full", ()))), tuple(sorted(forms.get("core", ()))),
                                   key.startswith(ARTICLE))
            auto.add_word(key + " ", value)
        auto.make_automaton()
        return auto


def importance(place: Place) -> tuple:
    """Sort key: bigger and more central places first."""
    return (_KIND_IMPORTANCE.get(place.kind, 0), place.population)


_KIND_IMPORTANCE = {"country": 9, "governorate": 8, "city": 7, "region": 6, "district": 5, "town": 4,
                    "subdistrict": 3, "camp": 3, "airbase": 3, "prison": 3, "dam": 3, "crossing": 3,
                    "oilfield": 3, "base": 3, "site": 2, "neighbourhood": 2, "village": 1}


distance_km = km  # great-circle distance between two places in km (marsad.geo)
