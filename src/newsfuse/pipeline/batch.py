"""Articles in hand: read and clean them once, then summarize, analyze or group them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from newsfuse.analyze import analyze, names_in
from newsfuse.analyze.card import event_card
from newsfuse.analyze.headline import headline
from newsfuse.clean import clean_article
from newsfuse.errors import (
    ArticleTooLongError,
    ConfigError,
    EmptyArticleError,
    ErrorPolicy,
    NothingToSummarizeError,
    UsageError,
)
from newsfuse.events.clustering import Clock, cluster_articles, system_clock
from newsfuse.fuse.algorithms import Algorithm
from newsfuse.fuse.summarizer import Summarizer
from newsfuse.ingest import read_articles, with_unique_ids
from newsfuse.ingest.fetch import Fetcher
from newsfuse.ingest.fetch.poll import Progress
from newsfuse.model import Article, CleanedArticle, Digest, Event, EventDigest, Grouping, Problem, Summary
from newsfuse.model.analysis import Analysis
from newsfuse.model.event import events_from_assignments
from newsfuse.model.problems import ProblemLog
from newsfuse.settings import Settings, load_settings, with_overrides
from newsfuse.text.fingerprint import exact_copies
from newsfuse.text.language import detect_language
from newsfuse.text.tokens import reads


@dataclass(frozen=True, slots=True)
class Prepared:
    """Articles read and cleaned once, with ids made unique, and the problems met so far."""

    cleaned: tuple[CleanedArticle, ...]
    problems: tuple[Problem, ...] = ()
    names: Mapping[str, tuple[str, ...]] | None = None
    """The names each article mentions, by article id, once ``with_names`` found them."""

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(c.article for c in self.cleaned)

    def require(self) -> Prepared:
        """Itself, or ``NothingToSummarizeError`` (with every problem) when no article is usable."""
        if not self.cleaned:
            raise NothingToSummarizeError("no usable article in the input", problems=self.problems)
        return self


def with_names(prepared: Prepared) -> Prepared:
    """``prepared`` with the people, organisations and places each article names (what
    a store lets events be found by). Found before a store's transaction, the write lock
    is not held while the recogniser reads."""
    if prepared.names is not None:
        return prepared
    articles = prepared.articles
    return replace(prepared, names=dict(zip((a.id for a in articles), names_in(articles), strict=True)))


def read(
    paths: Iterable[str | Path] | str | Path,
    settings: Settings | None = None,
    *,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
) -> Prepared:
    """Read every article under ``paths`` and clean it. Unusable inputs become problems
    (or raise at the first, when ``settings.input.strict``). ``progress`` follows the
    fetching of URLs."""
    settings = settings or load_settings()
    policy = ErrorPolicy.RAISE if settings.input.strict else ErrorPolicy.SKIP
    fetcher = Fetcher(settings.fetch)
    try:
        ingested = read_articles(paths, policy=policy, stdin=stdin, fetcher=fetcher, progress=progress)
    finally:
        fetcher.close()
    return prepare(ingested.articles, settings, problems=ingested.problems)


def prepare(
    articles: Iterable[Article],
    settings: Settings | None = None,
    *,
    problems: Sequence[Problem] = (),
    unique_ids: bool = True,
) -> Prepared:
    """Give clashing ids a ``~2`` suffix (unless ``unique_ids`` is False: a part of a larger
    input, whose ids are made unique over all of it) and clean every article; one with no
    text left is a problem (or raises, when ``settings.input.strict``)."""
    settings = settings or load_settings()
    articles = list(articles)
    if not all(isinstance(article, Article) for article in articles):
        raise UsageError("prepare takes Article objects (newsfuse.Article)")
    found = ProblemLog(ErrorPolicy.RAISE if settings.input.strict else ErrorPolicy.SKIP)
    found.found.extend(problems)
    kept = []
    limit = settings.input.max_article_chars
    for article in with_unique_ids(articles) if unique_ids else articles:
        if len(article.text) > limit:
            where = article.origin or article.id
            found.report(
                ArticleTooLongError(
                    where, f"article {article.id!r} is {len(article.text):,} characters, more than {limit:,}"
                )
            )
            continue
        cleaned = clean_article(article)
        if cleaned.article.text.strip():
            kept.append(cleaned)
            continue
        only_headline = all(removal.rule == "title" for removal in cleaned.removals)
        if article.title and article.title.strip() and (not article.text.strip() or only_headline):
            # A headline with no body (a headline feed, or one that gives the headline as its
            # text too) is a short article; a page whose body was all boilerplate is not.
            headline = article.title.strip()
            kept.append(replace(cleaned, article=replace(cleaned.article, text=headline), removals=()))
            continue
        reason = "no text" if not article.text.strip() else "no story text left after removing boilerplate"
        found.report(EmptyArticleError(article.origin or article.id, f"article {article.id!r} has {reason}"))
    return Prepared(tuple(kept), tuple(found.found))


def summarize_prepared(
    prepared: Prepared, settings: Settings | None = None, *, algorithm: Algorithm | None = None
) -> Summary:
    """One cited summary of all the prepared articles (reports of one event); exact copies
    among them add no evidence. ``algorithm`` replaces the configured one."""
    settings = settings or load_settings()
    summarizer = Summarizer(settings, algorithm=algorithm)
    return summarizer.summarize(prepared.require().cleaned, problems=prepared.problems)


def analyze_summary(summary: Summary) -> Summary:
    """The summary with its event's headline, analysis and card (who, where, when, key
    quotes, evidence); copies add nothing to the analysis."""
    originals = _originals(summary.articles, {c.copy_id for c in summary.copies})
    analysis = analyze(originals)
    return replace(
        summary, headline=_headline(summary, originals), analysis=analysis, card=event_card(summary, analysis)
    )


def analyze_prepared(prepared: Prepared) -> Analysis:
    """Who is involved in the prepared articles (reports of one event) and when things
    happened; exact copies add nothing and are left out."""
    articles = prepared.require().articles
    analysis = analyze(_originals(articles, {c.copy_id for c in exact_copies(articles)}))
    return replace(analysis, problems=(*prepared.problems, *analysis.problems))


def _originals(articles: Sequence[Article], copy_ids: set[str]) -> list[Article]:
    """The articles that are no copy of another (the first one when all are)."""
    return [a for a in articles if a.id not in copy_ids] or list(articles[:1])


def summarize(
    articles: Iterable[Article | str] | str,
    *,
    words: int | None = None,
    sentences: int | None = None,
    algorithm: str | None = None,
    settings: Settings | None = None,
) -> Summary:
    """Summarize ``articles`` (Article objects or plain texts) in ``words`` or ``sentences``."""
    if words is not None and sentences is not None:
        raise ConfigError("give a budget in words or in sentences, not both")
    overrides = {"summary": {"words": words, "sentences": sentences, "algorithm": algorithm}}
    settings = with_overrides(settings, overrides) if settings is not None else load_settings(overrides)
    if isinstance(articles, str | Article):
        articles = [articles]
    if not isinstance(articles, Iterable):
        raise UsageError(f"summarize takes articles or texts, not {type(articles).__name__}")
    given = []
    for number, item in enumerate(articles, start=1):
        if not isinstance(item, str | Article):
            raise UsageError(f"summarize takes articles or texts; item {number} is {type(item).__name__}")
        given.append(item if isinstance(item, Article) else Article(id=str(number), text=item))
    return summarize_prepared(prepare(given, settings), settings)


def summarize_paths(
    paths: Iterable[str | Path] | str | Path,
    *,
    settings: Settings | None = None,
    stdin: BinaryIO | None = None,
) -> Summary:
    """Read, clean and fuse every article under ``paths``; raises
    ``NothingToSummarizeError`` when no usable article is left."""
    settings = settings or load_settings()
    return summarize_prepared(read(paths, settings, stdin=stdin), settings)


def group(prepared: Prepared, settings: Settings | None = None, *, clock: Clock = system_clock) -> Grouping:
    """Group a pile into events (``events.cluster_articles``), with a note on what will be
    grouped less well: articles with no date or in a language other than English."""
    settings = settings or load_settings()
    articles, notes = with_languages(prepared.require().articles)
    assignments = tuple(cluster_articles(articles, settings.clustering, clock=clock))
    published = {a.id: a.published for a in articles}
    return Grouping(
        articles=articles,
        assignments=assignments,
        events=events_from_assignments(assignments, published),
        problems=(*prepared.problems, *notes),
        settings={"clustering": settings.to_dict()["clustering"]},
    )


def digest_prepared(
    prepared: Prepared, settings: Settings | None = None, *, clock: Clock = system_clock
) -> Digest:
    """Group a pile into events and summarize each."""
    settings = settings or load_settings()
    grouping = group(prepared, settings, clock=clock)
    cleaned = {c.article.id: c for c in prepared.cleaned}
    cleaned.update({a.id: replace(cleaned[a.id], article=a) for a in grouping.articles})
    return digest_events(grouping.events, cleaned, settings, grouping.problems)


_WARM_UP = (
    "Crews from the Lindsey Harbour fire station put out a blaze at a bakery on Mill Road on "
    'Monday, 3 March 2025. "Nobody was hurt," said station chief Ada Morrow. Two reports '
    "said 12 firefighters attended; the council said 14 did. The bakery will reopen next week."
)


def warm_up(settings: Settings | None = None) -> None:
    """Load every model a digest uses (language identification, the summarizer's, the
    evidence encoder and support models, the name recogniser, the date parser) by digesting
    two short built-in reports: a service calls this at start, so that its first reader
    waits for none of them."""
    articles = [
        Article(id="warm-up-1", text=_WARM_UP, source="One", published=datetime(2025, 3, 3, tzinfo=UTC)),
        Article(id="warm-up-2", text=_WARM_UP.replace("Monday", "Monday morning"), source="Two"),
    ]
    digest_prepared(prepare(articles, settings), settings)


def digest_events(
    events: Sequence[Event],
    cleaned: dict[str, CleanedArticle],
    settings: Settings,
    problems: Sequence[Problem] = (),
    *,
    analyzed: bool = True,
) -> Digest:
    """Summarize (and, ``analyzed``, analyze) every event; events are ordered by their
    number of independent reports (copies do not count), then by their latest article."""
    per_event = with_overrides(settings, {"summary": {"words": settings.digest.words}})
    summarizer = Summarizer(per_event)
    digests = []
    for event in events:
        copy_ids = {c.copy_id for c in event.copies}
        members = [cleaned[i] for i in event.article_ids]
        evidence = [c for c in members if c.article.id not in copy_ids] or members[:1]
        summary = summarizer.summarize(evidence)
        analysis = analyze([c.article for c in evidence]) if analyzed else None
        digests.append(
            EventDigest(
                event=event,
                title=_headline(summary, [c.article for c in evidence]),
                articles=tuple(c.article for c in members),
                summary=summary,
                analysis=analysis,
                card=event_card(summary, analysis) if analysis else None,
            )
        )
    digests.sort(key=lambda e: (-e.sources, -e.latest, e.id))
    # An article the analysis leaves out is still summarized: a warning here, not a skip.
    left_out = dict.fromkeys(
        replace(p, level="warning") for d in digests if d.analysis for p in d.analysis.problems
    )
    return Digest(tuple(digests), (*problems, *left_out), settings.to_dict())


def _headline(summary: Summary, articles: Sequence[Article]) -> str:
    """The sources' most representative title, else a short summary sentence."""
    return headline(articles, [s.text for s in summary.sentences])


