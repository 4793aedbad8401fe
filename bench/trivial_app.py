"""The framework limit for bench/throughput.py: FastAPI handlers that do (almost) nothing, same venv.

.venv/bin/python -m uvicorn bench.trivial_app:app --no-access-log [--loop uvloop --http httptools]
"""

from __future__ import annotations

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI(title="trivial", openapi_url=None, docs_url=None, redoc_url=None)


class Pong(BaseModel):
    status: str


class Item(BaseModel):
    id: int
    naam: str
    sequence: str


class Lijst(BaseModel):
    items: list[Item]


LIJST = Lijst(items=[Item(id=i, naam=f"item {i}", sequence=str(i)) for i in range(50)])


@app.get("/ping", response_model=Pong)
async def ping() -> Pong:
    """A small JSON answer on the event loop: the framework limit."""
    return Pong(status="ok")


@app.get("/ping-sync", response_model=Pong)
def ping_sync() -> Pong:
    """The same from a sync handler, i.e. through the thread pool."""
    return Pong(status="ok")


@app.get("/lijst", response_model=Lijst)
async def lijst() -> Lijst:
    """A 50-item JSON list: the cost of serialising a page without any database work."""
    return LIJST
