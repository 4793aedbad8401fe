"""Small-cell suppression (issue 11 item 5): property-based over random linked tables, plus hand-made cases.

Every publication is audited by a linear programme written here, independent of the module's own: the
reader knows every published count and every relation, that counts are non-negative, and that a primary
cell (a count 1 .. threshold-1) lies in 1 .. threshold-1. A suppressed cell is pinned when its minimum and
maximum under that knowledge are less than 1 apart (the tables here are totally unimodular, so the LP
range has integer ends).
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from app.statistics.suppression import CellKey, Relation, audit, share, suppress

KWARTALEN = ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")
JAAR = "2026"
LANDELIJK = "landelijk"

Publication = Mapping[CellKey, int | None]


# -- the independent audit ------------------------------------------------------------------------------


def reader_ranges(
    cells: Mapping[CellKey, int],
    relations: Sequence[Relation],
    published: Publication,
    threshold: int,
    targets: Sequence[CellKey],
) -> dict[CellKey, tuple[float, float]]:
    """Minimum and maximum of each target over everything consistent with the publication."""
    keys = sorted(cells)
    column = {key: i for i, key in enumerate(keys)}
    a_eq = np.zeros((len(relations), len(keys)))
    for row, relation in enumerate(relations):
        a_eq[row, column[relation.total]] = 1.0
        for part in relation.parts:
            a_eq[row, column[part]] -= 1.0
    b_eq = np.zeros(len(relations))
    bounds: list[tuple[float, float | None]] = []
    for key in keys:
        value = published[key]
        if value is not None:
            bounds.append((value, value))
        elif 0 < cells[key] < threshold:
            bounds.append((1, threshold - 1))
        else:
            bounds.append((0, None))
    ranges: dict[CellKey, tuple[float, float]] = {}
    for key in targets:
        objective = np.zeros(len(keys))
        objective[column[key]] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        assert low.status == 0, low.message  # the true counts are always a solution
        assert high.status in (0, 3), high.message
        ranges[key] = (low.fun, math.inf if high.status == 3 else -high.fun)
    return ranges


def pinned_cells(
    cells: Mapping[CellKey, int], relations: Sequence[Relation], published: Publication, threshold: int
) -> set[CellKey]:
    suppressed = [key for key, value in published.items() if value is None]
    ranges = reader_ranges(cells, relations, published, threshold, suppressed)
    return {key for key, (low, high) in ranges.items() if high - low < 1 - 1e-7}


def assert_safe(
    cells: Mapping[CellKey, int],
    relations: Sequence[Relation],
    published: Publication,
    threshold: int = 5,
) -> bool:
    """The publication's checks; True when it holds a count no suppression can protect (allowed)."""
    assert set(published) == set(cells)
    for key, value in published.items():
        if value is not None:
            assert value == cells[key], key
            assert not 0 < value < threshold, f"small count published: {key}"
    for relation in relations:
        values = [published[relation.total], *(published[p] for p in relation.parts)]
        if all(v is not None for v in values):
            assert published[relation.total] == sum(published[p] or 0 for p in relation.parts)
    pinned = pinned_cells(cells, relations, published, threshold)
    if pinned:
        # Allowed only where suppression cannot help: pinned even with every non-zero count suppressed.
        everything = {key: None if value > 0 else 0 for key, value in cells.items()}
        inherent = pinned_cells(cells, relations, everything, threshold)
        assert pinned <= inherent, f"recoverable: {sorted(pinned - inherent)}"
    return bool(pinned)


# -- populations ----------------------------------------------------------------------------------------


def linked_tables(
    leaves: Mapping[CellKey, int],
) -> tuple[dict[CellKey, int], list[Relation]]:
    """From (kwartaal, inrichting, maat) counts: the year per inrichting, national per period, and the
    relations year = its quarters and national = its inrichtingen (both for the national year)."""
    inrichtingen = sorted({i for _, i, _ in leaves})
    maten = sorted({m for _, _, m in leaves})
    cells: dict[CellKey, int] = dict(leaves)
    relations: list[Relation] = []
    for maat in maten:
        for inrichting in inrichtingen:
            cells[(JAAR, inrichting, maat)] = sum(cells[(k, inrichting, maat)] for k in KWARTALEN)
        for periode in (*KWARTALEN, JAAR):
            cells[(periode, LANDELIJK, maat)] = sum(cells[(periode, i, maat)] for i in inrichtingen)
            relations.append(
                Relation((periode, LANDELIJK, maat), tuple((periode, i, maat) for i in inrichtingen))
            )
        for inrichting in (*inrichtingen, LANDELIJK):
            relations.append(
                Relation((JAAR, inrichting, maat), tuple((k, inrichting, maat) for k in KWARTALEN))
            )
    return cells, relations


