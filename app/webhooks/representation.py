"""Webhook subscriptions and their delivery attempts as the API shows them (owner and beheer)."""

from __future__ import annotations

from collections.abc import Sequence

from app.partners.models import Partner
from app.schemas.abonnementen import (
    AbonnementCreated,
    AbonnementList,
    AbonnementOut,
    AbonnementStatus,
    AfleveringList,
    AfleveringOut,
    BeheerAbonnementList,
    BeheerAbonnementOut,
)
from app.webhooks.models import Abonnement, Aflevering


def _fields(a: Abonnement) -> dict[str, object]:
    actief = a.status == AbonnementStatus.ACTIEF
    return {
        "id": a.id,
        "callback_url": a.callback_url,
        "typen": a.typen,
        "expand": a.expand,
        "status": a.status,
        "afgeleverd_tot": a.afgeleverd_tot,
        "pogingen": a.pogingen,
        # The next attempt means nothing once the subscription is switched off.
        "volgende_poging_op": a.volgende_poging_op if actief else None,
        "laatst_geslaagd_op": a.laatst_geslaagd_op,
        "uitgeschakeld_op": a.uitgeschakeld_op,
        "reden": a.reden,
        "aangemaakt_op": a.aangemaakt_op,
    }


def abonnement_out(abonnement: Abonnement) -> AbonnementOut:
    return AbonnementOut.model_validate(_fields(abonnement))


def abonnement_list(abonnementen: Sequence[Abonnement]) -> AbonnementList:
    return AbonnementList(abonnementen=[abonnement_out(a) for a in abonnementen])


def abonnement_created(abonnement: Abonnement) -> AbonnementCreated:
    """The new subscription with its secret: the only time the secret is shown."""
    return AbonnementCreated.model_validate(_fields(abonnement) | {"secret": abonnement.secret})


def aflevering_list(pogingen: Sequence[Aflevering]) -> AfleveringList:
    return AfleveringList(
        afleveringen=[AfleveringOut.model_validate(p, from_attributes=True) for p in pogingen]
    )


def beheer_abonnement_out(abonnement: Abonnement, partner: Partner) -> BeheerAbonnementOut:
    """A subscription for operators: with its partner and feed head, no secret, no personal data."""
    return BeheerAbonnementOut.model_validate(
        _fields(abonnement)
        | {
            "partner_id": partner.id,
            "partner_naam": partner.naam,
            "laatste_sequence": partner.laatste_sequence,
        }
    )


def beheer_abonnement_list(rows: Sequence[tuple[Abonnement, Partner]]) -> BeheerAbonnementList:
    return BeheerAbonnementList(abonnementen=[beheer_abonnement_out(a, p) for a, p in rows])
