"""Who speaks a quotation: read around it, never inside it (``quote_marks``), from the
names the article gives, the verbs of saying beside it, the sentence before, and the other
pieces of the same quotation."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from newsfuse.analyze.quote_marks import Quotation
from newsfuse.model.analysis import Entity
from newsfuse.text.names import SPEECH

_SPEECH_WORD = re.compile(rf"\b(?:{SPEECH})\b", re.I)
_PRONOUN_AFTER = re.compile(rf"^[\s,.]*(he|she)\s+(?:{SPEECH})\b", re.I)
_CUE = re.compile(rf"\b(?:{SPEECH}|according to|warning|urging|saying|adding|calling)\b", re.I)
"""A verb of saying, or a phrase that reports speech."""
_LEAD_IN = re.compile(
    rf"(?:\b(?P<pronoun>he|she)\s+)?\b(?:{SPEECH}|according to)\b[^.!?\"“”]{{0,30}}[:,]?\s*$", re.I
)
"""What introduces a quotation right before it: `said:`, `told reporters:`, `she added:`."""
_UNSAID = object()
"""No words next to a quotation say who speaks it."""
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are)\s+$")
_LISTENER = re.compile(r"\b(?:told|tells|telling)\s+(?:the\s+)?$")
_ROLE_AFTER = re.compile(rf"^[\s,.]*the\s+([\w-]+(?:\s+[\w-]+){{0,2}}?)\s+(?:{SPEECH})\b", re.I)
_ROLE_BEFORE = re.compile(r"\bthe\s+([\w-]+(?:\s+[\w-]+){0,2}?)\s*$", re.I)
"""A role standing for the person who holds it ("the Secretary-General said")."""
_SENTENCE_BREAK = re.compile(r"[.!?]\s+\S")
_CLAUSE_BREAK = re.compile(r"\bthat\b|[.;!?]\s")
_AFTER_VERB = 12
"""How far after a verb of saying its speaker's name may start ("said Dr. Amundt")."""
_GENDERED = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+$", re.I)
_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Insp|Det|Rev|St)\.\s")
"""A title's full stop, which ends no sentence ("said Dr. Liesel Amundt")."""
_ATTRIBUTION = 80
"""How long the words between two pieces of one quotation may be (`"A," he said. "B."`)."""
_NEAR = 60
"""How many characters from the quotation its speaker's name may stand."""
_APPOSITION = 160
"""How long an apposition between a speaker's name and "said" may be."""
_APPOSED = re.compile(rf",\s*[^.!?\"“”\n]{{1,{_APPOSITION}}}?\b(?:{SPEECH})\b")


@dataclass(frozen=True, slots=True)
class Named:
    """Where an article names an entity that can speak."""

    start: int
    end: int
    entity: Entity


def attribute(
    text: str, quotations: Sequence[Quotation], named: list[Named], sentences: list[int]
) -> list[tuple[Quotation, Named | None]]:
    """Each quotation with its speaker, from ``text`` (the article with its quotations
    blanked), the ``named`` entities outside them (in order) and the ``sentences``' starts.
    The pieces of one quotation (paragraphs it runs
    over, or pieces its attribution interrupts: `"A," he said. "B."`) share the speaker
    one of them is attributed to, wherever that attribution stands; a quotation
    attributed nowhere takes the speaker its context gives."""
    chains: list[list[tuple[Quotation, int, int]]] = []
    for quotation in quotations:
        start, end = _with_marks(text, quotation.start, quotation.end)
        if chains and (quotation.continues or _interrupted(text, chains[-1][-1][2], start)):
            chains[-1].append((quotation, start, end))
        else:
            chains.append([(quotation, start, end)])
    found = []
    for chain in chains:
        attributions = [_attribution(text, start, end, named, sentences) for _, start, end in chain]
        first = None
        for number, (quotation, start, _) in enumerate(chain):
            # Its own attribution, else the nearest one before it, else the first after it.
            nearest = [*reversed(attributions[: number + 1]), *attributions[number + 1 :]]
            given = next((a for a in nearest if a is not _UNSAID), _UNSAID)
            if given is not _UNSAID:
                speaker = given
            elif number == 0:
                speaker = first = _in_context(text, start, named, sentences)
            else:
                speaker = first
            found.append((quotation, speaker if isinstance(speaker, Named) else None))
    return found


