"""Detenties: begin, read, correct, transfer, end — each change with its events in the same transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any

from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.consent.decision import Decision, PolicyFacts
from app.consent.routing import EventType, Routing
from app.detenties import changes, facts
from app.detenties import repository as repo
from app.detenties.acting import detentie_to_act_on
from app.detenties.facts import DetentieFacts
from app.detenties.models import Detentie, Overplaatsing
from app.detenties.representation import detentie_out
from app.detenties.routing import route_detentie
from app.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from app.events import outbox
from app.partners import repository as partners
from app.pseudonym import bsn_pseudoniem
from app.read_context import ReadContext
from app.schemas.detenties import DetentieCreate, DetentieOut, DetentiePatch, EindeCreate, OverplaatsingCreate


def dataref(detentie_id: uuid.UUID) -> str:
    return f"/detenties/{detentie_id}"


def _bron_hash(data: DetentieCreate) -> str:
    canonical = json.dumps(data.model_dump(mode="json", by_alias=True), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _check_inrichting(session: Session, principal: Principal, code: str, field: str) -> None:
    """Unknown inrichting: 400. Known, but another DJI partner's: 403."""
    if code in principal.inrichtingen:
        return
    if partners.inrichting_owner(session, code) is None:
        raise ValidationFailed([FieldError(field, "onbekende inrichting", "onbekend")])
    raise Forbidden(f"Deze client spreekt niet voor inrichting {code}")


def begin(
    session: Session, principal: Principal, data: DetentieCreate, now: dt.datetime, pseudoniem_sleutel: str
) -> tuple[Detentie, bool]:
    """Begin detentie; idempotent on (partner, bronId). Returns the detentie and whether it was created."""
    _check_inrichting(session, principal, data.inrichting, "inrichting")
    fingerprint = _bron_hash(data)
    detentie = _new_detentie(principal, data, fingerprint, now, pseudoniem_sleutel)
    if repo.insert_if_new(session, detentie):
        # A new detentie has no facts yet (no opdracht, consent or BIJ-melding): no query for them.
        _publish(session, detentie, EventType.DETENTIE_GESTART, now, DetentieFacts())
        return detentie, True
    # The same bronId was posted before (or concurrently): compare with what was stored.
    bestaand = repo.by_bron(session, principal.partner_id, data.bron_id)
    if bestaand is None:
        raise Conflict("Er bestaat al een detentie met dit bronId", bronId=data.bron_id)
    if bestaand.bron_hash != fingerprint:
        raise Conflict("Er bestaat al een detentie met dit bronId en andere gegevens", bronId=data.bron_id)
    return bestaand, False


def _new_detentie(
    principal: Principal, data: DetentieCreate, fingerprint: str, now: dt.datetime, sleutel: str
) -> Detentie:
    p = data.persoon
    return Detentie(
        id=uuid.uuid4(),
        partner_id=principal.partner_id,
        bron_id=data.bron_id,
        bron_hash=fingerprint,
        bsn=p.bsn,
        bsn_pseudoniem=bsn_pseudoniem(p.bsn, sleutel),
        geslachtsnaam=p.geslachtsnaam,
        voorvoegsel=p.voorvoegsel,
        voornamen=p.voornamen,
        geboortedatum=p.geboortedatum,
        inrichting=data.inrichting,
        titel=data.titel.value,
        instroom=data.instroom.value,
        begindatum=data.begindatum,
        verwachte_einddatum=data.verwachte_einddatum,
        gemeente_van_inschrijving=data.gemeente_van_inschrijving,
        gemeente_van_hervestiging=data.gemeente_van_hervestiging,
        aangemaakt_op=now,
        gewijzigd_op=now,
    )


def read(
    session: Session, reading: ReadContext, detentie_id: uuid.UUID
) -> tuple[facts.DetentieRead, Decision]:
    """The detentie and what the reader may see of it; 404 when the reader may see nothing."""
    gelezen = facts.read(session, detentie_id)
    if gelezen is None:
        raise NotFound("Detentie niet gevonden")
    decision = reading.decide(gelezen.feiten)
    if not decision.zichtbaar:
        raise NotFound("Detentie niet gevonden")
    return gelezen, decision


