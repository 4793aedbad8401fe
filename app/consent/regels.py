"""The rule table of DESIGN §7.2, as data. Reviewed like law: one row per line of the table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from app.consent.categorieen import Categorie, Grondslag
from app.rollen import Rol


class Relatie(StrEnum):
    """How the recipient must stand to the object for a row to apply."""

    VERANTWOORDELIJKE_GEMEENTE_AANGESLOTEN = "verantwoordelijke_gemeente_aangesloten"


@dataclass(frozen=True)
class Regel:
    rol: Rol
    relatie: Relatie
    categorieen: frozenset[Categorie]
    grondslag: Grondslag
    vanaf: dt.date | None = None


REGELS: tuple[Regel, ...] = (
    Regel(
        Rol.GEMEENTE,
        Relatie.VERANTWOORDELIJKE_GEMEENTE_AANGESLOTEN,
        frozenset({Categorie.DETENTIE, Categorie.CASEMANAGER}),
        Grondslag.WJSG_51C,
        vanaf=dt.date(2019, 1, 1),
    ),
)
