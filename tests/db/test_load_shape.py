"""The production load shape (DESIGN §13, issue 8), pinned with bounded tests against a real server process.

Each test starts its own `ketenmeldingen serve` on a fresh database: the failure modes are about one
process's threads, pools and locks. These tests bound what must never happen (a wedge, a 5xx, a lost or
duplicated event, a reader stuck behind writers); speed is measured by `make bench-load`, not here.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from tests.factories import detentie_body, einde_body
from tests.fixtures.live_server import LiveServer

BASE = "/api/v1/detenties"
AMSTERDAM, ROTTERDAM, LEEUWARDEN = (
    "demo-gemeente-amsterdam",
    "demo-gemeente-rotterdam",
    "demo-gemeente-leeuwarden",
)
CODES = {AMSTERDAM: "0363", ROTTERDAM: "0599", LEEUWARDEN: "0080"}
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _body(gemeente: str, **overrides: Any) -> dict[str, Any]:
    begin = (_now() - dt.timedelta(days=2)).isoformat()
    return detentie_body(
        begindatum=begin, verwachteEinddatum=None, gemeenteVanInschrijving=gemeente, **overrides
    )


def _post_detentie(client: httpx.Client, server: LiveServer, gemeente: str, **overrides: Any) -> str:
    r = client.post(server.url + BASE, json=_body(gemeente, **overrides), headers=server.headers("demo-dji"))
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


@dataclass
class Observed:
    """Per kind of request: statuses and durations."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: dict[str, list[int]] = field(default_factory=dict)
    seconds: dict[str, list[float]] = field(default_factory=dict)

    def time(self, kind: str, call: Callable[[], httpx.Response]) -> None:
        started = time.monotonic()
        try:
            status = call().status_code
        except httpx.HTTPError:
            status = 599  # a client timeout counts as a failure
        with self.lock:
            self.statuses.setdefault(kind, []).append(status)
            self.seconds.setdefault(kind, []).append(time.monotonic() - started)

    def server_errors(self) -> dict[str, list[int]]:
        return {k: [s for s in v if s >= 500] for k, v in self.statuses.items() if any(s >= 500 for s in v)}

    def slowest(self, kind: str) -> float:
        return max(self.seconds.get(kind, [0.0]))


def _loop_until(deadline: float, work: Callable[[], None]) -> None:
    while time.monotonic() < deadline:
        work()


@pytest.mark.parametrize("backend", BACKENDS)
def test_readers_answer_within_two_seconds_while_32_writers_post(
    backend: str, fresh_server: Callable[[str], LiveServer]
) -> None:
    server = fresh_server(backend)
    with httpx.Client(timeout=30) as c:
        other = _post_detentie(c, server, CODES[LEEUWARDEN])  # an object no writer touches
    headers = {n: server.headers(n) for n in (LEEUWARDEN, "demo-dji")}
    obs = Observed()
    deadline = time.monotonic() + 5

    def writer(i: int) -> None:
        gemeente = CODES[AMSTERDAM] if i % 2 else CODES[ROTTERDAM]
        with httpx.Client(timeout=30) as c:
            _loop_until(
                deadline,
                lambda: obs.time(
                    "write",
                    lambda: c.post(server.url + BASE, json=_body(gemeente), headers=headers["demo-dji"]),
                ),
            )

    def reader(kind: str, call: Callable[[httpx.Client], httpx.Response]) -> None:
        with httpx.Client(timeout=30) as c:
            _loop_until(deadline, lambda: obs.time(kind, lambda: call(c)))

    readers: dict[str, Callable[[httpx.Client], httpx.Response]] = {
        "read detentie": lambda c: c.get(f"{server.url}{BASE}/{other}", headers=headers[LEEUWARDEN]),
        "poll feed": lambda c: c.get(f"{server.url}/api/v1/notificaties", headers=headers[LEEUWARDEN]),
        "ready": lambda c: c.get(f"{server.url}/health/ready"),
        "token": lambda c: c.post(
            f"{server.url}/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": LEEUWARDEN,
                "client_secret": f"{LEEUWARDEN}-secret",
            },
        ),
    }
    with ThreadPoolExecutor(32 + len(readers)) as pool:
        jobs = [pool.submit(writer, i) for i in range(32)]
        jobs += [pool.submit(reader, kind, call) for kind, call in readers.items()]
        for job in jobs:
            job.result(timeout=120)

    assert obs.server_errors() == {}
    assert all(s in (200, 201) for statuses in obs.statuses.values() for s in statuses), obs.statuses
    assert len(obs.statuses["write"]) > 32  # the writers did write
    for kind in readers:
        assert obs.statuses[kind], kind
        assert obs.slowest(kind) < 2.0, (kind, sorted(obs.seconds[kind])[-5:])


