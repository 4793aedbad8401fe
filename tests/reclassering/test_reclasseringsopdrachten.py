"""Reclasseringsopdrachten: created and validated, and the reclassering organisation reading the
basisvoorwaarden and receiving events only while its opdracht is active (Dutch days, inclusive)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from app.clock import FixedClock
from tests.factories import opdracht_body
from tests.fixtures.app import Api
from tests.support.screening import (
    BASE,
    BASISVOORWAARDEN_PROPS,
    add_opdracht,
    create_detentie,
    detentie_with_intake,
    intake_without_sociaal_netwerk,
    invalid_fields,
    screening_props,
    set_clock,
    table_counts,
)


def test_opdracht_is_created_and_validated(api: Api, rows: Callable[[str], int]) -> None:
    dji = api.as_("demo-dji")
    detentie_id = create_detentie(dji)
    url = f"{BASE}/{detentie_id}/reclasseringsopdrachten"
    r = dji.post(
        url, json=opdracht_body(organisatie="LJR", soort="advies", van="2026-11-23", tot="2026-11-23")
    )
    assert r.status_code == 201, r.text
    assert r.json()["organisatie"] == "LJR"
    assert r.json()["tot"] == "2026-11-23"
    voor = table_counts(rows)
    slecht = opdracht_body(organisatie="XYZ", soort="begeleiding", van="2026-11-23", tot="2026-11-22")
    assert invalid_fields(dji.post(url, json=slecht)) == {"organisatie", "soort", "tot"}
    assert invalid_fields(dji.post(url, json={"organisatie": "RN", "soort": "advies"})) == {"van"}
    assert table_counts(rows) == voor


def test_reclassering_reads_basisvoorwaarden_only_while_its_opdracht_is_active(
    api: Api, clock: FixedClock
) -> None:
    dji, rn = api.as_("demo-dji"), api.as_("demo-reclassering-rn")
    detentie_id = detentie_with_intake(dji)
    url = f"{BASE}/{detentie_id}/basisvoorwaarden"
    assert rn.get(url).status_code == 404
    assert rn.get(f"{BASE}/{detentie_id}").status_code == 404
    # Another organisation's opdracht does not count.
    add_opdracht(dji, detentie_id, van="2026-11-01", organisatie="SVG")
    assert rn.get(url).status_code == 404
    # Active on 24 and 25 November (Dutch days), inclusive.
    add_opdracht(dji, detentie_id, van="2026-11-24", tot="2026-11-25")
    assert rn.get(url).status_code == 404
    set_clock(api, clock, dt.datetime(2026, 11, 23, 22, 59, 59, tzinfo=dt.UTC))  # 23:59:59 on the 23rd, NL
    assert rn.get(url).status_code == 404
    set_clock(api, clock, dt.datetime(2026, 11, 23, 23, 0, 0, tzinfo=dt.UTC))  # 00:00 on the 24th
    r = rn.get(url)
    assert r.status_code == 200
    assert set(r.json()["verstrekking"]["grondslagen"].values()) == {"PBW_18A"}
    assert rn.get(f"{BASE}/{detentie_id}").json()["verstrekking"]["grondslagen"] == {
        "casemanager": "RECLASSERINGSREGELING",
        "detentie": "RECLASSERINGSREGELING",
    }
    set_clock(api, clock, dt.datetime(2026, 11, 25, 22, 59, 59, tzinfo=dt.UTC))
    assert rn.get(url).status_code == 200
    set_clock(api, clock, dt.datetime(2026, 11, 25, 23, 0, 0, tzinfo=dt.UTC))
    assert rn.get(url).status_code == 404
    assert rn.get(f"{BASE}/{detentie_id}").status_code == 404


def test_reclassering_gets_detentie_events_and_basisvoorwaarden_gewijzigd_while_the_opdracht_is_active(
    api: Api, clock: FixedClock
) -> None:
    dji, rn = api.as_("demo-dji"), api.as_("demo-reclassering-rn")
    detentie_id = detentie_with_intake(dji)
    assert rn.feed() == []
    add_opdracht(dji, detentie_id, van="2026-11-23", tot="2026-11-30")
    assert [e["type"] for e in rn.feed()] == ["nl.justitiabelen.basisvoorwaarden.gewijzigd"]
    [gewijzigd] = rn.feed(expand="data")
    assert gewijzigd["dataref"] == f"http://testserver{BASE}/{detentie_id}/basisvoorwaarden"
    assert screening_props(gewijzigd["data"]) == set(BASISVOORWAARDEN_PROPS)
    assert dji.patch(f"{BASE}/{detentie_id}", json={"verwachteEinddatum": "2027-02-01"}).status_code == 200
    r = dji.post(f"{BASE}/{detentie_id}/intakes", json=intake_without_sociaal_netwerk())
    assert r.status_code == 201
    assert [e["type"].removeprefix("nl.justitiabelen.") for e in rn.feed(na=1)] == [
        "detentie.einddatum-verwacht",
        "basisvoorwaarden.gewijzigd",
    ]
    set_clock(api, clock, clock.now() + dt.timedelta(days=10))  # the opdracht has ended
    assert dji.patch(f"{BASE}/{detentie_id}", json={"verwachteEinddatum": "2027-02-02"}).status_code == 200
    assert dji.post(f"{BASE}/{detentie_id}/intakes", json=intake_without_sociaal_netwerk()).status_code == 201
    assert len(rn.feed()) == 3
    # Expanding an old event after the opdracht ended discloses nothing.
    assert all(e["data"].get("persoon") is None for e in rn.feed(expand="data"))
