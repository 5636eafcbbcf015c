"""A real PostgreSQL server of this machine's own, for tests and benchmarks: a new cluster
in a temporary folder, listening on 127.0.0.1 at a free port, stopped and deleted on exit.

It uses the server programs of the installed PostgreSQL (Debian's postgresql package puts
them in /usr/lib/postgresql/VERSION/bin). PostgreSQL refuses to run as root, so under root
the cluster belongs to the ``postgres`` user the package creates and its programs run as
that user.

    with LocalPostgres() as server:
        url = server.database("news")   # postgresql://newsfuse@127.0.0.1:PORT/news
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Self

USER = "newsfuse"


def server_programs() -> Path | None:
    """The folder of the newest installed PostgreSQL's server programs, or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class LocalPostgres:
    """One private PostgreSQL server; ``database(name)`` creates a database on it."""

    def __init__(self) -> None:
        self.programs = server_programs()
        self.port = 0
        self._folder: Path | None = None

    def __enter__(self) -> Self:
        if self.programs is None:
            raise RuntimeError("no PostgreSQL server programs found (install Debian's postgresql package)")
        self._folder = Path(tempfile.mkdtemp(prefix="newsfuse-postgres-"))
        data, sockets = self._folder / "data", self._folder / "sockets"
        sockets.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self._folder, "postgres")
            shutil.chown(sockets, "postgres")
        self._run("initdb", "-D", str(data), "-U", USER, "-A", "trust", "-E", "UTF8", "--no-sync")
        self.port = _free_port()
        options = (
            f"-p {self.port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        )
        self._run("pg_ctl", "-D", str(data), "-o", options, "-l", str(self._folder / "log"), "-w", "start")
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._folder is None:
            return
        try:
            self._run("pg_ctl", "-D", str(self._folder / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self._folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def database(self, name: str) -> str:
        """A new, empty database on the server, by URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def _run(self, program: str, *arguments: str) -> None:
        assert self.programs is not None
        command = [str(self.programs / program), *arguments]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed: {done.stderr.strip() or done.stdout.strip()}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
