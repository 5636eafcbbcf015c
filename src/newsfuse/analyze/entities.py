"""People, organisations and places, one entity per real-world referent.

spaCy finds the names; merging decides which names are one referent:

- people: the same full name whatever its spacing, hyphens and case ("Kim Jong-un" /
  "Kim Jong Un"); a transliteration that differs in a few letters beside a shared family
  name ("Jo Chol-su" / "Jo Chon-su": the rest of the name at least ``SAME_NAME`` similar,
  by rapidfuzz's normalised Indel ratio, so "Kim Jong-il" and "Kim Jong-un" stay two); a
  full name inside a longer one ("Tien Kim Jong-un"); a lone surname or family name ("Jo",
  "Trump") joins the one person who has it, and when several do (two Kims), the one last
  named before it in the same article, else none;
- organisations and places: the same words without "the" and dots ("U.S." / "US"), an
  acronym of a longer name ("US" / "United States"), and a capital written for its
  government ("Washington urged...", not "in Washington") with its country.

Roles come from the words the text sets beside a name: an apposition ("Jo Chol-su, head
of the North American Department, said") or a title before it ("North Korean diplomat Jo
Chol-su", "US President Donald Trump").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from newsfuse.model import Article
from newsfuse.model.analysis import Entity, Mention
from newsfuse.text.names import ROLES, SPEECH
from newsfuse.text.places import CAPITALS
from newsfuse.text.tokens import STOPWORDS, fold

KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "facility"}
"""spaCy's entity labels, as the kinds of entity the analysis keeps (nationalities and
numbers are not entities a reader looks for); a facility is a place built (a hospital, a
pier, a street)."""
SAME_NAME = 80.0
"""How alike (0-100) the rest of two names sharing a family name must be to be one name
written two ways."""
_MIN_REST = 4
"""Shorter remainders ("un" / "il") are too short to call a transliteration."""
_LOOSE_PART = 60
"""How alike (0-100) each part of a fully transliterated name must be to its counterpart."""
ROLE_NOUNS = ROLES | frozenset(
    "diplomat official officer head spokesperson minister negotiator lawyer attorney "
    "analyst expert researcher scientist economist editor reporter correspondent founder "
    "owner manager executive ceo chairperson member deputy aide adviser advisor candidate "
    "activist witness victim suspect police detective inspector prosecutor".split()
)
"""Nouns that end a title set before a name."""
_APPOSITION = re.compile(r",\s+((?:a|an|the)\s+)?([^,.;:\"“”()]{3,140}?)(?=,|\s+(?:" + SPEECH + r")\b)")
_POSSESSIVE = re.compile(r"['’]s$")
_TITLES = ROLE_NOUNS | frozenset(
    "mr mrs ms miss insp det supt sgt pc dci dc ds cmdr cpl pte maj lt col gen capt adm".split()
)
"""Words written before a name that are no part of it."""
_BUILT = frozenset(
    "street st road rd avenue ave lane boulevard blvd square sq pier quay wharf bridge highway "
    "motorway drive terminal station airport".split()
)
"""Last words of the name of something built: a facility, whatever the recogniser said."""
_LAND = (
    frozenset("port mount lake cape fort".split()),
    frozenset("point bay island islands river valley coast peninsula county province".split()),
)
"""First and last words of the name of a place ("Port Velmora", "Hessing Point")."""
_ORGANISATION_HEAD = re.compile(
    r"^(?:the\s+)?(?:[A-Z][\w'’&-]*\s+){1,6}(?:Bureau|Agency|Office|Ministry|Department|Commission|"
    r"Council|Committee|Authority|Service|Party|Union|Corporation|Company|Association|Institute)$"
)
"""A capitalised name ending in an organisation's head noun, whatever the recogniser's label."""
_CLAUSE_OPENERS = frozenset("which who whose whom where when that while as".split())
"""Words that open a clause about a name, not a role ("..., which runs the trains,")."""
_TRAILING_LOWER = re.compile(r"(?:\s+[a-z]+)+$")
_SHORT_WORDS = {"mt": "mount", "ft": "fort", "pt": "point", "&": "and"}
"""Abbreviations written in place names ("Mt Cook" is "Mount Cook")."""
_NAME_LINKS = frozenset("of and for the de".split())
"""Lower-case words a name may hold ("Ministry of Mines and Energy"); any other makes a
span no name to shorten ("High Street in Banstead")."""
_PLACE_WORDS = frozenset("in at to from near into outside around across via of inside".split())
_ABBREVIATION = re.compile(
    r"^(?:(?:[A-Z]\.)+|(?:Dr|Gen|Sen|Rep|Gov|Lt|Col|Capt|Adm|Sgt|Prof|Rev|Mr|Mrs|Ms)\.)$"
)
"""A word whose final dot ends an abbreviation ("U.S.", "Gen."), not a sentence."""


@dataclass(frozen=True, slots=True)
class _Found:
    kind: str
    mention: Mention
    words: tuple[str, ...]
    """The name's words, lower case, without dots, possessives or a leading "the"."""
    role: str | None
    stands_for: bool = False
    """A capital written for its country's government: an alias, not a spelling."""