# Zeros and small counts often; now and then a large one.
COUNTS = st.one_of(
    st.just(0),
    st.integers(1, 4),
    st.integers(1, 4),
    st.integers(5, 12),
    st.integers(5, 40),
    st.integers(41, 900),
)


@st.composite
def populations(
    draw: st.DrawFn, counts: st.SearchStrategy[int] = COUNTS
) -> tuple[dict[CellKey, int], list[Relation]]:
    inrichtingen = [f"PI-{n}" for n in range(draw(st.integers(2, 6)))]
    maten = draw(
        st.lists(
            st.sampled_from(["instroom", "uitstroom", "screening_tijdig"]),
            min_size=1,
            max_size=2,
            unique=True,
        )
    )
    leaves: dict[CellKey, int] = {
        (k, i, m): draw(counts) for m in maten for i in inrichtingen for k in KWARTALEN
    }
    return linked_tables(leaves)


@settings(max_examples=100, deadline=None)
@given(population=populations(), threshold=st.sampled_from([5, 5, 5, 3, 10]))
def test_random_populations_are_safe(
    population: tuple[dict[CellKey, int], list[Relation]], threshold: int
) -> None:
    cells, relations = population
    published = suppress(cells, relations, threshold)
    if assert_safe(cells, relations, published, threshold):
        event("holds a count that no suppression protects")
    event(f"suppressed {10 * (sum(v is None for v in published.values()) * 10 // len(cells))}%")
    # Deterministic, whatever the order of the input.
    assert suppress(dict(reversed(list(cells.items()))), relations[::-1], threshold) == published


@settings(max_examples=50, deadline=None)
@given(population=populations(st.one_of(st.just(0), st.integers(5, 900))))
def test_a_population_without_small_counts_loses_nothing(
    population: tuple[dict[CellKey, int], list[Relation]],
) -> None:
    cells, relations = population
    assert suppress(cells, relations) == cells


# -- hand-made cases ------------------------------------------------------------------------------------


def two_by_two(interior: list[list[int]]) -> tuple[dict[CellKey, int], list[Relation]]:
    cells: dict[CellKey, int] = {}
    for r, row in enumerate(interior):
        for c, value in enumerate(row):
            cells[(f"r{r}", f"k{c}")] = value
    rows, columns = range(len(interior)), range(len(interior[0]))
    relations = [Relation((f"r{r}", "totaal"), tuple((f"r{r}", f"k{c}") for c in columns)) for r in rows]
    relations += [Relation(("totaal", f"k{c}"), tuple((f"r{r}", f"k{c}") for r in rows)) for c in columns]
    relations += [
        Relation(("totaal", "totaal"), tuple((f"r{r}", "totaal") for r in rows)),
        Relation(("totaal", "totaal"), tuple(("totaal", f"k{c}") for c in columns)),
    ]
    for r in rows:
        cells[(f"r{r}", "totaal")] = sum(interior[r])
    for c in columns:
        cells[("totaal", f"k{c}")] = sum(row[c] for row in interior)
    cells[("totaal", "totaal")] = sum(map(sum, interior))
    return cells, relations


def suppressed(published: Publication) -> set[CellKey]:
    return {key for key, value in published.items() if value is None}


def test_two_by_two_with_margins_suppresses_the_four_interior_cells() -> None:
    cells, relations = two_by_two([[3, 10], [20, 30]])
    published = suppress(cells, relations)
    assert_safe(cells, relations, published)
    assert suppressed(published) == {("r0", "k0"), ("r0", "k1"), ("r1", "k0"), ("r1", "k1")}
    # The reader can move 3 within 1..4 with the margins fixed.
    ranges = reader_ranges(cells, relations, published, 5, [("r0", "k0")])
    assert ranges[("r0", "k0")] == (1, 4)


def test_a_single_suppressed_interior_cell_would_be_its_margins_residual() -> None:
    cells, relations = two_by_two([[3, 10], [20, 30]])
    naive = {key: None if key == ("r0", "k0") else value for key, value in cells.items()}
    assert pinned_cells(cells, relations, naive, 5) == {("r0", "k0")}
    assert audit(cells, relations, naive) == {("r0", "k0")}


def year_and_quarters(kwartalen: list[int]) -> tuple[dict[CellKey, int], list[Relation]]:
    cells: dict[CellKey, int] = {(k,): v for k, v in zip(KWARTALEN, kwartalen, strict=True)}
    cells[(JAAR,)] = sum(kwartalen)
    return cells, [Relation((JAAR,), tuple((k,) for k in KWARTALEN))]


