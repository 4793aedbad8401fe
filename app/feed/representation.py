"""A feed page as the API shows it (FeedOut documents the shape)."""

from __future__ import annotations

import json

from app.feed.service import FeedPage


def feed_page_body(pagina: FeedPage) -> str:
    """The JSON body, rendered directly rather than through FeedOut: the CloudEvents are built as plain
    JSON already, and a page of up to 1000 of them need not be validated again."""
    return json.dumps(
        {"notificaties": pagina.notificaties, "laatsteSequence": pagina.laatste_sequence},
        ensure_ascii=False,
        separators=(",", ":"),
    )
