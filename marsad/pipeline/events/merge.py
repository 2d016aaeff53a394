"""Events step 7, atomic records: the same incident told twice is one candidate, with the lowest
exact figure and every sentence that reported it as evidence.
"""
from __future__ import annotations

import functools
from itertools import repeat
from operator import is_
from typing import Callable, Optional

from ..event_types import event_type_of, rank_of, sub_event_types
from ..places import compass_points
from ...geo import km
from ...text import fold
from ...document import Place
from .actors import BOMBING_TYPES, STRIKE_CLASSES
from .context import Candidate, Context, definite, place_key
from .fatalities import split_toll
from .linking import BROAD_PLACE_KM, is_broad


def _compatible(a: str, b: str) -> bool:
    return not a or not b or a == b


def _same_place(a: Candidate, b: Candidate) -> bool:
    pa, pb = a.place.place, b.place.place
    if pa is None or pb is None:
        return a.place.text == b.place.text
    return pa.id == pb.id


def _same_day(a: Candidate, b: Candidate) -> bool:
    """Same day, or one of them only inherited its date (the same incident retold later)."""
    if a.day == b.day:
        return True
    if a.day is None or b.day is None:
        return False
    if a.date_explicit and b.date_explicit:
        return False
    if a.sentence == b.sentence and a.triggers == b.triggers:
        return False  # two days of one span its report told (codebook §1: one event per day)
    return abs((a.day - b.day).days) <= 7


def merge(candidates: list[Candidate], on_merge: Optional[Callable[[Candidate, Candidate], None]] = None,
          ctx: Optional[Context] = None) -> list[Candidate]:
    """One record per (date, place, sub-event type, actor pair).

    A candidate joins an earlier one when it is the same incident told again: same place (or a
    broad place around the other's), a compatible day, and the same type -- or, for a weak report
    ("الهجوم"), any type of a strong report at that place. Reports whose sides agree join first; a report
    told with other sides joins only an incident of its own day.
    """
    placed = {id(c): c.place for c in candidates}
    told: list[Candidate] = []
    for cand in sorted(candidates, key=lambda c: (c.sentence, c.place.start)):
        if cand.retold:
            # "هذا القصف", "الهجوم ذاته": the incident told before, wherever this sentence places it
            target = next((m for m in reversed(told) if m.sentence < cand.sentence and _retells(m, cand) and _retold_place(m, cand)), None)
            if target is not None:
                if on_merge is not None:
                    on_merge(cand, target)
                _absorb(target, cand)
                continue
        told.append(cand)
    body = [c for c in told if not c.headline]
    for cand in [c for c in told if c.headline]:
        # the title's report is the body's incident of the same kind in the same area
        target = next((m for m in body if _retells(m, cand) and _near(m, cand)), None)
        if target is None and not cand.strong:
            # a weak word in the title ("جرحى بهجوم في ديالى"): the body's incident in that area, whatever its type
            target = next((m for m in body if _near(m, cand) and (m.day == cand.day or not cand.date_explicit)), None)
        if target is not None:
            if on_merge is not None:
                on_merge(cand, target)
            _absorb(target, cand)
            told.remove(cand)
    # first the reports whose sides agree, then those told with other sides ("مسلحين" / "فلول النظام"):
    # a lead's sides go to the incident that has them, not to the first one near it
    merged = _merge_pass(_merge_pass(told, on_merge, sides_agree=True), on_merge, sides_agree=False)
    # the passes below pair only records of one kind and day (:func:`_umbrella_of`, :func:`_located_by`),
    # and absorbing one such record into another changes neither: each looks in its own group (in the
    # order of ``merged``, a record leaving both)
    groups: dict[tuple, list[Candidate]] = {}
    for m in merged:
        groups.setdefault((m.sub_event_type, m.day), []).append(m)
    for outer in list(merged):
        # "في حلب", then "في حي الأشرفية في شمال حلب": the city's record is the neighbourhood's incident --
        # when it is the only one of its kind there that day (several are each their own)
        group = groups[(outer.sub_event_type, outer.day)]
        if not any(map(is_, group, repeat(outer))):
            continue  # a site already told as its city's incident
        inner = [m for m in group if m is not outer and _umbrella_of(outer, m, shared=True)]
        if len(inner) == 1 and set(outer.evidence) & set(inner[0].evidence):
            continue  # "دبابة في المدينة، وأخرى في حي الشرق": each its own
        if len(inner) == 1 and _named_after(inner[0], outer) and not _inside(inner[0].place.place, outer.place.place):
            # "غارة على مدينة حمص", then "الغارة أصابت سيارة قرب مطار حمص": the city's incident
            if on_merge is not None:
                on_merge(inner[0], outer)
            _absorb(outer, inner[0])
            merged.remove(inner[0])
            group.remove(inner[0])
        elif len(inner) == 1:
            if on_merge is not None:
                on_merge(outer, inner[0])
            _absorb(inner[0], outer)
            merged.remove(outer)
            group.remove(outer)
    if ctx is not None:
        for outer in list(merged):
            group = groups[(outer.sub_event_type, outer.day)]
            if not any(map(is_, group, repeat(outer))):
                continue
            # "القبض على خلية في طرطوس", then "في قرية X بريف طرطوس": the detail's sentence
            # locates its place by the lead's -- the lead's record is the detail's incident (when it is the only one)
            inner = [m for m in group if m is not outer and _located_by(outer, m, ctx)]
            if len(inner) == 1:
                if on_merge is not None:
                    on_merge(outer, inner[0])
                _absorb(inner[0], outer)
                merged.remove(outer)
                group.remove(outer)
    _span_days_follow(merged, placed)
    _split_lead_tolls(merged, placed)
    for m in merged:
        _total_of_parts(m)
    merged.sort(key=lambda m: (m.sentence, m.place.start))
    return merged


