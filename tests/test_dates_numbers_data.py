"""The data files of the dates, numbers and fatalities stages are complete and consistent."""
from collections import Counter

import pytest

from marsad.text import fold
from marsad.resources import read_tsv, read_tsv_with_meta, read_yaml

FAMILIES = ("levantine", "egyptian", "maghrebi")


def duplicates(items) -> list:
    return [k for k, n in Counter(items).items() if n > 1]


# --------------------------------------------------------------------------- months.tsv


def test_months_columns_and_values():
    meta, rows = read_tsv_with_meta("months.tsv")
    assert meta["name"] == "months" and meta["version"].isdigit()
    assert list(rows[0])[:4] == ["name", "month", "family", "standalone"]
    for r in rows:
        assert 1 <= int(r["month"]) <= 12, r
        assert r["standalone"] in ("yes", "no"), r
        assert set(r["family"].split("|")) <= set(FAMILIES), r


@pytest.mark.parametrize("family", FAMILIES)
def test_every_month_in_every_family(family):
    months = {int(r["month"]) for r in read_tsv("months.tsv") if family in r["family"].split("|")}
    assert months == set(range(1, 13))


def test_month_names_unique_after_folding():
    assert duplicates(fold(r["name"]) for r in read_tsv("months.tsv")) == []


@pytest.mark.parametrize("name", ["آب", "ماي", "نيسان", "جوان"])
def test_names_that_are_also_ordinary_words_are_not_standalone(name):
    (row,) = [r for r in read_tsv("months.tsv") if r["name"] == name]
    assert row["standalone"] == "no"


# --------------------------------------------------------------------------- weekdays.tsv


def test_weekdays_cover_the_week_once():
    rows = read_tsv("weekdays.tsv")
    assert sorted(int(r["iso"]) for r in rows) == list(range(1, 8))
    assert duplicates(fold(r["name"]) for r in rows) == []
    assert all(fold(r["name"]).startswith("ال") for r in rows)


# --------------------------------------------------------------------------- relative_dates.yaml

REQUIRED_KEYS = (
    "days", "periods", "this_words", "modifiers", "ago_words", "ago_approximators", "ago_units", "ago_blockers_after", "day_parts",
    "night_parts", "after_midnight_parts", "night_joiners", "day_of_this_month", "month_parts", "month_prepositions", "week_of_month", "year_words",
    "year_prepositions", "not_today_after", "not_today_before", "not_dates", "not_weekday_before",
    "not_weekday_after", "this_month_words", "day_of_this_month_not_after",
)


def test_relative_dates_keys_and_header():
    data = read_yaml("relative_dates.yaml")
    assert data["name"] == "relative_dates" and isinstance(data["version"], int)
    assert set(REQUIRED_KEYS) <= set(data)


def test_relative_day_phrases():
    data = read_yaml("relative_dates.yaml")
    for d in data["days"]:
        assert isinstance(d["days"], int) and d["kind"] in ("today", "yesterday", "days_ago", "future", "recent"), d
        assert d.get("precision", 1) in (1, 2, 3, 4), d
        assert (d["days"] > 0) == (d["kind"] == "future"), d
    assert duplicates(fold(d["phrase"]) for d in data["days"]) == []


def test_relative_modifiers_and_periods():
    data = read_yaml("relative_dates.yaml")
    assert set(data["modifiers"]) == {"past", "current", "next"}
    words = [fold(w) for group in data["modifiers"].values() for w in group]
    assert duplicates(words) == []
    for p in data["periods"]:
        assert p["unit"] in ("week", "month", "year") and p["precision"] in (2, 3, 4)


def test_ago_units():
    data = read_yaml("relative_dates.yaml")
    forms = []
    for u in data["ago_units"]:
        assert u["unit"] in ("hour", "day", "week", "month", "year")
        assert u["precision"] in (1, 2, 3, 4) and u["vague_precision"] in (1, 2, 3, 4)
        assert sum(bool(u.get(k)) for k in ("days", "months", "years")) <= 1
        assert u["singular"] and u["plural"] and u["dual"]
        forms += [fold(w) for k in ("singular", "plural", "dual") for w in u[k]]
    assert duplicates(forms) == []


def test_event_date_word_lists():
    """The lists events use to pick their date: openers of another report, reporting verbs, day words that
    date their own sentence only, the past-perfect particle."""
    data = read_yaml("relative_dates.yaml")
    openers = data["new_report_openers"]
    assert 0 <= openers["reach"] <= 6 and openers["phrases"]
    assert duplicates(fold(p) for p in openers["phrases"]) == []
    assert all(len(w.split()) == 1 for w in openers["not_before"])
    verbs = data["report_verbs"]
    assert 1 <= verbs["reach"] <= 8 and duplicates(fold(v) for v in verbs["verbs"]) == []
    assert all(len(v.split()) == 1 for v in verbs["verbs"])
    day_phrases = {fold(d["phrase"]) for d in data["days"]}
    assert {fold(w) for w in data["own_sentence_only"]} <= day_phrases  # each is a day word
    assert 1 <= data["past_perfect"]["reach"] <= 8 and data["past_perfect"]["particles"]
    future = data["future_markers"]
    assert 1 <= future["reach"] <= 12 and future["words"] and duplicates(fold(w) for w in future["words"]) == []
    assert all(len(w.split()) == 1 for w in future["words"])
    assert all(fold(p).startswith("س") and len(fold(p)) == 2 for p in future["prefixes"])
    # each exception opens like a future verb, else it is dead weight
    assert all(fold(n).startswith(tuple(fold(p) for p in future["prefixes"])) for n in future["not_prefixes"])
    assert duplicates(fold(n) for n in future["not_prefixes"]) == []


