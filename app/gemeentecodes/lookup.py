"""Questions about gemeentecodes at a date, answered from the dated table in `app.gemeentecodes.table`.

Pure functions, no database. A code is valid on d iff some record of it has begin <= d < end (end exclusive:
Wijdemeren, ending on 2027-01-01, is valid on 2026-12-31 and not on 2027-01-01). Evaluate each field at the
date that matters for it (e.g. the begin date of a detentie), not at today's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

from app.gemeentecodes.table import RECORDS, GemeentecodeRecord


def _index(records: Iterable[GemeentecodeRecord]) -> dict[str, tuple[GemeentecodeRecord, ...]]:
    by_code: dict[str, list[GemeentecodeRecord]] = {}
    for record in records:
        by_code.setdefault(record.code, []).append(record)
    return {code: tuple(sorted(rs, key=lambda r: r.begin)) for code, rs in by_code.items()}


_BY_CODE: Final[Mapping[str, tuple[GemeentecodeRecord, ...]]] = _index(RECORDS)

Reason = Literal["onbekend", "nog-niet-geldig", "beeindigd"]


@dataclass(frozen=True, slots=True)
class Invalidity:
    """Why `code` is not a valid gemeentecode on `on`. `reason` suits a FieldError code, `message` its
    reason text (Dutch, like the API's other messages)."""

    code: str
    on: dt.date
    reason: Reason
    message: str
    valid_from: dt.date | None = None
    ended_on: dt.date | None = None
    successor: str | None = None
    split_over: tuple[str, ...] = ()
    planned: bool = False


def records(code: str) -> tuple[GemeentecodeRecord, ...]:
    """Every record of `code`, oldest first; empty for a code the table does not know."""
    return _BY_CODE.get(code, ())


def is_known(code: str) -> bool:
    """The table has the code, valid or not on any particular date."""
    return code in _BY_CODE


def record(code: str, on: dt.date) -> GemeentecodeRecord | None:
    """The record of `code` valid on `on`, or None."""
    return next((r for r in records(code) if r.is_valid(on)), None)


def is_valid(code: str, on: dt.date) -> bool:
    return record(code, on) is not None


@lru_cache(maxsize=128)
def valid_codes(on: dt.date) -> frozenset[str]:
    """Every gemeentecode valid on `on` (complete from table.COMPLETE_FROM on)."""
    return frozenset(r.code for r in RECORDS if r.is_valid(on))


def name(code: str, on: dt.date) -> str | None:
    """The name of `code` on `on`; None when the code is not valid on that date."""
    found = record(code, on)
    return found.name if found is not None else None


def _last_before(code: str, on: dt.date) -> GemeentecodeRecord | None:
    """The latest record of `code` that began on or before `on`."""
    started = [r for r in records(code) if r.begin <= on]
    return started[-1] if started else None


def successor(code: str, on: dt.date) -> str | None:
    """The gemeentecode that stands for `code`'s gemeente on `on`, following successors through as many
    herindelingen as happened up to `on`: `code` itself while it is valid, None when the code is unknown,
    not yet valid on `on`, ended without a successor, or split over several gemeenten on the way."""
    seen: set[str] = set()
    current = code
    while current not in seen:
        seen.add(current)
        last = _last_before(current, on)
        if last is None:
            return None
        if last.is_valid(on):
            return current
        if last.successor is None:
            return None
        current = last.successor
    return None  # a cycle: the table's own tests rule this out


def _label(code: str, on: dt.date) -> str:
    found = _last_before(code, on)
    return f"{code} ({found.name})" if found is not None else code


def explain_invalid(code: str, on: dt.date) -> Invalidity | None:
    """None when `code` is valid on `on`; otherwise why not, with a message for a 400 answer:
    unknown, not yet valid (from which date), or ended (on which date, and which code to use instead)."""
    if is_valid(code, on):
        return None
    if not is_known(code):
        return Invalidity(code, on, "onbekend", f"onbekende gemeentecode {code}")
    last = _last_before(code, on)
    if last is None:
        begin = records(code)[0].begin
        return Invalidity(
            code,
            on,
            "nog-niet-geldig",
            f"gemeentecode {_label(code, begin)} is pas geldig vanaf {begin.isoformat()}",
            valid_from=begin,
        )
    ended_on = last.end
    if ended_on is None:  # unreachable: a record that began by `on` and is not valid on it has ended
        raise AssertionError(f"gemeentecode {code}: open record not valid on {on}")
    planned = last.status == "gepland"
    message = f"gemeentecode {code} ({last.name}) is beëindigd per {ended_on.isoformat()}"
    if planned:
        message += " (geplande herindeling)"
    now = successor(code, on)
    if now is not None:
        message += f"; op {on.isoformat()} geldt {_label(now, on)}"
    elif last.split_over:
        parts = ", ".join(_label(c, ended_on) for c in last.split_over)
        message += f"; het gebied is verdeeld over {parts}"
    return Invalidity(
        code,
        on,
        "beeindigd",
        message,
        ended_on=ended_on,
        successor=now,
        split_over=last.split_over,
        planned=planned,
    )
