"""Webhook delivery (issue 5) against a real receiver on loopback that verifies every signature.

The worker is driven one step at a time (`Worker.verwerk_een`) with the test's FixedClock, so retry
schedules are exact; HTTP is real. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, text

from app.clock import FixedClock
from app.config import Settings
from app.consent.routing import EventType
from app.db import make_sessionmaker, unit_of_work
from app.events import outbox
from app.main import create_app
from app.webhooks import aflevering
from app.webhooks.aflevering import Job
from app.webhooks.models import Abonnement
from app.webhooks.sending import Outcome, Sender
from app.webhooks.worker import Worker
from tests.factories import abonnement_body, detentie_body, einde_body
from tests.fixtures.app import Api, make_settings, seed_partners
from tests.support.database import partner_id
from tests.support.environment import free_port
from tests.support.webhook_receiver import Receiver, Reply

SCHEMA = [10.0, 20.0, 40.0]
AMSTERDAM = "demo-gemeente-amsterdam"


@pytest.fixture
def settings(engine: Engine) -> Settings:
    return make_settings(
        engine.url.render_as_string(hide_password=False),
        webhook_allow_loopback=True,
        webhook_timeout_seconden=0.5,
        webhook_lease_seconden=30,
        webhook_retry_schema_seconden=SCHEMA,
        webhook_jitter=0.0,
    )


@pytest.fixture
def ontvanger() -> Iterator[Receiver]:
    o = Receiver().start()
    yield o
    o.stop()


class Bezorger:
    """A Worker with one sender, stepped by the test."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker
        self.sender: Sender = worker.sender()

    def stap(self) -> bool:
        return self.worker.process_one(self.sender)

    def alles(self, maximum: int = 200) -> int:
        n = 0
        while self.stap():
            n += 1
            assert n < maximum, "worker does not settle"
        return n


@pytest.fixture
def bezorger(engine: Engine, settings: Settings, clock: FixedClock) -> Iterator[Bezorger]:
    b = Bezorger(Worker(make_sessionmaker(engine), settings, clock, naam="test-worker"))
    yield b
    b.sender.close()


def abonneer(
    api: Api, ontvanger: Receiver, pad: str, partner: str = AMSTERDAM, **body: Any
) -> dict[str, Any]:
    r = api.as_(partner).post(
        "/api/v1/abonnementen", json=abonnement_body(callbackUrl=ontvanger.url(pad), **body)
    )
    assert r.status_code == 201, r.text
    ontvanger.secrets[pad] = r.json()["secret"]
    return dict(r.json())


def begin(api: Api, **overrides: Any) -> dict[str, Any]:
    r = api.as_("demo-dji").post("/api/v1/detenties", json=detentie_body(**overrides))
    assert r.status_code == 201, r.text
    return dict(r.json())


def end(api: Api, detentie_id: str) -> None:
    r = api.as_("demo-dji").post(f"/api/v1/detenties/{detentie_id}/einde", json=einde_body())
    assert r.status_code == 200, r.text


def abonnement(api: Api, ab: dict[str, Any], partner: str = AMSTERDAM) -> dict[str, Any]:
    r = api.as_(partner).get(f"/api/v1/abonnementen/{ab['id']}")
    assert r.status_code == 200, r.text
    return dict(r.json())


def pogingen(api: Api, ab: dict[str, Any], partner: str = AMSTERDAM) -> list[dict[str, Any]]:
    r = api.as_(partner).get(f"/api/v1/abonnementen/{ab['id']}/afleveringen")
    assert r.status_code == 200, r.text
    return list(reversed(r.json()["afleveringen"]))  # oldest first


