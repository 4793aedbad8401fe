"""Test data. BSNs are generated (elfproef-valid, random), never copied from real people."""

from __future__ import annotations

import random
import uuid
from typing import Any


def bsn(rng: random.Random | None = None) -> str:
    """A random elfproef-valid BSN."""
    rng = rng or random.Random()
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        if digits[0] == 0 and digits[1] == 0:
            continue
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last <= 9:
            return "".join(map(str, digits)) + str(last)


def detentie_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "bronId": f"DJI-{uuid.uuid4().hex[:10]}",
        "persoon": {
            "bsn": bsn(),
            "geslachtsnaam": "Testpersoon",
            "voorvoegsel": "de",
            "voornamen": "Proef",
            "geboortedatum": "1990-05-17",
        },
        "inrichting": "PI-ZAANSTAD",
        "titel": "vrijheidsstraf",
        "instroom": "arrestant",
        "begindatum": "2026-11-20T09:30:00+01:00",
        "verwachteEinddatum": "2027-03-01",
        "gemeenteVanInschrijving": "0363",
    }
    body.update(overrides)
    return body