def test_month_parts_and_week_of_month_days():
    data = read_yaml("relative_dates.yaml")
    for m in data["month_parts"] + data["week_of_month"]:
        assert 1 <= m["day"] <= 28, m


# --------------------------------------------------------------------------- number_words.tsv

NUMBER_KINDS = {"unit", "teen_unit", "teen_tail", "ten", "hundred", "thousand", "approx", "at_least_before",
                "at_least_after", "ordinal", "ordinal_ten", "day_article"}


def test_number_words():
    rows = read_tsv("number_words.tsv")
    assert {r["kind"] for r in rows} <= NUMBER_KINDS
    assert duplicates((fold(r["word"]), r["kind"]) for r in rows) == []
    by_kind: dict[str, set[int]] = {}
    for r in rows:
        by_kind.setdefault(r["kind"], set()).add(int(r["value"]))
    assert by_kind["unit"] == set(range(1, 11))
    assert by_kind["ten"] == set(range(20, 100, 10))
    assert by_kind["ordinal"] == set(range(1, 11))
    assert by_kind["hundred"] == set(range(100, 1000, 100))
    assert by_kind["at_least_before"] == by_kind["at_least_after"] == {0}
    approx = {fold(r["word"]): int(r["value"]) for r in rows if r["kind"] == "approx"}
    # codebook section 5
    assert approx[fold("عشرات")] == 12 and approx[fold("مئات")] == 100
    assert approx[fold("عدة")] == approx[fold("بضعة")] == approx[fold("عدد من")] == 3


# --------------------------------------------------------------------------- fatality_cues.tsv

CUE_KINDS = {"death_noun", "death_lead", "death_tail", "death_verb", "injury", "outcome", "person", "period",
             "period_lead", "tally_unit", "breakdown", "phrase_break", "comparison", "toll", "result", "passive_next", "clause_break",
             "additive", "attacker", "pair_between", "list_area", "preliminary", "join", "denial",
             "denial_exception", "naming", "reach", "raise", "others", "place_in", "not_place", "with"}
MEANINGS = {"death_noun", "death_lead", "death_tail", "death_verb", "injury", "outcome", "person"}
GROUPS = {"civilian", "military", "fighter", "member", "person"}


def test_fatality_cues_columns():
    rows = read_tsv("fatality_cues.tsv")
    assert list(rows[0])[:5] == ["form", "kind", "number", "count", "group"]
    assert {r["kind"] for r in rows} <= CUE_KINDS
    assert duplicates((fold(r["form"]), r["kind"]) for r in rows) == []
    for r in rows:
        assert r["number"] in ("", "sg", "du", "pl"), r
        assert r["count"] == "" or int(r["count"]) in (1, 2, 3), r


def test_a_form_has_one_meaning():
    rows = [r for r in read_tsv("fatality_cues.tsv") if r["kind"] in MEANINGS]
    assert duplicates(fold(r["form"]) for r in rows) == []


def test_people_and_dead_nouns_count_by_number():
    for r in read_tsv("fatality_cues.tsv"):
        if r["kind"] == "person":
            assert r["group"] in GROUPS and r["number"] in ("sg", "du", "pl"), r
        if r["kind"] in ("person", "death_noun"):
            expected = {"sg": "1", "du": "2"}.get(r["number"])
            if expected:
                assert r["count"] == expected, r


def test_death_and_injury_words_are_both_present():
    kinds = Counter(r["kind"] for r in read_tsv("fatality_cues.tsv"))
    for kind in ("death_noun", "death_lead", "death_tail", "injury", "person"):
        assert kinds[kind] >= 5, kind


def test_raise_words_agree_between_the_two_files():
    """The words of raising a running total are listed twice, as the events stage finds them (event_cues.tsv raise:
    whole phrases, "ليرتفع", "ما رفع") and as the fatalities grammar reads one token (fatality_cues.tsv raise: the word
    without its "ل", "يرتفع", "رفع"): every phrase's last word, its "ل" aside, is a word of the other list."""
    tokens = {fold(r["form"]).strip() for r in read_tsv("fatality_cues.tsv") if r["kind"] == "raise"}
    phrases = [fold(r["phrase"]).strip() for r in read_tsv("event_cues.tsv") if r["class"] == "raise"]
    assert phrases
    for phrase in phrases:
        last = phrase.split()[-1]
        assert last in tokens or last.removeprefix("ل") in tokens, phrase