def utc(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_every_event_arrives_in_order_signed_and_deduplicable(
    api: Api, ontvanger: Receiver, bezorger: Bezorger
) -> None:
    ab = abonneer(api, ontvanger, "/a")
    assert ab["secret"].startswith("whsec_")
    eerste, tweede = begin(api), begin(api)
    end(api, eerste["id"])
    feed = api.as_(AMSTERDAM).feed()

    assert bezorger.alles() == 3
    ontvangen = ontvanger.arrived("/a")
    assert all(o.valid for o in ontvangen)
    assert [o.webhook_id for o in ontvangen] == [e["id"] for e in feed]
    assert [o.body for o in ontvangen] == feed  # the same CloudEvents the feed serves, thin data
    assert [o.sequence for o in ontvangen] == [1, 2, 3]
    assert {o.body["subject"] for o in ontvangen} == {eerste["id"], tweede["id"]}
    assert ontvangen[0].headers["content-type"].startswith("application/cloudevents+json")
    for persoon_gegeven in (eerste["persoon"]["bsn"], eerste["persoon"]["geslachtsnaam"]):
        assert persoon_gegeven not in str([o.body for o in ontvangen])

    stand = abonnement(api, ab)
    assert stand["afgeleverdTot"] == 3
    assert stand["status"] == "actief"
    assert stand["pogingen"] == 0
    assert "secret" not in stand
    attempts = pogingen(api, ab)
    assert [(p["sequence"], p["statuscode"], p["geslaagd"], p["fout"]) for p in attempts] == [
        (1, 200, True, None),
        (2, 200, True, None),
        (3, 200, True, None),
    ]
    assert [p["eventId"] for p in attempts] == [e["id"] for e in feed]
    assert all(p["duurMs"] >= 0 and p["tijd"] == "2026-11-23T09:00:00Z" for p in attempts)
    assert bezorger.stap() is False  # nothing left: nothing sent twice
    assert len(ontvanger.arrived("/a")) == 3


def test_new_subscription_starts_after_existing_events(
    api: Api, ontvanger: Receiver, bezorger: Bezorger
) -> None:
    begin(api)
    abonneer(api, ontvanger, "/a")
    nieuw = begin(api)
    bezorger.alles()
    assert [o.body["subject"] for o in ontvanger.arrived("/a")] == [nieuw["id"]]


def test_type_filter_delivers_only_chosen_types_and_moves_past_the_rest(
    api: Api, ontvanger: Receiver, bezorger: Bezorger
) -> None:
    ab = abonneer(api, ontvanger, "/einde", typen=["nl.justitiabelen.detentie.beeindigd"])
    alles = abonneer(api, ontvanger, "/alles")
    d = begin(api)
    begin(api)
    end(api, d["id"])
    begin(api)
    bezorger.alles()
    assert [(o.body["type"], o.sequence) for o in ontvanger.arrived("/einde")] == [
        ("nl.justitiabelen.detentie.beeindigd", 3)
    ]
    assert [o.sequence for o in ontvanger.arrived("/alles")] == [1, 2, 3, 4]
    assert abonnement(api, ab)["afgeleverdTot"] == 4
    assert abonnement(api, alles)["afgeleverdTot"] == 4


def test_expand_carries_data_filtered_at_delivery_time_and_logs_the_disclosure(
    api: Api, ontvanger: Receiver, bezorger: Bezorger, engine: Engine
) -> None:
    ab = abonneer(api, ontvanger, "/x", expand=True)
    d = begin(api)
    bezorger.alles()
    [ontvangst] = ontvanger.arrived("/x")
    assert ontvangst.valid
    data = ontvangst.body["data"]
    assert data["id"] == d["id"]
    assert data["persoon"]["bsn"] == d["persoon"]["bsn"]
    assert data["verstrekking"]["grondslagen"] == {"detentie": "WJSG_51C"}
    assert "bronId" not in data
    with engine.connect() as conn:
        rijen = conn.execute(
            text("SELECT client_id, kanaal, object_id FROM verwerkingen WHERE kanaal = 'webhook'")
        ).all()
    assert [(r[0], r[1], uuid.UUID(str(r[2]))) for r in rijen] == [
        (f"webhook:{ab['id']}", "webhook", uuid.UUID(d["id"]))
    ]


def test_500_then_success_retries_on_schedule_and_holds_back_the_next_event(
    api: Api, ontvanger: Receiver, bezorger: Bezorger, clock: FixedClock
) -> None:
    ab = abonneer(api, ontvanger, "/a")
    ontvanger.reply("/a", Reply(500), Reply(503))
    begin(api)
    begin(api)
    assert bezorger.stap() is True
    stand = abonnement(api, ab)
    assert stand["pogingen"] == 1
    assert utc(stand["volgendePogingOp"]) == clock.now() + dt.timedelta(seconds=SCHEMA[0])
    assert bezorger.stap() is False  # not due yet, and event 2 must wait for event 1
    clock.advance(dt.timedelta(seconds=SCHEMA[0] - 1))
    assert bezorger.stap() is False
    clock.advance(dt.timedelta(seconds=1))
    assert bezorger.stap() is True  # 503
    assert utc(abonnement(api, ab)["volgendePogingOp"]) == clock.now() + dt.timedelta(seconds=SCHEMA[1])
    clock.advance(dt.timedelta(seconds=SCHEMA[1]))
    bezorger.alles()
    assert [(o.sequence, o.status) for o in ontvanger.arrived("/a")] == [
        (1, 500),
        (1, 503),
        (1, 200),
        (2, 200),
    ]
    attempts = pogingen(api, ab)
    assert [(p["sequence"], p["poging"], p["statuscode"], p["geslaagd"]) for p in attempts] == [
        (1, 1, 500, False),
        (1, 2, 503, False),
        (1, 3, 200, True),
        (2, 1, 200, True),
    ]
    assert attempts[0]["fout"] == "HTTP 500"
    stand = abonnement(api, ab)
    assert (stand["afgeleverdTot"], stand["pogingen"], stand["status"]) == (2, 0, "actief")


def test_timeout_is_a_failure(api: Api, ontvanger: Receiver, bezorger: Bezorger, clock: FixedClock) -> None:
    ab = abonneer(api, ontvanger, "/traag")
    ontvanger.reply("/traag", Reply(200, delay=3.0))
    begin(api)
    begin_tijd = time.monotonic()
    assert bezorger.stap() is True
    assert time.monotonic() - begin_tijd < 2.5  # gave up after the 0.5 s timeout, did not wait 3 s
    [poging] = pogingen(api, ab)
    assert poging["geslaagd"] is False
    assert poging["statuscode"] is None
    assert poging["fout"].startswith("timeout")
    assert abonnement(api, ab)["afgeleverdTot"] == 0
    clock.advance(dt.timedelta(seconds=SCHEMA[0]))
    assert bezorger.stap() is True
    assert abonnement(api, ab)["afgeleverdTot"] == 1


def test_connection_refused_is_a_failure(api: Api, bezorger: Bezorger) -> None:
    r = api.as_(AMSTERDAM).post(
        "/api/v1/abonnementen", json=abonnement_body(callbackUrl=f"http://127.0.0.1:{free_port()}/dicht")
    )
    assert r.status_code == 201, r.text
    ab = r.json()
    begin(api)
    assert bezorger.stap() is True
    [poging] = pogingen(api, ab)
    assert (poging["geslaagd"], poging["statuscode"]) == (False, None)
    assert poging["fout"].startswith("ConnectError")
    assert abonnement(api, ab)["pogingen"] == 1


def _http_datum_over(seconden: int) -> str:
    # Read by the worker against the wall clock, like the receiver wrote it.
    return email.utils.format_datetime(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconden), usegmt=True)


