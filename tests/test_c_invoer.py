"""Posting intakes, toestemmingen and reclasseringsopdrachten: versions, append-only history, strict
validation (400 listing every error, nothing stored), and who may call what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, text

from app.clock import FixedClock
from app.db import make_sessionmaker, unit_of_work
from app.partners import service as partners
from app.rollen import Rol
from app.schemas.partners import PartnerCreate
from tests.c_hulp import BASE, geef, intake_body, met_intake, nieuwe_detentie, toestemming
from tests.conftest import Api

TABELLEN = ("intakes", "toestemmingen", "informatiebladen", "reclasseringsopdrachten", "events")


def _stand(rows: Callable[[str], int]) -> dict[str, int]:
    return {t: rows(t) for t in TABELLEN}


def _problem(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = r.json()
    return body


def _velden(r: Any) -> set[str]:
    body = _problem(r, 400)
    assert body["type"].endswith(":validatie")
    return {p["name"] for p in body["invalidParams"]}


def _tweede_dji(engine: Engine, clock_now: dt.datetime) -> str:
    with unit_of_work(make_sessionmaker(engine)) as session:
        partner = partners.create_partner(
            session,
            PartnerCreate.model_validate(
                {"naam": "andere-dji", "rol": Rol.DJI, "inrichtingen": ["PI-VUGHT-2"]}
            ),
            clock_now,
        )
        partners.create_client(
            session, partner.id, clock_now, client_id="andere-dji", secret="andere-dji-secret"
        )
    return "andere-dji"


# --- Intakes -----------------------------------------------------------------------------------------
def test_every_intake_is_a_new_version_and_the_newest_is_current(
    api: Api, rows: Callable[[str], int]
) -> None:
    dji = api.as_("demo-dji")
    detentie_id = nieuwe_detentie(dji)
    eerste = dji.post(f"{BASE}/{detentie_id}/intakes", json=intake_body())
    assert eerste.status_code == 201, eerste.text
    assert eerste.json()["versie"] == 1
    assert eerste.json()["werkInkomen"]["inkomstenbron"] == "uitkering"
    assert eerste.json()["afgenomenOp"] == "2026-11-21T09:00:00Z"
    tweede_body = intake_body()
    tweede_body["onderdak"] = {"status": "op_orde", "hulpvraag": False, "woonsituatie": "huurwoning"}
    tweede = dji.post(f"{BASE}/{detentie_id}/intakes", json=tweede_body)
    assert tweede.status_code == 201
    assert tweede.json()["versie"] == 2
    assert rows("intakes") == 2
    gelezen = api.as_("demo-gemeente-amsterdam").get(f"{BASE}/{detentie_id}/basisvoorwaarden").json()
    assert gelezen["intakeVersie"] == 2
    assert gelezen["onderdak"]["status"] == "op_orde"


def test_a_bad_intake_lists_every_error_and_stores_nothing(api: Api, rows: Callable[[str], int]) -> None:
    dji = api.as_("demo-dji")
    detentie_id = nieuwe_detentie(dji)
    voor = _stand(rows)
    body = intake_body()
    body["onderdak"]["status"] = "prima"  # not an enum value
    body["werkInkomen"]["hulpvraag"] = "ja"  # not a boolean
    body["schulden"]["onbekendVeld"] = 1  # unknown property
    body["casemanager"]["email"] = "geen-adres"
    body["casemanager"]["telefoon"] = "12"
    body["kinderenMantelzorg"] = {"hulpvraag": True}  # required parts missing
    del body["zorg"]
    body["extra"] = "x"
    velden = _velden(dji.post(f"{BASE}/{detentie_id}/intakes", json=body))
    assert velden >= {
        "onderdak.status",
        "werkInkomen.hulpvraag",
        "schulden.onbekendVeld",
        "casemanager.email",
        "casemanager.telefoon",
        "kinderenMantelzorg.minderjarigeKinderen",
        "kinderenMantelzorg.mantelzorger",
        "zorg",
        "extra",
    }
    assert _stand(rows) == voor


@pytest.mark.parametrize(
    ("afgenomen_op", "reden"),
    [("2026-11-24T09:00:00+01:00", "ligt in de toekomst"), ("2026-11-19T09:00:00+01:00", "begindatum")],
)
def test_an_intake_cannot_be_from_the_future_or_from_before_the_detentie(
    api: Api, rows: Callable[[str], int], afgenomen_op: str, reden: str
) -> None:
    dji = api.as_("demo-dji")
    detentie_id = nieuwe_detentie(dji)
    voor = _stand(rows)
    r = dji.post(f"{BASE}/{detentie_id}/intakes", json=intake_body(afgenomenOp=afgenomen_op))
    body = _problem(r, 400)
    assert body["invalidParams"][0]["name"] == "afgenomenOp"
    assert reden in body["invalidParams"][0]["reason"]
    assert _stand(rows) == voor


def test_only_the_bronhouder_posts_intakes_consents_and_opdrachten(
    api: Api, engine: Engine, rows: Callable[[str], int], clock: FixedClock
) -> None:
    dji = api.as_("demo-dji")
    detentie_id = nieuwe_detentie(dji)
    voor = _stand(rows)
    ander = api.as_(_tweede_dji(engine, clock.now()))
    posts = [
        ("post", f"{BASE}/{detentie_id}/intakes", intake_body()),
        ("put", f"{BASE}/{detentie_id}/toestemming", toestemming(["onderdak"])),
        (
            "post",
            f"{BASE}/{detentie_id}/reclasseringsopdrachten",
            {"organisatie": "RN", "soort": "advies", "van": "2026-11-23"},
        ),
    ]
    for methode, url, body in posts:
        assert ander.request(methode.upper(), url, json=body).status_code == 404, url
        for partner in ("demo-gemeente-amsterdam", "demo-reclassering-rn", "demo-beheer", "demo-privacy"):
            assert api.as_(partner).request(methode.upper(), url, json=body).status_code == 403, (
                partner,
                url,
            )
        onbekend = url.replace(detentie_id, "00000000-0000-0000-0000-000000000000")
        assert dji.request(methode.upper(), onbekend, json=body).status_code == 404
    assert _stand(rows) == voor


# --- Toestemmingen -----------------------------------------------------------------------------------
def test_consent_history_is_append_only_and_readable_by_dji_and_privacy(
    api: Api, engine: Engine, rows: Callable[[str], int]
) -> None:
    dji = api.as_("demo-dji")
    detentie_id = met_intake(dji)
    geef(dji, detentie_id, ["onderdak", "sociaal_netwerk"])
    with engine.connect() as conn:
        eerste = conn.execute(text("SELECT id, categorieen, geregistreerd_op FROM toestemmingen")).one()
    r = dji.put(f"{BASE}/{detentie_id}/toestemming", json=toestemming([], []))
    assert r.status_code == 200
    assert r.json()["intrekking"] is True
    assert r.json()["volgnummer"] == 2
    geef(dji, detentie_id, ["schulden"], ["gemeente"])
    assert rows("toestemmingen") == 3
    with engine.connect() as conn:
        # The first row is untouched.
        assert (
            conn.execute(
                text("SELECT id, categorieen, geregistreerd_op FROM toestemmingen WHERE volgnummer = 1")
            ).one()
            == eerste
        )

    for partner in ("demo-dji", "demo-privacy"):
        r = api.as_(partner).get(f"{BASE}/{detentie_id}/toestemmingen")
        assert r.status_code == 200
        historie = r.json()["toestemmingen"]
        assert [(t["volgnummer"], t["categorieen"], t["ontvangers"], t["intrekking"]) for t in historie] == [
            (1, ["onderdak", "sociaal_netwerk"], ["gemeente", "reclassering"], False),
            (2, [], [], True),
            (3, ["schulden"], ["gemeente"], False),
        ]
        assert historie[0]["verklaardOp"] == "2026-11-22T09:00:00Z"
        assert historie[0]["geregistreerdOp"] == "2026-11-23T09:00:00Z"
    for partner in ("demo-gemeente-amsterdam", "demo-reclassering-rn", "demo-beheer"):
        assert api.as_(partner).get(f"{BASE}/{detentie_id}/toestemmingen").status_code == 403
    assert (
        api.as_("demo-privacy").get(f"{BASE}/00000000-0000-0000-0000-000000000000/toestemmingen").status_code
        == 404
    )


def test_repeating_the_current_statement_adds_nothing(api: Api, rows: Callable[[str], int]) -> None:
    dji = api.as_("demo-dji")
    detentie_id = met_intake(dji)
    geef(dji, detentie_id, ["onderdak"])
    voor = _stand(rows)
    r = dji.put(f"{BASE}/{detentie_id}/toestemming", json=toestemming(["onderdak"]))
    assert r.status_code == 200
    assert r.json()["volgnummer"] == 1
    assert _stand(rows) == voor


def _t(
    categorieen: list[str], ontvangers: list[str], op: str = "2026-11-22T10:00:00+01:00"
) -> dict[str, Any]:
    return {"verklaardOp": op, "categorieen": categorieen, "ontvangers": ontvangers}


@pytest.mark.parametrize(
    ("body", "velden"),
    [
        (_t(["onderdak", "onderdak"], ["gemeente"]), {"categorieen"}),
        (_t(["detentie"], ["gemeente"]), {"categorieen.0"}),
        (_t(["bij", "casemanager"], ["politie"]), {"categorieen.0", "categorieen.1", "ontvangers.0"}),
        (_t(["onderdak"], []), {"ontvangers"}),
        (_t(["zorg"], ["gemeente", "gemeente"]), {"ontvangers"}),
        (_t(["zorg"], ["gemeente"], op="2026-11-22"), {"verklaardOp"}),
        ({"categorieen": ["zorg"], "ontvangers": ["gemeente"], "extra": 1}, {"verklaardOp", "extra"}),
        (_t(["zorg"], ["gemeente"], op="2026-11-24T10:00:00+01:00"), {"verklaardOp"}),  # future
        (_t(["zorg"], ["gemeente"], op="2026-11-19T10:00:00+01:00"), {"verklaardOp"}),  # before the begin
    ],
)
def test_a_bad_consent_statement_is_rejected_and_nothing_changes(
    api: Api, rows: Callable[[str], int], body: dict[str, Any], velden: set[str]
) -> None:
    dji = api.as_("demo-dji")
    detentie_id = met_intake(dji)
    voor = _stand(rows)
    assert _velden(dji.put(f"{BASE}/{detentie_id}/toestemming", json=body)) == velden
    assert _stand(rows) == voor


def test_an_older_statement_arriving_late_cannot_undo_a_newer_one(
    api: Api, rows: Callable[[str], int]
) -> None:
    dji = api.as_("demo-dji")
    detentie_id = met_intake(dji)
    r = dji.put(
        f"{BASE}/{detentie_id}/toestemming", json=toestemming([], [], verklaardOp="2026-11-22T12:00:00+01:00")
    )
    assert r.status_code == 200
    voor = _stand(rows)
    oud = toestemming(["sociaal_netwerk"], verklaardOp="2026-11-22T08:00:00+01:00")
    body = _problem(dji.put(f"{BASE}/{detentie_id}/toestemming", json=oud), 409)
    assert body["type"].endswith(":conflict")
    assert _stand(rows) == voor
    assert (
        "sociaalNetwerk"
        not in api.as_("demo-gemeente-amsterdam").get(f"{BASE}/{detentie_id}/basisvoorwaarden").json()
    )


# --- Reclasseringsopdrachten -------------------------------------------------------------------------
def test_opdracht_is_created_and_validated(api: Api, rows: Callable[[str], int]) -> None:
    dji = api.as_("demo-dji")
    detentie_id = nieuwe_detentie(dji)
    url = f"{BASE}/{detentie_id}/reclasseringsopdrachten"
    r = dji.post(
        url, json={"organisatie": "LJR", "soort": "advies", "van": "2026-11-23", "tot": "2026-11-23"}
    )
    assert r.status_code == 201, r.text
    assert r.json()["organisatie"] == "LJR"
    assert r.json()["tot"] == "2026-11-23"
    voor = _stand(rows)
    slecht = {"organisatie": "XYZ", "soort": "begeleiding", "van": "2026-11-23", "tot": "2026-11-22"}
    assert _velden(dji.post(url, json=slecht)) == {"organisatie", "soort", "tot"}
    assert _velden(dji.post(url, json={"organisatie": "RN", "soort": "advies"})) == {"van"}
    assert _stand(rows) == voor
