"""Connections to the comment store: opening the SQLite file, write transactions, the time
format stored, and the Flask integration (one connection per request on ``g``).

SQLite through sqlite-utils, in WAL mode with a busy timeout, foreign keys and secure_delete on.
Every write runs in ``BEGIN IMMEDIATE`` so that concurrent writers (gunicorn workers, the
moderator UI, the Pelican plugin reading) queue on the busy timeout instead of failing with
"database is locked".
"""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

BUSY_TIMEOUT_MS = 10_000

Row = dict[str, Any]


def connect(path: str | Path, readonly: bool = False) -> sqlite_utils.Database:
    """Open the store at ``path``; ``readonly`` opens it with ``mode=ro`` (the Pelican plugin)."""
    if readonly:
        conn = sqlite3.connect(
            f"file:{Path(path).resolve()}?mode=ro", uri=True, isolation_level=None
        )
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")  # deleted text is zeroed, not left in free pages
    db = sqlite_utils.Database(conn)
    if not readonly:
        db.enable_wal()
        conn.execute("PRAGMA synchronous = NORMAL")
    return db


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite3.Connection]:
    """A write transaction taken with BEGIN IMMEDIATE; commits on success, rolls back on error."""
    conn = db.conn
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


def get_db() -> sqlite_utils.Database:
    """The request's connection to the configured database, opened on first use."""
    from flask import current_app, g

    if "db" not in g:
        path = str(current_app.config["DATABASE"])
        g.db = connect(path)
        _keep_open(current_app._get_current_object(), path)
    return g.db


_KEEPER = "vastine_store_keeper"
_keeper_lock = threading.Lock()


def _keep_open(app, path: str) -> None:
    """Hold one idle connection per app, process and database, so that a request's connection
    is never the last one to close.

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
    """Close the request's connection, if one was opened."""
    from flask import g

    db = g.pop("db", None)
    if db is not None:
        db.conn.close()


def init_app(app) -> None:
    """Register teardown and make sure the schema is current."""
    from comments.store.schema import migrate

    app.teardown_appcontext(close_db)
    db = connect(app.config["DATABASE"])
    try:
        migrate(db)
    finally:
        db.conn.close()
