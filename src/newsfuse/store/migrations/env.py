"""Alembic's entry point: runs the revisions on the connection the store passes in
``config.attributes``, inside the store's transaction (Alembic adds none of its own)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection


def run_on_the_store_connection() -> None:
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("newsfuse migrations run through newsfuse.store, which passes its connection")
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


run_on_the_store_connection()