@pytest.mark.parametrize("soort", ["seconden", "http-datum"])
def test_429_honours_retry_after(
    api: Api, ontvanger: Receiver, bezorger: Bezorger, clock: FixedClock, soort: str
) -> None:
    ab = abonneer(api, ontvanger, "/vol")
    retry_after = "120" if soort == "seconden" else _http_datum_over(121)
    ontvanger.reply("/vol", Reply(429, {"Retry-After": retry_after}))
    begin(api)
    assert bezorger.stap() is True
    wacht = utc(abonnement(api, ab)["volgendePogingOp"]) - clock.now()
    # Far beyond the schedule's first step (10 s): the receiver's wish wins. An HTTP date has whole seconds.
    assert dt.timedelta(seconds=119) <= wacht <= dt.timedelta(seconds=121)
    clock.advance(dt.timedelta(seconds=118))
    assert bezorger.stap() is False
    clock.advance(dt.timedelta(seconds=3))
    assert bezorger.stap() is True
    assert [p["statuscode"] for p in pogingen(api, ab)] == [429, 200]


def test_redirect_is_a_failure_and_not_followed(
    api: Api, ontvanger: Receiver, bezorger: Bezorger, clock: FixedClock
) -> None:
    ab = abonneer(api, ontvanger, "/oud")
    ontvanger.reply("/oud", Reply(302, {"Location": ontvanger.url("/nieuw")}))
    begin(api)
    assert bezorger.stap() is True
    assert ontvanger.arrived("/nieuw") == []
    [poging] = pogingen(api, ab)
    assert (poging["statuscode"], poging["geslaagd"]) == (302, False)
    assert "doorverwijzing" in poging["fout"]
    assert abonnement(api, ab)["afgeleverdTot"] == 0


