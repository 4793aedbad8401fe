"""Waking long polls when a recipient's feed grows, and knowing each feed's head without asking the
database on every poll.

This process learns that a partner's newest sequence moved from three sources: its own commits (the
outbox's after-commit signal, at once), other processes' commits (PostgreSQL LISTEN on the channel the
outbox NOTIFYs on, delivered at commit), and a watcher that, while anyone waits, reads the heads of the
waited-for partners in one query every `watch_interval` seconds (for what a notification cannot bring:
SQLite across processes, a listener that was reconnecting).

A head learnt this way is trusted to skip a poll's first read only while nothing can have been missed
since it was learnt: on PostgreSQL while the listener stays connected (a reconnect forgets every head).
Everything here runs on the event loop, except the listener thread, which hands over with
call_soon_threadsafe.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import psycopg
import structlog

from app.events.repository import FEED_CHANNEL, parse_notification

log = structlog.get_logger()

HeadsReader = Callable[[list[uuid.UUID]], dict[uuid.UUID, int]]


class FeedWakeup:
    def __init__(self, postgres_dsn: str | None, read_heads: HeadsReader, watch_interval: float) -> None:
        self.postgres_dsn = postgres_dsn
        self.read_heads = read_heads
        self.watch_interval = watch_interval
        self._heads: dict[uuid.UUID, int] = {}
        self._waiters: dict[uuid.UUID, set[asyncio.Event]] = {}
        # Bumped when heads may have been missed (listener reconnect): a read that started under an
        # older generation must not teach a head.
        self._generation = 0
        self._listening = postgres_dsn is None  # SQLite: own commits always arrive; the watcher does the rest
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._watcher: asyncio.Task[None] | None = None
        self.closing = False

    # --- lifecycle ----------------------------------------------------------------------------------

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop.clear()
        self._watcher = self._loop.create_task(self._watch())
        if self.postgres_dsn:
            self._thread = threading.Thread(target=self._listen, name="feed-listen", daemon=True)
            self._thread.start()

    async def stop(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher
        if self._thread is not None:
            await asyncio.to_thread(self._nudge)
            await asyncio.to_thread(self._thread.join, 5)

    # --- what is known --------------------------------------------------------------------------------

    def close(self) -> None:
        """The process is shutting down: every long poll answers now (with what it has) instead of
        keeping the server's graceful shutdown waiting for up to 30 s. Thread-safe."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._close)

    def _close(self) -> None:
        self.closing = True
        for waiters in self._waiters.values():
            for waiter in waiters:
                waiter.set()

    @property
    def generation(self) -> int:
        return self._generation

    def known_head(self, partner_id: uuid.UUID) -> int | None:
        """The partner's newest committed sequence, if this process can vouch for it."""
        return self._heads.get(partner_id) if self._listening else None

    def learn(self, partner_id: uuid.UUID, head: int, generation: int) -> None:
        """A read (started under `generation`) found the partner's head."""
        if self._listening and generation == self._generation:
            self._advance({partner_id: head})

    def distrust(self, partner_id: uuid.UUID) -> None:
        """Forget a head the database contradicted; the next poll reads instead of trusting it."""
        self._heads.pop(partner_id, None)

    def committed(self, newest: Mapping[uuid.UUID, int]) -> None:
        """Thread-safe: events up to these sequences are committed (the outbox's after-commit signal)."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._advance, dict(newest))

    def _advance(self, newest: Mapping[uuid.UUID, int]) -> None:
        for partner_id, sequence in newest.items():
            if sequence > self._heads.get(partner_id, -1):
                self._heads[partner_id] = sequence
                for waiter in self._waiters.get(partner_id, ()):
                    waiter.set()

    def _forget_heads(self) -> None:
        self._generation += 1
        self._heads.clear()
        for waiters in self._waiters.values():
            for waiter in waiters:
                waiter.set()  # let them read the database once

    def _set_listening(self, listening: bool) -> None:
        if not listening:
            self._forget_heads()
        self._listening = listening

    # --- waiting ------------------------------------------------------------------------------------

    async def wait_beyond(self, partner_id: uuid.UUID, na: int, seconds: float) -> None:
        """Return once the partner's feed may hold a sequence after `na`, or after `seconds`."""
        head = self._heads.get(partner_id)
        if self.closing or (head is not None and head > na):
            return
        waiter = asyncio.Event()
        self._waiters.setdefault(partner_id, set()).add(waiter)
        try:
            await asyncio.wait_for(waiter.wait(), timeout=seconds)
        except TimeoutError:
            pass
        finally:
            waiters = self._waiters.get(partner_id)
            if waiters is not None:
                waiters.discard(waiter)
                if not waiters:
                    del self._waiters[partner_id]

    async def _watch(self) -> None:
        while not self._stop.is_set():
            await asyncio.sleep(self.watch_interval)
            partner_ids = list(self._waiters)
            if not partner_ids:
                continue
            try:
                heads = await asyncio.to_thread(self.read_heads, partner_ids)
            except Exception as exc:  # the database may be away; waiters time out and answer empty
                log.warning("feed_watch_error", error_type=type(exc).__name__)
                continue
            self._advance(heads)

    # --- PostgreSQL LISTEN ----------------------------------------------------------------------------

    def _nudge(self) -> None:
        """Wake the listener out of its wait with an empty notification (ignored by every listener)."""
        try:
            with psycopg.connect(self.postgres_dsn or "", autocommit=True, connect_timeout=2) as conn:
                conn.execute("SELECT pg_notify(%s, '')", (FEED_CHANNEL,))
        except psycopg.Error:
            pass  # the listener then notices the stop within its timeout

    def _call(self, fn: Callable[..., Any], *args: Any) -> None:
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(fn, *args)

    def _listen(self) -> None:
        dsn = self.postgres_dsn or ""
        while not self._stop.is_set():
            try:
                with psycopg.connect(dsn, autocommit=True, connect_timeout=3) as conn:
                    conn.execute(f"LISTEN {FEED_CHANNEL}")
                    self._call(self._set_listening, True)
                    log.info("feed_listener_started")
                    while not self._stop.is_set():
                        for notify in conn.notifies(timeout=1.0):
                            if notify.payload:
                                self._call(self._advance, parse_notification(notify.payload))
                            if self._stop.is_set():  # stop() nudges us with a notification
                                break
            except psycopg.Error as exc:
                log.warning("feed_listener_error", error_type=type(exc).__name__)
            self._call(self._set_listening, False)
            self._stop.wait(1.0)
