"""How a partner stands to a detentie: the relations the disclosure table (rules.py) and the routing table
(routing.py) are written in, evaluated here and nowhere else (DESIGN §3, §6, §7.2).

Pure: the facts come in as arguments.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

NL = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Opdracht:
    """A reclasseringsopdracht: active on the Dutch calendar days van..tot inclusive (tot open = no end)."""

    organisatie: str
    van: dt.date
    tot: dt.date | None = None

    def actief_op(self, moment: dt.datetime) -> bool:
        dag = moment.astimezone(NL).date()
        return self.van <= dag and (self.tot is None or dag <= self.tot)


def is_responsible_gemeente(
    gemeentecode: str | None, aangesloten: bool, verantwoordelijke_gemeenten: Iterable[str]
) -> bool:
    """A gemeente of inschrijving, hervestiging or na ontslag that is aangesloten (DESIGN §6: one that is
    not aangesloten receives nothing and may read nothing)."""
    return aangesloten and gemeentecode is not None and gemeentecode in verantwoordelijke_gemeenten


def active_organisations(opdrachten: Iterable[Opdracht], moment: dt.datetime) -> frozenset[str]:
    """The reclassering organisations holding an opdracht for the detentie that is active at `moment`."""
    return frozenset(o.organisatie for o in opdrachten if o.actief_op(moment))


def has_active_opdracht(organisatie: str | None, opdrachten: Iterable[Opdracht], moment: dt.datetime) -> bool:
    return organisatie is not None and organisatie in active_organisations(opdrachten, moment)


def is_bij_recipient(partner_id: uuid.UUID, bij_ontvangers: Iterable[uuid.UUID]) -> bool:
    """A partner a BIJ-melding about the detentie was routed to when it was made."""
    return partner_id in set(bij_ontvangers)


def dji_acts_for(inrichtingen: Iterable[str], inrichting: str | None) -> bool:
    """The DJI partner speaking for the detentie's current inrichting: it reads and writes the detentie
    (DESIGN §3, as decided for issue 10)."""
    return inrichting is not None and inrichting in set(inrichtingen)


def dji_reads(
    partner_id: uuid.UUID,
    inrichtingen: Iterable[str],
    bron_partner_id: uuid.UUID | None,
    inrichting: str | None,
) -> bool:
    """A DJI partner reads a detentie it acts for, and keeps reading what it posted itself after an
    overplaatsing took the detentie to another partner's inrichting."""
    return dji_acts_for(inrichtingen, inrichting) or partner_id == bron_partner_id
