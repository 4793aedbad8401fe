"""The background sealer: puts newly written disclosure-log rows into the hash chain.

One runs in every process that writes log rows (API processes, webhook workers). It wakes when this
process commits log rows, and every `interval` seconds regardless (rows of other processes, rows left by
a process that died before its sealer ran). Sealers of several processes take turns on the chain head's
lock; a row is written with its disclosure and sealed later, so an unsealed row is never lost.
"""

from __future__ import annotations

import threading
from typing import Any

import structlog
from sqlalchemy.orm import Session, sessionmaker

from app.verwerkingen.service import seal_all

log = structlog.get_logger()


class Sealer:
    def __init__(self, factory: sessionmaker[Session], interval: float = 2.0, linger: float = 0.05) -> None:
        self.factory = factory
        self.interval = interval
        # After a wake-up, wait this long so that one seal covers the rows of many requests.
        self.linger = linger
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def wake(self, _payload: Any = None) -> None:
        self._wake.set()

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="verwerkingen-sealer", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            woken = self._wake.wait(self.interval)
            if woken and not self._stop.is_set():
                self._stop.wait(self.linger)
            self._wake.clear()
            self.seal_now()

    def seal_now(self) -> int:
        try:
            return seal_all(self.factory)
        except Exception as exc:  # the database may be away; the next round retries
            log.warning("verwerkingen_sealer_error", error_type=type(exc).__name__)
            return 0
