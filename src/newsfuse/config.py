"""One typed configuration, built from layers: packaged defaults < user file < environment
< explicit overrides (command-line flags or keyword arguments). The CLI and the Python API
build it through the same function, ``load_config``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

from newsfuse.errors import ConfigError
from newsfuse.model import Budget

ENV_PREFIX = "NEWSFUSE_"


@dataclass(frozen=True, slots=True)
class Config:
    words: int = 100
    sentences: int | None = None
    algorithm: str = "newsfuse.learned-beam.v1"
    algorithm_options: Mapping[str, float] = field(default_factory=dict)
    """Parameters of the selection algorithm (``[algorithm_options]`` in TOML)."""
    concept_model: str | None = None
    """A concept model file (``newsfuse train``) for the learned algorithms; None: the packaged one."""
    min_sentence_words: int = 8
    max_sentence_words: int = 55
    strong_similarity: float = 0.30
    min_similarity: float = 0.15
    one_way_coverage: float = 0.50
    mutual_coverage: float = 0.40
    quote_coverage: float = 0.60
    max_sentences: int = 20_000
    strict: bool = False

    @property
    def budget(self) -> Budget:
        """Sentences when a sentence count is set, else words."""
        if self.sentences is not None:
            return Budget(sentences=self.sentences)
        return Budget(words=self.words)


def _field_types() -> dict[str, type]:
    """Each setting's type, read off the ``Config`` annotations (``int | None`` -> ``int``)."""
    types = {}
    for name, hint in get_type_hints(Config).items():
        options = [t for t in get_args(hint) if t is not type(None)] or [hint]
        types[name] = get_origin(options[0]) or options[0]
    return types


_TYPES = _field_types()


def load_config(
    overrides: Mapping[str, Any] | None = None,
    *,
    config_file: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Build the configuration from every layer; ``None`` overrides are ignored."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    packaged = resources.files("newsfuse").joinpath("defaults.toml").read_text("utf-8")
    values.update(_read_toml(packaged, "packaged defaults"))
    user_file = _user_file(config_file, environ)
    if user_file is not None:
        values.update(_read_file(user_file))
    values.update(_from_environment(environ))
    if overrides:
        values.update({k: _check(k, v, "override") for k, v in overrides.items() if v is not None})
    if overrides and overrides.get("words") is not None and overrides.get("sentences") is None:
        values["sentences"] = None  # an explicit word budget replaces a configured sentence one
    return _build(values)


def _user_file(explicit: str | Path | None, environ: Mapping[str, str]) -> Path | None:
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{path}: configuration file not found")
        return path
    if environ.get(ENV_PREFIX + "CONFIG"):
        return Path(environ[ENV_PREFIX + "CONFIG"])
    base = Path(environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    candidate = base / "newsfuse" / "config.toml"
    return candidate if candidate.is_file() else None


def _read_file(path: Path) -> dict[str, Any]:
    try:
        return _read_toml(path.read_text("utf-8"), str(path))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read configuration ({error.strerror})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: configuration is not UTF-8 text") from None


def _read_toml(text: str, where: str) -> dict[str, Any]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{where}: invalid TOML ({error})") from None
    return {key: _check(key, value, where) for key, value in data.items()}


def _from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for setting in fields(Config):
        raw = environ.get(ENV_PREFIX + setting.name.upper())
        if raw is None or raw == "" or setting.name == "algorithm_options":
            continue
        values[setting.name] = _parse(setting.name, raw, f"${ENV_PREFIX}{setting.name.upper()}")
    return values


def _parse(name: str, raw: str, where: str) -> Any:
    kind = _field_type(name, where)
    if kind is bool:
        lowered = raw.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{where}: expected true or false, got {raw!r}")
    try:
        return kind(raw)
    except ValueError:
        raise ConfigError(f"{where}: expected {kind.__name__}, got {raw!r}") from None


def _check(name: str, value: Any, where: str) -> Any:
    kind = _field_type(name, where)
    if name == "algorithm_options":
        if not isinstance(value, Mapping) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in value.values()
        ):
            raise ConfigError(f"{where}: algorithm_options must be a table of numbers")
        return {str(k): float(v) for k, v in value.items()}
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ConfigError(f"{where}: {name} must be {kind.__name__}, got {value!r}")
    return value


def _field_type(name: str, where: str) -> type:
    known = {f.name for f in fields(Config)}
    if name not in known:
        raise ConfigError(f"{where}: unknown setting {name!r}; known: {', '.join(sorted(known))}")
    return _TYPES[name]


def _build(values: Mapping[str, Any]) -> Config:
    config = replace(Config(), **values)
    if config.words < 1 or (config.sentences is not None and config.sentences < 1):
        raise ConfigError("a summary budget must be at least 1 word or 1 sentence")
    if config.min_sentence_words > config.max_sentence_words:
        raise ConfigError("min_sentence_words is larger than max_sentence_words")
    for name in (
        "strong_similarity",
        "min_similarity",
        "one_way_coverage",
        "mutual_coverage",
        "quote_coverage",
    ):
        value = getattr(config, name)
        if not 0.0 < value <= 1.0:
            raise ConfigError(f"{name} must be above 0 and at most 1, not {value}")
    if config.max_sentences < 1:
        raise ConfigError("max_sentences must be at least 1")
    return config
