"""Recording disclosures, and proving afterwards that the record is whole."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from app.consent.beslissing import Besluit
from app.consent.categorieen import Categorie
from app.schemas.common import format_utc
from app.verwerkingen import repository as repo
from app.verwerkingen.models import Verwerking


@dataclass(frozen=True)
class Lezer:
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


def bereken_hash(v: Verwerking) -> str:
    canonical = json.dumps(_inhoud(v), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


WACHTRIJ = "verwerkingen_wachtrij"


def registreer(
    session: Session,
    lezer: Lezer,
    *,
    object_soort: str,
    object_id: uuid.UUID,
    bsn_pseudoniem: str,
    besluit: Besluit,
    getoond: dict[str, str] | set[Categorie],
    kanaal: str,
    moment: dt.datetime,
) -> Verwerking | None:
    """Log one disclosure in the caller's transaction. Nothing is logged for the bronhouder reading its
    own data, nor when no category was shown. `getoond`: the categories actually in the response.

    The row joins the chain when the transaction commits (see `_keten_bij_commit`): chaining takes the
    chain head's lock, and holding it from the first disclosure of a request to its commit made
    concurrent readers (a feed page with expand=data logs one row per event) wait for each other."""
    categorieen = {Categorie(c) for c in getoond}
    toekenningen = {c: t for c, t in besluit.toekenningen.items() if c in categorieen}
    if besluit.eigen_bron or not toekenningen:
        return None
    verwerking = Verwerking(
        id=uuid.uuid4(),
        tijd=moment,
        partner_id=lezer.partner_id,
        partner_naam=lezer.partner_naam,
        rol=lezer.rol,
        client_id=lezer.client_id,
        kanaal=kanaal,
        object_soort=object_soort,
        object_id=object_id,
        bsn_pseudoniem=bsn_pseudoniem,
        categorieen={
            c.value: {"grondslag": t.grondslag.value, "doel": t.doel.value}
            | ({"beperking": t.beperking.value} if t.beperking else {})
            for c, t in sorted(toekenningen.items())
        },
        trace_id=structlog.contextvars.get_contextvars().get("trace_id"),
    )
    session.info.setdefault(WACHTRIJ, []).append(verwerking)
    return verwerking


@event.listens_for(Session, "before_commit")
def _keten_bij_commit(session: Session) -> None:
    """Chain the transaction's queued disclosures: lock the head, number and hash them, write them. Runs
    inside the committing transaction, so the rows commit (or fail) with the change that disclosed."""
    wachtrij: list[Verwerking] = session.info.pop(WACHTRIJ, [])
    if not wachtrij:
        return
    kop = repo.keten_kop(session)
    for verwerking in wachtrij:
        verwerking.volgnummer = kop.laatste_volgnummer + 1
        verwerking.vorige_hash = kop.laatste_hash
        verwerking.hash = bereken_hash(verwerking)
        kop.laatste_volgnummer, kop.laatste_hash = verwerking.volgnummer, verwerking.hash
    repo.add_all(session, wachtrij)


@event.listens_for(Session, "after_transaction_end")
def _vergeet_wachtrij(session: Session, transaction: SessionTransaction) -> None:
    """A transaction that ends without commit (rollback, close) disclosed nothing: drop its queue."""
    if transaction.parent is None:
        session.info.pop(WACHTRIJ, None)


@dataclass(frozen=True)
class Controle:
    rijen: int
    fouten: list[str]

    @property
    def intact(self) -> bool:
        return not self.fouten


def verifieer(session: Session) -> Controle:
    """Walk the chain: every row's hash must match its content, link to the row before, and the numbers
    must run 1..N without gaps up to the recorded head. Detects altered, removed and reordered rows."""
    fouten: list[str] = []
    vorige, verwacht, n = repo.GENESIS, 1, 0
    for v in repo.alle(session):
        n += 1
        if v.volgnummer != verwacht:
            fouten.append(f"volgnummer {verwacht} ontbreekt (volgende is {v.volgnummer})")
        if v.vorige_hash != vorige:
            fouten.append(f"rij {v.volgnummer}: sluit niet aan op de vorige rij")
        if bereken_hash(v) != v.hash:
            fouten.append(f"rij {v.volgnummer}: inhoud gewijzigd (hash klopt niet)")
        vorige, verwacht = v.hash, v.volgnummer + 1
    kop = repo.keten_kop_lezen(session)
    laatste = kop.laatste_volgnummer if kop else 0
    if laatste != verwacht - 1 or (kop is not None and kop.laatste_hash != vorige):
        fouten.append(f"de keten eindigt bij {verwacht - 1}, de kop verwacht {laatste}: rijen verwijderd")
    return Controle(n, fouten)
