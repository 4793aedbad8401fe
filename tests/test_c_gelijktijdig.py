"""Concurrency on PostgreSQL, through a real server process: simultaneous intakes and consent statements on
one detentie get contiguous versions and sequence numbers, and simultaneous disclosures keep the
verwerkingenlog one unbroken chain with exactly one row each."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, text

from app.db import make_engine, make_sessionmaker, unit_of_work
from app.verwerkingen import repository
from app.verwerkingen.service import verify_chain
from tests.c_hulp import BASE, CATEGORIE, intake_body
from tests.conftest import LiveServer
from tests.factories import detentie_body

pytestmark = pytest.mark.postgres
N = 12


@pytest.fixture(scope="module")
def server(live_server_factory: Callable[[str], LiveServer]) -> LiveServer:
    return live_server_factory("postgresql")


def _tegelijk(n: int, verzoek: Callable[[httpx.Client, int], httpx.Response]) -> list[httpx.Response]:
    barriere = threading.Barrier(n)

    def een(i: int) -> httpx.Response:
        with httpx.Client(timeout=60) as client:
            barriere.wait()
            return verzoek(client, i)

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(een, range(n)))


def _scalars(server: LiveServer, sql: str, **params: Any) -> list[Any]:
    engine = make_engine(server.database_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql), params).scalars())
    finally:
        engine.dispose()


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
    intakes = _tegelijk(
        N, lambda c, _: c.post(f"{server.url}{BASE}/{detentie_id}/intakes", json=_intake(), headers=dji)
    )
    assert sorted(r.status_code for r in intakes) == [201] * N, [r.text for r in intakes]
    assert sorted(r.json()["versie"] for r in intakes) == list(range(1, N + 1))

    categorieen = sorted(CATEGORIE.values())

    def verklaring(c: httpx.Client, i: int) -> httpx.Response:
        body = {
            "verklaardOp": (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).isoformat(),
            "categorieen": categorieen[: i % len(categorieen) + 1],
            "ontvangers": ["gemeente"],
        }
        return c.put(f"{server.url}{BASE}/{detentie_id}/toestemming", json=body, headers=dji)

    verklaringen = _tegelijk(N, verklaring)
    assert all(r.status_code in (200, 409) for r in verklaringen), [r.text for r in verklaringen]
    nummers = _scalars(
        server,
        "SELECT volgnummer FROM toestemmingen WHERE detentie_id = :d ORDER BY volgnummer",
        d=detentie_id,
    )
    assert nummers == list(range(1, len(nummers) + 1))
    bladen = _scalars(
        server,
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


def test_simultaneous_disclosures_keep_one_chain_with_one_row_each(server: LiveServer) -> None:
    detentie_id = _detentie(server)
    r = httpx.post(
        f"{server.url}{BASE}/{detentie_id}/intakes", json=_intake(), headers=server.headers("demo-dji")
    )
    assert r.status_code == 201
    voor = _scalars(server, "SELECT count(*) FROM verwerkingen")[0]
    lezers = ["demo-gemeente-amsterdam"] * N
    headers = [server.headers(naam) for naam in lezers]
    paden = [f"{BASE}/{detentie_id}", f"{BASE}/{detentie_id}/basisvoorwaarden"]
    antwoorden = _tegelijk(N, lambda c, i: c.get(server.url + paden[i % 2], headers=headers[i]))
    assert [r.status_code for r in antwoorden] == [200] * N
    assert _scalars(server, "SELECT count(*) FROM verwerkingen")[0] == voor + N
    engine = make_engine(server.database_url)
    try:
        with unit_of_work(make_sessionmaker(engine), readonly=True) as session:
            controle = verify_chain(session)
    finally:
        engine.dispose()
    assert controle.intact, controle.fouten
    assert controle.rijen == voor + N


def test_first_writers_racing_to_create_the_chain_head_all_succeed(pg_engine: Engine) -> None:
    """With an empty log, simultaneous first disclosures each find no chain head; one creates it, the
    others must wait for it and append after it (not fail on the primary key)."""
    factory = make_sessionmaker(pg_engine)
    barriere = threading.Barrier(8)

    def een(_: int) -> None:
        with unit_of_work(factory) as session:
            barriere.wait()
            kop = repository.chain_head(session)
            kop.laatste_volgnummer += 1

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(een, range(8)))
    with unit_of_work(factory) as session:
        assert repository.chain_head(session).laatste_volgnummer == 8