def find_entities(articles: Sequence[Article], docs: Sequence[Any]) -> tuple[Entity, ...]:
    """The entities of ``articles`` (``docs``: their spaCy parses), most mentioned first."""
    found = [f for article, doc in zip(articles, docs, strict=True) for f in _names(article, doc)]
    found += _more_mentions(articles, found)
    found = _one_kind_per_name(_with_accents(found))
    groups = _merge_people([f for f in found if f.kind == "person"])
    groups += _merge_others([f for f in found if f.kind != "person"])
    groups.sort(key=lambda group: (-len(group), group[0].mention.article_id, group[0].mention.start))
    counts: Counter[str] = Counter()
    entities = []
    for group in groups:
        named = [f for f in group if not f.stands_for] or group  # a country is a place
        kind = Counter(f.kind for f in named).most_common(1)[0][0]
        counts[kind] += 1
        entities.append(_entity(f"{kind}-{counts[kind]}", kind, group))
    return tuple(entities)


def mentioned_names(article: Article, doc: Any) -> tuple[str, ...]:
    """The names ``article`` mentions (``doc``: its parse), as written, each once."""
    return tuple(dict.fromkeys(found.mention.text for found in _names(article, doc)))


def _names(article: Article, doc: Any) -> list[_Found]:
    found = []
    for span in doc.ents:
        kind = KINDS.get(span.label_)
        if kind is None and _ORGANISATION_HEAD.search(span.text):
            kind = "organisation"  # "the National Anti-Corruption Bureau", labelled a law
        if kind is None:
            continue
        # The small model runs a name over a paragraph break or into the next word
        # ("Mt Cook\n\nSun", "Mt. Cook National Park on"): the name stops there.
        text = _POSSESSIVE.sub("", _TRAILING_LOWER.sub("", span.text.split("\n")[0].rstrip()))
        start, end = span.start_char, span.start_char + len(text)
        if text.lower().startswith("the "):
            text, start = text[4:], start + 4
        while kind == "person" and " " in text and text.split()[0].lower().strip(".") in _TITLES:
            # "Insp Gaskin", "Dr. Marta Kelloway": the title is a role, not the name.
            rest = text[len(text.split()[0]) :]
            start += len(text) - len(rest.lstrip())
            text = rest.lstrip()
        words = tuple(_SHORT_WORDS.get(w, w) for w in re.split(r"\s+", text.replace(".", "").lower()) if w)
        if not words:
            continue
        mention = Mention(article.id, start, end, article.text[start:end])
        if kind == "place" and _names_a_government(article.text, start, end, " ".join(words)):
            # "Washington urged...": the country's government, one entity with the country.
            country = tuple(CAPITALS[" ".join(words)].split())
            found.append(_Found("organisation", mention, country, None, stands_for=True))
            continue
        if kind != "person":
            kind = _kind_by_shape(words, kind)
        role = _role(article.text, start, end) if kind == "person" else None
        found.append(_Found(kind, mention, words, role))
    return found


def _kind_by_shape(words: tuple[str, ...], kind: str) -> str:
    """What a name's own words say it is ("Danholm St." is built, "Hessing Point" is land),
    over the recogniser's guess; a one-word name says nothing."""
    if len(words) < 2:
        return kind
    if words[-1] in _BUILT:
        return "facility"
    if words[-1] in _LAND[1] or (words[0] in _LAND[0] and kind != "organisation"):
        return "place"  # "Port Authority" and "Cape Cod Times" stay organisations
    return kind


def _with_accents(found: list[_Found]) -> list[_Found]:
    """A name written without its accents ("Le Hoang Phong", as an English report writes a
    Vietnamese name) takes the accented spelling the cluster gives it ("Lê Hoàng Phong"),
    so the two are one name; names that differ in their accents stay apart ("Nguyễn Văn
    Hùng" and "Nguyễn Văn Hưng" are two people)."""
    accented: dict[tuple[str, ...], Counter[tuple[str, ...]]] = {}
    for item in found:
        if not all(word.isascii() for word in item.words):
            accented.setdefault(tuple(fold(w) for w in item.words), Counter())[item.words] += 1
    result = []
    for item in found:
        key = tuple(fold(w) for w in item.words)
        if key in accented and all(word.isascii() for word in item.words):
            item = replace(item, words=accented[key].most_common(1)[0][0])
        result.append(item)
    return result


