"""All SQL about partners, their inrichtingen, mandates and clients."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.partners.models import BijMandaat, Client, Partner, PartnerInrichting
from app.rollen import Rol


def get(session: Session, partner_id: uuid.UUID) -> Partner | None:
    return session.get(Partner, partner_id)


def get_by_naam(session: Session, naam: str) -> Partner | None:
    return session.scalar(select(Partner).where(Partner.naam == naam))


def list_all(session: Session) -> Sequence[Partner]:
    return session.scalars(select(Partner).order_by(Partner.naam)).all()


def add(session: Session, partner: Partner) -> Partner:
    session.add(partner)
    session.flush()
    return partner


def inrichting_eigenaar(session: Session, code: str) -> uuid.UUID | None:
    return session.scalar(select(PartnerInrichting.partner_id).where(PartnerInrichting.code == code))


def bestaande_inrichtingen(session: Session, codes: Iterable[str]) -> dict[str, uuid.UUID]:
    rows = session.execute(
        select(PartnerInrichting.code, PartnerInrichting.partner_id).where(
            PartnerInrichting.code.in_(list(codes))
        )
    )
    return {code: pid for code, pid in rows}  # noqa: C416 (a Row is not accepted by dict())


def gemeenten(session: Session, codes: Iterable[str]) -> dict[str, Partner]:
    codes = list(codes)
    if not codes:
        return {}
    rows = session.scalars(
        select(Partner).where(Partner.rol == Rol.GEMEENTE, Partner.gemeentecode.in_(codes), Partner.actief)
    )
    return {p.gemeentecode: p for p in rows if p.gemeentecode}


def bestaande_gemeentecodes(session: Session, codes: Iterable[str]) -> set[str]:
    rows = session.scalars(select(Partner.gemeentecode).where(Partner.gemeentecode.in_(list(codes))))
    return {c for c in rows if c}


def mandaten(session: Session, codes: Iterable[str]) -> dict[str, uuid.UUID]:
    rows = session.execute(
        select(BijMandaat.gemeentecode, BijMandaat.partner_id).where(BijMandaat.gemeentecode.in_(list(codes)))
    )
    return {code: pid for code, pid in rows}  # noqa: C416 (a Row is not accepted by dict())


def by_rol(session: Session, rol: Rol) -> Sequence[Partner]:
    return session.scalars(
        select(Partner).where(Partner.rol == rol, Partner.actief).order_by(Partner.id)
    ).all()


def next_sequence(session: Session, partner_id: uuid.UUID) -> int:
    """Hand out the partner's next feed sequence. Row-locks the partner until the transaction ends."""
    result = session.execute(
        update(Partner)
        .where(Partner.id == partner_id)
        .values(laatste_sequence=Partner.laatste_sequence + 1)
        .returning(Partner.laatste_sequence)
    )
    return int(result.scalar_one())


def client_by_client_id(session: Session, client_id: str) -> Client | None:
    return session.scalar(select(Client).where(Client.client_id == client_id))


def clients_of(session: Session, partner_id: uuid.UUID) -> Sequence[Client]:
    return session.scalars(
        select(Client).where(Client.partner_id == partner_id).order_by(Client.aangemaakt_op)
    ).all()


def add_client(session: Session, client: Client) -> Client:
    session.add(client)
    session.flush()
    return client
