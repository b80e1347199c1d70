"""Connections to the comment store: the ``Database`` object every caller holds, write
transactions, the time format stored, and the Flask integration (one connection per request on
``g``).

``DATABASE`` is a SQLite file (a path, or ``sqlite:///path`` as SQLAlchemy spells it:
``sqlite:////abs/path``) or a PostgreSQL database (any libpq URL, ``postgresql://user@host/db``
or ``postgresql://user@/db?host=/socket/dir``). Both are reached the same way::

    db = connect(DATABASE)
    with transaction(db) as conn:
        conn.execute("UPDATE comments SET status = ? WHERE id = ?", ["approved", 7])
    rows = list(db.query("SELECT id, status FROM comments WHERE article = ?", ["polku"]))

SQLite through sqlite3 and sqlite-utils, in WAL mode with a busy timeout, foreign keys and
secure_delete on. Every write runs in ``BEGIN IMMEDIATE`` so that concurrent writers (gunicorn
workers, the moderator UI, the Pelican plugin reading) queue on the busy timeout instead of
failing with "database is locked". PostgreSQL through psycopg 3 (``comments.store.postgres``),
whose write transactions queue the same way on an advisory lock.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import sqlite_utils

from comments.store.dialect import POSTGRESQL, SQLITE, Dialect

if TYPE_CHECKING:
    import psycopg

BUSY_TIMEOUT_MS = 10_000

Row = dict[str, Any]
# What ``transaction`` yields: both take ``execute(sql, params)`` with ``?`` placeholders
Connection = Union[sqlite3.Connection, "psycopg.Connection"]  # noqa: UP007 (a forward reference)

_POSTGRESQL_SCHEMES = ("postgresql://", "postgres://")
_SQLITE_SCHEME = "sqlite:///"


class Database:
    """One open connection to the store, whichever engine holds it.

    ``execute`` returns a DB-API cursor (tuples, ``fetchone``, ``rowcount``), ``query`` the rows
    as dicts; both take ``?`` placeholders. ``dialect`` spells what the engines spell
    differently. ``count``, ``table_names`` and ``rows`` are for tests and maintenance.
    """

    def __init__(self, url: str, conn: Connection, dialect: Dialect) -> None:
        self.url = url
        self.conn = conn
        self.dialect = dialect
        self._sqlite = sqlite_utils.Database(conn) if dialect is SQLITE else None

    @property
    def is_postgresql(self) -> bool:
        return self.dialect is POSTGRESQL

    def execute(self, sql: str, params: Sequence[Any] = ()):
        """Run one statement (its own transaction outside ``transaction``); the cursor."""
        return self.conn.execute(sql, params)

    def query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        """The rows of a query, each a dict of column name -> value."""
        if self._sqlite is not None:
            return self._sqlite.query(sql, params)
        from comments.store import postgres

        return iter(postgres.query(self.conn, sql, params))

    def table_names(self) -> list[str]:
        """The store's tables, by name."""
        if self._sqlite is not None:
            return sorted(n for n in self._sqlite.table_names() if not n.startswith("sqlite_"))
        from comments.store import postgres

        return postgres.table_names(self.conn)

    def count(self, table: str) -> int:
        """How many rows ``table`` has."""
        return self.execute(f'SELECT COUNT(*) FROM "{self._known(table)}"').fetchone()[0]

    def rows(self, table: str) -> list[Row]:
        """Every row of ``table``, in the order of its first column (its key)."""
        return list(self.query(f'SELECT * FROM "{self._known(table)}" ORDER BY 1'))

    def close(self) -> None:
        self.conn.close()

    def _known(self, table: str) -> str:
        if table not in self.table_names():
            raise ValueError(f"no table {table!r} in the store")
        return table


def connect(database: str | Path, readonly: bool = False) -> Database:
    """Open the store at ``database`` (a path or URL, see the module docstring); ``readonly``
    opens it for reading only (the Pelican plugin)."""
    url = str(database)
    if is_postgresql(url):
        from comments.store import postgres

        return Database(url, postgres.open_connection(url, readonly), POSTGRESQL)
    path = sqlite_path(url)
    if readonly:
        conn = sqlite3.connect(
            f"file:{Path(path).resolve()}?mode=ro", uri=True, isolation_level=None
        )
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")  # deleted text is zeroed, not left in free pages
    db = Database(url, conn, SQLITE)
    if not readonly:
        db._sqlite.enable_wal()
        conn.execute("PRAGMA synchronous = NORMAL")
    return db


def is_postgresql(database: str | Path) -> bool:
    """Whether ``DATABASE`` names a PostgreSQL database rather than a SQLite file."""
    return str(database).startswith(_POSTGRESQL_SCHEMES)


def sqlite_path(database: str | Path) -> str:
    """The file of a SQLite ``DATABASE`` (a path, or a ``sqlite:///`` URL)."""
    database = str(database)
    return database[len(_SQLITE_SCHEME) :] if database.startswith(_SQLITE_SCHEME) else database


