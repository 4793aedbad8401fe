"""The cases of the exhaustive test of DESIGN §7.2: every kind of recipient (and non-recipient) x consent
state x moment around the two dates of the table, with what tests/consent/expected.py says it may see.

A plain module: test_rules.py runs every case against RULES, test_rule_table.py runs them against mutated
copies of the table (`mismatches`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from app.consent.categorieen import TOESTEMMING_CATEGORIEEN, Categorie, OntvangerSoort
from app.consent.decision import ConsentStatement, Decision, Ontvanger, PolicyFacts, decide
from app.consent.relations import Opdracht
from app.consent.rules import RULES, Rule
from app.rollen import Rol
from tests.consent.expected import VERWACHT, Cel

NL = ZoneInfo("Europe/Amsterdam")
SB = dt.date(2021, 7, 1)
SB_MOMENT = dt.datetime(2021, 7, 1, 0, 0, tzinfo=NL)  # the law applies from 00:00 Dutch time
WJSG_MOMENT = dt.datetime(2019, 1, 1, 0, 0, tzinfo=NL)  # art. 51c Wjsg to the gemeente: "from 2019-01-01"
SECONDE = dt.timedelta(seconds=1)
# name -> (the read moment, its phase in the expected table)
MOMENTEN: dict[str, tuple[dt.datetime, str]] = {
    "wjsg-1s": (WJSG_MOMENT - SECONDE, "voor_wjsg"),
    "wjsg": (WJSG_MOMENT, "voor"),
    "sb-1s": (SB_MOMENT - SECONDE, "voor"),
    "sb": (SB_MOMENT, "vanaf"),
    "sb+1s": (SB_MOMENT + SECONDE, "vanaf"),
}

BRON = uuid.uuid4()
PARTNER = uuid.uuid4()
ALLES = frozenset(TOESTEMMING_CATEGORIEEN)
ALLE_NAMEN = {str(c) for c in ALLES}
G, R = OntvangerSoort.GEMEENTE, OntvangerSoort.RECLASSERING
DAG = dt.timedelta(days=1)

Verklaring = tuple[dt.timedelta, frozenset[Categorie], frozenset[OntvangerSoort]]
# name -> (statements as (registered this long before the read, categories, ontvangers),
#          {ontvanger soort: categories the statement in force at the read covers for it})
TOESTEMMINGSTOESTANDEN: dict[str, tuple[tuple[Verklaring, ...], dict[str, set[str]]]] = {
    "geen": ((), {}),
    "alles_gemeente": (((10 * DAG, ALLES, frozenset({G})),), {"gemeente": ALLE_NAMEN}),
    "alles_reclassering": (((10 * DAG, ALLES, frozenset({R})),), {"reclassering": ALLE_NAMEN}),
    "alles_beide": (
        ((10 * DAG, ALLES, frozenset({G, R})),),
        {"gemeente": ALLE_NAMEN, "reclassering": ALLE_NAMEN},
    ),
    "partieel_beide": (
        (
            (
                10 * DAG,
                frozenset({Categorie.ONDERDAK, Categorie.SOCIAAL_NETWERK, Categorie.ZORG_TOELICHTING}),
                frozenset({G, R}),
            ),
        ),
        {
            "gemeente": {"onderdak", "sociaal_netwerk", "zorg_toelichting"},
            "reclassering": {"onderdak", "sociaal_netwerk", "zorg_toelichting"},
        },
    ),
    "ingetrokken": (((10 * DAG, ALLES, frozenset({G, R})), (5 * DAG, frozenset(), frozenset())), {}),
    "opnieuw_gegeven": (
        (
            (10 * DAG, ALLES, frozenset({G, R})),
            (5 * DAG, frozenset(), frozenset()),
            (2 * DAG, frozenset({Categorie.SCHULDEN}), frozenset({G})),
        ),
        {"gemeente": {"schulden"}},
    ),
    # A statement naming what no detainee can consent to (the API refuses it): consent never stretches a
    # row to a category that is not consent-based, so this is as "alles_beide".
    "ook_niet_toestembaar": (
        ((10 * DAG, frozenset(Categorie), frozenset({G, R})),),
        {"gemeente": ALLE_NAMEN, "reclassering": ALLE_NAMEN},
    ),
    # Registered an hour after the read: not yet in force.
    "pas_later": (((-dt.timedelta(hours=1), ALLES, frozenset({G, R})),), {}),
}


def toestemmingen(toestand: str, moment: dt.datetime) -> tuple[ConsentStatement, ...]:
    """The consent history of a state, placed around the read `moment`."""
    return tuple(
        ConsentStatement(moment - voor, categorieen, ontvangers)
        for voor, categorieen, ontvangers in TOESTEMMINGSTOESTANDEN[toestand][0]
    )


@dataclass(frozen=True)
class Situatie:
    ontvanger: Ontvanger
    feiten: PolicyFacts
    rij: str | None  # recipient row of the expected table, or None: no relation, may see nothing


def feiten(**kw: object) -> PolicyFacts:
    base: dict[str, object] = {"bron_partner_id": BRON, "verantwoordelijke_gemeenten": frozenset({"0363"})}
    base.update(kw)
    return PolicyFacts(**base)  # type: ignore[arg-type]


ACTIEF = (Opdracht("RN", dt.date(2018, 12, 1), dt.date(2021, 12, 31)),)  # active at every read moment
BIJ_ONTVANGER = {"bij_ontvangers": frozenset({PARTNER})}
SITUATIES: dict[str, Situatie] = {
    "gemeente_verantwoordelijk": Situatie(
        Ontvanger(PARTNER, Rol.GEMEENTE, gemeentecode="0363", aangesloten=True), feiten(), "gemeente"
    ),
    "gemeente_hervestiging": Situatie(
        Ontvanger(PARTNER, Rol.GEMEENTE, gemeentecode="0080", aangesloten=True),
        feiten(verantwoordelijke_gemeenten=frozenset({"0363", "0080"})),
        "gemeente",
    ),
    # A detentie about which only an art. 18b risk notice was made: the BIJ soort is no condition of the
    # gemeente's rows.
    "gemeente_detentie_met_18b_melding": Situatie(
        Ontvanger(PARTNER, Rol.GEMEENTE, gemeentecode="0363", aangesloten=True),
        feiten(bij_ontvangers=frozenset({BRON}), bij_soort="risico_18b"),
        "gemeente",
    ),
    "gemeente_niet_aangesloten": Situatie(
        Ontvanger(PARTNER, Rol.GEMEENTE, gemeentecode="0363", aangesloten=False), feiten(), None
    ),
    "gemeente_andere": Situatie(
        Ontvanger(PARTNER, Rol.GEMEENTE, gemeentecode="0599", aangesloten=True), feiten(), None
    ),
    "reclassering_actief": Situatie(
        Ontvanger(PARTNER, Rol.RECLASSERING, organisatie="RN"), feiten(opdrachten=ACTIEF), "reclassering"
    ),
    "reclassering_detentie_met_18b_melding": Situatie(
        Ontvanger(PARTNER, Rol.RECLASSERING, organisatie="RN"),
        feiten(opdrachten=ACTIEF, bij_ontvangers=frozenset({BRON}), bij_soort="risico_18b"),
        "reclassering",
    ),
    "reclassering_verlopen": Situatie(
        Ontvanger(PARTNER, Rol.RECLASSERING, organisatie="RN"),
        feiten(opdrachten=(Opdracht("RN", dt.date(2021, 1, 1), dt.date(2021, 6, 29)),)),
        None,
    ),
    "reclassering_nog_niet": Situatie(
        Ontvanger(PARTNER, Rol.RECLASSERING, organisatie="RN"),
        feiten(opdrachten=(Opdracht("RN", dt.date(2021, 7, 2)),)),
        None,
    ),
    "reclassering_andere_organisatie": Situatie(
        Ontvanger(PARTNER, Rol.RECLASSERING, organisatie="SVG"), feiten(opdrachten=ACTIEF), None
    ),
    "bij_regulier": Situatie(
        Ontvanger(PARTNER, Rol.BIJ_GEMANDATEERDE, bij_gemeentecodes=frozenset({"0363"})),
        feiten(**BIJ_ONTVANGER, bij_soort="verlof"),
        "bij_regulier",
    ),
    "bij_18b": Situatie(
        Ontvanger(PARTNER, Rol.BIJ_GEMANDATEERDE, bij_gemeentecodes=frozenset({"0363"})),
        feiten(**BIJ_ONTVANGER, bij_soort="risico_18b"),
        "bij_18b",
    ),
    "bij_geen_ontvanger": Situatie(
        Ontvanger(PARTNER, Rol.BIJ_GEMANDATEERDE, bij_gemeentecodes=frozenset({"0363"})),
        feiten(bij_ontvangers=frozenset({uuid.uuid4()}), bij_soort="verlof"),
        None,
    ),
    "politie_regulier": Situatie(
        Ontvanger(PARTNER, Rol.POLITIE), feiten(**BIJ_ONTVANGER, bij_soort="verlof"), "politie_regulier"
    ),
    "politie_18b": Situatie(
        Ontvanger(PARTNER, Rol.POLITIE), feiten(**BIJ_ONTVANGER, bij_soort="risico_18b"), "politie_18b"
    ),
    "politie_geen_ontvanger": Situatie(Ontvanger(PARTNER, Rol.POLITIE), feiten(bij_soort="verlof"), None),
    "dji_andere": Situatie(Ontvanger(PARTNER, Rol.DJI), feiten(), None),
    # Roles that never receive personal data, even when every relation would hold.
    "beheer": Situatie(
        Ontvanger(PARTNER, Rol.BEHEER, gemeentecode="0363", aangesloten=True, organisatie="RN"),
        feiten(opdrachten=ACTIEF, **BIJ_ONTVANGER, bij_soort="verlof"),
        None,
    ),
    "privacy": Situatie(
        Ontvanger(PARTNER, Rol.PRIVACY, gemeentecode="0363", aangesloten=True, organisatie="RN"),
        feiten(opdrachten=ACTIEF, **BIJ_ONTVANGER, bij_soort="verlof"),
        None,
    ),
}

Case = tuple[str, str, str]  # (situatie, toestemmingstoestand, moment)
CASES: list[Case] = list(itertools.product(SITUATIES, TOESTEMMINGSTOESTANDEN, MOMENTEN))


def expected(case: Case) -> dict[str, Cel]:
    """What the expected table lets the recipient see in this case (the consent condition resolved)."""
    situatie, toestand, moment = SITUATIES[case[0]], case[1], case[2]
    if situatie.rij is None:
        return {}
    gedekt = TOESTEMMINGSTOESTANDEN[toestand][1]
    result = {}
    for categorie, cel in VERWACHT[(situatie.rij, MOMENTEN[moment][1])].items():
        if cel is None:
            continue
        if cel.toestemming_van is not None and categorie not in gedekt.get(cel.toestemming_van, set()):
            continue
        result[categorie] = replace(cel, toestemming_van=None)
    return result


def actual(decision: Decision) -> dict[str, Cel]:
    return {
        str(c): Cel(t.grondslag.value, t.doel.value, None, t.beperking.value if t.beperking else None)
        for c, t in decision.grants.items()
    }


def decide_case(case: Case, rules: Sequence[Rule] = RULES) -> Decision:
    situatie, moment = SITUATIES[case[0]], MOMENTEN[case[2]][0]
    facts = replace(situatie.feiten, toestemmingen=toestemmingen(case[1], moment))
    return decide(situatie.ontvanger, facts, moment, SB, rules)


def mismatches(rules: Sequence[Rule]) -> Iterator[Case]:
    """The cases in which a decision on `rules`, or on `rules` in reverse order, differs from the expected
    table. The rows exclude each other, so their order may not matter: a row that only the order of the
    table keeps from deciding is caught in reverse."""
    for case in CASES:
        if any(actual(decide_case(case, tabel)) != expected(case) for tabel in (rules, rules[::-1])):
            yield case
