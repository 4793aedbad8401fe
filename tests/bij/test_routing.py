"""BIJ-meldingen routed by the address gemeente (DESIGN §6) to the mandated official and the police only,
not by the BRP registration; the event carries no personal data; the end of the detentie reaches the BIJ
recipients with identity and date only; without a mandate holder the melding is undeliverable for beheer."""

from __future__ import annotations

from tests.factories import einde_body, persoon_body
from tests.fixtures.app import Api
from tests.support.bij import (
    BIJ,
    BIJ_AMSTERDAM,
    DET,
    POLITIE,
    PROBLEM,
    ZVH,
    create_detentie,
    create_melding,
    event_types,
    path,
    recipients,
    url,
)


def test_routed_by_the_address_gemeente_not_the_brp_registration(api: Api) -> None:
    detentie = create_detentie(api, gemeenteVanInschrijving="0363")
    melding = create_melding(api, detentie["id"])

    assert recipients(melding) == {(ZVH, "bij_gemandateerde"), (POLITIE, "politie")}
    assert melding["onbestelbaar"] == []
    # The DJI partner that made it sees it whole; showing it back is no verstrekking.
    assert melding["verblijfadres"]["postcode"] == "8911 AA"
    assert melding["persoon"]["bsn"] == detentie["persoon"]["bsn"]
    assert "verstrekking" not in melding

    for client in (ZVH, POLITIE):
        [event] = api.as_(client).feed()
        assert event["type"] == "nl.justitiabelen.bij.gemeld"
        assert event["subject"] == detentie["id"]
        assert event["data"] == {"bijMeldingId": melding["id"]}
        assert path(event) == f"/bij-meldingen/{melding['id']}"
        gelezen = api.as_(client).get(url(event))
        assert gelezen.status_code == 200, gelezen.text
        body = gelezen.json()
        assert body["persoon"]["bsn"] == detentie["persoon"]["bsn"]
        assert body["delict"] == {"categorie": "geweld", "omschrijving": "Zware mishandeling"}
        assert body["verblijfadres"]["gemeentecode"] == "0080"
        assert body["periode"] == {"van": "2026-12-04T09:00:00Z", "tot": "2026-12-06T17:00:00Z"}
        assert body["voorwaarden"][1] == {"soort": "meldplicht", "omschrijving": None}
        assert body["verstrekking"]["grondslagen"] == {"bij": "BIJ_REGELING", "detentie": "BIJ_REGELING"}
        assert "ontvangers" not in body
        assert "onbestelbaar" not in body

    # The mandate holder of the registration gemeente, and the gemeenten themselves, get nothing of it.
    assert api.as_(BIJ_AMSTERDAM).feed() == []
    assert event_types(api.as_("demo-gemeente-amsterdam").feed()) == ["detentie.gestart"]
    assert api.as_("demo-gemeente-leeuwarden").feed() == []
    for client in ("demo-gemeente-amsterdam", "demo-gemeente-leeuwarden", BIJ_AMSTERDAM):
        r = api.as_(client).get(f"{BIJ}/{melding['id']}")
        assert r.status_code == 404
        assert r.headers["content-type"] == PROBLEM


def test_event_carries_no_personal_data(api: Api) -> None:
    detentie = create_detentie(api)
    create_melding(api, detentie["id"])
    [event] = api.as_(ZVH).feed()
    tekst = str(event)
    persoon = detentie["persoon"]
    for waarde in (persoon["bsn"], persoon["geslachtsnaam"], "Proefstraat", "8911", "mishandeling", "0080"):
        assert waarde not in tekst


def test_detentie_beeindigd_reaches_the_bij_recipients_with_identity_and_date_only(api: Api) -> None:
    detentie = create_detentie(api)
    create_melding(api, detentie["id"])
    # The same person's other detentie has no BIJ-melding: its end is not told to BIJ recipients.
    ander = create_detentie(api, persoon=persoon_body(bsn=detentie["persoon"]["bsn"]))
    dji = api.as_("demo-dji")
    for d in (ander, detentie):
        r = dji.post(f"{DET}/{d['id']}/einde", json=einde_body())
        assert r.status_code == 200, r.text

    for client in (ZVH, POLITIE):
        events = api.as_(client).feed()
        assert event_types(events) == ["bij.gemeld", "detentie.beeindigd"]
        assert events[1]["subject"] == detentie["id"]
        gelezen = api.as_(client).get(url(events[1]))
        assert gelezen.status_code == 200, gelezen.text
        body = gelezen.json()
        assert set(body) == {"id", "persoon", "status", "einde", "verstrekking"}
        assert body["einde"] == {"einddatum": "2026-11-22T11:00:00Z"}
        assert body["status"] == "beeindigd"
        assert body["verstrekking"]["grondslagen"] == {"detentie": "BIJ_REGELING"}
        # Nothing of the other detentie.
        assert api.as_(client).get(f"{DET}/{ander['id']}").status_code == 404

    # The gemeente of registration still gets its ordinary meldingen, and reads them whole.
    amsterdam = api.as_("demo-gemeente-amsterdam")
    assert event_types(amsterdam.feed()) == ["detentie.gestart"] * 2 + ["detentie.beeindigd"] * 2
    assert amsterdam.get(f"{DET}/{detentie['id']}").json()["inrichting"] == "PI-ZAANSTAD"
    assert api.as_(BIJ_AMSTERDAM).feed() == []
    assert api.as_(BIJ_AMSTERDAM).get(f"{DET}/{detentie['id']}").status_code == 404


def test_no_mandate_holder_is_accepted_and_undeliverable_for_beheer(api: Api) -> None:
    beheer = api.as_("demo-beheer")
    assert beheer.delete("/api/v1/beheer/mandaten/0080").status_code == 204
    detentie = create_detentie(api)
    melding = create_melding(api, detentie["id"])
    assert recipients(melding) == {(POLITIE, "politie")}
    [onbestelbaar] = melding["onbestelbaar"]
    assert onbestelbaar["rol"] == "bij_gemandateerde"
    assert onbestelbaar["gemeentecode"] == "0080"

    rows = beheer.get("/api/v1/beheer/onbestelbaar").json()["onbestelbaar"]
    bij_rows = [o for o in rows if o["type"] == "nl.justitiabelen.bij.gemeld"]
    assert [(o["ontvangerRol"], o["ontvangerSleutel"], o["subject"]) for o in bij_rows] == [
        ("bij_gemandateerde", "0080", detentie["id"])
    ]
    assert api.as_(ZVH).feed() == []
    assert api.as_(ZVH).get(f"{BIJ}/{melding['id']}").status_code == 404
    assert api.as_(POLITIE).get(f"{BIJ}/{melding['id']}").status_code == 200
    # Again as the DJI partner: the recorded routing is part of the melding.
    assert api.as_("demo-dji").get(f"{BIJ}/{melding['id']}").json()["onbestelbaar"] == melding["onbestelbaar"]