def _figures(c: Candidate) -> list:
    """The exact figures (sentence, count) of the reports merged into ``c``, its own first."""
    if c.merged_figures is None:
        own = c.fatalities and c.fatalities_exact and not c.fatalities_update
        c.merged_figures = [(c.sentence, c.fatalities)] if own else []
    return c.merged_figures


def _total_of_parts(m: Candidate) -> None:
    """Codebook §5, all sides: the dead of each side told in sentences of their own ("مقتل أربعة من
    مقاتليها" | "مقتل أحد عناصر التنظيم") are not competing estimates when a report of the incident
    gives their sum ("مقتل 3 من الهيئة وعنصر من النظام"): the toll is that total, not the lowest part."""
    figures = [f for f in _figures(m) if f[1]]
    if m.fatalities_update or len(figures) < 3 or not m.fatalities:
        return
    for sentence, total in figures:
        parts = {s: n for s, n in figures if s != sentence and n < total}
        if len(parts) >= 2 and sum(parts.values()) == total and total > m.fatalities:
            m.fatalities, m.fatalities_exact = total, True
            return


def _split_lead_tolls(merged: list[Candidate], placed: dict) -> None:
    """Codebook §5: a lead's toll at a broad place ("قتل 15 مدنيا بغارات على الغوطة الشرقية"), taken on by the
    first of the places the next sentence lists ("في مسرابا وجسرين ودوما"), is split over all of them."""
    for lead in list(merged):
        was = placed.get(id(lead))
        if not lead.fatalities or was is None or lead.place is was or not is_broad(was) or is_broad(lead.place):
            continue
        listed = [
            m for m in merged
            if m is not lead and m.strong and m.sub_event_type == lead.sub_event_type and not m.fatalities
            and m.sentence != lead.sentence and m.sentence in lead.evidence and m.day == lead.day
            and placed.get(id(m)) is m.place and _near(m, lead) and not _same_place(m, lead)
        ]
        if not listed:
            continue
        listed = sorted([lead] + listed, key=lambda m: m.place.start)
        for c, share in zip(listed, split_toll(lead.fatalities, len(listed))):
            c.fatalities, c.fatalities_exact = share, lead.fatalities_exact


