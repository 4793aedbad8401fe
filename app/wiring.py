"""The composition root's registrations: where a lower package needs something from higher ones, the
higher ones are registered here, once, at start-up (app.main, app.cli, the tests).

- policy facts of a detentie (app.detenties.facts): consent, opdrachten, BIJ recipients, casemanager;
- the handler of detentie changes (app.detenties.changes): the informatieblad fan-out;
- the representations behind event datarefs (app.events.expand), for feed and webhook `expand=data`.
"""

from __future__ import annotations

from app.bij import facts as bij_facts
from app.bij.service import as_data as bij_melding_als_data
from app.detenties import changes
from app.detenties import facts as detentie_facts
from app.detenties.service import as_data as detentie_als_data
from app.events import expand
from app.informatiebladen import fan_out
from app.informatiebladen.service import as_data as informatieblad_als_data
from app.intakes import facts as intake_facts
from app.intakes.basisvoorwaarden import basisvoorwaarden_als_data
from app.reclassering import facts as reclassering_facts
from app.toestemmingen import facts as toestemming_facts


def wire() -> None:
    """Idempotent."""
    for source in (
        toestemming_facts.SOURCE,
        reclassering_facts.SOURCE,
        bij_facts.SOURCE,
        intake_facts.SOURCE,
    ):
        detentie_facts.register(source)
    changes.subscribe(fan_out.after_change)
    expand.register("/detenties/", detentie_als_data)
    expand.register("/detenties/", basisvoorwaarden_als_data, suffix="/basisvoorwaarden")
    expand.register("/informatiebladen/", informatieblad_als_data)
    expand.register("/bij-meldingen/", bij_melding_als_data)
