"""Reclassering: opdrachten (advies, toezicht) and the basisvoorwaarden read (DESIGN §4, §7)."""
