"""OAuth2 client credentials and bearer tokens (DESIGN §3)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import jwt
from sqlalchemy import Engine

from app.clock import FixedClock
from tests.factories import client_body, detentie_body
from tests.fixtures.app import Api
from tests.support.database import partner_id
from tests.support.environment import JWT_TEST_KEY
from tests.support.problems import assert_problem

TOKEN = "/oauth/token"
FEED = "/api/v1/notificaties"
AMSTERDAM = "demo-gemeente-amsterdam"


def _token_request(api: Api, **overrides: str | None) -> Any:
    data = {
        "grant_type": "client_credentials",
        "client_id": AMSTERDAM,
        "client_secret": f"{AMSTERDAM}-secret",
    }
    data.update(overrides)  # type: ignore[arg-type]
    return api.client.post(TOKEN, data={k: v for k, v in data.items() if v is not None})


def _feed(api: Api, authorization: str | None) -> Any:
    headers = {"Authorization": authorization} if authorization is not None else {}
    return api.client.get(FEED, headers=headers)


def _unauthorized(response: Any, invalid_token: bool) -> dict[str, Any]:
    body = assert_problem(response, 401, "niet-geauthenticeerd")
    challenge = response.headers["WWW-Authenticate"]
    assert challenge.startswith('Bearer realm="ketenmeldingen"')
    assert ('error="invalid_token"' in challenge) is invalid_token
    return body


def test_a_token_is_a_short_lived_bearer_jwt(api: Api) -> None:
    r = _token_request(api, scope="gemeente")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900
    assert body["scope"] == "gemeente"
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["sub"] == AMSTERDAM
    assert claims["exp"] - claims["iat"] == 900
    assert _feed(api, f"Bearer {body['access_token']}").status_code == 200


def test_missing_or_malformed_authorization(api: Api) -> None:
    for authorization in (
        None,
        "",
        "Bearer",
        "Bearer   ",
        "Basic ZGVtbzpzZWNyZXQ=",
        "Token abc",
        "bearerabc",
    ):
        _unauthorized(_feed(api, authorization), invalid_token=False)


def test_garbage_token(api: Api) -> None:
    for token in ("garbage", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."):
        _unauthorized(_feed(api, f"Bearer {token}"), invalid_token=True)


def test_the_scheme_name_is_case_insensitive(api: Api) -> None:
    assert _feed(api, f"bearer {api.token(AMSTERDAM)}").status_code == 200


def test_expired_token(api: Api, clock: FixedClock) -> None:
    token = api.token(AMSTERDAM)
    clock.advance(dt.timedelta(seconds=899))
    assert _feed(api, f"Bearer {token}").status_code == 200
    clock.advance(dt.timedelta(seconds=2))
    body = _unauthorized(_feed(api, f"Bearer {token}"), invalid_token=True)
    assert "verlopen" in body["detail"]


def _claims(engine: Engine, clock: FixedClock, **overrides: Any) -> dict[str, Any]:
    now = int(clock.now().timestamp())
    claims = {
        "iss": "ketenmeldingen",
        "aud": "ketenmeldingen",
        "sub": AMSTERDAM,
        "pid": str(partner_id(engine, AMSTERDAM)),
        "rol": "gemeente",
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "jti": str(uuid.uuid4()),
    }
    claims.update(overrides)
    return claims


def test_token_signed_with_another_key(api: Api, engine: Engine, clock: FixedClock) -> None:
    forged = jwt.encode(_claims(engine, clock), "een-andere-sleutel-met-genoeg-entropie-987654", "HS256")
    _unauthorized(_feed(api, f"Bearer {forged}"), invalid_token=True)


def test_tokens_with_claims_that_do_not_fit_are_rejected(api: Api, engine: Engine, clock: FixedClock) -> None:
    for overrides in (
        {"aud": "iets-anders"},
        {"iss": "iemand-anders"},
        {"rol": "beheer"},
        {"pid": str(uuid.uuid4())},
        {"sub": "demo-gemeente-rotterdam"},
        {"sub": "bestaat-niet"},
    ):
        token = jwt.encode(_claims(engine, clock, **overrides), JWT_TEST_KEY, "HS256")
        _unauthorized(_feed(api, f"Bearer {token}"), invalid_token=True)


def test_a_token_from_the_future_is_rejected(api: Api, engine: Engine, clock: FixedClock) -> None:
    later = int(clock.now().timestamp()) + 120
    token = jwt.encode(_claims(engine, clock, iat=later, nbf=later, exp=later + 600), JWT_TEST_KEY, "HS256")
    _unauthorized(_feed(api, f"Bearer {token}"), invalid_token=True)


def test_wrong_client_credentials_are_401(api: Api) -> None:
    for overrides in ({"client_secret": "fout"}, {"client_id": "bestaat-niet"}, {"client_secret": "x" * 200}):
        body = assert_problem(_token_request(api, **overrides), 401, "ongeldige-client")
        assert body["error"] == "invalid_client"


def test_unknown_client_and_wrong_secret_look_the_same(api: Api) -> None:
    onbekend = _token_request(api, client_id="bestaat-niet").json()
    fout = _token_request(api, client_secret="fout").json()
    assert onbekend == fout


def test_unsupported_grant_type_and_scope_mismatch_are_400(api: Api) -> None:
    for grant_type in ("password", "authorization_code", "client_credential"):
        body = assert_problem(_token_request(api, grant_type=grant_type), 400, "ongeldig-token-verzoek")
        assert body["error"] == "unsupported_grant_type"
    for scope in ("dji", "beheer", "gemeente beheer"):
        body = assert_problem(_token_request(api, scope=scope), 400, "ongeldig-token-verzoek")
        assert body["error"] == "invalid_scope"


def test_missing_form_fields_are_400(api: Api) -> None:
    r = api.client.post(TOKEN, data={"grant_type": "client_credentials"})
    body = assert_problem(r, 400, "validatie")
    assert {p["name"] for p in body["invalidParams"]} == {"client_id", "client_secret"}
    r = api.client.post(
        TOKEN, data={"grant_type": "client_credentials", "client_id": AMSTERDAM, "client_secret": ""}
    )
    assert {p["name"] for p in assert_problem(r, 400, "validatie")["invalidParams"]} == {"client_secret"}


def test_token_endpoint_takes_a_form_not_json(api: Api) -> None:
    r = api.client.post(TOKEN, json={"grant_type": "client_credentials"})
    assert_problem(r, 415, "mediatype-niet-ondersteund")


def _client(api: Api, partner_naam: str, client_id: str) -> str:
    beheer = api.as_("demo-beheer")
    partners = beheer.get("/api/v1/beheer/partners").json()["partners"]
    pid = next(p["id"] for p in partners if p["naam"] == partner_naam)
    r = beheer.post(f"/api/v1/beheer/partners/{pid}/clients", json=client_body(clientId=client_id))
    assert r.status_code == 201, r.text
    return str(pid)


def test_revoking_a_client_stops_its_existing_token_at_once(api: Api) -> None:
    pid = _client(api, AMSTERDAM, "amsterdam-tweede")
    secret = api.as_("demo-beheer").post(f"/api/v1/beheer/partners/{pid}/clients/amsterdam-tweede/rotatie")
    token = _token_request(api, client_id="amsterdam-tweede", client_secret=secret.json()["clientSecret"])
    bearer = f"Bearer {token.json()['access_token']}"
    assert _feed(api, bearer).status_code == 200

    r = api.as_("demo-beheer").delete(f"/api/v1/beheer/partners/{pid}/clients/amsterdam-tweede")
    assert r.status_code == 204, r.text
    _unauthorized(_feed(api, bearer), invalid_token=True)
    assert_problem(
        _token_request(api, client_id="amsterdam-tweede", client_secret=secret.json()["clientSecret"]),
        401,
        "ongeldige-client",
    )
    # The partner's other client is unaffected.
    assert api.as_(AMSTERDAM).get(FEED).status_code == 200


def test_a_revoked_clients_token_does_not_claim_an_idempotency_key(api: Api) -> None:
    pid = _client(api, "demo-dji", "dji-tweede")
    secret = api.as_("demo-beheer").post(f"/api/v1/beheer/partners/{pid}/clients/dji-tweede/rotatie")
    token = _token_request(api, client_id="dji-tweede", client_secret=secret.json()["clientSecret"])
    bearer = f"Bearer {token.json()['access_token']}"
    api.as_("demo-beheer").delete(f"/api/v1/beheer/partners/{pid}/clients/dji-tweede")

    body = detentie_body()
    r = api.client.post(
        "/api/v1/detenties", json=body, headers={"Authorization": bearer, "Idempotency-Key": "k-1"}
    )
    _unauthorized(r, invalid_token=True)
    # The partner's valid client, same key and body: runs, is not handed the stored 401.
    r = api.as_("demo-dji").post("/api/v1/detenties", json=body, headers={"Idempotency-Key": "k-1"})
    assert r.status_code == 201, r.text


def test_rotating_a_secret(api: Api) -> None:
    pid = _client(api, AMSTERDAM, "amsterdam-rotatie")
    first = api.as_("demo-beheer").post(f"/api/v1/beheer/partners/{pid}/clients/amsterdam-rotatie/rotatie")
    second = api.as_("demo-beheer").post(f"/api/v1/beheer/partners/{pid}/clients/amsterdam-rotatie/rotatie")
    assert first.status_code == second.status_code == 200
    old, new = first.json()["clientSecret"], second.json()["clientSecret"]
    assert old != new
    assert_problem(
        _token_request(api, client_id="amsterdam-rotatie", client_secret=old), 401, "ongeldige-client"
    )
    r = _token_request(api, client_id="amsterdam-rotatie", client_secret=new)
    assert r.status_code == 200, r.text


def test_a_deactivated_partner_is_locked_out(api: Api) -> None:
    token = api.token(AMSTERDAM)
    pid = _client(api, AMSTERDAM, "amsterdam-x")
    r = api.as_("demo-beheer").patch(f"/api/v1/beheer/partners/{pid}", json={"actief": False})
    assert r.status_code == 200, r.text
    _unauthorized(_feed(api, f"Bearer {token}"), invalid_token=True)
    assert_problem(_token_request(api), 401, "ongeldige-client")
