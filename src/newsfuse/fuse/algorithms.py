"""Summary algorithms: a concept weigher and a search, each registered by name.

The algorithm names users pick (``newsfuse algorithms``) are pairs with their default
options; ``[summary.algorithm_options]`` sets an option of either part by its name.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from newsfuse.errors import ConfigError
from newsfuse.fuse.concept_model import ConceptModel, load_concept_model
from newsfuse.fuse.search import Search, Selection, SelectionInput
from newsfuse.fuse.weights import Weigher
from newsfuse.registry import algorithms, searches, weighers


@dataclass(frozen=True, slots=True)
class AlgorithmSpec:
    weigher: str
    search: str
    weigher_options: Mapping[str, float] = field(default_factory=dict)
    search_options: Mapping[str, float] = field(default_factory=dict)


COVERAGE = AlgorithmSpec(
    "newsfuse.article-count.v1",
    "newsfuse.greedy.v1",
    {"single_source_weight": 0.25},
    {"length_exponent": 0.5, "lead_weight": 1.0},
)
CONCEPT_ILP = AlgorithmSpec("newsfuse.article-count.v1", "newsfuse.ilp.v1", {"single_source_weight": 0.0})
LEARNED_COVERAGE = AlgorithmSpec(
    "newsfuse.learned.v1", "newsfuse.greedy.v1", {"corroboration": 0.0}, {"lead_weight": 1.0}
)
LEARNED_ILP = AlgorithmSpec("newsfuse.learned.v1", "newsfuse.ilp.v1", {"corroboration": 0.0})
LEARNED_BEAM = AlgorithmSpec(
    "newsfuse.learned.v1",
    "newsfuse.beam.v1",
    # corroboration: chosen by 5-fold cross-validation on the Multi-News sample with the
    # packaged model (benchmarks/tune.py --packaged-model); the model never saw that data.
    {"corroboration": 3.0},
    {"width": 6, "branch": 4, "length_exponent": 0.5, "lead_weight": 0.0},
)


@dataclass(frozen=True, slots=True)
class Algorithm:
    """A named, configured algorithm: weigh every concept, then search for the sentences."""

    name: str
    weigher: Weigher
    search: Search

    def select(self, task: SelectionInput) -> list[Selection]:
        if not task.features.concept_table.concepts:
            return []
        return self.search.search(task, self.weigher.weigh(task.features))

    def describe(self) -> dict[str, Any]:
        """The parts and every option, as recorded with a summary."""
        return {
            "name": self.name,
            "weigher": _options(self.weigher),
            "search": _options(self.search),
        }


def build_algorithm(
    name: str, options: Mapping[str, float] | None = None, *, model: ConceptModel | None = None
) -> Algorithm:
    """The algorithm registered as ``name``; ``options`` override its parts' defaults, and
    ``model`` replaces the packaged concept model of a learned weigher."""
    spec: AlgorithmSpec = algorithms.get(name)
    weigher_factory = weighers.get(spec.weigher)
    search_factory = searches.get(spec.search)
    weigher_options, search_options = dict(spec.weigher_options), dict(spec.search_options)
    for option, value in (options or {}).items():
        if option in _options_of(weigher_factory):
            weigher_options[option] = value
        elif option in _options_of(search_factory):
            search_options[option] = value
        else:
            known = sorted(_options_of(weigher_factory) + _options_of(search_factory))
            raise ConfigError(
                f"algorithm {name!r} takes no option {option!r}; its options: {', '.join(known)}"
            )
    takes_model = "model" in _parameters(weigher_factory)
    if model is not None and not takes_model:
        raise ConfigError(f"algorithm {name!r} uses no concept model")
    if takes_model:
        weigher_options["model"] = model or load_concept_model()  # type: ignore[assignment]
    return Algorithm(name, weigher_factory(**weigher_options), search_factory(**search_options))


def _parameters(factory: Any) -> list[str]:
    """What a part's factory takes by name: a dataclass's fields, else its signature's."""
    if dataclasses.is_dataclass(factory):
        return [f.name for f in dataclasses.fields(factory) if f.init]
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return [p.name for p in inspect.signature(factory).parameters.values() if p.kind in kinds]


def _options_of(factory: Any) -> list[str]:
    """The options a user may set: every parameter but the concept model (``concept_model``
    in the settings chooses that)."""
    return [name for name in _parameters(factory) if name != "model"]


def _options(part: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"class": type(part).__name__}
    for item in dataclasses.fields(part) if dataclasses.is_dataclass(part) else ():
        value = getattr(part, item.name)
        if isinstance(value, ConceptModel):
            value = value.identity or {"name": "(in memory)"}
        values[item.name] = value
    return values
