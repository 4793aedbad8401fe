"""The rule table as data (DESIGN §7.2): its rows exclude each other, so their order never decides; and
every single-field change of any row is caught by the exhaustive cases (cases.py), so no field of the
table goes untested. Mutated copies of RULES are checked with `decide(..., rules=...)`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

import pytest

from app.consent.categorieen import Beperking, Categorie, Grondslag, OntvangerSoort
from app.consent.rules import RULES, Condition, Datum, Doel, Effective, RelationKind, Rule
from app.rollen import Rol
from tests.consent.cases import SB, mismatches

DAG = dt.timedelta(days=1)


# --- Rows exclude each other ------------------------------------------------------------------------
@dataclass(frozen=True)
class Overlap:
    """Rows `i` and `j` both grant `categorie` to one recipient under `sb_datum` in `wereld`."""

    i: int
    j: int
    categorie: Categorie
    sb_datum: dt.date
    wereld: str


def _condition_holds(rule: Rule, bij_18b: bool, toestemming_voor: frozenset[OntvangerSoort]) -> bool:
    """Whether a row's condition holds in a world where the BIJ-melding is (not) an 18b notice and the
    consent in force covers the category for `toestemming_voor`."""
    holds = {
        Condition.GEEN: True,
        Condition.TOESTEMMING: rule.ontvanger_soort in toestemming_voor,
        Condition.BIJ_REGULIER: not bij_18b,
        Condition.BIJ_RISICO_18B: bij_18b,
    }
    return holds[rule.voorwaarde]


WERELDEN = [
    (bij_18b, frozenset(soorten))
    for bij_18b in (False, True)
    for n in range(len(OntvangerSoort) + 1)
    for soorten in itertools.combinations(OntvangerSoort, n)
]


def _periods_meet(a: Rule, b: Rule, sb_datum: dt.date) -> bool:
    """The half-open periods [vanaf, tot) of both rows, resolved against `sb_datum`, share a moment."""

    def datum(waarde: Datum | None, open_: dt.date) -> dt.date:
        if waarde is None:
            return open_
        return sb_datum if isinstance(waarde, Effective) else waarde

    start = max(datum(a.vanaf, dt.date.min), datum(b.vanaf, dt.date.min))
    einde = min(datum(a.tot, dt.date.max), datum(b.tot, dt.date.max))
    return start < einde


def _sb_dates(rules: Sequence[Rule]) -> list[dt.date]:
    """S&B dates to try: it is configurable, so around every fixed date of the table, and the default."""
    vast = {d for r in rules for d in (r.vanaf, r.tot) if isinstance(d, dt.date)}
    return sorted({SB} | {d + k * DAG for d in vast for k in (-1, 0, 1)})


def _shared_world(a: Rule, b: Rule, sb_datums: Sequence[dt.date]) -> tuple[dt.date, str] | None:
    """An S&B date and a world in which both rows apply at some moment, if there is one."""
    for sb_datum in sb_datums:
        if not _periods_meet(a, b, sb_datum):
            continue
        for bij_18b, toestemming in WERELDEN:
            if _condition_holds(a, bij_18b, toestemming) and _condition_holds(b, bij_18b, toestemming):
                return sb_datum, f"bij_18b={bij_18b}, toestemming voor {sorted(toestemming)}"
    return None


def overlaps(rules: Sequence[Rule]) -> list[Overlap]:
    """Every pair of rows that can grant the same category to the same recipient at the same moment.

    A recipient has one rol, so rows of different roles never meet. The relations (responsible gemeente,
    active opdracht, BIJ recipient) are facts about the recipient that do not exclude each other, so they
    never keep two rows apart. What can: periods that do not meet, or conditions that cannot hold at once
    (a BIJ-melding is an 18b notice or it is not)."""
    gevonden: list[Overlap] = []
    for (i, a), (j, b) in itertools.combinations(enumerate(rules), 2):
        gedeeld = sorted(a.categorieen & b.categorieen) if a.rol is b.rol else []
        samen = _shared_world(a, b, _sb_dates(rules)) if gedeeld else None
        if samen is not None:
            gevonden.extend(Overlap(i, j, categorie, *samen) for categorie in gedeeld)
    return gevonden


def test_no_two_rows_grant_the_same_category_to_the_same_recipient_at_the_same_moment() -> None:
    assert overlaps(RULES) == []


def test_the_condition_check_knows_every_condition() -> None:
    for voorwaarde in Condition:
        _condition_holds(replace(RULES[0], voorwaarde=voorwaarde), False, frozenset())


def _met(index: int, **velden: object) -> tuple[Rule, ...]:
    rows = list(RULES)
    rows[index] = replace(rows[index], **velden)  # type: ignore[arg-type]
    return tuple(rows)


def _index(rol: Rol, grondslag: Grondslag, categorie: Categorie) -> int:
    [index] = [
        i
        for i, r in enumerate(RULES)
        if r.rol is rol and r.grondslag is grondslag and categorie in r.categorieen
    ]
    return index


GEMEENTE_AVG = _index(Rol.GEMEENTE, Grondslag.AVG_TOESTEMMING, Categorie.ONDERDAK)
GEMEENTE_18A = _index(Rol.GEMEENTE, Grondslag.PBW_18A, Categorie.ONDERDAK)
GEMEENTE_NETWERK = _index(Rol.GEMEENTE, Grondslag.AVG_TOESTEMMING, Categorie.SOCIAAL_NETWERK)
GEMEENTE_ZORG_TOELICHTING = _index(Rol.GEMEENTE, Grondslag.AVG_TOESTEMMING_ART9, Categorie.ZORG_TOELICHTING)
BIJ_REGULIER = _index(Rol.BIJ_GEMANDATEERDE, Grondslag.BIJ_REGELING, Categorie.BIJ)
BIJ_18B = _index(Rol.BIJ_GEMANDATEERDE, Grondslag.PBW_18B, Categorie.BIJ)
_NETWERK = RULES[GEMEENTE_NETWERK].categorieen
OVERLAPPENDE_TABELLEN = {
    # The consent row would stay in force after the S&B date, beside art. 18a Pbw.
    "gemeente-avg-without-tot": (_met(GEMEENTE_AVG, tot=None), (GEMEENTE_AVG, GEMEENTE_18A)),
    # Art. 18a Pbw a day early: on the last day before the S&B date both rows could grant onderdak.
    "gemeente-18a-a-day-early": (
        _met(GEMEENTE_18A, vanaf=SB - DAG),
        (GEMEENTE_AVG, GEMEENTE_18A),
    ),
    "bij-18b-without-condition": (_met(BIJ_18B, voorwaarde=Condition.GEEN), (BIJ_REGULIER, BIJ_18B)),
    "bij-regulier-without-condition": (
        _met(BIJ_REGULIER, voorwaarde=Condition.GEEN),
        (BIJ_REGULIER, BIJ_18B),
    ),
    # In table order the earlier row wins and hides it; only the reverse order or this check sees it.
    "zorg-toelichting-in-the-netwerk-row": (
        _met(GEMEENTE_NETWERK, categorieen=_NETWERK | {Categorie.ZORG_TOELICHTING}),
        (GEMEENTE_NETWERK, GEMEENTE_ZORG_TOELICHTING),
    ),
    # Another relation does not keep two rows apart: a recipient may stand in both.
    "other-relation-same-grant": (
        (*RULES, replace(RULES[GEMEENTE_18A], relatie=RelationKind.ACTIEVE_OPDRACHT)),
        (GEMEENTE_18A, len(RULES)),
    ),
}


@pytest.mark.parametrize("naam", list(OVERLAPPENDE_TABELLEN))
def test_the_check_finds_rows_that_overlap(naam: str) -> None:
    tabel, paar = OVERLAPPENDE_TABELLEN[naam]
    assert paar in {(o.i, o.j) for o in overlaps(tabel)}


# --- Every single-field change of a row is caught ----------------------------------------------------
def _shifted(veld: str, waarde: Datum | None) -> Iterator[tuple[str, Datum | None]]:
    if waarde is None:
        yield f"{veld}=sb", Effective.SB_DATUM
        return
    datum = SB if isinstance(waarde, Effective) else waarde
    yield f"{veld}-1d", datum - DAG
    yield f"{veld}+1d", datum + DAG
    yield f"{veld}-removed", None


def _others(veld: str, rule: Rule, waarden: Iterable[object]) -> Iterator[tuple[str, str, object]]:
    return ((f"{veld}={w}", veld, w) for w in waarden if w is not getattr(rule, veld))


def _field_changes(rule: Rule) -> Iterator[tuple[str, str, object]]:
    """Every change of one field of `rule` that should make a difference: (name, field, new value)."""
    yield from _others("rol", rule, Rol)
    yield from _others("relatie", rule, RelationKind)
    for c in sorted(rule.categorieen):
        yield f"minus-{c}", "categorieen", rule.categorieen - {c}
    yield from _others("grondslag", rule, Grondslag)
    yield from _others("doel", rule, Doel)
    yield from _others("voorwaarde", rule, Condition)
    # Whose consent counts: only read with Condition.TOESTEMMING (any other change would be equivalent).
    if rule.voorwaarde is Condition.TOESTEMMING:
        yield from _others("ontvanger_soort", rule, (*OntvangerSoort, None))
    for veld in ("vanaf", "tot"):
        yield from ((naam, veld, waarde) for naam, waarde in _shifted(veld, getattr(rule, veld)))
    if rule.beperking is not None:
        yield "beperking-removed", "beperking", None
    elif Categorie.DETENTIE in rule.categorieen:  # a beperking limits only the detentie category
        yield "beperking=identiteit", "beperking", Beperking.IDENTITEIT


def _mutants() -> Iterator[tuple[str, tuple[Rule, ...]]]:
    for index, rule in enumerate(RULES):
        yield f"row{index}-removed", RULES[:index] + RULES[index + 1 :]
        for naam, veld, waarde in _field_changes(rule):
            yield f"row{index}-{naam}", _met(index, **{veld: waarde})


def _added_categories() -> Iterator[tuple[str, tuple[Rule, ...]]]:
    for index, rule in enumerate(RULES):
        for c in sorted(set(Categorie) - rule.categorieen):
            yield f"row{index}-plus-{c}", _met(index, categorieen=rule.categorieen | {c})


MUTANTS = dict(_mutants())
ADDED = dict(_added_categories())


@pytest.mark.parametrize("mutant", list(MUTANTS))
def test_every_single_field_change_of_a_row_is_caught_by_the_exhaustive_cases(mutant: str) -> None:
    assert next(mismatches(MUTANTS[mutant]), None) is not None


@pytest.mark.parametrize("mutant", list(ADDED))
def test_a_category_added_to_a_row_is_caught_by_the_cases_or_the_overlap_check(mutant: str) -> None:
    """A category added to a consent row that another row grants alike (same grondslag, doel and
    consent, e.g. sociaal_netwerk to the gemeente's basisvoorwaarden row) changes no decision: it only
    makes two rows overlap, which the exclusion check catches."""
    assert next(mismatches(ADDED[mutant]), None) is not None or overlaps(ADDED[mutant])


def test_the_unchanged_table_passes_the_exhaustive_cases() -> None:
    assert next(mismatches(RULES), None) is None
