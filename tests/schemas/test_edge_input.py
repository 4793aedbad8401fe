"""Issue 10, item 5: edge input is a 400 that names the field, never a 500, on both backends.

Instants at the ends of what Python can hold (overflow in hashing, working-day arithmetic or conversion to
UTC), dates outside the plausible range of their field (the ranges are in the schema descriptions),
integers beyond what the database holds, and a NUL (which PostgreSQL cannot store).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine

from tests.factories import intake_body, opdracht_body, toestemming_body
from tests.fixtures.app import Api
from tests.schemas.edge import (
    ABONNEMENTEN,
    BEHEER,
    BIJ,
    DETENTIES,
    DJI,
    GEMEENTE,
    PARTNERS,
    Case,
    Existing,
    all_tables,
    assert_refused,
    bij,
    detentie,
    persoon,
)
from tests.support.database import TableState
from tests.support.problems import assert_problem, invalid_names

EDGE_INSTANTS = ("9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "9999-12-31T12:00:00Z")
# The windows are relative to the real time (the schemas cannot reach the test clock).
NOW = dt.datetime.now(dt.UTC)
ELEVEN_YEARS_AGO = (NOW - dt.timedelta(days=11 * 366)).isoformat()
THREE_YEARS_AHEAD = (NOW + dt.timedelta(days=3 * 366)).isoformat()
BIG = 2**63  # one more than the largest 64-bit integer
INT32 = 2**31  # one more than the largest sequence or offset the database holds


def _einde(datum: str) -> Callable[[Existing], Any]:
    return lambda _: {"einddatum": datum, "reden": "einde_straf"}


def _overplaatsing(datum: str) -> Callable[[Existing], Any]:
    return lambda _: {"naarInrichting": "PI-VUGHT", "datum": datum}


def _periode(**periode: str) -> Callable[[Existing], Any]:
    return lambda e: bij(e.detentie_id, periode={"van": "2026-12-04T10:00:00+01:00", **periode})


def _detentie(**overrides: Any) -> Callable[[Existing], Any]:
    return lambda _: detentie(**overrides)


def _intake(**overrides: Any) -> Callable[[Existing], Any]:
    return lambda _: intake_body(**overrides)


def _edge_cases() -> dict[str, Case]:
    cases: dict[str, Case] = {}
    for instant in EDGE_INSTANTS:
        cases[f"begindatum={instant}"] = Case(
            DJI, "POST", DETENTIES, _detentie(begindatum=instant), {"begindatum"}
        )
        cases[f"einddatum={instant}"] = Case(
            DJI, "POST", DETENTIES + "/{detentie}/einde", _einde(instant), {"einddatum"}
        )
        cases[f"overplaatsing.datum={instant}"] = Case(
            DJI, "POST", DETENTIES + "/{detentie}/overplaatsingen", _overplaatsing(instant), {"datum"}
        )
        cases[f"periode.van={instant}"] = Case(DJI, "POST", BIJ, _periode(van=instant), {"periode.van"})
    return cases


EDGE = _edge_cases()

OUT_OF_RANGE: dict[str, Case] = {
    "geboortedatum-before-1900": Case(
        DJI,
        "POST",
        DETENTIES,
        lambda _: detentie(persoon=persoon(geboortedatum="1899-12-31")),
        {"persoon.geboortedatum"},
    ),
    "geboortedatum-patch-year-1": Case(
        DJI,
        "PATCH",
        DETENTIES + "/{detentie}",
        lambda _: {"persoon": {"geboortedatum": "0001-01-01"}},
        {"persoon.geboortedatum"},
    ),
    "verwachteEinddatum-after-2100": Case(
        DJI, "POST", DETENTIES, lambda _: detentie(verwachteEinddatum="2101-01-01"), {"verwachteEinddatum"}
    ),
    "verwachteEinddatum-patch-9999": Case(
        DJI,
        "PATCH",
        DETENTIES + "/{detentie}",
        lambda _: {"verwachteEinddatum": "9999-12-31"},
        {"verwachteEinddatum"},
    ),
    "begindatum-11-years-ago": Case(
        DJI, "POST", DETENTIES, lambda _: detentie(begindatum=ELEVEN_YEARS_AGO), {"begindatum"}
    ),
    "begindatum-3-years-ahead": Case(
        DJI, "POST", DETENTIES, lambda _: detentie(begindatum=THREE_YEARS_AHEAD), {"begindatum"}
    ),
    "einddatum-3-years-ahead": Case(
        DJI, "POST", DETENTIES + "/{detentie}/einde", _einde(THREE_YEARS_AHEAD), {"einddatum"}
    ),
    "overplaatsing.datum-3-years-ahead": Case(
        DJI,
        "POST",
        DETENTIES + "/{detentie}/overplaatsingen",
        _overplaatsing(THREE_YEARS_AHEAD),
        {"datum"},
    ),
    "periode.van-11-years-ago": Case(DJI, "POST", BIJ, _periode(van=ELEVEN_YEARS_AGO), {"periode.van"}),
    "periode.tot-9999": Case(DJI, "POST", BIJ, _periode(tot="9999-12-31T12:00:00Z"), {"periode.tot"}),
    "afgenomenOp-year-1": Case(
        DJI,
        "POST",
        DETENTIES + "/{detentie}/intakes",
        _intake(afgenomenOp="0001-01-01T00:00:00+14:00"),
        {"afgenomenOp"},
    ),
    "identiteitsbewijs.geldigTot-9999": Case(
        DJI,
        "POST",
        DETENTIES + "/{detentie}/intakes",
        _intake(
            identiteitsbewijs={
                "status": "op_orde",
                "hulpvraag": False,
                "aanwezig": True,
                "geldigTot": "9999-12-31",
            }
        ),
        {"identiteitsbewijs.geldigTot"},
    ),
    "verklaardOp-9999": Case(
        DJI,
        "PUT",
        DETENTIES + "/{detentie}/toestemming",
        lambda _: toestemming_body(verklaardOp="9999-12-31T23:59:59-14:00"),
        {"verklaardOp"},
    ),
    "opdracht.van-before-1900": Case(
        DJI,
        "POST",
        DETENTIES + "/{detentie}/reclasseringsopdrachten",
        lambda _: opdracht_body(van="1899-12-31"),
        {"van"},
    ),
    "opdracht.tot-after-2100": Case(
        DJI,
        "POST",
        DETENTIES + "/{detentie}/reclasseringsopdrachten",
        lambda _: opdracht_body(tot="2101-01-01"),
        {"tot"},
    ),
    "aangeslotenSinds-year-1": Case(
        BEHEER,
        "POST",
        PARTNERS,
        lambda _: {
            "naam": "gemeente-groningen",
            "rol": "gemeente",
            "gemeentecode": "0014",
            "aangesloten": True,
            "aangeslotenSinds": "0001-01-01",
        },
        {"aangeslotenSinds"},
    ),
}

INTEGERS: dict[str, Case] = {
    "afleveringen-offset-2**63": Case(
        GEMEENTE, "GET", ABONNEMENTEN + f"/{{abonnement}}/afleveringen?offset={BIG}", None, {"offset"}
    ),
    "afleveringen-offset-2**31": Case(
        GEMEENTE, "GET", ABONNEMENTEN + f"/{{abonnement}}/afleveringen?offset={INT32}", None, {"offset"}
    ),
    "herstart-vanafSequence-2**63": Case(
        GEMEENTE,
        "POST",
        ABONNEMENTEN + "/{abonnement}/herstart",
        lambda _: {"vanafSequence": BIG},
        {"vanafSequence"},
    ),
    "herstart-vanafSequence-2**31": Case(
        GEMEENTE,
        "POST",
        ABONNEMENTEN + "/{abonnement}/herstart",
        lambda _: {"vanafSequence": INT32},
        {"vanafSequence"},
    ),
}

# A NUL: PostgreSQL refuses to store it (a 500 today), SQLite stores it (shown to gemeenten today).
NUL: dict[str, Case] = {
    "geslachtsnaam": Case(
        DJI,
        "POST",
        DETENTIES,
        lambda _: detentie(persoon=persoon(geslachtsnaam="Jan\x00sen")),
        {"persoon.geslachtsnaam"},
    ),
    "bronId": Case(DJI, "POST", DETENTIES, lambda _: detentie(bronId="DJI-\x00-1"), {"bronId"}),
    "delict.omschrijving": Case(
        DJI,
        "POST",
        BIJ,
        lambda e: bij(e.detentie_id, delict={"categorie": "geweld", "omschrijving": "Zware\x00mishandeling"}),
        {"delict.omschrijving"},
    ),
    "callbackUrl": Case(
        GEMEENTE, "POST", ABONNEMENTEN, lambda _: {"callbackUrl": "https://8.8.8.8/hook\x00"}, {"callbackUrl"}
    ),
}


# A NUL in a path segment or form field that reaches a query (the client id): a 500 on PostgreSQL today.
NUL_OUTSIDE_BODIES: dict[str, Case] = {
    "client_id-path-revoke": Case(
        BEHEER, "DELETE", f"{PARTNERS}/{uuid.uuid4()}/clients/demo-dji%00", None, {"client_id"}
    ),
    "client_id-path-rotate": Case(
        BEHEER, "POST", f"{PARTNERS}/{uuid.uuid4()}/clients/demo-dji%00/rotatie", None, {"client_id"}
    ),
}


@pytest.mark.parametrize("case", EDGE.values(), ids=EDGE.keys())
def test_an_instant_at_the_edge_of_the_calendar_is_a_400_naming_the_field(
    api: Api, engine: Engine, db_state: Callable[[], TableState], existing: Existing, case: Case
) -> None:
    assert_refused(api, engine, db_state, case, existing)


@pytest.mark.parametrize("case", OUT_OF_RANGE.values(), ids=OUT_OF_RANGE.keys())
def test_a_date_outside_the_range_of_its_field_is_a_400_naming_the_field(
    api: Api, engine: Engine, db_state: Callable[[], TableState], existing: Existing, case: Case
) -> None:
    assert_refused(api, engine, db_state, case, existing)


@pytest.mark.parametrize("case", INTEGERS.values(), ids=INTEGERS.keys())
def test_an_integer_beyond_its_maximum_is_a_400_naming_it(
    api: Api, engine: Engine, db_state: Callable[[], TableState], existing: Existing, case: Case
) -> None:
    assert_refused(api, engine, db_state, case, existing)


@pytest.mark.parametrize("case", NUL.values(), ids=NUL.keys())
def test_a_nul_character_is_a_400_naming_the_field(
    api: Api, engine: Engine, db_state: Callable[[], TableState], existing: Existing, case: Case
) -> None:
    assert_refused(api, engine, db_state, case, existing)


# Guards, not defects of today: they pin what already holds.
GUARDS: dict[str, Case] = {
    "begindatum-without-offset": Case(
        DJI, "POST", DETENTIES, lambda _: detentie(begindatum="2026-11-20T09:30:00"), {"begindatum"}
    ),
    "afgenomenOp-without-offset": Case(
        DJI,
        "POST",
        DETENTIES + "/{detentie}/intakes",
        _intake(afgenomenOp="2026-11-21T10:00:00"),
        {"afgenomenOp"},
    ),
    "notificaties-na-2**63": Case(GEMEENTE, "GET", f"/api/v1/notificaties?na={BIG}", None, {"na"}),
    "onbestelbaar-offset-2**63": Case(
        BEHEER, "GET", f"/api/v1/beheer/onbestelbaar?offset={BIG}", None, {"offset"}
    ),
}


@pytest.mark.parametrize("case", GUARDS.values(), ids=GUARDS.keys())
def test_a_date_time_without_offset_and_the_bounded_parameters_stay_400(
    api: Api, engine: Engine, db_state: Callable[[], TableState], existing: Existing, case: Case
) -> None:
    assert_refused(api, engine, db_state, case, existing)


@pytest.mark.parametrize("case", NUL_OUTSIDE_BODIES.values(), ids=NUL_OUTSIDE_BODIES.keys())
def test_a_nul_character_in_a_path_segment_is_a_400_naming_it(
    api: Api, engine: Engine, db_state: Callable[[], TableState], existing: Existing, case: Case
) -> None:
    assert_refused(api, engine, db_state, case, existing)


def test_a_nul_character_in_the_client_id_of_a_token_request_is_a_400_naming_it(
    api: Api, engine: Engine, db_state: Callable[[], TableState]
) -> None:
    everything = all_tables(engine)
    before, before_all = db_state(), everything()
    r = api.client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": "demo-dji\x00",
            "client_secret": "demo-dji-secret",
        },
    )
    problem = assert_problem(r, 400, "validatie")
    assert invalid_names(problem) == {"client_id"}
    assert db_state() == before
    assert everything() == before_all
