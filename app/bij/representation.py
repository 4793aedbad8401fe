"""BIJ as the API shows it: a BIJ-melding as a reader may see it, built from the disclosure decision, and
the BIJ mandates for beheer."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from app.bij.gemeenten import GEMEENTEN
from app.bij.models import BijMelding
from app.consent.categorieen import Categorie
from app.consent.decision import Decision
from app.detenties.models import Detentie
from app.detenties.representation import verstrekking
from app.partners.models import BijMandaat, Partner
from app.rollen import Rol
from app.schemas.bij import (
    BijMeldingOut,
    BijOnbestelbaarOut,
    BijOntvangerOut,
    BijSoort,
    DelictCategorie,
    DelictOut,
    MandaatList,
    MandaatOut,
    PeriodeOut,
    VerblijfadresOut,
    VoorwaardeOut,
    VoorwaardeSoort,
)
from app.schemas.detenties import PersoonOut


def _bij_velden(out: BijMeldingOut, m: BijMelding) -> None:
    out.soort = BijSoort(m.soort)
    out.delict = DelictOut(categorie=DelictCategorie(m.delict_categorie), omschrijving=m.delict_omschrijving)
    out.verblijfadres = VerblijfadresOut(
        straat=m.straat,
        huisnummer=m.huisnummer,
        postcode=m.postcode,
        woonplaats=m.woonplaats,
        gemeentecode=m.gemeentecode,
    )
    out.periode = PeriodeOut(van=m.periode_van, tot=m.periode_tot)
    out.voorwaarden = [
        VoorwaardeOut(soort=VoorwaardeSoort(v["soort"]), omschrijving=v.get("omschrijving"))
        for v in m.voorwaarden
    ]


def _routering(out: BijMeldingOut, m: BijMelding, namen: dict[uuid.UUID, str]) -> None:
    out.ontvangers = [
        BijOntvangerOut(naam=namen.get(o.partner_id, str(o.partner_id)), rol=Rol(o.rol)) for o in m.ontvangers
    ]
    out.onbestelbaar = [
        BijOnbestelbaarOut(rol=Rol(o["rol"]), gemeentecode=o.get("sleutel"), reden=o["reden"])
        for o in m.onbestelbaar
    ]


def bij_melding_out(
    m: BijMelding, d: Detentie, decision: Decision, moment: dt.datetime, namen: dict[uuid.UUID, str]
) -> BijMeldingOut:
    """`namen`: names of the recorded recipients, shown to the DJI partner that made the melding only."""
    out = BijMeldingOut(id=m.id, detentie_id=m.detentie_id, aangemaakt_op=m.aangemaakt_op)
    getoond: set[Categorie] = set()
    if decision.may(Categorie.DETENTIE):
        # For BIJ recipients `detentie` is limited to identity: who the person is, nothing of the detentie.
        getoond.add(Categorie.DETENTIE)
        out.persoon = PersoonOut(
            bsn=d.bsn,
            geslachtsnaam=d.geslachtsnaam,
            voorvoegsel=d.voorvoegsel,
            voornamen=d.voornamen,
            geboortedatum=d.geboortedatum,
        )
    if decision.may(Categorie.BIJ):
        getoond.add(Categorie.BIJ)
        _bij_velden(out, m)
    if decision.eigen_bron:
        _routering(out, m, namen)
    if not decision.eigen_bron:
        out.verstrekking = verstrekking(decision, getoond, moment)
    return out


def mandaat_out(m: BijMandaat, p: Partner) -> MandaatOut:
    return MandaatOut(
        gemeentecode=m.gemeentecode,
        gemeentenaam=GEMEENTEN.get(m.gemeentecode),
        partner_id=p.id,
        partner_naam=p.naam,
        sinds=m.sinds,
    )


def mandaat_list(rows: Sequence[tuple[BijMandaat, Partner]]) -> MandaatList:
    return MandaatList(mandaten=[mandaat_out(m, p) for m, p in rows])
