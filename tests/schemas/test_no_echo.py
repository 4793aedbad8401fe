"""Issue 10, item 8: an error body never repeats the input that was wrong.

An unknown property is reported by where it stood (`body` or the object holding it) with the reason
"onbekende eigenschap", never by its own name: a client that puts a BSN or a name in a property name must
not see it come back (nor a log or proxy that keeps error bodies). A path segment that failed validation is
not repeated in `instance` either: there it is replaced by `{verborgen}`, as is any segment of a path
without a route that is not part of some route.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine

from tests.factories import einde_body
from tests.fixtures.app import Api
from tests.schemas.edge import (
    DETENTIES,
    DJI,
    GEMEENTE,
    OTHER_TEST_BSN,
    Case,
    Existing,
    all_tables,
    assert_refused,
    detentie,
    persoon,
)
from tests.support.database import TableState
from tests.support.problems import assert_problem

UNKNOWN: dict[str, tuple[Case, str]] = {
    "bsn-as-property": (
        Case(DJI, "POST", DETENTIES, lambda _: {**detentie(), OTHER_TEST_BSN: "x"}, {"body"}),
        OTHER_TEST_BSN,
    ),
    "name-as-property": (
        Case(DJI, "POST", DETENTIES, lambda _: {**detentie(), "Pietersen": 1}, {"body"}),
        "Pietersen",
    ),
    "bsn-as-property-in-persoon": (
        Case(
            DJI,
            "POST",
            DETENTIES,
            lambda _: detentie(persoon={**persoon(), OTHER_TEST_BSN: "Pietersen"}),
            {"persoon"},
        ),
        OTHER_TEST_BSN,
    ),
    "bsn-as-property-in-patch": (
        Case(
            DJI, "PATCH", DETENTIES + "/{detentie}", lambda _: {"persoon": {OTHER_TEST_BSN: 1}}, {"persoon"}
        ),
        OTHER_TEST_BSN,
    ),
}


@pytest.mark.parametrize(("case", "secret"), UNKNOWN.values(), ids=UNKNOWN.keys())
def test_an_unknown_property_is_reported_without_its_name(
    api: Api, engine: Engine, db_state: Callable[[], TableState], existing: Existing, case: Case, secret: str
) -> None:
    problem = assert_refused(api, engine, db_state, case, existing)
    assert secret not in str(problem)
    assert [p["reason"] for p in problem["invalidParams"]] == ["onbekende eigenschap"]


BAD_SEGMENTS: dict[str, tuple[str, str, dict[str, Any] | None, str, str]] = {
    # method, path, body, the expected instance, what must not come back
    "get-detentie": (
        "GET",
        "/api/v1/detenties/Pietersen-1990",
        None,
        "/api/v1/detenties/{verborgen}",
        "Pietersen",
    ),
    "patch-detentie": (
        "PATCH",
        "/api/v1/detenties/Pietersen",
        {"titel": "tbs"},
        "/api/v1/detenties/{verborgen}",
        "Pietersen",
    ),
    "einde": (
        "POST",
        "/api/v1/detenties/Pietersen/einde",
        einde_body(),
        "/api/v1/detenties/{verborgen}/einde",
        "Pietersen",
    ),
    "bij-melding-email": (
        "GET",
        "/api/v1/bij-meldingen/p.pietersen@example.nl",
        None,
        "/api/v1/bij-meldingen/{verborgen}",
        "pietersen",
    ),
}


@pytest.mark.parametrize(
    ("method", "path", "body", "instance", "secret"), BAD_SEGMENTS.values(), ids=BAD_SEGMENTS.keys()
)
def test_a_path_segment_that_failed_validation_is_not_in_instance(
    api: Api,
    engine: Engine,
    db_state: Callable[[], TableState],
    method: str,
    path: str,
    body: dict[str, Any] | None,
    instance: str,
    secret: str,
) -> None:
    api.token(DJI)
    everything = all_tables(engine)
    before, before_all = db_state(), everything()
    r = api.as_(DJI).request(method, path, json=body)
    problem = assert_problem(r, 400, "validatie")
    assert problem["instance"] == instance
    assert secret not in r.text.lower()
    assert db_state() == before
    assert everything() == before_all


def test_a_valid_identifier_stays_in_instance(api: Api) -> None:
    """A 404 for a well-formed id names the resource that was not found."""
    path = "/api/v1/detenties/00000000-0000-4000-8000-000000000000"
    problem = assert_problem(api.as_(DJI).get(path), 404, "niet-gevonden")
    assert problem["instance"] == path


@pytest.mark.parametrize(
    ("method", "path", "headers", "status", "instance"),
    [
        ("GET", "/api/v1/personen/Pietersen", {}, 404, "/api/v1/{verborgen}/{verborgen}"),
        (
            "POST",
            "/api/v1/detenties/Pietersen/einde",
            {"Content-Type": "text/plain"},
            415,
            "/api/v1/detenties/{verborgen}/einde",
        ),
        ("GET", "/api/v1/detenties/Pietersen", {"Accept": "text/html"}, 406, "/api/v1/detenties/{verborgen}"),
    ],
    ids=["unknown-route", "wrong-content-type", "not-acceptable"],
)
def test_a_path_without_a_route_or_refused_before_routing_is_not_repeated(
    api: Api, method: str, path: str, headers: dict[str, str], status: int, instance: str
) -> None:
    r = api.as_(GEMEENTE).request(method, path, headers=headers, content=b"x" if method == "POST" else None)
    problem = assert_problem(r, status)
    assert "Pietersen" not in r.text
    assert problem["instance"] == instance
