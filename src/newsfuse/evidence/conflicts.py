"""Two sentences that report one fact with values that cannot both be true.

A value conflict: both sentences give a value for the same slot (the same thing counted,
for the same person when a name owns it, in the same situation: a content word around
both numbers in common, or the only count of that thing on either side, time spans
aside), and no value the other gives for that slot agrees with the claim's: a bound and
a value inside it agree ("at least 60" and "65"; "about 180" and "157" do not). A
polarity conflict: one sentence denies what the other asserts ("will not direct"
against "to direct").
"""

from __future__ import annotations

from newsfuse.evidence.quantities import Bound, Mention, Quantities
from newsfuse.text.tokens import STOPWORDS, words_and_numbers

_ESTIMATE = 0.1
"""How far an estimate ("about 180") may be from a value and still agree with it."""
_MEASURES = frozenset(
    "mph kph km kilomet mile meter metr feet foot inch pound kilogram kg ton tonn degre acr hectar "
    "yard".split()
)
"""Stems of units whose values are often converted and rounded: within ``_ESTIMATE`` agrees."""
_DURATIONS = frozenset("second minut hour dai week month year decad centuri".split())
"""Stems of time spans: one story measures many things in them (a sentence, a delay, an
age of a law), so two spans match only in the same situation."""
_NEGATORS = frozenset("not never cannot".split())
_NEGATED_REACH = 3
"""How many words after "not" the denied word may come ("will not direct")."""


def conflict(claim: Quantities, other: Quantities) -> str | None:
    """How ``other`` contradicts ``claim`` ("people: 14 against 12"), or None.

    Each value of the claim is matched with the other sentence's value for the same slot
    that shares most with it (the owner, then the words around it); it conflicts when the
    two cannot both be true and neither sentence gives the other's value elsewhere.
    """
    for mention in claim.mentions:
        slot = _slot(mention, claim, other)
        if not slot or any(_agree(mention, n) for n in slot):
            continue  # nothing to compare, or one of the other's values agrees
        partner = _closest(mention, slot)
        if _partner(partner, other, claim) not in (mention, None):
            continue  # the other value belongs more to another of the claim's values
        if mention.owner is None and (mention.value in other.values or partner.value in claim.values):
            continue  # an unowned value given elsewhere may be this very slot
        return f"{mention.noun}: {mention.label()} against {partner.label()}"
    return None


def _partner(mention: Mention, own: Quantities, other: Quantities) -> Mention | None:
    """The value ``other`` gives for the slot of ``mention``, if one is clearly it."""
    slot = _slot(mention, own, other)
    return _closest(mention, slot) if slot else None


def _closest(mention: Mention, slot: list[Mention]) -> Mention:
    return max(slot, key=lambda n: (n.owner == mention.owner, len(n.context & mention.context)))


def _slot(mention: Mention, own: Quantities, other: Quantities) -> list[Mention]:
    """The values ``other`` gives for the slot of ``mention``."""
    if mention.owner and mention.owner not in other.names:
        return []  # the other sentence does not speak of whom the value belongs to
    alike = [n for n in other.mentions if n.thing == mention.thing]
    candidates = [n for n in alike if _same_slot(mention, n)]
    alone = len(alike) == 1 and sum(m.thing == mention.thing for m in own.mentions) == 1
    if not candidates and alone and not (mention.owner or alike[0].owner) and mention.thing not in _DURATIONS:
        # One count of the thing on each side of a pair that reports one fact ("Five dead"
        # against "24 dead"): one slot, whatever words surround them.
        return alike
    return candidates


def polarity_conflict(claim: str, other: str) -> str | None:
    """The word one sentence denies and the other asserts ("direct"), or None."""
    for denier, asserter in ((claim, other), (other, claim)):
        denied = _denied(denier)
        if not denied:
            continue
        asserted_words = words_and_numbers(asserter)
        asserted = {w for w in asserted_words if w not in STOPWORDS}
        if _negated(asserted_words):
            continue  # both deny something: no plain assertion against a denial
        both = denied & asserted
        if both:
            return f"{sorted(both)[0]} against not {sorted(both)[0]}"
    return None


def _denied(text: str) -> set[str]:
    words = words_and_numbers(text)
    denied = set()
    for position, word in enumerate(words):
        if word in _NEGATORS or word.endswith(("n't", "n’t")):
            for following in words[position + 1 : position + 1 + _NEGATED_REACH]:
                if following not in STOPWORDS:
                    denied.add(following)
                    break
    return denied


def _negated(words: list[str]) -> bool:
    return any(w in _NEGATORS or w.endswith(("n't", "n’t")) for w in words)


def _same_slot(a: Mention, b: Mention) -> bool:
    if a.owner and b.owner:
        return a.owner == b.owner
    return bool(a.context & b.context)


def _agree(a: Mention, b: Mention) -> bool:
    """Whether one value can make both true: their ranges meet."""
    low_a, high_a = _range(a)
    low_b, high_b = _range(b)
    return low_a <= high_b and low_b <= high_a


def _range(mention: Mention) -> tuple[float, float]:
    value = mention.value
    if mention.bound is Bound.AT_LEAST:
        return value, float("inf")
    if mention.bound is Bound.AT_MOST:
        return float("-inf"), value
    if mention.bound is Bound.ABOUT or mention.thing in _MEASURES:
        return value - _ESTIMATE * abs(value), value + _ESTIMATE * abs(value)
    return value, value
