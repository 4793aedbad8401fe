"""Paging through the feed (DESIGN §8, §10): a Link to the next page, and its parameters validated."""

from __future__ import annotations

from typing import Any

from tests.factories import detentie_body
from tests.fixtures.app import Api
from tests.support.problems import assert_problem, invalid_names

FEED = "/api/v1/notificaties"


def test_feed_links_to_the_next_page(api: Api) -> None:
    dji = api.as_("demo-dji")
    for _ in range(3):
        dji.post("/api/v1/detenties", json=detentie_body())
    amsterdam = api.as_("demo-gemeente-amsterdam")

    r = amsterdam.get(FEED, params={"limit": 2})
    assert r.status_code == 200
    assert [e["sequence"] for e in r.json()["notificaties"]] == ["1", "2"]
    assert r.json()["laatsteSequence"] == 2
    assert r.headers["Link"] == '<http://testserver/api/v1/notificaties?na=2&limit=2>; rel="next"'

    r = amsterdam.get(FEED, params={"na": 2, "limit": 2, "expand": "data"})
    assert [e["sequence"] for e in r.json()["notificaties"]] == ["3"]
    assert r.headers["Link"] == '<http://testserver/api/v1/notificaties?na=3&limit=2&expand=data>; rel="next"'

    r = amsterdam.get(FEED, params={"na": 3})
    assert r.json() == {"notificaties": [], "laatsteSequence": 3}
    assert r.headers["Link"] == '<http://testserver/api/v1/notificaties?na=3&limit=100>; rel="next"'


FEED_PARAMS: list[tuple[dict[str, Any], set[str]]] = [
    ({"limit": 0}, {"limit"}),
    ({"limit": 1001}, {"limit"}),
    ({"na": -1}, {"na"}),
    ({"na": "een"}, {"na"}),
    ({"na": 2**31}, {"na"}),  # beyond the sequence column: once a 500
    ({"na": 10**20}, {"na"}),
    ({"wacht": 31}, {"wacht"}),
    ({"wacht": -1, "limit": "x"}, {"wacht", "limit"}),
    ({"expand": "alles"}, {"expand"}),
]


def test_feed_parameters_are_validated(api: Api) -> None:
    for params, names in FEED_PARAMS:
        r = api.as_("demo-gemeente-amsterdam").get(FEED, params=params)
        assert invalid_names(assert_problem(r, 400, "validatie")) == names, params