def _burst(seconds: float, clients: int, call: Callable[[httpx.Client], httpx.Response]) -> Observed:
    obs = Observed()
    deadline = time.monotonic() + seconds

    def one(_: int) -> None:
        with httpx.Client(timeout=30) as c:
            _loop_until(deadline, lambda: obs.time("burst", lambda: call(c)))

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, range(clients)))
    return obs


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_burst_of_32_readers_leaves_the_server_as_fast_as_it_was(
    backend: str, fresh_server: Callable[[str], LiveServer]
) -> None:
    """The wrk phases of the issue: 32 clients reading a detentie, then 32 reading the feed; the feed
    phase must run at the rate a fresh server manages (within a factor 3), without errors."""
    server = fresh_server(backend)
    with httpx.Client(timeout=30) as c:
        ids = [_post_detentie(c, server, CODES[AMSTERDAM]) for _ in range(20)]
    ams = server.headers(AMSTERDAM)

    def feed(c: httpx.Client) -> httpx.Response:
        return c.get(f"{server.url}/api/v1/notificaties", params={"na": 0, "limit": 100}, headers=ams)

    fresh = _burst(3, 32, feed)
    counter = iter(range(10**9))
    reads = _burst(5, 32, lambda c: c.get(f"{server.url}{BASE}/{ids[next(counter) % len(ids)]}", headers=ams))
    after = _burst(3, 32, feed)

    for obs in (fresh, reads, after):
        assert obs.server_errors() == {}
        assert set(obs.statuses["burst"]) == {200}
    assert len(after.statuses["burst"]) * 3 >= len(fresh.statuses["burst"]), (
        len(fresh.statuses["burst"]),
        len(after.statuses["burst"]),
    )


async def _long_poll(
    server: LiveServer,
    client: httpx.AsyncClient,
    naam: str,
    stop: asyncio.Event,
    seen: list[str],
    errors: list[int],
) -> None:
    headers = server.headers(naam)
    na = 0
    while True:
        done = stop.is_set()  # read before the poll: a final empty answer means nothing is left
        r = await client.get(
            f"{server.url}/api/v1/notificaties",
            params={"na": na, "wacht": 0 if done else 3, "limit": 1000},
            headers=headers,
        )
        if r.status_code != 200:
            errors.append(r.status_code)
            await asyncio.sleep(0.1)
            continue
        page = r.json()
        seen.extend(e["subject"] for e in page["notificaties"])
        na = page["laatsteSequence"]
        if done and not page["notificaties"]:
            return


def test_50_long_pollers_on_sqlite_receive_every_event_while_another_client_posts(
    fresh_server: Callable[[str], LiveServer],
) -> None:
    server = fresh_server("sqlite")
    gemeenten = [AMSTERDAM, ROTTERDAM, LEEUWARDEN]
    for naam in [*gemeenten, "demo-dji"]:
        server.token(naam)
    posted: dict[str, list[str]] = {g: [] for g in gemeenten}
    post_errors: list[str] = []

    def poster() -> None:
        with httpx.Client(timeout=30) as c:
            for i in range(25):  # 5 per second for 5 s
                started = time.monotonic()
                gemeente = gemeenten[i % 3]
                r = c.post(server.url + BASE, json=_body(CODES[gemeente]), headers=server.headers("demo-dji"))
                if r.status_code != 201:
                    post_errors.append(r.text)
                else:
                    posted[gemeente].append(r.json()["id"])
                time.sleep(max(0.0, 0.2 - (time.monotonic() - started)))

    async def run() -> tuple[list[list[str]], list[int]]:
        stop = asyncio.Event()
        seen: list[list[str]] = [[] for _ in range(50)]
        errors: list[int] = []
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
        async with httpx.AsyncClient(timeout=30, limits=limits) as client:
            pollers = [
                asyncio.create_task(_long_poll(server, client, gemeenten[i % 3], stop, seen[i], errors))
                for i in range(50)
            ]
            await asyncio.sleep(0.5)  # every poller is waiting
            await asyncio.to_thread(poster)
            stop.set()
            await asyncio.wait_for(asyncio.gather(*pollers), timeout=60)
        return seen, errors

    seen, errors = asyncio.run(run())
    assert post_errors == []
    assert errors == []
    for i, subjects in enumerate(seen):
        assert subjects == posted[gemeenten[i % 3]], f"poller {i} of {gemeenten[i % 3]}"


