"""One typed configuration in sections, built from layers: packaged defaults
(``defaults.toml``) < a user file < environment variables < explicit overrides (flags or
keyword arguments). The CLI, the Python API and the service build it the same way, with
``load_settings``; each section checks its own values, so a bad one is refused wherever it
comes from.
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args, get_origin, get_type_hints

from newsfuse.errors import ConfigError
from newsfuse.model import Budget

if TYPE_CHECKING:
    from newsfuse.text.vectors import VectorSettings

ENV_PREFIX = "NEWSFUSE_"
MAX_WINDOW_DAYS = 36_500


def _share(section: str, name: str, value: float) -> None:
    if not (isinstance(value, int | float) and 0.0 < value <= 1.0):
        raise ConfigError(f"{section}.{name} must be above 0 and at most 1, not {value}")


def _at_least(section: str, name: str, value: int | float | None, least: float) -> None:
    if value is not None and not (isinstance(value, int | float) and value >= least):
        raise ConfigError(f"{section}.{name} must be at least {least:g}, not {value}")


@dataclass(frozen=True, slots=True)
class SummarySettings:
    """How long a summary is, how its sentences are chosen, which sentences may be chosen."""

    words: int = 100
    sentences: int | None = None
    """A sentence budget; when set, it replaces ``words``."""
    algorithm: str = "newsfuse.learned-beam.v1"
    algorithm_options: Mapping[str, float] = field(default_factory=dict)
    concept_model: str | None = None
    min_sentence_words: int = 8
    max_sentence_words: int = 55
    max_sentences: int = 20_000

    def __post_init__(self) -> None:
        _at_least("summary", "words", self.words, 1)
        _at_least("summary", "sentences", self.sentences, 1)
        _at_least("summary", "min_sentence_words", self.min_sentence_words, 1)
        _at_least("summary", "max_sentences", self.max_sentences, 1)
        if self.min_sentence_words > self.max_sentence_words:
            raise ConfigError("summary.min_sentence_words is larger than summary.max_sentence_words")
        for name, value in self.algorithm_options.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise ConfigError(f"summary.algorithm_options.{name} must be a number, not {value!r}")

    @property
    def budget(self) -> Budget:
        """Sentences when a sentence count is set, else words."""
        if self.sentences is not None:
            return Budget(sentences=self.sentences)
        return Budget(words=self.words)


@dataclass(frozen=True, slots=True)
class DigestSettings:
    """How a digest summarizes each of its events."""

    words: int = 80
    """Words per event summary."""

    def __post_init__(self) -> None:
        _at_least("digest", "words", self.words, 1)


@dataclass(frozen=True, slots=True)
class SupportSettings:
    """When a sentence of another article counts as reporting the same thing."""

    strong_similarity: float = 0.30
    min_similarity: float = 0.15
    one_way_coverage: float = 0.50
    mutual_coverage: float = 0.40
    quote_coverage: float = 0.60

    def __post_init__(self) -> None:
        for setting in fields(self):
            _share("support", setting.name, getattr(self, setting.name))


@dataclass(frozen=True, slots=True)
class ClusteringSettings:
    """How articles are grouped into events."""

    threshold: float = 0.25
    """Least cosine similarity between an article and an event's centroid to join it."""
    window_days: float = 7.0
    """An event that receives no article for this long (publication time) is closed."""
    near_duplicate_threshold: float = 0.8
    """Estimated Jaccard similarity of word shingles above which two texts are copies."""
    name_weight: float = 2.0
    """How much more a name (a capitalised word inside a sentence) or a number counts."""
    title_weight: float = 2.0
    """How much more a word of the headline counts."""
    max_terms: int = 60
    """Only an article's heaviest terms are kept: enough to place it, cheap to compare."""
    query_terms: int = 10
    """Candidate events are those sharing one of the article's heaviest terms, this many."""
    max_posting: int = 50
    """A term found in more open events than this is too common to find candidates by."""
    refine_passes: int = 5
    """For a pile known in advance: at most this many passes of moving articles to the
    event that suits them best (0: keep the single-pass events)."""

    def __post_init__(self) -> None:
        _share("clustering", "threshold", self.threshold)
        _share("clustering", "near_duplicate_threshold", self.near_duplicate_threshold)
        if not (
            isinstance(self.window_days, int | float)
            and math.isfinite(self.window_days)
            and 0 < self.window_days <= MAX_WINDOW_DAYS
        ):
            raise ConfigError(
                f"clustering.window_days must be above 0 and at most {MAX_WINDOW_DAYS}, "
                f"not {self.window_days}"
            )
        for name in ("name_weight", "title_weight"):
            _at_least("clustering", name, getattr(self, name), 0)
        for name in ("max_terms", "query_terms", "max_posting"):
            _at_least("clustering", name, getattr(self, name), 1)
        _at_least("clustering", "refine_passes", self.refine_passes, 0)

    @property
    def window(self) -> timedelta:
        return timedelta(days=self.window_days)

    @property
    def vectors(self) -> VectorSettings:
        from newsfuse.text.vectors import VectorSettings

        return VectorSettings(self.name_weight, self.title_weight, self.max_terms)

    def identity(self) -> dict[str, str]:
        """The settings a stored stream must keep: events formed under other ones differ."""
        return {"threshold": repr(self.threshold), "window_seconds": repr(self.window.total_seconds())}