def test_a_small_quarter_takes_the_smallest_other_quarter_and_keeps_the_year() -> None:
    cells, relations = year_and_quarters([3, 12, 40, 7])
    published = suppress(cells, relations)
    assert_safe(cells, relations, published)
    assert suppressed(published) == {("2026-Q1",), ("2026-Q4",)}
    assert published[(JAAR,)] == 62


def test_a_residual_of_two_over_two_small_quarters_needs_a_third_cell() -> None:
    cells, relations = year_and_quarters([1, 1, 30, 40])
    both_small = {key: None if cells[key] == 1 else value for key, value in cells.items()}
    assert pinned_cells(cells, relations, both_small, 5) == {("2026-Q1",), ("2026-Q2",)}
    published = suppress(cells, relations)
    assert_safe(cells, relations, published)
    assert suppressed(published) == {("2026-Q1",), ("2026-Q2",), ("2026-Q3",)}
    assert published[(JAAR,)] == 72


def test_zero_is_published_and_not_used_for_secondary_suppression() -> None:
    cells, relations = year_and_quarters([2, 0, 0, 9])
    published = suppress(cells, relations)
    assert_safe(cells, relations, published)
    assert published[("2026-Q2",)] == 0
    assert published[("2026-Q3",)] == 0
    assert suppressed(published) == {("2026-Q1",), ("2026-Q4",)}


def test_threshold_is_configurable() -> None:
    cells, relations = year_and_quarters([7, 12, 40, 9])
    assert suppress(cells, relations) == cells
    published = suppress(cells, relations, threshold=10)
    assert_safe(cells, relations, published, threshold=10)
    assert suppressed(published) == {("2026-Q1",), ("2026-Q4",)}


def test_one_small_cell_in_linked_tables_suppresses_parts_not_totals() -> None:
    leaves: dict[CellKey, int] = {
        (k, i, "instroom"): 20 + 3 * n for n, (k, i) in enumerate((k, i) for k in KWARTALEN for i in "ABC")
    }
    leaves[(KWARTALEN[1], "B", "instroom")] = 2
    cells, relations = linked_tables(leaves)
    published = suppress(cells, relations)
    assert_safe(cells, relations, published)
    assert all(key[0] != JAAR and key[1] != LANDELIJK for key in suppressed(published))
    assert len(suppressed(published)) == 4


def test_a_count_that_suppression_cannot_protect_is_reported_by_audit() -> None:
    """National 4 from four inrichtingen with 1 each: "<5" and four times "at least 1" leave one answer."""
    cells: dict[CellKey, int] = {("landelijk",): 4, ("A",): 1, ("B",): 1, ("C",): 1, ("D",): 1, ("E",): 0}
    relations = [Relation(("landelijk",), (("A",), ("B",), ("C",), ("D",), ("E",)))]
    published = suppress(cells, relations)
    assert suppressed(published) == set(cells) - {("E",)}
    assert pinned_cells(cells, relations, published, 5) == set(cells) - {("E",)}
    assert audit(cells, relations, published) == set(cells) - {("E",)}
    assert assert_safe(cells, relations, published)


def test_five_hundred_cells_are_handled() -> None:
    rng = random.Random(11)
    leaves: dict[CellKey, int] = {
        (k, f"PI-{i:02}", m): rng.choice([0, rng.randint(1, 4), rng.randint(5, 80)])
        for m in ("instroom", "uitstroom", "screening_tijdig", "met_id")
        for i in range(24)
        for k in KWARTALEN
    }
    cells, relations = linked_tables(leaves)
    assert len(cells) == 500
    published = suppress(cells, relations)
    assert audit(cells, relations, published) == frozenset()
    assert not any(v is not None and 0 < v < 5 for v in published.values())


# -- shares and input checks ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(3, 12, 0.25), (0, 7, 0.0), (None, 12, None), (3, None, None), (None, None, None), (0, 0, None)],
)
def test_share_is_never_computed_on_a_suppressed_base(
    numerator: int | None, denominator: int | None, expected: float | None
) -> None:
    assert share(numerator, denominator) == expected


def test_counts_that_do_not_add_up_are_refused() -> None:
    cells, relations = year_and_quarters([3, 12, 40, 7])
    cells[(JAAR,)] += 1
    with pytest.raises(ValueError, match="do not add up"):
        suppress(cells, relations)


def test_negative_counts_and_unknown_cells_are_refused() -> None:
    cells, relations = year_and_quarters([3, 12, 40, 7])
    with pytest.raises(ValueError, match="non-negative"):
        suppress({**cells, ("2026-Q1",): -1}, relations)
    with pytest.raises(ValueError, match="unknown cell"):
        suppress(cells, [*relations, Relation(("2027",), (("2026-Q1",),))])
