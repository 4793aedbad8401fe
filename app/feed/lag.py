"""Partner views for beheer: the registry entry plus how far behind its feed reader is."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from app.feed import repository as feed
from app.partners.models import Partner
from app.schemas.partners import FeedStand, PartnerOut


def partner_out(partners: Sequence[Partner], session: Session) -> list[PartnerOut]:
    voortgang = feed.voortgang(session, [p.id for p in partners])
    result = []
    for p in partners:
        v = voortgang.get(p.id)
        gelezen = v.gelezen_tot if v else 0
        result.append(
            PartnerOut(
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
                feed=FeedStand(
                    laatste_sequence=p.laatste_sequence,
                    gelezen_tot=gelezen,
                    achterstand=max(0, p.laatste_sequence - gelezen),
                    laatst_gelezen_op=v.gelezen_op if v else None,
                ),
                aangemaakt_op=p.aangemaakt_op,
                gewijzigd_op=p.gewijzigd_op,
            )
        )
    return result
