"""The privacy officer: searching the verwerkingenlog and the inzage report by BSN in the body, for no one
else, and a bad BSN never echoed."""

from __future__ import annotations

from tests.factories import bsn, bsn_query_body, detentie_body, intake_body, invalid_bsn
from tests.fixtures.app import Api
from tests.support.screening import BASE, add_opdracht, detentie_with_intake, give_consent

BASISVOORWAARDEN = ("identiteitsbewijs", "onderdak", "werk_inkomen", "schulden", "zorg")


def test_privacy_officer_searches_and_reports_by_bsn_in_the_body(api: Api) -> None:
    dji, amsterdam, rn, privacy = (
        api.as_("demo-dji"),
        api.as_("demo-gemeente-amsterdam"),
        api.as_("demo-reclassering-rn"),
        api.as_("demo-privacy"),
    )
    body = detentie_body()
    persoon = body["persoon"]["bsn"]
    detentie_id = dji.post(BASE, json=body).json()["id"]
    assert dji.post(f"{BASE}/{detentie_id}/intakes", json=intake_body()).status_code == 201
    give_consent(dji, detentie_id, ["sociaal_netwerk"])
    add_opdracht(dji, detentie_id)
    amsterdam.get(f"{BASE}/{detentie_id}")
    amsterdam.get(f"{BASE}/{detentie_id}/basisvoorwaarden")
    rn.get(f"{BASE}/{detentie_id}/basisvoorwaarden")
    # Another person's disclosures stay out of this person's report.
    ander = detentie_with_intake(dji)
    amsterdam.get(f"{BASE}/{ander}")

    gevonden = privacy.post("/api/v1/verwerkingen/zoeken", json=bsn_query_body(bsn=persoon))
    assert gevonden.status_code == 200, gevonden.text
    assert gevonden.json()["aantal"] == 3
    assert [v["objectSoort"] for v in gevonden.json()["verwerkingen"]] == [
        "detentie",
        "basisvoorwaarden",
        "basisvoorwaarden",
    ]

    r = privacy.post("/api/v1/inzage", json=bsn_query_body(bsn=persoon))
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["aantalVerstrekkingen"] == 3
    assert [(o["ontvanger"], o["rol"], o["aantal"]) for o in report["ontvangers"]] == [
        ("demo-gemeente-amsterdam", "gemeente", 2),
        ("demo-reclassering-rn", "reclassering", 1),
    ]
    eerste, tweede, derde = report["verstrekkingen"]
    assert eerste["ontvanger"] == "demo-gemeente-amsterdam"
    assert eerste["tijd"] == "2026-11-23T09:00:00Z"
    assert eerste["kanaal"] == "api"
    assert {(c["categorie"], c["grondslag"]) for c in eerste["categorieen"]} == {
        ("detentie", "WJSG_51C"),
        ("casemanager", "WJSG_51C"),
    }
    assert ("sociaal_netwerk", "AVG_TOESTEMMING") in {
        (c["categorie"], c["grondslag"]) for c in tweede["categorieen"]
    }
    # DESIGN §7.2, last column: art. 18a Pbw serves the detentie- en re-integratieplan, consent toezicht.
    assert {c["categorie"]: c["doel"] for c in derde["categorieen"]} == {
        **dict.fromkeys(BASISVOORWAARDEN, "detentie- en re-integratieplan"),
        "sociaal_netwerk": "advies en toezicht",
    }
    assert persoon not in r.text

    leeg = privacy.post("/api/v1/inzage", json=bsn_query_body()).json()
    assert leeg["aantalVerstrekkingen"] == 0


def test_only_the_privacy_role_may_search_and_a_bad_bsn_is_never_echoed(api: Api) -> None:
    persoon = bsn()
    for partner in ("demo-dji", "demo-gemeente-amsterdam", "demo-beheer", "demo-politie"):
        for pad in ("/api/v1/verwerkingen/zoeken", "/api/v1/inzage"):
            r = api.as_(partner).post(pad, json=bsn_query_body(bsn=persoon))
            assert r.status_code == 403, (partner, pad)
            assert persoon not in r.text
    fout = invalid_bsn(persoon)  # elfproef broken
    for waarde in (fout, "12345678", persoon + "0", "abcdefghi"):
        r = api.as_("demo-privacy").post("/api/v1/inzage", json=bsn_query_body(bsn=waarde))
        assert r.status_code == 400
        assert r.headers["content-type"] == "application/problem+json"
        assert [p["name"] for p in r.json()["invalidParams"]] == ["bsn"]
        assert waarde not in r.text
    r = api.as_("demo-privacy").post("/api/v1/inzage", json=bsn_query_body(bsn=persoon, naam="x"))
    assert r.status_code == 400
    assert persoon not in r.text
