"""Summaries and digests as one self-contained HTML file, for reading in a browser and
sharing by mail: inline CSS and a small inline script, no request to anywhere, and a
Content-Security-Policy that lets only that style and that script run (by their hashes),
so nothing an article carries can run or restyle the page."""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from newsfuse.model import Digest, Summary
from newsfuse.renderers.digest import describe_event, describe_storyline
from newsfuse.renderers.html_view import EventView, StorylineView, event_view
from newsfuse.renderers.summary import describe_summary

if TYPE_CHECKING:
    import jinja2

_HERE = Path(__file__).parent


def summary_to_html(summary: Summary, *, explain: bool = False) -> str:
    view = event_view(
        summary,
        event_id="event",
        headline=summary.headline or "Summary",
        meta=describe_summary(summary),
        analysis=summary.analysis,
        card=summary.card,
    )
    story = StorylineView(view.id, view.headline, "", (view,))
    return _page(summary.headline or "Summary", describe_summary(summary), [story], summary.skipped)


def digest_to_html(digest: Digest, *, explain: bool = False) -> str:
    views = {view.id: view for view in event_views(digest)}
    stories = [
        StorylineView(
            storyline.id,
            storyline.title,
            describe_storyline(storyline),
            tuple(views[event.id] for event in storyline.events),
        )
        for storyline in digest.storylines
    ]
    events = f"{len(views)} event{'' if len(views) == 1 else 's'}"
    if len(stories) != len(views):
        events += f" in {len(stories)} storyline{'' if len(stories) == 1 else 's'}"
    return _page("News digest", events, stories, digest.skipped)


def event_views(digest: Digest) -> list[EventView]:
    """What a page shows of each of the digest's events."""
    return [
        event_view(
            event.summary,
            event_id=event.id,
            headline=event.title,
            meta=describe_event(event),
            analysis=event.analysis,
            card=event.card,
        )
        for event in digest.events
    ]


def page_assets() -> tuple[str, str, str, str]:
    """The page's style and script, and their CSP hashes ("sha256-...")."""
    style = (_HERE / "static" / "report.css").read_text(encoding="utf-8")
    script = (_HERE / "static" / "report.js").read_text(encoding="utf-8")
    return style, _csp_hash(style), script, _csp_hash(script)


def template_folder() -> Path:
    """The folder of the event view's templates, for pages that show events too."""
    return _HERE / "templates"


def _page(title: str, subtitle: str, storylines: list[StorylineView], skipped: tuple[object, ...]) -> str:
    from markupsafe import Markup

    from newsfuse import __version__

    style, style_hash, script, script_hash = page_assets()
    return (
        _environment()
        .get_template("report.html")
        .render(
            title=title,
            subtitle=subtitle,
            storylines=storylines,
            events=[view for storyline in storylines for view in storyline.events],
            skipped=[str(problem) for problem in skipped],
            style=Markup(style),  # our own files, hashed into the policy
            script=Markup(script),
            style_hash=style_hash,
            script_hash=script_hash,
            version=__version__,
        )
    )


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(_HERE / "templates"),
        autoescape=True,  # every value escaped, in every template, whatever its file name
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
    )