@dataclass(frozen=True, slots=True)
class StoreSettings:
    """Where and how events are kept between runs."""

    lock_wait_seconds: float = 30.0
    """How long a run waits for another run's write lock before giving up."""

    def __post_init__(self) -> None:
        _at_least("store", "lock_wait_seconds", self.lock_wait_seconds, 0)


@dataclass(frozen=True, slots=True)
class InputSettings:
    """How inputs are read."""

    strict: bool = False
    """Stop at the first bad input instead of skipping it."""


@dataclass(frozen=True, slots=True)
class Settings:
    summary: SummarySettings = field(default_factory=SummarySettings)
    digest: DigestSettings = field(default_factory=DigestSettings)
    support: SupportSettings = field(default_factory=SupportSettings)
    clustering: ClusteringSettings = field(default_factory=ClusteringSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    input: InputSettings = field(default_factory=InputSettings)

    def to_dict(self) -> dict[str, Any]:
        """Every resolved setting, as recorded with a result."""
        data = asdict(self)
        data["summary"]["algorithm_options"] = dict(self.summary.algorithm_options)
        return data


_SECTIONS: dict[str, type] = dict(get_type_hints(Settings))

Overrides = Mapping[str, Mapping[str, Any]]
"""``{"summary": {"words": 80}, ...}``; ``None`` values are ignored."""


def load_settings(
    overrides: Overrides | None = None,
    *,
    config_file: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Build the settings from every layer."""
    environ = os.environ if environ is None else environ
    values: dict[str, dict[str, Any]] = {name: {} for name in _SECTIONS}
    packaged = resources.files("newsfuse").joinpath("defaults.toml").read_text("utf-8")
    layers = [_read_toml(packaged, "packaged defaults")]
    user_file = _user_file(config_file, environ)
    if user_file is not None:
        layers.append(_read_file(user_file))
    layers.append(_from_environment(environ))
    if overrides:
        layers.append(_checked(overrides, "override", skip_none=True))
    for layer in layers:
        for section, items in layer.items():
            values[section].update(items)
        summary = layer.get("summary", {})
        if summary.get("words") is not None and "sentences" not in summary:
            values["summary"]["sentences"] = None  # a word budget replaces a sentence one set below
    return Settings(**{name: _SECTIONS[name](**items) for name, items in values.items()})


def with_overrides(settings: Settings, overrides: Overrides) -> Settings:
    """``settings`` with some values replaced (checked as any override is)."""
    checked = _checked(overrides, "override", skip_none=True)
    sections = {}
    for name, items in checked.items():
        if name == "summary" and items.get("words") is not None and "sentences" not in items:
            items = {**items, "sentences": None}
        sections[name] = replace(getattr(settings, name), **items)
    return replace(settings, **sections)


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


def _read_file(path: Path) -> dict[str, dict[str, Any]]:
    try:
        return _read_toml(path.read_text("utf-8"), str(path))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read configuration ({error.strerror})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: configuration is not UTF-8 text") from None


def _read_toml(text: str, where: str) -> dict[str, dict[str, Any]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{where}: invalid TOML ({error})") from None
    return _checked(data, where)


def _checked(data: Mapping[str, Any], where: str, *, skip_none: bool = False) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = {}
    for section, items in data.items():
        if section not in _SECTIONS:
            hint = _section_of(section)
            raise ConfigError(
                f"{where}: unknown section {section!r}"
                + (f"; {section} belongs in [{hint}]" if hint else f"; known: {', '.join(_SECTIONS)}")
            )
        if not isinstance(items, Mapping):
            raise ConfigError(f"{where}: [{section}] must be a table of settings")
        result[section] = {
            name: _check(section, name, value, where)
            for name, value in items.items()
            if not (skip_none and value is None)
        }
    return result


def _section_of(name: str) -> str | None:
    for section, kind in _SECTIONS.items():
        if name in {f.name for f in fields(kind)}:
            return section
    return None


def _from_environment(environ: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    values: dict[str, dict[str, Any]] = {}
    for section, kind in _SECTIONS.items():
        for setting in fields(kind):
            variable = f"{ENV_PREFIX}{section.upper()}_{setting.name.upper()}"
            raw = environ.get(variable)
            if raw is None or raw == "" or setting.name == "algorithm_options":
                continue
            values.setdefault(section, {})[setting.name] = _parse(section, setting.name, raw, f"${variable}")
    return values


def _parse(section: str, name: str, raw: str, where: str) -> Any:
    kind = _field_type(section, name, where)
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


def _check(section: str, name: str, value: Any, where: str) -> Any:
    kind = _field_type(section, name, where)
    if name == "algorithm_options":
        if not isinstance(value, Mapping) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in value.values()
        ):
            raise ConfigError(f"{where}: summary.algorithm_options must be a table of numbers")
        return {str(k): float(v) for k, v in value.items()}
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ConfigError(f"{where}: {section}.{name} must be {kind.__name__}, got {value!r}")
    return value


def _field_type(section: str, name: str, where: str) -> type:
    types = _TYPES[section]
    if name not in types:
        known = ", ".join(sorted(types))
        raise ConfigError(f"{where}: unknown setting {section}.{name}; known in [{section}]: {known}")
    return types[name]


def _types(kind: type) -> dict[str, type]:
    """Each setting's type, read off the annotations (``int | None`` -> ``int``)."""
    types = {}
    for name, hint in get_type_hints(kind).items():
        options = [t for t in get_args(hint) if t is not type(None)] or [hint]
        types[name] = get_origin(options[0]) or options[0]
    return types


_TYPES = {section: _types(kind) for section, kind in _SECTIONS.items()}
