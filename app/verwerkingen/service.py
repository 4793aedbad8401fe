"""Recording disclosures, and proving afterwards that the record is whole."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy.orm import Session, sessionmaker

from app.consent.categorieen import Categorie
from app.consent.decision import Decision
from app.db import insert_at_commit, signal_after_commit, unit_of_work
from app.timestamps import format_utc
from app.verwerkingen import repository as repo
from app.verwerkingen.models import Verwerking


@dataclass(frozen=True)
class Reader:
    """Who received the data: partner, role and the client (or channel) that fetched it."""

    partner_id: uuid.UUID
    partner_naam: str
    rol: str
    client_id: str


def _inhoud(v: Verwerking) -> dict[str, Any]:
    """The fields the hash covers, in a canonical form that does not depend on the database backend."""
    return {
        "volgnummer": v.volgnummer,
        "id": str(v.id),
        "tijd": format_utc(v.tijd),
        "partner_id": str(v.partner_id),
        "partner_naam": v.partner_naam,
        "rol": v.rol,
        "client_id": v.client_id,
        "kanaal": v.kanaal,
        "object_soort": v.object_soort,
        "object_id": str(v.object_id),
        "bsn_pseudoniem": v.bsn_pseudoniem,
        "categorieen": v.categorieen,
        "trace_id": v.trace_id,
        "vorige_hash": v.vorige_hash,
    }


def compute_hash(v: Verwerking) -> str:
    canonical = json.dumps(_inhoud(v), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


LOG_TOPIC = "verwerkingen"  # after commit: rows were written that await sealing


def record(
    session: Session,
    lezer: Reader,
    *,
    object_soort: str,
    object_id: uuid.UUID,
    bsn_pseudoniem: str,
    decision: Decision,
    getoond: dict[str, str] | set[Categorie],
    kanaal: str,
    moment: dt.datetime,
) -> uuid.UUID | None:
    """Log one disclosure with the caller's transaction. Nothing is logged for the bronhouder reading its
    own data, nor when no category was shown. `getoond`: the categories actually in the response.

    The row is written when the transaction commits (for a read on SQLite: right after, before the
    response leaves; app.db.Database.end_read), and joins the hash chain after that (`seal`): chaining
    locks the chain head, which no request should wait for."""
    categorieen = {Categorie(c) for c in getoond}
    grants = {c: t for c, t in decision.grants.items() if c in categorieen}
    if decision.eigen_bron or not grants:
        return None
    row_id = uuid.uuid4()
    insert_at_commit(
        session,
        Verwerking.__table__,  # type: ignore[arg-type]
        {
            "id": row_id,
            "tijd": moment,
            "partner_id": lezer.partner_id,
            "partner_naam": lezer.partner_naam,
            "rol": lezer.rol,
            "client_id": lezer.client_id,
            "kanaal": kanaal,
            "object_soort": object_soort,
            "object_id": object_id,
            "bsn_pseudoniem": bsn_pseudoniem,
            "categorieen": {
                c.value: {"grondslag": t.grondslag.value, "doel": t.doel.value}
                | ({"beperking": t.beperking.value} if t.beperking else {})
                for c, t in sorted(grants.items())
            },
            "trace_id": structlog.contextvars.get_contextvars().get("trace_id"),
            "volgnummer": None,
            "vorige_hash": None,
            "hash": None,
        },
    )
    signal_after_commit(session, LOG_TOPIC, None)
    return row_id


SEAL_BATCH = 1000


def seal(session: Session, batch: int = SEAL_BATCH) -> int:
    """Give unsealed rows their place in the chain, oldest first: number them after the head, hash each
    over its content and the previous hash, move the head. Returns how many rows were sealed.

    The head is locked until the caller commits, so concurrent sealers (other processes) take turns and
    the chain stays linear; each sees the rows the previous one sealed."""
    kop = repo.chain_head(session)
    rows = repo.unsealed(session, batch)
    for verwerking in rows:
        verwerking.volgnummer = kop.laatste_volgnummer + 1
        verwerking.vorige_hash = kop.laatste_hash
        verwerking.hash = compute_hash(verwerking)
        kop.laatste_volgnummer, kop.laatste_hash = verwerking.volgnummer, verwerking.hash
    session.flush()
    return len(rows)


def seal_all(factory: sessionmaker[Session], batch: int = SEAL_BATCH) -> int:
    """Seal until nothing is left, one short transaction per batch."""
    total = 0
    while True:
        with unit_of_work(factory) as session:
            n = seal(session, batch)
        total += n
        if n < batch:
            return total


@dataclass(frozen=True)
class ChainCheck:
    rijen: int
    fouten: list[str]
    # Rows written but not yet in the chain (the sealer runs within seconds; verify-log seals first).
    onverzegeld: int = 0

    @property
    def intact(self) -> bool:
        return not self.fouten


def verify_chain(session: Session) -> ChainCheck:
    """Walk the chain: every row's hash must match its content, link to the row before, and the numbers
    must run 1..N without gaps up to the recorded head. Detects altered, removed and reordered rows.
    Unsealed rows are counted (`onverzegeld`) and must carry no chain fields yet.

    The head is read first and share-locked: sealers wait meanwhile, so the rows walked are the chain
    the head describes."""
    kop = repo.read_chain_head(session, lock=True)
    fouten: list[str] = []
    vorige, verwacht, n = repo.GENESIS, 1, 0
    for v in repo.sealed_in_order(session):
        n += 1
        if v.volgnummer != verwacht:
            fouten.append(f"volgnummer {verwacht} ontbreekt (volgende is {v.volgnummer})")
        if v.vorige_hash != vorige:
            fouten.append(f"rij {v.volgnummer}: sluit niet aan op de vorige rij")
        if compute_hash(v) != v.hash:
            fouten.append(f"rij {v.volgnummer}: inhoud gewijzigd (hash klopt niet)")
        vorige, verwacht = v.hash or "", (v.volgnummer or 0) + 1
    latest = kop.laatste_volgnummer if kop else 0
    if latest != verwacht - 1 or (kop is not None and kop.laatste_hash != vorige):
        fouten.append(f"de keten eindigt bij {verwacht - 1}, de kop verwacht {latest}: rijen verwijderd")
    onverzegeld = repo.count_unsealed(session)
    if repo.unsealed_with_chain_fields(session):
        fouten.append("onverzegelde rijen met ketenvelden: de log is buiten de sealer om gewijzigd")
    return ChainCheck(n + onverzegeld, fouten, onverzegeld)
