"""Partner roles (DESIGN §3). Shared vocabulary of the auth layer and the disclosure policy."""

from __future__ import annotations

from enum import StrEnum


class Rol(StrEnum):
    DJI = "dji"
    GEMEENTE = "gemeente"
    BIJ_GEMANDATEERDE = "bij_gemandateerde"
    RECLASSERING = "reclassering"
    POLITIE = "politie"
    BEHEER = "beheer"
    PRIVACY = "privacy"


class ReclasseringOrganisatie(StrEnum):
    RN = "RN"
    SVG = "SVG"
    LJR = "LJR"


# Roles that receive notifications (feed, webhooks).
ONTVANGENDE_ROLLEN = frozenset({Rol.GEMEENTE, Rol.BIJ_GEMANDATEERDE, Rol.RECLASSERING, Rol.POLITIE})
