"""Client secrets: generated with 256 bits of entropy, stored as SHA-256.

A slow password hash buys nothing for a random 256-bit secret (no dictionary to search) and would make
every token request cost tens of milliseconds; the hash only keeps a database leak from yielding usable
secrets.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets


def generate_secret() -> str:
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def verify_secret(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)
