"""The PI casemanager's contact (category `casemanager`): posted with an intake, shown in the detentie."""

from __future__ import annotations

import re

from pydantic import ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel

from app.schemas.common import VisibleStrings

_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_TELEFOON = re.compile(r"^\+?[0-9][0-9 -]*[0-9]$")


class Deel(VisibleStrings):
    """A part of a screening: the same shape in a request and in a response (camelCase both ways).
    Unknown properties and invisible characters are rejected."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=False,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="forbid",
        str_strip_whitespace=True,
    )


class Casemanager(Deel):
    naam: str = Field(min_length=1, max_length=200)
    telefoon: str = Field(
        max_length=25, description="Telefoonnummer, 10 tot 15 cijfers", examples=["075 123 4567"]
    )
    email: str = Field(max_length=254, examples=["casemanager@pi.example.nl"])

    @field_validator("telefoon")
    @classmethod
    def _telefoon(cls, value: str) -> str:
        cijfers = sum(ch.isdigit() for ch in value)
        if not _TELEFOON.fullmatch(value) or not 10 <= cijfers <= 15:
            raise ValueError("geen geldig telefoonnummer (10 tot 15 cijfers, optioneel met +)")
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if not _EMAIL.fullmatch(value):
            raise ValueError("geen geldig e-mailadres")
        return value
