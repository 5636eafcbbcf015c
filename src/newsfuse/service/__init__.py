"""newsfuse as a service: a REST API (FastAPI) over the same library calls as the command
line (``pipeline``, ``store``, ``renderers``); no logic of its own."""

from newsfuse.service.app import create_app

__all__ = ["create_app"]
