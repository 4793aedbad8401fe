"""The database going away (DESIGN §13): 503 problem+json with Retry-After, answered fast; a programming
error stays a 500; nothing half-written; the service recovers by itself when the database returns.

The test starts a PostgreSQL cluster of its own (initdb + pg_ctl in a temporary directory, on its own
port) so it can stop it with `-m immediate`. As root (CI) the cluster runs as the `postgres` user.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.db import make_engine
from app.deps import SessionDep
from app.main import create_app
from app.migrate import upgrade
from tests.factories import detentie_body
from tests.fixtures.app import Api, make_settings, seed_demo
from tests.support.database import count_rows
from tests.support.environment import IN_CI, START, free_port
from tests.support.problems import assert_problem

pytestmark = pytest.mark.postgres
FEED = "/api/v1/notificaties"


def _bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)
    return candidates[0].parent if candidates else None


class Cluster:
    """A throwaway PostgreSQL cluster: start, stop (immediate), start again."""

    def __init__(self, root: Path) -> None:
        bindir = _bindir()
        if bindir is None:
            message = "pg_ctl/initdb not found (Debian: postgresql package)"
            if IN_CI:
                pytest.fail(message + " — the outage test is mandatory in CI", pytrace=False)
            pytest.skip(message)
        self.bindir = bindir
        self.data = root / "data"
        self.socket_dir = root / "socket"
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        for path in (root, self.socket_dir):
            path.mkdir(exist_ok=True)
            if self.as_postgres:
                shutil.chown(path, "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bindir / tool), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-w", "-l", str(self.data / "log"), "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def is_up(self) -> bool:
        try:
            with psycopg.connect(self.url, connect_timeout=1):
                return True
        except psycopg.Error:
            return False


@pytest.fixture
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("pgcluster")
    if os.geteuid() == 0:
        # runuser drops to `postgres`, who must be able to reach the directory.
        for parent in (root, *root.parents):
            if parent == Path("/"):
                break
            parent.chmod(parent.stat().st_mode | 0o011)
    cluster = Cluster(root)
    cluster.start()
    yield cluster
    if cluster.is_up():
        cluster.stop()


# A deliberate programming error: a route the real app does not have, added to this test's app only.
faults = APIRouter()


@faults.post("/test/programmeerfout")
def programming_error(session: SessionDep) -> None:
    session.execute(text("SELECT * FROM tabel_die_niet_bestaat"))


@faults.get("/test/python-fout")
def python_error() -> None:
    raise ZeroDivisionError


def _api(cluster: Cluster) -> Iterator[Api]:
    upgrade(cluster.url)
    seed_demo(cluster.url, START)
    settings = make_settings(cluster.url)
    app = create_app(settings)
    app.include_router(faults)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client)


@pytest.fixture
def api_on_cluster(cluster: Cluster) -> Iterator[Api]:
    yield from _api(cluster)


def _assert_unavailable(response: object, started: float) -> None:
    body = assert_problem(response, 503, "niet-beschikbaar")
    assert "Retry-After" in response.headers, response.headers  # type: ignore[attr-defined]
    assert int(response.headers["Retry-After"]) > 0  # type: ignore[attr-defined]
    assert time.monotonic() - started < 10, "a 503 must come fast, not after a 30 s pool wait"
    assert "tabel" not in body["detail"]


def test_an_outage_answers_503_with_retry_after_and_the_service_recovers(
    cluster: Cluster, api_on_cluster: Api
) -> None:
    api = api_on_cluster
    dji, amsterdam = api.as_("demo-dji"), api.as_("demo-gemeente-amsterdam")
    detentie_id = dji.post("/api/v1/detenties", json=detentie_body()).json()["id"]
    assert amsterdam.get(f"/api/v1/detenties/{detentie_id}").status_code == 200
    assert len(amsterdam.feed()) == 1
    # Programming errors are 500 while the database is up ...
    assert_problem(dji.post("/test/programmeerfout"), 500, "interne-fout")
    assert_problem(api.client.get("/test/python-fout"), 500, "interne-fout")

    cluster.stop()
    # Readiness reports the background probe (one per second), so it notices within a few seconds.
    deadline = time.monotonic() + 5
    while (ready := api.client.get("/health/ready")).status_code == 200 and time.monotonic() < deadline:
        time.sleep(0.1)
    _assert_unavailable(ready, time.monotonic())
    calls = {
        "read": lambda: amsterdam.get(f"/api/v1/detenties/{detentie_id}"),
        "feed": lambda: amsterdam.get(FEED, params={"na": 0}),
        "long poll": lambda: amsterdam.get(FEED, params={"na": 1, "wacht": 1}),
        "write": lambda: dji.post("/api/v1/detenties", json=detentie_body()),
        "idempotent write": lambda: dji.post(
            "/api/v1/detenties", json=detentie_body(), headers={"Idempotency-Key": "tijdens-storing"}
        ),
        "token": lambda: api.client.post(
            "/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": "demo-dji",
                "client_secret": "demo-dji-secret",
            },
        ),
    }
    for name, call in calls.items():
        started = time.monotonic()
        response = call()
        if name == "long poll" and response.status_code == 200:
            # The first read may be answered from what this process already knew; then it waits and
            # answers empty. Whatever it answers, it is not a 500.
            continue
        assert response.status_code == 503, (name, response.status_code, response.text)
        _assert_unavailable(response, started)
    # ... and still 500 when it is down: a bug is not an outage.
    assert_problem(api.client.get("/test/python-fout"), 500, "interne-fout")

    cluster.start()
    deadline = time.monotonic() + 20
    recovered = False
    while time.monotonic() < deadline and not recovered:
        recovered = all(
            r.status_code == 200
            for r in (api.client.get("/health/ready"), amsterdam.get(f"/api/v1/detenties/{detentie_id}"))
        )
        if not recovered:
            time.sleep(0.2)
    assert recovered, "the service did not recover by itself"
    r = dji.post("/api/v1/detenties", json=detentie_body())
    assert r.status_code == 201, r.text
    # Nothing half-written: the two detenties that were answered 201, each with its one event.
    engine = make_engine(cluster.url)
    try:
        assert count_rows(engine, "detenties") == 2
        assert count_rows(engine, "events") == 2
        assert count_rows(engine, "idempotency_keys") == 0
    finally:
        engine.dispose()
    assert [int(e["sequence"]) for e in amsterdam.feed()] == [1, 2]
