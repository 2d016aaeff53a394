from pathlib import Path

from marsad.gazetteer import build_gazetteer
from marsad.gazetteer.prepared import load_prepared, prepared_path
from marsad.gazetteer.store import Gazetteer

FIXTURES = Path(__file__).with_name("fixtures") / "gazetteer" / "good"


def test_prepared_gazetteer_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "gaz.sqlite"
    build_gazetteer(FIXTURES, source)
    assert load_prepared(source) is None  # nothing cached yet
    gaz = Gazetteer.from_file(source)
    gaz.prepared_to = prepared_path(source)
    gaz.automaton_for(frozenset())  # first use writes the prepared copy
    again = load_prepared(source)
    assert again is not None and again.prepared_to is None
    assert again.places == gaz.places and again.names == gaz.names
    assert frozenset() in again._automata  # the automaton comes ready


def test_prepared_copy_is_not_used_once_the_file_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "gaz.sqlite"
    build_gazetteer(FIXTURES, source)
    before = prepared_path(source)
    build_gazetteer(FIXTURES, source, curated=False)  # rebuilt: another size or time
    assert prepared_path(source) != before


def test_unwritable_cache_is_not_an_error(tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x")
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(blocked))
    source = tmp_path / "gaz.sqlite"
    build_gazetteer(FIXTURES, source)
    gaz = Gazetteer.from_file(source)
    gaz.prepared_to = prepared_path(source)
    assert gaz.automaton_for(frozenset()) is not None
    assert load_prepared(source) is None
