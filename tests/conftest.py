"""Fixtures. Every database test runs on SQLite and on PostgreSQL, on a schema built by Alembic.

Isolation: each test starts from empty tables (rows deleted after the test), not from a rolled-back
transaction: the concurrency, long-poll and worker tests need real commits seen by other connections and
processes. PostgreSQL is at KETEN_TEST_POSTGRES_URL (default the local server); it is mandatory when CI=true
and skipped with a message otherwise.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError
from stdnum.nl import bsn as stdnum_bsn

from app.clock import FixedClock
from app.config import Settings
from app.db import make_engine, make_sessionmaker, unit_of_work
from app.demo import seed_demo_partners
from app.main import create_app
from app.migrate import upgrade
from app.models import load_all_models
from app.wiring import wire

wire()  # what app.main and app.cli do at start: tests also call services directly

PG_ADMIN_URL = os.environ.get("KETEN_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
JWT_TEST_KEY = "test-jwt-sleutel-met-genoeg-entropie-0123456789"
START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def _pg_available() -> str | None:
    try:
        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {type(exc).__name__}"


class PgDatabases:
    """Creates and drops throwaway databases on the test server."""

    def __init__(self) -> None:
        self.created: list[str] = []
        # Run before the databases are dropped (e.g. stopping a server process that uses one).
        self.before_drop: list[Callable[[], None]] = []

    def create(self) -> str:
        name = f"keten_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"

    def drop_all(self) -> None:
        for callback in self.before_drop:
            callback()
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            for name in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[PgDatabases]:
    reason = _pg_available()
    if reason:
        if IN_CI:
            pytest.fail(f"{reason} — PostgreSQL tests are mandatory in CI", pytrace=False)
        pytest.skip(f"{reason} — skipping PostgreSQL tests (set KETEN_TEST_POSTGRES_URL)")
    dbs = PgDatabases()
    yield dbs
    dbs.drop_all()


@pytest.fixture(scope="session")
def make_database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], str]:
    """Return a function creating a fresh, migrated database of a backend; returns its URL."""

    def make(backend: str) -> str:
        if backend == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'keten.db'}"
        else:
            url = request.getfixturevalue("pg_databases").create()
        upgrade(url)
        return url

    return make


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, make_database: Callable[[str], str]) -> str:
    return make_database(request.param)


@pytest.fixture(scope="session")
def pg_database_url(make_database: Callable[[str], str]) -> str:
    """A migrated PostgreSQL database, for tests that only make sense there (concurrency, LISTEN)."""
    return make_database("postgresql")


def _clean(engine: Engine) -> None:
    # Only tables the migrations made: a model whose migration is not written yet must not break cleanup.
    existing = set(inspect(engine).get_table_names())
    tables = [t for t in reversed(load_all_models().metadata.sorted_tables) if t.name in existing]
    # DELETE in dependency order: on these few rows far quicker than TRUNCATE (which PostgreSQL makes
    # rewrite every table's files). TRUNCATE stays the fallback, e.g. for a table that forbids DELETE.
    try:
        with engine.begin() as conn:
            for table in tables:
                conn.execute(table.delete())
    except DBAPIError:
        if engine.dialect.name != "postgresql":
            raise
        with engine.begin() as conn:
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables) + " CASCADE"))


def _engine_fixture(url: str) -> Iterator[Engine]:
    engine = make_engine(url)
    _clean(engine)
    yield engine
    _clean(engine)
    engine.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    yield from _engine_fixture(database_url)


@pytest.fixture
def pg_engine(pg_database_url: str) -> Iterator[Engine]:
    yield from _engine_fixture(pg_database_url)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


def make_settings(url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": url,
        "jwt_sleutel": JWT_TEST_KEY,
        "log_json": True,
        "publieke_url": "http://testserver",
        "pseudoniem_sleutel": "test-pseudoniem-sleutel",
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def settings(engine: Engine) -> Settings:
    return make_settings(str(engine.url.render_as_string(hide_password=False)))


def _seed(engine: Engine, moment: dt.datetime) -> None:
    with unit_of_work(make_sessionmaker(engine)) as session:
        seed_demo_partners(session, moment)


class Api:
    """A TestClient that knows the demo partners: `api.as_("demo-dji").post(...)`."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self._tokens: dict[str, str] = {}

    def token(self, client_id: str, secret: str | None = None) -> str:
        if client_id not in self._tokens:
            r = self.client.post(
                "/oauth/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": client_id,
                    "client_secret": secret or f"{client_id}-secret",
                },
            )
            assert r.status_code == 200, r.text
            self._tokens[client_id] = r.json()["access_token"]
        return self._tokens[client_id]

    def headers(self, client_id: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(client_id)}", **extra}

    def as_(self, client_id: str) -> _As:
        return _As(self, client_id)


