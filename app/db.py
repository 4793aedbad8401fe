"""Engines, pools, the declarative base, the UTC time type, and the units of work.

Concurrency is designed here (CONVENTIONS 17, DESIGN §13):

- A request holds at most one database connection at a time, and never waits for a lock while holding
  one that another request needs: write transactions take contended locks only in their last statements
  (the outbox numbers events at commit), and disclosure-log rows are sealed into the hash chain after
  commit by one sealer (app.verwerkingen), not by the request.
- Writers are admitted by an asyncio gate (`Database.gate`) *before* they take a thread or a connection,
  so queued writers hold neither. On SQLite the gate has one slot per process (SQLite has one writer);
  on PostgreSQL it leaves part of the pool to readers, who never pass the gate.
- On SQLite, readers use their own pool and a deferred BEGIN (WAL snapshot): they never wait for the
  writer. Rows a read must write (its disclosure-log rows) are written after the read, through the gate,
  before the response leaves.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from sqlalchemy import JSON, DateTime, Engine, MetaData, Table, create_engine, event, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

T = TypeVar("T")
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware datetimes, stored in UTC on every backend (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and use psycopg 3 for them."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


@dataclass(frozen=True)
class PoolSettings:
    """Connection budget of one process. The pool never overflows: a request that cannot get a
    connection within `timeout` seconds gets a 503 (app.problems), it does not queue for 30 s."""

    size: int = 20
    timeout: float = 5.0
    connect_timeout: int = 3


def make_engine(url: str, pool: PoolSettings | None = None, *, reader: bool = False, **kwargs: Any) -> Engine:
    """An engine for `url`. On SQLite, `reader=True` gives the readers' engine (deferred BEGIN, never the
    write turn); otherwise every transaction takes the process's write turn and BEGIN IMMEDIATE."""
    url = normalise_url(url)
    pool = pool or PoolSettings()
    # A database error's message quotes the statement's parameters, which may be a BSN or a name.
    kwargs.setdefault("hide_parameters", True)
    if not is_sqlite(url):
        return create_engine(
            url,
            pool_size=pool.size,
            max_overflow=0,
            pool_timeout=pool.timeout,
            # Connections that died with the server are discarded when the first use fails (the request
            # gets a 503); a ping per checkout would cost a round trip on every request.
            pool_pre_ping=False,
            pool_recycle=1800,
            connect_args={"connect_timeout": pool.connect_timeout},
            **kwargs,
        )
    engine = create_engine(
        url,
        pool_size=pool.size,
        max_overflow=0,
        pool_timeout=pool.timeout,
        connect_args={"check_same_thread": False, "timeout": 30},
        **kwargs,
    )
    _configure_sqlite(engine, reader=reader)
    return engine


# One write turn per database file per process: the readers' and writers' engines of one Database, the
# webhook worker and the CLI in the same process all meet here. Other processes meet at SQLite's lock.
_WRITE_TURNS: dict[str, threading.Lock] = {}
_WRITE_TURNS_LOCK = threading.Lock()


def _write_turn(url: str) -> threading.Lock:
    with _WRITE_TURNS_LOCK:
        return _WRITE_TURNS.setdefault(url, threading.Lock())


def _configure_sqlite(engine: Engine, *, reader: bool) -> None:
    write_turn = _write_turn(str(engine.url))

    @event.listens_for(engine, "connect")
    def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, emit BEGIN: see _sqlite_begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL still keeps the database consistent; a power cut may lose the last commits.
        # That is the embedded/demo default's trade-off; production runs on PostgreSQL.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(conn: Any) -> None:
        if reader or conn.get_execution_options().get("readonly"):
            # A deferred BEGIN reads a WAL snapshot and never waits for the writer.
            conn.exec_driver_sql("BEGIN")
            return
        # IMMEDIATE takes the write lock up front: two deferred transactions that both upgrade to
        # writing would otherwise deadlock and fail with "database is locked" despite busy_timeout.
        # Threads of this process queue on a Python lock for that turn instead of in SQLite's busy
        # handler, which sleeps in growing steps. Requests reach this point one at a time (the gate).
        write_turn.acquire()
        conn.info["keten_write_turn"] = True
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _release(conn)
            raise

    def _release(conn: Any) -> None:
        if conn.info.pop("keten_write_turn", False):
            write_turn.release()

    event.listen(engine, "commit", _release)
    event.listen(engine, "rollback", _release)


def make_sessionmaker(engine: Engine, **info: Any) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True, info=info)


