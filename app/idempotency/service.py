"""`Idempotency-Key` on POST (DESIGN §10): same key + same body replays the first response; same key +
other body is 422; a duplicate while the first is still running is 409.

The key is claimed in its own short transaction before the request runs, so a concurrent duplicate sees
the claim at once; the response is stored when the request is done. A claim whose request died without
an answer is taken over after `ABANDONED_AFTER`.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.db import unit_of_work
from app.errors import IdempotencyInProgress, IdempotencyMismatch
from app.idempotency import repository as repo
from app.idempotency.models import IdempotencyRecord

ABANDONED_AFTER = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class StoredResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def claim(
    factory: sessionmaker[Session], partner_id: uuid.UUID, sleutel: str, request_hash: str, now: dt.datetime
) -> uuid.UUID | StoredResponse:
    """Claim the key (returns the record id) or answer with the stored response of an earlier request."""
    try:
        with unit_of_work(factory) as session:
            record = IdempotencyRecord(
                partner_id=partner_id, sleutel=sleutel, request_hash=request_hash, aangemaakt_op=now
            )
            repo.add(session, record)
            return record.id
    except IntegrityError:
        pass
    with unit_of_work(factory) as session:
        existing = repo.get(session, partner_id, sleutel)
        if existing is None:  # released in between: the caller may simply retry
            raise IdempotencyInProgress("Probeer het opnieuw")
        if existing.request_hash != request_hash:
            raise IdempotencyMismatch("Deze Idempotency-Key is al gebruikt voor een ander verzoek")
        if existing.status_code is None:
            if now - existing.aangemaakt_op < ABANDONED_AFTER:
                raise IdempotencyInProgress("Het eerste verzoek met deze Idempotency-Key loopt nog")
            existing.aangemaakt_op = now
            return existing.id
        return StoredResponse(
            existing.status_code, json.loads(existing.response_headers or "[]"), existing.response_body or b""
        )


def complete(factory: sessionmaker[Session], record_id: uuid.UUID, response: StoredResponse) -> None:
    with unit_of_work(factory) as session:
        record = session.get(IdempotencyRecord, record_id)
        if record is not None:
            record.status_code = response.status
            record.response_headers = json.dumps(response.headers)
            record.response_body = response.body


def release(factory: sessionmaker[Session], record_id: uuid.UUID) -> None:
    with unit_of_work(factory) as session:
        repo.remove(session, record_id)
