"""Steps and names for the screening tests (intakes, toestemmingen, reclasseringsopdrachten and what they
disclose): small HTTP steps as the DJI partner, and the screening's JSON properties."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from app.clock import FixedClock
from tests.factories import detentie_body, intake_body, opdracht_body, toestemming_body
from tests.fixtures.app import Api, As
from tests.support.problems import assert_problem, invalid_names

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
CONSENT_ONLY_PROPS = {"zorgToelichting", "sociaalNetwerk", "kinderenMantelzorg"}
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
# What posting screening data may change: a rejected request leaves their row counts as they were.
SCREENING_TABLES = ("intakes", "toestemmingen", "informatiebladen", "reclasseringsopdrachten", "events")
# A marker inside the intake's zorgToelichting: must never appear where it is withheld.
ZORGGEHEIM = "ZORGGEHEIM-X"

# Art. 18a Pbw applies from the S&B date: one in the past, one in the future of the test clock.
SB_PAST = dt.date(2021, 7, 1)
SB_FUTURE = dt.date(2027, 7, 1)


def create_detentie(dji: As, **overrides: Any) -> str:
    r = dji.post(BASE, json=detentie_body(**overrides))
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def detentie_with_intake(dji: As, **overrides: Any) -> str:
    detentie_id = create_detentie(dji, **overrides)
    r = dji.post(f"{BASE}/{detentie_id}/intakes", json=intake_body())
    assert r.status_code == 201, r.text
    return detentie_id


def intake_without_sociaal_netwerk() -> dict[str, Any]:
    body = intake_body()
    del body["sociaalNetwerk"]
    return body


def give_consent(
    dji: As, detentie_id: str, categorieen: list[str], ontvangers: list[str] | None = None
) -> None:
    r = dji.put(f"{BASE}/{detentie_id}/toestemming", json=toestemming_body(categorieen, ontvangers))
    assert r.status_code == 200, r.text


def add_opdracht(dji: As, detentie_id: str, **overrides: Any) -> None:
    r = dji.post(f"{BASE}/{detentie_id}/reclasseringsopdrachten", json=opdracht_body(**overrides))
    assert r.status_code == 201, r.text


def set_clock(api: Api, clock: FixedClock, moment: dt.datetime) -> None:
    """Move the clock; tokens issued at the old time may be expired (or not yet valid) now."""
    clock.moment = moment
    api.forget_tokens()


def screening_props(body: dict[str, Any]) -> set[str]:
    return {p for p in SCREENING_PROPS if p in body}


def table_counts(rows: Callable[[str], int]) -> dict[str, int]:
    return {t: rows(t) for t in SCREENING_TABLES}


def invalid_fields(response: Any) -> set[str]:
    """The fields a 400 validation problem names."""
    return invalid_names(assert_problem(response, 400, "validatie"))
