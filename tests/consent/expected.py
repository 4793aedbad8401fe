"""DESIGN §7.2 as the tests expect it, written here independently of app/consent: per kind of recipient
and phase, per category of §7.1, whether it is disclosed, on which grondslag, for which doel, on whose
consent and whether limited. A plain module (not a test module), so other tests can use the table too.
"""

from __future__ import annotations

from dataclasses import dataclass

CATEGORIEEN = [
    "detentie",
    "identiteitsbewijs",
    "onderdak",
    "werk_inkomen",
    "schulden",
    "zorg",
    "zorg_toelichting",
    "sociaal_netwerk",
    "kinderen_mantelzorg",
    "casemanager",
    "bij",
]

# Phases: voor_wjsg  before 2019-01-01, when art. 51c Wjsg disclosure to the gemeente starts
#         voor       from then until the S&B date
#         vanaf      from the S&B date
# Legend: -                   withheld
#         G@d                 disclosed on grondslag G for doel d
#         G?gemeente@d        disclosed on G only while the current consent covers the category for `gemeente`
#         G/identiteit@d      disclosed on G, limited to identity
# Abbreviations: AVG = AVG_TOESTEMMING, AVG9 = AVG_TOESTEMMING_ART9 (art. 9(2)(a): zorg_toelichting is
# health data, for every recipient), RECL = RECLASSERINGSREGELING, BIJ = BIJ_REGELING; doelen: see DOELEN.
TABEL = """
ontvanger         fase       |  detentie                   identiteitsbewijs           onderdak                    werk_inkomen                schulden                    zorg                        zorg_toelichting             sociaal_netwerk             kinderen_mantelzorg         casemanager     bij
gemeente          voor_wjsg  |  -                          AVG?gemeente@nazorg         AVG?gemeente@nazorg         AVG?gemeente@nazorg         AVG?gemeente@nazorg         AVG?gemeente@nazorg         AVG9?gemeente@nazorg         AVG?gemeente@nazorg         AVG?gemeente@nazorg         -               -
gemeente          voor       |  WJSG_51C@nazorg            AVG?gemeente@nazorg         AVG?gemeente@nazorg         AVG?gemeente@nazorg         AVG?gemeente@nazorg         AVG?gemeente@nazorg         AVG9?gemeente@nazorg         AVG?gemeente@nazorg         AVG?gemeente@nazorg         WJSG_51C@nazorg -
gemeente          vanaf      |  WJSG_51C@nazorg            PBW_18A@plan                PBW_18A@plan                PBW_18A@plan                PBW_18A@plan                PBW_18A@plan                AVG9?gemeente@nazorg         AVG?gemeente@nazorg         AVG?gemeente@nazorg         WJSG_51C@nazorg -
reclassering      voor_wjsg  |  RECL@toezicht              AVG?reclassering@toezicht   AVG?reclassering@toezicht   AVG?reclassering@toezicht   AVG?reclassering@toezicht   AVG?reclassering@toezicht   AVG9?reclassering@toezicht   AVG?reclassering@toezicht   AVG?reclassering@toezicht   RECL@toezicht   -
reclassering      voor       |  RECL@toezicht              AVG?reclassering@toezicht   AVG?reclassering@toezicht   AVG?reclassering@toezicht   AVG?reclassering@toezicht   AVG?reclassering@toezicht   AVG9?reclassering@toezicht   AVG?reclassering@toezicht   AVG?reclassering@toezicht   RECL@toezicht   -
reclassering      vanaf      |  RECL@toezicht              PBW_18A@plan                PBW_18A@plan                PBW_18A@plan                PBW_18A@plan                PBW_18A@plan                AVG9?reclassering@toezicht   AVG?reclassering@toezicht   AVG?reclassering@toezicht   RECL@toezicht   -
bij_regulier      voor_wjsg  |  BIJ/identiteit@orde        -                           -                           -                           -                           -                           -                            -                           -                           -               BIJ@orde
bij_regulier      voor       |  BIJ/identiteit@orde        -                           -                           -                           -                           -                           -                            -                           -                           -               BIJ@orde
bij_regulier      vanaf      |  BIJ/identiteit@orde        -                           -                           -                           -                           -                           -                            -                           -                           -               BIJ@orde
bij_18b           voor_wjsg  |  -                          -                           -                           -                           -                           -                           -                            -                           -                           -               -
bij_18b           voor       |  -                          -                           -                           -                           -                           -                           -                            -                           -                           -               -
bij_18b           vanaf      |  PBW_18B/identiteit@gevaar  -                           -                           -                           -                           -                           -                            -                           -                           -               PBW_18B@gevaar
politie_regulier  voor_wjsg  |  BIJ/identiteit@orde        -                           -                           -                           -                           -                           -                            -                           -                           -               BIJ@orde
politie_regulier  voor       |  BIJ/identiteit@orde        -                           -                           -                           -                           -                           -                            -                           -                           -               BIJ@orde
politie_regulier  vanaf      |  BIJ/identiteit@orde        -                           -                           -                           -                           -                           -                            -                           -                           -               BIJ@orde
politie_18b       voor_wjsg  |  BIJ/identiteit@orde        -                           -                           -                           -                           -                           -                            -                           -                           -               BIJ@orde
politie_18b       voor       |  BIJ/identiteit@orde        -                           -                           -                           -                           -                           -                            -                           -                           -               BIJ@orde
politie_18b       vanaf      |  BIJ/identiteit@orde        -                           -                           -                           -                           -                           -                            -                           -                           -               BIJ@orde
"""  # noqa: E501
AFKORTINGEN = {
    "AVG": "AVG_TOESTEMMING",
    "AVG9": "AVG_TOESTEMMING_ART9",
    "RECL": "RECLASSERINGSREGELING",
    "BIJ": "BIJ_REGELING",
}
# The doel column of DESIGN §7.2, word for word.
DOELEN = {
    "nazorg": "re-integratie en nazorg",
    "plan": "detentie- en re-integratieplan",
    "toezicht": "advies en toezicht",
    "orde": "openbare orde en veiligheid",
    "gevaar": "voorkomen van gevaar (art. 18b Pbw)",
}


@dataclass(frozen=True)
class Cel:
    grondslag: str
    doel: str
    toestemming_van: str | None = None
    beperking: str | None = None


def _cel(tekst: str) -> Cel | None:
    if tekst == "-":
        return None
    tekst, _, doel = tekst.partition("@")
    tekst, _, beperking = tekst.partition("/")
    grondslag, _, soort = tekst.partition("?")
    return Cel(AFKORTINGEN.get(grondslag, grondslag), DOELEN[doel], soort or None, beperking or None)


def _lees_tabel() -> dict[tuple[str, str], dict[str, Cel | None]]:
    tabel = {}
    for regel in TABEL.strip().splitlines()[1:]:
        kop, cellen = regel.split("|")
        ontvanger, fase = kop.split()
        waarden = cellen.split()
        assert len(waarden) == len(CATEGORIEEN), regel
        tabel[(ontvanger, fase)] = {c: _cel(w) for c, w in zip(CATEGORIEEN, waarden, strict=True)}
    return tabel


# (ontvanger, fase) -> categorie -> the expected cell (None: withheld).
VERWACHT = _lees_tabel()
