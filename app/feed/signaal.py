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
        # Per partner, how many signals arrived: a waiter that read the feed at version v and then finds a
        # later version knows a commit happened during its read, and does not sleep through it.
        self._versies: dict[uuid.UUID, int] = defaultdict(int)
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
            self._nudge()
            self._thread.join(timeout=5)

    def _nudge(self) -> None:
        """Wake the listener out of its wait with an empty notification (ignored by every listener)."""
        try:
            with psycopg.connect(self.postgres_dsn or "", autocommit=True, connect_timeout=2) as conn:
                conn.execute("SELECT pg_notify(%s, '')", (FEED_CHANNEL,))
        except psycopg.Error:
            pass  # the listener then notices the stop within its timeout

    def versie(self, partner_id: uuid.UUID) -> int:
        return self._versies.get(partner_id, 0)

    def wake(self, partner_id: uuid.UUID) -> None:
        self._versies[partner_id] += 1
        for event in self._waiters.get(partner_id, ()):
            event.set()

    async def wacht(self, partner_id: uuid.UUID, seconden: float, sinds: int | None = None) -> None:
        """Return when an event for the partner may have been committed, or after `seconden`.

        `sinds`: the `versie` seen before the caller last read; if a signal came after it, return at once.
        Runs on the event loop, like `wake`, so the check and the registration cannot interleave with it.
        """
        if sinds is not None and self.versie(partner_id) != sinds:
            return
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
                            if self._stop.is_set():  # stop() nudges us with a notification
                                break
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
