"""Clean: strip web boilerplate (comment forms, related links, share lines, captions, bylines)."""

from newsfuse.clean.boilerplate import clean_article

__all__ = ["clean_article"]
