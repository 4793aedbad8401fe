"""The rule table of DESIGN §7.2, as data. Reviewed like law: one row per line of the table, in its order.

Deny by default: a category no applicable row names is withheld. Where two rows could name the same
category, their conditions exclude each other (before/after the S&B date; BIJ soort).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from app.consent.categorieen import BASISVOORWAARDEN, Beperking, Categorie, Grondslag, OntvangerSoort
from app.rollen import Rol


class Relatie(StrEnum):
    """How the recipient must stand to the object for a row to apply."""

    # The gemeente of inschrijving, hervestiging or na ontslag, and aangesloten (DESIGN §6: a gemeente that
    # is not aangesloten receives nothing).
    VERANTWOORDELIJKE_GEMEENTE = "verantwoordelijke_gemeente"
    # A reclassering organisation holding an opdracht for the detentie, active on the day of disclosure.
    ACTIEVE_OPDRACHT = "actieve_opdracht"
    # A recipient the BIJ-melding was routed to when it was made (bij_gemandateerde holding the mandate
    # for the verblijfadres gemeente at that time, or politie).
    BIJ_ONTVANGER = "bij_ontvanger"


class Voorwaarde(StrEnum):
    GEEN = "geen"
    # The current consent statement covers the category for this kind of recipient.
    TOESTEMMING = "toestemming"
    # The BIJ-melding is (not) an art. 18b Pbw risk notice.
    BIJ_REGULIER = "bij_regulier"
    BIJ_RISICO_18B = "bij_risico_18b"


class Ingang(StrEnum):
    """Symbolic dates; resolved against the configured S&B date."""

    SB_DATUM = "sb_datum"


Datum = dt.date | Ingang


class Doel(StrEnum):
    NAZORG = "re-integratie en nazorg (gemeente)"
    RECLASSERING = "advies en toezicht (reclassering)"
    OPENBARE_ORDE = "openbare orde en veiligheid (BIJ)"


@dataclass(frozen=True)
class Regel:
    rol: Rol
    relatie: Relatie
    categorieen: frozenset[Categorie]
    grondslag: Grondslag
    doel: Doel
    voorwaarde: Voorwaarde = Voorwaarde.GEEN
    vanaf: Datum | None = None  # applies from 00:00 Dutch time on this date
    tot: Datum | None = None  # applies until 00:00 Dutch time on this date
    ontvanger_soort: OntvangerSoort | None = None  # whose consent counts (with Voorwaarde.TOESTEMMING)
    beperking: Beperking | None = None


_G, _R = OntvangerSoort.GEMEENTE, OntvangerSoort.RECLASSERING
_SB = Ingang.SB_DATUM
_DETENTIE_CASEMANAGER = frozenset({Categorie.DETENTIE, Categorie.CASEMANAGER})
_NETWERK_KINDEREN = frozenset({Categorie.SOCIAAL_NETWERK, Categorie.KINDEREN_MANTELZORG})

REGELS: tuple[Regel, ...] = (
    # --- gemeente (responsible, aangesloten) -------------------------------------------------------
    Regel(
        Rol.GEMEENTE,
        Relatie.VERANTWOORDELIJKE_GEMEENTE,
        _DETENTIE_CASEMANAGER,
        Grondslag.WJSG_51C,
        Doel.NAZORG,
        vanaf=dt.date(2019, 1, 1),
    ),
    Regel(
        Rol.GEMEENTE,
        Relatie.VERANTWOORDELIJKE_GEMEENTE,
        BASISVOORWAARDEN,
        Grondslag.AVG_TOESTEMMING,
        Doel.NAZORG,
        Voorwaarde.TOESTEMMING,
        tot=_SB,
        ontvanger_soort=_G,
    ),
    Regel(
        Rol.GEMEENTE,
        Relatie.VERANTWOORDELIJKE_GEMEENTE,
        BASISVOORWAARDEN,
        Grondslag.PBW_18A,
        Doel.NAZORG,
        vanaf=_SB,
    ),
    Regel(
        Rol.GEMEENTE,
        Relatie.VERANTWOORDELIJKE_GEMEENTE,
        _NETWERK_KINDEREN,
        Grondslag.AVG_TOESTEMMING,
        Doel.NAZORG,
        Voorwaarde.TOESTEMMING,
        ontvanger_soort=_G,
    ),
    Regel(
        Rol.GEMEENTE,
        Relatie.VERANTWOORDELIJKE_GEMEENTE,
        frozenset({Categorie.ZORG_TOELICHTING}),
        Grondslag.AVG_TOESTEMMING_ART9,
        Doel.NAZORG,
        Voorwaarde.TOESTEMMING,
        ontvanger_soort=_G,
    ),
    # --- reclassering (active opdracht) --------------------------------------------------------------
    Regel(
        Rol.RECLASSERING,
        Relatie.ACTIEVE_OPDRACHT,
        _DETENTIE_CASEMANAGER,
        Grondslag.RECLASSERINGSREGELING,
        Doel.RECLASSERING,
    ),
    Regel(
        Rol.RECLASSERING,
        Relatie.ACTIEVE_OPDRACHT,
        BASISVOORWAARDEN,
        Grondslag.AVG_TOESTEMMING,
        Doel.RECLASSERING,
        Voorwaarde.TOESTEMMING,
        tot=_SB,
        ontvanger_soort=_R,
    ),
    Regel(
        Rol.RECLASSERING,
        Relatie.ACTIEVE_OPDRACHT,
        BASISVOORWAARDEN,
        Grondslag.PBW_18A,
        Doel.RECLASSERING,
        vanaf=_SB,
    ),
    Regel(
        Rol.RECLASSERING,
        Relatie.ACTIEVE_OPDRACHT,
        _NETWERK_KINDEREN,
        Grondslag.AVG_TOESTEMMING,
        Doel.RECLASSERING,
        Voorwaarde.TOESTEMMING,
        ontvanger_soort=_R,
    ),
    Regel(
        Rol.RECLASSERING,
        Relatie.ACTIEVE_OPDRACHT,
        frozenset({Categorie.ZORG_TOELICHTING}),
        Grondslag.AVG_TOESTEMMING_ART9,
        Doel.RECLASSERING,
        Voorwaarde.TOESTEMMING,
        ontvanger_soort=_R,
    ),
    # --- BIJ: bij_gemandateerde (mandate for the address gemeente) and politie ----------------------
    Regel(
        Rol.BIJ_GEMANDATEERDE,
        Relatie.BIJ_ONTVANGER,
        frozenset({Categorie.DETENTIE, Categorie.BIJ}),
        Grondslag.BIJ_REGELING,
        Doel.OPENBARE_ORDE,
        Voorwaarde.BIJ_REGULIER,
        beperking=Beperking.IDENTITEIT,
    ),
    # Interpretation: an art. 18b notice also tells the official who it is about (identity only).
    Regel(
        Rol.BIJ_GEMANDATEERDE,
        Relatie.BIJ_ONTVANGER,
        frozenset({Categorie.DETENTIE, Categorie.BIJ}),
        Grondslag.PBW_18B,
        Doel.OPENBARE_ORDE,
        Voorwaarde.BIJ_RISICO_18B,
        vanaf=_SB,
        beperking=Beperking.IDENTITEIT,
    ),
    Regel(
        Rol.POLITIE,
        Relatie.BIJ_ONTVANGER,
        frozenset({Categorie.DETENTIE, Categorie.BIJ}),
        Grondslag.BIJ_REGELING,
        Doel.OPENBARE_ORDE,
        beperking=Beperking.IDENTITEIT,
    ),
)
