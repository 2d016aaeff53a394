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


def test_without_tomllib_settings_read_toml_with_tomli(tmp_path):
    """Regression: marsad declares Python 3.10, which has no tomllib, but settings imported it
    unconditionally, so nothing ran there. Without tomllib, settings (and the alert rules, which use
    its parser) read TOML with tomli, which pyproject requires on Python 3.10."""
    import subprocess
    import sys

    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\nname = "x"\n', encoding="utf-8")
    # (a stand-in for tomli that counts its reads: tomli may not be installed where Python has tomllib)
    code = ("import sys, types\n"
            "try:\n    import tomllib as real\nexcept ImportError:\n    import tomli as real\n"
            "reads = []\n"
            "fake = types.ModuleType('tomli'); fake.loads = real.loads\n"
            "fake.load = lambda fh: reads.append(1) or real.load(fh)\n"
            "sys.modules['tomli'], sys.modules['tomllib'] = fake, None\n"
            "import marsad.settings as s, marsad.run.alerts as a\n"
            "defaults = s.packaged_defaults()\n"
            f"rules = a.read_data_file({str(rules)!r})\n"
            "print(len(reads), 'gazetteer' in defaults, rules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2 True {'rule': [{'name': 'x'}]}"


def test_pyproject_requires_tomli_where_python_has_no_tomllib():
    from pathlib import Path

    from marsad.settings import tomllib

    project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.10"
    assert "tomli>=1.1; python_version < '3.11'" in project["dependencies"]


def test_a_toml_date_is_read_as_the_date_text(tmp_path):
    # regression: "published = 2023-01-25" (a TOML date, unquoted) was refused: "must be str, got datetime.date"
    config = tmp_path / "c.toml"
    config.write_text("[extract]\npublished = 2023-01-25\n", encoding="utf-8")
    assert load_settings(config)["extract"]["published"] == "2023-01-25"
