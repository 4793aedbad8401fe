"""Toestemmingen: the detainee's consent statements, append-only (DESIGN §5, §7)."""
