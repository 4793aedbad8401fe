"""All SQL about partners, their inrichtingen, mandates and clients."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session, selectinload

from app.partners.models import BijMandaat, Client, Partner, PartnerInrichting
from app.rollen import Rol

_WITH_CODES = (selectinload(Partner.inrichtingen), selectinload(Partner.bij_mandaten))


def get(session: Session, partner_id: uuid.UUID, *, with_codes: bool = False) -> Partner | None:
    """`with_codes`: also load its inrichtingen and BIJ-mandates (`inrichting_codes`, `bij_gemeentecodes`)."""
    return session.get(Partner, partner_id, options=_WITH_CODES if with_codes else ())


def get_by_naam(session: Session, naam: str, *, with_codes: bool = False) -> Partner | None:
    stmt = select(Partner).where(Partner.naam == naam)
    return session.scalar(stmt.options(*_WITH_CODES) if with_codes else stmt)


def list_all(session: Session) -> Sequence[Partner]:
    return session.scalars(select(Partner).options(*_WITH_CODES).order_by(Partner.naam)).all()


def add(session: Session, partner: Partner) -> Partner:
    session.add(partner)
    session.flush()
    return partner


def inrichting_owner(session: Session, code: str) -> uuid.UUID | None:
    return session.scalar(select(PartnerInrichting.partner_id).where(PartnerInrichting.code == code))


def existing_inrichtingen(session: Session, codes: Iterable[str]) -> dict[str, uuid.UUID]:
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


def existing_gemeentecodes(session: Session, codes: Iterable[str]) -> set[str]:
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


def reserve_sequences(session: Session, partner_id: uuid.UUID, count: int) -> int:
    """Take the partner's next `count` feed sequences; returns the first. Row-locks the partner's counter
    until the transaction ends: call it only as the transaction's last work (app.events.outbox)."""
    result = session.execute(
        update(Partner)
        .where(Partner.id == partner_id)
        .values(laatste_sequence=Partner.laatste_sequence + count)
        .returning(Partner.laatste_sequence)
    )
    return int(result.scalar_one()) - count + 1


@dataclass(frozen=True)
class Caller:
    """A client with everything about its partner that authentication needs, read in one statement."""

    client_id: str
    client_partner_id: uuid.UUID
    secret_hash: str
    ingetrokken: bool
    partner_id: uuid.UUID
    naam: str
    rol: str
    actief: bool
    oin: str | None
    gemeentecode: str | None
    aangesloten: bool
    organisatie: str | None
    inrichtingen: frozenset[str]
    bij_gemeentecodes: frozenset[str]


def _codes(value: str | None) -> frozenset[str]:
    return frozenset(value.split(",")) if value else frozenset()


# Built once: this statement runs on every authenticated request.
_CALLER = (
    select(
        Client.client_id,
        Client.partner_id,
        Client.secret_hash,
        Client.ingetrokken_op,
        Partner.id,
        Partner.naam,
        Partner.rol,
        Partner.actief,
        Partner.oin,
        Partner.gemeentecode,
        Partner.aangesloten,
        Partner.organisatie,
        select(func.aggregate_strings(PartnerInrichting.code, ","))
        .where(PartnerInrichting.partner_id == Partner.id)
        .scalar_subquery(),
        select(func.aggregate_strings(BijMandaat.gemeentecode, ","))
        .where(BijMandaat.partner_id == Partner.id)
        .scalar_subquery(),
    )
    .join(Partner, Partner.id == Client.partner_id)
    .where(Client.client_id == bindparam("client_id"))
)


def caller(session: Session, client_id: str) -> Caller | None:
    """The client `client_id` and its partner (inrichtingen and BIJ-mandates included), or None."""
    row = session.execute(_CALLER, {"client_id": client_id}).one_or_none()
    if row is None:
        return None
    return Caller(
        client_id=row[0],
        client_partner_id=row[1],
        secret_hash=row[2],
        ingetrokken=row[3] is not None,
        partner_id=row[4],
        naam=row[5],
        rol=row[6],
        actief=row[7],
        oin=row[8],
        gemeentecode=row[9],
        aangesloten=row[10],
        organisatie=row[11],
        inrichtingen=_codes(row[12]),
        bij_gemeentecodes=_codes(row[13]),
    )


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
