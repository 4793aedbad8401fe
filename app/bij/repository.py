"""All SQL about BIJ-meldingen, their recorded recipients and the mandates they are routed by."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
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


def partner_names(session: Session, partner_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    rows = session.execute(select(Partner.id, Partner.naam).where(Partner.id.in_(list(partner_ids))))
    return {pid: naam for pid, naam in rows}  # noqa: C416 (a Row is not accepted by dict())


def mandaathouder(session: Session, gemeentecode: str) -> Partner | None:
    """The bij_gemandateerde holding the mandate for the gemeente, if any (active or not)."""
    return session.scalar(
        select(Partner)
        .join(BijMandaat, BijMandaat.partner_id == Partner.id)
        .where(BijMandaat.gemeentecode == gemeentecode, Partner.rol == Rol.BIJ_GEMANDATEERDE)
    )


def is_registered_gemeentecode(session: Session, gemeentecode: str) -> bool:
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


def ontvangers_json(detentie_id: ColumnExpressionArgument[uuid.UUID]) -> ScalarSelect[Any]:
    """Per BIJ-melding about the detentie, each recorded recipient (partner_id, rol, whether the partner is
    still active) with the melding's soort, as one JSON value (see app.bij.facts). A melding without
    recipients gives a row with partner_id null."""
    return (
        select(json_rows(BijOntvanger.partner_id, BijOntvanger.rol, Partner.actief, BijMelding.soort))
        .select_from(BijMelding)
        .outerjoin(BijOntvanger, BijOntvanger.melding_id == BijMelding.id)
        .outerjoin(Partner, Partner.id == BijOntvanger.partner_id)
        .where(BijMelding.detentie_id == detentie_id)
        .scalar_subquery()
    )
