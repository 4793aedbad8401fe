"""Test data: one factory per request body, each a dict with sensible defaults and `**overrides`.

BSNs come only from the range reserved for test persons (99999xxxx, elfproef-valid: 909 numbers, of which
the two the demo data uses are left out). Never a real person's number.
"""

from __future__ import annotations

import copy
import itertools
import random
import uuid
from typing import Any

from app.demo import demo_bsn, demo_bsn_screening


def _elfproef(number: str) -> bool:
    """9·d1 + 8·d2 + … + 2·d8 − 1·d9 is divisible by 11."""
    digits = [int(c) for c in number]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0


TEST_BSNS: tuple[str, ...] = tuple(
    number
    for number in (str(n) for n in range(999_990_000, 1_000_000_000))
    if _elfproef(number) and number not in (demo_bsn(), demo_bsn_screening())
)
# Without an rng, bsn() walks one shuffled round of the range: any len(TEST_BSNS) consecutive calls give
# different numbers, so a test never gets the same person twice by accident.
_ROUND = list(TEST_BSNS)
random.Random().shuffle(_ROUND)
_NEXT = itertools.cycle(_ROUND)


def bsn(rng: random.Random | None = None) -> str:
    """An elfproef-valid test BSN (99999xxxx); deterministic for a given rng."""
    return rng.choice(TEST_BSNS) if rng is not None else next(_NEXT)


def invalid_bsn(valid: str | None = None) -> str:
    """Nine digits that fail the elfproef: a valid test BSN with another check digit."""
    valid = valid or bsn()
    return valid[:-1] + str((int(valid[-1]) + 1) % 10)


# --- Detenties (DESIGN §4) ---------------------------------------------------------------------------


def persoon_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "bsn": bsn(),
        "geslachtsnaam": "Testpersoon",
        "voorvoegsel": "de",
        "voornamen": "Proef",
        "geboortedatum": "1990-05-17",
    }
    body.update(overrides)
    return body


def detentie_body(**overrides: Any) -> dict[str, Any]:
    """POST /detenties: a begin detentie in PI Zaanstad for someone registered in Amsterdam (0363)."""
    body: dict[str, Any] = {
        "bronId": f"DJI-{uuid.uuid4().hex[:10]}",
        "persoon": persoon_body(),
        "inrichting": "PI-ZAANSTAD",
        "titel": "vrijheidsstraf",
        "instroom": "arrestant",
        "begindatum": "2026-11-20T09:30:00+01:00",
        "verwachteEinddatum": "2027-03-01",
        "gemeenteVanInschrijving": "0363",
    }
    body.update(overrides)
    return body


def patch_body(**overrides: Any) -> dict[str, Any]:
    """PATCH /detenties/{id} (a merge patch): by default a new verwachte einddatum."""
    body: dict[str, Any] = {"verwachteEinddatum": "2027-02-01"}
    body.update(overrides)
    return body


def einde_body(**overrides: Any) -> dict[str, Any]:
    """POST /detenties/{id}/einde."""
    body: dict[str, Any] = {"einddatum": "2026-11-22T12:00:00+01:00", "reden": "einde_straf"}
    body.update(overrides)
    return body


def overplaatsing_body(**overrides: Any) -> dict[str, Any]:
    """POST /detenties/{id}/overplaatsingen."""
    body: dict[str, Any] = {"naarInrichting": "PI-VUGHT", "datum": "2026-11-21T10:00:00+01:00"}
    body.update(overrides)
    return body


# --- Screening: intake, toestemming, reclasseringsopdracht (DESIGN §5, §7) ------------------------------

_INTAKE: dict[str, Any] = {
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
    """POST /detenties/{id}/intakes: every part of the screening filled in (zorgToelichting holds the
    marker ZORGGEHEIM-X, which must never appear where it is withheld)."""
    body = copy.deepcopy(_INTAKE)
    body.update(overrides)
    return body


def toestemming_body(
    categorieen: list[str] | None = None, ontvangers: list[str] | None = None, **overrides: Any
) -> dict[str, Any]:
    """PUT /detenties/{id}/toestemming: by default consent for onderdak, for gemeente and reclassering.
    Empty categorieen withdraw every consent."""
    body: dict[str, Any] = {
        "verklaardOp": "2026-11-22T10:00:00+01:00",
        "categorieen": ["onderdak"] if categorieen is None else categorieen,
        "ontvangers": ["gemeente", "reclassering"] if ontvangers is None else ontvangers,
    }
    body.update(overrides)
    return body


def opdracht_body(**overrides: Any) -> dict[str, Any]:
    """POST /detenties/{id}/reclasseringsopdrachten: RN, toezicht, from 1 November 2026, open-ended."""
    body: dict[str, Any] = {"organisatie": "RN", "soort": "toezicht", "van": "2026-11-01"}
    body.update(overrides)
    return body


# --- BIJ (DESIGN §6) -------------------------------------------------------------------------------------


def bij_melding_body(detentie_id: str, **overrides: Any) -> dict[str, Any]:
    """POST /bij-meldingen: verlof with a leave address in Leeuwarden (0080)."""
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


def mandaat_body(partner_id: str, **overrides: Any) -> dict[str, Any]:
    """PUT /beheer/mandaten/{gemeentecode}."""
    body: dict[str, Any] = {"partnerId": partner_id}
    body.update(overrides)
    return body


# --- Webhooks (DESIGN §8) --------------------------------------------------------------------------------

PUBLIC_CALLBACK_URL = "https://8.8.8.8/ketenmeldingen/hook"


def abonnement_body(**overrides: Any) -> dict[str, Any]:
    """POST /abonnementen: a public https callback (an IP literal: no DNS needed), every type, thin."""
    body: dict[str, Any] = {"callbackUrl": PUBLIC_CALLBACK_URL}
    body.update(overrides)
    return body


# --- Beheer (DESIGN §3) ----------------------------------------------------------------------------------


_PARTNER_DEFAULTS: dict[str, dict[str, Any]] = {
    "dji": {"naam": "dji-noord", "inrichtingen": ["PI-GRONINGEN"]},
    "gemeente": {"naam": "gemeente-groningen", "gemeentecode": "0014"},
    "reclassering": {"naam": "reclassering-ljr", "organisatie": "LJR"},
    "bij_gemandateerde": {"naam": "bij-groningen", "bijGemeentecodes": ["0014"]},
}


def partner_body(**overrides: Any) -> dict[str, Any]:
    """POST /beheer/partners: by default a second DJI partner, for PI Groningen; for another `rol` the
    fields that role needs (a gemeente: Groningen, 0014)."""
    rol = overrides.get("rol", "dji")
    body: dict[str, Any] = {"naam": f"test-{rol}", "rol": rol, **_PARTNER_DEFAULTS.get(rol, {})}
    body.update(overrides)
    return body


def client_body(**overrides: Any) -> dict[str, Any]:
    """POST /beheer/partners/{id}/clients (without a body the service makes up the client id)."""
    body: dict[str, Any] = {"clientId": f"test-client-{uuid.uuid4().hex[:8]}"}
    body.update(overrides)
    return body


# --- Privacy officer -------------------------------------------------------------------------------------


def bsn_query_body(**overrides: Any) -> dict[str, Any]:
    """POST /inzage and POST /verwerkingen/zoeken: the person is named by BSN in the body."""
    body: dict[str, Any] = {"bsn": bsn()}
    body.update(overrides)
    return body
