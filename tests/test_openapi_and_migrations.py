"""The committed contract and the schema history: both must match the code."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from app.db import make_engine
from app.main import create_app
from app.migrate import downgrade, upgrade
from app.models import load_all_models
from app.openapi_doc import render
from tests.conftest import PgDatabases, make_settings

ROOT = Path(__file__).resolve().parent.parent


def test_committed_openapi_matches_the_app(tmp_path: Path) -> None:
    app = create_app(make_settings(f"sqlite:///{tmp_path / 'x.db'}"))
    committed = (ROOT / "openapi" / "openapi.json").read_text()
    assert render(app.openapi()) == committed, "openapi/openapi.json is stale: run `make openapi`"


def test_openapi_is_served_without_auth_and_uses_400_problems(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    app = create_app(make_settings(f"sqlite:///{tmp_path / 'x.db'}"))
    with TestClient(app) as client:
        r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    post = doc["paths"]["/api/v1/detenties"]["post"]["responses"]
    # 422 only for a reused Idempotency-Key; validation errors are 400.
    assert "Idempotency" in post["422"]["description"]
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    assert "application/problem+json" in post["400"]["content"]


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
    from alembic.script import ScriptDirectory

    from app.migrate import alembic_config

    heads: Callable[[], list[str]] = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads
    assert len(heads()) == 1, "migrations branch: give the new revision the current head as down_revision"


def test_every_operation_has_a_pinned_operation_id() -> None:
    """Renaming a router function must not change the contract: every operationId comes from the table."""
    from app.routers.operation_ids import OPERATION_IDS

    document = create_app().openapi()
    operations = {
        (m.upper(), p): op["operationId"] for p, item in document["paths"].items() for m, op in item.items()
    }
    assert operations == OPERATION_IDS
