"""The verwerkingenlog under concurrency on PostgreSQL: simultaneous disclosures through a real server
process keep one unbroken hash chain with exactly one row each, and the first writers racing to create the
chain head all succeed."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from app.db import make_engine, make_sessionmaker, unit_of_work
from app.verwerkingen import repository
from app.verwerkingen.service import verify_chain
from tests.factories import detentie_body, intake_body
from tests.fixtures.live_server import LiveServer
from tests.support.concurrency import at_once, scalars
from tests.support.screening import BASE

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


def test_simultaneous_disclosures_keep_one_chain_with_one_row_each(server: LiveServer) -> None:
    detentie_id = _detentie(server)
    r = httpx.post(
        f"{server.url}{BASE}/{detentie_id}/intakes", json=_intake(), headers=server.headers("demo-dji")
    )
    assert r.status_code == 201
    voor = scalars(server.database_url, "SELECT count(*) FROM verwerkingen")[0]
    lezers = ["demo-gemeente-amsterdam"] * N
    headers = [server.headers(naam) for naam in lezers]
    paden = [f"{BASE}/{detentie_id}", f"{BASE}/{detentie_id}/basisvoorwaarden"]
    antwoorden = at_once(N, lambda c, i: c.get(server.url + paden[i % 2], headers=headers[i]))
    assert [r.status_code for r in antwoorden] == [200] * N
    assert scalars(server.database_url, "SELECT count(*) FROM verwerkingen")[0] == voor + N
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
