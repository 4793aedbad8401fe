"""The foundation flow over HTTP: begin, feed, dataref, overplaatsing, verwachte einddatum, einde."""

from __future__ import annotations

from tests.factories import detentie_body, einde_body, overplaatsing_body, patch_body
from tests.fixtures.app import Api

BASE = "/api/v1/detenties"


def test_full_flow_reaches_amsterdam_in_order(api: Api) -> None:
    dji, amsterdam = api.as_("demo-dji"), api.as_("demo-gemeente-amsterdam")
    r = dji.post(BASE, json=detentie_body())
    assert r.status_code == 201, r.text
    detentie = r.json()
    assert r.headers["Location"] == f"{BASE}/{detentie['id']}"
    assert detentie["termijnen"] == {"screeningUiterlijk": "2026-12-04", "drPlanUiterlijk": "2026-12-18"}
    assert detentie["begindatum"] == "2026-11-20T08:30:00Z"

    [gestart] = amsterdam.feed()
    assert gestart["type"] == "nl.justitiabelen.detentie.gestart"
    assert gestart["subject"] == detentie["id"]
    assert gestart["sequence"] == "1"
    assert gestart["specversion"] == "1.0"
    assert gestart["source"].startswith("urn:nld:oin:")

    dataref = gestart["dataref"].removeprefix("http://testserver")
    gelezen = amsterdam.get(dataref)
    assert gelezen.status_code == 200
    assert gelezen.json()["persoon"]["bsn"] == detentie["persoon"]["bsn"]
    assert gelezen.json()["verstrekking"]["grondslagen"] == {"detentie": "WJSG_51C"}
    assert "bronId" not in gelezen.json()

    assert dji.post(f"{BASE}/{detentie['id']}/overplaatsingen", json=overplaatsing_body()).status_code == 201
    assert dji.patch(f"{BASE}/{detentie['id']}", json=patch_body()).status_code == 200
    einde = dji.post(f"{BASE}/{detentie['id']}/einde", json=einde_body())
    assert einde.status_code == 200, einde.text
    assert einde.json()["status"] == "beeindigd"

    events = amsterdam.feed()
    assert [e["type"].rsplit(".", 1)[1] for e in events] == [
        "gestart",
        "overgeplaatst",
        "einddatum-verwacht",
        "beeindigd",
    ]
    assert [int(e["sequence"]) for e in events] == [1, 2, 3, 4]
    assert {e["subject"] for e in events} == {detentie["id"]}
    assert amsterdam.feed(na=2)[0]["sequence"] == "3"


def test_event_context_and_data_carry_no_personal_data(api: Api) -> None:
    body = detentie_body()
    api.as_("demo-dji").post(BASE, json=body)
    [event] = api.as_("demo-gemeente-amsterdam").feed()
    text = str(event)
    for value in (body["persoon"]["bsn"], body["persoon"]["geslachtsnaam"], body["persoon"]["geboortedatum"]):
        assert value not in text
