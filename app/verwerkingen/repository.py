"""All SQL of the verwerkingenlog."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.verwerkingen.models import Verwerking, VerwerkingenKeten

KETEN_ID = 1
GENESIS = "0" * 64


def keten_kop(session: Session) -> VerwerkingenKeten:
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


def keten_kop_lezen(session: Session) -> VerwerkingenKeten | None:
    return session.get(VerwerkingenKeten, KETEN_ID)


def add_all(session: Session, verwerkingen: Sequence[Verwerking]) -> None:
    session.add_all(verwerkingen)
    session.flush()


def alle(session: Session, batch: int = 1000) -> Iterator[Verwerking]:
    """Every row in chain order, read in batches."""
    na = 0
    while True:
        rows = session.scalars(
            select(Verwerking).where(Verwerking.volgnummer > na).order_by(Verwerking.volgnummer).limit(batch)
        ).all()
        yield from rows
        if len(rows) < batch:
            return
        na = rows[-1].volgnummer


def van_persoon(session: Session, bsn_pseudoniem: str) -> Sequence[Verwerking]:
    return session.scalars(
        select(Verwerking).where(Verwerking.bsn_pseudoniem == bsn_pseudoniem).order_by(Verwerking.volgnummer)
    ).all()
