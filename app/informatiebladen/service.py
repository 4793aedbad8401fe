"""Reading informatiebladen: the gemeente's versions, each filtered by the policy at the moment of reading."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from app.consent.categorieen import Categorie
from app.detenties import repository as detenties
from app.detenties.facts import gather_policy_facts
from app.errors import NotFound
from app.events.cloudevents import API_BASE
from app.informatiebladen import repository as repo
from app.informatiebladen.fan_out import informatieblad_ref
from app.intakes import repository as intakes
from app.intakes.representation import visible_part
from app.read_context import ReadContext
from app.schemas.informatiebladen import InformatiebladOut, InformatiebladVersie, InformatiebladVersies


def versies(session: Session, reading: ReadContext, detentie_id: uuid.UUID) -> InformatiebladVersies:
    """The versions for the reading gemeente (for the bronhouder: for every gemeente). The list holds no
    personal data; 404 unless the reader may see the detentie."""
    detentie = detenties.get(session, detentie_id)
    if detentie is None:
        raise NotFound("Detentie niet gevonden")
    decision = reading.decide(gather_policy_facts(session, detentie))
    if not decision.zichtbaar:
        raise NotFound("Detentie niet gevonden")
    code = reading.principal.gemeentecode
    if decision.eigen_bron:
        bladen = repo.van_detentie(session, detentie.id)
    else:
        bladen = repo.van_gemeente(session, detentie.id, code) if code else []
    return InformatiebladVersies(
        versies=[
            InformatiebladVersie(
                id=b.id,
                gemeentecode=b.gemeentecode,
                versie=b.versie,
                aanleiding=b.aanleiding,
                aangemaakt_op=b.aangemaakt_op,
                href=API_BASE + informatieblad_ref(b.id),
            )
            for b in bladen
        ]
    )


def show(session: Session, reading: ReadContext, blad_id: uuid.UUID) -> InformatiebladOut:
    """Decide, filter and log. The version's categories, narrowed to what the policy permits now: a
    withdrawal takes effect on the next read, for old versions too. 404 when nothing may be shown."""
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
    out = InformatiebladOut(
        id=blad.id,
        detentie_id=detentie.id,
        gemeentecode=blad.gemeentecode,
        versie=blad.versie,
        intake_versie=intake.versie,
        afgenomen_op=intake.afgenomen_op,
        aangemaakt_op=blad.aangemaakt_op,
        **deel.velden,
    )
    if deel.verstrekking is not None:
        out.verstrekking = deel.verstrekking
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
