"""Crash safety of webhook delivery on PostgreSQL (issue 5), with real worker processes.

Two `ketenmeldingen worker` processes run at once while events keep being published (some in transactions
that roll back). They are SIGKILLed at random moments, alternately, 60 times, each restarted at once; the
receiver is restarted too. Afterwards, per subscription: every committed event id arrived at least once,
after deduplication by webhook-id exactly once, never an event from a rolled-back transaction, and in
sequence order (an event never arrives after a later one, so no completed event was ever sent again).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from app.auth.principal import Principal
from app.clock import SystemClock
from app.consent.routing import EventType
from app.db import make_sessionmaker, unit_of_work
from app.demo import seed_demo_partners
from app.events import outbox
from app.events.models import Event
from app.partners import repository as partners
from app.rollen import Rol
from app.schemas.abonnementen import AbonnementCreate, AbonnementStatus
from app.webhooks import service
from app.webhooks.models import Abonnement, Aflevering
from tests.factories import abonnement_body
from tests.support.webhook_receiver import Receiver

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

KILLS_PER_WORKER = 26

CLI = str(Path(sys.executable).parent / "ketenmeldingen")
TYPEN = (EventType.DETENTIE_GESTART, EventType.DETENTIE_OVERGEPLAATST, EventType.DETENTIE_BEEINDIGD)
# (path, partner, type filter)
ABONNEMENTEN = (
    ("/amsterdam", "demo-gemeente-amsterdam", ()),
    ("/amsterdam-2", "demo-gemeente-amsterdam", ()),
    ("/rotterdam", "demo-gemeente-rotterdam", (EventType.DETENTIE_GESTART, EventType.DETENTIE_BEEINDIGD)),
    ("/leeuwarden", "demo-gemeente-leeuwarden", ()),
    ("/politie", "demo-politie", ()),
)


def worker_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "KETEN_DATABASE_URL": database_url,
        "KETEN_WEBHOOK_ALLOW_LOOPBACK": "true",
        "KETEN_WEBHOOK_POLL_INTERVAL_SECONDEN": "0.05",
        "KETEN_WEBHOOK_TIMEOUT_SECONDEN": "1",
        "KETEN_WEBHOOK_LEASE_SECONDEN": "5",
        # Long enough to outlast a receiver restart: a subscription must never be disabled here.
        "KETEN_WEBHOOK_RETRY_SCHEMA_SECONDEN": json.dumps([0.05, 0.1, 0.2, 0.4, *[0.5] * 40]),
        "KETEN_WEBHOOK_WORKER_THREADS": "2",
        "KETEN_LOG_LEVEL": "INFO",
    }


class WorkerProces:
    """One named worker process; restartable. Its log goes to a file (readiness = its start line)."""

    def __init__(self, naam: str, env: dict[str, str], logdir: Path) -> None:
        self.naam, self.env, self.logdir = naam, env, logdir
        self.proc: subprocess.Popen[bytes] | None = None
        self.log: Path | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        self.log = self.logdir / f"{self.naam}-{self.starts}.log"
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                [CLI, "worker", "--naam", self.naam], env=self.env, stdout=out, stderr=subprocess.STDOUT
            )

    def wacht_tot_gestart(self, timeout: float = 20) -> None:
        assert self.log is not None
        deadline = time.monotonic() + timeout
        while b"webhook_worker_gestart" not in self.log.read_bytes():
            assert self.proc is not None
            assert self.proc.poll() is None, self.log.read_text()
            assert time.monotonic() < deadline, "worker did not start"
            time.sleep(0.02)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()  # SIGKILL
            self.proc.wait(10)

    def stop(self) -> int:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(30)


@dataclass
class Producent:
    """Publishes events in transactions of 1-4 events to 1-3 recipients; one in eight rolls back."""

    engine: Engine
    ontvangers: list[uuid.UUID]
    rng: random.Random
    teruggedraaid: set[str] = field(default_factory=set)
    gepubliceerd: int = 0
    fout: BaseException | None = None
    _stop: threading.Event = field(default_factory=threading.Event)

    def batch(self, aantal: int) -> None:
        factory = make_sessionmaker(self.engine)
        terugdraaien = self.rng.random() < 0.125
        ids: list[str] = []
        try:
            with unit_of_work(factory) as session:
                for _ in range(aantal):
                    subject = uuid.uuid4()
                    ontvangers = self.rng.sample(self.ontvangers, self.rng.randint(1, 3))
                    events = outbox.publish(
                        session,
                        self.rng.choice(TYPEN),
                        subject,
                        f"/detenties/{subject}",
                        ontvangers,
                        SystemClock().now(),
                        {"test": True},
                    )
                    ids.extend(str(e.id) for e in events)
                if terugdraaien:
                    raise _Terugdraaien
        except _Terugdraaien:
            self.teruggedraaid.update(ids)
            return
        self.gepubliceerd += len(ids)

    def loop(self) -> None:
        try:
            while not self._stop.wait(self.rng.uniform(0.1, 0.3)):
                self.batch(self.rng.randint(1, 4))
        except BaseException as exc:  # surfaced by the test
            self.fout = exc

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.loop, daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()


class _Terugdraaien(Exception):
    pass


@pytest.fixture
def ontvanger() -> Iterator[Receiver]:
    o = Receiver().start()
    yield o
    o.stop()


def _abonneer(engine: Engine, ontvanger: Receiver) -> tuple[dict[str, uuid.UUID], list[uuid.UUID]]:
    """Seed the demo partners and create the subscriptions; returns path -> subscription id, partner ids."""
    now = SystemClock().now()
    paden: dict[str, uuid.UUID] = {}
    with unit_of_work(make_sessionmaker(engine)) as session:
        seed_demo_partners(session, now)
        partner_ids = []
        for pad, naam, typen in ABONNEMENTEN:
            partner = partners.get_by_naam(session, naam)
            assert partner is not None
            partner_ids.append(partner.id)
            principal = Principal(partner.id, naam, naam, Rol(partner.rol))
            body = AbonnementCreate.model_validate(
                abonnement_body(callbackUrl=ontvanger.url(pad), typen=list(typen))
            )
            abonnement = service.create(session, principal, body, now, allow_loopback=True)
            ontvanger.secrets[pad] = abonnement.secret
            paden[pad] = abonnement.id
    return paden, sorted(set(partner_ids))


def _verwacht(engine: Engine) -> dict[str, list[tuple[int, str]]]:
    """Per path: the committed events it must receive, as (sequence, id), in sequence order."""
    result: dict[str, list[tuple[int, str]]] = {}
    with make_sessionmaker(engine)() as session:
        for pad, naam, typen in ABONNEMENTEN:
            partner = partners.get_by_naam(session, naam)
            assert partner is not None
            stmt = select(Event).where(Event.partner_id == partner.id).order_by(Event.sequence)
            if typen:
                stmt = stmt.where(Event.type.in_([t.value for t in typen]))
            result[pad] = [(e.sequence, str(e.id)) for e in session.scalars(stmt)]
    return result


def _alles_afgeleverd(engine: Engine) -> bool:
    with make_sessionmaker(engine)() as session:
        for abonnement in session.scalars(select(Abonnement)):
            hoogste = session.scalar(
                select(func.max(Event.sequence)).where(Event.partner_id == abonnement.partner_id)
            )
            if abonnement.afgeleverd_tot != (hoogste or 0):
                return False
    return True


def _wacht_tot_afgeleverd(engine: Engine, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not _alles_afgeleverd(engine):
        assert time.monotonic() < deadline, "not everything was delivered in time"
        time.sleep(0.2)


def _check(engine: Engine, ontvanger: Receiver, teruggedraaid: set[str]) -> tuple[int, int]:
    """The issue's guarantees; returns (events expected, duplicate arrivals)."""
    verwacht = _verwacht(engine)
    totaal = dubbel = 0
    for pad, *_ in ABONNEMENTEN:
        ontvangen = ontvanger.arrived(pad)
        assert all(o.valid for o in ontvangen), f"{pad}: a signature did not verify"
        ids = [o.webhook_id for o in ontvangen]
        assert all(o.webhook_id == o.body["id"] for o in ontvangen)
        eerst: list[str] = list(dict.fromkeys(ids))  # deduplicated by webhook-id, in order of arrival
        assert eerst == [i for _, i in verwacht[pad]], f"{pad}: missing, extra or out-of-order events"
        sequences = [o.sequence for o in ontvangen]
        assert sequences == sorted(sequences), f"{pad}: an event arrived after a later one"
        assert not teruggedraaid & set(ids), f"{pad}: an event of a rolled-back transaction arrived"
        totaal += len(verwacht[pad])
        dubbel += len(ids) - len(eerst)
    with make_sessionmaker(engine)() as session:
        statussen = set(session.scalars(select(Abonnement.status)))
    assert statussen == {AbonnementStatus.ACTIEF}
    return totaal, dubbel


