"""Post-processing of the generated OpenAPI document to match what the API really answers."""

from __future__ import annotations

from typing import Any

from app import API_VERSION

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "invalidParams": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "reason": {"type": "string"},
                    "code": {"type": "string"},
                },
            },
        },
    },
}
_PROBLEM_REF = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
_STANDARD = {
    "400": "Ongeldige invoer (alle fouten in invalidParams)",
    "401": "Geen of ongeldig token",
    "403": "Deze rol mag deze operatie nooit uitvoeren",
    "404": "Niet gevonden (of niet zichtbaar voor deze partner)",
    "406": "Accept niet te leveren",
    "500": "Interne fout",
}
_BODY = {
    "409": "Conflict",
    "413": "Body te groot",
    "415": "Content-Type niet ondersteund",
    "422": "Idempotency-Key hergebruikt met een andere body",
}


def finish_openapi(schema: dict[str, Any]) -> dict[str, Any]:
    """Validation errors are 400 problem+json, not FastAPI's 422; every operation lists its problems."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for name in ("HTTPValidationError", "ValidationError"):
        schema["components"]["schemas"].pop(name, None)
    for path, item in schema.get("paths", {}).items():
        for method, op in item.items():
            responses = op.setdefault("responses", {})
            responses.pop("422", None)
            codes = dict(_STANDARD)
            if method in ("post", "put", "patch"):
                codes.update(_BODY)
            if path.startswith("/health") or path == "/oauth/token":
                codes.pop("403", None)
            for code, description in codes.items():
                responses.setdefault(code, {"description": description, "content": _PROBLEM_REF})
            for response in responses.values():
                response.setdefault("headers", {})["API-Version"] = {
                    "schema": {"type": "string", "example": API_VERSION},
                    "description": "Versie van de API",
                }
    return schema


def render(schema: dict[str, Any]) -> str:
    """The committed form of the document: stable key order, trailing newline."""
    import json

    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
