"""Conflicting numbers: two sentences that report the same thing with different counts.

A quantity is a number and the thing it counts ("14 people", "twelve firefighters", "10
percent"): the number, then the next content word within two words. Two sentences that
the support relation links conflict when they count the same thing with values that
neither sentence gives anywhere else ("14 people injured" against "12 people were
injured"); then the second is not cited as support for the first, and a reader sees both.
A hedged number ("more than 100", "about 60") or a measure within rounding of a
conversion ("12 kph" against "13 kph") is no conflict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsfuse.text.tokens import NUMBER_WORDS, STOPWORDS, stem, words_and_numbers

_PERCENT = re.compile(r"%")
_LOOK_AHEAD = 2
"""How many words after a number the thing it counts may come."""
_NOT_COUNTED = frozenset("am pm cent gmt utc local square per".split())
"""Words after a number that are not what it counts (a time of day, a unit's first word)."""
_HEDGES = frozenset(
    "about around some nearly almost roughly approximately over under more less fewer least "
    "most up than".split()
)
"""Words before a number that make it an estimate or a bound, not a count."""
_MEASURES = frozenset(
    "mph kph km kilometer kilometr mile meter metr feet foot inch pound kilogram kg ton tonn degre "
    "acr hectar yard".split()
)
"""Stems of units whose values are often converted and rounded."""
_ROUNDING = 0.1
_CONTEXT = 3
"""Words either side of a number that say what happened to what it counts."""


@dataclass(frozen=True, slots=True)
class Quantities:
    counted: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)
    """What is counted (a stem) -> the word as written, and the values given for it."""
    context: dict[str, frozenset[str]] = field(default_factory=dict)
    """What is counted (a stem) -> the content stems around its numbers (what happened to it)."""
    values: frozenset[str] = frozenset()
    """Every number the sentence gives, counted or not."""


def quantities(text: str) -> Quantities:
    """The things ``text`` counts and the values it gives them."""
    words = words_and_numbers(_PERCENT.sub(" percent", text))
    found: dict[str, set[str]] = {}
    written: dict[str, str] = {}
    around: dict[str, set[str]] = {}
    values = set()
    for position, word in enumerate(words):
        value = _value(word)
        if value is None:
            continue
        values.add(value)
        if position and words[position - 1] in _HEDGES:
            continue
        for following in words[position + 1 : position + 1 + _LOOK_AHEAD]:
            if _value(following) is not None:
                break
            if following in STOPWORDS or following in _NOT_COUNTED or len(following) < 3:
                continue
            thing = stem(following)
            found.setdefault(thing, set()).add(value)
            written.setdefault(thing, following)
            nearby = words[max(0, position - _CONTEXT) : position + _CONTEXT + 2]
            around.setdefault(thing, set()).update(
                stem(w) for w in nearby if w not in STOPWORDS and _value(w) is None and len(w) > 2
            )
            break
    counted = {thing: (written[thing], frozenset(found[thing])) for thing in found}
    context = {thing: frozenset(around[thing] - {thing}) for thing in found}
    return Quantities(counted=counted, context=context, values=frozenset(values))


def conflict(claim: Quantities, other: Quantities) -> str | None:
    """How ``other`` contradicts ``claim`` ("people: 14 against 12"), or None: both count a
    thing, and neither gives the other's value for it anywhere."""
    for thing in sorted(claim.counted.keys() & other.counted.keys()):
        word, values = claim.counted[thing]
        others = other.counted[thing][1]
        if values & other.values or others & claim.values:
            continue
        if thing in _MEASURES and _within_rounding(values, others):
            continue
        if not claim.context[thing] & other.context[thing]:
            continue  # nothing said of both counts alike: likely two different things counted
        return f"{word}: {', '.join(sorted(values))} against {', '.join(sorted(others))}"
    return None


def _within_rounding(values: frozenset[str], others: frozenset[str]) -> bool:
    for value in values:
        for other in others:
            try:
                a, b = float(value), float(other)
            except ValueError:
                continue
            if abs(a - b) <= _ROUNDING * max(abs(a), abs(b)):
                return True
    return False


def _value(word: str) -> str | None:
    """A number as digits without separators ("1,400" -> "1400", "twelve" -> "12")."""
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    if word[:1].isdigit():
        return word.replace(",", "")
    return None
