"""Readiness: whether the database answers, probed in the background so that the answer never waits.

The probe runs every `interval` seconds on a connection and a thread of its own (asyncio's executor, not
the request threadpool). `/health/ready` answers from the last probe while it is fresh, and probes itself
only when it is not (at start, or when the prober has stalled).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable

PROBE_TIMEOUT_SECONDS = 2.0


class Readiness:
    def __init__(self, ping: Callable[[], bool], interval: float = 1.0) -> None:
        self.ping = ping
        self.interval = interval
        self._last: tuple[bool, float] | None = None
        self._task: asyncio.Task[None] | None = None

    async def probe(self) -> bool:
        try:
            ok = await asyncio.wait_for(asyncio.to_thread(self.ping), PROBE_TIMEOUT_SECONDS)
        except TimeoutError:
            ok = False
        self._last = (ok, time.monotonic())
        return ok

    async def ready(self) -> bool:
        if self._last is not None:
            ok, at = self._last
            if time.monotonic() - at <= 2.5 * self.interval:
                return ok
        return await self.probe()

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            await self.probe()
            await asyncio.sleep(self.interval)