def _one_kind_per_name(found: list[_Found]) -> list[_Found]:
    """A name the recogniser labels a person once and a place or organisation elsewhere
    ("Port Velmora cheered") takes the kind it is given most."""
    kinds: dict[str, Counter[str]] = {}
    for item in found:
        if not item.stands_for:  # "Moscow" for the government does not make Russia one
            kinds.setdefault(_compact(item.words), Counter())[item.kind] += 1
    return [
        item if item.stands_for else replace(item, kind=kinds[_compact(item.words)].most_common(1)[0][0])
        for item in found
    ]


def _more_mentions(articles: Sequence[Article], found: list[_Found]) -> list[_Found]:
    """Every other place a recognised name is written in the cluster: the recogniser
    often finds a name once and misses it elsewhere ("Waitrose" found in one sentence
    of twenty)."""
    forms: dict[str, _Found] = {}
    for item in found:
        if not item.stands_for and len(item.mention.text) >= 3 and item.mention.text[:1].isupper():
            forms.setdefault(item.mention.text, item)
    if not forms:
        return []
    pattern = re.compile(
        r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(forms, key=len, reverse=True))) + r")(?![\w-])"
    )
    covered: dict[str, list[tuple[int, int]]] = {}
    for item in found:
        covered.setdefault(item.mention.article_id, []).append((item.mention.start, item.mention.end))
    more = []
    for article in articles:
        spans = covered.get(article.id, [])
        for match in pattern.finditer(article.text):
            start, end = match.span()
            if any(s < end and start < e for s, e in spans):
                continue
            model = forms[match.group(0)]
            role = _role(article.text, start, end) if model.kind == "person" else None
            more.append(
                _Found(model.kind, Mention(article.id, start, end, match.group(0)), model.words, role)
            )
    return more


def _names_a_government(text: str, start: int, end: int, name: str) -> bool:
    """Whether a capital stands for its country's government here: no place word before
    it ("in Moscow"), no country after it ("Moscow, Russia")."""
    if name not in CAPITALS:
        return False
    before = text[max(0, start - 12) : start].lower().split()
    if before and before[-1] in _PLACE_WORDS:
        return False
    return not re.match(r"\s*,\s*[A-Z]", text[end : end + 4])


def _merge_people(found: list[_Found]) -> list[list[_Found]]:
    full = [f for f in found if len(f.words) > 1]
    groups: list[list[_Found]] = []
    for item in full:
        home = next((g for g in groups if any(_same_person(item.words, f.words) for f in g)), None)
        if home is None:
            groups.append([item])
        else:
            home.append(item)
    loose: list[list[_Found]] = []
    for item in (f for f in found if len(f.words) == 1):
        home = _owner_of_short_form(item, groups)
        if home is not None:
            home.append(item)
        else:
            same = next((g for g in loose if g[0].words == item.words), None)
            if same is None:
                loose.append([item])
            else:
                same.append(item)
    return groups + loose


def _same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if _compact(a) == _compact(b):
        return True
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) >= 2 and _compact(longer).endswith(_compact(shorter)):
        return True  # "tien kim jong-un" holds "kim jong-un"
    if a[0] == b[0] and a[-1] == b[-1] and len(a) != len(b):
        return True  # "duncan robert rait" and "duncan rait": a middle name ("nguyễn văn hùng"
        # and "nguyễn thị hùng", two middle names, are two people)
    from rapidfuzz import fuzz

    for shared, rest_a, rest_b in ((a[0] == b[0], a[1:], b[1:]), (a[-1] == b[-1], a[:-1], b[:-1])):
        if shared:
            x, y = _compact(rest_a), _compact(rest_b)
            if min(len(x), len(y)) >= _MIN_REST and fuzz.ratio(x, y) >= SAME_NAME:
                return True
    # Every part transliterated ("Dmytro Lesyk" / "Dmitri Lesik"): each part starts alike
    # and resembles its counterpart, the family name closely.
    return (
        len(a) == len(b)
        and all(x[0] == y[0] and fuzz.ratio(x, y) >= _LOOSE_PART for x, y in zip(a, b, strict=True))
        and fuzz.ratio(a[-1], b[-1]) >= SAME_NAME
        and fuzz.ratio(_compact(a), _compact(b)) >= _LOOSE_PART + 10
    )


def _owner_of_short_form(item: _Found, groups: list[list[_Found]]) -> list[_Found] | None:
    """The person a lone name belongs to: the only one with it, or the one last named
    before it in the same article."""
    word = item.words[0]
    owners = [g for g in groups if any(word in (f.words[0], f.words[-1]) for f in g)]
    if len(owners) == 1:
        return owners[0]
    before = [
        (f.mention.start, g)
        for g in owners
        for f in g
        if f.mention.article_id == item.mention.article_id and f.mention.start < item.mention.start
    ]
    return max(before, key=lambda pair: pair[0])[1] if before else None


