"""One typed configuration in sections, built from layers: packaged defaults
(``defaults.toml``, the one place a default is written) < a user file < environment
variables < explicit overrides (flags or keyword arguments). The CLI, the Python API and
the service build it the same way, with ``load_settings``. Each section checks its own
values when it is made, so a bad value is refused wherever it comes from, and an error
names the layer that brought it.
"""

from __future__ import annotations

import ast
import difflib
import math
import os
import tomllib
import types as types_module
import typing
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
_MAX_CONFIG_BYTES = 1 << 20
MAX_WINDOW_DAYS = 36_500
MAX_LOCK_WAIT_SECONDS = 86_400
_DEFAULTS: dict[str, dict[str, Any]] = tomllib.loads(
    resources.files("newsfuse").joinpath("defaults.toml").read_text("utf-8")
)


def _default(section: str, name: str) -> Any:
    """A field's default, as ``defaults.toml`` writes it (None where it leaves one unset)."""
    value = _DEFAULTS[section].get(name)
    if isinstance(value, dict):
        return field(default_factory=lambda: dict(value))
    return value


def _share(section: str, name: str, value: float) -> None:
    if not 0.0 < value <= 1.0:
        raise ConfigError(f"{section}.{name} must be above 0 and at most 1, not {value}")


def _at_least(section: str, name: str, value: float | None, least: float) -> None:
    if value is not None and not value >= least:
        raise ConfigError(f"{section}.{name} must be at least {least:g}, not {value}")


def _check_types(section: str, settings: Any) -> None:
    """Every value has its field's type (an int where a float is asked is fine; a bool is
    never a number)."""
    for name, kind in _types(type(settings)).items():
        value = getattr(settings, name)
        if value is None and _optional(type(settings), name):
            continue
        if kind is Mapping:
            ok = isinstance(value, Mapping)
        elif kind is float:
            ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
            if ok and isinstance(value, int):  # 2 and 2.0 are one setting (stored settings compare text)
                object.__setattr__(settings, name, float(value))
        elif kind is int:
            ok = isinstance(value, int) and not isinstance(value, bool)
        else:
            ok = isinstance(value, kind)
        if not ok:
            raise ConfigError(f"{section}.{name} must be {_describe(kind)}, not {value!r}")


@dataclass(frozen=True, slots=True)
class SummarySettings:
    """How long a summary is, how its sentences are chosen, which sentences may be chosen."""

    words: int = _default("summary", "words")
    sentences: int | None = _default("summary", "sentences")
    """A sentence budget; when set, it replaces ``words``."""
    algorithm: str = _default("summary", "algorithm")
    algorithm_options: Mapping[str, float] = _default("summary", "algorithm_options")
    concept_model: str | None = _default("summary", "concept_model")
    min_sentence_words: int = _default("summary", "min_sentence_words")
    max_sentence_words: int = _default("summary", "max_sentence_words")
    max_sentences: int = _default("summary", "max_sentences")

    def __post_init__(self) -> None:
        _check_types("summary", self)
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

    words: int = _default("digest", "words")
    """Words per event summary."""

    def __post_init__(self) -> None:
        _check_types("digest", self)
        _at_least("digest", "words", self.words, 1)


@dataclass(frozen=True, slots=True)
class SupportSettings:
    """When two sentences say much the same thing: a summary never holds both (redundancy)."""

    strong_similarity: float = _default("support", "strong_similarity")
    min_similarity: float = _default("support", "min_similarity")
    one_way_coverage: float = _default("support", "one_way_coverage")
    mutual_coverage: float = _default("support", "mutual_coverage")
    quote_coverage: float = _default("support", "quote_coverage")

    def __post_init__(self) -> None:
        _check_types("support", self)
        for setting in fields(self):
            _share("support", setting.name, getattr(self, setting.name))