def test_410_disables_at_once_is_visible_and_herstart_replays(
    api: Api, ontvanger: Receiver, bezorger: Bezorger, clock: FixedClock
) -> None:
    ab = abonneer(api, ontvanger, "/weg")
    begin(api)
    bezorger.alles()
    ontvanger.reply("/weg", Reply(410))
    begin(api)
    begin(api)
    assert bezorger.stap() is True
    stand = abonnement(api, ab)
    assert stand["status"] == "uitgeschakeld"
    assert "410" in stand["reden"]
    assert stand["uitgeschakeldOp"] == "2026-11-23T09:00:00Z"
    assert stand["volgendePogingOp"] is None
    assert stand["afgeleverdTot"] == 1
    clock.advance(dt.timedelta(days=2))
    assert bezorger.stap() is False
    assert [o.sequence for o in ontvanger.arrived("/weg")] == [1, 2]
    api.forget_tokens()  # two days on: fresh tokens

    beheer = api.as_("demo-beheer").get("/api/v1/beheer/abonnementen")
    assert beheer.status_code == 200
    [rij] = beheer.json()["abonnementen"]
    assert (rij["id"], rij["status"], rij["partnerNaam"]) == (ab["id"], "uitgeschakeld", AMSTERDAM)
    assert (rij["afgeleverdTot"], rij["laatsteSequence"]) == (1, 3)
    assert "secret" not in rij
    metrics = api.client.get("/metrics").text
    assert "ketenmeldingen_webhook_abonnementen_uitgeschakeld 1.0" in metrics

    r = api.as_(AMSTERDAM).post(f"/api/v1/abonnementen/{ab['id']}/herstart", json={"vanafSequence": 1})
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["afgeleverdTot"], r.json()["reden"]) == ("actief", 0, None)
    bezorger.alles()
    assert [o.sequence for o in ontvanger.arrived("/weg")] == [1, 2, 1, 2, 3]
    assert "ketenmeldingen_webhook_abonnementen_uitgeschakeld 0.0" in api.client.get("/metrics").text


def test_herstart_without_sequence_resumes_where_it_stopped(
    api: Api, ontvanger: Receiver, bezorger: Bezorger, clock: FixedClock
) -> None:
    ab = abonneer(api, ontvanger, "/a")
    ontvanger.reply("/a", Reply(500), Reply(500), Reply(500), Reply(500))
    begin(api)
    for wacht in [0.0, *SCHEMA]:
        clock.advance(dt.timedelta(seconds=wacht))
        assert bezorger.stap() is True
    stand = abonnement(api, ab)
    assert stand["status"] == "uitgeschakeld"
    assert stand["reden"] == "aflevering 4 keer mislukt: HTTP 500"
    assert bezorger.stap() is False
    r = api.as_(AMSTERDAM).post(f"/api/v1/abonnementen/{ab['id']}/herstart")
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["afgeleverdTot"], r.json()["pogingen"]) == ("actief", 0, 0)
    bezorger.alles()
    assert [o.status for o in ontvanger.arrived("/a")] == [500, 500, 500, 500, 200]


