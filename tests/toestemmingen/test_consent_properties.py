"""Property-based, end to end: random sequences of consent grants and withdrawals, opdracht periods and
clock moves around the S&B date, with the gemeente and the reclassering organisation reading the
basisvoorwaarden after every step. (a) What reaches them is what the table permits at that moment;
(b) after a withdrawal nothing consent-based reaches them until consent is given again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from app.clock import FixedClock
from tests.consent.expected import VERWACHT
from tests.factories import opdracht_body, toestemming_body
from tests.fixtures.app import Api, make_settings, serve_api
from tests.support.environment import START
from tests.support.screening import (
    BASE,
    CATEGORIE,
    CONSENT_ONLY_PROPS,
    SCREENING_PROPS,
    detentie_with_intake,
    screening_props,
    set_clock,
)

NL = ZoneInfo("Europe/Amsterdam")
SB = dt.date(2026, 11, 25)  # two days after the test clock starts: the runs cross it
SB_MOMENT = dt.datetime.combine(SB, dt.time(), tzinfo=NL)

TOESTEMMING = sorted(CATEGORIE.values())


@dataclass
class Model:
    """What the test knows was posted: the statement in force and the opdrachten."""

    verklaring: tuple[frozenset[str], frozenset[str]] | None = None
    opdrachten: list[tuple[str, dt.date, dt.date | None]] = field(default_factory=list)

    def toegestaan(self, rij: str, organisatie: str | None, moment: dt.datetime) -> set[str]:
        if rij == "reclassering":
            dag = moment.astimezone(NL).date()
            if not any(o == organisatie and van <= dag <= (tot or dag) for o, van, tot in self.opdrachten):
                return set()
        fase = "voor" if moment < SB_MOMENT else "vanaf"
        cats, ontvangers = self.verklaring or (frozenset(), frozenset())
        gedekt = cats if rij in ontvangers else frozenset()
        return {
            c
            for c, cel in VERWACHT[(rij, fase)].items()
            if cel is not None and (cel.toestemming_van is None or c in gedekt)
        }


toestemming_stap = st.tuples(
    st.just("toestemming"),
    st.frozensets(st.sampled_from(TOESTEMMING)),
    st.frozensets(st.sampled_from(["gemeente", "reclassering"]), min_size=1),
)
intrekking_stap = st.tuples(st.just("intrekking"), st.just(frozenset()), st.just(frozenset()))
opdracht_stap = st.tuples(
    st.just("opdracht"),
    st.sampled_from(["RN", "SVG"]),
    st.integers(min_value=-2, max_value=2),
    st.one_of(st.none(), st.integers(min_value=0, max_value=2)),
)
tijd_stap = st.tuples(st.just("tijd"), st.integers(min_value=1, max_value=36 * 3600))
stappen = st.lists(
    st.one_of(toestemming_stap, intrekking_stap, opdracht_stap, tijd_stap), min_size=1, max_size=8
)


@pytest.fixture
def api_sb_dichtbij(engine: Engine, clock: FixedClock) -> Iterator[Api]:
    settings_ = make_settings(engine.url.render_as_string(hide_password=False), sb_datum=SB)
    yield from serve_api(engine, settings_, clock)


def _lees_en_controleer(api: Api, clock: FixedClock, model: Model, detentie_id: str) -> None:
    for partner, rij, organisatie in (
        ("demo-gemeente-amsterdam", "gemeente", None),
        ("demo-reclassering-rn", "reclassering", "RN"),
    ):
        r = api.as_(partner).get(f"{BASE}/{detentie_id}/basisvoorwaarden")
        assert r.status_code in (200, 404), r.text
        getoond = screening_props(r.json()) if r.status_code == 200 else set()
        toegestaan = {
            p for p in SCREENING_PROPS if CATEGORIE[p] in model.toegestaan(rij, organisatie, clock.now())
        }
        # (a) within what the table permits now -- and, as every category has data, exactly that.
        assert getoond <= toegestaan
        assert getoond == toegestaan
        if r.status_code == 200:
            assert set(r.json()["verstrekking"]["grondslagen"]) == {CATEGORIE[p] for p in getoond}
        # (b) after a withdrawal, nothing consent-based.
        if model.verklaring is not None and not model.verklaring[0]:
            assert not (getoond & CONSENT_ONLY_PROPS)
            if clock.now() < SB_MOMENT:
                assert getoond == set()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reeks=stappen)
def test_random_histories_over_http_disclose_only_what_the_table_permits(
    api_sb_dichtbij: Api, clock: FixedClock, reeks: list[tuple[object, ...]]
) -> None:
    api = api_sb_dichtbij
    set_clock(api, clock, START)
    dji = api.as_("demo-dji")
    detentie_id = detentie_with_intake(dji)
    model = Model()
    _lees_en_controleer(api, clock, model, detentie_id)
    for stap in reeks:
        soort = stap[0]
        if soort in ("toestemming", "intrekking"):
            cats, ontvangers = stap[1], stap[2]
            assert isinstance(cats, frozenset)
            assert isinstance(ontvangers, frozenset)
            body = toestemming_body(sorted(cats), sorted(ontvangers), verklaardOp=clock.now().isoformat())
            r = dji.put(f"{BASE}/{detentie_id}/toestemming", json=body)
            assert r.status_code == 200, r.text
            model.verklaring = (frozenset(cats), frozenset(ontvangers))
        elif soort == "opdracht":
            org, van_dagen, duur = stap[1], stap[2], stap[3]
            assert isinstance(org, str)
            assert isinstance(van_dagen, int)
            van = clock.now().astimezone(NL).date() + dt.timedelta(days=van_dagen)
            tot = None if duur is None else van + dt.timedelta(days=int(str(duur)))
            body2 = opdracht_body(organisatie=org, soort="advies", van=van.isoformat())
            if tot is not None:
                body2["tot"] = tot.isoformat()
            assert dji.post(f"{BASE}/{detentie_id}/reclasseringsopdrachten", json=body2).status_code == 201
            model.opdrachten.append((org, van, tot))
        else:
            seconden = stap[1]
            assert isinstance(seconden, int)
            set_clock(api, clock, clock.now() + dt.timedelta(seconds=seconden))
        _lees_en_controleer(api, clock, model, detentie_id)
