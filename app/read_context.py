"""A read of personal data as the disclosure policy sees it: who reads, when, under which S&B date, and
through which channel (api, feed, webhook). Passed to every read path that may disclose."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from app.auth.principal import Principal
from app.consent.decision import Decision, PolicyFacts, decide
from app.verwerkingen import service as verwerkingen
from app.verwerkingen.service import Reader


@dataclass(frozen=True)
class ReadContext:
    principal: Principal
    moment: dt.datetime
    sb_datum: dt.date
    kanaal: str = "api"

    def decide(self, feiten: PolicyFacts) -> Decision:
        return decide(self.principal.ontvanger(), feiten, self.moment, self.sb_datum)

    def lezer(self) -> Reader:
        p = self.principal
        return Reader(partner_id=p.partner_id, partner_naam=p.naam, rol=p.rol.value, client_id=p.client_id)

    def via(self, kanaal: str) -> ReadContext:
        return replace(self, kanaal=kanaal)

    def record(
        self,
        session: Session,
        decision: Decision,
        getoond: Mapping[str, str] | None,
        *,
        object_soort: str,
        object_id: uuid.UUID,
        bsn_pseudoniem: str,
    ) -> None:
        """Log what this reading disclosed: `getoond` is the response's verstrekking (category -> grondslag),
        None when nothing was disclosed (e.g. the bronhouder reading its own object)."""
        if getoond is None:
            return
        verwerkingen.record(
            session,
            self.lezer(),
            object_soort=object_soort,
            object_id=object_id,
            bsn_pseudoniem=bsn_pseudoniem,
            decision=decision,
            getoond=dict(getoond),
            kanaal=self.kanaal,
            moment=self.moment,
        )
