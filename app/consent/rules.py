"""The rule table of DESIGN §7.2, as data. Reviewed like law: one row per line of the table, in its order.

Deny by default: a category no applicable row names is withheld. Where two rows of one recipient name
the same category, their conditions or periods exclude each other (before/after the S&B date; BIJ soort),
so the order of the rows never decides (tests/consent/test_rule_table.py checks it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from app.consent.categorieen import BASISVOORWAARDEN, Beperking, Categorie, Grondslag, OntvangerSoort
from app.rollen import Rol


class RelationKind(StrEnum):
    """How the recipient must stand to the object for a row to apply."""

    # The gemeente of inschrijving, hervestiging or na ontslag, and aangesloten (DESIGN §6: a gemeente that
    # is not aangesloten receives nothing).
    VERANTWOORDELIJKE_GEMEENTE = "verantwoordelijke_gemeente"
    # A reclassering organisation holding an opdracht for the detentie, active on the day of disclosure.
    ACTIEVE_OPDRACHT = "actieve_opdracht"
    # A recipient the BIJ-melding was routed to when it was made (bij_gemandateerde holding the mandate
    # for the verblijfadres gemeente at that time, or politie).
    BIJ_ONTVANGER = "bij_ontvanger"


class Condition(StrEnum):
    GEEN = "geen"
    # The current consent statement covers the category for this kind of recipient.
    TOESTEMMING = "toestemming"
    # The BIJ-melding is (not) an art. 18b Pbw risk notice.
    BIJ_REGULIER = "bij_regulier"
    BIJ_RISICO_18B = "bij_risico_18b"


class Effective(StrEnum):
    """Symbolic dates; resolved against the configured S&B date."""

    SB_DATUM = "sb_datum"


Datum = dt.date | Effective


class Doel(StrEnum):
    """The purpose of a disclosure (DESIGN §7.2, last column), in the table's own words: it is logged with
    every disclosure and shown in inzage reports."""

    RE_INTEGRATIE_EN_NAZORG = "re-integratie en nazorg"
    DETENTIE_EN_RE_INTEGRATIEPLAN = "detentie- en re-integratieplan"
    ADVIES_EN_TOEZICHT = "advies en toezicht"
    OPENBARE_ORDE_EN_VEILIGHEID = "openbare orde en veiligheid"
    VOORKOMEN_VAN_GEVAAR = "voorkomen van gevaar (art. 18b Pbw)"


@dataclass(frozen=True)
class Rule:
    rol: Rol
    relatie: RelationKind
    categorieen: frozenset[Categorie]
    grondslag: Grondslag
    doel: Doel
    voorwaarde: Condition = Condition.GEEN
    vanaf: Datum | None = None  # applies from 00:00 Dutch time on this date
    tot: Datum | None = None  # applies until 00:00 Dutch time on this date
    ontvanger_soort: OntvangerSoort | None = None  # whose consent counts (with Voorwaarde.TOESTEMMING)
    beperking: Beperking | None = None


_G, _R = OntvangerSoort.GEMEENTE, OntvangerSoort.RECLASSERING
_SB = Effective.SB_DATUM
_DETENTIE_CASEMANAGER = frozenset({Categorie.DETENTIE, Categorie.CASEMANAGER})
_NETWERK_KINDEREN = frozenset({Categorie.SOCIAAL_NETWERK, Categorie.KINDEREN_MANTELZORG})

RULES: tuple[Rule, ...] = (
    # --- gemeente (responsible, aangesloten) -------------------------------------------------------
    Rule(
        Rol.GEMEENTE,
        RelationKind.VERANTWOORDELIJKE_GEMEENTE,
        _DETENTIE_CASEMANAGER,
        Grondslag.WJSG_51C,
        Doel.RE_INTEGRATIE_EN_NAZORG,
        vanaf=dt.date(2019, 1, 1),
    ),
    Rule(
        Rol.GEMEENTE,
        RelationKind.VERANTWOORDELIJKE_GEMEENTE,
        BASISVOORWAARDEN,
        Grondslag.AVG_TOESTEMMING,
        Doel.RE_INTEGRATIE_EN_NAZORG,
        Condition.TOESTEMMING,
        tot=_SB,
        ontvanger_soort=_G,
    ),
    # Art. 18a Pbw serves the detentie- en re-integratieplan, not nazorg in general.
    Rule(
        Rol.GEMEENTE,
        RelationKind.VERANTWOORDELIJKE_GEMEENTE,
        BASISVOORWAARDEN,
        Grondslag.PBW_18A,
        Doel.DETENTIE_EN_RE_INTEGRATIEPLAN,
        vanaf=_SB,
    ),
    Rule(
        Rol.GEMEENTE,
        RelationKind.VERANTWOORDELIJKE_GEMEENTE,
        _NETWERK_KINDEREN,
        Grondslag.AVG_TOESTEMMING,
        Doel.RE_INTEGRATIE_EN_NAZORG,
        Condition.TOESTEMMING,
        ontvanger_soort=_G,
    ),
    Rule(
        Rol.GEMEENTE,
        RelationKind.VERANTWOORDELIJKE_GEMEENTE,
        frozenset({Categorie.ZORG_TOELICHTING}),
        Grondslag.AVG_TOESTEMMING_ART9,
        Doel.RE_INTEGRATIE_EN_NAZORG,
        Condition.TOESTEMMING,
        ontvanger_soort=_G,
    ),
    # --- reclassering (active opdracht) --------------------------------------------------------------
    Rule(
        Rol.RECLASSERING,
        RelationKind.ACTIEVE_OPDRACHT,
        _DETENTIE_CASEMANAGER,
        Grondslag.RECLASSERINGSREGELING,
        Doel.ADVIES_EN_TOEZICHT,
    ),
    Rule(
        Rol.RECLASSERING,
        RelationKind.ACTIEVE_OPDRACHT,
        BASISVOORWAARDEN,
        Grondslag.AVG_TOESTEMMING,
        Doel.ADVIES_EN_TOEZICHT,
        Condition.TOESTEMMING,
        tot=_SB,
        ontvanger_soort=_R,
    ),
    Rule(
        Rol.RECLASSERING,
        RelationKind.ACTIEVE_OPDRACHT,
        BASISVOORWAARDEN,
        Grondslag.PBW_18A,
        Doel.DETENTIE_EN_RE_INTEGRATIEPLAN,
        vanaf=_SB,
    ),
    Rule(
        Rol.RECLASSERING,
        RelationKind.ACTIEVE_OPDRACHT,
        _NETWERK_KINDEREN,
        Grondslag.AVG_TOESTEMMING,
        Doel.ADVIES_EN_TOEZICHT,
        Condition.TOESTEMMING,
        ontvanger_soort=_R,
    ),
    Rule(
        Rol.RECLASSERING,
        RelationKind.ACTIEVE_OPDRACHT,
        frozenset({Categorie.ZORG_TOELICHTING}),
        Grondslag.AVG_TOESTEMMING_ART9,
        Doel.ADVIES_EN_TOEZICHT,
        Condition.TOESTEMMING,
        ontvanger_soort=_R,
    ),
    # --- BIJ: bij_gemandateerde (mandate for the address gemeente) and politie ----------------------
    Rule(
        Rol.BIJ_GEMANDATEERDE,
        RelationKind.BIJ_ONTVANGER,
        frozenset({Categorie.DETENTIE, Categorie.BIJ}),
        Grondslag.BIJ_REGELING,
        Doel.OPENBARE_ORDE_EN_VEILIGHEID,
        Condition.BIJ_REGULIER,
        beperking=Beperking.IDENTITEIT,
    ),
    # Interpretation: an art. 18b notice also tells the official who it is about (identity only).
    Rule(
        Rol.BIJ_GEMANDATEERDE,
        RelationKind.BIJ_ONTVANGER,
        frozenset({Categorie.DETENTIE, Categorie.BIJ}),
        Grondslag.PBW_18B,
        Doel.VOORKOMEN_VAN_GEVAAR,
        Condition.BIJ_RISICO_18B,
        vanaf=_SB,
        beperking=Beperking.IDENTITEIT,
    ),
    Rule(
        Rol.POLITIE,
        RelationKind.BIJ_ONTVANGER,
        frozenset({Categorie.DETENTIE, Categorie.BIJ}),
        Grondslag.BIJ_REGELING,
        Doel.OPENBARE_ORDE_EN_VEILIGHEID,
        beperking=Beperking.IDENTITEIT,
    ),
)
