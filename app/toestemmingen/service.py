"""Consent statements: registered append-only; each change is told to the recipients it affects."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.consent.relations import dji_reads
from app.detenties import changes
from app.detenties import repository as detenties
from app.detenties.acting import check_moment, detentie_to_act_on
from app.detenties.facts import gather_policy_facts
from app.errors import Conflict, NotFound
from app.rollen import Rol
from app.schemas.toestemmingen import ToestemmingCreate
from app.toestemmingen import repository as repo
from app.toestemmingen.models import Toestemming


def record_statement(
    session: Session,
    principal: Principal,
    detentie_id: uuid.UUID,
    data: ToestemmingCreate,
    moment: dt.datetime,
    sb_datum: dt.date,
) -> tuple[Toestemming, bool]:
    """Register the detainee's current statement. It governs from now (its registration) on: a withdrawal
    stops every later disclosure at once. Returns the statement and whether it is new (repeating the
    current statement unchanged adds nothing)."""
    detentie = detentie_to_act_on(session, principal, detentie_id)
    check_moment(detentie, "verklaardOp", data.verklaard_op, moment)
    categorieen = sorted(c.value for c in data.categorieen)
    ontvangers = sorted(o.value for o in data.ontvangers)
    vorige = repo.latest(session, detentie.id)
    if vorige is not None:
        if data.verklaard_op < vorige.verklaard_op:
            # A late-arriving older statement must not override a newer one (e.g. undo a withdrawal).
            raise Conflict("Er is al een latere verklaring geregistreerd")
        if (vorige.verklaard_op, vorige.categorieen, vorige.ontvangers) == (
            data.verklaard_op,
            categorieen,
            ontvangers,
        ):
            return vorige, False
    voor = gather_policy_facts(session, detentie)
    # Registration times never run backwards, whatever the clock does.
    vanaf = max(moment, vorige.geregistreerd_op) if vorige else moment
    toestemming = Toestemming(
        id=uuid.uuid4(),
        detentie_id=detentie.id,
        volgnummer=vorige.volgnummer + 1 if vorige else 1,
        verklaard_op=data.verklaard_op,
        geregistreerd_op=vanaf,
        categorieen=categorieen,
        ontvangers=ontvangers,
        partner_id=principal.partner_id,
        client_id=principal.client_id,
    )
    repo.add(session, toestemming)
    changes.changed(session, detentie, vanaf, sb_datum, changes.Aanleiding.TOESTEMMING, voor=voor)
    return toestemming, True


def history(session: Session, principal: Principal, detentie_id: uuid.UUID) -> Sequence[Toestemming]:
    """The consent history: for a DJI partner that reads the detentie (DESIGN §3), and for the privacy
    officer."""
    detentie = detenties.get(session, detentie_id)
    if detentie is None or (
        principal.rol is Rol.DJI
        and not dji_reads(
            principal.partner_id, principal.inrichtingen, detentie.partner_id, detentie.inrichting
        )
    ):
        raise NotFound("Detentie niet gevonden")
    return repo.van_detentie(session, detentie.id)
