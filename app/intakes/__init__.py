"""Intakes: the PI casemanager's screening on the basisvoorwaarden (DESIGN §5). Every intake is a new
version; the newest is current."""
