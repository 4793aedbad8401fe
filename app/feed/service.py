"""The notification feed: a partner's own events after a sequence, with optional long polling.

A poll that finds nothing writes nothing: its read position is noted in memory (app.feed.progress). A
waiting long poll holds no thread and no connection (it awaits app.feed.wakeup). Polls of one partner
that ask the same question at the same time share one database read.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import anyio
from sqlalchemy import Row
from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.clock import Clock
from app.config import Settings
from app.db import Database, run_read
from app.events import repository as events
from app.events.cloudevents import to_cloudevent
from app.events.expand import expand_dataref
from app.feed.progress import ReadProgress
from app.feed.wakeup import FeedWakeup
from app.read_context import ReadContext


@dataclass(frozen=True)
class FeedPage:
    notificaties: list[dict[str, Any]]
    laatste_sequence: int


@dataclass(frozen=True)
class _Page:
    rows: tuple[Row[Any], ...]
    head: int  # the partner's newest committed sequence, in the same snapshot


_Key = tuple[uuid.UUID, int, int]
FEED_THREADS = 4


class FeedReader:
    def __init__(
        self,
        db: Database,
        wakeup: FeedWakeup,
        progress: ReadProgress,
        settings: Settings,
        clock: Clock,
    ) -> None:
        self.db, self.wakeup, self.progress, self.settings, self.clock = db, wakeup, progress, settings, clock
        self._inflight: dict[_Key, asyncio.Future[_Page]] = {}
        # Feed reads have threads of their own: a woken long poll does not queue behind busy requests.
        self._limiters: dict[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = {}

    def _limiter(self) -> anyio.CapacityLimiter:
        loop = asyncio.get_running_loop()
        limiter = self._limiters.get(loop)
        if limiter is None:
            limiter = self._limiters.setdefault(loop, anyio.CapacityLimiter(FEED_THREADS))
        return limiter

    async def read(self, principal: Principal, na: int, limit: int, wacht: int, expand: bool) -> FeedPage:
        """Events with sequence > na. With wacht > 0, wait up to that many seconds for the first one."""
        partner_id = principal.partner_id
        self.progress.note(partner_id, na, self.clock.now())
        deadline = time.monotonic() + wacht
        page = (
            None
            if self._nothing_new(partner_id, na) and wacht > 0
            else await self._fetch(partner_id, na, limit)
        )
        while page is None or not page.rows:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.wakeup.closing:
                break
            if page is not None and (self.wakeup.known_head(partner_id) or 0) > na:
                self.wakeup.distrust(partner_id)  # it promised more than the database holds
            await self.wakeup.wait_beyond(partner_id, na, remaining)
            if not self._nothing_new(partner_id, na):
                page = await self._fetch(partner_id, na, limit)
        rows = page.rows if page is not None else ()
        return FeedPage(await self._render(principal, rows, expand), rows[-1].sequence if rows else na)

    def _nothing_new(self, partner_id: uuid.UUID, na: int) -> bool:
        head = self.wakeup.known_head(partner_id)
        return head is not None and head <= na

    async def _fetch(self, partner_id: uuid.UUID, na: int, limit: int) -> _Page:
        """One database read per distinct question in flight; the others wait for its answer."""
        key = (partner_id, na, limit)
        pending = self._inflight.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[_Page] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        generation = self.wakeup.generation
        try:
            page = await run_read(self.db, lambda s: _read(s, partner_id, na, limit), self._limiter())
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: the sharers, if any, re-raise it themselves
            raise
        finally:
            del self._inflight[key]
        self.wakeup.learn(partner_id, page.head, generation)
        future.set_result(page)
        return page

    async def _render(
        self, principal: Principal, rows: tuple[Row[Any], ...], expand: bool
    ) -> list[dict[str, Any]]:
        if not expand or not rows:
            return [to_cloudevent(row, self.settings) for row in rows]
        reading = ReadContext(
            principal=principal, moment=self.clock.now(), sb_datum=self.settings.sb_datum, kanaal="feed"
        )

        def disclose(session: Session) -> list[dict[str, Any]]:
            # Each expansion is a disclosure through app/consent, logged by the feature's read function.
            return [
                to_cloudevent(row, self.settings, expand_dataref(session, reading, row.dataref))
                for row in rows
            ]

        return await run_read(self.db, disclose)


def _read(session: Session, partner_id: uuid.UUID, na: int, limit: int) -> _Page:
    rows = events.feed(session, partner_id, na, limit)
    head = events.newest_sequence(session, partner_id)
    return _Page(tuple(rows), head)


def heads_reader(db: Database) -> Callable[[list[uuid.UUID]], dict[uuid.UUID, int]]:
    """For the wakeup's watcher: the heads of the given partners' feeds, in one read."""

    def read(partner_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
        session = db.read_session()
        try:
            return events.newest_sequences(session, partner_ids)
        finally:
            db.end_read(session)

    return read
