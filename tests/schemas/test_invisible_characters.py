"""Issue 10, item 7: no control (Unicode Cc) or format (Cf) character reaches the database or a gemeente.

A newline and a tab are allowed in the free-text fields only (delict.omschrijving,
voorwaarden[].omschrijving, zorgToelichting); a carriage return is not, nor the line and paragraph
separators (Zl, Zp). A geslachtsnaam holds a letter or is exactly `.` (the BRP's mark for an unknown
geslachtsnaam: an art. 51c melding must still go out); voornamen may be empty.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine

from tests.factories import intake_body
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
    assert_refused,
    bij,
    detentie,
    persoon,
    send,
)
from tests.support.database import TableState


def _detentie_met(**persoon_overrides: str) -> Callable[[Existing], Any]:
    return lambda _: detentie(persoon=persoon(**persoon_overrides))


def _casemanager(naam: str) -> Callable[[Existing], Any]:
    return lambda _: intake_body(
        casemanager={"naam": naam, "telefoon": "+31 75 123 4567", "email": "k.cm@pi.example.nl"}
    )


CASES: dict[str, Case] = {
    "geslachtsnaam-nul": Case(
        DJI, "POST", DETENTIES, _detentie_met(geslachtsnaam="Jan\x00sen"), {"persoon.geslachtsnaam"}
    ),
    "voornamen-next-line-U+0085": Case(
        DJI, "POST", DETENTIES, _detentie_met(voornamen="Pie\x85t"), {"persoon.voornamen"}
    ),
    "geslachtsnaam-leading-bom": Case(
        DJI, "POST", DETENTIES, _detentie_met(geslachtsnaam="\ufeffJansen"), {"persoon.geslachtsnaam"}
    ),
    "geslachtsnaam-right-to-left-override": Case(
        DJI, "POST", DETENTIES, _detentie_met(geslachtsnaam="Jansen\u202enesnaJ"), {"persoon.geslachtsnaam"}
    ),
    "geslachtsnaam-only-zero-width-space": Case(
        DJI, "POST", DETENTIES, _detentie_met(geslachtsnaam="\u200b"), {"persoon.geslachtsnaam"}
    ),
    "geslachtsnaam-without-a-letter": Case(
        DJI, "POST", DETENTIES, _detentie_met(geslachtsnaam="--"), {"persoon.geslachtsnaam"}
    ),
    "geslachtsnaam-lone-surrogate": Case(
        DJI, "POST", DETENTIES, _detentie_met(geslachtsnaam="Jan\ud800sen"), {"persoon.geslachtsnaam"}
    ),
    "voorvoegsel-zero-width-joiner": Case(
        DJI, "POST", DETENTIES, _detentie_met(voorvoegsel="van\u200dder"), {"persoon.voorvoegsel"}
    ),
    "patch-geslachtsnaam-only-zero-width-space": Case(
        DJI,
        "PATCH",
        DETENTIES + "/{detentie}",
        lambda _: {"persoon": {"geslachtsnaam": "\u200b"}},
        {"persoon.geslachtsnaam"},
    ),
    "bronId-escape": Case(DJI, "POST", DETENTIES, lambda _: detentie(bronId="DJI-\x1b[2J"), {"bronId"}),
    "straat-newline": Case(
        DJI,
        "POST",
        BIJ,
        lambda e: bij(
            e.detentie_id,
            verblijfadres={
                "straat": "Proef\nstraat",
                "huisnummer": "12a",
                "postcode": "8911AA",
                "woonplaats": "Leeuwarden",
                "gemeentecode": "0080",
            },
        ),
        {"verblijfadres.straat"},
    ),
    "delict.omschrijving-right-to-left-override": Case(
        DJI,
        "POST",
        BIJ,
        lambda e: bij(e.detentie_id, delict={"categorie": "zeden", "omschrijving": "abc\u202edef"}),
        {"delict.omschrijving"},
    ),
    "voorwaarde.omschrijving-bell": Case(
        DJI,
        "POST",
        BIJ,
        lambda e: bij(e.detentie_id, voorwaarden=[{"soort": "meldplicht", "omschrijving": "Elke week\x07"}]),
        {"voorwaarden.0.omschrijving"},
    ),
    "zorgToelichting-nul": Case(
        DJI,
        "POST",
        DETENTIES + "/{detentie}/intakes",
        lambda _: intake_body(zorgToelichting="Medicatie\x00"),
        {"zorgToelichting"},
    ),
    "zorgToelichting-carriage-return": Case(
        DJI,
        "POST",
        DETENTIES + "/{detentie}/intakes",
        lambda _: intake_body(zorgToelichting="Regel een\r\nRegel twee"),
        {"zorgToelichting"},
    ),
    "woonplaats-line-separator-U+2028": Case(
        DJI,
        "POST",
        BIJ,
        lambda e: bij(
            e.detentie_id,
            verblijfadres={
                "straat": "Proefstraat",
                "huisnummer": "12a",
                "postcode": "8911AA",
                "woonplaats": "Leeuwarden\u2028Sneek",
                "gemeentecode": "0080",
            },
        ),
        {"verblijfadres.woonplaats"},
    ),
    "casemanager.naam-bom": Case(
        DJI,
        "POST",
        DETENTIES + "/{detentie}/intakes",
        _casemanager("\ufeffK. Casemanager"),
        {"casemanager.naam"},
    ),
    "callbackUrl-next-line-U+0085": Case(
        GEMEENTE, "POST", ABONNEMENTEN, lambda _: {"callbackUrl": "https://8.8.8.8/hook\x85"}, {"callbackUrl"}
    ),
    "partner.naam-nul": Case(
        BEHEER,
        "POST",
        PARTNERS,
        lambda _: {"naam": "dji\x00noord", "rol": "dji", "inrichtingen": ["PI-GRONINGEN"]},
        {"naam"},
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_control_or_format_character_is_a_400_naming_the_field(
    api: Api, engine: Engine, db_state: Callable[[], TableState], existing: Existing, case: Case
) -> None:
    assert_refused(api, engine, db_state, case, existing)


@pytest.mark.parametrize("geslachtsnaam", [".", "Jansen", "Ñúñez-O'Brien", "d'Ancona", "Ó Súilleabháin"])
def test_a_geslachtsnaam_with_a_letter_or_only_a_dot_is_taken(api: Api, geslachtsnaam: str) -> None:
    r = send(api.as_(DJI), "POST", DETENTIES, detentie(persoon=persoon(geslachtsnaam=geslachtsnaam)))
    assert r.status_code == 201, r.text
    assert r.json()["persoon"]["geslachtsnaam"] == geslachtsnaam


def test_empty_voornamen_are_taken(api: Api) -> None:
    """Someone without voornamen in the BRP."""
    r = api.as_(DJI).post(DETENTIES, json=detentie(persoon=persoon(voornamen="")))
    assert r.status_code == 201, r.text
    assert r.json()["persoon"]["voornamen"] == ""


def test_newlines_and_tabs_stay_in_free_text(api: Api, existing: Existing) -> None:
    tekst = "Regel een\nRegel\ttwee"
    body = bij(
        existing.detentie_id,
        delict={"categorie": "geweld", "omschrijving": tekst},
        voorwaarden=[{"soort": "contactverbod", "omschrijving": tekst}],
    )
    r = api.as_(DJI).post(BIJ, json=body)
    assert r.status_code == 201, r.text
    assert r.json()["delict"]["omschrijving"] == tekst
    assert r.json()["voorwaarden"][0]["omschrijving"] == tekst
    r = api.as_(DJI).post(
        f"{DETENTIES}/{existing.detentie_id}/intakes", json=intake_body(zorgToelichting=tekst)
    )
    assert r.status_code == 201, r.text
    assert r.json()["zorgToelichting"] == tekst
