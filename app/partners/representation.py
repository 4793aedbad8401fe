"""Partners and their clients as beheer sees them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from app.partners.feed_lag import FeedLag
from app.partners.models import Client, Partner
from app.schemas.partners import ClientCreated, ClientList, ClientOut, FeedStand, PartnerList, PartnerOut


def feed_stand(lag: FeedLag) -> FeedStand:
    return FeedStand(
        laatste_sequence=lag.laatste_sequence,
        gelezen_tot=lag.gelezen_tot,
        achterstand=lag.achterstand,
        laatst_gelezen_op=lag.gelezen_op,
    )


def partner_out(p: Partner, lag: FeedLag) -> PartnerOut:
    """The registry entry plus how far behind its feed reader is (`p` loaded with its codes)."""
    return PartnerOut(
        id=p.id,
        naam=p.naam,
        rol=p.rol,
        oin=p.oin,
        gemeentecode=p.gemeentecode,
        aangesloten=p.aangesloten,
        aangesloten_sinds=p.aangesloten_sinds,
        organisatie=p.organisatie,
        actief=p.actief,
        inrichtingen=sorted(p.inrichting_codes),
        bij_gemeentecodes=sorted(p.bij_gemeentecodes),
        feed=feed_stand(lag),
        aangemaakt_op=p.aangemaakt_op,
        gewijzigd_op=p.gewijzigd_op,
    )


def partner_list(partners: Sequence[Partner], lags: Mapping[uuid.UUID, FeedLag]) -> PartnerList:
    return PartnerList(partners=[partner_out(p, lags[p.id]) for p in partners])


def client_created(client: Client, secret: str) -> ClientCreated:
    """The client with its secret: the only time the secret is shown (only its hash is stored)."""
    return ClientCreated(client_id=client.client_id, client_secret=secret, aangemaakt_op=client.aangemaakt_op)


def client_list(clients: Sequence[Client]) -> ClientList:
    return ClientList(clients=[ClientOut.model_validate(c, from_attributes=True) for c in clients])
