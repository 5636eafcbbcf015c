"""People a summary names must have been introduced in it.

News introduces a person once, by full name or by role ("Sam Rainsy", "Prime Minister Hun
Sen"), and later uses the surname alone ("Rainsy said..."). A summary sentence taken from
deep in an article keeps the bare surname; standing where its introduction is absent, it
names someone the reader has never met. A surname is tracked when the cluster gives it a
full name and treats it as a person's (after "Mr."/"Dr." or before "said"): places and
organisations ("Port Velmora"/"Velmora") stay out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newsfuse.text.names import ROLES, SPEECH
from newsfuse.text.tokens import STOPWORDS

_PARTICLES = "bin|ibn|al|el|de|da|di|du|del|della|der|van|von|la|le"
_CAPITALISED_RUN = re.compile(rf"[A-Z][\w'’.-]*(?:\s+(?:(?:{_PARTICLES})\s+)?[A-Z][\w'’.-]*)*")
"""Capitalised words in a row, with the particles of names between them ("Osama bin Laden")."""
HONORIFICS = frozenset("mr mrs ms miss mme mr. mrs. ms.".split())
"""Words that mark a person without saying who they are."""
_NOT_PEOPLE = frozenset(
    "party ministry council agency news times post press university college company corp inc "
    "bank group union association court committee department office army navy force forces "
    "police service station airport port bay river city county state states republic kingdom "
    "church hospital school street avenue road house center centre club league team fund "
    "institute foundation organization organisation airlines airways exchange market".split()
)
"""Words that make a capitalised run an organisation or a place, not a person."""
_BEFORE_SPEECH = re.compile(r"\b([A-Z][\w'’-]*)\s+(?:" + SPEECH + r")\b")
"""A capitalised word before "said": a person's name, or an organisation's."""
_AFTER_PLACE_WORD = re.compile(r"\b(?:in|into|from|across|throughout|near|inside|outside)\s+([A-Z][\w'’-]*)")
"""A capitalised word after "in": a place ("in Thailand"), whoever "Thailand said"."""
_NOT_NAMES = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday the a an in on at for of and but "
    "after before when while as if this that these those it its his her their new "
    "one two three four five six seven eight nine ten".split()
)

_NOT_A_FIRST_NAME = _NOT_NAMES | ROLES | HONORIFICS | STOPWORDS


@dataclass(frozen=True, slots=True)
class People:
    """Surnames of the people of a cluster, each with one of its full names."""

    full_names: dict[str, str]

    def introduced_in(self, text: str) -> set[str]:
        """Surnames this sentence introduces: by full name or by role."""
        found = set()
        for run in _runs(text):
            words = run.split()
            surname = _key(words[-1])
            if surname not in self.full_names or len(words) < 2:
                continue
            before = _key(words[-2])
            if before not in HONORIFICS:
                found.add(surname)  # "Sam Rainsy", "Prime Minister Hun Sen", "President Clinton"
        return found

    def named_in(self, text: str) -> set[str]:
        """Surnames this sentence names, however (a surname that qualifies the words after it,
        as in "the Nobel Prize", names no one)."""
        return {_key(run.split()[-1]) for run in _runs(text)} & self.full_names.keys()


def people_of(texts: Iterable[str]) -> People:
    """The people a cluster names (``texts``: all its sentences)."""
    full: dict[str, str] = {}
    personal: set[str] = set()
    places: set[str] = set()
    for text in texts:
        personal.update(_key(m.group(1)) for m in _BEFORE_SPEECH.finditer(text))
        places.update(_key(m.group(1)) for m in _AFTER_PLACE_WORD.finditer(text))
        for run in _runs(text):
            words = run.split()
            names = words
            while names and _key(names[0]) in _NOT_A_FIRST_NAME:
                names = names[1:]
            if _looks_like_a_name(names):
                full.setdefault(_key(names[-1]), " ".join(names))
            if len(words) >= 2 and _key(words[-2]) in HONORIFICS:
                personal.add(_key(words[-1]))
    return People({surname: name for surname, name in full.items() if surname in personal - places})


def unintroduced(texts: Sequence[str], people: People) -> list[set[str]]:
    """For sentences read in this order: the surnames each names before any sentence up to
    and including it has introduced them."""
    introduced: set[str] = set()
    missing = []
    for text in texts:
        introduced |= people.introduced_in(text)
        missing.append(people.named_in(text) - introduced)
    return missing


def introduce_first(order: list[int], texts: Sequence[str], people: People) -> list[int]:
    """``order`` with any sentence that introduces someone moved before the first sentence
    that names them bare (sentences otherwise keep their order)."""
    result = list(order)
    for _ in range(len(result)):
        missing = unintroduced([texts[i] for i in result], people)
        position = next((p for p, names in enumerate(missing) if names), None)
        if position is None:
            return result
        later = next(
            (
                p
                for p in range(position + 1, len(result))
                if missing[position] & people.introduced_in(texts[result[p]])
            ),
            None,
        )
        if later is None:
            return result
        result.insert(position, result.pop(later))
    return result


def _looks_like_a_name(words: list[str]) -> bool:
    """Two to four words, none of them an organisation's or a place's, none shouted
    ("RIP PRODIGY", "IOC"), the last no title."""
    return (
        2 <= len(words) <= 4
        and not any(_key(w) in _NOT_PEOPLE | _NOT_NAMES or w.isupper() for w in words)
        and _key(words[-1]) not in ROLES | HONORIFICS
    )


def _runs(text: str) -> list[str]:
    """Runs of capitalised words, the first word of the sentence left out when it is a
    common word ("The", "After")."""
    return [m.group(0) for m in _CAPITALISED_RUN.finditer(text)]


def _key(word: str) -> str:
    return word.strip(".,;:'’\"“”()").lower().removesuffix("'s").removesuffix("’s")
