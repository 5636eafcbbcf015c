"""Shared fixtures: the example cluster shipped in the repo, and ../shared when present."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "harbor-fire"
SHARED = Path(os.environ.get("SHARED", ROOT.parent / "shared"))
"""The benchmark data and seeds (``SHARED=...``, as for ``make bench``)."""

settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture
def seeds_dir() -> Path:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"the seed reports are not present at {seeds}")
    return seeds


@pytest.fixture(autouse=True)
def no_user_configuration(monkeypatch, tmp_path_factory):
    """Tests see newsfuse's own defaults, not the developer's configuration file or
    variables (subprocesses inherit the same clean environment)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    for variable in list(os.environ):
        if variable.startswith("NEWSFUSE_"):
            monkeypatch.delenv(variable)


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server, started for this test session (``evaluate.local_postgres``)."""
    from newsfuse.evaluate.local_postgres import LocalPostgres, server_programs

    if server_programs() is None:
        pytest.skip("PostgreSQL's server programs are not installed (Debian's postgresql package)")
    with LocalPostgres() as server:
        yield server


@pytest.fixture
def postgres_url(postgres_server, request):
    """A new database on the session's PostgreSQL server, by URL."""
    import re

    name = re.sub(r"[^a-z0-9_]", "_", request.node.name.lower())[:50]
    return postgres_server.database(f"{name}_{os.getpid()}_{id(request)}")


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",  # this machine's network is closed: no calls home
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright (its own browser downloads are not
    used). Per module: Playwright's synchronous API holds an event loop while it runs, which
    the async tests of other modules need free."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the browser tests need playwright (make test)"
    )
    if not Path(CHROMIUM).exists():
        pytest.skip("the browser tests need Debian's chromium package (make test installs it as root)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()
