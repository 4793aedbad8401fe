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


BASISVOORWAARDEN = frozenset(
    {
        Categorie.IDENTITEITSBEWIJS,
        Categorie.ONDERDAK,
        Categorie.WERK_INKOMEN,
        Categorie.SCHULDEN,
        Categorie.ZORG,
    }
)
# What a detainee can consent to (toestemming.categorieen): everything of the screening.
TOESTEMMING_CATEGORIEEN = BASISVOORWAARDEN | {
    Categorie.ZORG_TOELICHTING,
    Categorie.SOCIAAL_NETWERK,
    Categorie.KINDEREN_MANTELZORG,
}


class Grondslag(StrEnum):
    WJSG_51C = "WJSG_51C"  # art. 51c Wet justitiële en strafvorderlijke gegevens
    AVG_TOESTEMMING = "AVG_TOESTEMMING"  # art. 6(1)(a) AVG
    AVG_TOESTEMMING_ART9 = "AVG_TOESTEMMING_ART9"  # art. 6(1)(a) with art. 9(2)(a) AVG: health data
    PBW_18A = "PBW_18A"  # art. 18a Pbw (Wet straffen en beschermen)
    RECLASSERINGSREGELING = "RECLASSERINGSREGELING"
    BIJ_REGELING = "BIJ_REGELING"
    PBW_18B = "PBW_18B"  # art. 18b Pbw: risk notice to the burgemeester


class OntvangerSoort(StrEnum):
    """The kinds of recipient a detainee's consent statement names (toestemming.ontvangers)."""

    GEMEENTE = "gemeente"
    RECLASSERING = "reclassering"


class Beperking(StrEnum):
    """A category disclosed only in part."""

    IDENTITEIT = (
        "identiteit"  # of `detentie`: who the person is (and the date of what is reported), nothing else
    )
