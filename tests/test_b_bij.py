"""Issue 4: BIJ-meldingen routed by the address gemeente to the mandated official and the police only."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from app.clock import FixedClock
from app.config import Settings
from app.db import make_sessionmaker, unit_of_work
from app.demo import demo_bsn, seed_demo_bij_melding
from tests.conftest import Api
from tests.factories import detentie_body

BIJ = "/api/v1/bij-meldingen"
DET = "/api/v1/detenties"
ZVH, POLITIE, BIJ_AMSTERDAM = "demo-bij-zvh-fryslan", "demo-politie", "demo-bij-amsterdam"
PROBLEM = "application/problem+json"


def bij_body(detentie_id: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "detentieId": detentie_id,
        "soort": "verlof",
        "delict": {"categorie": "geweld", "omschrijving": "Zware mishandeling"},
        "verblijfadres": {
            "straat": "Proefstraat",
            "huisnummer": "12a",
            "postcode": "8911AA",
            "woonplaats": "Leeuwarden",
            "gemeentecode": "0080",
        },
        "periode": {"van": "2026-12-04T10:00:00+01:00", "tot": "2026-12-06T18:00:00+01:00"},
        "voorwaarden": [
            {"soort": "contactverbod", "omschrijving": "Geen contact met het slachtoffer"},
            {"soort": "meldplicht"},
        ],
    }
    body.update(overrides)
    return body


def nieuwe_detentie(api: Api, client: str = "demo-dji", **overrides: Any) -> dict[str, Any]:
    r = api.as_(client).post(DET, json=detentie_body(**overrides))
    assert r.status_code == 201, r.text
    return dict(r.json())


def create_melding(api: Api, detentie_id: str, **overrides: Any) -> dict[str, Any]:
    r = api.as_("demo-dji").post(BIJ, json=bij_body(detentie_id, **overrides))
    assert r.status_code == 201, r.text
    assert r.headers["Location"] == f"{BIJ}/{r.json()['id']}"
    return dict(r.json())


def soorten(events: list[dict[str, Any]]) -> list[str]:
    return [e["type"].removeprefix("nl.justitiabelen.") for e in events]


def pad(event: dict[str, Any]) -> str:
    """The event's dataref as a path under the API base."""
    return str(event["dataref"]).removeprefix("http://testserver/api/v1")


def url(event: dict[str, Any]) -> str:
    return "/api/v1" + pad(event)


def partner_id(api: Api, naam: str) -> str:
    r = api.as_("demo-beheer").get("/api/v1/beheer/partners")
    return next(p["id"] for p in r.json()["partners"] if p["naam"] == naam)


def ontvangers(melding: dict[str, Any]) -> set[tuple[str, str]]:
    return {(o["naam"], o["rol"]) for o in melding["ontvangers"]}


def test_routed_by_the_address_gemeente_not_the_brp_registration(api: Api) -> None:
    detentie = nieuwe_detentie(api, gemeenteVanInschrijving="0363")
    melding = create_melding(api, detentie["id"])

    assert ontvangers(melding) == {(ZVH, "bij_gemandateerde"), (POLITIE, "politie")}
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
        assert pad(event) == f"/bij-meldingen/{melding['id']}"
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
    assert soorten(api.as_("demo-gemeente-amsterdam").feed()) == ["detentie.gestart"]
    assert api.as_("demo-gemeente-leeuwarden").feed() == []
    for client in ("demo-gemeente-amsterdam", "demo-gemeente-leeuwarden", BIJ_AMSTERDAM):
        r = api.as_(client).get(f"{BIJ}/{melding['id']}")
        assert r.status_code == 404
        assert r.headers["content-type"] == PROBLEM


def test_event_carries_no_personal_data(api: Api) -> None:
    detentie = nieuwe_detentie(api)
    create_melding(api, detentie["id"])
    [event] = api.as_(ZVH).feed()
    tekst = str(event)
    persoon = detentie["persoon"]
    for waarde in (persoon["bsn"], persoon["geslachtsnaam"], "Proefstraat", "8911", "mishandeling", "0080"):
        assert waarde not in tekst


def test_detentie_beeindigd_reaches_the_bij_recipients_with_identity_and_date_only(api: Api) -> None:
    detentie = nieuwe_detentie(api)
    create_melding(api, detentie["id"])
    # The same person's other detentie has no BIJ-melding: its end is not told to BIJ recipients.
    ander = nieuwe_detentie(api, persoon=detentie_body()["persoon"] | {"bsn": detentie["persoon"]["bsn"]})
    dji = api.as_("demo-dji")
    for d in (ander, detentie):
        r = dji.post(
            f"{DET}/{d['id']}/einde", json={"einddatum": "2026-11-22T12:00:00+01:00", "reden": "einde_straf"}
        )
        assert r.status_code == 200, r.text

    for client in (ZVH, POLITIE):
        events = api.as_(client).feed()
        assert soorten(events) == ["bij.gemeld", "detentie.beeindigd"]
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
    assert soorten(amsterdam.feed()) == ["detentie.gestart"] * 2 + ["detentie.beeindigd"] * 2
    assert amsterdam.get(f"{DET}/{detentie['id']}").json()["inrichting"] == "PI-ZAANSTAD"
    assert api.as_(BIJ_AMSTERDAM).feed() == []
    assert api.as_(BIJ_AMSTERDAM).get(f"{DET}/{detentie['id']}").status_code == 404


