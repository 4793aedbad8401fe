"""Beheer: client credentials of a partner, their secret shown once and stored hashed, rotated and revoked
(DESIGN §3)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, text

from tests.factories import client_body
from tests.fixtures.app import Api
from tests.support.database import TableState
from tests.support.partners import partners_by_name
from tests.support.problems import assert_problem, invalid_names

PARTNERS = "/api/v1/beheer/partners"
State = Callable[[], TableState]


def test_clients_secret_is_shown_once_and_stored_hashed(api: Api, engine: Engine) -> None:
    beheer = api.as_("demo-beheer")
    pid = partners_by_name(api)["demo-gemeente-rotterdam"]["id"]
    r = beheer.post(f"{PARTNERS}/{pid}/clients", json=client_body(clientId="rotterdam-koppeling"))
    assert r.status_code == 201, r.text
    secret = r.json()["clientSecret"]
    assert len(secret) >= 40
    generated = beheer.post(f"{PARTNERS}/{pid}/clients")
    assert generated.status_code == 201, generated.text
    assert generated.json()["clientId"].startswith("gemeente-")

    listed = beheer.get(f"{PARTNERS}/{pid}/clients").json()["clients"]
    assert {c["clientId"] for c in listed} == {
        "demo-gemeente-rotterdam",
        "rotterdam-koppeling",
        generated.json()["clientId"],
    }
    assert all("clientSecret" not in c for c in listed)
    assert secret not in beheer.get(f"{PARTNERS}/{pid}/clients").text

    with engine.connect() as conn:
        stored = " ".join(
            " ".join(str(v) for v in row) for row in conn.execute(text("SELECT * FROM clients"))
        )
    assert secret not in stored
    assert generated.json()["clientSecret"] not in stored
    assert "demo-gemeente-rotterdam-secret" not in stored

    token = api.client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": "rotterdam-koppeling",
            "client_secret": secret,
        },
    )
    assert token.status_code == 200, token.text


def test_rotate_and_revoke(api: Api) -> None:
    beheer = api.as_("demo-beheer")
    pid = partners_by_name(api)["demo-gemeente-rotterdam"]["id"]
    beheer.post(f"{PARTNERS}/{pid}/clients", json=client_body(clientId="rotterdam-koppeling"))
    r = beheer.post(f"{PARTNERS}/{pid}/clients/rotterdam-koppeling/rotatie")
    assert r.status_code == 200, r.text
    assert beheer.delete(f"{PARTNERS}/{pid}/clients/rotterdam-koppeling").status_code == 204
    # Revoking twice is harmless; rotating a revoked client is a conflict.
    assert beheer.delete(f"{PARTNERS}/{pid}/clients/rotterdam-koppeling").status_code == 204
    assert_problem(beheer.post(f"{PARTNERS}/{pid}/clients/rotterdam-koppeling/rotatie"), 409, "conflict")
    listed = {c["clientId"]: c for c in beheer.get(f"{PARTNERS}/{pid}/clients").json()["clients"]}
    assert listed["rotterdam-koppeling"]["geroteerdOp"] == "2026-11-23T09:00:00Z"
    assert listed["rotterdam-koppeling"]["ingetrokkenOp"] == "2026-11-23T09:00:00Z"
    assert listed["demo-gemeente-rotterdam"]["ingetrokkenOp"] is None

    # A client is addressed under its own partner only.
    amsterdam = partners_by_name(api)["demo-gemeente-amsterdam"]["id"]
    assert_problem(beheer.post(f"{PARTNERS}/{amsterdam}/clients/demo-gemeente-rotterdam/rotatie"), 404)
    assert_problem(beheer.delete(f"{PARTNERS}/{amsterdam}/clients/demo-gemeente-rotterdam"), 404)


def test_a_client_id_is_unique_across_partners(api: Api, db_state: State) -> None:
    pid = partners_by_name(api)["demo-gemeente-rotterdam"]["id"]
    before = db_state()
    r = api.as_("demo-beheer").post(
        f"{PARTNERS}/{pid}/clients", json=client_body(clientId="demo-gemeente-amsterdam")
    )
    assert_problem(r, 409, "conflict")
    r = api.as_("demo-beheer").post(
        f"{PARTNERS}/{pid}/clients", json=client_body(clientId="Hoofdletters Mag Niet")
    )
    assert invalid_names(assert_problem(r, 400, "validatie")) == {"clientId"}
    unknown = "/api/v1/beheer/partners/00000000-0000-4000-8000-000000000000/clients"
    assert_problem(api.as_("demo-beheer").post(unknown), 404, "niet-gevonden")
    assert db_state() == before
