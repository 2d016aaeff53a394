from datetime import date
from pathlib import Path

import pytest

from marsad import Article, Pipeline
from marsad.pipeline.actors import actor_table, resolve
from marsad.pipeline import STAGES
from marsad.resources import read_tsv, split_list

SHARED_ACTORS = Path(__file__).resolve().parents[1].parent / "shared" / "ACTORS.tsv"
NLP = Pipeline(stages=STAGES[:1] + tuple(s for s in STAGES if s.name == "actors"), gazetteer=object())


def actors_in(text, published=date(2023, 1, 25)):
    doc = NLP(Article(id="t", text=text, published=published))
    return doc.actors


@pytest.mark.parametrize(
    "text, country, day, expected",
    [
        ("شنت خلايا مرتزقة داعش هجوماً", "Syria", date(2023, 1, 25), "Islamic State (Syria)"),
        ("هاجمت عصابات داعش قرية", "Iraq", date(2015, 8, 1), "Islamic State (Iraq)"),
        ("قصف الاحتلال التركي قرى", "Syria", date(2022, 11, 20), "Military Forces of Turkey (2016-)"),
        ("قصفت قوات النظام الحي", "Syria", date(2013, 3, 17), "Military Forces of Syria (2000-2024)"),
        ("انتشر الجيش السوري في المدينة", "Syria", date(2013, 3, 17), "Military Forces of Syria (2000-2024)"),
        ("انتشر الجيش السوري في المدينة", "Syria", date(2025, 3, 7), "Military Forces of Syria (2024-)"),
        ("اعتقل الأمن العام خلية", "Syria", date(2025, 11, 24), "Military Forces of Syria (2024-)"),
        ("هاجم مسلحون مجهولون حاجزا", "Iraq", date(2018, 6, 6), "Unidentified Armed Group (Iraq)"),
        ("اشتبكت قوات سوريا الديمقراطية مع", "Syria", date(2022, 1, 22), "QSD: Syrian Democratic Forces"),
        ("أعلنت جبهة النصرة انسحابها", "Syria", date(2015, 8, 10), "Jabhat al Nusra"),
        ("قصفت طائرات التحالف الدولي", "Iraq", date(2015, 8, 1), "Global Coalition Against Daesh"),
        ("قتل عناصر من الحشد الشعبي", "Iraq", date(2025, 11, 5), "PMF: Popular Mobilization Forces"),
        ("استهدفت ميليشيات قسد المدنيين", "Syria", date(2023, 12, 2), "QSD: Syrian Democratic Forces"),
    ],
)
def test_first_actor_resolves(text, country, day, expected):
    mentions = actors_in(text, day)
    assert mentions, text
    assert resolve(mentions[0].candidates, country, day) == expected


@pytest.mark.parametrize(
    "text, loaded",
    [("مرتزقة داعش", True), ("تنظيم داعش", False), ("الاحتلال التركي", True), ("الجيش التركي", False)],
)
def test_loaded_terms_are_flagged_and_neutral_name_kept(text, loaded):
    (mention,) = actors_in(text)
    assert mention.loaded is loaded


def test_longest_name_wins():
    (mention,) = actors_in("قاتل الجيش السوري الحر في حلب", date(2013, 2, 1))
    assert mention.candidates == ["Opposition Rebels (Syria)"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("أعلن التنظيم مسؤوليته", []),  # short form with no antecedent stands for nobody
        ("شن تنظيم داعش هجوما. وقال التنظيم", ["Islamic State", "Islamic State"]),
        ("هاجمت هيئة تحرير الشام مواقع. وقالت الهيئة", ["HTS", "HTS"]),
    ],
)
def test_short_forms_need_an_antecedent(text, expected):
    families = [m.candidates[0].split(" (")[0].split(":")[0] for m in actors_in(text)]
    assert families == expected


def test_person_names_are_not_actors():
    assert actors_in("قال الرئيس بشار الأسد ورجب طيب أردوغان") == []


# ---------------------------------------------------------------- the data file itself

ROWS = read_tsv("actors.tsv")
TYPES = {r["actor_type"] for r in read_tsv("actor_types.tsv")}


def test_actor_rows_are_valid():
    names = [r["name"] for r in ROWS]
    assert len(names) == len(set(names)), "duplicate canonical names"
    for row in ROWS:
        assert row["actor_type"] in TYPES, row["name"]
        for col in ("valid_from", "valid_to"):
            if row[col]:
                date.fromisoformat(row[col])
        assert split_list(row["arabic_names"]), f"{row['name']} has no Arabic name"
        for term in (split_list(row["arabic_names"]) + split_list(row["loaded_terms"]) + split_list(row["short_forms"])
                     + split_list(row["state_names"])):
            assert any("\u0600" <= ch <= "\u06ff" for ch in term), (row["name"], term)


def test_terms_shared_by_two_actors_are_resolvable():
    """A term listed for several actors must be told apart by country or period."""
    table = actor_table()
    by_term = {}
    for row in ROWS:
        for term in split_list(row["arabic_names"]) + split_list(row["loaded_terms"]):
            by_term.setdefault(term, []).append(row["name"])
    for term, names in by_term.items():
        if len(names) < 2:
            continue
        keys = {(table[n].country, table[n].valid_from, table[n].valid_to) for n in names}
        assert len(keys) == len(names), f"{term!r} is ambiguous between {names}"


@pytest.mark.skipif(not SHARED_ACTORS.exists(), reason="../shared/ACTORS.tsv not present")
def test_every_shared_actor_and_arabic_name_is_in_the_table():
    table = actor_table()
    ours = {}
    for row in ROWS:
        ours[row["name"]] = set(
            split_list(row["arabic_names"]) + split_list(row["loaded_terms"]) + split_list(row["short_forms"])
            + split_list(row["state_names"])
        )
    lines = SHARED_ACTORS.read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        name, atype, country, arabic, *_ = line.split("\t")
        assert name in table, name
        assert table[name].actor_type == atype
        assert table[name].country == country
        missing = set(split_list(arabic)) - ours[name]
        assert not missing, (name, missing)
