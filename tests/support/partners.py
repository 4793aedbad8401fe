"""Partners made through the beheer API during a test."""

from __future__ import annotations

from typing import Any

from tests.fixtures.app import Api


def new_partner_client(api: Api, partner: dict[str, Any]) -> str:
    """Register a partner and a client through the beheer API; returns the client id (token cached)."""
    beheer = api.as_("demo-beheer")
    r = beheer.post("/api/v1/beheer/partners", json=partner)
    assert r.status_code == 201, r.text
    r = beheer.post(f"/api/v1/beheer/partners/{r.json()['id']}/clients")
    assert r.status_code == 201, r.text
    api.token(r.json()["clientId"], r.json()["clientSecret"])
    return str(r.json()["clientId"])


def partners_by_name(api: Api) -> dict[str, dict[str, Any]]:
    """Every partner as beheer lists it, by name."""
    r = api.as_("demo-beheer").get("/api/v1/beheer/partners")
    assert r.status_code == 200, r.text
    return {p["naam"]: p for p in r.json()["partners"]}
