"""Demo partners (README walkthrough). Client id = partner name, secret = `<client id>-secret`.

Only seeded by `ketenmeldingen serve --demo` / `seed-demo`, never in a non-demo configuration.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import structlog
from sqlalchemy.orm import Session

from app.partners import repository as partners
from app.partners import service
from app.rollen import ReclasseringOrganisatie, Rol
from app.schemas.partners import PartnerCreate

log = structlog.get_logger()


@dataclass(frozen=True)
class DemoPartner:
    naam: str
    rol: Rol
    gemeentecode: str | None = None
    aangesloten: bool = False
    organisatie: ReclasseringOrganisatie | None = None
    inrichtingen: tuple[str, ...] = ()
    bij_gemeentecodes: tuple[str, ...] = field(default_factory=tuple)


DEMO_PARTNERS = (
    DemoPartner("demo-dji", Rol.DJI, inrichtingen=("PI-ZAANSTAD", "PI-LEEUWARDEN", "PI-VUGHT")),
    DemoPartner("demo-gemeente-amsterdam", Rol.GEMEENTE, "0363", aangesloten=True),
    DemoPartner("demo-gemeente-rotterdam", Rol.GEMEENTE, "0599", aangesloten=True),
    DemoPartner("demo-gemeente-leeuwarden", Rol.GEMEENTE, "0080", aangesloten=True),
    DemoPartner("demo-gemeente-utrecht", Rol.GEMEENTE, "0344", aangesloten=False),
    DemoPartner("demo-reclassering-rn", Rol.RECLASSERING, organisatie=ReclasseringOrganisatie.RN),
    DemoPartner("demo-bij-amsterdam", Rol.BIJ_GEMANDATEERDE, bij_gemeentecodes=("0363",)),
    DemoPartner("demo-bij-zvh-fryslan", Rol.BIJ_GEMANDATEERDE, bij_gemeentecodes=("0080", "1900")),
    DemoPartner("demo-politie", Rol.POLITIE),
    DemoPartner("demo-beheer", Rol.BEHEER),
    DemoPartner("demo-privacy", Rol.PRIVACY),
)


def seed_demo_partners(session: Session, now: dt.datetime) -> int:
    """Create the demo partners and their clients; existing ones are left alone. Returns how many were new."""
    created = 0
    for demo in DEMO_PARTNERS:
        if partners.get_by_naam(session, demo.naam):
            continue
        partner = service.create_partner(
            session,
            PartnerCreate.model_validate(
                {
                    "naam": demo.naam,
                    "rol": demo.rol,
                    "gemeentecode": demo.gemeentecode,
                    "aangesloten": demo.aangesloten,
                    "organisatie": demo.organisatie,
                    "inrichtingen": list(demo.inrichtingen),
                    "bijGemeentecodes": list(demo.bij_gemeentecodes),
                }
            ),
            now,
        )
        service.create_client(session, partner.id, now, client_id=demo.naam, secret=f"{demo.naam}-secret")
        created += 1
    log.info("demo_partners_seeded", created=created)
    return created


# --- A BIJ-melding (issue 4): registered in Amsterdam, on leave in Leeuwarden --------------------------
DEMO_BIJ_BRON_ID = "DEMO-BIJ-0001"
DEMO_BIJ_DJI = "demo-dji"


def demo_bsn() -> str:
    """A generated elfproef-valid BSN in the range RvIG reserves for test persons (999xxxxxx): the first
    valid one from 999990000. Never a real person's number."""
    from stdnum.nl import bsn

    return next(str(n) for n in range(999_990_000, 1_000_000_000) if bsn.is_valid(str(n)))


