"""Assertions on RFC 9457 problem responses (DESIGN §10)."""

from __future__ import annotations

from typing import Any

PROBLEM_JSON = "application/problem+json"
PROBLEM_PREFIX = "urn:nl:ketenmeldingen:probleem:"


def assert_problem(response: Any, status: int, slug: str | None = None) -> dict[str, Any]:
    """An RFC 9457 problem with the given status (and type slug); returns the body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON), response.headers["content-type"]
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail", "instance"} <= body.keys()
    if slug is not None:
        assert body["type"] == PROBLEM_PREFIX + slug, body
    return body


def invalid_names(body: dict[str, Any]) -> set[str]:
    return {p["name"] for p in body.get("invalidParams", [])}