def _merge_pass(candidates: list[Candidate], on_merge, *, sides_agree: bool) -> list[Candidate]:
    merged: list[Candidate] = []
    # the place key, day, event type and :func:`_elsewhere_gate` of each record of ``merged`` (worked out
    # once per record, and again when it absorbs a report: the pass compares every report with every record)
    gates: list[tuple] = []
    kinds = _event_types()
    for cand in sorted(candidates, key=lambda c: (not c.strong, c.sentence)):
        # (see :func:`_same_incident`: an incident at another place is this one only on its day and of its
        # event type -- the types it takes for one all share one -- and only when the two places differ in
        # breadth or precision or the two reports tell one toll (:func:`_elsewhere_gate`), so most pairs
        # are not asked; a type the table lacks is asked)
        day, key, kind = cand.day, _place_key(cand), kinds.get(cand.sub_event_type)
        broad, gp3, admin1, toll = _elsewhere_gate(cand)
        options = [k for k, (m_key, m_day, m_kind, m_broad, m_gp3, m_admin1, m_toll) in enumerate(gates)
                   if (m_key == key or (
                       m_day == day and (kind is None or m_kind is None or m_kind == kind)
                       and (m_broad != broad or (toll and m_toll == toll) or (m_gp3 != gp3 and admin1 and m_admin1 == admin1))))
                   and _same_incident_at(merged[k], cand, m_key == key)
                   and (not sides_agree or _sides_agree(merged[k], cand))]
        if not options:
            merged.append(cand)
            gates.append((key, day, kind, broad, gp3, admin1, toll))
            continue
        # an inherited date: the incident of that very day first
        k = options[0] if len(options) == 1 else min(options, key=lambda k: merged[k].day != day)
        target = merged[k]
        if on_merge is not None:
            on_merge(cand, target)
        _absorb(target, cand)
        gates[k] = (_place_key(target), target.day, kinds.get(target.sub_event_type), *_elsewhere_gate(target))
    return merged


def _elsewhere_gate(c: Candidate) -> tuple[bool, bool, str, int]:
    """What :func:`_same_incident_at` reads of a report to join it to an incident at another place: whether
    its place is broad, whether it is a governorate-level one (geo precision 3), the admin1 of its place
    ("" with no gazetteer place) and its exact toll when it could tie two reports (0 otherwise). Two reports
    at two places tell one incident only when the two differ in breadth or in precision 3 with one admin1,
    or tell one toll: with none of these, the pair need not be asked (the tests of the rules there, read
    as necessary conditions)."""
    place = c.place.place
    toll = c.fatalities if c.fatalities_exact and (c.fatalities or 0) >= 2 else 0
    return (is_broad(c.place) and place is not None, c.place.geo_precision == 3,
            (place.admin1 or "") if place is not None else "", toll)


@functools.lru_cache(maxsize=1)
def _event_types() -> dict[str, str]:
    """The event type of each sub-event type (``event_types.tsv``)."""
    return {name: entry.event_type for name, entry in sub_event_types().items()}


def _sides_agree(m: Candidate, c: Candidate) -> bool:
    return _compatible(m.actor1_name, c.actor1_name) and _compatible(m.actor2_name, c.actor2_name)


def _umbrella_of(outer: Candidate, inner: Candidate, shared: bool = False) -> bool:
    """``inner`` lies in ``outer``'s place, an incident of its kind that day, told in other sentences (or,
    with ``shared``, in any: a sentence that names the city and one of its neighbourhoods tells two)."""
    po, pi = outer.place.place, inner.place.place
    # (the kind and the day first: a pure test, and most pairs of the merge's outer pass differ in them)
    return (
        outer.sub_event_type == inner.sub_event_type and outer.day == inner.day
        and po is not None and pi is not None and (_inside(pi, po) or _named_after(inner, outer))
        and (shared or not set(outer.evidence) & set(inner.evidence))
    )


