"""Consent statements as the API shows them (to the DJI partner and the privacy officer)."""

from __future__ import annotations

from collections.abc import Sequence

from app.schemas.toestemmingen import ToestemmingenOut, ToestemmingOut
from app.toestemmingen.models import Toestemming


def toestemming_out(t: Toestemming) -> ToestemmingOut:
    return ToestemmingOut.model_validate(
        {
            "id": t.id,
            "volgnummer": t.volgnummer,
            "verklaard_op": t.verklaard_op,
            "geregistreerd_op": t.geregistreerd_op,
            "categorieen": t.categorieen,
            "ontvangers": t.ontvangers,
            # A statement without categories withdraws every earlier consent.
            "intrekking": not t.categorieen,
        }
    )


def toestemmingen_out(history: Sequence[Toestemming]) -> ToestemmingenOut:
    return ToestemmingenOut(toestemmingen=[toestemming_out(t) for t in history])
