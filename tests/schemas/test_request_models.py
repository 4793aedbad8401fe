"""Issue 10, items 5-7, as properties of every request: the rules hold for every body, parameter and date,
including ones added later, not only for the fields the other tests try.

The request models are found from the OpenAPI document: every schema a request body refers to, directly or
nested, and every parameter.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import typing
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import AwareDatetime, BaseModel, BeforeValidator

import app.schemas
from app.main import create_app
from app.schemas.common import MAX_INTEGER, VisibleStrings
from tests.fixtures.app import make_settings


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The OpenAPI document the app serves."""
    database = tmp_path_factory.mktemp("openapi") / "keten.db"
    return create_app(make_settings(f"sqlite:///{database}")).openapi()


def _models() -> dict[str, type[BaseModel]]:
    for module in pkgutil.iter_modules(app.schemas.__path__):
        importlib.import_module(f"app.schemas.{module.name}")
    found: dict[str, type[BaseModel]] = {}
    todo: list[type[BaseModel]] = [BaseModel]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub.__module__.startswith("app.schemas.") and sub.__name__ not in found:
                found[sub.__name__] = sub
            todo.append(sub)
    return found


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref.rsplit("/", 1)[-1]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _request_schema_names(doc: dict[str, Any]) -> set[str]:
    names: set[str] = set()
    todo = [
        ref
        for path in doc["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict) and "requestBody" in operation
        for media, content in operation["requestBody"]["content"].items()
        if media.endswith("json")
        for ref in _refs(content)
    ]
    while todo:
        name = todo.pop()
        if name not in names:
            names.add(name)
            todo.extend(_refs(doc["components"]["schemas"][name]))
    return names


def _request_models(doc: dict[str, Any]) -> dict[str, type[BaseModel]]:
    models = _models()
    # Enums are schemas too; they hold no free strings.
    return {name: models[name] for name in _request_schema_names(doc) if name in models}


def test_every_request_body_refuses_invisible_characters(doc: dict[str, Any]) -> None:
    names = _request_schema_names(doc)
    models = _models()
    assert {"DetentieCreate", "PersoonIn", "Casemanager", "Identiteitsbewijs", "Herstart"} <= names
    for name in names:
        schema = doc["components"]["schemas"][name]
        if "enum" in schema:
            continue
        assert name in models, f"{name}: a request schema without a model in app.schemas"
        assert issubclass(models[name], VisibleStrings), f"{name} does not refuse invisible characters"


def _annotation_parts(annotation: Any) -> Iterator[Any]:
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _annotation_parts(arg)


def _is_date(part: Any) -> bool:
    return isinstance(part, type) and (issubclass(part, dt.date) or part is AwareDatetime)


def _has_range(metadata: list[Any]) -> bool:
    return any(
        isinstance(m, BeforeValidator)
        and getattr(m.func, "__qualname__", "").split(".")[0] in ("date_within", "date_time_within")
        for m in metadata
    )


def _date_fields(doc: dict[str, Any]) -> Iterator[tuple[str, str, bool]]:
    for name, model in _request_models(doc).items():
        for field_name, field in model.model_fields.items():
            parts = list(_annotation_parts(field.annotation))
            if not any(_is_date(p) for p in parts):
                continue
            metadata = list(field.metadata)
            for part in parts:
                metadata.extend(getattr(part, "__metadata__", ()))
            yield name, field_name, _has_range(metadata)


def test_every_date_in_a_request_is_an_iso_string_with_a_range(doc: dict[str, Any]) -> None:
    fields = list(_date_fields(doc))
    assert len(fields) >= 16  # the 16 date fields of today: begindatum ... aangeslotenSinds (create, patch)
    unbounded = [f"{model}.{field}" for model, field, bounded in fields if not bounded]
    assert unbounded == []


def test_every_integer_in_a_request_has_a_maximum(doc: dict[str, Any]) -> None:
    unbounded = [
        f"{method.upper()} {path} {parameter['name']}"
        for path, operations in doc["paths"].items()
        for method, operation in operations.items()
        if isinstance(operation, dict)
        for parameter in operation.get("parameters", [])
        if parameter["schema"].get("type") == "integer" and "maximum" not in parameter["schema"]
    ]
    for name in _request_schema_names(doc):
        for prop, schema in doc["components"]["schemas"][name].get("properties", {}).items():
            for variant in [schema, *schema.get("anyOf", [])]:
                if variant.get("type") == "integer" and "maximum" not in variant:
                    unbounded.append(f"{name}.{prop}")
    assert unbounded == []
    assert all(
        p["schema"].get("maximum", 0) <= MAX_INTEGER
        for operations in doc["paths"].values()
        for operation in operations.values()
        if isinstance(operation, dict)
        for p in operation.get("parameters", [])
        if p["schema"].get("type") == "integer"
    )


@pytest.mark.parametrize(
    "value", ["1796284453", "2026-11-20T09:30:00", "2026-02-30", "20-11-2026", "2026-11-20\x00"]
)
def test_the_range_types_refuse_what_is_not_an_iso_date(value: str) -> None:
    from pydantic import TypeAdapter, ValidationError

    from app.schemas.common import CalendarDate

    with pytest.raises(ValidationError):
        TypeAdapter(CalendarDate).validate_python(value)
