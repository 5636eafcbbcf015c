"""The JSON form of a summary: every citation as article id + character span."""

from __future__ import annotations

import json
from typing import Any

from newsfuse.model import Article, Summary

SCHEMA_VERSION = "1.0"


def summary_to_dict(summary: Summary, *, explain: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "algorithm": summary.algorithm,
        "budget": {"words": summary.budget.words, "sentences": summary.budget.sentences},
        "word_count": summary.word_count,
        "sentences": [
            {
                "text": sentence.text,
                "score": sentence.score,
                "sources": list(sentence.source_ids),
                "citations": [
                    {
                        "article_id": c.article_id,
                        "start": c.start,
                        "end": c.end,
                        "text": c.text,
                        "similarity": c.similarity,
                    }
                    for c in sentence.citations
                ],
            }
            for sentence in summary.sentences
        ],
        "articles": [article_to_dict(a) for a in summary.articles],
        "duplicates": [{"article_id": copy, "same_as": original} for copy, original in summary.duplicates],
        "skipped": [
            {"origin": e.origin, "line": e.line, "error": type(e).__name__, "message": e.message}
            for e in summary.skipped
        ],
    }
    if explain:
        data["cleaning"] = [
            {
                "article_id": c.article.id,
                "removed": [
                    {
                        "rule": r.rule,
                        "reason": r.reason,
                        "start": r.start,
                        "end": r.end,
                        "text": r.text,
                    }
                    for r in c.removals
                ],
            }
            for c in summary.cleaning
        ]
    return data


def article_to_dict(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "origin": article.origin,
    }


def to_json(summary: Summary, *, explain: bool = False) -> str:
    return json.dumps(summary_to_dict(summary, explain=explain), ensure_ascii=False, indent=2)
