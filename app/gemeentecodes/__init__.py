"""Dutch gemeentecodes with validity dates and successors (BRP Tabel 33 / CBS Gemeentelijke indeling).

`table` holds the data (with its sources and coverage), `lookup` the functions to ask it."""

from __future__ import annotations

from app.gemeentecodes.lookup import (
    Invalidity,
    explain_invalid,
    is_known,
    is_valid,
    name,
    record,
    records,
    successor,
    valid_codes,
)
from app.gemeentecodes.table import COMPLETE_FROM, SOURCE, SOURCE_DATE, GemeentecodeRecord

__all__ = [
    "COMPLETE_FROM",
    "SOURCE",
    "SOURCE_DATE",
    "GemeentecodeRecord",
    "Invalidity",
    "explain_invalid",
    "is_known",
    "is_valid",
    "name",
    "record",
    "records",
    "successor",
    "valid_codes",
]
