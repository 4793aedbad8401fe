"""BIJ-meldingen (Bestuurlijke Informatievoorziening Justitiabelen) and art. 18b Pbw risk notices."""
