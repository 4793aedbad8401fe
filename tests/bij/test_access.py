"""Purpose limitation of BIJ-meldingen: only the recorded recipients see one, over the API and in the feed;
only DJI makes one, and only for its own detentie (another DJI partner's is refused without revealing it)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine

from tests.factories import bij_melding_body
from tests.fixtures.app import Api
from tests.support.bij import (
    BIJ,
    DET,
    POLITIE,
    PROBLEM,
    ZVH,
    create_detentie,
    create_melding,
    log_rows,
    opdracht_for_rn,
    second_dji,
    table_counts,
)

NIET_ONTVANGERS = (
    "demo-gemeente-amsterdam",  # registration gemeente: ordinary meldingen, never BIJ
    "demo-gemeente-leeuwarden",  # the address gemeente's re-integration team
    "demo-gemeente-rotterdam",
    "demo-gemeente-utrecht",
    "demo-reclassering-rn",  # holds an opdracht for the detentie
    "demo-bij-amsterdam",  # mandate for the registration gemeente, not the address
)


def test_only_the_two_recipients_see_the_bij_melding_over_api_and_feed(api: Api, engine: Engine) -> None:
    detentie = create_detentie(api, gemeenteVanInschrijving="0363")
    opdracht_for_rn(api, detentie["id"])
    melding = create_melding(api, detentie["id"])
    ander_dji = second_dji(api)
    resource = f"{BIJ}/{melding['id']}"

    # The reclassering organisation does hold an active opdracht: it reads the detentie, not the BIJ.
    assert api.as_("demo-reclassering-rn").get(f"{DET}/{detentie['id']}").status_code == 200

    for client in (ZVH, POLITIE):
        assert api.as_(client).get(resource).status_code == 200
        [event] = api.as_(client).feed(expand="data")
        assert event["type"] == "nl.justitiabelen.bij.gemeld"
        assert event["data"]["delict"]["categorie"] == "geweld"
        assert event["data"]["verblijfadres"]["gemeentecode"] == "0080"
    for client in (*NIET_ONTVANGERS, ander_dji):
        r = api.as_(client).get(resource)
        assert (r.status_code, r.headers["content-type"]) == (404, PROBLEM), client
        assert r.json()["detail"] == "BIJ-melding niet gevonden"
    for client in NIET_ONTVANGERS:
        events = api.as_(client).feed(expand="data")
        assert all("bij" not in e["type"] and "/bij-meldingen/" not in e["dataref"] for e in events), client
        assert all("verblijfadres" not in str(e) and "Proefstraat" not in str(e) for e in events), client
    for client in ("demo-beheer", "demo-privacy"):
        assert api.as_(client).get(resource).status_code == 403
        assert api.as_(client).get("/api/v1/notificaties").status_code == 403
    # The DJI partner that made it reads it back; no disclosure, no log row.
    assert api.as_("demo-dji").get(resource).json()["delict"]["omschrijving"] == "Zware mishandeling"
    bij_rijen = [v for v in log_rows(engine) if v.object_soort == "bij_melding"]
    assert sorted((v.partner_naam, v.kanaal) for v in bij_rijen) == [
        (ZVH, "api"),
        (ZVH, "feed"),
        (POLITIE, "api"),
        (POLITIE, "feed"),
    ]


def test_a_detentie_of_another_dji_partner_is_refused_without_revealing_it(
    api: Api, rows: Callable[[str], int]
) -> None:
    ander = second_dji(api)
    vreemd = create_detentie(api, client=ander, inrichting="PI-GRONINGEN")
    voor = table_counts(rows)
    r = api.as_("demo-dji").post(BIJ, json=bij_melding_body(vreemd["id"]))
    assert r.status_code == 400
    assert r.headers["content-type"] == PROBLEM
    assert [(p["name"], p["code"]) for p in r.json()["invalidParams"]] == [("detentieId", "onbekend")]
    assert table_counts(rows) == voor
    # The other way round: its own melding is not readable by demo-dji, nor demo-dji's by it.
    eigen = create_melding(api, create_detentie(api)["id"])
    assert api.as_(ander).get(f"{BIJ}/{eigen['id']}").status_code == 404
    r = api.as_(ander).post(BIJ, json=bij_melding_body(vreemd["id"]))
    assert r.status_code == 201, r.text
    assert api.as_("demo-dji").get(f"{BIJ}/{r.json()['id']}").status_code == 404


def test_only_dji_may_make_a_bij_melding(api: Api, rows: Callable[[str], int]) -> None:
    detentie = create_detentie(api)
    for client in (ZVH, POLITIE, "demo-gemeente-leeuwarden", "demo-beheer"):
        r = api.as_(client).post(BIJ, json=bij_melding_body(detentie["id"]))
        assert r.status_code == 403, client
    assert rows("bij_meldingen") == 0
