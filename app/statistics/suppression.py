"""Small-cell suppression for linked count tables (issue 11 item 5, DESIGN §9).

A publication is a set of counts (cells) tied together by additive relations (`Relation`): a year is the
sum of its quarters, national the sum of its inrichtingen, a table total the sum of its rows; a cell may
take part in several. `suppress` decides which cells may be published:

1. Primary: every count from 1 to ``threshold - 1`` is suppressed (published as ``"<5"``). 0 is published.
2. Secondary: further cells are suppressed until no suppressed count can be recovered — pinned to one
   value — from everything published for the same population, across a table's totals and across linked
   tables.

The reader: knows every published count and every relation, that counts are integers, that a primary cell
lies in ``1 .. threshold-1`` and that 0 is never suppressed (so every suppressed cell is at least 1).

Algorithm:
a. Suppress the primaries, then close: while some relation, with only the bounds of its suppressed cells,
   leaves one of them a single value (a lone suppressed cell; two primaries sharing a residual of 2),
   suppress one more of its cells — a part rather than a total, low in the hierarchy, preferably one that
   also gives another relation its second suppressed cell, the smallest count.
b. Audit exactly with linear programming (HiGHS through scipy), per group of suppressed cells linked by
   relations: a cell is free once a solution is found in which it has another integer value than its own
   (solutions of generic objectives prove many cells at once), pinned when both its minimum and maximum
   equal its own value. An LP optimum only counts when it is an integer point (simplex vertices are, for
   the totally unimodular systems of hierarchical tables); otherwise the same objective is solved as an
   integer programme. Suppressing more only widens what a reader must consider possible, so a free cell
   stays free and is not audited again.
c. For each pinned cell, try the publishable cells of its relations (round robin over its relations,
   cheapest first), each with the closure of (a): take the first that frees it. Repeat (b)-(c) until no
   cell is pinned.

A cell that stays pinned even when every non-zero cell linked to it is suppressed cannot be protected by
suppression (a national count of 4 that is four inrichtingen with 1 each: "<5" and four times "at least
1" leave one answer). The search (c) adds nothing for it (the closure (a) may already have); `audit`
reports such cells, so a caller can merge categories or leave the table out.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

__all__ = ["DEFAULT_THRESHOLD", "CellKey", "Relation", "audit", "share", "suppress"]

CellKey = tuple[str, ...]
"""A cell's identity, e.g. ``("2026-Q1", "PI-ZAANSTAD", "instroom")``."""

DEFAULT_THRESHOLD = 5

_TOLERANCE = 1e-6
# How many candidate cells are tried (each with an LP) to unpin a pinned cell before the cheapest one is
# taken anyway.
_MAX_TRIALS = 8


@dataclass(frozen=True, slots=True)
class Relation:
    """``cells[total] == sum(cells[p] for p in parts)``."""

    total: CellKey
    parts: tuple[CellKey, ...]


