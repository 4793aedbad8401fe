"""Informatiebladen: per responsible gemeente, versions of what it may see of the screening (DESIGN §7)."""
