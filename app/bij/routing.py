"""DESIGN §6: a BIJ-melding goes to the bij_gemandateerde holding the mandate for the gemeente of the
verblijfadres (not of the BRP registration) and to every politie partner — and to no one else."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.bij import repository as repo
from app.events.outbox import Onbestelbaar
from app.partners import repository as partners
from app.partners.models import Partner
from app.rollen import Rol


@dataclass
class BijRoutering:
    ontvangers: list[Partner] = field(default_factory=list)
    onbestelbaar: list[Onbestelbaar] = field(default_factory=list)


def bij_routering(session: Session, gemeentecode: str) -> BijRoutering:
    result = BijRoutering()
    houder = repo.mandaathouder(session, gemeentecode)
    gemandateerde = Rol.BIJ_GEMANDATEERDE.value
    if houder is None:
        result.onbestelbaar.append(
            Onbestelbaar(gemandateerde, gemeentecode, "geen BIJ-gemandateerde met mandaat voor deze gemeente")
        )
    elif not houder.actief:
        result.onbestelbaar.append(Onbestelbaar(gemandateerde, gemeentecode, "BIJ-gemandateerde niet actief"))
    else:
        result.ontvangers.append(houder)
    politie = list(partners.by_rol(session, Rol.POLITIE))
    if not politie:
        result.onbestelbaar.append(Onbestelbaar(Rol.POLITIE.value, None, "geen actieve politiepartner"))
    result.ontvangers.extend(politie)
    return result
