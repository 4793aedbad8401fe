"""Ketenmeldingen: one channel for re-integration data in the Dutch justice chain."""

API_VERSION = "1.0.0"
