"""PostgreSQL connections for the store (psycopg 3), shaped like SQLite's.

The store's modules are written once, in SQLite's style: ``conn.execute(sql, params)`` with
``?`` placeholders, ``cursor.fetchone()`` tuples, ``cursor.rowcount``, explicit
``BEGIN``/``COMMIT``. A psycopg connection opened here takes the same calls: its cursors turn
``?`` into psycopg's ``%s`` (and a literal ``%`` into ``%%``) once per distinct SQL text, and it
runs in autocommit mode, so a statement outside ``transaction`` is its own transaction, as on
SQLite. psycopg prepares a statement on the server by itself after it has run a few times.

Imported only when a ``postgresql://`` URL is opened: psycopg takes a noticeable time to import
and a SQLite site never needs it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

import psycopg
from psycopg.pq import TransactionStatus
from psycopg.rows import dict_row

Error = psycopg.Error

# The key of the advisory lock every write transaction takes (see ``begin``); advisory locks
# are per database, so two stores on one server never wait for each other.
WRITE_LOCK = 0x56415354


class StoreCursor(psycopg.Cursor):
    """A psycopg cursor that takes ``?`` placeholders and has SQLite's ``lastrowid``."""

    def execute(self, query, params: Sequence[Any] | None = None, **options) -> StoreCursor:
        if params:
            return super().execute(translate(query), params, **options)
        return super().execute(query, None, **options)

    def executemany(self, query, params_seq: Iterable[Sequence[Any]], **options) -> None:
        super().executemany(translate(query), params_seq, **options)

    @property
    def lastrowid(self) -> int:
        """The id the last INSERT of this session generated (``lastval()``: one more round
        trip, so the store's own inserts say ``RETURNING id`` instead)."""
        return self.connection.execute("SELECT lastval()").fetchone()[0]


class StoreConnection(psycopg.Connection):
    """A psycopg connection with sqlite3's ``executemany`` shortcut."""

    def executemany(self, query, params_seq: Iterable[Sequence[Any]]) -> StoreCursor:
        cursor = self.cursor()
        cursor.executemany(query, params_seq)
        return cursor


def open_connection(url: str, readonly: bool = False) -> StoreConnection:
    """A connection to the PostgreSQL database at the libpq ``url``; ``readonly`` makes every
    transaction of it read-only (the Pelican plugin)."""
    options = {"options": "-c default_transaction_read_only=on"} if readonly else {}
    return StoreConnection.connect(url, autocommit=True, cursor_factory=StoreCursor, **options)


def begin(conn: psycopg.Connection) -> None:
    """Start a write transaction that waits for every other write transaction on this
    database to end, as ``BEGIN IMMEDIATE`` does on SQLite.

    The store's functions read and then write what they read (a decision is a compare-and-swap,
    a commenter is found or created, the next schema migration is chosen): with SQLite's one
    writer at a time that is safe, and the same lock makes it safe here, for the code of every
    store module as written. The lock is released by COMMIT or ROLLBACK. Both statements go in
    one round trip.
    """
    if conn.info.transaction_status != TransactionStatus.IDLE:
        raise RuntimeError("a store transaction is already open on this connection")
    conn.execute(f"BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})")


def query(conn: psycopg.Connection, sql: str, params: Sequence[Any] = ()) -> list[dict]:
    """Rows of ``sql`` as dicts, column name -> value."""
    with conn.cursor(row_factory=dict_row) as cursor:
        return cursor.execute(sql, params).fetchall()


def is_reusable(conn: psycopg.Connection) -> bool:
    """Whether a connection given back to the pool can serve another request."""
    return not conn.closed and conn.info.transaction_status == TransactionStatus.IDLE


def is_alive(conn: psycopg.Connection) -> bool:
    """Whether an idle connection still reaches its server: one empty query (a round trip, no
    work for the server), as psycopg_pool checks. A server restart or pg_terminate_backend drops
    idle connections without the client noticing until it next uses one."""
    if conn.closed or conn.broken:
        return False
    try:
        conn.execute("")
    except psycopg.Error:
        return False
    return True


def table_names(conn: psycopg.Connection) -> list[str]:
    """The tables of the connection's current schema, by name."""
    rows = conn.execute(
        """SELECT table_name FROM information_schema.tables
           WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
           ORDER BY table_name"""
    ).fetchall()
    return [name for (name,) in rows]


@functools.lru_cache(maxsize=1024)
def translate(sql: str) -> str:
    """``sql`` with ``?`` placeholders as psycopg's ``%s`` and ``%`` doubled, except inside
    quoted strings and names (where ``?`` and ``%`` stand for themselves)."""
    out: list[str] = []
    quote: str | None = None
    for char in sql:
        if quote:
            if char == quote:
                quote = None
            out.append("%%" if char == "%" else char)
        elif char in "'\"":
            quote = char
            out.append(char)
        elif char == "?":
            out.append("%s")
        elif char == "%":
            out.append("%%")
        else:
            out.append(char)
    return "".join(out)