def _merge_others(found: list[_Found]) -> list[list[_Found]]:
    groups: dict[str, list[_Found]] = {}
    for item in found:
        groups.setdefault(_compact(item.words), []).append(item)
    # An acronym joins the longer name whose initials it is ("us" -> "united states",
    # "nacb" -> "national anti-corruption bureau").
    by_initials: dict[str, str] = {}
    for key, group in groups.items():
        words = [w for w in group[0].words if w not in STOPWORDS]
        if len(words) > 1:
            by_initials.setdefault("".join(w[0] for w in words), key)
            by_initials.setdefault("".join(p[0] for w in words for p in w.split("-") if p), key)
    for key in list(groups):
        target = by_initials.get(key)
        if target is not None and target != key and len(groups[key][0].words) == 1:
            groups[target] += groups.pop(key)
    for key in sorted(groups, key=lambda k: len(groups[k][0].words)):
        target = _longer_form(key, groups)
        if target is not None:
            groups[target] += groups.pop(key)
    return list(groups.values())


def _longer_form(key: str, groups: dict[str, list[_Found]]) -> str | None:
    """The one longer name of the same kind that ``key`` is the short form of: its last
    words ("Velmora" of "Port Velmora", "the Bureau" of "National Anti-Corruption Bureau")
    or the words before its "of" ("the Ministry" of "Ministry of Mines and Energy"); None
    when no name or several names have it (two Ministries keep "the Ministry" apart)."""
    words, kind = groups[key][0].words, groups[key][0].kind
    owners = []
    for other, group in groups.items():
        longer = group[0].words
        if other == key or group[0].kind != kind or len(longer) <= len(words):
            continue
        if any(w.isalpha() and w.islower() and w not in _NAME_LINKS for w in group[0].mention.text.split()):
            continue
        head = longer[: longer.index("of")] if "of" in longer else ()
        if longer[-len(words) :] == words or head == words:
            owners.append(other)
    return owners[0] if len(owners) == 1 else None


def _entity(entity_id: str, kind: str, group: list[_Found]) -> Entity:
    written = Counter(f.mention.text for f in group if not f.stands_for) or Counter(
        f.mention.text for f in group
    )
    # The name in full where a source writes it so ("National Anti-Corruption Bureau", not "NACB").
    full = [text for text, _ in written.most_common() if len(text.split()) > 1]
    full += [text for text, _ in written.most_common() if len(text.split()) == 1 and kind != "person"]
    spellings = _distinct_spellings(full or [written.most_common(1)[0][0]])
    roles = Counter(f.role for f in group if f.role)
    # A role inside a longer one the sources also give ("leader" in "North Korean leader").
    shown = [r for r, _ in roles.most_common() if not any(r != o and r in o for o in roles)]
    mentions = tuple(sorted((f.mention for f in group), key=lambda m: (m.article_id, m.start)))
    return Entity(entity_id, kind, spellings[0], tuple(spellings), tuple(shown), mentions)


def _distinct_spellings(texts: list[str]) -> list[str]:
    """Forms that differ in more than case, spacing and dots, most used first; a form
    inside a longer one ("Kim Jong-un" in "Tien Kim Jong-un") is the same spelling."""
    kept: list[str] = []
    for text in texts:
        key = _spelling_key(text)
        if not any(key in _spelling_key(k) or _spelling_key(k) in key for k in kept):
            kept.append(text)
    return kept


def _spelling_key(text: str) -> str:
    return _compact(tuple(text.replace(".", "").lower().split()))


def _role(text: str, start: int, end: int) -> str | None:
    """The role the text gives the person named at ``text[start:end]``."""
    after = _APPOSITION.match(text, end)
    if after:
        words = after.group(2).split()
        # "Jo, head of the department, said" gives a role; "Lirath Cargo, which runs trains," none.
        lower_case = any(w[:1].islower() for w in words)
        if lower_case and len(words) <= 14 and words[0].lower() not in _CLAUSE_OPENERS:
            return after.group(2).strip()
    words = text[max(0, start - 80) : start].split()
    title: list[str] = []
    for word in reversed(words):
        clean = word.strip(",;:()\"“”'’")
        ends_sentence = word.endswith((".", "!", "?")) and not _ABBREVIATION.match(word)
        if clean != word or ends_sentence or not clean or clean.lower() in STOPWORDS or len(title) == 5:
            break
        title.insert(0, clean)
    while title and title[-1].lower().strip(".") not in ROLE_NOUNS:
        title.pop()  # the words next to the name must end in a role ("US President")
    return " ".join(title) or None


def _compact(words: tuple[str, ...]) -> str:
    return "".join(words).replace("-", "").replace("'", "").replace("’", "")
