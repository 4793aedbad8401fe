"""The pure decision function: (recipient, object facts, moment) -> permitted categories with grondslag.

No database, no clock, no settings: everything it depends on is an argument, so it can be tested
exhaustively and with random histories.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from app.consent import relations
from app.consent.categorieen import Beperking, Categorie, Grondslag, OntvangerSoort
from app.consent.relations import NL, Opdracht
from app.consent.rules import RULES, Condition, Datum, Doel, Effective, RelationKind, Rule
from app.rollen import Rol

BIJ_SOORT_RISICO_18B = "risico_18b"


@dataclass(frozen=True)
class Ontvanger:
    partner_id: uuid.UUID
    rol: Rol
    gemeentecode: str | None = None
    aangesloten: bool = False
    organisatie: str | None = None
    bij_gemeentecodes: frozenset[str] = frozenset()
    inrichtingen: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ConsentStatement:
    """One consent statement. It governs from the moment it was registered until the next one; an empty
    `categorieen` is a withdrawal. `volgnummer` orders statements registered at the same instant (a clock
    has finite resolution): the later registration wins."""

    geregistreerd_op: dt.datetime
    categorieen: frozenset[Categorie]
    ontvangers: frozenset[OntvangerSoort]
    volgnummer: int = 0


@dataclass(frozen=True)
class PolicyFacts:
    """What the policy needs to know about the object and its person; no personal data.

    - verantwoordelijke_gemeenten: gemeentecodes of inschrijving, hervestiging, na ontslag.
    - opdrachten: reclasseringsopdrachten for the detentie.
    - toestemmingen: the consent history, any order.
    - bij_ontvangers: partners a BIJ-melding about this object (or the detentie) was routed to.
    - bij_soort: the soort of the BIJ-melding when the object is one.
    """

    bron_partner_id: uuid.UUID
    # The detentie's current inrichting: its DJI partner acts for it (DESIGN §3).
    inrichting: str | None = None
    verantwoordelijke_gemeenten: frozenset[str] = frozenset()
    opdrachten: tuple[Opdracht, ...] = ()
    toestemmingen: tuple[ConsentStatement, ...] = ()
    bij_ontvangers: frozenset[uuid.UUID] = frozenset()
    bij_soort: str | None = None


@dataclass(frozen=True)
class Grant:
    grondslag: Grondslag
    doel: Doel
    beperking: Beperking | None = None


@dataclass(frozen=True)
class Decision:
    """The categories that may be disclosed, each with grondslag, purpose and any limitation.

    `eigen_bron`: the reader posted the object itself; showing it back is no verstrekking (not logged)."""

    grants: Mapping[Categorie, Grant] = field(default_factory=dict)
    eigen_bron: bool = False

    @property
    def zichtbaar(self) -> bool:
        return self.eigen_bron or bool(self.grants)

    @property
    def grondslagen(self) -> dict[Categorie, Grondslag]:
        return {c: t.grondslag for c, t in self.grants.items()}

    def may(self, categorie: Categorie) -> bool:
        return self.eigen_bron or categorie in self.grants

    def is_full(self, categorie: Categorie) -> bool:
        """May the category be shown whole (not limited, e.g. to identity)?"""
        if self.eigen_bron:
            return True
        toekenning = self.grants.get(categorie)
        return toekenning is not None and toekenning.beperking is None


ALLES = Decision(eigen_bron=True)
NIETS = Decision()


def start_of(datum: dt.date) -> dt.datetime:
    """A rule taking effect on `datum` applies from 00:00 Dutch time that day."""
    return dt.datetime.combine(datum, dt.time(), tzinfo=NL)


def _date_of(waarde: Datum, sb_datum: dt.date) -> dt.date:
    return sb_datum if isinstance(waarde, Effective) else waarde


def current_statement(
    toestemmingen: tuple[ConsentStatement, ...], moment: dt.datetime
) -> ConsentStatement | None:
    """The statement in force at `moment`: the last one registered at or before it."""
    geldend = [v for v in toestemmingen if v.geregistreerd_op <= moment]
    return max(geldend, key=lambda v: (v.geregistreerd_op, v.volgnummer), default=None)


def _in_period(regel: Rule, moment: dt.datetime, sb_datum: dt.date) -> bool:
    if regel.vanaf is not None and moment < start_of(_date_of(regel.vanaf, sb_datum)):
        return False
    return regel.tot is None or moment < start_of(_date_of(regel.tot, sb_datum))


def _relation_holds(
    relatie: RelationKind, ontvanger: Ontvanger, feiten: PolicyFacts, moment: dt.datetime
) -> bool:
    if relatie is RelationKind.VERANTWOORDELIJKE_GEMEENTE:
        return relations.is_responsible_gemeente(
            ontvanger.gemeentecode, ontvanger.aangesloten, feiten.verantwoordelijke_gemeenten
        )
    if relatie is RelationKind.ACTIEVE_OPDRACHT:
        return relations.has_active_opdracht(ontvanger.organisatie, feiten.opdrachten, moment)
    if relatie is RelationKind.BIJ_ONTVANGER:
        return relations.is_bij_recipient(ontvanger.partner_id, feiten.bij_ontvangers)
    return False


def _condition_holds(
    regel: Rule, categorie: Categorie, feiten: PolicyFacts, verklaring: ConsentStatement | None
) -> bool:
    if regel.voorwaarde is Condition.GEEN:
        return True
    if regel.voorwaarde is Condition.TOESTEMMING:
        return (
            verklaring is not None
            and categorie in verklaring.categorieen
            and regel.ontvanger_soort in verklaring.ontvangers
        )
    if regel.voorwaarde is Condition.BIJ_RISICO_18B:
        return feiten.bij_soort == BIJ_SOORT_RISICO_18B
    if regel.voorwaarde is Condition.BIJ_REGULIER:
        return feiten.bij_soort != BIJ_SOORT_RISICO_18B
    return False


def decide(
    ontvanger: Ontvanger,
    feiten: PolicyFacts,
    moment: dt.datetime,
    sb_datum: dt.date,
    rules: Sequence[Rule] = RULES,
) -> Decision:
    """What `ontvanger` may see of the object at `moment`. Deny by default; the first applicable row of
    `rules` decides each category (the rows of RULES exclude each other, so there is only one). `rules`
    is there for tests that check a mutated copy of the table."""
    if ontvanger.rol is Rol.DJI and relations.dji_reads(
        ontvanger.partner_id, ontvanger.inrichtingen, feiten.bron_partner_id, feiten.inrichting
    ):
        return ALLES
    verklaring = current_statement(feiten.toestemmingen, moment)
    grants: dict[Categorie, Grant] = {}
    for regel in rules:
        if regel.rol is not ontvanger.rol or not _in_period(regel, moment, sb_datum):
            continue
        if not _relation_holds(regel.relatie, ontvanger, feiten, moment):
            continue
        for categorie in regel.categorieen:
            if categorie not in grants and _condition_holds(regel, categorie, feiten, verklaring):
                beperking = regel.beperking if categorie is Categorie.DETENTIE else None
                grants[categorie] = Grant(regel.grondslag, regel.doel, beperking)
    return Decision(grants)
