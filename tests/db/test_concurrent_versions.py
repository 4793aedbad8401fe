"""Concurrency on PostgreSQL, through a real server process: simultaneous intakes and consent statements on
one detentie get contiguous versions and sequence numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.factories import detentie_body, intake_body, toestemming_body
from tests.fixtures.live_server import LiveServer
from tests.support.concurrency import at_once, scalars
from tests.support.screening import BASE, CATEGORIE

pytestmark = pytest.mark.postgres
N = 12


@pytest.fixture(scope="module")
def server(live_server_factory: Callable[[str], LiveServer]) -> LiveServer:
    return live_server_factory("postgresql")


def _detentie(server: LiveServer) -> str:
    nu = dt.datetime.now(dt.UTC)
    body = detentie_body(begindatum=(nu - dt.timedelta(days=3)).isoformat(), verwachteEinddatum=None)
    r = httpx.post(server.url + BASE, json=body, headers=server.headers("demo-dji"))
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _intake() -> dict[str, Any]:
    return intake_body(afgenomenOp=(dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).isoformat())


def test_simultaneous_intakes_and_statements_get_contiguous_numbers(server: LiveServer) -> None:
    detentie_id = _detentie(server)
    dji = server.headers("demo-dji")
    intakes = at_once(
        N, lambda c, _: c.post(f"{server.url}{BASE}/{detentie_id}/intakes", json=_intake(), headers=dji)
    )
    assert sorted(r.status_code for r in intakes) == [201] * N, [r.text for r in intakes]
    assert sorted(r.json()["versie"] for r in intakes) == list(range(1, N + 1))

    categorieen = sorted(CATEGORIE.values())

    def verklaring(c: httpx.Client, i: int) -> httpx.Response:
        body = toestemming_body(
            categorieen[: i % len(categorieen) + 1],
            ["gemeente"],
            verklaardOp=(dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).isoformat(),
        )
        return c.put(f"{server.url}{BASE}/{detentie_id}/toestemming", json=body, headers=dji)

    verklaringen = at_once(N, verklaring)
    assert all(r.status_code in (200, 409) for r in verklaringen), [r.text for r in verklaringen]
    nummers = scalars(
        server.database_url,
        "SELECT volgnummer FROM toestemmingen WHERE detentie_id = :d ORDER BY volgnummer",
        d=detentie_id,
    )
    assert nummers == list(range(1, len(nummers) + 1))
    bladen = scalars(
        server.database_url,
        "SELECT versie FROM informatiebladen WHERE detentie_id = :d AND gemeentecode = :g ORDER BY versie",
        d=detentie_id,
        g="0363",
    )
    assert bladen == list(range(1, len(bladen) + 1))
    # The gemeente's feed stays contiguous.
    feed = httpx.get(
        f"{server.url}/api/v1/notificaties",
        params={"limit": 1000},
        headers=server.headers("demo-gemeente-amsterdam"),
    ).json()["notificaties"]
    sequences = [int(e["sequence"]) for e in feed]
    assert sequences == list(range(sequences[0], sequences[0] + len(sequences)))
