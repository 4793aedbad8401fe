"""Long polling across processes: a poll with `wacht` returns soon after ANOTHER process commits an event.

The server runs as its own process (`ketenmeldingen serve`); the event is committed from this test
process through the service layer. On PostgreSQL the server is woken by LISTEN/NOTIFY, on SQLite by its
polling interval.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from app.consent.routing import EventType
from app.db import make_engine, make_sessionmaker, unit_of_work
from app.events import outbox
from tests.fixtures.live_server import LiveServer

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
AMSTERDAM = "demo-gemeente-amsterdam"


@pytest.fixture(scope="module", params=BACKENDS)
def server(request: pytest.FixtureRequest, live_server_factory: Callable[[str], LiveServer]) -> LiveServer:
    return live_server_factory(request.param)


def _commit_event(server: LiveServer, ontvanger: uuid.UUID) -> float:
    """Publish one event in this process; returns the monotonic time right after the commit."""
    engine = make_engine(server.database_url)
    subject = uuid.uuid4()
    with unit_of_work(make_sessionmaker(engine)) as session:
        outbox.publish(
            session,
            EventType.DETENTIE_GESTART,
            subject,
            f"/detenties/{subject}",
            [ontvanger],
            dt.datetime.now(dt.UTC),
            {"detentieId": str(subject)},
        )
    committed = time.monotonic()
    engine.dispose()
    return committed


def _poll_in_thread(
    server: LiveServer, client: str, params: dict[str, Any]
) -> tuple[threading.Thread, dict[str, Any]]:
    result: dict[str, Any] = {}
    headers = server.headers(client)

    def poll() -> None:
        result["started"] = time.monotonic()
        result["response"] = httpx.get(
            f"{server.url}/api/v1/notificaties", params=params, headers=headers, timeout=40
        )
        result["returned"] = time.monotonic()

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    return thread, result


def _laatste(server: LiveServer, client: str) -> int:
    r = httpx.get(f"{server.url}/api/v1/notificaties", params={"limit": 1000}, headers=server.headers(client))
    return int(r.json()["laatsteSequence"])


def test_a_waiting_poll_returns_within_a_second_of_a_commit_elsewhere(server: LiveServer) -> None:
    amsterdam = server.partner_id(AMSTERDAM)
    na = _laatste(server, AMSTERDAM)

    thread, result = _poll_in_thread(server, AMSTERDAM, {"na": na, "wacht": 10})
    time.sleep(1.5)  # the poll is now waiting inside the server
    assert thread.is_alive(), result
    committed = _commit_event(server, amsterdam)
    thread.join(timeout=15)

    response = result["response"]
    assert response.status_code == 200, response.text
    assert [int(e["sequence"]) for e in response.json()["notificaties"]] == [na + 1]
    waited = result["returned"] - committed
    assert waited < 1.0, f"the poll returned {waited:.2f}s after the commit"
    assert result["returned"] - result["started"] > 1.4


def test_a_poll_without_events_returns_empty_after_wacht(server: LiveServer) -> None:
    na = _laatste(server, "demo-gemeente-leeuwarden")
    headers = server.headers("demo-gemeente-leeuwarden")
    started = time.monotonic()
    r = httpx.get(
        f"{server.url}/api/v1/notificaties", params={"na": na, "wacht": 1}, headers=headers, timeout=10
    )
    elapsed = time.monotonic() - started
    assert r.status_code == 200, r.text
    assert r.json() == {"notificaties": [], "laatsteSequence": na}
    assert 0.95 <= elapsed < 1.8, elapsed


def test_an_event_for_another_partner_does_not_end_the_wait(server: LiveServer) -> None:
    rotterdam = server.partner_id("demo-gemeente-rotterdam")
    na = _laatste(server, "demo-gemeente-leeuwarden")
    thread, result = _poll_in_thread(server, "demo-gemeente-leeuwarden", {"na": na, "wacht": 2})
    time.sleep(0.5)
    _commit_event(server, rotterdam)
    thread.join(timeout=10)
    assert result["response"].json()["notificaties"] == []
    assert result["returned"] - result["started"] >= 1.95
