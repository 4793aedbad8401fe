"""The schema history must match the models: every migration runs up and down on SQLite and PostgreSQL
with no drift from the models (`alembic check`), and the history has one head."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from app.db import make_engine
from app.migrate import alembic_config, downgrade, upgrade
from app.models import load_all_models
from tests.fixtures.databases import PgDatabases


def _migrate_both_ways(url: str) -> None:
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), load_all_models().metadata
        )
    assert diff == [], f"models and migrations differ: {diff}"
    downgrade(url, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(url)
    assert "detenties" in inspect(engine).get_table_names()
    engine.dispose()


def test_migrations_sqlite(tmp_path: Path) -> None:
    _migrate_both_ways(f"sqlite:///{tmp_path / 'm.db'}")


@pytest.mark.postgres
def test_migrations_postgresql(request: pytest.FixtureRequest) -> None:
    dbs: PgDatabases = request.getfixturevalue("pg_databases")
    _migrate_both_ways(dbs.create())


def test_alembic_has_a_single_head() -> None:
    heads: Callable[[], list[str]] = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads
    assert len(heads()) == 1, "migrations branch: give the new revision the current head as down_revision"