def _attribution(text: str, start: int, end: int, named: list[Named], sentences: list[int]) -> object:
    """Who the words next to the quotation at ``text[start:end]`` (marks included) say
    speaks it (a person, an organisation, or None for someone unnamed), or ``_UNSAID``."""
    after = text[end : end + _NEAR]
    pronoun = _PRONOUN_AFTER.match(after)
    if pronoun:
        return _antecedent(text, start, named, sentences, pronoun.group(1))
    near_after = [p for p in named if end <= p.start <= end + _NEAR and _one_stretch(text[end : p.start])]
    for person in near_after:
        if _LISTENER.search(text, end, person.start) or _owner(text, person):
            continue  # `"...," Ghanem told the Associated Press`: the agency listens
        if _SPEECH_WORD.search(text[end : person.end + 25]) or _said_after_apposition(text, person.end):
            # "said UNHCR spokesman Adrian Edwards": the person the organisation employs.
            employed = [
                p
                for p in near_after
                if p.start > person.end
                and p.entity.kind == "person"
                and _in_title(text[person.end : p.start])
            ]
            return employed[0] if person.entity.kind != "person" and employed else person
    role = _ROLE_AFTER.match(after)
    if role:  # `"...," the Secretary-General said`
        return _holder(role.group(1), named)
    opening = _sentence_starts(text, start, sentences)[0]
    lead_in = _LEAD_IN.search(text, max(0, start - _NEAR), start)
    if lead_in and lead_in.group("pronoun"):
        return _antecedent(text, lead_in.start(), named, sentences, lead_in.group("pronoun"))
    if lead_in:  # `Jo said: "..."`, `According to Jo, "..."`
        return _subject(text, min(opening, lead_in.start()), start, named)
    if text[:start].rstrip().endswith(":"):  # `Mr Gunness disagreed with the minister: "..."`
        in_clause = [p for p in named if opening <= p.start < start]
        people = [p for p in in_clause if p.entity.kind == "person"]
        return (people or in_clause)[0] if in_clause else None
    return _UNSAID


def _in_context(text: str, start: int, named: list[Named], sentences: list[int]) -> Named | None:
    """The speaker of a quotation no attribution stands beside: who says it in its sentence
    (a phrase quoted in reported speech), or the speaker of the sentence before."""
    opening, previous = _sentence_starts(text, start, sentences)
    if _cues(text, opening, start):
        return _subject(text, opening, start, named)
    if previous is not None and not text[opening:start].strip():
        # A quotation that is a sentence of its own, attributed nowhere near it, continues
        # the speaker of the sentence before it, when that one reports speech.
        return _subject(text, previous, opening, named)
    return None


def _subject(text: str, start: int, end: int, named: list[Named]) -> Named | None:
    """Who says something in ``text[start:end]``: the name nearest before its verb of
    saying ("A Foreign Office spokeswoman said"), else the name right after it ("said
    Dr. Amundt", "according to Jo"); never the listener ("told the Herald"). A name set
    off between commas before the verb describes the speaker named before it ("Jenna
    Coleman, who plays Clara, said"), and an organisation names where the person named
    just before it works ("Ben Stephenson, controller of BBC Drama, said")."""
    cues = _cues(text, start, end)
    if not cues:
        return None
    cue = cues[-1]  # the verb nearest the words said governs them
    # "Kafoury's son said": the owner does not speak.
    before = [p for p in named if start <= p.start and p.end <= cue.start() and not _owner(text, p)]
    if before:
        return _described(text, before, cue.start())
    role = _ROLE_BEFORE.search(text, start, cue.start())
    if role:  # "The Secretary-General said"
        return _holder(role.group(1), named)
    if cue.group().lower().startswith(("told", "tells")):
        return None
    after = [p for p in named if cue.end() <= p.start < end and _one_stretch(text[cue.end() : p.start])]
    return after[0] if after and after[0].start - cue.end() <= _AFTER_VERB else None


def _cues(text: str, start: int, end: int) -> list[re.Match[str]]:
    """The verbs of saying in ``text[start:end]`` whose subject speaks: not a passive one
    ("his role was announced")."""
    return [
        c
        for c in _CUE.finditer(text, start, end)
        if not _PASSIVE.search(text, max(start, c.start() - 8), c.start())
    ]


def _owner(text: str, person: Named) -> bool:
    """Whether the name is a possessive ("Kafoury's son")."""
    return text.startswith(("'s", "’s"), person.end)


