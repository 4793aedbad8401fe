"""Webhook metrics for /metrics, computed from the database at scrape time: correct whichever process
(API, one or more workers) did the delivering."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import structlog
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.clock import Clock
from app.db import unit_of_work
from app.schemas.abonnementen import AbonnementStatus
from app.webhooks import repository as repo
from app.webhooks.models import Abonnement

log = structlog.get_logger()
LABELS = ["abonnement", "partner"]


class WebhookCollector(Collector):
    def __init__(self, factory: sessionmaker[Session], clock: Clock) -> None:
        self.factory, self.clock = factory, clock

    def collect(self) -> Iterator[Metric]:
        geslaagd = CounterMetricFamily(
            "ketenmeldingen_webhook_afleveringen", "Geslaagde webhook-afleveringen", labels=LABELS
        )
        mislukt = CounterMetricFamily(
            "ketenmeldingen_webhook_mislukte_pogingen", "Mislukte afleverpogingen", labels=LABELS
        )
        pogingen = GaugeMetricFamily(
            "ketenmeldingen_webhook_pogingen_huidig",
            "Mislukte pogingen op het event dat nu aan de beurt is",
            labels=LABELS,
        )
        oudste = GaugeMetricFamily(
            "ketenmeldingen_webhook_oudste_onafgeleverd_seconden",
            "Leeftijd van het oudste nog niet afgeleverde event",
            labels=LABELS,
        )
        now = self.clock.now()
        wachtend = uitgeschakeld = 0
        try:
            with unit_of_work(self.factory, readonly=True) as session:
                rijen = [(a, p, self._oudste(session, a)) for a, p in repo.met_partner(session)]
        except SQLAlchemyError as exc:
            # /metrics keeps serving the process metrics while the database is away.
            log.warning("webhook_metrics_niet_beschikbaar", error_type=type(exc).__name__)
            return
        for abonnement, partner, tijd in rijen:
            labels = [str(abonnement.id), partner.naam]
            geslaagd.add_metric(labels, abonnement.aantal_geslaagd)
            mislukt.add_metric(labels, abonnement.aantal_mislukt)
            pogingen.add_metric(labels, abonnement.pogingen)
            actief = abonnement.status == AbonnementStatus.ACTIEF
            wachtend += int(actief and abonnement.pogingen > 0)
            uitgeschakeld += int(not actief)
            oudste.add_metric(labels, max(0.0, (now - tijd).total_seconds()) if tijd else 0.0)
        yield from (geslaagd, mislukt, pogingen, oudste)
        yield GaugeMetricFamily(
            "ketenmeldingen_webhook_retries_wachtend",
            "Actieve abonnementen waarvan het huidige event op een nieuwe poging wacht",
            value=wachtend,
        )
        yield GaugeMetricFamily(
            "ketenmeldingen_webhook_abonnementen_uitgeschakeld",
            "Abonnementen die zijn uitgeschakeld (410 of pogingen op) en een herstart nodig hebben",
            value=uitgeschakeld,
        )

    @staticmethod
    def _oudste(session: Session, abonnement: Abonnement) -> dt.datetime | None:
        return repo.eerste_onafgeleverde_tijd(
            session, abonnement.partner_id, abonnement.afgeleverd_tot, abonnement.typen
        )