def _located_by(outer: Candidate, inner: Candidate, ctx: Context) -> bool:
    """``outer``, told as an earlier report ("وكانت ... أعلنت أمس"), is ``inner``'s incident told in detail:
    same kind, day and sides, a place of its own near the lead's, and the detail's sentence names the lead's
    place (to locate its own), which the lead's sentence does not."""
    po, pi = outer.place.place, inner.place.place
    if (
        po is None or pi is None or po.id == pi.id
        or outer.sub_event_type != inner.sub_event_type or outer.day != inner.day
        or outer.sentence >= inner.sentence or not _sides_agree(outer, inner)
        or set(outer.evidence) & set(inner.evidence) or not _near(outer, inner)
    ):
        return False
    named = {i: {p.place.id for p in ctx.sentences[i].places if p.place is not None} for i in (outer.sentence, inner.sentence)}
    if po.id not in named[inner.sentence] or pi.id in named[outer.sentence]:
        return False
    first = min(t.start for t in outer.triggers) if outer.triggers else ctx.sentences[outer.sentence].sentence.end
    return any(c.start < first for c in ctx.sentences[outer.sentence].cues_of("background"))


def _named_after(inner: Candidate, outer: Candidate) -> bool:
    """``inner``'s place is a site named after ``outer``'s city ("طريق مطار دمشق الدولي" beside "دمشق")."""
    po, pi = outer.place.place, inner.place.place
    if po is None or pi is None or po.id == pi.id or po.kind != "city" or pi.kind == "city" or not po.name_ar:
        return False
    return _site_named_after(inner.place.surface or inner.place.text, outer.place.text, po.name_ar)


@functools.lru_cache(maxsize=1 << 12)
def _site_named_after(site: str, city: str, city_name_ar: str) -> bool:
    """The words of ``site`` hold the city's name as ``city`` writes it (see :func:`_named_after`; the
    merge passes ask for each pair of candidates: worked out once per pair of texts)."""
    # the city's name as the lead writes it ("العاصمة دمشق" -> "دمشق"; the gazetteer may space it: "د مشق")
    written, target = fold(city).split(), fold(city_name_ar).replace(" ", "")
    name = next((written[k:] for k in range(len(written)) if "".join(written[k:]) == target), None)
    words = fold(site).split()
    return bool(name) and len(words) > len(name) and any(
        words[k:k + len(name)] == name for k in range(len(words) - len(name) + 1))


def _span_days_follow(merged: list[Candidate], placed: dict) -> None:
    """The days of one span told at one place ("مواجهات استمرت لثلاثة أيام ... في محافظة الحسكة") are one
    report's: when another report placed one of them more finely ("الشدادي"), the others are there too; and a
    toll told for them all is split over the days."""
    spans: dict[tuple, list[Candidate]] = {}
    for m in merged:
        origin = placed.get(id(m))
        if origin is not None:
            spans.setdefault((m.sentence, tuple(map(id, m.triggers)), id(origin)), []).append(m)
    for group in spans.values():
        if len(group) < 2:
            continue  # (most reports: one day)
        origin = placed[id(group[0])]
        finer = {id(m.place): m.place for m in group if m.place is not origin}
        if len(finer) == 1:
            (place,) = finer.values()
            for m in group:
                if m.place is origin:
                    m.place = place
        if any(m.day is None for m in group):
            continue  # (the days of a span are all known)
        told = [m for m in group if m.fatalities]
        ordered = sorted(group, key=lambda m: m.day)
        if len(told) == 1 and told[0] is ordered[0] and told[0].fatalities_exact and not told[0].fatalities_update \
                and len({m.day for m in group}) == len(group) \
                and any(sentence == told[0].sentence for sentence, _ in _figures(told[0])):
            # codebook §5: deaths told for the days together (the span's report gives them to its first day) are
            # split evenly over them, the remainder to the first; a toll a day got only from a report of that
            # day ("وقتل 6 مسلحين في اشتباكات الاثنين") is that day's
            total = told[0].fatalities
            share, rest = divmod(total, len(ordered))
            for k, m in enumerate(ordered):
                m.fatalities = share + (1 if k < rest else 0)


