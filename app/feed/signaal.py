"""Waking long polls when events are committed.

On PostgreSQL a listener thread LISTENs on the channel the outbox NOTIFYs on (delivered at commit, across
processes). On SQLite there is no such channel: waiters re-check the database every `poll_interval`.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections import defaultdict

import psycopg
import structlog

from app.events.repository import FEED_CHANNEL

log = structlog.get_logger()


class FeedSignaal:
    def __init__(self, postgres_dsn: str | None, poll_interval: float) -> None:
        self.postgres_dsn = postgres_dsn
        self.poll_interval = poll_interval
        self._waiters: dict[uuid.UUID, set[asyncio.Event]] = defaultdict(set)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        if self.postgres_dsn:
            self._thread = threading.Thread(target=self._listen, name="feed-listen", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)

    def wake(self, partner_id: uuid.UUID) -> None:
        for event in self._waiters.get(partner_id, ()):
            event.set()

    async def wacht(self, partner_id: uuid.UUID, seconden: float) -> None:
        """Return when an event for the partner may have been committed, or after `seconden`."""
        event = asyncio.Event()
        self._waiters[partner_id].add(event)
        try:
            await asyncio.wait_for(event.wait(), timeout=min(seconden, self.poll_interval))
        except TimeoutError:
            pass
        finally:
            self._waiters[partner_id].discard(event)
            if not self._waiters[partner_id]:
                del self._waiters[partner_id]

    def _listen(self) -> None:
        dsn = self.postgres_dsn or ""
        while not self._stop.is_set():
            try:
                with psycopg.connect(dsn, autocommit=True) as conn:
                    conn.execute(f"LISTEN {FEED_CHANNEL}")
                    log.info("feed_listener_started")
                    while not self._stop.is_set():
                        for notify in conn.notifies(timeout=1.0):
                            self._dispatch(notify.payload)
            except psycopg.Error as exc:
                log.warning("feed_listener_error", error_type=type(exc).__name__)
                self._stop.wait(2.0)

    def _dispatch(self, payload: str) -> None:
        try:
            partner_id = uuid.UUID(payload)
        except ValueError:
            return
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self.wake, partner_id)