def _holder(role: str, named: list[Named]) -> Named | None:
    """The one person named in the article whose role ends with ``role``'s last word
    ("the Secretary-General" -> Ban Ki-moon, "UN Secretary-General"); None if none or
    several."""
    head = role.lower().split()[-1]
    holders = {
        p.entity.id: p
        for p in named
        if p.entity.kind == "person" and any(r.lower().split()[-1:] == [head] for r in p.entity.roles)
    }
    return next(iter(holders.values())) if len(holders) == 1 else None


def _in_title(between: str) -> bool:
    """Whether the words between an organisation and a name are a title ("spokesman",
    "Co-Founder"), so the name is the organisation's person."""
    return len(between.split()) <= 4 and not any(mark in between for mark in ',.;:"“”')


def _described(text: str, before: list[Named], verb: int) -> Named:
    """The speaker among the names before a verb of saying at ``verb``."""
    nearest = before[-1]
    lead = text[:verb].rstrip()
    if lead.endswith(","):  # "NAME, who plays Clara, said": the insertion opens after NAME
        opening = lead.rfind(",", 0, len(lead) - 1)
        outside = [p for p in before if p.end <= opening and not text[p.end : opening].strip()]
        if outside:
            return outside[-1]
    if nearest.entity.kind != "person":
        people = [p for p in before if p.entity.kind == "person"]
        if people and not _CLAUSE_BREAK.search(text, people[-1].end, nearest.start):
            return people[-1]
    return nearest


def _antecedent(
    text: str, position: int, named: list[Named], sentences: list[int], pronoun: str
) -> Named | None:
    """Who "he" or "she" before a verb of saying at ``position`` is: the speaker of the
    sentence before when it reports speech (an unnamed "site foreman" stays unnamed), else
    the last person of that gender named before."""
    opening, previous = _sentence_starts(text, position, sentences)
    if _cues(text, opening, position):
        return _subject(text, opening, position, named)
    if previous is not None and _cues(text, previous, opening):
        return _subject(text, previous, opening, named)
    female = pronoun.lower() == "she"
    fitting = [
        p for p in named if p.end <= position and p.entity.kind == "person" and _may_be(text, p, female)
    ]
    if not fitting:
        return None
    # The person the text was last about: the first named in the last sentence naming one.
    index = bisect_right(sentences, fitting[-1].start) - 1
    sentence_start = sentences[index] if index >= 0 else 0
    return next(p for p in fitting if p.start >= sentence_start)


def _may_be(text: str, person: Named, female: bool) -> bool:
    """Whether "he" (or "she") can stand for ``person``: no "Ms" for he, no "Mr" for she."""
    title = _GENDERED.search(text, max(0, person.start - 6), person.start)
    return title is None or (title.group(1).lower() != "mr") == female


def _with_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of a quotation with its marks and the punctuation that closes it."""
    while start > 0 and text[start - 1] in " \"“„«'‘`":
        start -= 1
    while end < len(text) and text[end] in " ,;:.!?\"”»'’":
        end += 1
    return start, end


def _interrupted(text: str, previous_end: int, start: int) -> bool:
    """Whether the words between two quotations are only the first one's attribution."""
    between = text[previous_end:start].strip()
    # `"A," he said. "B."`: one sentence of attribution, nothing after it.
    return (
        len(between) <= _ATTRIBUTION
        and bool(_SPEECH_WORD.search(between))
        and not _SENTENCE_BREAK.search(between)
        and not between.endswith(":")  # `Jo says: "B."` introduces a quotation of its own
    )


def _sentence_starts(text: str, position: int, sentences: list[int]) -> tuple[int, int | None]:
    """Where the sentence holding ``position`` starts, and where the one before it does."""
    index = bisect_right(sentences, position) - 1
    opening = sentences[index] if index >= 0 else 0
    return opening, sentences[index - 1] if index >= 1 else None


def _one_stretch(between: str) -> bool:
    """Nothing between a quotation and a name that would part them: no line or sentence
    end, no other quotation."""
    between = _TITLE.sub(" ", between)
    return not any(mark in between for mark in ("\n", ". ", '"', "“", "”"))


def _said_after_apposition(text: str, name_end: int) -> bool:
    """`Jo Chol-su, head of the North American Department ..., said`, `Fares Ghanem, a
    hospital official told`."""
    return bool(_APPOSED.match(text, name_end))