def share(numerator: int | None, denominator: int | None) -> float | None:
    """A share, never computed on a suppressed base: None when either count is suppressed or the base is 0."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def suppress(
    cells: Mapping[CellKey, int],
    relations: Sequence[Relation],
    threshold: int = DEFAULT_THRESHOLD,
) -> dict[CellKey, int | None]:
    """Every cell with its count, or None where it must be published as suppressed (``"<threshold"``).

    Deterministic: the result depends on the cells, the relations and the threshold, not on the order in
    which they are given. Raises ValueError when the counts are negative or do not satisfy the relations.
    """
    problem = _Problem(cells, relations, threshold)
    suppressed = problem.run()
    return {key: None if i in suppressed else problem.values[i] for i, key in enumerate(problem.keys)}


def audit(
    cells: Mapping[CellKey, int],
    relations: Sequence[Relation],
    published: Mapping[CellKey, int | None],
    threshold: int = DEFAULT_THRESHOLD,
) -> frozenset[CellKey]:
    """The suppressed cells of `published` (None) whose true count a reader can recover exactly.

    Empty for a safe publication. Also reports a small count that is published.
    """
    problem = _Problem(cells, relations, threshold)
    suppressed = {i for i, key in enumerate(problem.keys) if published.get(key, problem.values[i]) is None}
    exposed = {problem.keys[i] for i in problem.primary - suppressed}
    return frozenset(exposed | {problem.keys[i] for i in problem.pinned_cells(suppressed)})


class _Problem:
    """The cells by index (sorted by key), the relations as index tuples, and the search state."""

    def __init__(self, cells: Mapping[CellKey, int], relations: Sequence[Relation], threshold: int) -> None:
        if threshold < 1:
            raise ValueError("threshold must be at least 1")
        self.threshold = threshold
        self.keys: list[CellKey] = sorted(cells)
        self.index = {key: i for i, key in enumerate(self.keys)}
        self.values: list[int] = []
        for key in self.keys:
            value = cells[key]
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"count of {key!r} is not a non-negative integer: {value!r}")
            self.values.append(value)
        rows: set[tuple[int, tuple[int, ...]]] = set()
        for relation in relations:
            for key in (relation.total, *relation.parts):
                if key not in self.index:
                    raise ValueError(f"relation refers to unknown cell {key!r}")
            total = self.index[relation.total]
            parts = tuple(sorted({self.index[p] for p in relation.parts}))
            if not parts or len(parts) != len(relation.parts) or total in parts:
                raise ValueError(f"malformed relation for {relation.total!r}")
            if self.values[total] != sum(self.values[p] for p in parts):
                raise ValueError(f"counts do not add up for {relation.total!r}")
            rows.add((total, parts))
        self.relations: list[tuple[int, tuple[int, ...]]] = sorted(rows)
        self.members: list[tuple[int, ...]] = [(t, *ps) for t, ps in self.relations]
        self.cell_relations: list[list[int]] = [[] for _ in self.keys]
        self.level = [0] * len(self.keys)
        for r, (total, parts) in enumerate(self.relations):
            self.level[total] += 1
            for cell in (total, *parts):
                self.cell_relations[cell].append(r)
        self.primary = {i for i, v in enumerate(self.values) if 0 < v < threshold}
        # Cells proven not pinned. Suppressing more only widens what a reader must consider possible, so a
        # cell once free stays free while `run` grows the suppressed set.
        self._free: set[int] = set()
        self._hopeless: set[int] = set()

    # -- the search -------------------------------------------------------------------------------------

    def run(self) -> set[int]:
        suppressed = self.close(self.primary)
        while True:
            pinned = sorted(self.pinned_cells(suppressed, self._free) - self._hopeless)
            if not pinned:
                return suppressed
            for cell in pinned:
                # An earlier cell's fix may have freed this one too.
                if cell in self._free or not self._pinned_in(
                    self._component_of(cell, suppressed), suppressed, [cell], self._free
                ):
                    continue
                if self._inherently_pinned(cell):
                    self._hopeless.add(cell)
                else:
                    suppressed = self._unpin(cell, suppressed)

    def close(self, suppressed: Iterable[int]) -> set[int]:
        """Add cells until no relation on its own pins one of its suppressed cells.

        A relation pins a cell when the bounds of the other suppressed cells leave it one value: a lone
        suppressed cell is its own residual; two primaries sharing a residual of 2 are both 1.
        """
        result = set(suppressed)
        queue = sorted({r for c in result for r in self.cell_relations[c]})
        queued = set(queue)
        heapq.heapify(queue)
        while queue:
            r = heapq.heappop(queue)
            queued.discard(r)
            if not self._locally_pinned(r, result):
                continue
            candidates = [c for c in self.members[r] if c not in result and self.values[c] > 0]
            if not candidates:  # nothing left to suppress here; the LP audit decides what this means
                continue
            total = self.relations[r][0]

            def cost(c: int, r: int = r, total: int = total) -> tuple[bool, int, bool, int, int]:
                completes = any(
                    sum(1 for m in self.members[other] if m in result) == 1
                    for other in self.cell_relations[c]
                    if other != r
                )
                return (c == total, self.level[c], not completes, self.values[c], c)

            chosen = min(candidates, key=cost)
            result.add(chosen)
            for other in self.cell_relations[chosen]:
                if other not in queued:
                    queued.add(other)
                    heapq.heappush(queue, other)
        return result

    def bounds(self, cell: int) -> tuple[float, float]:
        """What a reader knows of a suppressed cell without any relation: primary 1..threshold-1, else >= 1.

        (0 only for a suppressed 0, which `suppress` never makes but a publication given to `audit` may.)
        """
        if cell in self.primary:
            return (1.0, float(self.threshold - 1))
        return (1.0 if self.values[cell] > 0 else 0.0, math.inf)

    def _locally_pinned(self, r: int, suppressed: set[int]) -> bool:
        """Whether relation `r` with the bounds of its suppressed cells alone leaves one of them one value."""
        total = self.relations[r][0]
        residual = 0.0  # = sum(coefficient * x) over the suppressed cells of r
        terms: list[tuple[float, float, float]] = []  # coefficient, lower and upper bound
        for c in self.members[r]:
            coefficient = -1.0 if c == total else 1.0
            if c in suppressed:
                terms.append((coefficient, *self.bounds(c)))
            else:
                residual -= coefficient * self.values[c]
        # The least and most each term can contribute; their sums, with infinite contributions counted apart.
        spans = [(low, high) if coefficient > 0 else (-high, -low) for coefficient, low, high in terms]
        least_sum = sum(least for least, _ in spans if not math.isinf(least))
        most_sum = sum(most for _, most in spans if not math.isinf(most))
        least_infinite = sum(1 for least, _ in spans if math.isinf(least))
        most_infinite = sum(1 for _, most in spans if math.isinf(most))
        for (coefficient, low, high), (least, most) in zip(terms, spans, strict=True):
            if high - low < 1:  # its label alone gives it away (threshold 2); no other cell can help
                continue
            if math.isinf(least):
                others_least = -math.inf if least_infinite > 1 else least_sum
            else:
                others_least = -math.inf if least_infinite else least_sum - least
            if math.isinf(most):
                others_most = math.inf if most_infinite > 1 else most_sum
            else:
                others_most = math.inf if most_infinite else most_sum - most
            # coefficient * x = residual - (the others' contributions)
            lo, hi = residual - others_most, residual - others_least
            if coefficient < 0:
                lo, hi = -hi, -lo
            if min(hi, high) - max(lo, low) < 1:
                return True
        return False

    def _unpin(self, cell: int, suppressed: set[int]) -> set[int]:
        """One more suppressed cell (and what `close` adds to it) chosen to unpin `cell`."""
        candidates = self._candidates(cell, suppressed)
        if not candidates:  # cannot happen after `_inherently_pinned` said no; keep the loop finite
            self._hopeless.add(cell)
            return suppressed
        for candidate in candidates[:_MAX_TRIALS]:
            trial = self.close(suppressed | {candidate})
            free: set[int] = set()
            if not self._pinned_in(self._component_of(cell, trial), trial, [cell], free):
                self._free |= free
                return trial
        return self.close(suppressed | {candidates[0]})

    def _candidates(self, cell: int, suppressed: set[int]) -> list[int]:
        """Publishable non-zero cells in the relations of `cell`, else in those of its component.

        Round robin over the relations, smallest relation first, cheapest cell of each first: the pinning
        relation is usually one of the few of `cell`, and a long relation must not crowd out a short one.
        """
        for around in ([cell], sorted(self._component_of(cell, suppressed))):
            relations = sorted(
                {r for a in around for r in self.cell_relations[a]}, key=lambda r: (len(self.members[r]), r)
            )
            queues = [
                sorted(
                    (c for c in self.members[r] if c not in suppressed and self.values[c] > 0),
                    key=lambda c: (self.level[c], self.values[c], c),
                )
                for r in relations
            ]
            ordered: list[int] = []
            for rank in range(max((len(q) for q in queues), default=0)):
                for queue in queues:
                    if rank < len(queue) and queue[rank] not in ordered:
                        ordered.append(queue[rank])
            if ordered:
                return ordered
        return []

    def _inherently_pinned(self, cell: int) -> bool:
        """Pinned even with every non-zero cell linked to it suppressed: suppression cannot help."""
        region = {cell}
        todo = [cell]
        while todo:
            current = todo.pop()
            for r in self.cell_relations[current]:
                for c in self.members[r]:
                    if c not in region and self.values[c] > 0:
                        region.add(c)
                        todo.append(c)
        return cell in self._pinned_in(frozenset(region), region, [cell])

    # -- the audit --------------------------------------------------------------------------------------

    def pinned_cells(self, suppressed: set[int], free: set[int] | None = None) -> set[int]:
        """Every suppressed cell whose value is determined by the rest of the publication.

        `free` holds cells already known not to be pinned (skipped); the cells proven free are added to it.
        """
        free = set() if free is None else free
        pinned: set[int] = set()
        for component in self._components(suppressed):
            targets = sorted(component - free)
            if targets:
                pinned |= self._pinned_in(component, suppressed, targets, free)
        return pinned

    def _components(self, suppressed: set[int]) -> list[set[int]]:
        """Suppressed cells grouped by the relations that link them (independent LPs)."""
        parent = {c: c for c in suppressed}

        def find(c: int) -> int:
            while parent[c] != c:
                parent[c] = parent[parent[c]]
                c = parent[c]
            return c

        for members in self.members:
            linked = [c for c in members if c in suppressed]
            for c in linked[1:]:
                parent[find(c)] = find(linked[0])
        groups: dict[int, set[int]] = {}
        for c in suppressed:
            groups.setdefault(find(c), set()).add(c)
        return list(groups.values())

    def _component_of(self, cell: int, suppressed: set[int]) -> set[int]:
        component = {cell}
        todo = [cell]
        while todo:
            current = todo.pop()
            for r in self.cell_relations[current]:
                for c in self.members[r]:
                    if c in suppressed and c not in component:
                        component.add(c)
                        todo.append(c)
        return component

    def _pinned_in(
        self, component: Iterable[int], suppressed: set[int], targets: list[int], free: set[int] | None = None
    ) -> set[int]:
        """Which of `targets` (cells of one component) cannot take any integer value but their own.

        Every cell of the component seen taking another value is added to `free`.
        """
        lp = _ComponentLP(self, sorted(component), suppressed)
        moved: set[int] = set()
        pinned = {lp.variables[j] for j in lp.pinned([lp.position[t] for t in targets], moved)}
        if free is not None:
            free.update(lp.variables[j] for j in moved)
        return pinned


class _ComponentLP:
    """The suppressed cells of one linked group as variables; the published counts are constants.

    Bounds as `_Problem.bounds`: a primary cell lies in 1..threshold-1, any other suppressed cell is at
    least 1.
    """

    def __init__(self, problem: _Problem, variables: list[int], suppressed: set[int]) -> None:
        self.variables = variables
        self.position = {c: j for j, c in enumerate(variables)}
        rows = sorted({r for c in variables for r in problem.cell_relations[c]})
        a_eq = np.zeros((len(rows), len(variables)))
        b_eq = np.zeros(len(rows))
        for i, r in enumerate(rows):
            total, parts = problem.relations[r]
            for c, coefficient in ((total, -1.0), *((p, 1.0) for p in parts)):
                if c in suppressed:
                    a_eq[i, self.position[c]] = coefficient
                else:
                    b_eq[i] -= coefficient * problem.values[c]
        self.bounds = [
            (low, None if math.isinf(high) else high) for low, high in map(problem.bounds, variables)
        ]
        self.a_eq = a_eq if rows else None
        self.b_eq = b_eq if rows else None
        self.b_eq_array = b_eq
        self.low = np.array([low for low, _ in self.bounds])
        self.high = np.array([np.inf if high is None else high for _, high in self.bounds])
        self.truth = np.array([problem.values[c] for c in variables], dtype=float)

    def pinned(self, targets: list[int], moved: set[int]) -> list[int]:
        """The targets (variable positions) that take no other integer value; `moved` gets those that do."""
        unproven = set(targets)
        n = len(self.variables)
        # Two generic objectives first: their optima usually move most variables at once.
        weights = 1.0 + (np.arange(n) * 0.6180339887) % 1.0
        for sign in (1.0, -1.0):
            if len(unproven) > 1:
                self._absorb(self._solve(sign * weights), unproven, moved)
        for j in targets:
            for sign in (-1.0, 1.0):  # maximise, then minimise x_j
                if j not in unproven:
                    break
                objective = np.zeros(n)
                objective[j] = sign
                x = self._solve(objective)
                if x is _UNBOUNDED:
                    unproven.discard(j)
                    moved.add(j)
                else:
                    self._absorb(x, unproven, moved)
        return sorted(unproven)

    def _absorb(self, x: np.ndarray | None, unproven: set[int], moved: set[int]) -> None:
        """Every variable that differs from its true value in the integer point `x` is not pinned."""
        if x is None or x is _UNBOUNDED:
            return
        differs = {int(j) for j in np.flatnonzero(np.abs(x - self.truth) >= 0.5)}
        unproven -= differs
        moved |= differs

    def _solve(self, objective: np.ndarray) -> np.ndarray | None:
        """An integer optimum, `_UNBOUNDED`, or None when the solver fails (then nothing is proven)."""
        for integrality in (None, np.ones(len(self.variables))):
            result = linprog(
                objective,
                A_eq=self.a_eq,
                b_eq=self.b_eq,
                bounds=self.bounds,
                method="highs",
                integrality=integrality,
                options={"mip_rel_gap": 0.0},
            )
            if result.status == 3:
                return _UNBOUNDED
            if result.status != 0:
                continue
            x = np.asarray(result.x, dtype=float)
            rounded = np.round(x)
            if np.all(np.abs(x - rounded) < _TOLERANCE) and self._feasible(rounded):
                return rounded
        return None

    def _feasible(self, x: np.ndarray) -> bool:
        """Exactly, not within a solver's tolerance: a witness must be a possible publication."""
        if np.any(x < self.low) or np.any(x > self.high):
            return False
        return self.a_eq is None or bool(np.array_equal(self.a_eq @ x, self.b_eq_array))


_UNBOUNDED = np.zeros(0)
