"""The history of the database schema as Alembic revisions (``versions/``), and how a
store brings a database to the newest one or checks that it is there.

Releases before Alembic kept their schema number in ``settings.schema_version``; schema 2
is revision ``0002``, the base revision, so a new database is created by running every
revision, the same way an old one is upgraded. Alembic runs here without an ini file, on
the store's own connection and inside its write transaction: creating or upgrading a
database happens under the write lock and is all or nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, column, inspect, select, table

from newsfuse.errors import StoreSchemaError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

HEAD = "0006"
"""The newest revision (a test checks that the scripts agree): a database already there is
opened without loading Alembic and its scripts, which costs about 0.3 s a run."""
_VERSION = table("alembic_version", column("version_num"))

_LEGACY_REVISIONS = {"2": "0002"}
"""The revision that each schema number of a release before Alembic is."""
_OLD_SETTINGS = table("settings", column("key"), column("value"))


def upgrade_to_head(connection: Connection, url: str) -> str | None:
    """Create the schema in an empty database, or upgrade an older one; refuse a
    database that is not newsfuse's or is newer. Call inside a write transaction. Returns
    the schema an existing database was upgraded from (None: new, or already newest)."""
    if _at_head(connection):
        return None
    from alembic import command
    from alembic.script import ScriptDirectory

    config = _config(connection)
    scripts = ScriptDirectory.from_config(config)
    revision, stamped = _found_revision(connection, url)
    if revision == scripts.get_current_head():
        return None
    if revision is not None:
        _refuse_unknown(scripts, revision, url)
        if not stamped:
            command.stamp(config, revision)
    command.upgrade(config, "head")
    return _number(revision) if revision is not None else None


def check_current(connection: Connection, url: str) -> None:
    """Refuse a database that is not at the newest schema, without changing it (a
    reader never migrates)."""
    if _at_head(connection):
        return
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(_config(connection))
    revision, _ = _found_revision(connection, url)
    if revision is None:
        raise StoreSchemaError(url, "an empty database (add articles with newsfuse add)")
    if revision == scripts.get_current_head():
        return
    _refuse_unknown(scripts, revision, url)
    raise StoreSchemaError(
        url,
        f"database schema {_number(revision)}; newsfuse upgrade --db (or the next newsfuse add) upgrades it",
    )


def _at_head(connection: Connection) -> bool:
    if not inspect(connection).has_table("alembic_version"):
        return False
    return connection.execute(select(_VERSION.c.version_num)).scalar() == HEAD


def _found_revision(connection: Connection, url: str) -> tuple[str | None, bool]:
    """The database's revision (None when it has no tables at all), and whether it is
    recorded for Alembic (False for a database of a release before Alembic)."""
    tables = set(inspect(connection).get_table_names())
    if not tables:
        return None, False
    if not {"articles", "settings"} <= tables:
        raise StoreSchemaError(url, "not a newsfuse database (it holds other tables)")
    if "alembic_version" in tables:
        from alembic.runtime.migration import MigrationContext

        revision = MigrationContext.configure(connection).get_current_revision()
        if revision is not None:
            return revision, True
    return _legacy_revision(connection, url), False


def _legacy_revision(connection: Connection, url: str) -> str:
    """The revision that a database of a release before Alembic is at, by the schema
    number it keeps in its settings."""
    query = select(_OLD_SETTINGS.c.value).where(_OLD_SETTINGS.c.key == "schema_version")
    version = connection.execute(query).scalar()
    if version is None:
        raise StoreSchemaError(url, "not a newsfuse database (it holds other tables)")
    if version == "1":
        raise StoreSchemaError(
            url,
            "database schema 1 is too old for this newsfuse; upgrade it once with newsfuse 0.1 "
            "(one newsfuse add of that release), then use it here",
        )
    if version not in _LEGACY_REVISIONS:
        raise StoreSchemaError(url, f"database schema {version}, which this newsfuse does not know")
    return _LEGACY_REVISIONS[version]


def _refuse_unknown(scripts: ScriptDirectory, revision: str, url: str) -> None:
    """A revision no script describes was written by a newer newsfuse."""
    if revision not in {script.revision for script in scripts.walk_revisions()}:
        head = scripts.get_current_head() or "none"
        raise StoreSchemaError(
            url,
            f"database schema {_number(revision)} is newer than this newsfuse reads "
            f"(schema {_number(head)}); upgrade newsfuse",
        )


def _number(revision: str) -> str:
    """How a schema is named to users: ``0004`` is schema 4."""
    return str(int(revision)) if revision.isdigit() else revision


def _config(connection: Connection) -> Config:
    from alembic.config import Config

    config = Config()
    folder = str(Path(__file__).parent).replace("%", "%%")  # the ini syntax reads % specially
    config.set_main_option("script_location", folder)
    config.attributes["connection"] = connection
    return config
