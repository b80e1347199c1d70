"""Maintenance: online backup, the integrity check, and emptying the write-ahead log."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import sqlite_utils

log = logging.getLogger(__name__)


def backup(db: sqlite_utils.Database, destination: str | Path) -> None:
    """Copy the live database to ``destination`` with SQLite's online backup API."""
    target = sqlite3.connect(str(destination))
    try:
        db.conn.backup(target)
    finally:
        target.close()


def integrity_check(db: sqlite_utils.Database) -> str:
    """SQLite's ``PRAGMA integrity_check`` result ("ok" when healthy)."""
    return db.execute("PRAGMA integrity_check").fetchone()[0]


def truncate_wal(db: sqlite_utils.Database) -> bool:
    """Copy the write-ahead log into the database and truncate it to nothing, so that no older
    copy of a page (e.g. of an erased comment) stays in the ``-wal`` file. False when a reader
    kept part of it in use; the next checkpoint then finishes the job."""
    busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        log.warning("the write-ahead log could not be truncated: a reader is using it")
    return not busy