def _absorb(target: Candidate, cand: Candidate) -> None:
    """``cand`` tells ``target``'s incident again: keep the written date, the most specific place, the
    lowest figure (or an update) and both sentences as evidence."""
    if cand.date_explicit and not target.date_explicit and target.sub_event_type == cand.sub_event_type:
        target.day, target.time_precision, target.date_explicit = cand.day, cand.time_precision, True
    target.evidence = sorted(set(target.evidence) | set(cand.evidence))
    # (in one sentence: a clash told apart from the place taken may be another fight, or the taking a plan)
    won_in_clash = target.sentence == cand.sentence and _won_in_clash(target.sub_event_type, cand.sub_event_type)
    clash = target if target.sub_event_type == "Armed clash" else cand
    clash_sides = [clash.actor1_name, clash.actor2_name]
    if won_in_clash and clash is target and cand.actor1_name:
        # the place taken is the incident: its taker and loser first, the clash's sides for what it lacks
        target.actor1_name, target.actor2_name = cand.actor1_name, cand.actor2_name
    if target.sub_event_type != cand.sub_event_type and (
        {target.sub_event_type, cand.sub_event_type} <= BOMBING_TYPES
        or _one_family(target.sub_event_type, cand.sub_event_type)
        or won_in_clash
    ):  # codebook §3: the first type in the list wins
        target.sub_event_type = min(target.sub_event_type, cand.sub_event_type, key=rank_of)
    if target.sub_event_type == cand.sub_event_type:
        target.actor1_name = target.actor1_name or cand.actor1_name
        target.actor2_name = target.actor2_name or cand.actor2_name
    elif won_in_clash and target.actor1_name and not target.actor2_name:
        # the clash's other side is the side that lost the place (a named one: "مجموعات" tells less than
        # the sides the record would be given later)
        if target.actor1_name in clash_sides:
            loser = clash_sides[1 - clash_sides.index(target.actor1_name)]
            if not loser.startswith("Unidentified"):
                target.actor2_name = loser
    target.civilian = target.civilian or cand.civilian
    if is_broad(target.place) and not is_broad(cand.place) and _near(target, cand) and not (
        _place_key(cand) == _place_key(target) and cand.place.geo_precision >= target.place.geo_precision
    ):  # "شرقي دير الزور" is no finer than "ريف دير الزور الشرقي"
        target.place = cand.place
    elif target.place.place is not None and cand.place.place is not None and _inside(cand.place.place, target.place.place):
        target.place = cand.place  # the most specific place: the neighbourhood, not its city
    elif cand.place.geo_precision < target.place.geo_precision and _place_key(cand) == _place_key(target):
        target.place = cand.place
    elif (
        _same_toll(target, cand) and not cand.headline and cand.place.place is not None
        and _place_key(cand) != _place_key(target) and 2 <= target.place.geo_precision and cand.place.geo_precision <= target.place.geo_precision
        and event_type_of(target.sub_event_type) == event_type_of(cand.sub_event_type)
    ):  # the lead's "قرب كركوك", the detail's "في ناحية الدبس" with the same toll: the detail's place
        target.place = cand.place
    _figures(target).extend(_figures(cand))
    if cand.fatalities_update and (cand.fatalities or 0) > (target.fatalities or 0):
        # codebook §5: a toll the report itself updates replaces the earlier one
        target.fatalities, target.fatalities_exact, target.fatalities_update = cand.fatalities, cand.fatalities_exact, True
    elif not target.fatalities_update:
        target.fatalities, target.fatalities_exact = _lowest_figure(
            (target.fatalities, target.fatalities_exact), (cand.fatalities, cand.fatalities_exact)
        )


