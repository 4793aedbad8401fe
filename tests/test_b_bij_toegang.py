"""Issue 4: purpose limitation (only the recorded recipients see a BIJ-melding), the verwerkingenlog rows
with their grondslag, the art. 18b Pbw S&B boundary, and bad input that stores nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, select

from app.bij.service import GrondslagOntbreekt, _check_grondslag
from app.config import Settings
from app.db import make_sessionmaker, unit_of_work
from app.pseudonym import bsn_pseudoniem
from app.schemas.bij import BijMeldingCreate
from app.verwerkingen.models import Verwerking
from app.verwerkingen.service import verify_chain
from tests.conftest import Api
from tests.test_b_bij import BIJ, DET, POLITIE, PROBLEM, ZVH, bij_body, create_melding, nieuwe_detentie

TABELLEN = ("bij_meldingen", "bij_ontvangers", "events", "onbestelbare_meldingen", "verwerkingen")
SB = dt.date(2021, 7, 1)


def tweede_dji(api: Api) -> str:
    """A second DJI partner, speaking for another inrichting; returns its client id."""
    beheer = api.as_("demo-beheer")
    r = beheer.post(
        "/api/v1/beheer/partners", json={"naam": "dji-noord", "rol": "dji", "inrichtingen": ["PI-GRONINGEN"]}
    )
    assert r.status_code == 201, r.text
    c = beheer.post(f"/api/v1/beheer/partners/{r.json()['id']}/clients", json={"clientId": "dji-noord"})
    assert c.status_code == 201, c.text
    api.token("dji-noord", c.json()["clientSecret"])
    return "dji-noord"


def opdracht_voor_rn(api: Api, detentie_id: str) -> None:
    r = api.as_("demo-dji").post(
        f"{DET}/{detentie_id}/reclasseringsopdrachten",
        json={"organisatie": "RN", "soort": "toezicht", "van": "2026-11-01"},
    )
    assert r.status_code == 201, r.text


def stand(rows: Callable[[str], int]) -> dict[str, int]:
    return {t: rows(t) for t in TABELLEN}


def log_rijen(engine: Engine) -> list[Verwerking]:
    with unit_of_work(make_sessionmaker(engine)) as session:
        return list(session.scalars(select(Verwerking).order_by(Verwerking.write_order)))


# --- purpose limitation ---------------------------------------------------------------------------------

NIET_ONTVANGERS = (
    "demo-gemeente-amsterdam",  # registration gemeente: ordinary meldingen, never BIJ
    "demo-gemeente-leeuwarden",  # the address gemeente's re-integration team
    "demo-gemeente-rotterdam",
    "demo-gemeente-utrecht",
    "demo-reclassering-rn",  # holds an opdracht for the detentie
    "demo-bij-amsterdam",  # mandate for the registration gemeente, not the address
)


def test_only_the_two_recipients_see_the_bij_melding_over_api_and_feed(api: Api, engine: Engine) -> None:
    detentie = nieuwe_detentie(api, gemeenteVanInschrijving="0363")
    opdracht_voor_rn(api, detentie["id"])
    melding = create_melding(api, detentie["id"])
    ander_dji = tweede_dji(api)
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
    bij_rijen = [v for v in log_rijen(engine) if v.object_soort == "bij_melding"]
    assert sorted((v.partner_naam, v.kanaal) for v in bij_rijen) == [
        (ZVH, "api"),
        (ZVH, "feed"),
        (POLITIE, "api"),
        (POLITIE, "feed"),
    ]


# --- verwerkingenlog --------------------------------------------------------------------------------------


def test_each_read_logs_the_bij_grondslag(api: Api, engine: Engine, settings: Settings) -> None:
    sleutel = settings.pseudoniem_sleutel.get_secret_value()
    detentie = nieuwe_detentie(api)
    regulier = create_melding(api, detentie["id"])
    risico = create_melding(api, detentie["id"], soort="risico_18b")
    for client in (ZVH, POLITIE):
        for m in (regulier, risico):
            assert api.as_(client).get(f"{BIJ}/{m['id']}").status_code == 200
    r = api.as_(ZVH).get(f"{BIJ}/{risico['id']}")
    assert r.json()["verstrekking"]["grondslagen"] == {"bij": "PBW_18B", "detentie": "PBW_18B"}

    rijen = log_rijen(engine)
    gezien = [
        (v.partner_naam, str(v.object_id), {c: g["grondslag"] for c, g in v.categorieen.items()})
        for v in rijen
    ]
    assert gezien == [
        (ZVH, regulier["id"], {"bij": "BIJ_REGELING", "detentie": "BIJ_REGELING"}),
        (ZVH, risico["id"], {"bij": "PBW_18B", "detentie": "PBW_18B"}),
        (POLITIE, regulier["id"], {"bij": "BIJ_REGELING", "detentie": "BIJ_REGELING"}),
        # DESIGN §7.2: politie receives every BIJ-melding, also a risk notice, under the BIJ-regeling.
        (POLITIE, risico["id"], {"bij": "BIJ_REGELING", "detentie": "BIJ_REGELING"}),
        (ZVH, risico["id"], {"bij": "PBW_18B", "detentie": "PBW_18B"}),
    ]
    for v in rijen:
        assert v.object_soort == "bij_melding"
        assert v.categorieen["detentie"]["beperking"] == "identiteit"
        assert v.categorieen["bij"]["doel"] == "openbare orde en veiligheid (BIJ)"
        assert v.bsn_pseudoniem == bsn_pseudoniem(detentie["persoon"]["bsn"], sleutel)
    with unit_of_work(make_sessionmaker(engine)) as session:
        assert verify_chain(session).intact


def test_detentie_of_only_risk_notices_is_read_on_pbw_18b(api: Api) -> None:
    detentie = nieuwe_detentie(api)
    create_melding(api, detentie["id"], soort="risico_18b")
    r = api.as_(ZVH).get(f"{DET}/{detentie['id']}")
    assert r.json()["verstrekking"]["grondslagen"] == {"detentie": "PBW_18B"}
    assert api.as_(POLITIE).get(f"{DET}/{detentie['id']}").json()["verstrekking"]["grondslagen"] == {
        "detentie": "BIJ_REGELING"
    }


# --- art. 18b Pbw and the S&B date ------------------------------------------------------------------------


def test_risico_18b_before_the_sb_date_names_the_missing_grondslag(
    api: Api, rows: Callable[[str], int]
) -> None:
    detentie = nieuwe_detentie(api, begindatum="2021-03-01T09:00:00+01:00")
    voor = stand(rows)
    periode = {"van": "2021-06-30T23:59:59+02:00", "tot": "2021-07-02T12:00:00+02:00"}
    r = api.as_("demo-dji").post(BIJ, json=bij_body(detentie["id"], soort="risico_18b", periode=periode))
    assert r.status_code == 400
    assert r.headers["content-type"] == PROBLEM
    problem = r.json()
    assert problem["type"] == "urn:nl:ketenmeldingen:probleem:grondslag-ontbreekt"
    assert problem["grondslag"] == "PBW_18B"
    assert "PBW_18B" in problem["detail"]
    assert [(p["name"], p["code"]) for p in problem["invalidParams"]] == [
        ("periode.van", "grondslag_ontbreekt")
    ]
    assert stand(rows) == voor

    # A regular BIJ-melding about the same moment has its grondslag; so has a risk notice from 00:00
    # Dutch time on the S&B date.
    create_melding(api, detentie["id"], periode=periode)
    vanaf = {"van": "2021-07-01T00:00:00+02:00"}
    assert create_melding(api, detentie["id"], soort="risico_18b", periode=vanaf)["soort"] == "risico_18b"


def test_risico_18b_made_before_the_law_applies_has_no_grondslag() -> None:
    data = BijMeldingCreate.model_validate(
        bij_body(
            "7b3c9a52-3c1e-4d0e-9a53-1f7b1f0c2b11",
            soort="risico_18b",
            periode={"van": "2027-02-01T00:00:00Z"},
        )
    )
    nu = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)
    with pytest.raises(GrondslagOntbreekt) as exc:
        _check_grondslag(data, nu, dt.date(2027, 1, 1))
    assert [e.name for e in exc.value.errors] == ["soort"]
    _check_grondslag(data, nu, SB)
    _check_grondslag(data.model_copy(update={"soort": "verlof"}), nu, dt.date(2027, 1, 1))


# --- bad input --------------------------------------------------------------------------------------------


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
    ("onbekend-veld", lambda b: b | {"bsn": "999990007"}, "bsn"),
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
    detentie = nieuwe_detentie(api)
    voor = stand(rows)
    r = api.as_("demo-dji").post(BIJ, json=wijziging(bij_body(detentie["id"])))
    assert r.status_code == 400, r.text
    assert r.headers["content-type"] == PROBLEM
    assert r.json()["status"] == 400
    assert veld in [p["name"] for p in r.json()["invalidParams"]]
    assert stand(rows) == voor


def test_every_error_is_listed_at_once(api: Api, rows: Callable[[str], int]) -> None:
    body = bij_body("7b3c9a52-3c1e-4d0e-9a53-1f7b1f0c2b11")
    body["verblijfadres"]["gemeentecode"] = "9999"
    r = api.as_("demo-dji").post(BIJ, json=body)
    assert r.status_code == 400
    assert sorted(p["name"] for p in r.json()["invalidParams"]) == [
        "detentieId",
        "verblijfadres.gemeentecode",
    ]
    body = _zonder(bij_body("x"), "delict") | {
        "periode": {"van": "2026-12-04T10:00:00Z", "tot": "2026-12-03T00:00:00Z"}
    }
    r = api.as_("demo-dji").post(BIJ, json=body)
    assert sorted(p["name"] for p in r.json()["invalidParams"]) == ["delict", "detentieId", "periode.tot"]
    assert rows("bij_meldingen") == 0


def test_a_detentie_of_another_dji_partner_is_refused_without_revealing_it(
    api: Api, rows: Callable[[str], int]
) -> None:
    ander = tweede_dji(api)
    vreemd = nieuwe_detentie(api, client=ander, inrichting="PI-GRONINGEN")
    voor = stand(rows)
    r = api.as_("demo-dji").post(BIJ, json=bij_body(vreemd["id"]))
    assert r.status_code == 400
    assert r.headers["content-type"] == PROBLEM
    assert [(p["name"], p["code"]) for p in r.json()["invalidParams"]] == [("detentieId", "onbekend")]
    assert stand(rows) == voor
    # The other way round: its own melding is not readable by demo-dji, nor demo-dji's by it.
    eigen = create_melding(api, nieuwe_detentie(api)["id"])
    assert api.as_(ander).get(f"{BIJ}/{eigen['id']}").status_code == 404
    r = api.as_(ander).post(BIJ, json=bij_body(vreemd["id"]))
    assert r.status_code == 201, r.text
    assert api.as_("demo-dji").get(f"{BIJ}/{r.json()['id']}").status_code == 404


def test_only_dji_may_make_a_bij_melding(api: Api, rows: Callable[[str], int]) -> None:
    detentie = nieuwe_detentie(api)
    for client in (ZVH, POLITIE, "demo-gemeente-leeuwarden", "demo-beheer"):
        r = api.as_(client).post(BIJ, json=bij_body(detentie["id"]))
        assert r.status_code == 403, client
    assert rows("bij_meldingen") == 0
