"""Speed work on the actors stage: a short form's families kept with its term (in the order of the set
the stage made per mention before), the offset map read inline and the mentions made positionally give
the mentions of the code before the change, kept here as the reference."""
import dataclasses

import pytest

from marsad.document import ActorMention, Article, Document
from marsad.pipeline.actors import _matcher, actor_table, find_actors, names_of_family


def _find_reference(doc):
    """``find_actors`` before the change."""
    table = actor_table()
    mentions = []
    last_seen = {}
    for hit in _matcher().find(doc.norm):
        term = hit.value
        names = list(term.names)
        if term.kind == "short":
            families = {table[n].family for n in names}
            seen = [f for f in families if f in last_seen]
            if not seen:
                continue
            family = max(seen, key=lambda f: last_seen[f])
            names = list(names_of_family(family))
            family = table[names[0]].family
        else:
            for f in term.families:
                last_seen[f] = hit.start
            family = term.family
        start, end = doc.text_index(hit.start), doc.text_index(hit.end)
        mentions.append(ActorMention(start, end, doc.text[start:end], family=family, candidates=names,
                                     loaded=term.kind == "loaded", kind=term.kind))
    return mentions


def _doc(text):
    """A document of ``text`` after the normalize stage."""
    return _normalize(Document.from_article(Article(id="t", text=text)), None)


def _terms(kind):
    return sorted({key for key, (_, _, values, _) in _matcher()._automaton.items()
                   for _, term in values if term.kind == kind})


TEXTS = [
    "قصفت قوات النظام الحي ثم انسحب النظام",
    "هاجمت عصابات داعش قرية وقال التنظيم إنه نفذ الهجوم",  # a loaded term, then a short form
    "اشتبكت قوات سوريا الديمقراطية مع الجيش الوطني",
    "قصف الجيش مواقع ثم تقدم الجيش نحو البلدة",
    "انسحب النظام من المدينة",  # a short form with no antecedent stands for nobody
    "قال الجيش السوري والجيش العراقي إن الجيش تقدم",  # two families a short form can stand for
    "الجيش العراقي والجيش السوري ثم الجيش",  # ... named in the other order
    "قُتِلَ عناصر من تنظيم داعش ــ وقال التنظيم",  # deleted characters: the offset map
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_mentions_are_the_reference_mentions(text):
    assert find_actors(_doc(text)).actors == _find_reference(_doc(text))


@pytest.mark.parametrize("short", _terms("short"))
def test_every_short_form_after_every_full_name_gives_the_reference(short):
    names = _terms("name")
    text = " و".join(names[:60]) + " ثم " + short + ". " + " و".join(names[60:]) + " ثم " + short
    assert find_actors(_doc(text)).actors == _find_reference(_doc(text))


def test_short_families_are_the_families_of_the_names():
    table = actor_table()
    for _, (_, _, values, _) in _matcher()._automaton.items():
        for _, term in values:
            if term.kind == "short":
                assert term.short_families == tuple({table[n].family for n in term.names})
            else:
                assert term.short_families == ()


# --- building the matcher (at the start of every run)

from marsad.pipeline.actors import _TERM_COLUMNS, _Term, _spellings, force_names, surface_variants
from marsad.pipeline.lexicon import PhraseMatcher
from marsad.resources import read_tsv, split_list


def _surface_variants_reference(term):
    """``surface_variants`` before the change."""
    spellings = _spellings()
    out = [term]
    words = term.split()
    for i, word in enumerate(words):
        for other in spellings.get(word, ()):  # (several since actor_variants.tsv version 2)
            out.append(" ".join(words[:i] + [other] + words[i + 1:]))
    return list(dict.fromkeys(out))


def _matcher_reference():
    """``_matcher`` before the change: names in lists, one term per form and kind."""
    grouped = {}
    for row in read_tsv("actors.tsv"):
        for kind, column in (("name", "arabic_names"), ("loaded", "loaded_terms"), ("short", "short_forms"),
                             ("state", "state_names")):
            for term in split_list(row[column]):
                for form in _surface_variants_reference(term):
                    names = grouped.setdefault((form, kind), [])
                    if row["name"] not in names:
                        names.append(row["name"])
    listed = {form for form, _ in grouped}
    for form, name in force_names():  # (added after the change: forces named by their nationality)
        if form not in listed:
            names = grouped.setdefault((form, "name"), [])
            if name not in names:
                names.append(name)
    table = actor_table()
    return PhraseMatcher(
        (term, _Term(tuple(names), kind, frozenset(table[n].family for n in names), table[names[0]].family,
                     tuple({table[n].family for n in names}) if kind == "short" else ()))
        for (term, kind), names in grouped.items())


def _all_terms():
    return sorted({t for row in read_tsv("actors.tsv") for _, column in _TERM_COLUMNS for t in split_list(row[column])})


@pytest.mark.parametrize("term", ["ميليشيات الأسد", "القوات الأمريكية", "القوات الأميركية", "الأمريكية الأميركية",
                                  "", "  ", "كلمة"])
def test_surface_variants_are_the_reference_variants(term):
    assert surface_variants(term) == _surface_variants_reference(term)


def test_surface_variants_of_every_term_are_the_reference_variants():
    for term in _all_terms():
        assert surface_variants(term) == _surface_variants_reference(term), term


def test_the_matcher_holds_the_reference_terms():
    def entries(matcher):
        return sorted((key, length, any_stem, [(stem, t.names, t.kind, t.families, t.family, t.short_families)
                                               for stem, t in values])
                      for key, (_, length, values, any_stem) in matcher._automaton.items())

    assert entries(_matcher()) == entries(_matcher_reference())


# --- resolve: answers remembered

from datetime import date

from marsad.pipeline import actors as actors_module
from marsad.pipeline.actors import _resolve, resolve
from marsad.pipeline import _normalize

_DAYS = [None, date(2013, 3, 17), date(2024, 12, 8), date(2024, 12, 9), date(2025, 7, 15)]


@pytest.mark.parametrize("country", ["", "Syria", "Iraq"])
def test_remembered_answers_are_the_worked_out_ones(country):
    table = actor_table()
    questions = [[n] for n in sorted(table)] + [list(names_of_family(f)) for f in sorted({a.family for a in table.values()})]
    questions += [[], ["not an actor"], ["not an actor", sorted(table)[0]]]
    for _ in range(2):  # asked, then answered from memory
        for names in questions:
            for day in _DAYS:
                assert resolve(names, country, day) == _resolve(names, country, day), (names, day)
                assert resolve(tuple(names), country, day) == _resolve(names, country, day)


def test_the_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(actors_module, "_RESOLVED_SIZE", 3)
    monkeypatch.setattr(actors_module, "_RESOLVED", (None, {}))
    names = sorted(actor_table())
    for name in names[:10]:
        assert resolve([name], "Syria", date(2020, 1, 1)) == _resolve([name], "Syria", date(2020, 1, 1))
        assert len(actors_module._RESOLVED[1]) <= 3


def test_answers_follow_a_reloaded_actor_table(monkeypatch):
    """Regression: the remembered answers outlived the actor table they came from, so a reloaded table
    (other data, as tests and a long-lived server may load) was answered from the old one."""
    name = sorted(actor_table())[0]
    assert resolve([name], "Syria", date(2020, 1, 1)) == actor_table()[name].name
    renamed = {key: value for key, value in actor_table().items()}
    renamed[name] = dataclasses.replace(renamed[name], name="Renamed for the test")
    monkeypatch.setattr(actors_module, "actor_table", lambda: renamed)
    assert resolve([name], "Syria", date(2020, 1, 1)) == "Renamed for the test"
