"""The pure decision function: (recipient, object facts, moment) -> permitted categories with grondslag."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from app.consent.categorieen import Categorie, Grondslag
from app.consent.regels import REGELS, Regel, Relatie
from app.rollen import Rol

NL = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Ontvanger:
    partner_id: uuid.UUID
    rol: Rol
    gemeentecode: str | None = None
    aangesloten: bool = False
    organisatie: str | None = None
    bij_gemeentecodes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class DetentieFeiten:
    """What the policy needs to know about a detentie; no personal data."""

    bron_partner_id: uuid.UUID
    verantwoordelijke_gemeenten: frozenset[str]


@dataclass(frozen=True)
class Besluit:
    """The categories that may be disclosed, each with its grondslag. `eigen_bron`: the reader posted the
    object itself; showing it back is no verstrekking and is not logged."""

    grondslagen: Mapping[Categorie, Grondslag] = field(default_factory=dict)
    eigen_bron: bool = False

    @property
    def zichtbaar(self) -> bool:
        return self.eigen_bron or bool(self.grondslagen)

    def mag(self, categorie: Categorie) -> bool:
        return self.eigen_bron or categorie in self.grondslagen


ALLES = Besluit(eigen_bron=True)
NIETS = Besluit()


def geldt_op(datum: dt.date, moment: dt.datetime) -> bool:
    """A law or rule taking effect on `datum` applies from 00:00 Dutch time that day."""
    return moment >= dt.datetime.combine(datum, dt.time(), tzinfo=NL)


def _relatie_geldt(relatie: Relatie, ontvanger: Ontvanger, feiten: DetentieFeiten) -> bool:
    if relatie is Relatie.VERANTWOORDELIJKE_GEMEENTE_AANGESLOTEN:
        return ontvanger.aangesloten and ontvanger.gemeentecode in feiten.verantwoordelijke_gemeenten
    return False


def _regel_geldt(regel: Regel, ontvanger: Ontvanger, feiten: DetentieFeiten, moment: dt.datetime) -> bool:
    if regel.rol is not ontvanger.rol:
        return False
    if regel.vanaf is not None and not geldt_op(regel.vanaf, moment):
        return False
    return _relatie_geldt(regel.relatie, ontvanger, feiten)


def beslis_detentie(ontvanger: Ontvanger, feiten: DetentieFeiten, moment: dt.datetime) -> Besluit:
    """Deny by default; every applicable row of the table adds its categories."""
    if ontvanger.rol is Rol.DJI and ontvanger.partner_id == feiten.bron_partner_id:
        return ALLES
    grondslagen: dict[Categorie, Grondslag] = {}
    for regel in REGELS:
        if _regel_geldt(regel, ontvanger, feiten, moment):
            for categorie in regel.categorieen:
                grondslagen.setdefault(categorie, regel.grondslag)
    return Besluit(grondslagen)
