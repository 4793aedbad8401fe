"""Benchmarks: HTTP latency/throughput of the main flows against a real server process, and the decision
function in-process. Run: `make bench` (or `.venv/bin/python -m bench.run --backend sqlite --n 500`).

Results are printed as a Markdown table; bench/RESULTS.md records them with the command that produced them.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psycopg

from tests.factories import bsn, detentie_body

PG_ADMIN = os.environ.get("KETEN_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def database(backend: str) -> Iterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / 'bench.db'}"
        return
    name = f"keten_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def server(url: str) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "KETEN_DATABASE_URL": url,
        "KETEN_PORT": str(port),
        "KETEN_JWT_SLEUTEL": "bench-" + "x" * 40,
        "KETEN_LOG_LEVEL": "WARNING",
        "KETEN_PUBLIEKE_URL": f"http://127.0.0.1:{port}",
    }
    exe = Path(sys.executable).with_name("ketenmeldingen")
    proc = subprocess.Popen(
        [str(exe), "serve", "--demo"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/health/ready", timeout=1).status_code == 200:
                    break
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def token(base: str, client_id: str) -> str:
    r = httpx.post(
        f"{base}/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": f"{client_id}-secret",
        },
    )
    r.raise_for_status()
    return str(r.json()["access_token"])


def timed(n: int, threads: int, work: Callable[[int], None]) -> tuple[list[float], float]:
    latencies: list[float] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        t0 = time.perf_counter()
        work(i)
        with lock:
            latencies.append(time.perf_counter() - t0)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, range(n)))
    return latencies, time.perf_counter() - t0


def row(name: str, latencies: list[float], wall: float) -> str:
    q = statistics.quantiles(latencies, n=100)
    p50 = statistics.median(latencies) * 1000
    rate = len(latencies) / wall
    return f"| {name} | {len(latencies)} | {rate:.0f} | {p50:.1f} | {q[94] * 1000:.1f} | {q[98] * 1000:.1f} |"


def http_bench(backend: str, n: int, threads: int) -> list[str]:
    rows = []
    with database(backend) as url, server(url) as base:
        dji = {"Authorization": f"Bearer {token(base, 'demo-dji')}"}
        ams = {"Authorization": f"Bearer {token(base, 'demo-gemeente-amsterdam')}"}
        ids: list[str] = []
        rng = random.Random(1)
        with httpx.Client(base_url=base, timeout=30) as client:

            def post(i: int) -> None:
                body = detentie_body(
                    persoon={
                        "bsn": bsn(rng),
                        "geslachtsnaam": "Bench",
                        "voornamen": "B",
                        "geboortedatum": "1980-01-01",
                    }
                )
                r = client.post("/api/v1/detenties", json=body, headers=dji)
                assert r.status_code == 201, r.text
                ids.append(r.json()["id"])

            rows.append(row(f"{backend}: POST /detenties ({threads} threads)", *timed(n, threads, post)))

            def get(i: int) -> None:
                r = client.get(f"/api/v1/detenties/{ids[i % len(ids)]}", headers=ams)
                assert r.status_code == 200, r.text

            rows.append(
                row(f"{backend}: GET /detenties/{{id}} as gemeente (logged)", *timed(n, threads, get))
            )

            def feed(i: int) -> None:
                r = client.get("/api/v1/notificaties", params={"na": (i * 7) % n, "limit": 100}, headers=ams)
                assert r.status_code == 200, r.text

            rows.append(row(f"{backend}: GET /notificaties limit=100", *timed(n, threads, feed)))

            def feed_expand(i: int) -> None:
                r = client.get(
                    "/api/v1/notificaties",
                    params={"na": (i * 7) % n, "limit": 20, "expand": "data"},
                    headers=ams,
                )
                assert r.status_code == 200, r.text

            rows.append(
                row(
                    f"{backend}: GET /notificaties limit=20 expand=data", *timed(n // 5, threads, feed_expand)
                )
            )
    return rows


def decision_bench(n: int) -> list[str]:
    from app.consent.categorieen import TOESTEMMING_CATEGORIEEN, OntvangerSoort
    from app.consent.decision import ConsentStatement, Ontvanger, PolicyFacts, decide
    from app.consent.relations import Opdracht
    from app.rollen import Rol

    now = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)
    ontvanger = Ontvanger(uuid.uuid4(), Rol.GEMEENTE, "0363", True)
    feiten = PolicyFacts(
        bron_partner_id=uuid.uuid4(),
        verantwoordelijke_gemeenten=frozenset({"0363"}),
        opdrachten=(Opdracht("RN", dt.date(2026, 1, 1)),),
        toestemmingen=tuple(
            ConsentStatement(
                now - dt.timedelta(days=i),
                frozenset(TOESTEMMING_CATEGORIEEN),
                frozenset({OntvangerSoort.GEMEENTE}),
            )
            for i in range(10)
        ),
    )
    lat = []
    t0 = time.perf_counter()
    for _ in range(n):
        s = time.perf_counter()
        decide(ontvanger, feiten, now, dt.date(2021, 7, 1))
        lat.append(time.perf_counter() - s)
    wall = time.perf_counter() - t0
    return [row("in-process: beslis() gemeente, 10 consent statements", lat, wall)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    print("| benchmark | requests | per second | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---|---|---|---|")
    for line in decision_bench(20_000):
        print(line, flush=True)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    for backend in backends:
        for line in http_bench(backend, args.n, args.threads):
            print(line, flush=True)


if __name__ == "__main__":
    main()
