"""Bad input changes nothing and gets a precise problem+json (DESIGN §5, §10)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.factories import (
    detentie_body,
    einde_body,
    invalid_bsn,
    overplaatsing_body,
    partner_body,
    persoon_body,
)
from tests.fixtures.app import Api
from tests.support.database import TableState
from tests.support.partners import new_partner_client
from tests.support.problems import assert_problem, invalid_names

BASE = "/api/v1/detenties"
State = Callable[[], TableState]


@pytest.fixture
def detentie(api: Api) -> dict[str, Any]:
    r = api.as_("demo-dji").post(BASE, json=detentie_body())
    assert r.status_code == 201, r.text
    return dict(r.json())


def _rejected(
    api: Api, db_state: State, status: int, slug: str, method: str, url: str, **kwargs: Any
) -> dict[str, Any]:
    """Send as demo-dji; assert the problem and that no table changed."""
    before = db_state()
    body = assert_problem(api.as_("demo-dji").request(method, url, **kwargs), status, slug)
    assert db_state() == before
    return body


# The case tables are walked in one test per backend (one app each): per case a request, a precise
# problem and an unchanged database.
INVALID_BEGIN: list[tuple[dict[str, Any], set[str]]] = [
    ({"persoon": persoon_body(bsn=invalid_bsn())}, {"persoon.bsn"}),
    ({"persoon": persoon_body(bsn="12345678")}, {"persoon.bsn"}),
    ({"gemeenteVanInschrijving": "363"}, {"gemeenteVanInschrijving"}),
    ({"gemeenteVanHervestiging": "Amsterdam"}, {"gemeenteVanHervestiging"}),
    ({"titel": "levenslang", "instroom": 3}, {"titel", "instroom"}),
    ({"begindatum": "2026-11-20T09:30:00"}, {"begindatum"}),
    ({"begindatum": "gisteren", "verwachteEinddatum": "morgen"}, {"begindatum", "verwachteEinddatum"}),
    ({"verwachteEinddatum": "2026-01-01"}, {"verwachteEinddatum"}),
    ({"persoon": persoon_body(geboortedatum="2999-01-01")}, {"persoon.geboortedatum"}),
    ({"persoon": persoon_body(bsn=123456782, voornamen=["Jan"])}, {"persoon.bsn", "persoon.voornamen"}),
    ({"bronId": ""}, {"bronId"}),
    ({"inrichting": "pi zaanstad"}, {"inrichting"}),
    # An unknown property is reported by where it stood, never by its own name (it may be a BSN).
    ({"onbekendVeld": 1}, {"body"}),
    ({"persoon": {**persoon_body(), "bsnNummer": "x"}}, {"persoon"}),
    ({"begin_datum": "2026-11-20T09:30:00Z"}, {"body"}),
]


def test_invalid_fields_are_listed_by_name(api: Api, db_state: State) -> None:
    for overrides, names in INVALID_BEGIN:
        problem = _rejected(api, db_state, 400, "validatie", "POST", BASE, json=detentie_body(**overrides))
        assert invalid_names(problem) == names, overrides
        assert all(p["reason"] and p["code"] for p in problem["invalidParams"])


def test_every_missing_field_is_listed(api: Api, db_state: State) -> None:
    problem = _rejected(api, db_state, 400, "validatie", "POST", BASE, json={"persoon": {}})
    assert invalid_names(problem) == {
        "bronId",
        "persoon.bsn",
        "persoon.geslachtsnaam",
        "persoon.voornamen",
        "persoon.geboortedatum",
        "inrichting",
        "titel",
        "instroom",
        "begindatum",
        "gemeenteVanInschrijving",
    }
    assert {p["code"] for p in problem["invalidParams"]} == {"missing"}


@pytest.mark.parametrize("bsn_value", [invalid_bsn(), "1234567890"])
def test_a_rejected_bsn_is_never_echoed(api: Api, db_state: State, bsn_value: str) -> None:
    body = detentie_body(persoon=persoon_body(bsn=bsn_value, geslachtsnaam=""))
    r = api.as_("demo-dji").post(BASE, json=body)
    assert_problem(r, 400, "validatie")
    assert bsn_value not in r.text
    assert invalid_names(r.json()) == {"persoon.bsn", "persoon.geslachtsnaam"}


def test_body_that_is_not_an_object(api: Api, db_state: State) -> None:
    problem = _rejected(api, db_state, 400, "validatie", "POST", BASE, json=[detentie_body()])
    assert invalid_names(problem) == {"body"}


def test_malformed_json(api: Api, db_state: State) -> None:
    for raw in (b'{"bronId": "x",', b"{'bronId': 'x'}", b"\xff\xfe"):
        headers = {"Content-Type": "application/json"}
        problem = _rejected(api, db_state, 400, "ongeldige-json", "POST", BASE, content=raw, headers=headers)
        assert "invalidParams" not in problem


def test_wrong_content_type_is_415(api: Api, db_state: State) -> None:
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "application/xml"):
        headers = {"Content-Type": content_type}
        body = b'{"bronId": "x"}'
        _rejected(
            api, db_state, 415, "mediatype-niet-ondersteund", "POST", BASE, content=body, headers=headers
        )


def test_json_without_content_type_is_415(api: Api, db_state: State) -> None:
    r = api.client.post(BASE, content=b"{}", headers={**api.headers("demo-dji"), "Content-Type": ""})
    assert_problem(r, 415, "mediatype-niet-ondersteund")


def test_accept_negotiation(api: Api, db_state: State) -> None:
    for accept in ("text/html", "application/xml", "application/json;q=0"):
        headers = {"Accept": accept}
        _rejected(api, db_state, 406, "niet-acceptabel", "POST", BASE, json=detentie_body(), headers=headers)
    for accept in ("application/json", "application/problem+json", "*/*", "text/html, */*;q=0.1"):
        r = api.as_("demo-dji").post(BASE, json=detentie_body(), headers={"Accept": accept})
        assert r.status_code == 201, (accept, r.text)


TWO_MB = 2 * 1024 * 1024


def test_oversized_body_with_content_length_is_413(api: Api, db_state: State) -> None:
    body = b'{"bronId": "' + b"x" * TWO_MB + b'"}'
    _rejected(
        api,
        db_state,
        413,
        "body-te-groot",
        "POST",
        BASE,
        content=body,
        headers={"Content-Type": "application/json"},
    )


def _chunks() -> Iterator[bytes]:
    yield b'{"bronId": "'
    for _ in range(TWO_MB // 65536):
        yield b"x" * 65536
    yield b'"}'


@pytest.mark.parametrize("idempotency_key", [None, "groot-1"])
def test_oversized_chunked_body_is_413(api: Api, db_state: State, idempotency_key: str | None) -> None:
    headers = {"Content-Type": "application/json"}
    if idempotency_key:
        headers["Idempotency-Key"] = idempotency_key
    before = db_state()
    r = api.as_("demo-dji").post(BASE, content=_chunks(), headers=headers)
    assert r.request.headers.get("transfer-encoding") == "chunked"
    assert "content-length" not in r.request.headers
    problem = assert_problem(r, 413, "body-te-groot")
    assert "1048576" in problem["detail"]
    assert db_state() == before


def test_unknown_inrichting_is_400(api: Api, db_state: State) -> None:
    problem = _rejected(
        api, db_state, 400, "validatie", "POST", BASE, json=detentie_body(inrichting="PI-NERGENSDORP")
    )
    assert problem["invalidParams"] == [
        {"name": "inrichting", "reason": "onbekende inrichting", "code": "onbekend"}
    ]


@pytest.fixture
def dji_noord(api: Api) -> str:
    return new_partner_client(api, partner_body())


def test_inrichting_of_another_dji_partner_is_403(api: Api, db_state: State, dji_noord: str) -> None:
    _rejected(api, db_state, 403, "geen-toegang", "POST", BASE, json=detentie_body(inrichting="PI-GRONINGEN"))
    before = db_state()
    r = api.as_(dji_noord).post(BASE, json=detentie_body(inrichting="PI-ZAANSTAD"))
    assert_problem(r, 403, "geen-toegang")
    assert db_state() == before


def test_same_bron_id_with_other_data_is_409(api: Api, db_state: State) -> None:
    body = detentie_body()
    assert api.as_("demo-dji").post(BASE, json=body).status_code == 201
    problem = _rejected(api, db_state, 409, "conflict", "POST", BASE, json={**body, "titel": "tbs"})
    assert problem["bronId"] == body["bronId"]
    # The same data again is a harmless repeat: 200, nothing new.
    before = db_state()
    r = api.as_("demo-dji").post(BASE, json=body)
    assert r.status_code == 200, r.text
    assert db_state() == before


def test_einde_twice(api: Api, db_state: State, detentie: dict[str, Any]) -> None:
    url = f"{BASE}/{detentie['id']}/einde"
    einde = einde_body()
    first = api.as_("demo-dji").post(url, json=einde)
    assert first.status_code == 200, first.text

    for other in (
        {**einde, "reden": "schorsing"},
        {**einde, "einddatum": "2026-11-22T13:00:00+01:00"},
        {**einde, "gemeenteNaOntslag": "0599"},
    ):
        _rejected(api, db_state, 409, "conflict", "POST", url, json=other)

    before = db_state()
    # The same einde, in another offset: 200, unchanged, and no second event.
    again = api.as_("demo-dji").post(url, json={**einde, "einddatum": "2026-11-22T11:00:00Z"})
    assert again.status_code == 200, again.text
    assert again.json() == first.json()
    assert db_state() == before
    soorten = [e["type"].rsplit(".", 1)[1] for e in api.as_("demo-gemeente-amsterdam").feed()]
    assert soorten == ["gestart", "beeindigd"]


def test_changes_to_an_ended_detentie_are_409(api: Api, db_state: State, detentie: dict[str, Any]) -> None:
    url = f"{BASE}/{detentie['id']}"
    api.as_("demo-dji").post(
        f"{url}/einde", json=einde_body(einddatum="2026-11-22T12:00:00Z", reden="overig")
    )
    _rejected(api, db_state, 409, "conflict", "PATCH", url, json={"verwachteEinddatum": "2027-01-01"})
    _rejected(
        api,
        db_state,
        409,
        "conflict",
        "POST",
        f"{url}/overplaatsingen",
        json=overplaatsing_body(datum="2026-11-21T10:00:00Z"),
    )


INVALID_PATCH: list[tuple[dict[str, Any], set[str]]] = [
    ({}, {"body"}),
    ({"inrichting": None}, {"inrichting"}),
    ({"titel": None, "instroom": None}, {"titel", "instroom"}),
    ({"persoon": None}, {"persoon"}),
    ({"persoon": {"geslachtsnaam": None}}, {"persoon.geslachtsnaam"}),
    # The BSN and bronId cannot be patched: unknown properties, reported by where they stood.
    ({"persoon": {"bsn": "123456782"}}, {"persoon"}),
    ({"verwachteEinddatum": "2026-01-01"}, {"verwachteEinddatum"}),
    ({"gemeenteVanInschrijving": "12345"}, {"gemeenteVanInschrijving"}),
    ({"bronId": "ander"}, {"body"}),
]


def test_invalid_patches(api: Api, db_state: State, detentie: dict[str, Any]) -> None:
    for patch, names in INVALID_PATCH:
        problem = _rejected(api, db_state, 400, "validatie", "PATCH", f"{BASE}/{detentie['id']}", json=patch)
        assert invalid_names(problem) == names, patch


def test_patch_without_a_body(api: Api, db_state: State, detentie: dict[str, Any]) -> None:
    problem = _rejected(
        api,
        db_state,
        400,
        "validatie",
        "PATCH",
        f"{BASE}/{detentie['id']}",
        headers={"Content-Type": "application/json"},
    )
    assert invalid_names(problem) == {"body"}


def test_patch_to_an_unknown_or_foreign_inrichting(
    api: Api, db_state: State, detentie: dict[str, Any], dji_noord: str
) -> None:
    url = f"{BASE}/{detentie['id']}"
    problem = _rejected(api, db_state, 400, "validatie", "PATCH", url, json={"inrichting": "PI-NERGENSDORP"})
    assert invalid_names(problem) == {"inrichting"}
    _rejected(api, db_state, 403, "geen-toegang", "PATCH", url, json={"inrichting": "PI-GRONINGEN"})


def test_overplaatsing_errors(api: Api, db_state: State, detentie: dict[str, Any]) -> None:
    url = f"{BASE}/{detentie['id']}/overplaatsingen"
    datum = "2026-11-21T10:00:00Z"
    _rejected(
        api,
        db_state,
        409,
        "conflict",
        "POST",
        url,
        json=overplaatsing_body(naarInrichting="PI-ZAANSTAD", datum=datum),
    )
    problem = _rejected(
        api,
        db_state,
        400,
        "validatie",
        "POST",
        url,
        json=overplaatsing_body(naarInrichting="PI-NERGENSDORP", datum=datum),
    )
    assert invalid_names(problem) == {"naarInrichting"}
    problem = _rejected(
        api,
        db_state,
        400,
        "validatie",
        "POST",
        url,
        json=overplaatsing_body(datum="2026-11-01T10:00:00Z"),
    )
    assert invalid_names(problem) == {"datum"}
    problem = _rejected(api, db_state, 400, "validatie", "POST", url, json={"naar": "PI-VUGHT"})
    assert invalid_names(problem) == {"naarInrichting", "datum", "body"}


def test_einde_errors(api: Api, db_state: State, detentie: dict[str, Any]) -> None:
    url = f"{BASE}/{detentie['id']}/einde"
    problem = _rejected(
        api,
        db_state,
        400,
        "validatie",
        "POST",
        url,
        json=einde_body(einddatum="2026-11-01T00:00:00Z", reden="overig"),
    )
    assert problem["invalidParams"][0]["name"] == "einddatum"
    assert invalid_names(problem) == {"einddatum"}
    problem = _rejected(
        api,
        db_state,
        400,
        "validatie",
        "POST",
        url,
        json={"einddatum": "2026-11-22", "reden": "vrijgelaten", "gemeenteNaOntslag": "Utrecht"},
    )
    assert invalid_names(problem) == {"einddatum", "reden", "gemeenteNaOntslag"}


@pytest.mark.parametrize("detentie_id", ["niet-een-uuid", "00000000-0000-4000-8000-000000000000"])
def test_unknown_detentie(api: Api, db_state: State, detentie_id: str) -> None:
    status, slug = (400, "validatie") if detentie_id.startswith("niet") else (404, "niet-gevonden")
    _rejected(api, db_state, status, slug, "GET", f"{BASE}/{detentie_id}")
    _rejected(api, db_state, status, slug, "PATCH", f"{BASE}/{detentie_id}", json={"titel": "tbs"})
