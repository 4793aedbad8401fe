"""Standard Webhooks signatures (https://www.standardwebhooks.com): webhook-id, -timestamp, -signature."""

from __future__ import annotations

import base64
import datetime as dt
import secrets

from standardwebhooks.webhooks import Webhook

SECRET_PREFIX = "whsec_"  # noqa: S105 (a format prefix, not a secret)


def new_secret() -> str:
    """A fresh signing key in the Standard Webhooks format: whsec_ + base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def headers(secret: str, msg_id: str, moment: dt.datetime, body: str) -> dict[str, str]:
    """The signing headers for `body` (the exact bytes sent, as text). webhook-id is the event id: the
    receiver's deduplication key, the same on every retry."""
    moment = moment.astimezone(dt.UTC)  # sign() reads the wall time as if it were UTC
    signature: str = Webhook(secret).sign(msg_id, moment, body)
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": signature,
    }
