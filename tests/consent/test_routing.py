"""DESIGN §6, who is told what, as literal cases: each names the line of §6 (or of the issue that
interpreted it) it comes from, and says exactly who is told and who is recorded as undeliverable -- so
also that nobody else is told. Every case stands in a world where every kind of partner is present.

The cases call only `route()` with hand-built facts. The last section evaluates them against mutated
copies of the table: every single-row change of ROUTES makes at least one case fail.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import cast

import pytest

from app.consent.relations import Opdracht

# route() and its input and output types. ROUTES, Route and Ontvangers are only there to build the
# table's mutants (last section): no literal case uses them.
from app.consent.routing import (
    ROUTES,
    Candidate,
    EventType,
    Onbestelbaar,
    Ontvangers,
    Route,
    RoutingFacts,
    route,
)
from app.rollen import Rol

MOMENT = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)  # 10:00 Dutch time, 23 November


def _partner(rol: Rol, **kw: object) -> Candidate:
    return Candidate(uuid.uuid4(), rol, **kw)  # type: ignore[arg-type]


AMSTERDAM = _partner(Rol.GEMEENTE, gemeentecode="0363", aangesloten=True)  # inschrijving
LEEUWARDEN = _partner(Rol.GEMEENTE, gemeentecode="0080", aangesloten=True)  # hervestiging
ROTTERDAM = _partner(Rol.GEMEENTE, gemeentecode="0599", aangesloten=True)  # na ontslag
UTRECHT = _partner(Rol.GEMEENTE, gemeentecode="0344", aangesloten=False)
ZAANSTAD_INACTIEF = _partner(Rol.GEMEENTE, gemeentecode="0479", aangesloten=True, actief=False)
RN = _partner(Rol.RECLASSERING, organisatie="RN")
SVG = _partner(Rol.RECLASSERING, organisatie="SVG")
LJR = _partner(Rol.RECLASSERING, organisatie="LJR")
ZVH = _partner(Rol.BIJ_GEMANDATEERDE)  # mandate for 0080 (the verblijfadres)
BIJ_AMSTERDAM = _partner(Rol.BIJ_GEMANDATEERDE)  # mandate for 0363
POLITIE = _partner(Rol.POLITIE)
POLITIE_INACTIEF = _partner(Rol.POLITIE, actief=False)

# RN's opdracht is active today; SVG's ended yesterday; LJR's starts tomorrow.
OPDRACHTEN = (
    Opdracht("RN", dt.date(2026, 11, 1)),
    Opdracht("SVG", dt.date(2026, 10, 1), dt.date(2026, 11, 22)),
    Opdracht("LJR", dt.date(2026, 11, 24)),
)


def wereld(**kw: object) -> RoutingFacts:
    """Facts in which every kind of partner is present: the responsible gemeente Amsterdam, reclassering
    (RN with an active opdracht), the earlier BIJ recipients (ZVH, politie), the mandate holder for the
    verblijfadres of a new BIJ-melding (BIJ Amsterdam) and politie."""
    base: dict[str, object] = {
        "gemeenten": {"0363": AMSTERDAM},
        "opdrachten": OPDRACHTEN,
        "reclassering": (RN, SVG, LJR),
        "bij_ontvangers": (ZVH, POLITIE),
        "verblijf_gemeentecode": "0363",
        "mandaathouder": BIJ_AMSTERDAM,
        "politie": (POLITIE,),
    }
    base.update(kw)
    return RoutingFacts(**base)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Case:
    design: str  # the line it comes from, quoted or paraphrased
    type_: EventType
    feiten: RoutingFacts
    ontvangers: frozenset[Candidate]
    onbestelbaar: tuple[Onbestelbaar, ...] = ()
    moment: dt.datetime = field(default=MOMENT)


def _niet_aangesloten(code: str) -> Onbestelbaar:
    return Onbestelbaar("gemeente", code, "gemeente niet aangesloten")


def _geen_partner(code: str) -> Onbestelbaar:
    return Onbestelbaar("gemeente", code, "geen partner voor deze gemeente")


GESTART, OVERGEPLAATST, EINDDATUM_VERWACHT, BEEINDIGD, INGETROKKEN = (
    EventType.DETENTIE_GESTART,
    EventType.DETENTIE_OVERGEPLAATST,
    EventType.DETENTIE_EINDDATUM_VERWACHT,
    EventType.DETENTIE_BEEINDIGD,
    EventType.DETENTIE_INGETROKKEN,
)
DETENTIE_EVENTS = (GESTART, OVERGEPLAATST, EINDDATUM_VERWACHT, BEEINDIGD)
VERSTREKT, BLAD_INGETROKKEN = EventType.INFORMATIEBLAD_VERSTREKT, EventType.INFORMATIEBLAD_INGETROKKEN
GEWIJZIGD, BIJ_GEMELD = EventType.BASISVOORWAARDEN_GEWIJZIGD, EventType.BIJ_GEMELD
DRIE_GEMEENTEN = {"0363": AMSTERDAM, "0080": LEEUWARDEN, "0599": ROTTERDAM}
# What each detentie event reaches in the world besides the gemeenten: RN (active opdracht), and on
# beeindigd the earlier BIJ recipients.
NAAST = {GESTART: {RN}, OVERGEPLAATST: {RN}, EINDDATUM_VERWACHT: {RN}, BEEINDIGD: {RN, ZVH, POLITIE}}


def _detentie_cases() -> list[Case]:
    cases = []
    for t in DETENTIE_EVENTS:
        naast = NAAST[t]
        cases += [
            Case(
                "§6 detentie events: 'the gemeente of gemeenteVanInschrijving if it is aangesloten'",
                t,
                wereld(),
                frozenset({AMSTERDAM, *naast}),
            ),
            Case(
                "§6 detentie events: 'plus the gemeente van hervestiging (and gemeenteNaOntslag) if "
                "aangesloten'",
                t,
                wereld(gemeenten=DRIE_GEMEENTEN),
                frozenset({AMSTERDAM, LEEUWARDEN, ROTTERDAM, *naast}),
            ),
            Case(
                "§6: 'A gemeente that is not aangesloten receives nothing; the event is recorded as "
                "undeliverable for operators'",
                t,
                wereld(gemeenten={"0363": AMSTERDAM, "0344": UTRECHT}),
                frozenset({AMSTERDAM, *naast}),
                (_niet_aangesloten("0344"),),
            ),
            Case(
                "§6, undeliverable: a responsible gemeente without a (still active) partner receives nothing",
                t,
                wereld(gemeenten={"0363": None, "0479": ZAANSTAD_INACTIEF}),
                frozenset(naast),
                (_geen_partner("0363"), _geen_partner("0479")),
            ),
            Case(
                "issue 3: 'detentie events also reach [reclassering] while the opdracht is active' -- "
                "not after its `tot`, not before its `van`, not to an inactive partner",
                t,
                wereld(reclassering=(replace(RN, actief=False), SVG, LJR)),
                frozenset({AMSTERDAM, *(naast - {RN})}),
            ),
        ]
    return cases


def _other_cases() -> list[Case]:
    return [
        Case(
            "§6 correction of the gemeente: 'old gemeente: detentie.ingetrokken' (routed on the facts from "
            "before the correction; the new gemeente's detentie.gestart is the first case)",
            INGETROKKEN,
            wereld(gemeenten={"0080": LEEUWARDEN, "0344": UTRECHT}),
            frozenset({LEEUWARDEN, RN}),
            (_niet_aangesloten("0344"),),
        ),
        Case(
            "§6 'informatieblad verstrekt / ingetrokken: the responsible gemeente(n), as above'",
            VERSTREKT,
            wereld(gemeenten={**DRIE_GEMEENTEN, "0344": UTRECHT}),
            frozenset({AMSTERDAM, LEEUWARDEN, ROTTERDAM}),
            (_niet_aangesloten("0344"),),
        ),
        Case(
            "§6 'informatieblad verstrekt / ingetrokken: the responsible gemeente(n)'; issue 3: "
            "'.ingetrokken (to recipients that held consent-based data ...)' -- reclassering with an "
            "active opdracht too",
            BLAD_INGETROKKEN,
            wereld(gemeenten={**DRIE_GEMEENTEN, "0344": UTRECHT}),
            frozenset({AMSTERDAM, LEEUWARDEN, ROTTERDAM, RN}),
            (_niet_aangesloten("0344"),),
        ),
        Case(
            "§6 'basisvoorwaarden gewijzigd: reclassering organisations with an active opdracht'",
            GEWIJZIGD,
            wereld(),
            frozenset({RN}),
        ),
        Case(
            "§6 basisvoorwaarden gewijzigd, on the last day of SVG's opdracht (active van..tot inclusive)",
            GEWIJZIGD,
            wereld(),
            frozenset({RN, SVG}),
            moment=dt.datetime(2026, 11, 22, 22, 59, 59, tzinfo=dt.UTC),  # 23:59:59 Dutch time
        ),
        Case(
            "§6 basisvoorwaarden gewijzigd: not after the opdracht's `tot`, not to an inactive partner",
            GEWIJZIGD,
            wereld(reclassering=(replace(RN, actief=False), SVG, LJR)),
            frozenset(),
        ),
        Case(
            "§6 'BIJ-melding: the bij_gemandateerde holding the mandate for verblijfadres.gemeentecode, "
            "and politie'",
            BIJ_GEMELD,
            wereld(verblijf_gemeentecode="0080", mandaathouder=ZVH),
            frozenset({ZVH, POLITIE}),
        ),
        Case(
            "§6 BIJ-melding, undeliverable: no bij_gemandateerde holds the mandate for the gemeente",
            BIJ_GEMELD,
            wereld(verblijf_gemeentecode="0080", mandaathouder=None),
            frozenset({POLITIE}),
            (
                Onbestelbaar(
                    "bij_gemandateerde", "0080", "geen BIJ-gemandateerde met mandaat voor deze gemeente"
                ),
            ),
        ),
        Case(
            "§6 BIJ-melding, undeliverable: the mandate holder is not active",
            BIJ_GEMELD,
            wereld(verblijf_gemeentecode="0080", mandaathouder=replace(ZVH, actief=False)),
            frozenset({POLITIE}),
            (Onbestelbaar("bij_gemandateerde", "0080", "BIJ-gemandateerde niet actief"),),
        ),
        Case(
            "§6 BIJ-melding 'and politie', undeliverable: no politie partner",
            BIJ_GEMELD,
            wereld(verblijf_gemeentecode="0080", mandaathouder=ZVH, politie=()),
            frozenset({ZVH}),
            (Onbestelbaar("politie", None, "geen actieve politiepartner"),),
        ),
        Case(
            "§6 BIJ-melding 'and politie': an inactive politie partner is no recipient; the active one is",
            BIJ_GEMELD,
            wereld(verblijf_gemeentecode="0080", mandaathouder=ZVH, politie=(POLITIE_INACTIEF, POLITIE)),
            frozenset({ZVH, POLITIE}),
        ),
        Case(
            "§6 BIJ-melding 'and politie', undeliverable: only an inactive politie partner",
            BIJ_GEMELD,
            wereld(verblijf_gemeentecode="0080", mandaathouder=ZVH, politie=(POLITIE_INACTIEF,)),
            frozenset({ZVH}),
            (Onbestelbaar("politie", None, "geen actieve politiepartner"),),
        ),
        Case(
            "§6 'detentie beeindigd, for a person with an earlier BIJ-melding: the same BIJ recipients' -- "
            "not the current mandate holder, and an earlier recipient no longer active is undeliverable",
            BEEINDIGD,
            wereld(bij_ontvangers=(replace(ZVH, actief=False), POLITIE)),
            frozenset({AMSTERDAM, RN, POLITIE}),
            (Onbestelbaar("bij_gemandateerde", None, "BIJ-ontvanger niet meer actief"),),
        ),
        Case(
            "§6 detentie beeindigd, for a person without an earlier BIJ-melding: no BIJ recipient",
            BEEINDIGD,
            wereld(bij_ontvangers=()),
            frozenset({AMSTERDAM, RN}),
        ),
    ]


CASES = _detentie_cases() + _other_cases()


def _told(case: Case, **routes: tuple[Route, ...]) -> tuple[frozenset[uuid.UUID], Counter[Onbestelbaar]]:
    routing = route(case.type_, case.feiten, case.moment, **routes)
    return routing.ontvangers, Counter(routing.onbestelbaar)


def _expected(case: Case) -> tuple[frozenset[uuid.UUID], Counter[Onbestelbaar]]:
    return frozenset(c.partner_id for c in case.ontvangers), Counter(case.onbestelbaar)


def _id(index: int, case: Case) -> str:
    return f"{index}-{case.type_.removeprefix('nl.justitiabelen.')}"


@pytest.mark.parametrize("case", CASES, ids=[_id(i, c) for i, c in enumerate(CASES)])
def test_route(case: Case) -> None:
    assert _told(case) == _expected(case), case.design


def test_every_event_type_has_a_case() -> None:
    assert {c.type_ for c in CASES} == set(EventType)


# --- Every single-row change of ROUTES is caught --------------------------------------------------------
def _mutants() -> dict[str, tuple[Route, ...]]:
    mutants = {}
    for i, r in enumerate(ROUTES):
        mutants[f"row{i}-removed"] = ROUTES[:i] + ROUTES[i + 1 :]
        for kind in Ontvangers:
            if kind is not r.ontvangers:
                mutants[f"row{i}-to-{kind}"] = (*ROUTES[:i], replace(r, ontvangers=kind), *ROUTES[i + 1 :])
        if len(r.typen) > 1:
            for t in sorted(r.typen):
                zonder = replace(r, typen=r.typen - {t})
                mutants[f"row{i}-without-{t.removeprefix('nl.justitiabelen.')}"] = (
                    *ROUTES[:i],
                    zonder,
                    *ROUTES[i + 1 :],
                )
    return mutants


MUTANTS = _mutants()


@pytest.mark.parametrize("mutant", list(MUTANTS))
def test_every_single_row_change_of_the_table_fails_a_case(mutant: str) -> None:
    assert any(_told(case, routes=MUTANTS[mutant]) != _expected(case) for case in CASES)


def test_a_recipient_kind_the_function_does_not_know_fails_loudly() -> None:
    onbekend = Route(frozenset({GESTART}), cast(Ontvangers, "onbekend"))
    with pytest.raises(ValueError, match="onbekend"):
        route(GESTART, wereld(), MOMENT, routes=(onbekend,))
