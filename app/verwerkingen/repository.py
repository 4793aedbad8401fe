"""All SQL of the verwerkingenlog."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.verwerkingen.models import Verwerking, VerwerkingenKeten

KETEN_ID = 1
GENESIS = "0" * 64


def chain_head(session: Session) -> VerwerkingenKeten:
    """The chain head, locked until the transaction ends (created on first use).

    Concurrent first writers may all find no head: one insert wins, the others' inserts fail on the
    primary key (in a savepoint) and they then lock the winner's row."""
    stmt = select(VerwerkingenKeten).where(VerwerkingenKeten.id == KETEN_ID).with_for_update()
    kop = session.scalar(stmt)
    if kop is None:
        try:
            with session.begin_nested():
                session.add(VerwerkingenKeten(id=KETEN_ID, laatste_volgnummer=0, laatste_hash=GENESIS))
        except IntegrityError:
            pass
        kop = session.scalars(stmt).one()
    return kop


def read_chain_head(session: Session, *, lock: bool = False) -> VerwerkingenKeten | None:
    """The chain head; `lock` share-locks it (sealers wait) until the transaction ends."""
    stmt = select(VerwerkingenKeten).where(VerwerkingenKeten.id == KETEN_ID)
    if lock:
        stmt = stmt.with_for_update(read=True)
    return session.scalar(stmt)


def unsealed(session: Session, limit: int) -> Sequence[Verwerking]:
    """Rows not yet in the chain, oldest first."""
    return session.scalars(
        select(Verwerking)
        .where(Verwerking.volgnummer.is_(None))
        .order_by(Verwerking.write_order)
        .limit(limit)
    ).all()


def count_unsealed(session: Session) -> int:
    stmt = select(func.count()).select_from(Verwerking).where(Verwerking.volgnummer.is_(None))
    return int(session.scalar(stmt) or 0)


def unsealed_with_chain_fields(session: Session) -> bool:
    """An unsealed row that carries a hash was not written by this service."""
    stmt = select(Verwerking.id).where(
        Verwerking.volgnummer.is_(None),
        or_(Verwerking.hash.is_not(None), Verwerking.vorige_hash.is_not(None)),
    )
    return session.scalar(stmt.limit(1)) is not None


def sealed_in_order(session: Session, batch: int = 1000) -> Iterator[Verwerking]:
    """Every sealed row in chain order, read in batches."""
    na = 0
    while True:
        rows = session.scalars(
            select(Verwerking).where(Verwerking.volgnummer > na).order_by(Verwerking.volgnummer).limit(batch)
        ).all()
        yield from rows
        if len(rows) < batch:
            return
        na = rows[-1].volgnummer or 0


def of_person(session: Session, bsn_pseudoniem: str) -> Sequence[Verwerking]:
    return session.scalars(
        select(Verwerking).where(Verwerking.bsn_pseudoniem == bsn_pseudoniem).order_by(Verwerking.volgnummer)
    ).all()
