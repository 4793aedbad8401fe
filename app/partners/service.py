"""Partner registry and client credentials (beheer)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.errors import Conflict, FieldError, NotFound, ValidationFailed
from app.partners import repository as repo
from app.partners.models import BijMandaat, Client, Partner, PartnerInrichting
from app.partners.secrets import generate_secret, hash_secret
from app.schemas.partners import PartnerCreate, PartnerUpdate


def create_partner(session: Session, data: PartnerCreate, now: dt.datetime) -> Partner:
    if repo.get_by_naam(session, data.naam):
        raise Conflict("Er bestaat al een partner met deze naam")
    if data.gemeentecode and repo.existing_gemeentecodes(session, [data.gemeentecode]):
        raise Conflict("Er bestaat al een partner voor deze gemeentecode")
    partner = Partner(
        naam=data.naam,
        rol=data.rol.value,
        oin=data.oin,
        gemeentecode=data.gemeentecode,
        aangesloten=data.aangesloten,
        aangesloten_sinds=data.aangesloten_sinds or (now.date() if data.aangesloten else None),
        organisatie=data.organisatie.value if data.organisatie else None,
        actief=True,
        laatste_sequence=0,
        aangemaakt_op=now,
        gewijzigd_op=now,
    )
    _set_inrichtingen(session, partner, data.inrichtingen)
    _set_mandaten(session, partner, data.bij_gemeentecodes, now)
    try:
        return repo.add(session, partner)
    except IntegrityError as exc:
        raise Conflict("Partner botst met een bestaande partner") from exc


def update_partner(session: Session, partner_id: uuid.UUID, data: PartnerUpdate, now: dt.datetime) -> Partner:
    partner = get_partner(session, partner_id)
    fields = data.model_fields_set
    if "naam" in fields and data.naam and data.naam != partner.naam:
        if repo.get_by_naam(session, data.naam):
            raise Conflict("Er bestaat al een partner met deze naam")
        partner.naam = data.naam
    if "oin" in fields:
        partner.oin = data.oin
    if "gemeentecode" in fields and data.gemeentecode != partner.gemeentecode:
        _require_rol(partner, "gemeente", "gemeentecode")
        if data.gemeentecode and repo.existing_gemeentecodes(session, [data.gemeentecode]):
            raise Conflict("Er bestaat al een partner voor deze gemeentecode")
        partner.gemeentecode = data.gemeentecode
    if "aangesloten" in fields and data.aangesloten is not None:
        if data.aangesloten and partner.gemeentecode is None:
            raise ValidationFailed([FieldError("aangesloten", "aangesloten geldt alleen voor rol gemeente")])
        if data.aangesloten and not partner.aangesloten:
            partner.aangesloten_sinds = data.aangesloten_sinds or now.date()
        partner.aangesloten = data.aangesloten
    elif "aangesloten_sinds" in fields:
        partner.aangesloten_sinds = data.aangesloten_sinds
    if "actief" in fields and data.actief is not None:
        partner.actief = data.actief
    if data.inrichtingen is not None:
        _require_rol(partner, "dji", "inrichtingen")
        _set_inrichtingen(session, partner, data.inrichtingen)
    if data.bij_gemeentecodes is not None:
        _require_rol(partner, "bij_gemandateerde", "bijGemeentecodes")
        _set_mandaten(session, partner, data.bij_gemeentecodes, now)
    partner.gewijzigd_op = now
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:  # a concurrent change took the same naam or gemeentecode
        raise Conflict("Partner botst met een bestaande partner") from exc
    return partner


def _require_rol(partner: Partner, rol: str, field: str) -> None:
    if partner.rol != rol:
        raise ValidationFailed([FieldError(field, f"alleen voor rol {rol}")])


def _set_inrichtingen(session: Session, partner: Partner, codes: Sequence[str]) -> None:
    taken = {c: pid for c, pid in repo.existing_inrichtingen(session, codes).items() if pid != partner.id}
    if taken:
        raise Conflict("Inrichting(en) al toegewezen aan een andere partner: " + ", ".join(sorted(taken)))
    keep = {i.code: i for i in partner.inrichtingen}
    partner.inrichtingen = [keep.get(c) or PartnerInrichting(code=c) for c in sorted(set(codes))]


def _set_mandaten(session: Session, partner: Partner, codes: Sequence[str], now: dt.datetime) -> None:
    taken = {c: pid for c, pid in repo.mandaten(session, codes).items() if pid != partner.id}
    if taken:
        raise Conflict("Mandaat voor gemeente(n) al bij een andere partner: " + ", ".join(sorted(taken)))
    keep = {m.gemeentecode: m for m in partner.bij_mandaten}
    partner.bij_mandaten = [keep.get(c) or BijMandaat(gemeentecode=c, sinds=now) for c in sorted(set(codes))]


def get_partner(session: Session, partner_id: uuid.UUID) -> Partner:
    partner = repo.get(session, partner_id, with_codes=True)
    if partner is None:
        raise NotFound("Partner niet gevonden")
    return partner


def list_partners(session: Session) -> Sequence[Partner]:
    return repo.list_all(session)


def create_client(
    session: Session,
    partner_id: uuid.UUID,
    now: dt.datetime,
    client_id: str | None = None,
    secret: str | None = None,
) -> tuple[Client, str]:
    """Create a client; returns it with its secret, which is not stored and cannot be shown again."""
    partner = get_partner(session, partner_id)
    client_id = client_id or f"{partner.rol}-{uuid.uuid4().hex[:12]}"
    if repo.client_by_client_id(session, client_id):
        raise Conflict("Deze clientId bestaat al")
    secret = secret or generate_secret()
    client = Client(
        partner_id=partner.id, client_id=client_id, secret_hash=hash_secret(secret), aangemaakt_op=now
    )
    return repo.add_client(session, client), secret


def _own_client(session: Session, partner_id: uuid.UUID, client_id: str) -> Client:
    client = repo.client_by_client_id(session, client_id)
    if client is None or client.partner_id != partner_id:
        raise NotFound("Client niet gevonden")
    return client


def rotate_client(
    session: Session, partner_id: uuid.UUID, client_id: str, now: dt.datetime
) -> tuple[Client, str]:
    client = _own_client(session, partner_id, client_id)
    if client.ingetrokken_op is not None:
        raise Conflict("Een ingetrokken client kan niet worden geroteerd")
    secret = generate_secret()
    client.secret_hash = hash_secret(secret)
    client.geroteerd_op = now
    session.flush()
    return client, secret


def revoke_client(session: Session, partner_id: uuid.UUID, client_id: str, now: dt.datetime) -> Client:
    client = _own_client(session, partner_id, client_id)
    if client.ingetrokken_op is None:
        client.ingetrokken_op = now
    session.flush()
    return client


def list_clients(session: Session, partner_id: uuid.UUID) -> Sequence[Client]:
    get_partner(session, partner_id)
    return repo.clients_of(session, partner_id)
