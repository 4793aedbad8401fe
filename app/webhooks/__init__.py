"""Webhooks (DESIGN §8, issue 5): subscriptions, a delivery worker with persisted retries, metrics."""