def test_event_from_a_rolled_back_transaction_is_never_delivered(
    api: Api, ontvanger: Receiver, bezorger: Bezorger, engine: Engine, clock: FixedClock
) -> None:
    abonneer(api, ontvanger, "/a")
    factory = make_sessionmaker(engine)
    amsterdam = partner_id(engine, AMSTERDAM)
    teruggedraaid: list[uuid.UUID] = []

    def mislukte_wijziging() -> None:
        with unit_of_work(factory) as session:
            [event] = outbox.publish(
                session, EventType.DETENTIE_GESTART, uuid.uuid4(), "/detenties/x", [amsterdam], clock.now()
            )
            teruggedraaid.append(event.id)
            raise RuntimeError("the change fails after the event was written")

    with pytest.raises(RuntimeError):
        mislukte_wijziging()
    with unit_of_work(factory) as session:
        [bewaard] = outbox.publish(
            session, EventType.DETENTIE_GESTART, uuid.uuid4(), "/detenties/y", [amsterdam], clock.now()
        )
    bezorger.alles()
    ontvangen = ontvanger.arrived("/a")
    assert [o.webhook_id for o in ontvangen] == [str(bewaard.id)]
    assert str(teruggedraaid[0]) not in {o.webhook_id for o in ontvangen}
    assert ontvangen[0].sequence == 1  # the rolled-back event's sequence was handed out again


def test_callback_url_is_checked_again_at_delivery(
    api: Api, ontvanger: Receiver, engine: Engine, settings: Settings, clock: FixedClock
) -> None:
    ab = abonneer(api, ontvanger, "/a")
    begin(api)
    strikt = settings.model_copy(update={"webhook_allow_loopback": False})
    b = Bezorger(Worker(make_sessionmaker(engine), strikt, clock, naam="strikt"))
    try:
        assert b.stap() is True
    finally:
        b.sender.close()
    assert ontvanger.arrived("/a") == []
    [poging] = pogingen(api, ab)
    assert poging["fout"] == "adres niet toegestaan: host verwijst naar een niet-publiek adres"


def test_a_lease_keeps_other_workers_off_and_only_its_holder_moves_the_cursor(
    api: Api, ontvanger: Receiver, engine: Engine, settings: Settings, clock: FixedClock
) -> None:
    ab = abonneer(api, ontvanger, "/a")
    begin(api)
    begin(api)
    factory = make_sessionmaker(engine)
    with unit_of_work(factory) as session:
        klus_a = aflevering.claim(session, settings, "a", clock.now())
    assert isinstance(klus_a, Job)
    assert klus_a.sequence == 1
    b = Bezorger(Worker(factory, settings, clock, naam="b"))
    try:
        assert b.stap() is False  # a holds the lease
        clock.advance(dt.timedelta(seconds=settings.webhook_lease_seconden + 1))
        assert b.alles() == 2  # a's lease lapsed (a is presumed dead): b delivers 1 and 2
        assert abonnement(api, ab)["afgeleverdTot"] == 2
        # a comes back and reports a failure of event 1: recorded, but a no longer owns the subscription,
        # so the cursor does not move back and nothing is scheduled again.
        uitkomst = Outcome(False, 500, 5, "HTTP 500")
        with unit_of_work(factory) as session:
            aflevering.complete_attempt(session, settings, klus_a, uitkomst, "a", clock.now(), b.worker.rng)
        stand = abonnement(api, ab)
        assert (stand["afgeleverdTot"], stand["pogingen"], stand["status"]) == (2, 0, "actief")
        assert [(p["sequence"], p["geslaagd"]) for p in pogingen(api, ab)] == [
            (1, True),
            (2, True),
            (1, False),
        ]
        clock.advance(dt.timedelta(minutes=10))
        assert b.stap() is False
    finally:
        b.sender.close()
    assert [o.sequence for o in ontvanger.arrived("/a")] == [1, 2]


