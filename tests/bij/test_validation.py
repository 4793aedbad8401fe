"""Bad input for a BIJ-melding is a problem listing every error at once, and stores nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.factories import bij_melding_body
from tests.fixtures.app import Api
from tests.support.bij import BIJ, PROBLEM, create_detentie, table_counts


def _zonder(body: dict[str, Any], veld: str) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != veld}


def _adres(**velden: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda b: b | {"verblijfadres": b["verblijfadres"] | velden}


FOUTEN: list[tuple[str, Callable[[dict[str, Any]], dict[str, Any]], str]] = [
    ("postcode-letters", _adres(postcode="1234 SA"), "verblijfadres.postcode"),
    ("postcode-vorm", _adres(postcode="12345"), "verblijfadres.postcode"),
    ("postcode-nul", _adres(postcode="0123 AB"), "verblijfadres.postcode"),
    ("onbekende-gemeente", _adres(gemeentecode="9999"), "verblijfadres.gemeentecode"),
    ("opgeheven-gemeente", _adres(gemeentecode="0457"), "verblijfadres.gemeentecode"),  # Weesp, since 2022
    ("gemeentecode-vorm", _adres(gemeentecode="80"), "verblijfadres.gemeentecode"),
    ("zonder-delict", lambda b: _zonder(b, "delict"), "delict"),
    (
        "delict-categorie",
        lambda b: b | {"delict": {"categorie": "diefstal", "omschrijving": "x"}},
        "delict.categorie",
    ),
    (
        "tot-voor-van",
        lambda b: b | {"periode": {"van": "2026-12-04T10:00:00+01:00", "tot": "2026-12-04T09:59:00+01:00"}},
        "periode.tot",
    ),
    ("soort", lambda b: b | {"soort": "vrijlating"}, "soort"),
    ("voorwaarde", lambda b: b | {"voorwaarden": [{"soort": "enkelband"}]}, "voorwaarden.0.soort"),
    ("onbekend-veld", lambda b: b | {"bsn": "999990007"}, "body"),  # never echoes the unknown name
    (
        "onbekende-detentie",
        lambda b: b | {"detentieId": "7b3c9a52-3c1e-4d0e-9a53-1f7b1f0c2b11"},
        "detentieId",
    ),
]


@pytest.mark.parametrize(("wijziging", "veld"), [(f, v) for _, f, v in FOUTEN], ids=[n for n, _, _ in FOUTEN])
def test_bad_input_is_a_problem_and_stores_nothing(
    api: Api,
    rows: Callable[[str], int],
    wijziging: Callable[[dict[str, Any]], dict[str, Any]],
    veld: str,
) -> None:
    detentie = create_detentie(api)
    voor = table_counts(rows)
    r = api.as_("demo-dji").post(BIJ, json=wijziging(bij_melding_body(detentie["id"])))
    assert r.status_code == 400, r.text
    assert r.headers["content-type"] == PROBLEM
    assert r.json()["status"] == 400
    assert veld in [p["name"] for p in r.json()["invalidParams"]]
    assert table_counts(rows) == voor


def test_every_error_is_listed_at_once(api: Api, rows: Callable[[str], int]) -> None:
    body = bij_melding_body("7b3c9a52-3c1e-4d0e-9a53-1f7b1f0c2b11")
    body["verblijfadres"]["gemeentecode"] = "9999"
    r = api.as_("demo-dji").post(BIJ, json=body)
    assert r.status_code == 400
    assert sorted(p["name"] for p in r.json()["invalidParams"]) == [
        "detentieId",
        "verblijfadres.gemeentecode",
    ]
    body = _zonder(bij_melding_body("x"), "delict") | {
        "periode": {"van": "2026-12-04T10:00:00Z", "tot": "2026-12-03T00:00:00Z"}
    }
    r = api.as_("demo-dji").post(BIJ, json=body)
    assert sorted(p["name"] for p in r.json()["invalidParams"]) == ["delict", "detentieId", "periode.tot"]
    assert rows("bij_meldingen") == 0