def with_languages(articles: Sequence[Article]) -> tuple[tuple[Article, ...], list[Problem]]:
    """The articles with their language identified where the input did not give it, and
    notes on the ones that will be grouped less well."""
    notes: list[Problem] = []
    result = []
    for article in articles:
        if article.language is None:
            article = replace(article, language=detect_language(article.text))
        if not reads(article.language):
            notes.append(
                Problem(
                    where=article.origin or article.id,
                    message=f"reads as {article.language}, not English or Vietnamese; "
                    "grouped by its words alone",
                    kind="language",
                    level="warning",
                )
            )
        result.append(article)
    undated = [a.id for a in result if a.published is None]
    if undated:
        listed = ", ".join(undated[:5]) + (f" and {len(undated) - 5} more" if len(undated) > 5 else "")
        notes.append(
            Problem(
                where="",
                message=f"{len(undated)} of {len(result)} articles have no publication date ({listed}): "
                "they are grouped by their words alone, and their events do not close by time",
                kind="undated",
                level="note",
            )
        )
    return tuple(result), notes


def prepare_bytes(data: bytes, settings: Settings | None = None, *, fmt: str | None, origin: str) -> Prepared:
    """The articles of one input given as bytes (a request's body): ``fmt`` names a reader
    (``json``, ``html``, ``text``...) or None to sniff it."""
    from newsfuse.ingest.sources import read_source

    settings = settings or load_settings()
    found = ProblemLog(ErrorPolicy.SKIP)
    articles = []
    for item in read_source(data, origin=origin, article_id=origin, fmt=fmt):
        if isinstance(item, Article):
            articles.append(item)
        else:
            found.report(item)
    return prepare(articles, settings, problems=found.found)