def exists(database: str | Path) -> bool:
    """Whether there is a store to read: a SQLite file must exist, a PostgreSQL server is
    assumed to (connecting tells)."""
    return is_postgresql(database) or Path(sqlite_path(database)).is_file()


def database_errors(database: str | Path) -> tuple[type[Exception], ...]:
    """The exceptions a store on this engine raises when it cannot do what was asked."""
    if is_postgresql(database):
        from comments.store import postgres

        return (postgres.Error,)
    return (sqlite3.Error,)


@contextmanager
def transaction(db: Database) -> Iterator[Connection]:
    """A write transaction that waits for other writers to finish (SQLite's BEGIN IMMEDIATE,
    an advisory lock on PostgreSQL); commits on success, rolls back on error."""
    conn = db.conn
    if db.is_postgresql:
        from comments.store import postgres

        postgres.begin(conn)
    else:
        conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def now() -> str:
    """The current time as an ISO 8601 UTC string, the one format stored."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


@contextmanager
def reading(database: str | Path) -> Iterator[Database]:
    """A connection to read ``database`` for a moment (the fast path's read of one article).

    SQLite: a read-only connection of its own, closed after. PostgreSQL: one of this process's
    idle connections, given back after: opening one starts a server process, several
    milliseconds that a publication should not pay."""
    if not is_postgresql(database):
        db = connect(database, readonly=True)
        try:
            yield db
        finally:
            db.close()
        return
    db = _take_idle(str(database))
    try:
        yield db
    finally:
        _give_back(db)


_IDLE_PER_DATABASE = 8
_idle: dict[tuple[int, str], list[Database]] = {}
_idle_lock = threading.Lock()


def _take_idle(url: str) -> Database:
    """An idle PostgreSQL connection of this process (never one inherited across a fork) that
    still reaches the server; a new one when none does."""
    from comments.store import postgres

    while True:
        with _idle_lock:
            idle = _idle.get((os.getpid(), url))
            db = idle.pop() if idle else None
        if db is None:
            return connect(url)
        if postgres.is_alive(db.conn):
            return db
        db.close()


def _give_back(db: Database) -> None:
    from comments.store import postgres

    if postgres.is_reusable(db.conn):
        with _idle_lock:
            idle = _idle.setdefault((os.getpid(), db.url), [])
            if len(idle) < _IDLE_PER_DATABASE:
                idle.append(db)
                return
    db.close()


def close_idle(database: str | Path) -> None:
    """Close this process's idle connections to ``database`` (before the database goes away)."""
    with _idle_lock:
        idle = _idle.pop((os.getpid(), str(database)), [])
    for db in idle:
        db.close()


def get_db() -> Database:
    """The request's connection to the configured database, opened on first use."""
    from flask import current_app, g

    if "db" not in g:
        database = str(current_app.config["DATABASE"])
        if is_postgresql(database):
            g.db = _take_idle(database)
        else:
            g.db = connect(database)
            _keep_open(current_app._get_current_object(), sqlite_path(database))
    return g.db


_KEEPER = "vastine_store_keeper"
_keeper_lock = threading.Lock()


def _keep_open(app, path: str) -> None:
    """Hold one idle connection per app, process and SQLite file, so that a request's
    connection is never the last one to close.

    When the last connection to a WAL database closes, SQLite checkpoints the WAL into the
    database and deletes it: open, write and close took about 7 ms that way on the development
    machine, 0.4 ms with another connection open. The idle connection has read once, so
    it holds the shared lock that stops that; it never holds a transaction, so it blocks no
    checkpoint (SQLite's automatic one runs on commit every 1000 pages). Durability is the
    same: with WAL and ``synchronous = NORMAL`` a committed transaction is in the WAL file and
    survives the process being killed (tests/test_load.py kills gunicorn mid-load); only an OS
    crash or power cut can lose the last commits, as before.

    Opened after the request's connection (which creates the file and sets WAL), per process id
    and database path: a connection must not cross a fork (gunicorn --preload), so a worker
    opens its own and never touches one it inherited. Never shared between threads
    (it runs no statement after its first read); closed when the app is collected or at exit.
    """
    key = (os.getpid(), path)
    keepers = app.extensions.get(_KEEPER)
    if keepers is not None and key in keepers:
        return
    with _keeper_lock:
        keepers = app.extensions.setdefault(_KEEPER, {})
        if key in keepers:
            return
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        keepers[key] = conn
        weakref.finalize(app, _close_in_process, key[0], conn)


def _close_in_process(pid: int, conn: sqlite3.Connection) -> None:
    if os.getpid() == pid:
        conn.close()


def close_db(_exc: BaseException | None = None) -> None:
    """Close the request's connection (PostgreSQL: give it back), if one was opened."""
    from flask import g

    db = g.pop("db", None)
    if db is None:
        return
    if db.is_postgresql:
        _give_back(db)
    else:
        db.close()


def init_app(app) -> None:
    """Register teardown and make sure the schema is current."""
    from comments.store.schema import migrate

    app.teardown_appcontext(close_db)
    db = connect(app.config["DATABASE"])
    try:
        migrate(db)
    finally:
        db.close()
