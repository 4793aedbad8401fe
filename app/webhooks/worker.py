"""The delivery worker: `ketenmeldingen worker` (standalone) or in-process under `ketenmeldingen serve`.

Any number of worker processes, each with any number of threads, may run against one PostgreSQL
database: claims use SELECT ... FOR UPDATE SKIP LOCKED plus a lease (app.webhooks.aflevering).
"""

from __future__ import annotations

import os
import random
import socket
import threading
import uuid

import structlog
from sqlalchemy.orm import Session, sessionmaker

from app.clock import Clock, SystemClock
from app.config import Settings
from app.db import unit_of_work
from app.webhooks import aflevering
from app.webhooks import repository as repo
from app.webhooks.aflevering import Job, Skipped
from app.webhooks.sending import Sender

log = structlog.get_logger()


def default_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


class Worker:
    """Delivers webhooks. `verwerk_een` is one step (used directly by tests); `start`/`stop` run threads.

    `naam` identifies the worker in leases and attempts. A worker restarted under the same name takes
    back its predecessor's leases at once (it knows that one is dead); give every concurrently running
    worker its own name. Without a name a unique one is made, and a crashed worker's leases lapse after
    webhook_lease_seconden.
    """

    def __init__(
        self,
        factory: sessionmaker[Session],
        settings: Settings,
        clock: Clock,
        naam: str | None = None,
        wandklok: Clock | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.factory, self.settings, self.clock = factory, settings, clock
        self.naam = naam or default_name()
        self.wandklok = wandklok or SystemClock()
        self.rng = rng or random.Random()  # noqa: S311 (jitter, not cryptography)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def sender(self) -> Sender:
        return Sender(
            self.settings.webhook_timeout_seconden, self.settings.webhook_allow_loopback, self.wandklok
        )

    def take_back_leases(self) -> int:
        with unit_of_work(self.factory) as session:
            n = repo.release_leases(session, self.naam)
        if n:
            log.info("webhook_leases_teruggenomen", worker=self.naam, aantal=n)
        return n

    def process_one(self, sender: Sender) -> bool:
        """Claim and deliver at most one event. False when nothing was due."""
        with structlog.contextvars.bound_contextvars(trace_id=uuid.uuid4().hex, worker=self.naam):
            with unit_of_work(self.factory) as session:
                klus = aflevering.claim(session, self.settings, self.naam, self.clock.now())
            if klus is None:
                return False
            if isinstance(klus, Skipped):
                return True
            self._deliver(klus, sender)
            return True

    def _deliver(self, klus: Job, sender: Sender) -> None:
        if self.clock.now() > klus.verzenden_voor:
            # Stalled between claim and send: another worker may take over once the lease lapses.
            with unit_of_work(self.factory) as session:
                aflevering.release_claim(session, klus)
            log.warning("webhook_claim_te_laat", abonnement_id=str(klus.abonnement_id))
            return
        uitkomst = sender.send(klus.callback_url, klus.secret, str(klus.event_id), klus.body)
        with unit_of_work(self.factory) as session:
            aflevering.complete_attempt(
                session, self.settings, klus, uitkomst, self.naam, self.clock.now(), self.rng
            )
        log.debug(
            "webhook_aflevering",
            abonnement_id=str(klus.abonnement_id),
            sequence=klus.sequence,
            geslaagd=uitkomst.geslaagd,
            statuscode=uitkomst.statuscode,
            duur_ms=uitkomst.duur_ms,
        )

    def _loop(self) -> None:
        sender = self.sender()
        try:
            while not self._stop.is_set():
                try:
                    bezig = self.process_one(sender)
                except Exception:
                    log.exception("webhook_worker_fout", worker=self.naam)
                    bezig = False
                if not bezig:
                    self._stop.wait(self.settings.webhook_poll_interval_seconden)
        finally:
            sender.close()

    def start(self, threads: int | None = None) -> None:
        self._stop.clear()
        self.take_back_leases()
        for i in range(threads or self.settings.webhook_worker_threads):
            thread = threading.Thread(target=self._loop, name=f"webhook-worker-{i}", daemon=True)
            thread.start()
            self._threads.append(thread)
        log.info("webhook_worker_gestart", worker=self.naam, threads=len(self._threads))

    def stop(self, timeout: float | None = None) -> None:
        """Let each thread finish its current delivery, then return."""
        self._stop.set()
        wacht = timeout if timeout is not None else 3 * self.settings.webhook_timeout_seconden + 5
        for thread in self._threads:
            thread.join(timeout=wacht)
        self._threads.clear()
        log.info("webhook_worker_gestopt", worker=self.naam)

    def run(self, stop: threading.Event, threads: int | None = None) -> None:
        """Run until `stop` is set (the standalone command sets it on SIGTERM/SIGINT)."""
        self.start(threads)
        stop.wait()
        self.stop()
