"""Shared by the edge-input tests (issue 10, items 5-8): test persons, raw JSON requests, the objects a
request needs to exist, and snapshots of the whole database.

Every rejected request must leave every table exactly as it was, so the snapshot covers all tables the
migrations made (not only the domain tables of `db_state`, which the tests check as well).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, inspect

from app.models import load_all_models
from tests.factories import abonnement_body, bij_melding_body, detentie_body, persoon_body
from tests.fixtures.app import Api, As
from tests.support.database import TableState, table_state
from tests.support.problems import assert_problem, invalid_names

# From the range reserved for test persons (99999xxxx, elfproef-valid), not one the demo data uses.
TEST_BSN = "999990020"
OTHER_TEST_BSN = "999990032"
DETENTIES = "/api/v1/detenties"
BIJ = "/api/v1/bij-meldingen"
ABONNEMENTEN = "/api/v1/abonnementen"
PARTNERS = "/api/v1/beheer/partners"
DJI, GEMEENTE, BEHEER = "demo-dji", "demo-gemeente-amsterdam", "demo-beheer"


def persoon(**overrides: Any) -> dict[str, Any]:
    return persoon_body(**{"bsn": TEST_BSN, **overrides})


def detentie(**overrides: Any) -> dict[str, Any]:
    """POST /detenties for the test person (a `persoon` override replaces the whole person)."""
    return detentie_body(**{"persoon": persoon(), **overrides})


def send(client: As, method: str, url: str, body: Any) -> Any:
    """The body as JSON with every non-ASCII character escaped: a lone surrogate travels as `\\ud800`
    (httpx's `json=` cannot encode it)."""
    return client.request(method, url, content=json.dumps(body), headers={"Content-Type": "application/json"})


@dataclass(frozen=True)
class Existing:
    """What a request in a case may refer to: a detentie of demo-dji (PI Zaanstad) and an abonnement of
    gemeente Amsterdam."""

    detentie_id: str
    abonnement_id: str

    def url(self, template: str) -> str:
        return template.format(detentie=self.detentie_id, abonnement=self.abonnement_id)


def make_existing(api: Api) -> Existing:
    r = api.as_(DJI).post(DETENTIES, json=detentie(bronId="DJI-EDGE-BESTAAND"))
    assert r.status_code == 201, r.text
    detentie_id = str(r.json()["id"])
    r = api.as_(GEMEENTE).post(ABONNEMENTEN, json=abonnement_body())
    assert r.status_code == 201, r.text
    return Existing(detentie_id, str(r.json()["id"]))


def bij(detentie_id: str, **overrides: Any) -> dict[str, Any]:
    return bij_melding_body(detentie_id, **overrides)


@dataclass(frozen=True)
class Case:
    """One request that must be refused with a 400 naming `names` (and nothing else)."""

    client: str
    method: str
    url: str  # may hold {detentie} and {abonnement}
    body: Callable[[Existing], Any] | None
    names: set[str]


def all_tables(engine: Engine) -> Callable[[], TableState]:
    existing = set(inspect(engine).get_table_names())
    tables = tuple(t.name for t in load_all_models().metadata.sorted_tables if t.name in existing)
    return lambda: table_state(engine, tables)


def assert_refused(
    api: Api, engine: Engine, db_state: Callable[[], TableState], case: Case, existing: Existing
) -> dict[str, Any]:
    """Send the case; a 400 validation problem naming exactly the expected fields, nothing stored."""
    client = api.as_(case.client)
    api.token(case.client)  # a token first: issuing one is not part of the request under test
    everything = all_tables(engine)
    before, before_all = db_state(), everything()
    url = existing.url(case.url)
    if case.body is None:
        r = client.request(case.method, url)
    else:
        r = send(client, case.method, url, case.body(existing))
    problem = assert_problem(r, 400, "validatie")
    assert invalid_names(problem) == case.names, problem
    assert all(p["reason"] and p["code"] for p in problem["invalidParams"])
    assert db_state() == before
    assert everything() == before_all
    return problem