def _killer(worker: WorkerProces, aantal: int, rng: random.Random, fouten: list[BaseException]) -> None:
    """Kill the worker at a random moment once it runs, restart it at once; `aantal` times."""
    try:
        for _ in range(aantal):
            worker.wacht_tot_gestart()
            time.sleep(rng.uniform(0.0, 0.4))
            worker.kill()
            worker.start()
    except BaseException as exc:
        fouten.append(exc)


def test_sigkilled_workers_lose_nothing_and_never_reorder(
    pg_engine: Engine, ontvanger: Receiver, tmp_path: Path
) -> None:
    rng = random.Random(20261123)
    _, partner_ids = _abonneer(pg_engine, ontvanger)
    env = worker_env(pg_engine.url.render_as_string(hide_password=False))
    producent = Producent(pg_engine, partner_ids, random.Random(rng.randrange(1 << 30)))
    for _ in range(40):
        producent.batch(4)
    producer_thread = producent.start()
    workers = [WorkerProces("crash-a", env, tmp_path), WorkerProces("crash-b", env, tmp_path)]
    start = time.monotonic()
    fouten: list[BaseException] = []
    try:
        for w in workers:
            w.start()
        killers = [
            threading.Thread(target=_killer, args=(w, KILLS_PER_WORKER, random.Random(rng.random()), fouten))
            for w in workers
        ]
        for k in killers:
            k.start()
        herstarts = 0
        while any(k.is_alive() for k in killers):
            time.sleep(rng.uniform(3.0, 6.0))
            ontvanger.stop()  # the receiver crashes mid-run and comes back
            time.sleep(rng.uniform(0.1, 0.6))
            ontvanger.start()
            herstarts += 1
        assert not fouten, fouten
        fase_kills = time.monotonic() - start
        producent.stop()
        producer_thread.join(10)
        assert producent.fout is None, producent.fout
        for w in workers:
            w.wacht_tot_gestart()
        _wacht_tot_afgeleverd(pg_engine, timeout=60)
        assert [w.stop() for w in workers] == [0, 0]  # SIGTERM: a clean stop
    finally:
        producent.stop()
        for w in workers:
            w.kill()
    totaal, dubbel = _check(pg_engine, ontvanger, producent.teruggedraaid)
    kills = sum(w.starts - 1 for w in workers)
    assert kills >= 50
    assert herstarts >= 3
    assert totaal >= 500, totaal
    assert producent.teruggedraaid, "the producer should have rolled some transactions back"
    print(
        f"\ncrash test: {totaal} events over {len(ABONNEMENTEN)} subscriptions, {kills} SIGKILLs, "
        f"{herstarts} receiver restarts, {dubbel} duplicate arrivals (deduplicated), "
        f"{len(producent.teruggedraaid)} rolled back; {fase_kills:.1f}s killing, "
        f"{time.monotonic() - start:.1f}s in all"
    )


def test_two_workers_at_once_never_deliver_an_event_twice(
    pg_engine: Engine, ontvanger: Receiver, tmp_path: Path
) -> None:
    _, partner_ids = _abonneer(pg_engine, ontvanger)
    producent = Producent(pg_engine, partner_ids, random.Random(5))
    while producent.gepubliceerd < 400:
        producent.batch(4)
    env = worker_env(pg_engine.url.render_as_string(hide_password=False))
    workers = [WorkerProces(naam, env, tmp_path) for naam in ("twee-a", "twee-b")]
    try:
        for w in workers:
            w.start()
        _wacht_tot_afgeleverd(pg_engine, timeout=60)
        assert [w.stop() for w in workers] == [0, 0]
    finally:
        for w in workers:
            w.kill()
    totaal, dubbel = _check(pg_engine, ontvanger, producent.teruggedraaid)
    assert totaal >= 400
    assert dubbel == 0
    # Both workers did part of the work, so the claims really were concurrent.
    with make_sessionmaker(pg_engine)() as session:
        door = set(session.scalars(select(Aflevering.worker).distinct()))
    assert door == {"twee-a", "twee-b"}
