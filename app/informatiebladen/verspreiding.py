"""After the screening, the consent or an opdracht changed: tell each recipient what changed for it.

- A responsible, aangesloten gemeente gets a new informatieblad version when there is a new intake or when
  the set of screening categories it may see changed; `informatieblad.verstrekt` when it may see at least
  one of them, `informatieblad.ingetrokken` when a consent change took consent-based categories away.
- A reclassering organisation with an active opdracht gets `basisvoorwaarden.gewijzigd` when there is
  something new for it to see, and `informatieblad.ingetrokken` when a consent change took consent-based
  categories away.

What a recipient may see is asked of the disclosure policy (app/consent); events are thin (no personal data).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from app.consent.beslissing import Feiten, Ontvanger, beslis
from app.consent.categorieen import Categorie, Grondslag
from app.detenties.feiten import verzamel
from app.detenties.models import Detentie
from app.events import outbox
from app.events.routing import gemeenten_routering
from app.events.types import EventType
from app.informatiebladen import repository as repo
from app.informatiebladen.models import Informatieblad
from app.intakes import repository as intakes
from app.intakes.models import Intake
from app.intakes.representatie import aanwezig
from app.partners import repository as partners
from app.partners.models import Partner
from app.rollen import Rol

TOESTEMMING_GRONDSLAGEN = frozenset({Grondslag.AVG_TOESTEMMING, Grondslag.AVG_TOESTEMMING_ART9})
Zicht = dict[Categorie, Grondslag]


class Aanleiding(StrEnum):
    INTAKE = "intake"
    TOESTEMMING = "toestemming"
    OPDRACHT = "opdracht"
    GEMEENTE = "gemeente"  # another gemeente became responsible (correction, gemeenteNaOntslag)


def basisvoorwaarden_ref(detentie_id: uuid.UUID) -> str:
    return f"/detenties/{detentie_id}/basisvoorwaarden"


def informatieblad_ref(blad_id: uuid.UUID) -> str:
    return f"/informatiebladen/{blad_id}"


@dataclass(frozen=True)
class _Bericht:
    partner_id: uuid.UUID
    type: EventType
    dataref: str
    data: dict[str, Any]


@dataclass
class _Wijziging:
    detentie: Detentie
    intake: Intake
    voor: Feiten | None  # the facts before the change; None when the screening itself is new
    na: Feiten
    moment: dt.datetime
    sb_datum: dt.date
    aanleiding: Aanleiding
    berichten: list[_Bericht] = field(default_factory=list)

    def zicht(self, ontvanger: Ontvanger, feiten: Feiten) -> Zicht:
        """The screening categories with data that `ontvanger` may see, with their grondslag."""
        besluit = beslis(ontvanger, feiten, self.moment, self.sb_datum)
        heeft = aanwezig(self.intake)
        return {c: t.grondslag for c, t in besluit.toekenningen.items() if c in heeft}

    def stuur(self, partner_id: uuid.UUID, type_: EventType, dataref: str, **data: Any) -> None:
        self.berichten.append(
            _Bericht(partner_id, type_, dataref, {"detentieId": str(self.detentie.id), **data})
        )


def _verloren(voor: Zicht, na: Zicht) -> set[Categorie]:
    """Consent-based categories the recipient could see and no longer may."""
    return {c for c, g in voor.items() if g in TOESTEMMING_GRONDSLAGEN and c not in na}


def na_wijziging(
    session: Session,
    detentie: Detentie,
    moment: dt.datetime,
    sb_datum: dt.date,
    aanleiding: Aanleiding,
    voor: Feiten | None = None,
) -> None:
    """Call in the transaction of the change, after it was flushed. `voor`: the policy facts before a
    consent or opdracht change (None for a new intake)."""
    intake = intakes.nieuwste(session, detentie.id)
    if intake is None:
        return  # no screening: nothing beyond the detentie to tell anyone
    w = _Wijziging(detentie, intake, voor, verzamel(session, detentie), moment, sb_datum, aanleiding)
    _gemeenten(session, w)
    _reclassering(session, w)
    # One partner row lock per recipient, taken in id order like every other publisher (no deadlocks).
    for b in sorted(w.berichten, key=lambda b: b.partner_id):
        outbox.publiceer(session, b.type, detentie.id, b.dataref, [b.partner_id], moment, b.data)


def _gemeenten(session: Session, w: _Wijziging) -> None:
    codes = w.detentie.verantwoordelijke_gemeenten
    for code, partner in sorted(partners.gemeenten(session, codes).items()):
        if partner.aangesloten:
            _gemeente(session, w, code, partner)
    if w.aanleiding is Aanleiding.INTAKE:
        # Not aangesloten (or unknown) gemeenten receive nothing; operators see what they missed.
        onbestelbaar = gemeenten_routering(session, codes).onbestelbaar
        if onbestelbaar:
            outbox.publiceer(
                session,
                EventType.INFORMATIEBLAD_VERSTREKT,
                w.detentie.id,
                f"/detenties/{w.detentie.id}/informatiebladen",
                (),
                w.moment,
                onbestelbaar=onbestelbaar,
            )


def _gemeente(session: Session, w: _Wijziging, code: str, partner: Partner) -> None:
    ontvanger = Ontvanger(partner.id, Rol.GEMEENTE, gemeentecode=code, aangesloten=True)
    na = w.zicht(ontvanger, w.na)
    vorige = repo.laatste(session, w.detentie.id, code)
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
    if w.aanleiding is Aanleiding.TOESTEMMING and _verloren(vorig, na):
        w.stuur(partner.id, EventType.INFORMATIEBLAD_INGETROKKEN, informatieblad_ref(blad.id), **data)
    if na:
        w.stuur(partner.id, EventType.INFORMATIEBLAD_VERSTREKT, informatieblad_ref(blad.id), **data)


def _reclassering(session: Session, w: _Wijziging) -> None:
    actief = {o.organisatie for o in w.na.opdrachten if o.actief_op(w.moment)}
    if w.voor is not None:
        actief |= {o.organisatie for o in w.voor.opdrachten if o.actief_op(w.moment)}
    if not actief:
        return
    ref = basisvoorwaarden_ref(w.detentie.id)
    for partner in partners.by_rol(session, Rol.RECLASSERING):
        if partner.organisatie not in actief:
            continue
        ontvanger = Ontvanger(partner.id, Rol.RECLASSERING, organisatie=partner.organisatie)
        na = w.zicht(ontvanger, w.na)
        voor = w.zicht(ontvanger, w.voor) if w.voor is not None else {}
        if w.voor is not None and _verloren(voor, na):
            w.stuur(partner.id, EventType.INFORMATIEBLAD_INGETROKKEN, ref)
        if na and (w.voor is None or set(na) != set(voor)):
            w.stuur(partner.id, EventType.BASISVOORWAARDEN_GEWIJZIGD, ref, intakeVersie=w.intake.versie)
