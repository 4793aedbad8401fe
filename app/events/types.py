from __future__ import annotations

from enum import StrEnum


class EventType(StrEnum):
    DETENTIE_GESTART = "nl.justitiabelen.detentie.gestart"
    DETENTIE_OVERGEPLAATST = "nl.justitiabelen.detentie.overgeplaatst"
    DETENTIE_EINDDATUM_VERWACHT = "nl.justitiabelen.detentie.einddatum-verwacht"
    DETENTIE_BEEINDIGD = "nl.justitiabelen.detentie.beeindigd"
    DETENTIE_INGETROKKEN = "nl.justitiabelen.detentie.ingetrokken"
    INFORMATIEBLAD_VERSTREKT = "nl.justitiabelen.informatieblad.verstrekt"
    INFORMATIEBLAD_INGETROKKEN = "nl.justitiabelen.informatieblad.ingetrokken"
    BASISVOORWAARDEN_GEWIJZIGD = "nl.justitiabelen.basisvoorwaarden.gewijzigd"
    BIJ_GEMELD = "nl.justitiabelen.bij.gemeld"
