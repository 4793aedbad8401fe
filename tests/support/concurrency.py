"""Running requests at the same moment, each in its own thread with its own connection."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from sqlalchemy import text

from app.db import make_engine


def at_once(
    n: int, request: Callable[[httpx.Client, int], httpx.Response], timeout: float = 60
) -> list[httpx.Response]:
    """Run `request(client, i)` in n threads, released together by a barrier."""
    barrier = threading.Barrier(n)

    def one(i: int) -> httpx.Response:
        with httpx.Client(timeout=timeout) as client:
            barrier.wait()
            return request(client, i)

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(one, range(n)))


def scalars(database_url: str, sql: str, **params: Any) -> list[Any]:
    """The first column of a query, on a short-lived engine (e.g. a live server's database)."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql), params).scalars())
    finally:
        engine.dispose()
