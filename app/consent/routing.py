"""DESIGN §6, who is told what, as data: one frozen table of routes beside the disclosure table
(rules.py), and a pure function that applies it. Reviewed like rules.py: one row per line of §6.

A route names event types and a kind of recipient; `route()` finds the recipients of that kind among
the candidates it is given (the partners that could be concerned, gathered by the caller with SQL),
using the relations of app.consent.relations. A recipient that should be told but cannot receive (no
partner, a gemeente not aangesloten, an inactive partner) is returned as undeliverable, for operators.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from app.consent.relations import Opdracht, active_organisations
from app.rollen import Rol


# DESIGN §8. (No docstring: it would become the schema's description in the OpenAPI document.)
class EventType(StrEnum):
    DETENTIE_GESTART = "nl.justitiabelen.detentie.gestart"
    DETENTIE_OVERGEPLAATST = "nl.justitiabelen.detentie.overgeplaatst"
    DETENTIE_EINDDATUM_VERWACHT = "nl.justitiabelen.detentie.einddatum-verwacht"
    DETENTIE_BEEINDIGD = "nl.justitiabelen.detentie.beeindigd"
    DETENTIE_INGETROKKEN = "nl.justitiabelen.detentie.ingetrokken"
    INFORMATIEBLAD_VERSTREKT = "nl.justitiabelen.informatieblad.verstrekt"
    INFORMATIEBLAD_INGETROKKEN = "nl.justitiabelen.informatieblad.ingetrokken"
    BASISVOORWAARDEN_GEWIJZIGD = "nl.justitiabelen.basisvoorwaarden.gewijzigd"
    BIJ_GEMELD = "nl.justitiabelen.bij.gemeld"


class Ontvangers(StrEnum):
    """The kinds of recipient a route names."""

    # The gemeenten of inschrijving, hervestiging and na ontslag, when aangesloten.
    VERANTWOORDELIJKE_GEMEENTEN = "verantwoordelijke_gemeenten"
    # The reclassering organisations holding an opdracht for the detentie, active at the moment.
    RECLASSERING_MET_ACTIEVE_OPDRACHT = "reclassering_met_actieve_opdracht"
    # The partners an earlier BIJ-melding about the detentie was routed to (recorded when it was made).
    BIJ_ONTVANGERS_VAN_DE_DETENTIE = "bij_ontvangers_van_de_detentie"
    # The bij_gemandateerde holding the mandate for the gemeente of the melding's verblijfadres.
    BIJ_MANDAATHOUDER_VERBLIJFADRES = "bij_mandaathouder_verblijfadres"
    POLITIE = "politie"


@dataclass(frozen=True)
class Route:
    typen: frozenset[EventType]
    ontvangers: Ontvangers


_DETENTIE = frozenset(
    {
        EventType.DETENTIE_GESTART,
        EventType.DETENTIE_OVERGEPLAATST,
        EventType.DETENTIE_EINDDATUM_VERWACHT,
        EventType.DETENTIE_BEEINDIGD,
    }
)
_INFORMATIEBLAD = frozenset({EventType.INFORMATIEBLAD_VERSTREKT, EventType.INFORMATIEBLAD_INGETROKKEN})

ROUTES: tuple[Route, ...] = (
    # detentie gestart / overgeplaatst / einddatum verwacht / beeindigd: the responsible gemeenten.
    Route(_DETENTIE, Ontvangers.VERANTWOORDELIJKE_GEMEENTEN),
    # Interpretation (issue 3): reclassering may read the detentie while its opdracht is active (§7.2),
    # so it is told of the same changes while it is.
    Route(_DETENTIE, Ontvangers.RECLASSERING_MET_ACTIEVE_OPDRACHT),
    # Correction of the gemeente: the old gemeente is told `ingetrokken` (the caller routes it on the
    # facts from before the correction; the new gemeente gets `gestart` on the facts after it).
    Route(frozenset({EventType.DETENTIE_INGETROKKEN}), Ontvangers.VERANTWOORDELIJKE_GEMEENTEN),
    Route(frozenset({EventType.DETENTIE_INGETROKKEN}), Ontvangers.RECLASSERING_MET_ACTIEVE_OPDRACHT),
    # informatieblad verstrekt / ingetrokken: the responsible gemeenten.
    Route(_INFORMATIEBLAD, Ontvangers.VERANTWOORDELIJKE_GEMEENTEN),
    # basisvoorwaarden gewijzigd: reclassering with an active opdracht; it is told `informatieblad.
    # ingetrokken` when a withdrawn consent takes categories away (§7.2).
    Route(frozenset({EventType.BASISVOORWAARDEN_GEWIJZIGD}), Ontvangers.RECLASSERING_MET_ACTIEVE_OPDRACHT),
    Route(frozenset({EventType.INFORMATIEBLAD_INGETROKKEN}), Ontvangers.RECLASSERING_MET_ACTIEVE_OPDRACHT),
    # BIJ-melding: the mandate holder for the verblijfadres gemeente, and politie.
    Route(frozenset({EventType.BIJ_GEMELD}), Ontvangers.BIJ_MANDAATHOUDER_VERBLIJFADRES),
    Route(frozenset({EventType.BIJ_GEMELD}), Ontvangers.POLITIE),
    # detentie beeindigd, for a person with an earlier BIJ-melding: the same BIJ recipients.
    Route(frozenset({EventType.DETENTIE_BEEINDIGD}), Ontvangers.BIJ_ONTVANGERS_VAN_DE_DETENTIE),
)


@dataclass(frozen=True)
class Candidate:
    """A partner that may be concerned by an event."""

    partner_id: uuid.UUID
    rol: Rol
    actief: bool = True
    gemeentecode: str | None = None
    aangesloten: bool = False
    organisatie: str | None = None


@dataclass(frozen=True)
class Onbestelbaar:
    """An intended recipient that cannot receive (no partner, or a gemeente not aangesloten)."""

    rol: str
    sleutel: str | None
    reden: str


@dataclass(frozen=True)
class RoutingFacts:
    """What routing needs to know, gathered by the caller. `gemeenten`: per responsible gemeentecode its
    gemeente partner (None when there is none). `reclassering`: the reclassering partners (any
    organisation; routing picks those with an active opdracht). `bij_ontvangers`: the recorded
    recipients of earlier BIJ-meldingen about the detentie. `mandaathouder`: for a BIJ-melding, the
    holder of the mandate for `verblijf_gemeentecode`."""

    gemeenten: Mapping[str, Candidate | None] = field(default_factory=dict)
    opdrachten: tuple[Opdracht, ...] = ()
    reclassering: tuple[Candidate, ...] = ()
    bij_ontvangers: tuple[Candidate, ...] = ()
    verblijf_gemeentecode: str | None = None
    mandaathouder: Candidate | None = None
    politie: tuple[Candidate, ...] = ()


@dataclass(frozen=True)
class Routing:
    ontvangers: frozenset[uuid.UUID] = frozenset()
    onbestelbaar: tuple[Onbestelbaar, ...] = ()

    def __or__(self, other: Routing) -> Routing:
        return Routing(self.ontvangers | other.ontvangers, self.onbestelbaar + other.onbestelbaar)


def route(
    type_: EventType, feiten: RoutingFacts, moment: dt.datetime, routes: Sequence[Route] = ROUTES
) -> Routing:
    """Everyone who is told of an event of `type_` (and who should have been but cannot receive)."""
    result = Routing()
    for r in routes:
        if type_ in r.typen:
            result = result | _resolve(r.ontvangers, feiten, moment)
    return result


def _resolve(ontvangers: Ontvangers, feiten: RoutingFacts, moment: dt.datetime) -> Routing:
    if ontvangers is Ontvangers.VERANTWOORDELIJKE_GEMEENTEN:
        return _gemeenten(feiten)
    if ontvangers is Ontvangers.RECLASSERING_MET_ACTIEVE_OPDRACHT:
        actief = active_organisations(feiten.opdrachten, moment)
        return _alle(k for k in feiten.reclassering if k.actief and k.organisatie in actief)
    if ontvangers is Ontvangers.BIJ_ONTVANGERS_VAN_DE_DETENTIE:
        return _actieve(feiten.bij_ontvangers, None, "BIJ-ontvanger niet meer actief")
    if ontvangers is Ontvangers.BIJ_MANDAATHOUDER_VERBLIJFADRES:
        return _mandaathouder(feiten)
    if ontvangers is Ontvangers.POLITIE:
        if not any(k.actief for k in feiten.politie):
            return Routing(
                onbestelbaar=(Onbestelbaar(Rol.POLITIE.value, None, "geen actieve politiepartner"),)
            )
        return _alle(k for k in feiten.politie if k.actief)
    raise ValueError(ontvangers)  # pragma: no cover - every kind is handled above


def _gemeenten(feiten: RoutingFacts) -> Routing:
    ontvangers, onbestelbaar = set(), []
    gemeente = Rol.GEMEENTE.value
    for code, kandidaat in sorted(feiten.gemeenten.items()):
        if kandidaat is None or not kandidaat.actief:
            onbestelbaar.append(Onbestelbaar(gemeente, code, "geen partner voor deze gemeente"))
        elif not kandidaat.aangesloten:
            onbestelbaar.append(Onbestelbaar(gemeente, code, "gemeente niet aangesloten"))
        else:
            ontvangers.add(kandidaat.partner_id)
    return Routing(frozenset(ontvangers), tuple(onbestelbaar))


def _mandaathouder(feiten: RoutingFacts) -> Routing:
    houder, code = feiten.mandaathouder, feiten.verblijf_gemeentecode
    rol = Rol.BIJ_GEMANDATEERDE.value
    if houder is None:
        return Routing(
            onbestelbaar=(Onbestelbaar(rol, code, "geen BIJ-gemandateerde met mandaat voor deze gemeente"),)
        )
    return _actieve((houder,), code, "BIJ-gemandateerde niet actief")


def _alle(kandidaten: Iterable[Candidate]) -> Routing:
    return Routing(frozenset(k.partner_id for k in kandidaten))


def _actieve(kandidaten: Sequence[Candidate], sleutel: str | None, reden: str) -> Routing:
    ontvangers = frozenset(k.partner_id for k in kandidaten if k.actief)
    onbestelbaar = tuple(Onbestelbaar(k.rol.value, sleutel, reden) for k in kandidaten if not k.actief)
    return Routing(ontvangers, onbestelbaar)
