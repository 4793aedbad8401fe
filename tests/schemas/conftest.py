"""Fixtures of the edge-input tests."""

from __future__ import annotations

import pytest

from tests.fixtures.app import Api
from tests.schemas.edge import Existing, make_existing


@pytest.fixture
def existing(api: Api) -> Existing:
    """A detentie of demo-dji and an abonnement of gemeente Amsterdam, for the cases that need them."""
    return make_existing(api)
