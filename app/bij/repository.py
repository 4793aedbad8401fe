"""All SQL about BIJ-meldingen, their recorded recipients and the mandates they are routed by."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnExpressionArgument, ScalarSelect, exists, or_, select
from sqlalchemy.orm import Session

from app.bij.models import BijMelding, BijOntvanger
from app.db import json_rows
from app.partners.models import BijMandaat, Partner
from app.rollen import Rol


def add(session: Session, melding: BijMelding) -> None:
    session.add(melding)
    session.flush()


def get(session: Session, melding_id: uuid.UUID) -> BijMelding | None:
    return session.get(BijMelding, melding_id)


@dataclass(frozen=True)
class VastgelegdeOntvanger:
    partner_id: uuid.UUID
    rol: str
    actief: bool


def ontvangers_van_detentie(session: Session, detentie_id: uuid.UUID) -> list[VastgelegdeOntvanger]:
    """Every partner recorded as recipient of a BIJ-melding about the detentie (each once)."""
    rows = session.execute(
        select(BijOntvanger.partner_id, BijOntvanger.rol, Partner.actief)
        .join(BijMelding, BijMelding.id == BijOntvanger.melding_id)
        .join(Partner, Partner.id == BijOntvanger.partner_id)
        .where(BijMelding.detentie_id == detentie_id)
        .distinct()
        .order_by(BijOntvanger.partner_id)
    )
    return [VastgelegdeOntvanger(pid, rol, actief) for pid, rol, actief in rows]


def ontvangers_en_soorten(session: Session, detentie_id: uuid.UUID) -> list[tuple[uuid.UUID | None, str]]:
    """Per BIJ-melding about the detentie, its soort with each recorded recipient (None: no recipient)."""
    rows = session.execute(
        select(BijOntvanger.partner_id, BijMelding.soort)
        .outerjoin(BijOntvanger, BijOntvanger.melding_id == BijMelding.id)
        .where(BijMelding.detentie_id == detentie_id)
        .distinct()
    )
    return [(pid, soort) for pid, soort in rows]


def partner_namen(session: Session, partner_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    rows = session.execute(select(Partner.id, Partner.naam).where(Partner.id.in_(list(partner_ids))))
    return {pid: naam for pid, naam in rows}  # noqa: C416 (a Row is not accepted by dict())


def mandaathouder(session: Session, gemeentecode: str) -> Partner | None:
    """The bij_gemandateerde holding the mandate for the gemeente, if any (active or not)."""
    return session.scalar(
        select(Partner)
        .join(BijMandaat, BijMandaat.partner_id == Partner.id)
        .where(BijMandaat.gemeentecode == gemeentecode, Partner.rol == Rol.BIJ_GEMANDATEERDE)
    )


def is_geregistreerde_gemeentecode(session: Session, gemeentecode: str) -> bool:
    """Does the service know the code itself: a gemeente partner or a BIJ mandate for it?"""
    return bool(
        session.scalar(
            select(
                or_(
                    exists().where(Partner.gemeentecode == gemeentecode),
                    exists().where(BijMandaat.gemeentecode == gemeentecode),
                )
            )
        )
    )


def mandaat(session: Session, gemeentecode: str) -> BijMandaat | None:
    return session.scalar(select(BijMandaat).where(BijMandaat.gemeentecode == gemeentecode).with_for_update())


def mandaten(session: Session) -> Sequence[tuple[BijMandaat, Partner]]:
    rows = session.execute(
        select(BijMandaat, Partner)
        .join(Partner, Partner.id == BijMandaat.partner_id)
        .order_by(BijMandaat.gemeentecode)
    )
    return [(m, p) for m, p in rows]


def add_mandaat(session: Session, mandaat: BijMandaat) -> None:
    session.add(mandaat)
    session.flush()


def delete_mandaat(session: Session, mandaat: BijMandaat) -> None:
    session.delete(mandaat)
    session.flush()


def ontvangers_en_soorten_json(detentie_id: ColumnExpressionArgument[uuid.UUID]) -> ScalarSelect[Any]:
    """`ontvangers_en_soorten` as one JSON value of (partner_id, soort) rows (see app.detenties.feiten)."""
    return (
        select(json_rows(BijOntvanger.partner_id, BijMelding.soort))
        .select_from(BijMelding)
        .outerjoin(BijOntvanger, BijOntvanger.melding_id == BijMelding.id)
        .where(BijMelding.detentie_id == detentie_id)
        .scalar_subquery()
    )