def _inside(inner: Place, outer: Place) -> bool:
    """``inner`` lies in ``outer``: a neighbourhood or site of its city, a place of its governorate."""
    if inner.parent and inner.parent == outer.id:
        return True
    return outer.kind == "governorate" and inner.kind != "governorate" and bool(inner.admin1) and (
        inner.admin1, inner.country_code) == (outer.admin1, outer.country_code)


def _near(a: Candidate, b: Candidate) -> bool:
    pa, pb = a.place.place, b.place.place
    if pa is None or pb is None:
        return True
    return bool(pa.admin1 and pa.admin1 == pb.admin1) or km(pa, pb) <= BROAD_PLACE_KM


def _place_key(c: Candidate) -> str:
    return place_key(c.place)


def _retells(m: Candidate, c: Candidate) -> bool:
    """``c``, an anaphoric report ("هذه المواجهات"), can retell ``m``: the same kind on a close day."""
    if m.day is not None and c.day is not None and abs((m.day - c.day).days) > RETOLD_DAYS:
        return False
    return (
        event_type_of(m.sub_event_type) == event_type_of(c.sub_event_type)
        or _one_family(m.sub_event_type, c.sub_event_type)
        or {m.sub_event_type, c.sub_event_type} <= BOMBING_TYPES
    )


def _retold_place(m: Candidate, c: Candidate) -> bool:
    """An anaphoric report retells an incident elsewhere only when it names no place of its own, its
    place is the incident's, or one of the two is a broad place around the other ("في ريف إدلب")."""
    if c.place_inherited or _place_key(m) == _place_key(c):
        return True
    return (is_broad(m.place) or is_broad(c.place)) and _near(m, c)


# An anaphoric report with a date of its own retells an incident at most this many days apart.
RETOLD_DAYS = 0


def _same_incident(m: Candidate, c: Candidate) -> bool:
    """True when two reports tell one incident. (:func:`_merge_pass` asks it only for two reports at one
    place, or of one day and one event type: a rule here that joins other pairs must widen that gate.)"""
    return _same_incident_at(m, c, _place_key(m) == _place_key(c))


