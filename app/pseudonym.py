"""Keyed pseudonym of a BSN. A plain hash of a BSN is reversible by enumerating 10^9 candidates; an HMAC
with a secret key is not, for whoever lacks the key."""

from __future__ import annotations

import hashlib
import hmac


def bsn_pseudoniem(bsn: str, sleutel: str) -> str:
    return hmac.new(sleutel.encode(), bsn.encode(), hashlib.sha256).hexdigest()
