"""API conventions (DESIGN §10): headers, trace context, problem+json everywhere, no redirects."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from app import API_VERSION
from app.main import create_app
from app.middleware import SECURITY_HEADERS
from tests.factories import bsn, detentie_body
from tests.fixtures.app import Api, make_settings
from tests.support.problems import assert_problem

FEED = "/api/v1/notificaties"
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE_ID}-00f067aa0ba902b7-01"


def _conventional_headers(response: Any) -> None:
    assert response.headers["API-Version"] == API_VERSION
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value, name
    assert re.fullmatch(r"00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}", response.headers["traceparent"])


def test_headers_on_success_and_on_every_kind_of_error(api: Api) -> None:
    dji = api.as_("demo-dji")
    responses = [
        dji.post("/api/v1/detenties", json=detentie_body()),  # 201
        api.client.get("/health/live"),  # 200, no auth
        api.client.get(FEED),  # 401 from a dependency
        dji.get(FEED),  # 403
        dji.get("/api/v1/detenties/00000000-0000-4000-8000-000000000000"),  # 404 domain
        api.client.get("/api/v1/bestaat-niet"),  # 404 router
        api.client.delete("/health/live"),  # 405
        dji.post("/api/v1/detenties", json={}),  # 400 validation
        dji.post("/api/v1/detenties", content=b"x", headers={"Content-Type": "text/plain"}),  # 415 middleware
        dji.get(FEED, headers={"Accept": "text/html"}),  # 406 middleware
        dji.post(
            "/api/v1/detenties", json=detentie_body(), headers={"Idempotency-Key": ""}
        ),  # 400 idempotency
    ]
    assert [r.status_code for r in responses] == [201, 200, 401, 403, 404, 404, 405, 400, 415, 406, 400]
    for r in responses:
        _conventional_headers(r)
        if r.status_code >= 400:
            assert_problem(r, r.status_code)


def test_an_unexpected_error_is_a_500_problem_with_the_headers(tmp_path: Path) -> None:
    app = create_app(make_settings(f"sqlite:///{tmp_path / 'x.db'}"))

    @app.get("/api/v1/test-fout")
    def kapot() -> None:
        raise RuntimeError("onverwacht")

    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/api/v1/test-fout", headers={"traceparent": TRACEPARENT})
    body = assert_problem(r, 500, "interne-fout")
    assert "onverwacht" not in r.text
    assert body["instance"] == "/api/v1/test-fout"
    _conventional_headers(r)
    assert r.headers["traceparent"].split("-")[1] == TRACE_ID


def test_traceparent_is_accepted_and_propagated(api: Api) -> None:
    r = api.client.get("/health/live", headers={"traceparent": TRACEPARENT})
    version, trace_id, span_id, flags = r.headers["traceparent"].split("-")
    assert (version, trace_id, flags) == ("00", TRACE_ID, "01")
    assert span_id != "00f067aa0ba902b7"  # our own span, child of the caller's

    # An invalid or all-zero traceparent starts a new trace instead of failing the request.
    for invalid in ("garbage", f"00-{'0' * 32}-00f067aa0ba902b7-01", "00-ABC-00f067aa0ba902b7-01"):
        r = api.client.get("/health/live", headers={"traceparent": invalid})
        assert r.status_code == 200
        assert r.headers["traceparent"].split("-")[1] not in (TRACE_ID, "0" * 32)

    fresh = {api.client.get("/health/live").headers["traceparent"].split("-")[1] for _ in range(3)}
    assert len(fresh) == 3


def test_no_trailing_slash_redirects(api: Api) -> None:
    for path in ("/api/v1/detenties/", "/api/v1/notificaties/", "/health/live/", "/oauth/token/"):
        r = api.as_("demo-gemeente-amsterdam").get(path, follow_redirects=False)
        assert_problem(r, 404, "niet-gevonden")
        assert "location" not in r.headers


def test_public_endpoints_need_no_token(api: Api) -> None:
    assert api.client.get("/health/live").json() == {"status": "ok"}
    assert api.client.get("/health/ready").json() == {"status": "ok"}
    r = api.client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    assert r.json()["info"]["version"] == API_VERSION


def test_405_is_a_problem_and_names_the_allowed_methods(api: Api) -> None:
    r = api.as_("demo-dji").delete("/api/v1/detenties")
    assert_problem(r, 405, "methode-niet-toegestaan")
    assert "POST" in r.headers["Allow"]


def test_a_bsn_in_a_url_is_not_repeated_in_the_problem(api: Api) -> None:
    nummer = bsn()
    for url in (f"/api/v1/detenties/{nummer}", f"/api/v1/bestaat-niet/{nummer}/x"):
        r = api.as_("demo-gemeente-amsterdam").get(url)
        assert r.status_code in (400, 404), r.text
        assert nummer not in r.text
        assert "{verborgen}" in r.json()["instance"]
    # A UUID in the path is kept as it is.
    uuid_path = "/api/v1/detenties/12345678-1234-1234-1234-123456789012"
    assert api.as_("demo-gemeente-amsterdam").get(uuid_path).json()["instance"] == uuid_path
