"""`Idempotency-Key` on POST (DESIGN §10), sequentially on both backends. Concurrency:
tests/db/test_concurrent_duplicates.py."""

from __future__ import annotations

from collections.abc import Callable

from tests.factories import detentie_body, partner_body
from tests.fixtures.app import Api
from tests.support.database import TableState
from tests.support.partners import new_partner_client
from tests.support.problems import assert_problem

BASE = "/api/v1/detenties"
State = Callable[[], TableState]


def test_same_key_same_body_replays_the_first_answer(api: Api, db_state: State) -> None:
    dji = api.as_("demo-dji")
    body = detentie_body()
    first = dji.post(BASE, json=body, headers={"Idempotency-Key": "k1"})
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers

    before = db_state()
    again = dji.post(BASE, json=body, headers={"Idempotency-Key": "k1"})
    assert (again.status_code, again.content) == (201, first.content)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["content-type"] == first.headers["content-type"]
    assert db_state() == before

    other = dji.post(BASE, json=detentie_body(), headers={"Idempotency-Key": "k1"})
    assert_problem(other, 422, "idempotency-key-hergebruikt")
    assert db_state() == before


def test_a_rejected_request_is_replayed_as_rejected(api: Api, db_state: State) -> None:
    dji = api.as_("demo-dji")
    body = detentie_body(inrichting="PI-NERGENSDORP")
    first = dji.post(BASE, json=body, headers={"Idempotency-Key": "k2"})
    assert_problem(first, 400, "validatie")
    again = dji.post(BASE, json=body, headers={"Idempotency-Key": "k2"})
    assert (again.status_code, again.content) == (400, first.content)


def test_keys_belong_to_a_partner(api: Api) -> None:
    body = detentie_body()
    first = api.as_("demo-dji").post(BASE, json=body, headers={"Idempotency-Key": "gedeeld"})
    assert first.status_code == 201
    noord = new_partner_client(api, partner_body())
    other = api.as_(noord).post(
        BASE, json={**body, "inrichting": "PI-GRONINGEN"}, headers={"Idempotency-Key": "gedeeld"}
    )
    assert other.status_code == 201, other.text
    assert other.json()["id"] != first.json()["id"]


def test_without_a_key_the_bron_id_still_makes_begin_idempotent(api: Api, db_state: State) -> None:
    dji = api.as_("demo-dji")
    body = detentie_body()
    first = dji.post(BASE, json=body)
    before = db_state()
    again = dji.post(BASE, json=body)
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert db_state() == before


def test_idempotency_key_must_be_sane(api: Api) -> None:
    dji = api.as_("demo-dji")
    for key in ("", "x" * 256):
        r = dji.post("/api/v1/detenties", json=detentie_body(), headers={"Idempotency-Key": key})
        assert_problem(r, 400, "idempotency-key-ongeldig")
