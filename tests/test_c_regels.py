"""The rule table of DESIGN §7.2, exhaustively: every recipient x category x consent state, one second
before, at and after the S&B date, against an expected table written here independently of app/consent.

And property-based (hypothesis): for random consent histories, opdracht periods and read moments, what
the engine discloses is what the table permits, and after a withdrawal nothing consent-based leaves
until consent is given again.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.consent.categorieen import TOESTEMMING_CATEGORIEEN, Categorie, OntvangerSoort
from app.consent.decision import ConsentStatement, Decision, Ontvanger, PolicyFacts, decide
from app.consent.relations import Opdracht
from app.intakes.models import Intake
from app.intakes.representation import velden
from app.rollen import Rol
from app.schemas.toestemmingen import ToestemmingCategorie

NL = ZoneInfo("Europe/Amsterdam")
SB = dt.date(2021, 7, 1)
SB_MOMENT = dt.datetime(2021, 7, 1, 0, 0, tzinfo=NL)  # the law applies from 00:00 Dutch time
MOMENTEN = {
    "sb-1s": SB_MOMENT - dt.timedelta(seconds=1),
    "sb": SB_MOMENT,
    "sb+1s": SB_MOMENT + dt.timedelta(seconds=1),
}

CATEGORIEEN = [
    "detentie",
    "identiteitsbewijs",
    "onderdak",
    "werk_inkomen",
    "schulden",
    "zorg",
    "zorg_toelichting",
    "sociaal_netwerk",
    "kinderen_mantelzorg",
    "casemanager",
    "bij",
]

# Legend: -            withheld
#         G            disclosed on grondslag G
#         G?gemeente   disclosed on G only while the current consent covers the category for `gemeente`
#         G/identiteit disclosed on G, limited to identity
# Abbreviations: AVG = AVG_TOESTEMMING, AVG9 = AVG_TOESTEMMING_ART9 (art. 9(2)(a): zorg_toelichting is
# health data, for every recipient), RECL = RECLASSERINGSREGELING, BIJ = BIJ_REGELING.
TABEL = """
ontvanger         fase   |  detentie            identiteitsbewijs  onderdak          werk_inkomen      schulden          zorg              zorg_toelichting   sociaal_netwerk   kinderen_mantelzorg  casemanager  bij
gemeente          voor   |  WJSG_51C            AVG?gemeente       AVG?gemeente      AVG?gemeente      AVG?gemeente      AVG?gemeente      AVG9?gemeente      AVG?gemeente      AVG?gemeente         WJSG_51C     -
gemeente          vanaf  |  WJSG_51C            PBW_18A            PBW_18A           PBW_18A           PBW_18A           PBW_18A           AVG9?gemeente      AVG?gemeente      AVG?gemeente         WJSG_51C     -
reclassering      voor   |  RECL                AVG?reclassering   AVG?reclassering  AVG?reclassering  AVG?reclassering  AVG?reclassering  AVG9?reclassering  AVG?reclassering  AVG?reclassering     RECL         -
reclassering      vanaf  |  RECL                PBW_18A            PBW_18A           PBW_18A           PBW_18A           PBW_18A           AVG9?reclassering  AVG?reclassering  AVG?reclassering     RECL         -
bij_regulier      voor   |  BIJ/identiteit      -                  -                 -                 -                 -                 -                  -                 -                    -            BIJ
bij_regulier      vanaf  |  BIJ/identiteit      -                  -                 -                 -                 -                 -                  -                 -                    -            BIJ
bij_18b           voor   |  -                   -                  -                 -                 -                 -                 -                  -                 -                    -            -
bij_18b           vanaf  |  PBW_18B/identiteit  -                  -                 -                 -                 -                 -                  -                 -                    -            PBW_18B
politie_regulier  voor   |  BIJ/identiteit      -                  -                 -                 -                 -                 -                  -                 -                    -            BIJ
politie_regulier  vanaf  |  BIJ/identiteit      -                  -                 -                 -                 -                 -                  -                 -                    -            BIJ
politie_18b       voor   |  BIJ/identiteit      -                  -                 -                 -                 -                 -                  -                 -                    -            BIJ
politie_18b       vanaf  |  BIJ/identiteit      -                  -                 -                 -                 -                 -                  -                 -                    -            BIJ
"""  # noqa: E501
AFKORTINGEN = {
    "AVG": "AVG_TOESTEMMING",
    "AVG9": "AVG_TOESTEMMING_ART9",
    "RECL": "RECLASSERINGSREGELING",
    "BIJ": "BIJ_REGELING",
}


@dataclass(frozen=True)
class Cel:
    grondslag: str
    toestemming_van: str | None = None
    beperking: str | None = None


def _cel(tekst: str) -> Cel | None:
    if tekst == "-":
        return None
    tekst, _, beperking = tekst.partition("/")
    grondslag, _, soort = tekst.partition("?")
    return Cel(AFKORTINGEN.get(grondslag, grondslag), soort or None, beperking or None)


def _lees_tabel() -> dict[tuple[str, str], dict[str, Cel | None]]:
    tabel = {}
    rules = [r for r in TABEL.strip().splitlines()[1:] if r.strip()]
    for regel in rules:
        kop, cellen = regel.split("|")
        ontvanger, fase = kop.split()
        waarden = cellen.split()
        assert len(waarden) == len(CATEGORIEEN), regel
        tabel[(ontvanger, fase)] = {c: _cel(w) for c, w in zip(CATEGORIEEN, waarden, strict=True)}
    return tabel


VERWACHT = _lees_tabel()


# --- The situations -------------------------------------------------------------------------------
BRON = uuid.uuid4()
PARTNER = uuid.uuid4()
VOOR_ALLE_MOMENTEN = SB_MOMENT - dt.timedelta(days=30)
ALLES = frozenset(TOESTEMMING_CATEGORIEEN)
G, R = OntvangerSoort.GEMEENTE, OntvangerSoort.RECLASSERING


def _v(
    dagen_voor_sb: int, categorieen: frozenset[Categorie], *ontvangers: OntvangerSoort
) -> ConsentStatement:
    return ConsentStatement(SB_MOMENT - dt.timedelta(days=dagen_voor_sb), categorieen, frozenset(ontvangers))


# name -> (history, {ontvanger soort: categories the statement in force covers for it})
TOESTEMMINGSTOESTANDEN: dict[str, tuple[tuple[ConsentStatement, ...], dict[str, set[str]]]] = {
    "geen": ((), {}),
    "alles_gemeente": ((_v(10, ALLES, G),), {"gemeente": set(map(str, ALLES))}),
    "alles_reclassering": ((_v(10, ALLES, R),), {"reclassering": set(map(str, ALLES))}),
    "alles_beide": (
        (_v(10, ALLES, G, R),),
        {"gemeente": set(map(str, ALLES)), "reclassering": set(map(str, ALLES))},
    ),
    "partieel_beide": (
        (
            _v(
                10,
                frozenset({Categorie.ONDERDAK, Categorie.SOCIAAL_NETWERK, Categorie.ZORG_TOELICHTING}),
                G,
                R,
            ),
        ),
        {
            "gemeente": {"onderdak", "sociaal_netwerk", "zorg_toelichting"},
            "reclassering": {"onderdak", "sociaal_netwerk", "zorg_toelichting"},
        },
    ),
    "ingetrokken": ((_v(10, ALLES, G, R), _v(5, frozenset())), {}),
    "opnieuw_gegeven": (
        (_v(10, ALLES, G, R), _v(5, frozenset()), _v(2, frozenset({Categorie.SCHULDEN}), G)),
        {"gemeente": {"schulden"}},
    ),
    # Registered after every read moment: not yet in force.
    "pas_later": (
        (ConsentStatement(SB_MOMENT + dt.timedelta(hours=1), ALLES, frozenset({G, R})),),
        {},
    ),
}


@dataclass(frozen=True)
class Situatie:
    ontvanger: Ontvanger
    feiten: PolicyFacts
    rij: str | None  # row of TABEL, or None: the recipient stands in no relation and may see nothing


def _feiten(**kw: object) -> PolicyFacts:
    base: dict[str, object] = {"bron_partner_id": BRON, "verantwoordelijke_gemeenten": frozenset({"0363"})}
    base.update(kw)
    return PolicyFacts(**base)  # type: ignore[arg-type]


ACTIEF = (Opdracht("RN", dt.date(2021, 6, 1), dt.date(2021, 12, 31)),)
SITUATIES: dict[str, Situatie] = {
    "gemeente_verantwoordelijk": Situatie(
        Ontvanger(PARTNER, Rol.GEMEENTE, gemeentecode="0363", aangesloten=True), _feiten(), "gemeente"
    ),
    "gemeente_hervestiging": Situatie(
        Ontvanger(PARTNER, Rol.GEMEENTE, gemeentecode="0080", aangesloten=True),
        _feiten(verantwoordelijke_gemeenten=frozenset({"0363", "0080"})),
        "gemeente",
    ),
    "gemeente_niet_aangesloten": Situatie(
        Ontvanger(PARTNER, Rol.GEMEENTE, gemeentecode="0363", aangesloten=False), _feiten(), None
    ),
    "gemeente_andere": Situatie(
        Ontvanger(PARTNER, Rol.GEMEENTE, gemeentecode="0599", aangesloten=True), _feiten(), None
    ),
    "reclassering_actief": Situatie(
        Ontvanger(PARTNER, Rol.RECLASSERING, organisatie="RN"), _feiten(opdrachten=ACTIEF), "reclassering"
    ),
    "reclassering_verlopen": Situatie(
        Ontvanger(PARTNER, Rol.RECLASSERING, organisatie="RN"),
        _feiten(opdrachten=(Opdracht("RN", dt.date(2021, 1, 1), dt.date(2021, 6, 29)),)),
        None,
    ),
    "reclassering_nog_niet": Situatie(
        Ontvanger(PARTNER, Rol.RECLASSERING, organisatie="RN"),
        _feiten(opdrachten=(Opdracht("RN", dt.date(2021, 7, 2)),)),
        None,
    ),
    "reclassering_andere_organisatie": Situatie(
        Ontvanger(PARTNER, Rol.RECLASSERING, organisatie="SVG"), _feiten(opdrachten=ACTIEF), None
    ),
    "bij_regulier": Situatie(
        Ontvanger(PARTNER, Rol.BIJ_GEMANDATEERDE, bij_gemeentecodes=frozenset({"0363"})),
        _feiten(bij_ontvangers=frozenset({PARTNER}), bij_soort="verlof"),
        "bij_regulier",
    ),
    "bij_18b": Situatie(
        Ontvanger(PARTNER, Rol.BIJ_GEMANDATEERDE, bij_gemeentecodes=frozenset({"0363"})),
        _feiten(bij_ontvangers=frozenset({PARTNER}), bij_soort="risico_18b"),
        "bij_18b",
    ),
    "bij_geen_ontvanger": Situatie(
        Ontvanger(PARTNER, Rol.BIJ_GEMANDATEERDE, bij_gemeentecodes=frozenset({"0363"})),
        _feiten(bij_ontvangers=frozenset({uuid.uuid4()}), bij_soort="verlof"),
        None,
    ),
    "politie_regulier": Situatie(
        Ontvanger(PARTNER, Rol.POLITIE),
        _feiten(bij_ontvangers=frozenset({PARTNER}), bij_soort="verlof"),
        "politie_regulier",
    ),
    "politie_18b": Situatie(
        Ontvanger(PARTNER, Rol.POLITIE),
        _feiten(bij_ontvangers=frozenset({PARTNER}), bij_soort="risico_18b"),
        "politie_18b",
    ),
    "politie_geen_ontvanger": Situatie(Ontvanger(PARTNER, Rol.POLITIE), _feiten(bij_soort="verlof"), None),
    "dji_andere": Situatie(Ontvanger(PARTNER, Rol.DJI), _feiten(), None),
    # Roles that never receive personal data, even when every relation would hold.
    "beheer": Situatie(
        Ontvanger(PARTNER, Rol.BEHEER, gemeentecode="0363", aangesloten=True, organisatie="RN"),
        _feiten(opdrachten=ACTIEF, bij_ontvangers=frozenset({PARTNER}), bij_soort="verlof"),
        None,
    ),
    "privacy": Situatie(
        Ontvanger(PARTNER, Rol.PRIVACY, gemeentecode="0363", aangesloten=True, organisatie="RN"),
        _feiten(opdrachten=ACTIEF, bij_ontvangers=frozenset({PARTNER}), bij_soort="verlof"),
        None,
    ),
}


def _verwacht(situatie: Situatie, toestand: str, moment: str) -> dict[str, Cel]:
    if situatie.rij is None:
        return {}
    fase = "voor" if moment == "sb-1s" else "vanaf"
    gedekt = TOESTEMMINGSTOESTANDEN[toestand][1]
    result = {}
    for categorie, cel in VERWACHT[(situatie.rij, fase)].items():
        if cel is None:
            continue
        if cel.toestemming_van is not None and categorie not in gedekt.get(cel.toestemming_van, set()):
            continue
        result[categorie] = cel
    return result


def _werkelijk(decision: Decision) -> dict[str, Cel]:
    return {
        str(c): Cel(t.grondslag.value, None, t.beperking.value if t.beperking else None)
        for c, t in decision.grants.items()
    }


@pytest.mark.parametrize("moment", list(MOMENTEN))
@pytest.mark.parametrize("toestand", list(TOESTEMMINGSTOESTANDEN))
@pytest.mark.parametrize("situatie", list(SITUATIES))
def test_rule_table_exhaustively(situatie: str, toestand: str, moment: str) -> None:
    s = SITUATIES[situatie]
    feiten = replace(s.feiten, toestemmingen=TOESTEMMINGSTOESTANDEN[toestand][0])
    decision = decide(s.ontvanger, feiten, MOMENTEN[moment], SB)
    verwacht = {c: Cel(v.grondslag, None, v.beperking) for c, v in _verwacht(s, toestand, moment).items()}
    assert not decision.eigen_bron
    assert _werkelijk(decision) == verwacht
    assert decision.zichtbaar == bool(verwacht)
    for categorie in CATEGORIEEN:
        assert decision.may(Categorie(categorie)) == (categorie in verwacht)


def test_the_expected_table_covers_every_category_and_every_role_that_receives() -> None:
    assert set(CATEGORIEEN) == {c.value for c in Categorie}
    assert {r.split("_")[0] for r, _ in VERWACHT} == {"gemeente", "reclassering", "bij", "politie"}


def test_the_bronhouder_sees_everything_and_it_is_no_disclosure() -> None:
    for moment in MOMENTEN.values():
        decision = decide(Ontvanger(BRON, Rol.DJI), _feiten(), moment, SB)
        assert decision.eigen_bron
        assert decision.zichtbaar
        assert not decision.grants
        assert all(decision.may(c) and decision.is_full(c) for c in Categorie)


def test_the_sb_date_is_a_setting_not_a_constant() -> None:
    gemeente = SITUATIES["gemeente_verantwoordelijk"].ontvanger
    moment = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)
    assert decide(gemeente, _feiten(), moment, dt.date(2027, 1, 1)).grondslagen == {
        Categorie.DETENTIE: "WJSG_51C",
        Categorie.CASEMANAGER: "WJSG_51C",
    }
    assert decide(gemeente, _feiten(), moment, dt.date(2026, 11, 23)).may(Categorie.ONDERDAK)
    assert not decide(gemeente, _feiten(), moment, dt.date(2026, 11, 24)).may(Categorie.ONDERDAK)


def test_statements_registered_at_the_same_instant_the_later_registration_wins() -> None:
    """A clock has finite resolution: a grant and its withdrawal may carry the same time."""
    gemeente = SITUATIES["gemeente_verantwoordelijk"].ontvanger
    t = SB_MOMENT - dt.timedelta(days=1)
    geef = ConsentStatement(t, frozenset({Categorie.SOCIAAL_NETWERK}), frozenset({G}), volgnummer=1)
    trek_in = ConsentStatement(t, frozenset(), frozenset(), volgnummer=2)
    for volgorde in ((geef, trek_in), (trek_in, geef)):
        decision = decide(gemeente, _feiten(toestemmingen=volgorde), t, SB)
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
    """What the table permits, computed from the table above (not from app/consent)."""
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
    decision = decide(ontvanger, _feiten(toestemmingen=historie, opdrachten=opdr), moment, sb)
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
        decision = decide(ontvanger, _feiten(toestemmingen=historie, opdrachten=opdr), moment, SB)
        assert not [c for c, g in decision.grondslagen.items() if g.value in TOESTEMMINGSGRONDSLAGEN]
