"""The HTTP layer. Each module: parse, authorize, call one service, shape its result with the feature's
representation module, return that schema."""