def seed_demo_bij_melding(
    session: Session, now: dt.datetime, pseudoniem_sleutel: str, sb_datum: dt.date
) -> bool:
    """A detentie of a person registered in Amsterdam (0363) with a BIJ-melding for leave at an address in
    Leeuwarden (0080): demo-gemeente-amsterdam gets the detentie, demo-bij-zvh-fryslan and demo-politie the
    BIJ-melding. Idempotent on the demo bronId. Returns whether it was created."""
    from app.auth.principal import Principal
    from app.bij import service as bij
    from app.detenties import repository as detenties
    from app.detenties import service as detentie_service
    from app.schemas.bij import BijMeldingCreate
    from app.schemas.detenties import DetentieCreate

    dji = partners.get_by_naam(session, DEMO_BIJ_DJI, with_codes=True)
    if dji is None or detenties.by_bron(session, dji.id, DEMO_BIJ_BRON_ID) is not None:
        return False
    principal = Principal(
        partner_id=dji.id, client_id=dji.naam, naam=dji.naam, rol=Rol.DJI, inrichtingen=dji.inrichting_codes
    )
    detentie, _ = detentie_service.begin(
        session,
        principal,
        DetentieCreate.model_validate(
            {
                "bronId": DEMO_BIJ_BRON_ID,
                "persoon": {
                    "bsn": demo_bsn(),
                    "geslachtsnaam": "Voorbeeld",
                    "voornamen": "Demo",
                    "geboortedatum": "1985-03-14",
                },
                "inrichting": "PI-LEEUWARDEN",
                "titel": "vrijheidsstraf",
                "instroom": "arrestant",
                "begindatum": (now - dt.timedelta(days=120)).isoformat(),
                "verwachteEinddatum": (now + dt.timedelta(days=90)).date().isoformat(),
                "gemeenteVanInschrijving": "0363",
            }
        ),
        now,
        pseudoniem_sleutel,
    )
    verlof = (now + dt.timedelta(days=7)).replace(hour=9, minute=0, second=0, microsecond=0)
    bij.create_melding(
        session,
        principal,
        BijMeldingCreate.model_validate(
            {
                "detentieId": str(detentie.id),
                "soort": "verlof",
                "delict": {"categorie": "geweld", "omschrijving": "Zware mishandeling (art. 302 Sr)"},
                "verblijfadres": {
                    "straat": "Demostraat",
                    "huisnummer": "1",
                    "postcode": "8911 AA",
                    "woonplaats": "Leeuwarden",
                    "gemeentecode": "0080",
                },
                "periode": {
                    "van": verlof.isoformat(),
                    "tot": (verlof + dt.timedelta(days=2)).isoformat(),
                },
                "voorwaarden": [
                    {"soort": "contactverbod", "omschrijving": "Geen contact met het slachtoffer"},
                    {"soort": "locatieverbod", "omschrijving": "Niet in de wijk van het slachtoffer"},
                ],
            }
        ),
        now,
        sb_datum,
    )
    log.info("demo_bij_melding_seeded")
    return True


# --- A screening (issue 3): intake, partial consent and an RN opdracht -----------------------------------
DEMO_SCREENING_BRON_ID = "DEMO-SCREENING-0001"


def demo_bsn_screening() -> str:
    """A generated elfproef-valid test BSN (999xxxxxx), another than the BIJ demo person's."""
    from stdnum.nl import bsn

    geldig = (str(n) for n in range(999_990_000, 1_000_000_000) if bsn.is_valid(str(n)))
    next(geldig)
    return next(geldig)


