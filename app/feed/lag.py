"""How far each partner's feed reader is behind (beheer's partner view): the partner's newest sequence
beside the read progress the feed records (app.feed.progress).

This is a query, not a representation: it returns domain data (app.partners.feed_lag.FeedLag), which
app.partners.representation shapes. It lives in app.feed because the progress is the feed's, and
app.partners, below app.feed, must not read it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from app.feed import repository as repo
from app.feed.models import FeedVoortgang
from app.partners.feed_lag import FeedLag
from app.partners.models import Partner


def _lag(partner: Partner, voortgang: FeedVoortgang | None) -> FeedLag:
    return FeedLag(
        laatste_sequence=partner.laatste_sequence,
        gelezen_tot=voortgang.gelezen_tot if voortgang else 0,
        gelezen_op=voortgang.gelezen_op if voortgang else None,
    )


def partner_lags(session: Session, partners: Sequence[Partner]) -> dict[uuid.UUID, FeedLag]:
    """Per partner its feed lag, in one query."""
    voortgang = repo.voortgang(session, [p.id for p in partners])
    return {p.id: _lag(p, voortgang.get(p.id)) for p in partners}


def partner_lag(session: Session, partner: Partner) -> FeedLag:
    return partner_lags(session, [partner])[partner.id]
