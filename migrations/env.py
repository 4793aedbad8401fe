"""Alembic environment: URL from the caller (app.migrate) or KETEN_DATABASE_URL; metadata from app.models."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import text

from app.config import get_settings
from app.db import UTCDateTime, is_sqlite, make_engine
from app.models import load_all_models

config = context.config
target_metadata = load_all_models().metadata


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Migrations must not import app code: render UTCDateTime as the plain column type it stores."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_online() -> None:
    url = config.attributes.get("database_url") or get_settings().database_url
    engine = make_engine(url)
    with engine.connect() as connection:
        if not is_sqlite(url):
            # Fail fast instead of queueing behind a long transaction and blocking everyone else.
            connection.execute(text("SET lock_timeout = '10s'"))
            connection.execute(text("SET statement_timeout = '300s'"))
            connection.commit()
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=is_sqlite(url),
            compare_type=True,
            render_item=render_item,
            transaction_per_migration=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline mode is not supported: run against a database")
run_migrations_online()
