"""Layered settings: packaged defaults -> user config file -> command-line flags.

The packaged defaults are ``marsad/data/settings.toml``. A user file is taken from the
``--config`` flag, else ``$MARSAD_CONFIG``, else ``~/.config/marsad/config.toml`` when it
exists. Flags are passed as a nested dict of overrides. Unknown sections or keys in a user
file are an error, so a typo does not pass silently.
"""
from __future__ import annotations

import copy
import os
from datetime import date
from pathlib import Path
from typing import Any, Mapping, Optional

from .resources import data_path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser from PyPI (a dependency there)
    import tomli as tomllib  # type: ignore[no-redef]

USER_CONFIG = Path("~/.config/marsad/config.toml")


class SettingsError(ValueError):
    """A user config file or flag names a setting that does not exist, or has the wrong type."""


def packaged_defaults() -> dict[str, dict[str, Any]]:
    with data_path("settings.toml").open("rb") as fh:
        return tomllib.load(fh)


def _merge(base: dict[str, dict[str, Any]], layer: Mapping[str, Any], origin: str) -> None:
    for section, values in layer.items():
        if section not in base or not isinstance(values, Mapping):
            raise SettingsError(f"{origin}: unknown settings section [{section}]")
        for key, value in values.items():
            if key not in base[section]:
                raise SettingsError(f"{origin}: unknown setting {section}.{key}")
            if value is None:
                continue
            expected = type(base[section][key])
            if expected is int and isinstance(value, str) and value.strip().lstrip("-").isdigit():
                value = int(value)
            if expected is str and type(value) is date:  # a TOML date ("published = 2023-01-25"), as text
                value = value.isoformat()
            if expected is float and isinstance(value, (int, str)) and not isinstance(value, bool):
                try:
                    value = float(value)  # "dedup_max_km = 5" means 5.0
                except ValueError:
                    pass
            if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                raise SettingsError(f"{origin}: {section}.{key} must be {expected.__name__}, got {value!r}")
            base[section][key] = value


def user_config_path(explicit: Optional[str | os.PathLike[str]] = None) -> Optional[Path]:
    """The user config file that applies, or None."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("MARSAD_CONFIG")
    if env:
        return Path(env).expanduser()
    default = USER_CONFIG.expanduser()
    return default if default.exists() else None


def load_settings(
    config: Optional[str | os.PathLike[str]] = None,
    overrides: Optional[Mapping[str, Mapping[str, Any]]] = None,
) -> dict[str, dict[str, Any]]:
    """Settings for a run: packaged defaults, then the user file, then ``overrides`` (flags)."""
    settings = copy.deepcopy(packaged_defaults())
    path = user_config_path(config)
    if path is not None:
        if not path.exists():
            raise SettingsError(f"config file not found: {path}")
        if path.is_dir():  # (a pipe, "--config <(...)", is no regular file but reads as one)
            raise SettingsError(f"config file {path} is a folder, not a TOML file")
        with path.open("rb") as fh:
            try:
                user = tomllib.load(fh)
            except tomllib.TOMLDecodeError as exc:
                raise SettingsError(f"{path}: {exc}") from exc
        _merge(settings, user, str(path))
    if overrides:
        _merge(settings, overrides, "command line")
    return settings