def seed_demo_screening(
    session: Session, now: dt.datetime, pseudoniem_sleutel: str, sb_datum: dt.date
) -> bool:
    """A detentie in PI-ZAANSTAD of a person registered in Amsterdam (0363), with an intake, consent for
    onderdak, schulden and sociaal_netwerk (gemeente and reclassering), and an RN toezicht opdracht:
    demo-gemeente-amsterdam gets an informatieblad, demo-reclassering-rn can fetch the basisvoorwaarden.
    Idempotent on the demo bronId. Returns whether it was created."""
    from app.auth.principal import Principal
    from app.detenties import repository as detenties
    from app.detenties import service as detentie_service
    from app.intakes import service as intakes
    from app.reclassering import service as reclassering
    from app.schemas.detenties import DetentieCreate
    from app.schemas.intakes import IntakeCreate
    from app.schemas.reclassering import OpdrachtCreate
    from app.schemas.toestemmingen import ToestemmingCreate
    from app.toestemmingen import service as toestemmingen

    dji = partners.get_by_naam(session, "demo-dji", with_codes=True)
    if dji is None or detenties.by_bron(session, dji.id, DEMO_SCREENING_BRON_ID) is not None:
        return False
    principal = Principal(
        partner_id=dji.id, client_id=dji.naam, naam=dji.naam, rol=Rol.DJI, inrichtingen=dji.inrichting_codes
    )
    begin = now - dt.timedelta(days=20)
    detentie, _ = detentie_service.begin(
        session,
        principal,
        DetentieCreate.model_validate(
            {
                "bronId": DEMO_SCREENING_BRON_ID,
                "persoon": {
                    "bsn": demo_bsn_screening(),
                    "geslachtsnaam": "Proefpersoon",
                    "voornamen": "Demi",
                    "geboortedatum": "1992-08-30",
                },
                "inrichting": "PI-ZAANSTAD",
                "titel": "vrijheidsstraf",
                "instroom": "zelfmelder",
                "begindatum": begin.isoformat(),
                "verwachteEinddatum": (now + dt.timedelta(days=60)).date().isoformat(),
                "gemeenteVanInschrijving": "0363",
            }
        ),
        now,
        pseudoniem_sleutel,
    )
    intakes.record(
        session, principal, detentie.id, IntakeCreate.model_validate(_demo_intake(begin)), now, sb_datum
    )
    toestemmingen.record_statement(
        session,
        principal,
        detentie.id,
        ToestemmingCreate.model_validate(
            {
                "verklaardOp": (begin + dt.timedelta(days=5)).isoformat(),
                "categorieen": ["onderdak", "schulden", "sociaal_netwerk"],
                "ontvangers": ["gemeente", "reclassering"],
            }
        ),
        now,
        sb_datum,
    )
    opdracht = {
        "organisatie": "RN",
        "soort": "toezicht",
        "van": (now - dt.timedelta(days=1)).date().isoformat(),
    }
    reclassering.create_opdracht(
        session, principal, detentie.id, OpdrachtCreate.model_validate(opdracht), now, sb_datum
    )
    log.info("demo_screening_seeded")
    return True


def _demo_intake(begin: dt.datetime) -> dict[str, object]:
    return {
        "afgenomenOp": (begin + dt.timedelta(days=6)).isoformat(),
        "identiteitsbewijs": {"status": "op_orde", "hulpvraag": False, "aanwezig": True, "soort": "id_kaart"},
        "onderdak": {
            "status": "niet_op_orde",
            "hulpvraag": True,
            "woonsituatie": "dak_thuisloos",
            "briefadresNodig": True,
            "woningzoekende": True,
        },
        "werkInkomen": {"status": "niet_op_orde", "hulpvraag": True, "inkomstenbron": "geen"},
        "schulden": {
            "status": "niet_op_orde",
            "hulpvraag": True,
            "schuldenBekend": True,
            "cjibVorderingen": True,
        },
        "zorg": {
            "status": "op_orde",
            "hulpvraag": False,
            "zorgverzekeringOpgeschort": True,
            "lopendeZorg": False,
        },
        "zorgToelichting": "Demo: geen bijzonderheden.",
        "sociaalNetwerk": {"hulpvraag": True},
        "kinderenMantelzorg": {"minderjarigeKinderen": True, "mantelzorger": False, "hulpvraag": False},
        "casemanager": {
            "naam": "C. Casemanager",
            "telefoon": "075 123 4567",
            "email": "casemanager@pi-zaanstad.example",
        },
    }
