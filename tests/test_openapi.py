"""The committed contract must match the code: openapi/openapi.json, served without auth, every
operationId pinned (renaming a router function must not change the API)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from app.main import create_app
from app.openapi_doc import render
from app.routers.operation_ids import OPERATION_IDS
from tests.fixtures.app import make_settings
from tests.support.environment import ROOT


def test_committed_openapi_matches_the_app(tmp_path: Path) -> None:
    app = create_app(make_settings(f"sqlite:///{tmp_path / 'x.db'}"))
    committed = (ROOT / "openapi" / "openapi.json").read_text()
    assert render(app.openapi()) == committed, "openapi/openapi.json is stale: run `make openapi`"


def test_openapi_is_served_without_auth_and_uses_400_problems(tmp_path: Path) -> None:
    app = create_app(make_settings(f"sqlite:///{tmp_path / 'x.db'}"))
    with TestClient(app) as client:
        r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    post = doc["paths"]["/api/v1/detenties"]["post"]["responses"]
    # 422 only for a reused Idempotency-Key; validation errors are 400.
    assert "Idempotency" in post["422"]["description"]
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    assert "application/problem+json" in post["400"]["content"]


def test_every_operation_has_a_pinned_operation_id() -> None:
    """Renaming a router function must not change the contract: every operationId comes from the table."""
    document = create_app().openapi()
    operations = {
        (m.upper(), p): op["operationId"] for p, item in document["paths"].items() for m, op in item.items()
    }
    assert operations == OPERATION_IDS
