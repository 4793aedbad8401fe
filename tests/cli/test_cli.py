"""The `ketenmeldingen` command line against a fresh SQLite database."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text
from typer.testing import CliRunner

from app.cli import cli
from app.config import get_settings
from app.db import make_engine
from app.demo import DEMO_PARTNERS
from app.main import create_app
from tests.fixtures.app import make_settings


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("KETEN_DATABASE_URL", url)
    monkeypatch.setenv("KETEN_LOG_JSON", "true")
    get_settings.cache_clear()  # the CLI reads its settings through this cache
    yield url
    get_settings.cache_clear()


def _run(*args: str, exit_code: int = 0) -> Any:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == exit_code, (result.output, result.stderr, result.exception)
    return result


def _scalar(url: str, sql: str) -> Any:
    engine = make_engine(url)
    with engine.connect() as conn:
        value = conn.execute(text(sql)).scalar_one()
    engine.dispose()
    return value


def test_migrate_seed_and_create(database: str) -> None:
    assert "database is up to date" in _run("migrate").output
    engine = make_engine(database)
    assert {"partners", "clients", "detenties", "events", "alembic_version"} <= set(
        inspect(engine).get_table_names()
    )
    engine.dispose()
    assert "database is up to date" in _run("migrate").output  # again: nothing to do

    first = re.search(r"demo partners: (\d+) new", _run("seed-demo").output)
    assert first is not None
    assert int(first.group(1)) == len(DEMO_PARTNERS)
    assert "demo partners: 0 new" in _run("seed-demo").output  # idempotent
    assert _scalar(database, "SELECT count(*) FROM partners") == len(DEMO_PARTNERS)
    assert _scalar(database, "SELECT count(*) FROM clients") == len(DEMO_PARTNERS)

    created = json.loads(
        _run(
            "create-partner", "gemeente-groningen", "gemeente", "--gemeentecode", "0014", "--aangesloten"
        ).output
    )
    assert (created["naam"], created["rol"]) == ("gemeente-groningen", "gemeente")
    client = json.loads(_run("create-client", created["id"], "--client-id", "groningen-koppeling").output)
    assert client["clientId"] == "groningen-koppeling"
    assert client["clientSecret"] not in _scalar(
        database, "SELECT secret_hash FROM clients WHERE client_id = 'groningen-koppeling'"
    )

    # The credentials work against the API on that database.
    with TestClient(create_app(make_settings(database))) as api:
        r = api.post(
            "/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client["clientId"],
                "client_secret": client["clientSecret"],
            },
        )
        assert r.status_code == 200, r.text
        feed = api.get(
            "/api/v1/notificaties", headers={"Authorization": f"Bearer {r.json()['access_token']}"}
        )
        assert feed.status_code == 200, feed.text


def test_create_partner_for_every_role(database: str) -> None:
    _run("migrate")
    _run(
        "create-partner", "dji-noord", "dji", "--inrichting", "PI-GRONINGEN", "--inrichting", "PI-VEENHUIZEN"
    )
    _run("create-partner", "rn", "reclassering", "--organisatie", "RN")
    _run(
        "create-partner",
        "zvh",
        "bij_gemandateerde",
        "--bij-gemeentecode",
        "0014",
        "--bij-gemeentecode",
        "0080",
    )
    _run("create-partner", "le", "politie", "--oin", "00000001234567890123")
    assert _scalar(database, "SELECT count(*) FROM partner_inrichtingen") == 2
    assert _scalar(database, "SELECT count(*) FROM bij_mandaten") == 2
    assert _scalar(database, "SELECT oin FROM partners WHERE naam = 'le'") == "00000001234567890123"


def test_errors_are_messages_not_tracebacks(database: str) -> None:
    _run("migrate")
    _run("create-partner", "gemeente-groningen", "gemeente", "--gemeentecode", "0014")

    dubbel = _run("create-partner", "gemeente-groningen-2", "gemeente", "--gemeentecode", "0014", exit_code=1)
    assert "gemeentecode" in dubbel.stderr
    assert "Traceback" not in dubbel.output + dubbel.stderr

    ongeldig = _run("create-partner", "g", "gemeente", exit_code=1)
    assert "ongeldig: gemeentecode" in ongeldig.stderr
    onbekend = _run("create-client", "00000000-0000-4000-8000-000000000000", exit_code=1)
    assert "Partner niet gevonden" in onbekend.stderr
    _run("create-partner", "x", "koning", exit_code=2)  # typer: not a role
    assert _scalar(database, "SELECT count(*) FROM partners") == 1
    assert _scalar(database, "SELECT count(*) FROM clients") == 0
