import pytest

from marsad.settings import SettingsError, load_settings


def test_packaged_defaults_load():
    settings = load_settings(config=None)
    assert settings["extract"]["context_sentences"] == 1


def test_user_file_then_flags_override(tmp_path):
    user = tmp_path / "config.toml"
    user.write_text('[gazetteer]\npath = "/from/user"\n[store]\ndedup_max_km = 5\n', encoding="utf-8")
    settings = load_settings(user)
    assert settings["gazetteer"]["path"] == "/from/user"
    assert settings["store"]["dedup_max_km"] == 5.0  # regression: an integer for a float setting was refused
    settings = load_settings(user, {"gazetteer": {"path": "/from/flag"}})
    assert settings["gazetteer"]["path"] == "/from/flag"


def test_none_flag_keeps_lower_layer(tmp_path):
    user = tmp_path / "config.toml"
    user.write_text('[gazetteer]\npath = "/from/user"\n', encoding="utf-8")
    assert load_settings(user, {"gazetteer": {"path": None}})["gazetteer"]["path"] == "/from/user"


@pytest.mark.parametrize(
    "content",
    ['[nosuch]\nx = 1\n', '[gazetteer]\nnosuch = 1\n', '[extract]\ncontext_sentences = "many"\n', "not toml ["],
)
def test_bad_user_file_is_a_clear_error(tmp_path, content):
    user = tmp_path / "config.toml"
    user.write_text(content, encoding="utf-8")
    with pytest.raises(SettingsError):
        load_settings(user)


def test_missing_config_file_is_an_error(tmp_path):
    with pytest.raises(SettingsError):
        load_settings(tmp_path / "absent.toml")
