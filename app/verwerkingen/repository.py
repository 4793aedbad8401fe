"""All SQL of the verwerkingenlog."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.verwerkingen.models import Verwerking, VerwerkingenKeten

KETEN_ID = 1
GENESIS = "0" * 64


def keten_kop(session: Session) -> VerwerkingenKeten:
    """The chain head, locked until the transaction ends (created on first use)."""
    kop = session.scalar(select(VerwerkingenKeten).where(VerwerkingenKeten.id == KETEN_ID).with_for_update())
    if kop is None:
        kop = VerwerkingenKeten(id=KETEN_ID, laatste_volgnummer=0, laatste_hash=GENESIS)
        session.add(kop)
        session.flush()
    return kop


def keten_kop_lezen(session: Session) -> VerwerkingenKeten | None:
    return session.get(VerwerkingenKeten, KETEN_ID)


def add(session: Session, verwerking: Verwerking) -> None:
    session.add(verwerking)
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