@dataclass(frozen=True, slots=True)
class ClusteringSettings:
    """How articles are grouped into events."""

    threshold: float = _default("clustering", "threshold")
    """Least cosine similarity between an article and an event's centroid to join it."""
    window_days: float = _default("clustering", "window_days")
    """An event that receives no article for this long (publication time) is closed."""
    near_duplicate_threshold: float = _default("clustering", "near_duplicate_threshold")
    """Estimated Jaccard similarity of word shingles above which two texts are copies."""
    name_weight: float = _default("clustering", "name_weight")
    """How much more a name (a capitalised word inside a sentence) or a number counts."""
    title_weight: float = _default("clustering", "title_weight")
    """How much more a word of the headline counts."""
    max_terms: int = _default("clustering", "max_terms")
    """Only an article's heaviest terms are kept: enough to place it, cheap to compare."""
    query_terms: int = _default("clustering", "query_terms")
    """Candidate events are those sharing one of the article's heaviest terms, this many."""
    max_posting: int = _default("clustering", "max_posting")
    """A term found in more open events than this is too common to find candidates by."""
    refine_passes: int = _default("clustering", "refine_passes")
    """For a pile known in advance: at most this many passes of moving articles to the
    event that suits them best (0: keep the single-pass events)."""
    meaning_weight: float = _default("clustering", "meaning_weight")
    """For short texts: the share of their similarity that comes from what they mean (the
    sentence encoder) rather than from the words they share (0: words only)."""
    meaning_max_words: int = _default("clustering", "meaning_max_words")
    """A text of at most this many words (a headline, a summary) is compared by meaning too."""
    meaning_threshold: float = _default("clustering", "meaning_threshold")
    """Least similarity for a short text to join an event that has short texts too (the
    two compared by meaning and words): meaning puts any two news texts a little close.
    Any other pair is compared by words alone, against ``threshold``."""

    storyline_threshold: float = _default("clustering", "storyline_threshold")
    """Least similarity between a new event's first report and a storyline to join it."""
    storyline_window_days: float = _default("clustering", "storyline_window_days")
    """A storyline that gains no article for this long (publication time) is closed."""
    cross_language_threshold: float = _default("clustering", "cross_language_threshold")
    """Least similarity of names, numbers and dates (``text.anchors``) for a report to join
    an event that has no report in its language."""

    def __post_init__(self) -> None:
        _check_types("clustering", self)
        _share("clustering", "meaning_threshold", self.meaning_threshold)
        _share("clustering", "storyline_threshold", self.storyline_threshold)
        _share("clustering", "cross_language_threshold", self.cross_language_threshold)
        if not 0 <= self.meaning_weight < 1:
            raise ConfigError(
                f"clustering.meaning_weight must be at least 0 and below 1, not {self.meaning_weight}"
            )
        _at_least("clustering", "meaning_max_words", self.meaning_max_words, 1)
        _share("clustering", "threshold", self.threshold)
        _share("clustering", "near_duplicate_threshold", self.near_duplicate_threshold)
        for name in ("window_days", "storyline_window_days"):
            days = getattr(self, name)
            if not 0 < days <= MAX_WINDOW_DAYS:
                raise ConfigError(
                    f"clustering.{name} must be above 0 and at most {MAX_WINDOW_DAYS}, not {days}"
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
    def storyline_window(self) -> timedelta:
        return timedelta(days=self.storyline_window_days)

    @property
    def vectors(self) -> VectorSettings:
        from newsfuse.text.vectors import VectorSettings

        return VectorSettings(self.name_weight, self.title_weight, self.max_terms)

    def keeping(self, recorded: Mapping[str, str]) -> tuple[ClusteringSettings, list[str]]:
        """These settings, except where one is at its shipped default and a database
        recorded another for its events: there the recorded one, so that a database keeps
        the rules its events were formed with when newsfuse's defaults change (a setting
        chosen on purpose must still match). Also names the settings kept."""
        days = {"window_seconds": "window_days", "storyline_window_seconds": "storyline_window_days"}
        ours = self.identity()
        changes: dict[str, Any] = {}
        for key, value in recorded.items():
            name = days.get(key, key)
            chosen = getattr(self, name, None) != _DEFAULTS["clustering"].get(name)
            if key not in ours or ours[key] == value or chosen:
                continue
            try:
                kept = ast.literal_eval(value)
            except (ValueError, SyntaxError):
                continue
            changes[name] = kept / 86_400 if key in days else kept
        if not changes:
            return self, []
        return replace(self, **changes), [f"{name} {value}" for name, value in changes.items()]

    def identity(self) -> dict[str, str]:
        """The settings a stored stream must keep: events formed under other ones differ.
        (Refinement applies to a pile only, so it is not among them.)"""
        values = {f.name: repr(getattr(self, f.name)) for f in fields(self) if f.name != "refine_passes"}
        del values["window_days"], values["storyline_window_days"]
        return {
            **values,
            "window_seconds": repr(self.window.total_seconds()),
            "storyline_window_seconds": repr(self.storyline_window.total_seconds()),
        }


@dataclass(frozen=True, slots=True)
class StoreSettings:
    """Where and how events are kept between runs."""

    lock_wait_seconds: float = _default("store", "lock_wait_seconds")
    """How long a run waits for another run's write lock before giving up."""

    def __post_init__(self) -> None:
        _check_types("store", self)
        _at_least("store", "lock_wait_seconds", self.lock_wait_seconds, 0)
        if self.lock_wait_seconds > MAX_LOCK_WAIT_SECONDS:  # SQLite counts it in 32-bit milliseconds
            raise ConfigError(
                f"store.lock_wait_seconds must be at most {MAX_LOCK_WAIT_SECONDS}, "
                f"not {self.lock_wait_seconds}"
            )


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """How pages and feeds are fetched from the web, safely."""

    timeout_seconds: float = _default("fetch", "timeout_seconds")
    max_bytes: int = _default("fetch", "max_bytes")
    """The largest body kept, after decompression."""
    max_redirects: int = _default("fetch", "max_redirects")
    per_host_delay_seconds: float = _default("fetch", "per_host_delay_seconds")
    max_connections: int = _default("fetch", "max_connections")
    per_host_connections: int = _default("fetch", "per_host_connections")
    respect_robots: bool = _default("fetch", "respect_robots")
    user_agent: str = _default("fetch", "user_agent")
    allow_private_hosts: str = _default("fetch", "allow_private_hosts")
    """Comma-separated host names or addresses that may resolve to non-public addresses."""

    def __post_init__(self) -> None:
        _check_types("fetch", self)
        _at_least("fetch", "timeout_seconds", self.timeout_seconds, 0.1)
        _at_least("fetch", "max_bytes", self.max_bytes, 1)
        _at_least("fetch", "max_redirects", self.max_redirects, 0)
        _at_least("fetch", "per_host_delay_seconds", self.per_host_delay_seconds, 0)
        _at_least("fetch", "max_connections", self.max_connections, 1)
        _at_least("fetch", "per_host_connections", self.per_host_connections, 1)
        if not self.user_agent.strip():
            raise ConfigError("fetch.user_agent must name newsfuse to the sites it reads")

    @property
    def private_hosts(self) -> frozenset[str]:
        return frozenset(h.strip().lower() for h in self.allow_private_hosts.split(",") if h.strip())


_A_WEEK_IN_MINUTES = 7 * 24 * 60


@dataclass(frozen=True, slots=True)
class WatchSettings:
    """How ``newsfuse watch`` follows feeds."""

    every_minutes: float = _default("watch", "every_minutes")
    page_attempts: int = _default("watch", "page_attempts")
    """Polls that try an item's page before the feed's own text stands for good."""
    longest_retry_minutes: float = _default("watch", "longest_retry_minutes")
    """The longest wait before a failing feed is polled again (the wait doubles with each failure)."""

    def __post_init__(self) -> None:
        _check_types("watch", self)
        _at_least("watch", "every_minutes", self.every_minutes, 0.1)
        if self.every_minutes > _A_WEEK_IN_MINUTES:
            week = _A_WEEK_IN_MINUTES
            raise ConfigError(
                f"watch.every_minutes must be at most a week ({week}), got {self.every_minutes:g}"
            )


@dataclass(frozen=True, slots=True)
class ServiceSettings:
    """How ``newsfuse serve`` answers."""

    token: str = field(default=_default("service", "token"), repr=False)
    """The bearer token writes need; "" for none."""
    public_reads: bool = _default("service", "public_reads")
    max_body_bytes: int = _default("service", "max_body_bytes")

    def __post_init__(self) -> None:
        _check_types("service", self)
        _at_least("service", "max_body_bytes", self.max_body_bytes, 1)
        if not self.public_reads and not self.token:
            raise ConfigError("service.public_reads = false needs a service.token")


@dataclass(frozen=True, slots=True)
class InputSettings:
    """How inputs are read."""

    strict: bool = _default("input", "strict")
    """Stop at the first bad input instead of skipping it."""
    max_article_chars: int = _default("input", "max_article_chars")
    """A longer article text is skipped: no news report comes close."""

    def __post_init__(self) -> None:
        _check_types("input", self)
        _at_least("input", "max_article_chars", self.max_article_chars, 1)


@dataclass(frozen=True, slots=True)
class Settings:
    summary: SummarySettings = field(default_factory=SummarySettings)
    digest: DigestSettings = field(default_factory=DigestSettings)
    support: SupportSettings = field(default_factory=SupportSettings)
    clustering: ClusteringSettings = field(default_factory=ClusteringSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    watch: WatchSettings = field(default_factory=WatchSettings)
    service: ServiceSettings = field(default_factory=ServiceSettings)
    input: InputSettings = field(default_factory=InputSettings)

    def to_dict(self) -> dict[str, Any]:
        """Every resolved setting, as recorded with a result (the service's token left out)."""
        data = asdict(self)
        data["service"]["token"] = "(set)" if self.service.token else ""
        data["summary"]["algorithm_options"] = dict(self.summary.algorithm_options)
        return data


_SECTIONS: dict[str, type] = dict(get_type_hints(Settings))

Overrides = Mapping[str, Mapping[str, Any]]
"""``{"summary": {"words": 80}, ...}``; ``None`` values are ignored."""

_RENAMED = {
    f"{ENV_PREFIX}{name.upper()}": f"{ENV_PREFIX}{section.upper()}_{name.upper()}"
    for section, items in _DEFAULTS.items()
    for name in items
    if name not in ("words",)
}
_RENAMED[f"{ENV_PREFIX}WORDS"] = f"{ENV_PREFIX}SUMMARY_WORDS"
"""Variables of newsfuse 0.1, before settings had sections."""


def load_settings(
    overrides: Overrides | None = None,
    *,
    config_file: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
    user_file: bool = True,
) -> Settings:
    """Build the settings from every layer. ``user_file=False`` leaves out the user's own
    file (``~/.config/newsfuse/config.toml``), as tests and reproducible runs want."""
    environ = os.environ if environ is None else environ
    layers: list[tuple[str, dict[str, dict[str, Any]]]] = []
    found = _user_file(config_file, environ, user_file)
    if found is not None:
        layers.append((str(found), _read_file(found)))
    layers += _from_environment(environ)
    settings = Settings()
    for where, layer in layers:
        try:
            settings = _applied(settings, layer)
        except ConfigError as error:
            raise ConfigError(f"{where}: {error}") from None
    return with_overrides(settings, overrides) if overrides else settings


def with_overrides(settings: Settings, overrides: Overrides) -> Settings:
    """``settings`` with some values replaced (checked as any override is)."""
    return _applied(settings, _checked(overrides, "setting", skip_none=True))


def _applied(settings: Settings, layer: Mapping[str, Mapping[str, Any]]) -> Settings:
    """One layer on top of ``settings``; a word budget replaces a sentence one set below."""
    sections = {}
    for name, items in layer.items():
        if name == "summary" and items.get("words") is not None and "sentences" not in items:
            items = {**items, "sentences": None}
        sections[name] = replace(getattr(settings, name), **items)
    return replace(settings, **sections)


def _user_file(explicit: str | Path | None, environ: Mapping[str, str], user_file: bool) -> Path | None:
    named = explicit if explicit is not None else environ.get(ENV_PREFIX + "CONFIG") or None
    if named is not None:
        path = Path(named)
        if not path.exists():
            raise ConfigError(f"{path}: configuration file not found")
        if not path.is_file():
            raise ConfigError(f"{path}: not a configuration file (a folder or a device)")
        return path
    if not user_file:
        return None
    try:
        base = Path(environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        candidate = base / "newsfuse" / "config.toml"
        return candidate if candidate.is_file() else None
    except (OSError, RuntimeError):  # an unreadable or unknown home: no user file to read
        return None


def _read_file(path: Path) -> dict[str, dict[str, Any]]:
    try:
        with path.open("rb") as stream:
            data = stream.read(_MAX_CONFIG_BYTES + 1)
        if len(data) > _MAX_CONFIG_BYTES:
            raise ConfigError(f"{path}: larger than a configuration file can be (1 MiB)")
        return _read_toml(data.decode("utf-8"), str(path))
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


def _from_environment(environ: Mapping[str, str]) -> list[tuple[str, dict[str, dict[str, Any]]]]:
    """One layer per ``NEWSFUSE_<SECTION>_<NAME>`` variable, so an error names it; an old,
    misspelt or unknown ``NEWSFUSE_`` variable is an error, not a setting silently ignored."""
    known = {
        f"{ENV_PREFIX}{section.upper()}_{f.name.upper()}": (section, f.name)
        for section, kind in _SECTIONS.items()
        for f in fields(kind)
        if f.name != "algorithm_options"
    }
    layers = []
    for variable, raw in sorted(environ.items()):
        if not variable.startswith(ENV_PREFIX) or variable == ENV_PREFIX + "CONFIG" or raw == "":
            continue
        if variable in _RENAMED:
            raise ConfigError(f"${variable} is now ${_RENAMED[variable]} (settings have sections)")
        if variable not in known:
            close = difflib.get_close_matches(variable, [*known, ENV_PREFIX + "CONFIG"], n=1)
            hint = f"; did you mean ${close[0]}?" if close else ""
            raise ConfigError(f"${variable}: no such newsfuse setting{hint}")
        section, name = known[variable]
        layers.append((f"${variable}", {section: {name: _parse(section, name, raw, f"${variable}")}}))
    return layers


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
        raise ConfigError(f"{where}: expected {_describe(kind)}, got {raw!r}") from None


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
        raise ConfigError(f"{where}: {section}.{name} must be {_describe(kind)}, got {value!r}")
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
        if get_origin(hint) in (typing.Union, types_module.UnionType):
            hint = next(t for t in get_args(hint) if t is not type(None))
        types[name] = get_origin(hint) or hint
    return types


def _optional(kind: type, name: str) -> bool:
    return type(None) in get_args(get_type_hints(kind)[name])


def _describe(kind: type) -> str:
    return {int: "a whole number", float: "a number", bool: "true or false", str: "text"}.get(
        kind, "a table" if kind in (dict, Mapping, typing.Mapping) else kind.__name__
    )


_TYPES = {section: _types(kind) for section, kind in _SECTIONS.items()}