@pytest.mark.postgres
def test_opposite_order_corrections_and_endings_never_deadlock(
    fresh_server: Callable[[str], LiveServer],
) -> None:
    """Detentie A moves from Amsterdam to Rotterdam while B moves from Rotterdam to Amsterdam (each tells
    the old gemeente `ingetrokken` and then the new one `gestart`: opposite orders), then both end at once,
    each with the other's gemeente as gemeenteNaOntslag; 50 rounds."""
    server = fresh_server("postgresql")
    dji = server.headers("demo-dji")
    barrier = threading.Barrier(2)
    failures: list[str] = []

    def act(client: httpx.Client, method: str, path: str, body: dict[str, Any]) -> None:
        barrier.wait()
        r = client.request(method, server.url + path, json=body, headers=dji)
        if r.status_code != 200:
            failures.append(f"{method} {r.status_code} {r.text[:200]}")

    with httpx.Client(timeout=30) as setup, ThreadPoolExecutor(2) as pool:
        clients = [httpx.Client(timeout=30), httpx.Client(timeout=30)]
        for _ in range(50):
            a = _post_detentie(setup, server, CODES[AMSTERDAM])
            b = _post_detentie(setup, server, CODES[ROTTERDAM])
            moves = [
                (a, {"gemeenteVanInschrijving": CODES[ROTTERDAM]}),
                (b, {"gemeenteVanInschrijving": CODES[AMSTERDAM]}),
            ]
            list(pool.map(lambda m, c: act(c, "PATCH", f"{BASE}/{m[0]}", m[1]), moves, clients))
            einde = einde_body(einddatum=_now().isoformat())
            endings = [
                (a, einde | {"gemeenteNaOntslag": CODES[AMSTERDAM]}),
                (b, einde | {"gemeenteNaOntslag": CODES[ROTTERDAM]}),
            ]
            list(pool.map(lambda m, c: act(c, "POST", f"{BASE}/{m[0]}/einde", m[1]), endings, clients))
        for c in clients:
            c.close()

    assert failures == []
    for naam in (AMSTERDAM, ROTTERDAM):
        r = httpx.get(
            f"{server.url}/api/v1/notificaties",
            params={"limit": 1000},
            headers=server.headers(naam),
            timeout=30,
        )
        sequences = [int(e["sequence"]) for e in r.json()["notificaties"]]
        assert sequences == list(range(1, len(sequences) + 1)), naam
        assert len(sequences) >= 100, naam


def test_a_waiting_long_poll_lets_the_server_stop_at_once(fresh_server: Callable[[str], LiveServer]) -> None:
    """SIGTERM answers waiting long polls (empty) instead of keeping the graceful shutdown waiting."""
    server = fresh_server("sqlite")
    headers = server.headers(AMSTERDAM)
    result: dict[str, Any] = {}

    def poll() -> None:
        r = httpx.get(f"{server.url}/api/v1/notificaties", params={"wacht": 30}, headers=headers, timeout=60)
        result["status"], result["body"] = r.status_code, r.json()

    thread = threading.Thread(target=poll)
    thread.start()
    time.sleep(1.0)  # the poll is waiting
    started = time.monotonic()
    server.process.terminate()
    server.process.wait(timeout=20)
    thread.join(timeout=20)
    assert time.monotonic() - started < 5
    assert result["status"] == 200
    assert result["body"]["notificaties"] == []