def show(session: Session, reading: ReadContext, detentie_id: uuid.UUID) -> DetentieOut:
    """Read, filter and log: the one way a detentie leaves the service (GET, feed expand, webhook).

    Unlike the services that change data, this returns the representation rather than the detentie: the
    grondslagen logged as disclosed are taken from the verstrekking block of this very representation, so
    the log records exactly what the reader was shown."""
    gelezen, decision = read(session, reading, detentie_id)
    detentie = gelezen.detentie
    out = detentie_out(gelezen, decision, reading.moment)
    grondslagen = out.verstrekking.grondslagen if out.verstrekking else None
    reading.record(
        session,
        decision,
        grondslagen,
        object_soort="detentie",
        object_id=detentie.id,
        bsn_pseudoniem=detentie.bsn_pseudoniem,
    )
    return out


def _check_running(detentie: Detentie) -> None:
    if detentie.einddatum is not None:
        raise Conflict("De detentie is beëindigd")


def correct(
    session: Session,
    principal: Principal,
    detentie_id: uuid.UUID,
    patch: DetentiePatch,
    now: dt.datetime,
    sb_datum: dt.date,
) -> Detentie:
    detentie = detentie_to_act_on(session, principal, detentie_id)
    gegeven = facts.gather(session, detentie)
    voor = facts.policy_facts(detentie, gegeven)
    _check_running(detentie)
    fields = patch.model_fields_set
    if "inrichting" in fields and patch.inrichting:
        _check_inrichting(session, principal, patch.inrichting, "inrichting")
        detentie.inrichting = patch.inrichting
    if "titel" in fields and patch.titel:
        detentie.titel = patch.titel.value
    if "instroom" in fields and patch.instroom:
        detentie.instroom = patch.instroom.value
    if patch.persoon is not None:
        for name in patch.persoon.model_fields_set:
            value = getattr(patch.persoon, name)
            if value is None and name != "voorvoegsel":
                raise ValidationFailed([FieldError(f"persoon.{name}", "mag niet leeg worden gemaakt")])
            setattr(detentie, name, value)
    verwachting_gewijzigd = (
        "verwachte_einddatum" in fields and patch.verwachte_einddatum != detentie.verwachte_einddatum
    )
    if verwachting_gewijzigd:
        if patch.verwachte_einddatum and patch.verwachte_einddatum < detentie.begindatum.date():
            raise ValidationFailed([FieldError("verwachteEinddatum", "ligt voor de begindatum")])
        detentie.verwachte_einddatum = patch.verwachte_einddatum
    oud = route_detentie(session, EventType.DETENTIE_INGETROKKEN, detentie, gegeven, now)
    if "gemeente_van_inschrijving" in fields:
        detentie.gemeente_van_inschrijving = patch.gemeente_van_inschrijving
    if "gemeente_van_hervestiging" in fields:
        detentie.gemeente_van_hervestiging = patch.gemeente_van_hervestiging
    detentie.gewijzigd_op = now
    session.flush()
    _reroute(session, detentie, oud, gegeven, now)
    _informatiebladen_after_gemeente_change(session, detentie, voor, now, sb_datum)
    if verwachting_gewijzigd:
        _publish(session, detentie, EventType.DETENTIE_EINDDATUM_VERWACHT, now, gegeven)
    return detentie


def _informatiebladen_after_gemeente_change(
    session: Session, detentie: Detentie, voor: PolicyFacts, now: dt.datetime, sb_datum: dt.date
) -> None:
    """A gemeente that became responsible (correction, gemeenteNaOntslag) gets the informatieblad of an
    existing screening at once, not only at the next intake or consent change."""
    if detentie.verantwoordelijke_gemeenten != voor.verantwoordelijke_gemeenten:
        changes.changed(session, detentie, now, sb_datum, changes.Aanleiding.GEMEENTE, voor)