class _As:
    def __init__(self, api: Api, client_id: str) -> None:
        self.api, self.client_id = api, client_id

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        headers = {**self.api.headers(self.client_id), **kwargs.pop("headers", {})}
        return self.api.client.request(method, url, headers=headers, **kwargs)

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Any:
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> Any:
        return self.request("PUT", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> Any:
        return self.request("PATCH", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> Any:
        return self.request("DELETE", url, **kwargs)

    def feed(self, na: int = 0, **params: Any) -> list[dict[str, Any]]:
        r = self.get("/api/v1/notificaties", params={"na": na, **params})
        assert r.status_code == 200, r.text
        return list(r.json()["notificaties"])


def _api(engine: Engine, settings: Settings, clock: FixedClock) -> Iterator[Api]:
    _seed(engine, clock.now())
    app = create_app(settings, clock=clock, engine=engine)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client)


@pytest.fixture
def api(engine: Engine, settings: Settings, clock: FixedClock) -> Iterator[Api]:
    """The app on each backend, demo partners seeded."""
    yield from _api(engine, settings, clock)


@pytest.fixture
def pg_api(pg_engine: Engine, clock: FixedClock) -> Iterator[Api]:
    settings = make_settings(pg_engine.url.render_as_string(hide_password=False))
    yield from _api(pg_engine, settings, clock)


def count_rows(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())


@pytest.fixture
def rows(engine: Engine) -> Callable[[str], int]:
    return lambda table: count_rows(engine, table)


ROOT = Path(__file__).resolve().parent.parent


# --- Helpers for the foundation tests (tests/test_f_*.py) ---------------------------------------------

PROBLEM_JSON = "application/problem+json"
PROBLEM_PREFIX = "urn:nl:ketenmeldingen:probleem:"
# The tables a failed request must leave exactly as they were.
DOMAIN_TABLES = ("partners", "clients", "detenties", "overplaatsingen", "events", "onbestelbare_meldingen")


def assert_problem(response: Any, status: int, slug: str | None = None) -> dict[str, Any]:
    """An RFC 9457 problem with the given status (and type slug); returns the body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON), response.headers["content-type"]
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail", "instance"} <= body.keys()
    if slug is not None:
        assert body["type"] == PROBLEM_PREFIX + slug, body
    return body


def invalid_names(body: dict[str, Any]) -> set[str]:
    return {p["name"] for p in body.get("invalidParams", [])}


def table_state(engine: Engine, tables: tuple[str, ...] = DOMAIN_TABLES) -> dict[str, list[tuple[str, ...]]]:
    """Every row of the tables, as sorted tuples of strings: compare before and after a request."""
    state = {}
    with engine.connect() as conn:
        for table in tables:
            result = conn.execute(text(f'SELECT * FROM "{table}"'))
            state[table] = sorted(tuple(str(v) for v in row) for row in result)
    return state


@pytest.fixture
def db_state(engine: Engine) -> Callable[[], dict[str, list[tuple[str, ...]]]]:
    return lambda: table_state(engine)


def partner_id(engine: Engine, naam: str) -> uuid.UUID:
    with engine.connect() as conn:
        value = conn.execute(text("SELECT id FROM partners WHERE naam = :n"), {"n": naam}).scalar_one()
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def new_partner_client(api: Api, partner: dict[str, Any]) -> str:
    """Register a partner and a client through the beheer API; returns the client id (token cached)."""
    beheer = api.as_("demo-beheer")
    r = beheer.post("/api/v1/beheer/partners", json=partner)
    assert r.status_code == 201, r.text
    r = beheer.post(f"/api/v1/beheer/partners/{r.json()['id']}/clients")
    assert r.status_code == 201, r.text
    api.token(r.json()["clientId"], r.json()["clientSecret"])
    return str(r.json()["clientId"])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """`ketenmeldingen serve` in its own process, on its own migrated database with the demo partners.

    For what TestClient cannot show: real concurrency through the server's threadpool, another process
    committing, the process's own log output.
    """

    def __init__(self, database_url: str, log_path: Path) -> None:
        self.database_url = database_url
        self.log_path = log_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._tokens: dict[str, str] = {}
        env = {
            **os.environ,
            "KETEN_DATABASE_URL": database_url,
            "KETEN_JWT_SLEUTEL": JWT_TEST_KEY,
            "KETEN_PSEUDONIEM_SLEUTEL": "test-pseudoniem-sleutel",
            "KETEN_PUBLIEKE_URL": self.url,
            "KETEN_LOG_JSON": "true",
            "KETEN_DEMO": "false",
        }
        self._log = log_path.open("wb")
        command = str(Path(sys.executable).parent / "ketenmeldingen")
        self.process = subprocess.Popen(
            [command, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}: {self.log()}")
            try:
                if httpx.get(self.url + "/health/ready", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server did not become ready: {self.log()}")

    def partner_id(self, naam: str) -> uuid.UUID:
        engine = make_engine(self.database_url)
        try:
            return partner_id(engine, naam)
        finally:
            engine.dispose()

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def token(self, client_id: str) -> str:
        if client_id not in self._tokens:
            r = httpx.post(
                self.url + "/oauth/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": client_id,
                    "client_secret": f"{client_id}-secret",
                },
            )
            assert r.status_code == 200, r.text
            self._tokens[client_id] = r.json()["access_token"]
        return self._tokens[client_id]

    def headers(self, client_id: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(client_id)}", **extra}

    def stop(self) -> None:
        if self._log.closed:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log.close()


def seed_demo(url: str, moment: dt.datetime = START) -> None:
    engine = make_engine(url)
    _seed(engine, moment)
    engine.dispose()


@pytest.fixture(scope="session")
def live_server_factory(
    request: pytest.FixtureRequest,
    make_database: Callable[[str], str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[str], LiveServer]]:
    """`factory("sqlite")` / `factory("postgresql")`: the session's server on that backend, started on first
    use with a fresh database. Shared by the tests that need one, so a test must not assume an empty feed
    or log: it reads its own starting point (e.g. `laatsteSequence`, its own trace id)."""
    servers: dict[str, LiveServer] = {}

    def get(backend: str) -> LiveServer:
        if backend not in servers:
            url = make_database(backend)
            seed_demo(url)
            servers[backend] = LiveServer(url, tmp_path_factory.mktemp("server") / "server.log")
            if backend == "postgresql":  # pg_databases may be torn down first: stop before the drop
                request.getfixturevalue("pg_databases").before_drop.append(servers[backend].stop)
        return servers[backend]

    yield get
    for server in servers.values():
        server.stop()


# --- No BSN in any log output of the test session ----------------------------------------------------
# Every test's captured stdout, stderr and log records are scanned; an elfproef-valid 9-digit number
# standing alone fails that test. (Server subprocesses' logs are scanned by tests/test_c_geen_bsn_in_logs.)
_MOGELIJK_BSN = re.compile(r"(?<![0-9A-Za-z])[0-9]{9}(?![0-9A-Za-z])")


def bsns_in_tekst(tekst: str) -> set[str]:
    return {n for n in _MOGELIJK_BSN.findall(tekst) if stdnum_bsn.is_valid(n)}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if report.outcome != "passed":
        return
    eigen = [(naam, tekst) for naam, tekst in report.sections if naam.endswith(f" {report.when}")]
    lekken = {(naam, n) for naam, tekst in eigen for n in bsns_in_tekst(tekst)}
    if lekken:
        report.outcome = "failed"
        report.longrepr = "BSN in captured output: " + ", ".join(sorted(naam for naam, _ in lekken))
