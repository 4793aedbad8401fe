"""Structured logging (structlog). Log event names are snake_case; never log a BSN, name or birth date."""

from __future__ import annotations

import logging
import sys

import structlog


def configure_logging(json: bool = True, level: str = "INFO") -> None:
    processors: list[structlog.typing.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
    ]
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[*processors, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelNamesMapping()[level.upper()]),
        # sys.stderr as it is when a line is logged, not when logging was configured (a test runner or a
        # daemon may replace it later).
        logger_factory=lambda *_: structlog.PrintLogger(file=sys.stderr),
        cache_logger_on_first_use=False,
    )
    # uvicorn's access log would put query strings in the log; our middleware logs requests instead.
    logging.getLogger("uvicorn.access").disabled = True
