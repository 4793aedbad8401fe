"""Concurrent duplicates against a real server process on PostgreSQL (DESIGN §4 idempotent begin, §10
Idempotency-Key). TestClient would serialize the requests; here they run through the server's threadpool
and the database's locks."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.factories import detentie_body
from tests.fixtures.live_server import LiveServer
from tests.support.concurrency import at_once, scalars
from tests.support.problems import assert_problem

pytestmark = pytest.mark.postgres
N = 20
BASE = "/api/v1/detenties"


@pytest.fixture(scope="module")
def server(live_server_factory: Callable[[str], LiveServer]) -> LiveServer:
    return live_server_factory("postgresql")


def _count(server: LiveServer, sql: str, **params: Any) -> int:
    [count] = scalars(server.database_url, sql, **params)
    return int(count)


def test_concurrent_identical_posts_make_one_detentie_and_one_event_per_recipient(server: LiveServer) -> None:
    body = detentie_body(gemeenteVanHervestiging="0599")
    headers = server.headers("demo-dji")
    responses = at_once(N, lambda c, _: c.post(server.url + BASE, json=body, headers=headers), timeout=30)

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * (N - 1) + [201], [r.text for r in responses if r.status_code not in (200, 201)]
    ids = {r.json()["id"] for r in responses}
    assert len(ids) == 1
    [detentie_id] = ids
    assert {r.headers["Location"] for r in responses} == {f"{BASE}/{detentie_id}"}

    assert _count(server, "SELECT count(*) FROM detenties WHERE bron_id = :b", b=body["bronId"]) == 1
    per_recipient = _count(
        server,
        "SELECT count(*) FROM events WHERE subject = :s",
        s=uuid.UUID(detentie_id),
    )
    recipients = _count(
        server,
        "SELECT count(DISTINCT partner_id) FROM events WHERE subject = :s",
        s=uuid.UUID(detentie_id),
    )
    assert (per_recipient, recipients) == (2, 2)  # Amsterdam and Rotterdam, once each


def test_concurrent_posts_with_one_idempotency_key(server: LiveServer) -> None:
    body = detentie_body()
    key = f"sleutel-{uuid.uuid4()}"
    headers = server.headers("demo-dji", **{"Idempotency-Key": key})
    responses = at_once(N, lambda c, _: c.post(server.url + BASE, json=body, headers=headers), timeout=30)

    first = [r for r in responses if r.status_code == 201 and "idempotent-replayed" not in r.headers]
    replayed = [r for r in responses if r.status_code == 201 and "idempotent-replayed" in r.headers]
    in_progress = [r for r in responses if r.status_code == 409]
    assert len(first) == 1, [(r.status_code, r.text) for r in responses]
    assert len(first) + len(replayed) + len(in_progress) == N, [r.status_code for r in responses]
    for r in replayed:
        assert r.content == first[0].content
        assert r.headers["Location"] == first[0].headers["Location"]
    for r in in_progress:
        assert_problem(r, 409, "idempotency-key-in-behandeling")
    assert _count(server, "SELECT count(*) FROM detenties WHERE bron_id = :b", b=body["bronId"]) == 1

    # Afterwards a retry replays the first answer exactly; the same key with another body is refused.
    retry = httpx.post(server.url + BASE, json=body, headers=headers)
    assert (retry.status_code, retry.content) == (201, first[0].content)
    assert retry.headers["idempotent-replayed"] == "true"
    other = httpx.post(server.url + BASE, json=detentie_body(), headers=headers)
    assert_problem(other, 422, "idempotency-key-hergebruikt")
    assert _count(server, "SELECT count(*) FROM idempotency_keys WHERE sleutel = :k", k=key) == 1


def test_concurrent_first_polls_of_one_partner(server: LiveServer) -> None:
    headers = server.headers("demo-bij-zvh-fryslan")
    responses = at_once(
        10, lambda c, _: c.get(server.url + "/api/v1/notificaties", headers=headers), timeout=30
    )
    assert [r.status_code for r in responses] == [200] * 10, [r.text for r in responses]
