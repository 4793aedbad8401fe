"""Statutory deadlines after insluiting, in Dutch working days."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

NL = ZoneInfo("Europe/Amsterdam")
SCREENING_WERKDAGEN = 10
DR_PLAN_WEKEN = 4


@lru_cache(maxsize=64)
def _holidays(jaar: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("NL", years=jaar).keys())


def is_working_day(dag: dt.date) -> bool:
    return dag.weekday() < 5 and dag not in _holidays(dag.year)


def plus_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after `start` (start itself does not count)."""
    dag = start
    while n > 0:
        dag += dt.timedelta(days=1)
        if is_working_day(dag):
            n -= 1
    return dag


def screening_uiterlijk(begin: dt.datetime) -> dt.date:
    return plus_working_days(begin.astimezone(NL).date(), SCREENING_WERKDAGEN)


def dr_plan_uiterlijk(begin: dt.datetime) -> dt.date:
    return begin.astimezone(NL).date() + dt.timedelta(weeks=DR_PLAN_WEKEN)
