"""How far a partner's feed reader is behind: domain data for beheer's partner view.

The read progress is the feed's (app.feed.lag fills this in); it is defined here because app.partners sits
below app.feed and must not import it, while the partner's representation needs it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class FeedLag:
    """`laatste_sequence`: the newest sequence in the partner's feed; `gelezen_tot`: the sequence it last
    asked to read after (0 if it never polled); `gelezen_op`: when it asked (None if never)."""

    laatste_sequence: int
    gelezen_tot: int
    gelezen_op: dt.datetime | None

    @property
    def achterstand(self) -> int:
        """Events in the feed after what the partner last asked for."""
        return max(0, self.laatste_sequence - self.gelezen_tot)
