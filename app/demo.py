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