def test_a_mandate_change_applies_to_later_meldingen_only(api: Api) -> None:
    detentie = nieuwe_detentie(api)
    eerste = create_melding(api, detentie["id"])
    beheer = api.as_("demo-beheer")
    r = beheer.put("/api/v1/beheer/mandaten/0080", json={"partnerId": partner_id(api, BIJ_AMSTERDAM)})
    assert r.status_code == 200, r.text
    assert r.json()["partnerNaam"] == BIJ_AMSTERDAM
    assert r.json()["gemeentenaam"] == "Leeuwarden"
    tweede = create_melding(api, detentie["id"])
    assert ontvangers(tweede) == {(BIJ_AMSTERDAM, "bij_gemandateerde"), (POLITIE, "politie")}

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
    einde = {"einddatum": "2026-11-22T12:00:00+01:00", "reden": "einde_straf"}
    assert api.as_("demo-dji").post(f"{DET}/{detentie['id']}/einde", json=einde).status_code == 200
    assert soorten(zvh.feed(na=1)) == ["detentie.beeindigd"]
    assert soorten(amsterdam.feed(na=1)) == ["detentie.beeindigd"]


def test_no_mandate_holder_is_accepted_and_undeliverable_for_beheer(api: Api) -> None:
    beheer = api.as_("demo-beheer")
    assert beheer.delete("/api/v1/beheer/mandaten/0080").status_code == 204
    detentie = nieuwe_detentie(api)
    melding = create_melding(api, detentie["id"])
    assert ontvangers(melding) == {(POLITIE, "politie")}
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


def test_mandate_endpoints_validate_and_are_for_beheer_only(api: Api) -> None:
    beheer = api.as_("demo-beheer")
    url = "/api/v1/beheer/mandaten"
    gemeente = partner_id(api, "demo-gemeente-leeuwarden")
    r = beheer.put(f"{url}/0080", json={"partnerId": gemeente})
    assert r.status_code == 400
    assert [p["name"] for p in r.json()["invalidParams"]] == ["partnerId"]
    r = beheer.put(f"{url}/9999", json={"partnerId": partner_id(api, ZVH)})
    assert r.status_code == 400
    assert [p["name"] for p in r.json()["invalidParams"]] == ["gemeentecode"]
    assert beheer.put(f"{url}/80", json={"partnerId": partner_id(api, ZVH)}).status_code == 400
    assert beheer.delete(f"{url}/0599").status_code == 404
    assert api.as_(ZVH).get(url).status_code == 403
    assert api.as_("demo-dji").put(f"{url}/0080", json={"partnerId": partner_id(api, ZVH)}).status_code == 403
    mandaten = beheer.get(url).json()["mandaten"]
    assert {m["gemeentecode"]: m["partnerNaam"] for m in mandaten} == {
        "0080": ZVH,
        "0363": BIJ_AMSTERDAM,
        "1900": ZVH,
    }
    # Giving it to the holder it already has changes nothing.
    r = beheer.put(f"{url}/0080", json={"partnerId": partner_id(api, ZVH)})
    assert r.status_code == 200
    assert r.json()["sinds"] == next(m["sinds"] for m in mandaten if m["gemeentecode"] == "0080")


def test_seed_demo_adds_a_bij_melding_amsterdam_registered_leeuwarden_address(
    api: Api, engine: Engine, settings: Settings, clock: FixedClock
) -> None:
    factory = make_sessionmaker(engine)
    for verwacht in (True, False):  # idempotent
        with unit_of_work(factory) as session:
            gemaakt = seed_demo_bij_melding(
                session, clock.now(), settings.pseudoniem_sleutel.get_secret_value(), settings.sb_datum
            )
        assert gemaakt is verwacht

    [gestart] = api.as_("demo-gemeente-amsterdam").feed()
    detentie = api.as_("demo-gemeente-amsterdam").get(url(gestart))
    assert detentie.status_code == 200, detentie.text
    assert detentie.json()["gemeenteVanInschrijving"] == "0363"
    assert detentie.json()["persoon"]["bsn"] == demo_bsn()
    for client in (ZVH, POLITIE):
        [event] = api.as_(client).feed()
        melding = api.as_(client).get(url(event)).json()
        assert melding["verblijfadres"]["gemeentecode"] == "0080"
        assert melding["verblijfadres"]["woonplaats"] == "Leeuwarden"
        assert melding["persoon"]["bsn"] == demo_bsn()
    assert api.as_(BIJ_AMSTERDAM).feed() == []
    assert api.as_("demo-gemeente-leeuwarden").feed() == []
