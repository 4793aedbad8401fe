"""Who is calling: the authenticated partner and client, resolved from the bearer token."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from app.consent.decision import Ontvanger
from app.rollen import Rol


@dataclass(frozen=True)
class Principal:
    partner_id: uuid.UUID
    client_id: str
    naam: str
    rol: Rol
    gemeentecode: str | None = None
    aangesloten: bool = False
    organisatie: str | None = None
    inrichtingen: frozenset[str] = frozenset()
    bij_gemeentecodes: frozenset[str] = frozenset()

    def ontvanger(self) -> Ontvanger:
        return Ontvanger(
            partner_id=self.partner_id,
            rol=self.rol,
            gemeentecode=self.gemeentecode,
            aangesloten=self.aangesloten,
            organisatie=self.organisatie,
            bij_gemeentecodes=self.bij_gemeentecodes,
            inrichtingen=self.inrichtingen,
        )