def _same_incident_at(m: Candidate, c: Candidate, same_place: bool) -> bool:
    """:func:`_same_incident` of two reports whose place keys are known to be the same or not.

    :func:`_merge_pass` asks a pair at two places only when :func:`_elsewhere_gate` lets it through: a new
    rule here that joins reports at two places must be let through there too (its test,
    ``tests/test_fastpaths_events_merge_elsewhere.py``, checks the gate against these rules)."""
    if not _same_day(m, c):
        return False
    if _another_after(m, c) or _another_after(c, m):
        return False  # "وفي انفجار آخر منفصل إلى الشرق من المدينة": told as another incident
    if same_place and _other_directions(m, c) and not all(map(definite, c.triggers)):
        # "شمال غرب بغداد", then "شمال شرق بغداد": two spots of one city, two incidents (but "القتال" retells one)
        return False
    if m.day != c.day and not same_place:
        return False  # an inherited date yields to a written one only for the incident retold at its place
    same_type = m.sub_event_type == c.sub_event_type
    if same_type and not (_compatible(m.actor1_name, c.actor1_name) and _compatible(m.actor2_name, c.actor2_name)):
        # two actor pairs at one place on one day: two incidents when one sentence tells both; told in two
        # sentences it is one incident retold, its sides named differently ("مسلحين" / "فلول النظام")
        if m.sentence == c.sentence:
            return False
        if m.day != c.day:
            return False  # other sides on another day: another incident
        if not same_place and not (is_broad(m.place) or is_broad(c.place)):
            return False
    if not same_type and m.sub_event_type in BOMBING_TYPES and c.sub_event_type in BOMBING_TYPES:
        same_type = True  # "سيارة مفخخة" and "انتحاري" told apart in two sentences: one blast
    if not same_type and c.trigger_class == "strike" and {m.sub_event_type, c.sub_event_type} <= STRIKE_TYPES:
        same_type = True  # a bare "قصف" at a place that has a typed strike that day is that strike
    if same_place:
        if not same_type and m.sentence != c.sentence and _one_family(m.sub_event_type, c.sub_event_type) and (
                m.day == c.day or event_type_of(m.sub_event_type) != "Protests"):
            # "داهمت" then "اعتقلت" at one place that day: one raid, told twice (protests on other days at one
            # place are other protests, whatever date was inherited)
            return True
        if not same_type and m.sentence == c.sentence and m.day == c.day and _won_in_clash(m.sub_event_type, c.sub_event_type) \
                and _shares_a_side(m, c):
            return True  # "سيطرت الفصائل على القرية بعد اشتباكات": the fight that took the place, one incident
        if {m.sub_event_type, c.sub_event_type} == SEIZED_IN_RAID:
            return True  # "اعتقال عشرات ... ومصادرة أسلحة": the weapons seized in the raid that made the arrests
        if not same_type and m.sentence != c.sentence and not m.strong and not c.strong and m.day == c.day and not (m.date_explicit and c.date_explicit):
            return True  # "بمقتل اثنين جراء انفجار" then "أدى إلى مقتل اثنين": weak words at one place that day, one incident
        return same_type or (m.strong and not c.strong and _one_disorder(m.sub_event_type, c.sub_event_type)
                             and not _told_apart(m, c))
    pm, pc = m.place.place, c.place.place
    if same_type and pm is not None and pc is not None and (is_broad(m.place) != is_broad(c.place)):
        if km(pm, pc) <= BROAD_PLACE_KM:
            return True
    if same_type and _same_toll(m, c) and _near(m, c) and (m.day == c.day or not (m.date_explicit and c.date_explicit)):
        return True  # "مقتل 3 في هجوم انتحاري قرب كركوك" then "... في الدبس": one blast, its toll told twice
    if (
        pm is not None and pc is not None
        and (m.place.geo_precision == 3) != (c.place.geo_precision == 3)
        and pm.admin1 and pm.admin1 == pc.admin1
        and event_type_of(m.sub_event_type) == event_type_of(c.sub_event_type)
    ):
        return True  # a governorate-level report beside a town-level one of the same kind: the town's
    return False


def _told_apart(m: Candidate, c: Candidate) -> bool:
    """Two reports of other types at one place that are two incidents: their sides the other way round ("هجوم من
    تنظيم داعش" on the regime, "غارات النظام" on the organisation)."""
    return bool(m.actor1_name and c.actor1_name and m.actor1_name == c.actor2_name and m.actor2_name == c.actor1_name)


def _another_after(first: Candidate, then: Candidate) -> bool:
    """``then`` is told as another incident than the one ``first``'s last sentence told just before it ("قتل 40
    في انفجار في بعقوبة. وفي انفجار آخر ..."); a lead told further back may still be its own ("سقطت قذائف على
    السومرية والمزة ... وسقطت قذيفة ثالثة داخل مساكن السومرية")."""
    return then.another and then.sentence > first.sentence and then.sentence - max(first.evidence) <= 1


def _other_directions(m: Candidate, c: Candidate) -> bool:
    """Both reports place their incident by a direction from one city, and not the same one ("شمال غرب بغداد"
    and "شمال شرق بغداد"; "شمالي بغداد" and "شمال بغداد" are one)."""
    a, b = m.place.qualifier, c.place.qualifier
    if not a or not b or a == b:
        return False
    da, db = _directions(a), _directions(b)
    return bool(da) and bool(db) and da != db


@functools.lru_cache(maxsize=256)
def _directions(qualifier: str) -> frozenset[str]:
    """The compass points a place qualifier names ("شمال غربي" -> {شمال, غرب}; "ريف" -> none)."""
    return frozenset(root for word in fold(qualifier).split() for root in compass_points() if root in word)


