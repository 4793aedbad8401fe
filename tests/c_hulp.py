"""Helpers for the disclosure-engine tests (test_c_*): bodies and small HTTP steps."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.clock import FixedClock
from app.config import Settings
from app.db import make_sessionmaker, unit_of_work
from app.demo import seed_demo_partners
from app.main import create_app
from tests.conftest import Api, _As
from tests.factories import detentie_body

BASE = "/api/v1/detenties"
SCREENING_PROPS = (
    "identiteitsbewijs",
    "onderdak",
    "werkInkomen",
    "schulden",
    "zorg",
    "zorgToelichting",
    "sociaalNetwerk",
    "kinderenMantelzorg",
)
BASISVOORWAARDEN_PROPS = ("identiteitsbewijs", "onderdak", "werkInkomen", "schulden", "zorg")
# Enum value <-> JSON property (DESIGN §5 naming rule).
PROP = {
    "identiteitsbewijs": "identiteitsbewijs",
    "onderdak": "onderdak",
    "werk_inkomen": "werkInkomen",
    "schulden": "schulden",
    "zorg": "zorg",
    "zorg_toelichting": "zorgToelichting",
    "sociaal_netwerk": "sociaalNetwerk",
    "kinderen_mantelzorg": "kinderenMantelzorg",
}
CATEGORIE = {v: k for k, v in PROP.items()}

INTAKE: dict[str, Any] = {
    "afgenomenOp": "2026-11-21T10:00:00+01:00",
    "identiteitsbewijs": {
        "status": "niet_op_orde",
        "hulpvraag": True,
        "aanwezig": False,
        "soort": None,
        "geldigTot": None,
    },
    "onderdak": {
        "status": "niet_op_orde",
        "hulpvraag": True,
        "woonsituatie": "dak_thuisloos",
        "briefadresNodig": True,
        "woningzoekende": True,
    },
    "werkInkomen": {
        "status": "onbekend",
        "hulpvraag": False,
        "werkVoorDetentie": False,
        "inkomstenbron": "uitkering",
        "uitkeringStopgezet": True,
    },
    "schulden": {
        "status": "niet_op_orde",
        "hulpvraag": True,
        "schuldenBekend": True,
        "cjibVorderingen": True,
    },
    "zorg": {"status": "op_orde", "hulpvraag": False, "zorgverzekeringOpgeschort": True, "lopendeZorg": True},
    "zorgToelichting": "Medicatie voor diabetes; ZORGGEHEIM-X",
    "sociaalNetwerk": {"hulpvraag": True},
    "kinderenMantelzorg": {"minderjarigeKinderen": True, "mantelzorger": False, "hulpvraag": True},
    "casemanager": {"naam": "K. Casemanager", "telefoon": "+31 75 123 4567", "email": "k.cm@pi.example.nl"},
}


def intake_body(**overrides: Any) -> dict[str, Any]:
    body = copy.deepcopy(INTAKE)
    body.update(overrides)
    return body


def toestemming(categorieen: list[str], ontvangers: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "verklaardOp": extra.get("verklaardOp", "2026-11-22T10:00:00+01:00"),
        "categorieen": categorieen,
        "ontvangers": ["gemeente", "reclassering"] if ontvangers is None else ontvangers,
    }


def nieuwe_detentie(dji: _As, **overrides: Any) -> str:
    r = dji.post(BASE, json=detentie_body(**overrides))
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def met_intake(dji: _As, **overrides: Any) -> str:
    detentie_id = nieuwe_detentie(dji, **overrides)
    r = dji.post(f"{BASE}/{detentie_id}/intakes", json=intake_body())
    assert r.status_code == 201, r.text
    return detentie_id


def geef(dji: _As, detentie_id: str, categorieen: list[str], ontvangers: list[str] | None = None) -> None:
    r = dji.put(f"{BASE}/{detentie_id}/toestemming", json=toestemming(categorieen, ontvangers))
    assert r.status_code == 200, r.text


def opdracht(
    dji: _As, detentie_id: str, van: str = "2026-11-01", tot: str | None = None, org: str = "RN"
) -> None:
    body: dict[str, Any] = {"organisatie": org, "soort": "toezicht", "van": van}
    if tot:
        body["tot"] = tot
    r = dji.post(f"{BASE}/{detentie_id}/reclasseringsopdrachten", json=body)
    assert r.status_code == 201, r.text


def zet_klok(api: Api, clock: FixedClock, moment: dt.datetime) -> None:
    """Move the clock; tokens issued at the old time may be expired (or not yet valid) now."""
    clock.moment = moment
    api._tokens.clear()


def screening_props(body: dict[str, Any]) -> set[str]:
    return {p for p in SCREENING_PROPS if p in body}


def api_met(engine: Engine, settings: Settings, clock: FixedClock) -> Iterator[Api]:
    """The app with specific settings (e.g. another S&B date), demo partners seeded."""
    with unit_of_work(make_sessionmaker(engine)) as session:
        seed_demo_partners(session, clock.now())
    app = create_app(settings, clock=clock, engine=engine)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client)


SB_VERLEDEN = dt.date(2021, 7, 1)
SB_TOEKOMST = dt.date(2027, 7, 1)