@contextmanager
def unit_of_work(factory: sessionmaker[Session], *, readonly: bool = False) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back when it raises.

    `readonly`: on SQLite a deferred (snapshot) transaction that does not take the write turn."""
    session = factory()
    if readonly:
        connection = session.connection(execution_options={"readonly": True})
        if connection.dialect.name == "sqlite":
            session.info[READONLY] = True
    try:
        yield session
        session.commit()
        if session.info.get(_DEFERRED):
            # Rows (disclosure-log rows) a snapshot reader could not write: they must not be dropped.
            raise RuntimeError("rows left unwritten by a read-only unit of work: use Database.end_read")
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# --- Rows written with the transaction's commit, and signals sent after it --------------------------

READONLY = "keten_readonly"
_DEFERRED = "keten_deferred_inserts"
_SIGNALS = "keten_after_commit"
SUBSCRIBERS = "keten_subscribers"


def insert_at_commit(session: Session, table: Table, row: dict[str, Any]) -> None:
    """Insert `row` when the transaction commits, in one statement with the others of its table.

    In a read-only SQLite unit the rows are handed back by `end_read` instead, for the caller to write
    in a short write transaction before it answers (a snapshot reader cannot become the writer)."""
    session.info.setdefault(_DEFERRED, {}).setdefault(table, []).append(row)


def signal_after_commit(session: Session, topic: str, payload: Any) -> None:
    """Call the subscribers of `topic` (see `Database.subscribe`) once the transaction has committed."""
    session.info.setdefault(_SIGNALS, []).append((topic, payload))


DeferredRows = dict[Table, list[dict[str, Any]]]


@dataclass(frozen=True)
class PendingWrite:
    rows: DeferredRows
    signals: list[tuple[str, Any]]


def _write_deferred(session: Session, rows: DeferredRows) -> None:
    for table, values in rows.items():
        session.execute(insert(table), values)


@event.listens_for(Session, "before_commit")
def _insert_deferred(session: Session) -> None:
    if session.in_nested_transaction() or session.info.get(READONLY):
        return
    rows: DeferredRows = session.info.pop(_DEFERRED, {})
    if rows:
        _write_deferred(session, rows)


@event.listens_for(Session, "after_commit")
def _send_signals(session: Session) -> None:
    if session.in_nested_transaction():
        return
    signals = session.info.pop(_SIGNALS, [])
    subscribers: dict[str, list[Callable[[Any], None]]] = session.info.get(SUBSCRIBERS, {})
    for topic, payload in signals:
        for callback in subscribers.get(topic, ()):
            callback(payload)


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: Any) -> None:
    """A transaction that ended without writing them (rollback, close) writes nothing and signals nothing."""
    if transaction.parent is None:
        session.info.pop(_DEFERRED, None)
        session.info.pop(_SIGNALS, None)


# --- The process's database: engines, sessions, gate ------------------------------------------------


class WriteGate:
    """Admission of write transactions, awaited on the event loop before a thread or a connection is taken.

    A queued writer holds nothing another request needs; readers never pass here, except to write the
    disclosure-log rows of what they read: those are `urgent` and go before every queued writer, so a
    reader waits for at most the write that is running (not for a queue of 32 of them)."""

    def __init__(self, slots: int) -> None:
        self.slots = slots
        self._state: dict[asyncio.AbstractEventLoop, _GateState] = {}

    @asynccontextmanager
    async def turn(self, *, urgent: bool = False) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        state = self._state.get(loop)
        if state is None:
            state = self._state.setdefault(loop, _GateState(self.slots))
        await state.acquire(loop, urgent)
        try:
            yield
        finally:
            state.release()


class _GateState:
    """A semaphore with two queues (urgent first), for one event loop."""

    def __init__(self, slots: int) -> None:
        self.free = slots
        self.urgent: deque[asyncio.Future[None]] = deque()
        self.normal: deque[asyncio.Future[None]] = deque()

    async def acquire(self, loop: asyncio.AbstractEventLoop, urgent: bool) -> None:
        if self.free > 0 and not self.urgent and (urgent or not self.normal):
            self.free -= 1
            return
        future: asyncio.Future[None] = loop.create_future()
        queue = self.urgent if urgent else self.normal
        queue.append(future)
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.release()  # the turn was handed over just as the waiter gave up: pass it on
            else:
                queue.remove(future)
            raise

    def release(self) -> None:
        for queue in (self.urgent, self.normal):
            while queue:
                future = queue.popleft()
                if not future.done():
                    future.set_result(None)  # the slot passes straight to the next waiter
                    return
        self.free += 1


@dataclass
class Database:
    """Everything one process uses to reach the database."""

    url: str
    engine: Engine
    read_engine: Engine
    gate: WriteGate
    subscribers: dict[str, list[Callable[[Any], None]]] = field(default_factory=dict)

    @classmethod
    def connect(cls, url: str, pool: PoolSettings | None = None, max_writers: int = 2) -> Database:
        return cls.around(make_engine(url, pool), pool, max_writers)

    @classmethod
    def around(cls, engine: Engine, pool: PoolSettings | None = None, max_writers: int = 2) -> Database:
        """A Database on an existing (writers') engine; SQLite gets a readers' engine beside it."""
        url = engine.url.render_as_string(hide_password=False)
        if engine.dialect.name == "sqlite":
            return cls(url, engine, make_engine(url, pool, reader=True), WriteGate(1))
        pool_size = engine.pool.size() if hasattr(engine.pool, "size") else max_writers * 2
        return cls(url, engine, engine, WriteGate(max(1, min(max_writers, pool_size // 2))))

    @property
    def sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def subscribe(self, topic: str, callback: Callable[[Any], None]) -> None:
        self.subscribers.setdefault(topic, []).append(callback)

    @property
    def sessionmaker(self) -> sessionmaker[Session]:
        return self._writers

    def __post_init__(self) -> None:
        self._probe: Engine | None = None
        self._writers = make_sessionmaker(self.engine, **{SUBSCRIBERS: self.subscribers})
        self._readers = make_sessionmaker(self.read_engine, **{SUBSCRIBERS: self.subscribers})
        # Single-statement lookups on PostgreSQL need no transaction: one round trip instead of three.
        self._lookups = (
            self._readers
            if self.sqlite
            else make_sessionmaker(self.read_engine.execution_options(isolation_level="AUTOCOMMIT"))
        )

    def read_session(self) -> Session:
        """A session for a request that only reads (and may log disclosures): see `end_read`."""
        session = self._readers()
        if self.sqlite:
            session.info[READONLY] = True
        return session

    def lookup_session(self) -> Session:
        """For one read-only statement (authentication): no transaction of its own on PostgreSQL. Close
        it with `end_read`."""
        return self._lookups()

    def write_session(self) -> Session:
        return self._writers()

    def end_read(self, session: Session) -> PendingWrite | None:
        """Commit a read session and close it. On SQLite, returns what the read could not write itself
        (its disclosure-log rows, with the signals that follow them): pass it to `write_pending`."""
        try:
            pending = None
            if self.sqlite and _DEFERRED in session.info:
                pending = PendingWrite(session.info.pop(_DEFERRED), session.info.pop(_SIGNALS, []))
            session.commit()
            return pending
        finally:
            session.close()

    def write_pending(self, pending: PendingWrite) -> None:
        """Write what a read left behind, in one short write transaction (call inside the gate)."""
        with unit_of_work(self._writers) as session:
            _write_deferred(session, pending.rows)
            session.info[_SIGNALS] = list(pending.signals)

    def ping(self) -> bool:
        """Whether the database answers, over a connection of its own (readiness)."""
        if self._probe is None:
            self._probe = make_engine(
                self.url, PoolSettings(size=1, timeout=1, connect_timeout=2), reader=True
            )
        try:
            with self._probe.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        except SQLAlchemyError:
            return False
        return True

    def dispose(self, engine_too: bool = True) -> None:
        """Close the pools; `engine_too=False` leaves the writers' engine to whoever passed it in."""
        if engine_too:
            self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()
        if self._probe is not None:
            self._probe.dispose()


async def run_read(
    db: Database, work: Callable[[Session], T], limiter: anyio.CapacityLimiter | None = None
) -> T:
    """Run `work` in a read unit of work on a worker thread (of `limiter`'s budget, default the request
    threadpool); then write what it logged (through the gate on SQLite) before returning. The pattern
    of every request that reads and may disclose."""

    def in_thread() -> tuple[T, PendingWrite | None]:
        session = db.read_session()
        try:
            result = work(session)
        except BaseException:
            session.close()
            raise
        return result, db.end_read(session)

    result, pending = await anyio.to_thread.run_sync(in_thread, limiter=limiter)
    if pending is not None:
        async with db.gate.turn(urgent=True):
            await anyio.to_thread.run_sync(db.write_pending, pending, limiter=limiter)
    return result


async def run_write(db: Database, work: Callable[[Session], T]) -> T:
    """Run `work` in a write unit of work on a worker thread, admitted by the gate first."""

    def in_thread() -> T:
        with unit_of_work(db.sessionmaker) as session:
            return work(session)

    async with db.gate.turn():
        return await anyio.to_thread.run_sync(in_thread)


def close_session(session: Session, commit: bool) -> None:
    """End a request's unit of work: commit (or roll back) and return the connection to the pool."""
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


# --- Rows of a related table as one JSON value: a read fetches an object and its facts in one statement ---


class json_rows(FunctionElement[Any]):  # noqa: N801 (used like a SQL function)
    """A JSON array with one array per row of the (correlated) subquery it is selected in.

    PostgreSQL: json_agg(json_build_array(...)); SQLite: json_group_array(json_array(...)). Values come
    back as JSON scalars: decode them with app.timestamps' `parse_*`; a JSON column
    inside must be wrapped in `json_value` to arrive as JSON, not as a string."""

    type = JSON()
    inherit_cache = True


class json_value(FunctionElement[Any]):  # noqa: N801
    type = JSON()
    inherit_cache = True


@compiles(json_rows, "postgresql")
def _json_rows_pg(element: json_rows, compiler: Any, **kw: Any) -> str:
    return f"json_agg(json_build_array({compiler.process(element.clauses, **kw)}))"


@compiles(json_rows, "sqlite")
def _json_rows_sqlite(element: json_rows, compiler: Any, **kw: Any) -> str:
    return f"json_group_array(json_array({compiler.process(element.clauses, **kw)}))"


@compiles(json_value, "postgresql")
def _json_value_pg(element: json_value, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(json_value, "sqlite")
def _json_value_sqlite(element: json_value, compiler: Any, **kw: Any) -> str:
    return f"json({compiler.process(element.clauses, **kw)})"
