"""The notification feed: a partner's own events after a sequence, with optional long polling."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from app.auth.principal import Principal
from app.clock import Clock
from app.config import Settings
from app.db import unit_of_work
from app.events import repository as events
from app.events.cloudevents import to_cloudevent
from app.feed import repository as repo
from app.feed.expand import expandeer
from app.feed.signaal import FeedSignaal
from app.lezing import Lezing


@dataclass(frozen=True)
class FeedPagina:
    notificaties: list[dict[str, Any]]
    laatste_sequence: int


def lees_eenmaal(
    factory: sessionmaker[Session],
    principal: Principal,
    na: int,
    limit: int,
    expand: bool,
    settings: Settings,
    clock: Clock,
    markeer: bool = True,
) -> FeedPagina:
    """One read of the feed. `markeer`: record `na` as read (once per request, not on every re-check of a
    long poll). Without it and without `expand` (a disclosure, which is logged) the read writes nothing."""
    with unit_of_work(factory, readonly=not (markeer or expand)) as session:
        now = clock.now()
        rows = events.feed(session, principal.partner_id, na, limit)
        notificaties = []
        lezing = Lezing(principal=principal, moment=now, sb_datum=settings.sb_datum, kanaal="feed")
        for event in rows:
            data = expandeer(session, lezing, event.dataref) if expand else None
            notificaties.append(to_cloudevent(event, settings, data))
        if markeer:
            repo.markeer_gelezen(session, principal.partner_id, na, now)
        return FeedPagina(notificaties, rows[-1].sequence if rows else na)


async def lees(
    factory: sessionmaker[Session],
    signaal: FeedSignaal,
    principal: Principal,
    na: int,
    limit: int,
    wacht: int,
    expand: bool,
    settings: Settings,
    clock: Clock,
) -> FeedPagina:
    """Events with sequence > na. With wacht > 0, wait up to that many seconds for the first one."""
    deadline = time.monotonic() + wacht
    markeer = True
    while True:
        # Taken before the read: a commit signalled while the read runs is not lost (see FeedSignaal).
        versie = signaal.versie(principal.partner_id)
        pagina = await run_in_threadpool(
            lees_eenmaal, factory, principal, na, limit, expand, settings, clock, markeer
        )
        markeer = False
        remaining = deadline - time.monotonic()
        if pagina.notificaties or remaining <= 0:
            return pagina
        await signaal.wacht(principal.partner_id, remaining, sinds=versie)
