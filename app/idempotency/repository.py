"""SQL for Idempotency-Key records."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.idempotency.models import IdempotencyRecord


def get(session: Session, partner_id: uuid.UUID, sleutel: str) -> IdempotencyRecord | None:
    return session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.partner_id == partner_id, IdempotencyRecord.sleutel == sleutel
        )
    )


def add(session: Session, record: IdempotencyRecord) -> None:
    session.add(record)
    session.flush()


def remove(session: Session, record_id: uuid.UUID) -> None:
    session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.id == record_id))


def purge_before(session: Session, moment: dt.datetime) -> int:
    result = session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.aangemaakt_op < moment))
    return int(getattr(result, "rowcount", 0) or 0)
