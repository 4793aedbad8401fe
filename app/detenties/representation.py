"""Detenties as the API shows them: a detentie as a reader may see it, built from the disclosure decision,
and an overplaatsing as recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from app.consent.categorieen import Categorie
from app.consent.decision import Decision
from app.detenties import termijnen
from app.detenties.facts import DetentieRead, OverplaatsingFact
from app.detenties.models import Detentie, Overplaatsing
from app.schemas.detenties import (
    DetentieOut,
    EindeOut,
    EindeReden,
    Instroom,
    OverplaatsingOut,
    PersoonOut,
    Termijnen,
    Titel,
    Verstrekking,
)


def verstrekking(decision: Decision, getoond: set[Categorie], moment: dt.datetime) -> Verstrekking | None:
    """The grondslag of each category that was actually disclosed (permitted and present)."""
    if decision.eigen_bron:
        return None
    return Verstrekking(
        tijdstip=moment,
        grondslagen={c.value: g.value for c, g in sorted(decision.grondslagen.items()) if c in getoond},
    )


def overplaatsing_out(o: Overplaatsing | OverplaatsingFact) -> OverplaatsingOut:
    return OverplaatsingOut(
        id=o.id, van_inrichting=o.van_inrichting, naar_inrichting=o.naar_inrichting, datum=o.datum
    )


def _detentie_volledig(out: DetentieOut, d: Detentie, overplaatsingen: Sequence[OverplaatsingFact]) -> None:
    out.inrichting = d.inrichting
    out.titel = Titel(d.titel)
    out.instroom = Instroom(d.instroom)
    out.begindatum = d.begindatum
    out.verwachte_einddatum = d.verwachte_einddatum
    out.gemeente_van_inschrijving = d.gemeente_van_inschrijving
    out.gemeente_van_hervestiging = d.gemeente_van_hervestiging
    out.einde = (
        EindeOut(
            einddatum=d.einddatum,
            reden=EindeReden(d.einde_reden or "overig"),
            gemeente_na_ontslag=d.gemeente_na_ontslag,
        )
        if d.einddatum
        else None
    )
    out.overplaatsingen = [overplaatsing_out(o) for o in overplaatsingen]
    out.termijnen = Termijnen(
        screening_uiterlijk=termijnen.screening_uiterlijk(d.begindatum),
        dr_plan_uiterlijk=termijnen.dr_plan_uiterlijk(d.begindatum),
    )
    out.aangemaakt_op = d.aangemaakt_op
    out.gewijzigd_op = d.gewijzigd_op


def detentie_out(gelezen: DetentieRead, decision: Decision, moment: dt.datetime) -> DetentieOut:
    """The detentie with what `besluit` permits: its casemanager contact (from the newest intake) only when
    that category is permitted, its overplaatsingen with the full detentie category."""
    d, casemanager = gelezen.detentie, gelezen.casemanager
    out = DetentieOut(id=d.id)
    getoond: set[Categorie] = set()
    if decision.eigen_bron:
        out.bron_id = d.bron_id
    if decision.may(Categorie.DETENTIE):
        getoond.add(Categorie.DETENTIE)
        out.persoon = PersoonOut(
            bsn=d.bsn,
            geslachtsnaam=d.geslachtsnaam,
            voorvoegsel=d.voorvoegsel,
            voornamen=d.voornamen,
            geboortedatum=d.geboortedatum,
        )
        out.status = "beeindigd" if d.einddatum else "lopend"
        if decision.is_full(Categorie.DETENTIE):
            _detentie_volledig(out, d, gelezen.overplaatsingen)
        elif d.einddatum:
            # Limited to identity (BIJ recipients): who, and the date of the end they are told about.
            out.einde = EindeOut(einddatum=d.einddatum)
    if casemanager is not None and decision.may(Categorie.CASEMANAGER):
        getoond.add(Categorie.CASEMANAGER)
        out.casemanager = casemanager
    out.verstrekking = verstrekking(decision, getoond, moment)
    return out
