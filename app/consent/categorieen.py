from __future__ import annotations

from enum import StrEnum


class Categorie(StrEnum):
    """DESIGN §7.1. The enum value is snake_case; its JSON property is the camelCase form."""

    DETENTIE = "detentie"
    IDENTITEITSBEWIJS = "identiteitsbewijs"
    ONDERDAK = "onderdak"
    WERK_INKOMEN = "werk_inkomen"
    SCHULDEN = "schulden"
    ZORG = "zorg"
    ZORG_TOELICHTING = "zorg_toelichting"
    SOCIAAL_NETWERK = "sociaal_netwerk"
    KINDEREN_MANTELZORG = "kinderen_mantelzorg"
    CASEMANAGER = "casemanager"
    BIJ = "bij"


class Grondslag(StrEnum):
    WJSG_51C = "WJSG_51C"
    AVG_TOESTEMMING = "AVG_TOESTEMMING"
    PBW_18A = "PBW_18A"
    RECLASSERINGSREGELING = "RECLASSERINGSREGELING"
    BIJ_REGELING = "BIJ_REGELING"
    PBW_18B = "PBW_18B"
