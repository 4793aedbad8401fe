"""Shared schema building blocks: camelCase models, request strings without invisible characters, ISO 8601
dates and date-times bounded to a plausible range per field, UTC `Z` datetimes, validated codes.

Input rules (issue 10):

- Every string in a request body is refused when it holds a character of Unicode category Cc (control,
  NUL and U+0085 included), Cf (format: BOM, zero-width characters, bidirectional overrides), Cs (a lone
  surrogate), Zl or Zp (the line and paragraph separators U+2028, U+2029). A model lists its free-text
  fields in `free_text`; there a newline and a tab are allowed (today: BIJ delict.omschrijving and
  voorwaarden[].omschrijving, intake zorgToelichting).
- A date is a string `JJJJ-MM-DD`; a date-time a string `JJJJ-MM-DDTHH:MM[:SS[.fff]]` with an offset
  (`+01:00`) or `Z`. Numbers and digit strings are not dates (a lax parser reads them as seconds since 1970).
- Every date has a range (in its field's description). The windows around "now" use the system clock in
  UTC (`datetime.now(UTC)`): a schema cannot reach the injected Clock, and a window of years does not
  depend on it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import Annotated, Any, ClassVar
from zoneinfo import ZoneInfo

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    field_validator,
)
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from app.timestamps import format_utc

NL = ZoneInfo("Europe/Amsterdam")

# --- Strings ---------------------------------------------------------------------------------------------

_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_FREE_TEXT_WHITESPACE = frozenset("\n\t")


def has_invisible_character(value: str, *, free_text: bool = False) -> bool:
    """A control (Cc), format (Cf), surrogate (Cs) or line/paragraph separator (Zl, Zp) character; in free
    text a newline or tab is fine."""
    if value.isprintable():  # the common case, in C: none of those (nor any other non-printable)
        return False
    allowed = _FREE_TEXT_WHITESPACE if free_text else frozenset()
    return any(unicodedata.category(ch) in _INVISIBLE_CATEGORIES and ch not in allowed for ch in value)


def _refuse_invisible(value: Any, free_text: bool) -> Any:
    strings = value if isinstance(value, list) else [value]
    for item in strings:
        if isinstance(item, str) and has_invisible_character(item, free_text=free_text):
            # The message never repeats the value: it may be a name or a BSN.
            raise PydanticCustomError(
                "onzichtbaar_teken",
                "bevat een stuurteken of onzichtbaar teken (alleen regelovergang en tab in vrije tekst)"
                if free_text
                else "bevat een stuurteken of onzichtbaar teken",
            )
    return value


class VisibleStrings(BaseModel):
    """Refuses invisible characters in every string field (and every string in a list field) of a request
    model, before anything else looks at the value. Nested models check their own fields."""

    # Python field names where a newline and a tab are allowed (free text).
    free_text: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _no_invisible_characters(cls, value: Any, info: ValidationInfo) -> Any:
        return _refuse_invisible(value, info.field_name in cls.free_text)


# --- Dates and date-times ----------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_OFFSET = r"([Zz]|[+-][0-9]{2}:?[0-9]{2})"
_ISO_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]{1,9})?)?" + _OFFSET + "?"
)
_HAS_OFFSET = re.compile(".*" + _OFFSET)
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def _error(code: str, message: str) -> PydanticCustomError:
    # The message never repeats the value.
    return PydanticCustomError(code, message)


def _years_from(moment: dt.datetime, years: int) -> dt.datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February in a year without it
        return moment.replace(year=moment.year + years, day=28)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def today_nl() -> dt.date:
    return dt.datetime.now(NL).date()


def date_within(
    earliest: Callable[[], dt.date],
    latest: Callable[[], dt.date],
    range_text: str,
    too_late: str | None = None,
) -> BeforeValidator:
    """An ISO 8601 date (a string JJJJ-MM-DD) from `earliest()` to `latest()` inclusive."""

    def validate(value: Any) -> Any:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value  # already a date: from our own code, never from JSON
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            raise _error("geen_datum", "moet een ISO 8601-datum zijn: JJJJ-MM-DD")
        try:
            parsed = dt.date.fromisoformat(value)
        except ValueError:
            raise _error("geen_datum", "geen bestaande datum") from None
        if too_late is not None and parsed > latest():
            raise _error("datum_buiten_bereik", too_late)
        if not earliest() <= parsed <= latest():
            raise _error("datum_buiten_bereik", f"ligt buiten het bereik {range_text}")
        return parsed

    return BeforeValidator(validate)


def date_time_within(years_back: int, years_ahead: int) -> BeforeValidator:
    """An ISO 8601 date-time with an offset (a string), at most `years_back` years before now and at most
    `years_ahead` years after it."""
    range_text = f"{years_back} jaar geleden tot {years_ahead} jaar vooruit"

    def validate(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value  # already a datetime: from our own code, never from JSON
        if not isinstance(value, str) or not _ISO_DATE_TIME.fullmatch(value):
            raise _error(
                "geen_tijdstip", "moet een ISO 8601-tijdstip met tijdzone zijn, bv. 2026-11-20T09:30:00+01:00"
            )
        if not _HAS_OFFSET.fullmatch(value):
            raise _error("geen_tijdzone", "tijdstip zonder tijdzone: geef een offset (+01:00) of Z")
        try:
            parsed = dt.datetime.fromisoformat(value.upper())
        except ValueError:
            raise _error("geen_tijdstip", "geen bestaand tijdstip") from None
        try:
            instant = parsed.astimezone(dt.UTC)  # overflows in year 1 or 9999 with an offset
        except OverflowError:
            instant = None
        now = utc_now()
        if instant is None or not _years_from(now, -years_back) <= instant <= _years_from(now, years_ahead):
            raise _error("tijdstip_buiten_bereik", f"ligt buiten het bereik {range_text}")
        return parsed

    return BeforeValidator(validate)


def utc_z() -> PlainSerializer:
    return PlainSerializer(format_utc, return_type=str, when_used="json")


# Accepted with any offset; always answered in UTC with a `Z`. For responses: a request uses a bounded type.
UtcDateTime = Annotated[AwareDatetime, utc_z()]

RECENT = "ISO 8601-tijdstip met tijdzone (offset of Z); van 10 jaar geleden tot 2 jaar vooruit"
# begindatum, einddatum, overplaatsing datum, BIJ periode.van, intake afgenomenOp, toestemming verklaardOp.
RecentDateTime = Annotated[AwareDatetime, date_time_within(10, 2), utc_z(), Field(description=RECENT)]

CALENDAR = "ISO 8601-datum (JJJJ-MM-DD) van 1900-01-01 tot en met 2100-12-31"
# verwachteEinddatum, reclasseringsopdracht van/tot, identiteitsbewijs geldigTot, aangeslotenSinds.
CalendarDate = Annotated[
    dt.date,
    date_within(lambda: EARLIEST_DATE, lambda: LATEST_DATE, "1900-01-01 tot en met 2100-12-31"),
    Field(description=CALENDAR),
]

Geboortedatum = Annotated[
    dt.date,
    date_within(
        lambda: EARLIEST_DATE, today_nl, "1900-01-01 tot en met vandaag", too_late="ligt in de toekomst"
    ),
    Field(description="ISO 8601-datum (JJJJ-MM-DD) van 1900-01-01 tot en met vandaag (Nederlandse tijd)"),
]

# --- Integers --------------------------------------------------------------------------------------------

# The largest sequence, offset or count the database holds (a PostgreSQL `integer`).
MAX_INTEGER = 2**31 - 1

# --- Codes ---------------------------------------------------------------------------------------------

Gemeentecode = Annotated[
    str, Field(pattern=r"^[0-9]{4}$", description="CBS-gemeentecode, 4 cijfers", examples=["0363"])
]
Inrichtingcode = Annotated[
    str, Field(min_length=2, max_length=40, pattern=r"^[A-Z0-9][A-Z0-9-]*$", examples=["PI-ZAANSTAD"])
]


# --- Models ----------------------------------------------------------------------------------------------


class ApiModel(BaseModel):
    """Response model: camelCase on the wire."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, serialize_by_alias=True)


class RequestModel(VisibleStrings):
    """Request model: camelCase, unknown properties rejected (a typo must not be silently ignored), no
    invisible characters in any string."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=False,
        validate_by_name=False,
        extra="forbid",
        str_strip_whitespace=True,
    )