def _reroute(
    session: Session, detentie: Detentie, oud: Routing, gegeven: DetentieFacts, now: dt.datetime
) -> None:
    """A changed gemeente: the old one is told the melding is withdrawn (routed on the facts from before
    the change), the new one that it started (on the facts after it)."""
    nieuw = route_detentie(session, EventType.DETENTIE_GESTART, detentie, gegeven, now)
    ref, data = dataref(detentie.id), {"detentieId": str(detentie.id)}
    weg, erbij = oud.ontvangers - nieuw.ontvangers, nieuw.ontvangers - oud.ontvangers
    if weg:
        outbox.publish(session, EventType.DETENTIE_INGETROKKEN, detentie.id, ref, weg, now, data)
    oude_sleutels = {o.sleutel for o in oud.onbestelbaar}
    nieuw_onbestelbaar = [o for o in nieuw.onbestelbaar if o.sleutel not in oude_sleutels]
    if erbij or nieuw_onbestelbaar:
        outbox.publish(
            session, EventType.DETENTIE_GESTART, detentie.id, ref, erbij, now, data, nieuw_onbestelbaar
        )


def _publish(
    session: Session, detentie: Detentie, type_: EventType, now: dt.datetime, gegeven: DetentieFacts
) -> None:
    """Tell everyone DESIGN §6 names for `type_` (app.consent.routing), in this transaction."""
    routering = route_detentie(session, type_, detentie, gegeven, now)
    outbox.publish(
        session,
        type_,
        detentie.id,
        dataref(detentie.id),
        routering.ontvangers,
        now,
        {"detentieId": str(detentie.id)},
        routering.onbestelbaar,
    )


def transfer(
    session: Session,
    principal: Principal,
    detentie_id: uuid.UUID,
    data: OverplaatsingCreate,
    now: dt.datetime,
) -> tuple[Detentie, Overplaatsing]:
    detentie = detentie_to_act_on(session, principal, detentie_id)
    _check_running(detentie)
    if partners.inrichting_owner(session, data.naar_inrichting) is None:
        raise ValidationFailed([FieldError("naarInrichting", "onbekende inrichting", "onbekend")])
    if data.naar_inrichting == detentie.inrichting:
        raise Conflict("De detentie is al in deze inrichting")
    if data.datum < detentie.begindatum:
        raise ValidationFailed([FieldError("datum", "ligt voor de begindatum")])
    overplaatsing = Overplaatsing(
        detentie_id=detentie.id,
        van_inrichting=detentie.inrichting,
        naar_inrichting=data.naar_inrichting,
        datum=data.datum,
        aangemaakt_op=now,
    )
    repo.add_overplaatsing(session, overplaatsing)
    detentie.inrichting = data.naar_inrichting
    detentie.gewijzigd_op = now
    session.flush()
    _publish(session, detentie, EventType.DETENTIE_OVERGEPLAATST, now, facts.gather(session, detentie))
    return detentie, overplaatsing


def end(
    session: Session,
    principal: Principal,
    detentie_id: uuid.UUID,
    data: EindeCreate,
    now: dt.datetime,
    sb_datum: dt.date,
) -> tuple[Detentie, bool]:
    """End the detentie. Repeating the same einde is harmless (False); a different one is a 409."""
    detentie = detentie_to_act_on(session, principal, detentie_id)
    if detentie.einddatum is not None:
        same = (
            detentie.einddatum == data.einddatum
            and detentie.einde_reden == data.reden.value
            and detentie.gemeente_na_ontslag == data.gemeente_na_ontslag
        )
        if not same:
            raise Conflict("De detentie is al beëindigd met andere gegevens")
        return detentie, False
    if data.einddatum < detentie.begindatum:
        raise ValidationFailed([FieldError("einddatum", "ligt voor de begindatum")])
    gegeven = facts.gather(session, detentie)
    voor = facts.policy_facts(detentie, gegeven)
    detentie.einddatum = data.einddatum
    detentie.einde_reden = data.reden.value
    detentie.gemeente_na_ontslag = data.gemeente_na_ontslag
    detentie.gewijzigd_op = now
    session.flush()
    _publish(session, detentie, EventType.DETENTIE_BEEINDIGD, now, gegeven)
    _informatiebladen_after_gemeente_change(session, detentie, voor, now, sb_datum)
    return detentie, True


def as_data(session: Session, reading: ReadContext, detentie_id: uuid.UUID) -> dict[str, Any]:
    """The detentie for `expand=data` (feed, webhook): the same decision, representation and log as a GET."""
    return show(session, reading, detentie_id).model_dump(mode="json", by_alias=True, exclude_unset=True)
