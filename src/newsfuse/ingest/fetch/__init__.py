"""Fetching from the web, safely: public addresses only, every connection checked, with
size, time, redirect and content-type limits (``client.Fetcher``)."""

from newsfuse.ingest.fetch.client import FEED_TYPES, PAGE_TYPES, Fetched, Fetcher

__all__ = ["FEED_TYPES", "PAGE_TYPES", "Fetched", "Fetcher"]
