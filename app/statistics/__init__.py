"""Aggregate statistics (re-integration indicators, issue 11): pure helpers with no database and no web."""
