"""Imports every feature's ORM models so that Base.metadata is complete (Alembic, drift check).

Feature packages are discovered: a `models` module in any direct sub-package of `app` is imported.
"""

from __future__ import annotations

import importlib
import pkgutil

import app
from app.db import Base


def load_all_models() -> type[Base]:
    for info in pkgutil.iter_modules(app.__path__):
        if info.ispkg:
            try:
                importlib.import_module(f"app.{info.name}.models")
            except ModuleNotFoundError as exc:
                if exc.name != f"app.{info.name}.models":
                    raise
    return Base
