"""The domain error hierarchy. One handler (app.problems) renders each as application/problem+json."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One validation error: where (`loc` as a JSON pointer-ish dotted path) and what is wrong."""

    name: str
    reason: str
    code: str = "invalid"

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "reason": self.reason, "code": self.code}


class DomainError(Exception):
    status: int = 500
    slug: str = "interne-fout"
    title: str = "Interne fout"

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.extra = extra


class BadRequest(DomainError):
    status, slug, title = 400, "ongeldige-invoer", "Ongeldige invoer"


class ValidationFailed(BadRequest):
    slug, title = "validatie", "Een of meer velden zijn ongeldig"

    def __init__(self, errors: list[FieldError], detail: str | None = None) -> None:
        super().__init__(detail or f"{len(errors)} veld(en) ongeldig")
        self.errors = errors


class Unauthorized(DomainError):
    status, slug, title = 401, "niet-geauthenticeerd", "Niet geauthenticeerd"


class Forbidden(DomainError):
    status, slug, title = 403, "geen-toegang", "Geen toegang tot deze operatie"


class NotFound(DomainError):
    status, slug, title = 404, "niet-gevonden", "Niet gevonden"


class Conflict(DomainError):
    status, slug, title = 409, "conflict", "Conflict met de huidige toestand"


class IdempotencyMismatch(DomainError):
    status, slug, title = (
        422,
        "idempotency-key-hergebruikt",
        "Idempotency-Key hergebruikt met een andere body",
    )


class IdempotencyInProgress(DomainError):
    status, slug, title = (
        409,
        "idempotency-key-in-behandeling",
        "Een verzoek met deze Idempotency-Key loopt nog",
    )


class Unavailable(DomainError):
    status, slug, title = 503, "niet-beschikbaar", "Dienst tijdelijk niet beschikbaar"
