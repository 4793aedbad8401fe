"""Where each partner last asked to read its feed from (beheer's feed lag), recorded off the request path.

A poll only notes its `na` in memory; a background thread writes the notes every `interval` seconds, one
row per partner at most, so beheer's view is at most that much behind and a poll writes nothing.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import structlog
from sqlalchemy.orm import Session, sessionmaker

from app.db import unit_of_work
from app.feed import repository as repo

log = structlog.get_logger()


class ReadProgress:
    def __init__(self, factory: sessionmaker[Session], interval: float = 5.0) -> None:
        self.factory = factory
        self.interval = interval
        self._notes: dict[uuid.UUID, tuple[int, dt.datetime]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def note(self, partner_id: uuid.UUID, na: int, moment: dt.datetime) -> None:
        with self._lock:
            self._notes[partner_id] = (na, moment)

    def flush(self) -> int:
        """Write the notes taken since the last flush; returns how many partners were written."""
        with self._lock:
            notes, self._notes = self._notes, {}
        if not notes:
            return 0
        try:
            with unit_of_work(self.factory) as session:
                repo.record_progress(session, notes)
        except Exception as exc:  # keep the notes for the next round (newer ones win)
            log.warning("feed_progress_flush_error", error_type=type(exc).__name__)
            with self._lock:
                self._notes = notes | self._notes
            return 0
        return len(notes)

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="feed-progress", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        self.flush()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.flush()
