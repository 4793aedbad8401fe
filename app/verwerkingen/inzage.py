"""The privacy officer's questions about one person: which disclosures were made (zoeken) and the AVG
art. 15 report (inzage). The person is found by the keyed pseudonym of the BSN; the BSN is not stored.
Both answers are shaped from the same rows by app.verwerkingen.representation."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from app.pseudonym import bsn_pseudoniem
from app.verwerkingen import repository as repo
from app.verwerkingen.models import Verwerking
from app.verwerkingen.service import SEAL_BATCH, seal


def of_person(session: Session, bsn: str, sleutel: str) -> Sequence[Verwerking]:
    """The person's disclosures in chain order, all sealed first: the answer lists every disclosure with
    its chain number."""
    while seal(session, SEAL_BATCH) == SEAL_BATCH:
        pass
    return repo.of_person(session, bsn_pseudoniem(bsn, sleutel))
