"""What the disclosure policy needs to know about a detentie's BIJ-meldingen (for reading the detentie)."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from app.bij import repository as repo
from app.consent.beslissing import BIJ_SOORT_RISICO_18B


def ontvangers(session: Session, detentie_id: uuid.UUID) -> frozenset[uuid.UUID]:
    """Partners recorded as recipients of a BIJ-melding about the detentie: they may read its identity and
    end date (they are told of its end, DESIGN §6)."""
    return frozenset(o.partner_id for o in repo.ontvangers_van_detentie(session, detentie_id))


def soort(session: Session, detentie_id: uuid.UUID) -> str | None:
    """`risico_18b` when every BIJ-melding about the detentie is an art. 18b Pbw notice (their recipients
    read it on grondslag PBW_18B); otherwise None: a regular BIJ-melding exists (BIJ_REGELING)."""
    soorten = repo.soorten_van_detentie(session, detentie_id)
    return BIJ_SOORT_RISICO_18B if soorten == {BIJ_SOORT_RISICO_18B} else None
