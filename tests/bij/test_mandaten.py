"""Mandaten: beheer gives a gemeente's BIJ mandate to a bij_gemandateerde partner; a change applies to later
meldingen only, and the endpoints validate and are for beheer only."""

from __future__ import annotations

from tests.factories import einde_body, mandaat_body
from tests.fixtures.app import Api
from tests.support.bij import (
    BIJ,
    BIJ_AMSTERDAM,
    DET,
    POLITIE,
    ZVH,
    create_detentie,
    create_melding,
    event_types,
    partner_id,
    recipients,
)


def test_a_mandate_change_applies_to_later_meldingen_only(api: Api) -> None:
    detentie = create_detentie(api)
    eerste = create_melding(api, detentie["id"])
    beheer = api.as_("demo-beheer")
    r = beheer.put("/api/v1/beheer/mandaten/0080", json=mandaat_body(partner_id(api, BIJ_AMSTERDAM)))
    assert r.status_code == 200, r.text
    assert r.json()["partnerNaam"] == BIJ_AMSTERDAM
    assert r.json()["gemeentenaam"] == "Leeuwarden"
    tweede = create_melding(api, detentie["id"])
    assert recipients(tweede) == {(BIJ_AMSTERDAM, "bij_gemandateerde"), (POLITIE, "politie")}

    zvh, amsterdam = api.as_(ZVH), api.as_(BIJ_AMSTERDAM)
    assert zvh.get(f"{BIJ}/{eerste['id']}").status_code == 200
    assert zvh.get(f"{BIJ}/{tweede['id']}").status_code == 404
    assert amsterdam.get(f"{BIJ}/{tweede['id']}").status_code == 200
    assert amsterdam.get(f"{BIJ}/{eerste['id']}").status_code == 404
    assert [e["data"]["bijMeldingId"] for e in zvh.feed()] == [eerste["id"]]
    assert [e["data"]["bijMeldingId"] for e in amsterdam.feed()] == [tweede["id"]]
    assert [e["data"]["bijMeldingId"] for e in api.as_(POLITIE).feed()] == [eerste["id"], tweede["id"]]

    mandaten = {
        m["gemeentecode"]: m["partnerNaam"] for m in beheer.get("/api/v1/beheer/mandaten").json()["mandaten"]
    }
    assert mandaten == {"0080": BIJ_AMSTERDAM, "0363": BIJ_AMSTERDAM, "1900": ZVH}

    # Both recorded recipients are told of the end.
    einde = einde_body()
    assert api.as_("demo-dji").post(f"{DET}/{detentie['id']}/einde", json=einde).status_code == 200
    assert event_types(zvh.feed(na=1)) == ["detentie.beeindigd"]
    assert event_types(amsterdam.feed(na=1)) == ["detentie.beeindigd"]


def test_mandate_endpoints_validate_and_are_for_beheer_only(api: Api) -> None:
    beheer = api.as_("demo-beheer")
    url = "/api/v1/beheer/mandaten"
    gemeente = partner_id(api, "demo-gemeente-leeuwarden")
    r = beheer.put(f"{url}/0080", json=mandaat_body(gemeente))
    assert r.status_code == 400
    assert [p["name"] for p in r.json()["invalidParams"]] == ["partnerId"]
    r = beheer.put(f"{url}/9999", json=mandaat_body(partner_id(api, ZVH)))
    assert r.status_code == 400
    assert [p["name"] for p in r.json()["invalidParams"]] == ["gemeentecode"]
    assert beheer.put(f"{url}/80", json=mandaat_body(partner_id(api, ZVH))).status_code == 400
    assert beheer.delete(f"{url}/0599").status_code == 404
    assert api.as_(ZVH).get(url).status_code == 403
    assert api.as_("demo-dji").put(f"{url}/0080", json=mandaat_body(partner_id(api, ZVH))).status_code == 403
    mandaten = beheer.get(url).json()["mandaten"]
    assert {m["gemeentecode"]: m["partnerNaam"] for m in mandaten} == {
        "0080": ZVH,
        "0363": BIJ_AMSTERDAM,
        "1900": ZVH,
    }
    # Giving it to the holder it already has changes nothing.
    r = beheer.put(f"{url}/0080", json=mandaat_body(partner_id(api, ZVH)))
    assert r.status_code == 200
    assert r.json()["sinds"] == next(m["sinds"] for m in mandaten if m["gemeentecode"] == "0080")
