"""Steps and names for the BIJ-melding tests (DESIGN §6: routed by the address gemeente to the mandated
official and the police only)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, select

from app.db import make_sessionmaker, unit_of_work
from app.verwerkingen.models import Verwerking
from tests.factories import bij_melding_body, client_body, detentie_body, opdracht_body, partner_body
from tests.fixtures.app import Api

BIJ = "/api/v1/bij-meldingen"
DET = "/api/v1/detenties"
ZVH, POLITIE, BIJ_AMSTERDAM = "demo-bij-zvh-fryslan", "demo-politie", "demo-bij-amsterdam"
PROBLEM = "application/problem+json"
TABLES = ("bij_meldingen", "bij_ontvangers", "events", "onbestelbare_meldingen", "verwerkingen")


def create_detentie(api: Api, client: str = "demo-dji", **overrides: Any) -> dict[str, Any]:
    r = api.as_(client).post(DET, json=detentie_body(**overrides))
    assert r.status_code == 201, r.text
    return dict(r.json())


def create_melding(api: Api, detentie_id: str, **overrides: Any) -> dict[str, Any]:
    r = api.as_("demo-dji").post(BIJ, json=bij_melding_body(detentie_id, **overrides))
    assert r.status_code == 201, r.text
    assert r.headers["Location"] == f"{BIJ}/{r.json()['id']}"
    return dict(r.json())


def event_types(events: list[dict[str, Any]]) -> list[str]:
    return [e["type"].removeprefix("nl.justitiabelen.") for e in events]


def path(event: dict[str, Any]) -> str:
    """The event's dataref as a path under the API base."""
    return str(event["dataref"]).removeprefix("http://testserver/api/v1")


def url(event: dict[str, Any]) -> str:
    return "/api/v1" + path(event)


def partner_id(api: Api, naam: str) -> str:
    r = api.as_("demo-beheer").get("/api/v1/beheer/partners")
    return next(p["id"] for p in r.json()["partners"] if p["naam"] == naam)


def recipients(melding: dict[str, Any]) -> set[tuple[str, str]]:
    return {(o["naam"], o["rol"]) for o in melding["ontvangers"]}


def second_dji(api: Api) -> str:
    """A second DJI partner, speaking for another inrichting; returns its client id."""
    beheer = api.as_("demo-beheer")
    r = beheer.post("/api/v1/beheer/partners", json=partner_body())
    assert r.status_code == 201, r.text
    c = beheer.post(
        f"/api/v1/beheer/partners/{r.json()['id']}/clients", json=client_body(clientId="dji-noord")
    )
    assert c.status_code == 201, c.text
    api.token("dji-noord", c.json()["clientSecret"])
    return "dji-noord"


def opdracht_for_rn(api: Api, detentie_id: str) -> None:
    r = api.as_("demo-dji").post(f"{DET}/{detentie_id}/reclasseringsopdrachten", json=opdracht_body())
    assert r.status_code == 201, r.text


def table_counts(rows: Callable[[str], int]) -> dict[str, int]:
    return {t: rows(t) for t in TABLES}


def log_rows(engine: Engine) -> list[Verwerking]:
    with unit_of_work(make_sessionmaker(engine)) as session:
        return list(session.scalars(select(Verwerking).order_by(Verwerking.write_order)))
