"""After the screening, the consent, an opdracht or the responsible gemeenten changed: tell each recipient
what changed for it. Registered as the handler of app.detenties.changes (app.wiring).

- A responsible, aangesloten gemeente gets a new informatieblad version when there is a new intake or when
  the set of screening categories it may see changed; `informatieblad.verstrekt` when it may see at least
  one of them, `informatieblad.ingetrokken` when a consent change took consent-based categories away.
- A reclassering organisation with an active opdracht gets `basisvoorwaarden.gewijzigd` when there is
  something new for it to see, and `informatieblad.ingetrokken` when a consent change took consent-based
  categories away.

Who may be told is the routing table's answer (app.consent.routing); what a recipient may see is the
disclosure policy's (app.consent.beslissing). Events are thin (no personal data).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.orm import Session

from app.consent.categorieen import Categorie, Grondslag
from app.consent.decision import Ontvanger, PolicyFacts, decide
from app.consent.routing import Candidate, EventType, RoutingFacts, route
from app.detenties.changes import Aanleiding
from app.detenties.facts import gather, policy_facts
from app.detenties.models import Detentie
from app.detenties.routing import routing_facts
from app.events import outbox
from app.informatiebladen import repository as repo
from app.informatiebladen.models import Informatieblad
from app.intakes import repository as intakes
from app.intakes.models import Intake
from app.intakes.representation import present_categories
from app.rollen import Rol

TOESTEMMING_GRONDSLAGEN = frozenset({Grondslag.AVG_TOESTEMMING, Grondslag.AVG_TOESTEMMING_ART9})
Zicht = dict[Categorie, Grondslag]


def basisvoorwaarden_ref(detentie_id: uuid.UUID) -> str:
    return f"/detenties/{detentie_id}/basisvoorwaarden"


def informatieblad_ref(blad_id: uuid.UUID) -> str:
    return f"/informatiebladen/{blad_id}"


@dataclass(frozen=True)
class _Message:
    partner_id: uuid.UUID
    type: EventType
    dataref: str
    data: dict[str, Any]


@dataclass
class _Change:
    detentie: Detentie
    intake: Intake
    voor: PolicyFacts | None  # the facts before the change; None when the screening itself is new
    na: PolicyFacts
    moment: dt.datetime
    sb_datum: dt.date
    aanleiding: Aanleiding
    berichten: list[_Message] = field(default_factory=list)

    def visible(self, ontvanger: Ontvanger, feiten: PolicyFacts) -> Zicht:
        """The screening categories with data that `ontvanger` may see, with their grondslag."""
        decision = decide(ontvanger, feiten, self.moment, self.sb_datum)
        heeft = present_categories(self.intake)
        return {c: t.grondslag for c, t in decision.grants.items() if c in heeft}

    def tell(self, partner_id: uuid.UUID, type_: EventType, dataref: str, **data: Any) -> None:
        self.berichten.append(
            _Message(partner_id, type_, dataref, {"detentieId": str(self.detentie.id), **data})
        )


def _lost(voor: Zicht, na: Zicht) -> set[Categorie]:
    """Consent-based categories the recipient could see and no longer may."""
    return {c for c, g in voor.items() if g in TOESTEMMING_GRONDSLAGEN and c not in na}


def after_change(
    session: Session,
    detentie: Detentie,
    moment: dt.datetime,
    sb_datum: dt.date,
    aanleiding: Aanleiding,
    voor: PolicyFacts | None = None,
) -> None:
    """The handler of app.detenties.changes: in the transaction of the change, after it was flushed.
    `voor`: the policy facts before a consent or opdracht change (None for a new intake)."""
    intake = intakes.newest(session, detentie.id)
    if intake is None:
        return  # no screening: nothing beyond the detentie to tell anyone
    gegeven = gather(session, detentie)
    w = _Change(detentie, intake, voor, policy_facts(detentie, gegeven), moment, sb_datum, aanleiding)
    # Reclassering that had an active opdracht before the change may need telling too (a withdrawal).
    opdrachten = gegeven.opdrachten + (voor.opdrachten if voor is not None else ())
    kandidaten = routing_facts(
        session, detentie.verantwoordelijke_gemeenten, replace(gegeven, opdrachten=opdrachten), moment
    )
    _gemeenten(session, w, kandidaten)
    _reclassering(w, kandidaten)
    for b in w.berichten:
        outbox.publish(session, b.type, detentie.id, b.dataref, [b.partner_id], moment, b.data)


def _gemeenten(session: Session, w: _Change, kandidaten: RoutingFacts) -> None:
    routering = route(EventType.INFORMATIEBLAD_VERSTREKT, kandidaten, w.moment)
    for code, kandidaat in sorted(kandidaten.gemeenten.items()):
        if kandidaat is not None and kandidaat.partner_id in routering.ontvangers:
            _gemeente(session, w, code, kandidaat)
    if w.aanleiding is Aanleiding.INTAKE and routering.onbestelbaar:
        # Not aangesloten (or unknown) gemeenten receive nothing; operators see what they missed.
        outbox.publish(
            session,
            EventType.INFORMATIEBLAD_VERSTREKT,
            w.detentie.id,
            f"/detenties/{w.detentie.id}/informatiebladen",
            (),
            w.moment,
            onbestelbaar=routering.onbestelbaar,
        )


def _gemeente(session: Session, w: _Change, code: str, partner: Candidate) -> None:
    ontvanger = Ontvanger(partner.partner_id, Rol.GEMEENTE, gemeentecode=code, aangesloten=True)
    na = w.visible(ontvanger, w.na)
    vorige = repo.latest(session, w.detentie.id, code)
    vorig: Zicht = {Categorie(c): Grondslag(g) for c, g in vorige.categorieen.items()} if vorige else {}
    nieuwe_intake = vorige is None or vorige.intake_id != w.intake.id
    if not na and not vorig:
        return  # it could not see anything and still cannot
    if not nieuwe_intake and set(na) == set(vorig):
        return  # nothing changed for this gemeente
    blad = Informatieblad(
        id=uuid.uuid4(),
        detentie_id=w.detentie.id,
        gemeentecode=code,
        versie=vorige.versie + 1 if vorige else 1,
        intake_id=w.intake.id,
        categorieen={c.value: g.value for c, g in sorted(na.items())},
        aanleiding=w.aanleiding.value,
        aangemaakt_op=w.moment,
    )
    repo.add(session, blad)
    data = {"informatiebladId": str(blad.id), "versie": blad.versie}
    if w.aanleiding is Aanleiding.TOESTEMMING and _lost(vorig, na):
        w.tell(partner.partner_id, EventType.INFORMATIEBLAD_INGETROKKEN, informatieblad_ref(blad.id), **data)
    if na:
        w.tell(partner.partner_id, EventType.INFORMATIEBLAD_VERSTREKT, informatieblad_ref(blad.id), **data)


def _reclassering(w: _Change, kandidaten: RoutingFacts) -> None:
    ontvangers = route(EventType.BASISVOORWAARDEN_GEWIJZIGD, kandidaten, w.moment).ontvangers
    ref = basisvoorwaarden_ref(w.detentie.id)
    for kandidaat in kandidaten.reclassering:
        if kandidaat.partner_id not in ontvangers:
            continue
        ontvanger = Ontvanger(kandidaat.partner_id, Rol.RECLASSERING, organisatie=kandidaat.organisatie)
        na = w.visible(ontvanger, w.na)
        voor = w.visible(ontvanger, w.voor) if w.voor is not None else {}
        if w.voor is not None and _lost(voor, na):
            w.tell(kandidaat.partner_id, EventType.INFORMATIEBLAD_INGETROKKEN, ref)
        if na and (w.voor is None or set(na) != set(voor)):
            w.tell(
                kandidaat.partner_id, EventType.BASISVOORWAARDEN_GEWIJZIGD, ref, intakeVersie=w.intake.versie
            )