# Sub-event types that the rules tell apart by context ("raid": arrests or not; "territory": who took it;
# "strike": from the air or not): at one place on one day, told in two sentences, one incident.
RETOLD_FAMILIES = (
    frozenset({"Arrests", "Other"}),
    frozenset({"Government regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory"}),
    frozenset({"Air/drone strike", "Shelling/artillery/missile attack"}),
    frozenset({"Arrests", "Disrupted weapons use"}),  # the weapons seized in the raid that made the arrests
    # the rocket that carried the gas ("مقتل 26 في هجوم صاروخي قرب حلب" then "بإطلاق صواريخ تحمل مواد كيماوية"): one
    # chemical attack (codebook §3: the first type in the list wins); not an air strike, which far more often
    # is another raid of the day, or the strikes that answered the gas
    frozenset({"Chemical weapon", "Shelling/artillery/missile attack"}),
    # a protest that day at that place and the force used on it ("خرج معارضون في مظاهرة. وحاولت قوات الأمن تفريق
    # المسيرة بإطلاق النار على المتظاهرين"): one protest event, of the type first in the codebook's list
    frozenset({"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}),
)
SEIZED_IN_RAID = frozenset({"Arrests", "Disrupted weapons use"})
STRIKE_TYPES = STRIKE_CLASSES - {"strike"}  # what a bare "قصف" can be (the event types of a strike class)


def _same_toll(m: Candidate, c: Candidate) -> bool:
    """Both report the same exact death toll, told in different sentences (a single death is too common a
    toll to tie two reports)."""
    return (
        m.sentence != c.sentence and (m.fatalities or 0) >= 2 and m.fatalities == c.fatalities
        and m.fatalities_exact and c.fatalities_exact
    )


# A place taken after a fight: the clash at that place that day is the fight that took it (codebook §3: one
# incident, the territory type first in the list), told in one sentence ("سيطرت على القرية بعد اشتباكات") or two.
# (Not a transfer without a fight: a clash at the place that day is another incident.)
TAKEN_IN_FIGHT_TYPES = frozenset({"Government regains territory", "Non-state actor overtakes territory"})


def _won_in_clash(a: str, b: str) -> bool:
    return (a == "Armed clash" and b in TAKEN_IN_FIGHT_TYPES) or (b == "Armed clash" and a in TAKEN_IN_FIGHT_TYPES)


def _shares_a_side(m: Candidate, c: Candidate) -> bool:
    """The two reports name one side alike, or one of them names none ("سيطرت الفصائل على القرية بعد اشتباكات مع
    القوات": the same fight; a clash between two other groups at the place is another)."""
    sides_m = {n for n in (m.actor1_name, m.actor2_name) if n}
    sides_c = {n for n in (c.actor1_name, c.actor2_name) if n}
    return not sides_m or not sides_c or bool(sides_m & sides_c)


def _one_family(a: str, b: str) -> bool:
    return any(a in family and b in family for family in RETOLD_FAMILIES)


def _lowest_figure(a: tuple[Optional[int], bool], b: tuple[Optional[int], bool]) -> tuple[Optional[int], bool]:
    """Codebook §5: several figures -> the lowest; an exact figure beats an approximate one."""
    figures = [f for f in (a, b) if f[0] is not None and f[0] > 0]
    if not figures:
        return (a[0] if a[0] is not None else b[0]), True
    exact = [f for f in figures if f[1]]
    pool = exact or figures
    return min(pool, key=lambda f: f[0])


def _one_disorder(a: str, b: str) -> bool:
    """A weak report ("تدمير دبابتين") retells a strong one at its place only when both are of one
    disorder (``event_types.tsv``): a clash is not the defection or the agreement reported there."""
    types = sub_event_types()
    da, db = (set(types[t].disorder_type.split("; ")) if t in types else set() for t in (a, b))
    return bool(da & db) or not da or not db
