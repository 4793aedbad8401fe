"""Isolation: who may see a detentie and its events (DESIGN §3, §6).

Access matrix for one detentie posted by demo-dji for a person registered in Amsterdam (0363).
Columns: POST /detenties | GET /detenties/{id} | PATCH, einde, overplaatsing | GET /notificaties

| caller                           | POST | GET                  | change  | feed       |
|----------------------------------|------|----------------------|---------|------------|
| demo-dji (bronhouder)            | 201  | 200 (all, no log)    | 200/201 | 403        |
| another dji partner              | 201  | 404                  | 404     | 403        |
| gemeente Amsterdam (responsible) | 403  | 200 (filtered)       | 403     | the events |
| gemeente Rotterdam, Leeuwarden   | 403  | 404                  | 403     | nothing    |
| gemeente Utrecht (not aangesl.)  | 403  | 404                  | 403     | nothing    |
| reclassering (no opdracht)       | 403  | 404                  | 403     | nothing    |
| bij_gemandateerde, politie       | 403  | 404 (no BIJ-melding) | 403     | nothing    |
| beheer, privacy                  | 403  | 403                  | 403     | 403        |

403: the role may never call the operation. 404: the role may, but not for this object (no probing).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import detentie_body, einde_body, overplaatsing_body, partner_body, patch_body
from tests.fixtures.app import Api
from tests.support.partners import new_partner_client
from tests.support.problems import assert_problem

BASE = "/api/v1/detenties"
FEED = "/api/v1/notificaties"
NIET_ONTVANGERS = (
    "demo-gemeente-rotterdam",
    "demo-gemeente-utrecht",
    "demo-gemeente-leeuwarden",
    "demo-reclassering-rn",
    "demo-bij-amsterdam",
    "demo-bij-zvh-fryslan",
    "demo-politie",
)


def _tweede_dji(api: Api) -> str:
    return new_partner_client(api, partner_body())


def test_only_the_bronhouder_and_the_responsible_gemeente_see_a_detentie(api: Api) -> None:
    r = api.as_("demo-dji").post(BASE, json=detentie_body())
    assert r.status_code == 201, r.text
    url = f"{BASE}/{r.json()['id']}"

    assert api.as_("demo-dji").get(url).status_code == 200
    assert api.as_("demo-gemeente-amsterdam").get(url).status_code == 200
    for client in NIET_ONTVANGERS:
        assert_problem(api.as_(client).get(url), 404, "niet-gevonden")
    assert_problem(api.as_(_tweede_dji(api)).get(url), 404, "niet-gevonden")
    for client in ("demo-beheer", "demo-privacy"):
        assert_problem(api.as_(client).get(url), 403, "geen-toegang")


def test_a_detentie_that_does_not_exist_and_one_that_may_not_be_seen_look_the_same(api: Api) -> None:
    r = api.as_("demo-dji").post(BASE, json=detentie_body())
    verborgen = api.as_("demo-gemeente-rotterdam").get(f"{BASE}/{r.json()['id']}")
    onbekend = api.as_("demo-gemeente-rotterdam").get(f"{BASE}/00000000-0000-4000-8000-000000000000")
    assert verborgen.status_code == onbekend.status_code == 404
    assert verborgen.json()["detail"] == onbekend.json()["detail"]


def test_only_dji_may_change_a_detentie_and_only_its_own(api: Api) -> None:
    body = detentie_body()
    r = api.as_("demo-dji").post(BASE, json=body)
    url = f"{BASE}/{r.json()['id']}"
    einde = einde_body(einddatum="2026-11-22T12:00:00Z")
    overplaatsing = overplaatsing_body(datum="2026-11-21T10:00:00Z")

    for client in (*NIET_ONTVANGERS, "demo-gemeente-amsterdam", "demo-beheer", "demo-privacy"):
        caller = api.as_(client)
        assert_problem(caller.post(BASE, json=detentie_body()), 403, "geen-toegang")
        assert_problem(caller.patch(url, json={"verwachteEinddatum": "2027-01-01"}), 403)
        assert_problem(caller.post(f"{url}/einde", json=einde), 403)
        assert_problem(caller.post(f"{url}/overplaatsingen", json=overplaatsing), 403)

    ander = api.as_(_tweede_dji(api))
    assert_problem(ander.patch(url, json={"verwachteEinddatum": "2027-01-01"}), 404)
    assert_problem(ander.post(f"{url}/einde", json=einde), 404)
    assert_problem(ander.post(f"{url}/overplaatsingen", json=overplaatsing), 404)
    # The same bronId from another DJI partner is another detentie, not a replay of this one.
    r2 = ander.post(BASE, json={**body, "inrichting": "PI-GRONINGEN"})
    assert r2.status_code == 201, r2.text
    assert r2.json()["id"] != r.json()["id"]


@pytest.mark.parametrize("expand", [None, "data"])
def test_other_gemeenten_never_see_amsterdams_events(api: Api, expand: str | None) -> None:
    dji = api.as_("demo-dji")
    detentie = dji.post(BASE, json=detentie_body()).json()
    dji.patch(f"{BASE}/{detentie['id']}", json=patch_body())
    dji.post(
        f"{BASE}/{detentie['id']}/einde", json=einde_body(einddatum="2026-11-22T12:00:00Z", reden="overig")
    )
    params: dict[str, Any] = {"expand": expand} if expand else {}

    amsterdam = api.as_("demo-gemeente-amsterdam").feed(**params)
    assert [e["subject"] for e in amsterdam] == [detentie["id"]] * 3
    if expand:
        assert all(e["data"]["persoon"]["bsn"] == detentie["persoon"]["bsn"] for e in amsterdam)
    for client in NIET_ONTVANGERS:
        assert api.as_(client).feed(**params) == [], client


@pytest.mark.parametrize("client", ["demo-dji", "demo-beheer", "demo-privacy"])
def test_roles_without_a_feed_get_403(api: Api, client: str) -> None:
    assert_problem(api.as_(client).get(FEED), 403, "geen-toegang")


def test_a_gemeente_that_is_not_aangesloten_receives_nothing_and_beheer_sees_it(api: Api) -> None:
    r = api.as_("demo-dji").post(BASE, json=detentie_body(gemeenteVanInschrijving="0344"))
    assert r.status_code == 201, r.text
    detentie_id = r.json()["id"]

    assert api.as_("demo-gemeente-utrecht").feed() == []
    assert_problem(api.as_("demo-gemeente-utrecht").get(f"{BASE}/{detentie_id}"), 404)
    for client in NIET_ONTVANGERS:
        assert api.as_(client).feed() == []

    r = api.as_("demo-beheer").get("/api/v1/beheer/onbestelbaar")
    assert r.status_code == 200, r.text
    [melding] = r.json()["onbestelbaar"]
    assert melding["type"] == "nl.justitiabelen.detentie.gestart"
    assert melding["subject"] == detentie_id
    assert melding["ontvangerRol"] == "gemeente"
    assert melding["ontvangerSleutel"] == "0344"
    assert melding["reden"] == "gemeente niet aangesloten"
    assert set(melding) == {"id", "type", "subject", "ontvangerRol", "ontvangerSleutel", "reden", "tijd"}
    assert_problem(api.as_("demo-gemeente-utrecht").get("/api/v1/beheer/onbestelbaar"), 403)


def test_a_gemeente_without_partner_is_recorded_as_undeliverable(api: Api) -> None:
    r = api.as_("demo-dji").post(BASE, json=detentie_body(gemeenteVanInschrijving="0014"))
    assert r.status_code == 201, r.text
    [melding] = api.as_("demo-beheer").get("/api/v1/beheer/onbestelbaar").json()["onbestelbaar"]
    assert (melding["ontvangerSleutel"], melding["reden"]) == ("0014", "geen partner voor deze gemeente")
