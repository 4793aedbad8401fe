"""The verwerkingenlog (DESIGN §9): one append-only, hash-chained row per disclosure of personal data."""
