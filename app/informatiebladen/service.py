"""Reading informatiebladen: the gemeente's versions, each filtered by the policy at the moment of reading."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from app.consent.categorieen import Categorie
from app.detenties import repository as detenties
from app.detenties.facts import gather_policy_facts
from app.errors import NotFound
from app.informatiebladen import repository as repo
from app.informatiebladen.models import Informatieblad
from app.informatiebladen.representation import informatieblad_out
from app.intakes import repository as intakes
from app.intakes.representation import visible_part
from app.read_context import ReadContext
from app.schemas.informatiebladen import InformatiebladOut


def versies(session: Session, reading: ReadContext, detentie_id: uuid.UUID) -> Sequence[Informatieblad]:
    """The versions for the reading gemeente (for the bronhouder: for every gemeente). The list holds no
    personal data, so nothing is logged; 404 unless the reader may see the detentie."""
    detentie = detenties.get(session, detentie_id)
    if detentie is None:
        raise NotFound("Detentie niet gevonden")
    decision = reading.decide(gather_policy_facts(session, detentie))
    if not decision.zichtbaar:
        raise NotFound("Detentie niet gevonden")
    code = reading.principal.gemeentecode
    if decision.eigen_bron:
        return repo.van_detentie(session, detentie.id)
    return repo.van_gemeente(session, detentie.id, code) if code else []


def show(session: Session, reading: ReadContext, blad_id: uuid.UUID) -> InformatiebladOut:
    """Decide, filter and log. The version's categories, narrowed to what the policy permits now: a
    withdrawal takes effect on the next read, for old versions too. 404 when nothing may be shown.

    Unlike `versies`, this returns the representation rather than the informatieblad: the grondslagen
    logged as disclosed are taken from the verstrekking block of this very representation, so the log
    records exactly what the reader was shown."""
    blad = repo.get(session, blad_id)
    detentie = detenties.get(session, blad.detentie_id) if blad else None
    if blad is None or detentie is None:
        raise NotFound("Informatieblad niet gevonden")
    decision = reading.decide(gather_policy_facts(session, detentie))
    if not decision.eigen_bron and reading.principal.gemeentecode != blad.gemeentecode:
        raise NotFound("Informatieblad niet gevonden")
    intake = intakes.get(session, blad.intake_id)
    deel = visible_part(intake, decision, reading.moment, binnen={Categorie(c) for c in blad.categorieen})
    if intake is None or deel is None:
        raise NotFound("Informatieblad niet gevonden")
    out = informatieblad_out(blad, detentie, intake, deel)
    reading.record(
        session,
        decision,
        deel.verstrekking.grondslagen if deel.verstrekking else None,
        object_soort="informatieblad",
        object_id=blad.id,
        bsn_pseudoniem=detentie.bsn_pseudoniem,
    )
    return out


def as_data(session: Session, reading: ReadContext, blad_id: uuid.UUID) -> dict[str, Any]:
    """For `expand=data` (feed, webhook): the same decision, representation and log as a GET."""
    return show(session, reading, blad_id).model_dump(mode="json", by_alias=True, exclude_unset=True)