def test_a_worker_restarted_under_its_name_takes_its_leases_back(
    api: Api, ontvanger: Receiver, engine: Engine, settings: Settings, clock: FixedClock
) -> None:
    abonneer(api, ontvanger, "/a")
    begin(api)
    factory = make_sessionmaker(engine)
    with unit_of_work(factory) as session:
        assert isinstance(aflevering.claim(session, settings, "vast", clock.now()), Job)
    anders = Bezorger(Worker(factory, settings, clock, naam="anders"))
    opnieuw = Bezorger(Worker(factory, settings, clock, naam="vast"))
    try:
        assert anders.worker.take_back_leases() == 0
        assert anders.stap() is False
        assert opnieuw.worker.take_back_leases() == 1
        assert opnieuw.stap() is True
    finally:
        anders.sender.close()
        opnieuw.sender.close()
    assert [o.sequence for o in ontvanger.arrived("/a")] == [1]


def test_deleted_subscription_receives_nothing_more(
    api: Api, ontvanger: Receiver, bezorger: Bezorger, engine: Engine
) -> None:
    ab = abonneer(api, ontvanger, "/a")
    begin(api)
    bezorger.alles()
    assert api.as_(AMSTERDAM).delete(f"/api/v1/abonnementen/{ab['id']}").status_code == 204
    begin(api)
    assert bezorger.stap() is False
    assert len(ontvanger.arrived("/a")) == 1
    with make_sessionmaker(engine)() as session:
        assert session.scalars(select(Abonnement)).all() == []
        assert session.execute(text("SELECT count(*) FROM afleveringen")).scalar_one() == 0


def test_metrics_show_deliveries_failures_pending_retries_and_age(
    api: Api, ontvanger: Receiver, bezorger: Bezorger, clock: FixedClock
) -> None:
    ab = abonneer(api, ontvanger, "/a")
    begin(api)
    bezorger.alles()
    ontvanger.reply("/a", Reply(500))
    begin(api)
    clock.advance(dt.timedelta(seconds=5))
    assert bezorger.stap() is True
    metrics = api.client.get("/metrics")
    assert metrics.status_code == 200
    labels = f'abonnement="{ab["id"]}",partner="{AMSTERDAM}"'
    for regel in (
        f"ketenmeldingen_webhook_afleveringen_total{{{labels}}} 1.0",
        f"ketenmeldingen_webhook_mislukte_pogingen_total{{{labels}}} 1.0",
        f"ketenmeldingen_webhook_pogingen_huidig{{{labels}}} 1.0",
        f"ketenmeldingen_webhook_oudste_onafgeleverd_seconden{{{labels}}} 5.0",
        "ketenmeldingen_webhook_retries_wachtend 1.0",
        "ketenmeldingen_webhook_abonnementen_uitgeschakeld 0.0",
    ):
        assert regel in metrics.text.splitlines(), regel


def test_the_in_process_worker_delivers_with_nothing_else_started(
    engine: Engine, settings: Settings, clock: FixedClock, ontvanger: Receiver
) -> None:
    embedded = settings.model_copy(update={"worker_in_process": True, "webhook_poll_interval_seconden": 0.05})
    seed_partners(engine, clock.now())
    with TestClient(create_app(embedded, clock=clock, engine=engine)) as client:
        api = Api(client)
        abonneer(api, ontvanger, "/a")
        d = begin(api)
        deadline = time.monotonic() + 10
        while not ontvanger.arrived("/a") and time.monotonic() < deadline:
            time.sleep(0.05)
    [ontvangst] = ontvanger.arrived("/a")
    assert ontvangst.valid
    assert ontvangst.body["subject"] == d["id"]
