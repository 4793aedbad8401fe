"""A read of personal data as the disclosure policy sees it: who reads, when, under which S&B date, and
through which channel (api, feed, webhook). Passed to every read path that may disclose."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from app.auth.principal import Principal
from app.consent.beslissing import Besluit, Feiten, beslis
from app.verwerkingen.service import Lezer


@dataclass(frozen=True)
class Lezing:
    principal: Principal
    moment: dt.datetime
    sb_datum: dt.date
    kanaal: str = "api"

    def beslis(self, feiten: Feiten) -> Besluit:
        return beslis(self.principal.ontvanger(), feiten, self.moment, self.sb_datum)

    def lezer(self) -> Lezer:
        p = self.principal
        return Lezer(partner_id=p.partner_id, partner_naam=p.naam, rol=p.rol.value, client_id=p.client_id)

    def via(self, kanaal: str) -> Lezing:
        return replace(self, kanaal=kanaal)
