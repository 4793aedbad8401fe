"""Issue 10, item 6: a date or date-time is an ISO 8601 string, as the OpenAPI document says.

A number, or a string of digits, used to be read as seconds since 1970 (`"van": 0` became 1970-01-01,
`"begindatum": "1796284453"` a moment in December 2026). Each value below lies inside its field's range,
so only the type rule refuses it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine

from tests.factories import intake_body, opdracht_body, toestemming_body
from tests.fixtures.app import Api
from tests.schemas.edge import (
    BEHEER,
    BIJ,
    DETENTIES,
    DJI,
    PARTNERS,
    Case,
    Existing,
    assert_refused,
    bij,
    detentie,
    persoon,
)
from tests.support.database import TableState


def _epoch(year: int, month: int, day: int, hour: int = 0) -> int:
    """Seconds since 1970: the form a lax parser takes for a date."""
    return int(dt.datetime(year, month, day, hour, tzinfo=dt.UTC).timestamp())


BEGIN = _epoch(2026, 11, 20, 9)  # a plausible begindatum, as seconds since 1970
GISTEREN = _epoch(2026, 11, 22, 9)


def _body(make: Callable[[], dict[str, Any]]) -> Callable[[Existing], Any]:
    return lambda _: make()


CASES: dict[str, Case] = {
    "begindatum-digits": Case(
        DJI, "POST", DETENTIES, _body(lambda: detentie(begindatum="1796284453")), {"begindatum"}
    ),
    "begindatum-int": Case(DJI, "POST", DETENTIES, _body(lambda: detentie(begindatum=BEGIN)), {"begindatum"}),
    "geboortedatum-int": Case(
        DJI,
        "POST",
        DETENTIES,
        _body(lambda: detentie(persoon=persoon(geboortedatum=_epoch(1990, 5, 17)))),
        {"persoon.geboortedatum"},
    ),
    "verwachteEinddatum-digits": Case(
        DJI,
        "POST",
        DETENTIES,
        _body(lambda: detentie(verwachteEinddatum=str(_epoch(2027, 3, 1)))),
        {"verwachteEinddatum"},
    ),
    "patch-verwachteEinddatum-int": Case(
        DJI,
        "PATCH",
        DETENTIES + "/{detentie}",
        _body(lambda: {"verwachteEinddatum": _epoch(2027, 3, 1)}),
        {"verwachteEinddatum"},
    ),
    "einddatum-float": Case(
        DJI,
        "POST",
        DETENTIES + "/{detentie}/einde",
        _body(lambda: {"einddatum": float(GISTEREN), "reden": "einde_straf"}),
        {"einddatum"},
    ),
    "overplaatsing.datum-digits": Case(
        DJI,
        "POST",
        DETENTIES + "/{detentie}/overplaatsingen",
        _body(lambda: {"naarInrichting": "PI-VUGHT", "datum": str(GISTEREN)}),
        {"datum"},
    ),
    "periode.van-int": Case(
        DJI,
        "POST",
        BIJ,
        lambda e: bij(e.detentie_id, periode={"van": _epoch(2026, 12, 4, 9)}),
        {"periode.van"},
    ),
    "afgenomenOp-int": Case(
        DJI,
        "POST",
        DETENTIES + "/{detentie}/intakes",
        _body(lambda: intake_body(afgenomenOp=GISTEREN)),
        {"afgenomenOp"},
    ),
    "identiteitsbewijs.geldigTot-digits": Case(
        DJI,
        "POST",
        DETENTIES + "/{detentie}/intakes",
        _body(
            lambda: intake_body(
                identiteitsbewijs={
                    "status": "op_orde",
                    "hulpvraag": False,
                    "aanwezig": True,
                    "geldigTot": str(_epoch(2030, 1, 1)),
                }
            )
        ),
        {"identiteitsbewijs.geldigTot"},
    ),
    "verklaardOp-int": Case(
        DJI,
        "PUT",
        DETENTIES + "/{detentie}/toestemming",
        _body(lambda: toestemming_body(verklaardOp=GISTEREN)),
        {"verklaardOp"},
    ),
    "opdracht.van-0": Case(
        DJI,
        "POST",
        DETENTIES + "/{detentie}/reclasseringsopdrachten",
        _body(lambda: opdracht_body(van=0)),
        {"van"},
    ),
    "opdracht.tot-digits": Case(
        DJI,
        "POST",
        DETENTIES + "/{detentie}/reclasseringsopdrachten",
        _body(lambda: opdracht_body(tot=str(_epoch(2027, 1, 1)))),
        {"tot"},
    ),
    "aangeslotenSinds-int": Case(
        BEHEER,
        "POST",
        PARTNERS,
        _body(
            lambda: {
                "naam": "gemeente-groningen",
                "rol": "gemeente",
                "gemeentecode": "0014",
                "aangesloten": True,
                "aangeslotenSinds": _epoch(2026, 11, 1),
            }
        ),
        {"aangeslotenSinds"},
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_number_is_not_a_date(
    api: Api, engine: Engine, db_state: Callable[[], TableState], existing: Existing, case: Case
) -> None:
    assert_refused(api, engine, db_state, case, existing)


NOT_ISO: dict[str, Case] = {
    "begindatum-dutch-notation": Case(
        DJI, "POST", DETENTIES, _body(lambda: detentie(begindatum="20-11-2026 09:30+01:00")), {"begindatum"}
    ),
    "geboortedatum-with-time": Case(
        DJI,
        "POST",
        DETENTIES,
        _body(lambda: detentie(persoon=persoon(geboortedatum="1990-05-17T00:00:00Z"))),
        {"persoon.geboortedatum"},
    ),
    "begindatum-bool": Case(DJI, "POST", DETENTIES, _body(lambda: detentie(begindatum=True)), {"begindatum"}),
}


@pytest.mark.parametrize("case", NOT_ISO.values(), ids=NOT_ISO.keys())
def test_only_an_iso_8601_string_is_a_date(
    api: Api, engine: Engine, db_state: Callable[[], TableState], existing: Existing, case: Case
) -> None:
    assert_refused(api, engine, db_state, case, existing)


def test_iso_8601_forms_are_still_accepted(api: Api) -> None:
    """Any offset, fractional seconds, `Z`; the answer is in UTC with a `Z`."""
    dji = api.as_(DJI)
    r = dji.post(DETENTIES, json=detentie(begindatum="2026-11-20T09:30:00.250+01:00"))
    assert r.status_code == 201, r.text
    assert r.json()["begindatum"] == "2026-11-20T08:30:00.250000Z"
    assert r.json()["persoon"]["geboortedatum"] == "1990-05-17"
