"""The HTTP layer. Each module: parse, authorize, call one service, return a schema."""
