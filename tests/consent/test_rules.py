"""The rule table of DESIGN §7.2, exhaustively: every recipient x category x consent state, one second
around the two dates of the table, against the expected table of expected.py (written independently of
app/consent) -- grondslag, doel and limitation of every category disclosed.

And property-based (hypothesis): for random consent histories, opdracht periods and read moments, what
the engine discloses is what the table permits, and after a withdrawal nothing consent-based leaves
until consent is given again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.consent.categorieen import TOESTEMMING_CATEGORIEEN, Categorie, Grondslag, OntvangerSoort
from app.consent.decision import ConsentStatement, Ontvanger, decide
from app.consent.relations import Opdracht
from app.consent.rules import RULES, Condition, Doel, RelationKind, Rule
from app.intakes.models import Intake
from app.intakes.representation import velden
from app.rollen import Rol
from app.schemas.toestemmingen import ToestemmingCategorie
from tests.consent.cases import (
    BRON,
    CASES,
    NL,
    PARTNER,
    SB,
    SB_MOMENT,
    SITUATIES,
    Case,
    G,
    R,
    actual,
    decide_case,
    expected,
    feiten,
)
from tests.consent.expected import CATEGORIEEN, DOELEN, VERWACHT


@pytest.mark.parametrize("case", CASES, ids=["-".join(c) for c in CASES])
def test_rule_table_exhaustively(case: Case) -> None:
    decision = decide_case(case)
    verwacht = expected(case)
    assert not decision.eigen_bron
    assert actual(decision) == verwacht
    # The rows exclude each other: the table in reverse order decides the same.
    assert actual(decide_case(case, RULES[::-1])) == verwacht
    assert decision.zichtbaar == bool(verwacht)
    for categorie in CATEGORIEEN:
        assert decision.may(Categorie(categorie)) == (categorie in verwacht)
        assert decision.is_full(Categorie(categorie)) == (
            categorie in verwacht and verwacht[categorie].beperking is None
        )
    assert decision.grondslagen == {Categorie(c): v.grondslag for c, v in verwacht.items()}


def test_the_expected_table_covers_every_category_role_and_doel() -> None:
    assert set(CATEGORIEEN) == {c.value for c in Categorie}
    assert {r.split("_")[0] for r, _ in VERWACHT} == {"gemeente", "reclassering", "bij", "politie"}
    assert {cel.doel for rij in VERWACHT.values() for cel in rij.values() if cel} == set(DOELEN.values())


def test_the_bronhouder_sees_everything_and_it_is_no_disclosure() -> None:
    for moment in (SB_MOMENT - dt.timedelta(seconds=1), SB_MOMENT):
        decision = decide(Ontvanger(BRON, Rol.DJI), feiten(), moment, SB)
        assert decision.eigen_bron
        assert decision.zichtbaar
        assert not decision.grants
        assert all(decision.may(c) and decision.is_full(c) for c in Categorie)


PI_ZAANSTAD, PI_VUGHT = "PI-ZAANSTAD", "PI-VUGHT"


@pytest.mark.parametrize(
    ("rol", "inrichtingen", "heeft_gepost", "huidige_inrichting", "bronhouder"),
    [
        # DESIGN §3: "The partner speaking for a detentie's current inrichting reads and writes it"
        (Rol.DJI, {PI_VUGHT}, False, PI_VUGHT, True),
        # "a partner that held it before an overplaatsing keeps read access to what it posted"
        (Rol.DJI, {PI_ZAANSTAD}, True, PI_VUGHT, True),
        # "... and nothing more": what it did not post, after the detentie left its inrichting
        (Rol.DJI, {PI_ZAANSTAD}, False, PI_VUGHT, False),
        (Rol.DJI, set(), False, None, False),
        # Speaking for an inrichting makes only a DJI partner the bronhouder.
        (Rol.GEMEENTE, {PI_VUGHT}, False, PI_VUGHT, False),
    ],
)
def test_a_dji_partner_reads_what_it_acts_for_or_posted_and_nothing_else(
    rol: Rol, inrichtingen: set[str], heeft_gepost: bool, huidige_inrichting: str | None, bronhouder: bool
) -> None:
    lezer = Ontvanger(PARTNER, rol, inrichtingen=frozenset(inrichtingen))
    object_ = feiten(bron_partner_id=PARTNER if heeft_gepost else BRON, inrichting=huidige_inrichting)
    decision = decide(lezer, object_, SB_MOMENT, SB)
    assert decision.eigen_bron is bronhouder
    assert decision.zichtbaar is bronhouder


_RIJ = Rule(
    Rol.GEMEENTE,
    RelationKind.VERANTWOORDELIJKE_GEMEENTE,
    frozenset({Categorie.DETENTIE}),
    Grondslag.WJSG_51C,
    Doel.RE_INTEGRATIE_EN_NAZORG,
)


def test_a_row_whose_relation_or_condition_the_engine_does_not_know_grants_nothing() -> None:
    """Deny by default, also for a row the engine cannot read."""
    gemeente = SITUATIES["gemeente_verantwoordelijk"].ontvanger
    assert set(decide(gemeente, feiten(), SB_MOMENT, SB, [_RIJ]).grants) == {Categorie.DETENTIE}
    for onleesbaar in (
        replace(_RIJ, relatie=cast(RelationKind, "onbekend")),
        replace(_RIJ, voorwaarde=cast(Condition, "onbekend")),
    ):
        assert decide(gemeente, feiten(), SB_MOMENT, SB, [onleesbaar]).grants == {}


def test_each_row_is_considered_on_its_own() -> None:
    """A row that does not apply -- out of its period, or its relation does not hold -- keeps no later
    row from applying."""
    gemeente = SITUATIES["gemeente_verantwoordelijk"].ontvanger
    tabel = [
        replace(_RIJ, categorieen=frozenset({Categorie.CASEMANAGER}), vanaf=dt.date(2099, 1, 1)),
        replace(_RIJ, categorieen=frozenset({Categorie.CASEMANAGER}), relatie=RelationKind.ACTIEVE_OPDRACHT),
        _RIJ,
    ]
    assert set(decide(gemeente, feiten(), SB_MOMENT, SB, tabel).grants) == {Categorie.DETENTIE}


def test_the_sb_date_is_a_setting_not_a_constant() -> None:
    gemeente = SITUATIES["gemeente_verantwoordelijk"].ontvanger
    moment = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)
    assert decide(gemeente, feiten(), moment, dt.date(2027, 1, 1)).grondslagen == {
        Categorie.DETENTIE: "WJSG_51C",
        Categorie.CASEMANAGER: "WJSG_51C",
    }
    assert decide(gemeente, feiten(), moment, dt.date(2026, 11, 23)).may(Categorie.ONDERDAK)
    assert not decide(gemeente, feiten(), moment, dt.date(2026, 11, 24)).may(Categorie.ONDERDAK)


def test_statements_registered_at_the_same_instant_the_later_registration_wins() -> None:
    """A clock has finite resolution: a grant and its withdrawal may carry the same time."""
    gemeente = SITUATIES["gemeente_verantwoordelijk"].ontvanger
    t = SB_MOMENT - dt.timedelta(days=1)
    geef = ConsentStatement(t, frozenset({Categorie.SOCIAAL_NETWERK}), frozenset({G}), volgnummer=1)
    trek_in = ConsentStatement(t, frozenset(), frozenset(), volgnummer=2)
    for volgorde in ((geef, trek_in), (trek_in, geef)):
        decision = decide(gemeente, feiten(toestemmingen=volgorde), t, SB)
        assert not decision.may(Categorie.SOCIAAL_NETWERK)


def test_the_consent_enum_of_the_api_is_the_set_of_consentable_categories() -> None:
    assert {c.value for c in ToestemmingCategorie} == {c.value for c in TOESTEMMING_CATEGORIEEN}


def test_opdracht_is_active_on_dutch_calendar_days_inclusive() -> None:
    o = Opdracht("RN", dt.date(2026, 11, 23), dt.date(2026, 11, 24))
    assert not o.actief_op(dt.datetime(2026, 11, 22, 22, 59, 59, tzinfo=dt.UTC))  # 23:59:59 NL on the 22nd
    assert o.actief_op(dt.datetime(2026, 11, 22, 23, 0, tzinfo=dt.UTC))  # 00:00 NL on the 23rd
    assert o.actief_op(dt.datetime(2026, 11, 24, 22, 59, 59, tzinfo=dt.UTC))
    assert not o.actief_op(dt.datetime(2026, 11, 24, 23, 0, tzinfo=dt.UTC))


# --- Property-based ----------------------------------------------------------------------------------
BEGIN = dt.datetime(2021, 6, 1, tzinfo=dt.UTC)
TOESTEMMINGSGRONDSLAGEN = {"AVG_TOESTEMMING", "AVG_TOESTEMMING_ART9"}
CONSENT_ONLY = {"zorg_toelichting", "sociaal_netwerk", "kinderen_mantelzorg"}
BASISVOORWAARDEN = {"identiteitsbewijs", "onderdak", "werk_inkomen", "schulden", "zorg"}

minuten = st.integers(min_value=0, max_value=60 * 24 * 60)  # two months around the S&B date
verklaringen = st.lists(
    st.tuples(
        minuten,
        st.frozensets(st.sampled_from(sorted(TOESTEMMING_CATEGORIEEN))),
        st.frozensets(st.sampled_from([G, R])),
    ),
    max_size=8,
)
opdrachten = st.lists(
    st.tuples(
        st.sampled_from(["RN", "SVG"]),
        st.integers(min_value=0, max_value=60),
        st.one_of(st.none(), st.integers(min_value=0, max_value=30)),
    ),
    max_size=3,
)
ontvangers = st.sampled_from(
    [
        Ontvanger(PARTNER, Rol.GEMEENTE, gemeentecode="0363", aangesloten=True),
        Ontvanger(PARTNER, Rol.GEMEENTE, gemeentecode="0599", aangesloten=True),
        Ontvanger(PARTNER, Rol.RECLASSERING, organisatie="RN"),
        Ontvanger(PARTNER, Rol.RECLASSERING, organisatie="SVG"),
    ]
)


def _historie(
    ruw: list[tuple[int, frozenset[Categorie], frozenset[OntvangerSoort]]],
) -> tuple[ConsentStatement, ...]:
    return tuple(
        ConsentStatement(BEGIN + dt.timedelta(minutes=m), cats, ontv, volgnummer=i)
        for i, (m, cats, ontv) in enumerate(sorted(ruw, key=lambda v: v[0]))
    )


def _toegestaan(
    ontvanger: Ontvanger,
    historie: tuple[ConsentStatement, ...],
    opdr: tuple[Opdracht, ...],
    moment: dt.datetime,
    sb: dt.date,
) -> set[str]:
    """What the table permits, computed from the expected table (not from app/consent)."""
    if ontvanger.rol is Rol.GEMEENTE:
        if ontvanger.gemeentecode != "0363":
            return set()
        rij, soort = "gemeente", "gemeente"
    else:
        dag = moment.astimezone(NL).date()
        if not any(o.organisatie == ontvanger.organisatie and o.van <= dag <= (o.tot or dag) for o in opdr):
            return set()
        rij, soort = "reclassering", "reclassering"
    fase = "voor" if moment < dt.datetime.combine(sb, dt.time(), tzinfo=NL) else "vanaf"
    in_werking = [v for v in historie if v.geregistreerd_op <= moment]
    huidig = in_werking[-1] if in_werking else None
    gedekt = {str(c) for c in huidig.categorieen} if huidig and soort in huidig.ontvangers else set()
    return {
        c
        for c, cel in VERWACHT[(rij, fase)].items()
        if cel is not None and (cel.toestemming_van is None or c in gedekt)
    }


def _volle_intake() -> Intake:
    """An intake (not stored) holding every screening category."""
    deel = {"status": "onbekend", "hulpvraag": True}
    return Intake(
        gegevens={
            "identiteitsbewijs": deel,
            "onderdak": deel,
            "werk_inkomen": deel,
            "schulden": deel,
            "zorg": deel,
            "zorg_toelichting": "toelichting",
            "sociaal_netwerk": {"hulpvraag": True},
            "kinderen_mantelzorg": {"minderjarigeKinderen": False, "mantelzorger": False, "hulpvraag": False},
        }
    )


INTAKE = _volle_intake()


@settings(max_examples=400, deadline=None)
@given(
    ruw=verklaringen,
    ruwe_opdrachten=opdrachten,
    read=minuten,
    ontvanger=ontvangers,
    sb=st.sampled_from([dt.date(2021, 6, 15), SB, dt.date(2021, 7, 20)]),
)
def test_random_histories_disclose_only_what_the_table_permits(
    ruw: list[tuple[int, frozenset[Categorie], frozenset[OntvangerSoort]]],
    ruwe_opdrachten: list[tuple[str, int, int | None]],
    read: int,
    ontvanger: Ontvanger,
    sb: dt.date,
) -> None:
    historie = _historie(ruw)
    opdr = tuple(
        Opdracht(
            org,
            BEGIN.date() + dt.timedelta(days=v),
            None if d is None else BEGIN.date() + dt.timedelta(days=v + d),
        )
        for org, v, d in ruwe_opdrachten
    )
    moment = BEGIN + dt.timedelta(minutes=read)
    decision = decide(ontvanger, feiten(toestemmingen=historie, opdrachten=opdr), moment, sb)
    toegestaan = _toegestaan(ontvanger, historie, opdr, moment, sb)

    # (a) What is disclosed -- the decision, and the screening representation built from it -- is within
    # what the table permits at that moment (and here: exactly that).
    assert {str(c) for c in decision.grants} == toegestaan
    getoond = velden(INTAKE, [c for c in Categorie if decision.may(c)])
    assert set(getoond) <= toegestaan

    # (b) After a withdrawal nothing consent-based is disclosed until consent is given again.
    in_werking = [v for v in historie if v.geregistreerd_op <= moment]
    if in_werking and not in_werking[-1].categorieen:
        assert not {c for c, t in decision.grondslagen.items() if t.value in TOESTEMMINGSGRONDSLAGEN}
        assert not (set(getoond) & CONSENT_ONLY)
        if moment < dt.datetime.combine(sb, dt.time(), tzinfo=NL):
            assert not (set(getoond) & BASISVOORWAARDEN)


@settings(max_examples=200, deadline=None)
@given(ruw=verklaringen, stappen=st.lists(minuten, min_size=1, max_size=20), ontvanger=ontvangers)
def test_between_a_withdrawal_and_the_next_grant_nothing_consent_based_leaves(
    ruw: list[tuple[int, frozenset[Categorie], frozenset[OntvangerSoort]]],
    stappen: list[int],
    ontvanger: Ontvanger,
) -> None:
    historie = _historie([*ruw, (30 * 24 * 60, frozenset(), frozenset())])
    opdr = (Opdracht("RN", BEGIN.date()), Opdracht("SVG", BEGIN.date()))
    intrekking = BEGIN + dt.timedelta(days=30)
    volgende_toestemming = min(
        (v.geregistreerd_op for v in historie if v.geregistreerd_op > intrekking and v.categorieen),
        default=None,
    )
    for m in sorted(stappen):
        moment = BEGIN + dt.timedelta(minutes=m)
        if moment < intrekking or (volgende_toestemming is not None and moment >= volgende_toestemming):
            continue
        decision = decide(ontvanger, feiten(toestemmingen=historie, opdrachten=opdr), moment, SB)
        assert not [c for c, g in decision.grondslagen.items() if g.value in TOESTEMMINGSGRONDSLAGEN]
