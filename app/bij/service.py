"""BIJ-meldingen: made by DJI for a detentie in one of its own inrichtingen, routed by the gemeente of the
verblijfadres, read only by the recipients recorded when it was made (DESIGN §5, §6, §7.2)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import structlog
from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.bij import repository as repo
from app.bij.gemeenten import CBS_GEMEENTECODES
from app.bij.models import BijMelding, BijOntvanger
from app.bij.representation import bij_melding_out
from app.bij.routing import bij_routing
from app.consent.categorieen import Grondslag
from app.consent.decision import Decision, PolicyFacts, start_of
from app.consent.relations import dji_acts_for
from app.consent.routing import EventType
from app.detenties import repository as detenties
from app.detenties.models import Detentie
from app.errors import FieldError, NotFound, ValidationFailed
from app.events import outbox
from app.read_context import ReadContext
from app.schemas.bij import BijMeldingCreate, BijMeldingOut, BijSoort

log = structlog.get_logger()


class GrondslagOntbreekt(ValidationFailed):
    """The melding would be a disclosure without a legal basis (e.g. art. 18b Pbw before it applied)."""

    slug, title = "grondslag-ontbreekt", "Voor deze melding bestaat (nog) geen grondslag"

    def __init__(self, grondslag: Grondslag, errors: list[FieldError], detail: str) -> None:
        super().__init__(errors, detail)
        self.extra = {"grondslag": grondslag.value}


def dataref(melding_id: uuid.UUID) -> str:
    return f"/bij-meldingen/{melding_id}"


def known_gemeentecode(session: Session, gemeentecode: str) -> bool:
    """A current CBS gemeentecode, or one the service registered itself (a gemeente partner or a BIJ
    mandate): after a herindeling, operators can route to the new gemeente before the list is updated."""
    return gemeentecode in CBS_GEMEENTECODES or repo.is_registered_gemeentecode(session, gemeentecode)


def _check(session: Session, principal: Principal, data: BijMeldingCreate) -> Detentie:
    """Every input error at once. A detentie that does not exist and one outside the caller's own
    inrichtingen get the same answer: no probing for detentie ids."""
    errors = []
    detentie = detenties.get(session, data.detentie_id)
    if detentie is None or not dji_acts_for(principal.inrichtingen, detentie.inrichting):
        errors.append(FieldError("detentieId", "geen detentie in een eigen inrichting", "onbekend"))
    if not known_gemeentecode(session, data.verblijfadres.gemeentecode):
        errors.append(FieldError("verblijfadres.gemeentecode", "onbekende gemeentecode", "onbekend"))
    if errors or detentie is None:
        raise ValidationFailed(errors)
    return detentie


def _check_grondslag(data: BijMeldingCreate, now: dt.datetime, sb_datum: dt.date) -> None:
    """Art. 18b Pbw (Wet straffen en beschermen) applies from the S&B date: a risk notice about a moment
    before it, or made before it, has no grondslag."""
    if data.soort is not BijSoort.RISICO_18B:
        return
    ingang = start_of(sb_datum)
    if data.periode.van >= ingang and now >= ingang:
        return
    naam = "periode.van" if data.periode.van < ingang else "soort"
    reden = f"grondslag {Grondslag.PBW_18B.value} (art. 18b Pbw) geldt pas vanaf {sb_datum.isoformat()}"
    raise GrondslagOntbreekt(
        Grondslag.PBW_18B,
        [FieldError(naam, reden, "grondslag_ontbreekt")],
        f"Een melding van soort risico_18b vóór {sb_datum.isoformat()} mist de grondslag "
        f"{Grondslag.PBW_18B.value} (art. 18b Pbw)",
    )


def create_melding(
    session: Session, principal: Principal, data: BijMeldingCreate, now: dt.datetime, sb_datum: dt.date
) -> BijMelding:
    """Record the melding, its recipients as routed now, and the bij.gemeld event — one transaction."""
    detentie = _check(session, principal, data)
    _check_grondslag(data, now, sb_datum)
    adres = data.verblijfadres
    routering, kandidaten = bij_routing(session, adres.gemeentecode, now)
    melding = BijMelding(
        id=uuid.uuid4(),
        detentie_id=detentie.id,
        partner_id=principal.partner_id,
        bsn_pseudoniem=detentie.bsn_pseudoniem,
        soort=data.soort.value,
        delict_categorie=data.delict.categorie.value,
        delict_omschrijving=data.delict.omschrijving,
        straat=adres.straat,
        huisnummer=adres.huisnummer,
        postcode=adres.postcode,
        woonplaats=adres.woonplaats,
        gemeentecode=adres.gemeentecode,
        periode_van=data.periode.van,
        periode_tot=data.periode.tot,
        voorwaarden=[v.model_dump(mode="json", exclude_none=True) for v in data.voorwaarden],
        onbestelbaar=[{"rol": o.rol, "sleutel": o.sleutel, "reden": o.reden} for o in routering.onbestelbaar],
        aangemaakt_op=now,
        ontvangers=[
            BijOntvanger(partner_id=k.partner_id, rol=k.rol.value)
            for k in kandidaten
            if k.partner_id in routering.ontvangers
        ],
    )
    repo.add(session, melding)
    outbox.publish(
        session,
        EventType.BIJ_GEMELD,
        detentie.id,
        dataref(melding.id),
        melding.ontvanger_ids,
        now,
        {"bijMeldingId": str(melding.id)},
        routering.onbestelbaar,
    )
    log.info(
        "bij_melding_vastgelegd",
        bij_melding_id=str(melding.id),
        soort=melding.soort,
        ontvangers=len(melding.ontvangers),
        onbestelbaar=len(routering.onbestelbaar),
    )
    return melding


def feiten(melding: BijMelding, detentie: Detentie) -> PolicyFacts:
    """The melding's policy facts: its recorded recipients and soort; its DJI side is the detentie's
    (the partner acting for its current inrichting, and the one that posted the melding)."""
    return PolicyFacts(
        bron_partner_id=melding.partner_id,
        inrichting=detentie.inrichting,
        bij_ontvangers=melding.ontvanger_ids,
        bij_soort=melding.soort,
    )


def read(
    session: Session, reading: ReadContext, melding_id: uuid.UUID
) -> tuple[BijMelding, Detentie, Decision]:
    """The melding and what the reader may see of it; 404 for anyone who is not a recorded recipient."""
    melding = repo.get(session, melding_id)
    detentie = detenties.get(session, melding.detentie_id) if melding is not None else None
    if melding is None or detentie is None:
        raise NotFound("BIJ-melding niet gevonden")
    decision = reading.decide(feiten(melding, detentie))
    if not decision.zichtbaar:
        raise NotFound("BIJ-melding niet gevonden")
    return melding, detentie, decision


def show(session: Session, reading: ReadContext, melding_id: uuid.UUID) -> BijMeldingOut:
    """Read, filter and log: the one way a BIJ-melding leaves the service (GET, feed expand, webhook).

    Unlike the services that change data, this returns the representation rather than the melding: the
    grondslagen logged as disclosed are taken from the verstrekking block of this very representation, so
    the log records exactly what the reader was shown."""
    melding, detentie, decision = read(session, reading, melding_id)
    namen = repo.partner_names(session, melding.ontvanger_ids) if decision.eigen_bron else {}
    out = bij_melding_out(melding, detentie, decision, reading.moment, namen)
    grondslagen = out.verstrekking.grondslagen if out.verstrekking else None
    reading.record(
        session,
        decision,
        grondslagen,
        object_soort="bij_melding",
        object_id=melding.id,
        bsn_pseudoniem=melding.bsn_pseudoniem,
    )
    return out


def as_data(session: Session, reading: ReadContext, melding_id: uuid.UUID) -> dict[str, Any]:
    """The melding for `expand=data` (feed, webhook): the same decision, representation and log as a GET."""
    return show(session, reading, melding_id).model_dump(mode="json", by_alias=True, exclude_unset=True)
