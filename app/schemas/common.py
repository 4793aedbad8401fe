"""Shared schema building blocks: camelCase models, UTC `Z` datetimes, validated codes."""

from __future__ import annotations

from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, PlainSerializer
from pydantic.alias_generators import to_camel

from app.timestamps import format_utc

# Accepted with any offset; always answered in UTC with a `Z`.
UtcDateTime = Annotated[AwareDatetime, PlainSerializer(format_utc, return_type=str, when_used="json")]
Gemeentecode = Annotated[
    str, Field(pattern=r"^[0-9]{4}$", description="CBS-gemeentecode, 4 cijfers", examples=["0363"])
]
Inrichtingcode = Annotated[
    str, Field(min_length=2, max_length=40, pattern=r"^[A-Z0-9][A-Z0-9-]*$", examples=["PI-ZAANSTAD"])
]


class ApiModel(BaseModel):
    """Response model: camelCase on the wire."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, serialize_by_alias=True)


class RequestModel(BaseModel):
    """Request model: camelCase, unknown properties rejected (a typo must not be silently ignored)."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=False,
        validate_by_name=False,
        extra="forbid",
        str_strip_whitespace=True,
    )
