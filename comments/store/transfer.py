"""Rows in bulk: inserting many at once, and moving a whole store to another database (a SQLite
file into PostgreSQL when a site grows past one host).

``move_store`` copies every table with its ids in one transaction on the target, sets the
target's id sequences past the copied ids, then reads both stores back and compares each
table's row count and checksum (SHA-256 over its rows in key order), so a move that lost or
changed anything is reported rather than trusted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from comments.store.connection import Connection, Database, transaction
from comments.store.schema import migrate, schema_version

_BATCH = 1000
# Bookkeeping of the engine, not data: each store keeps its own
_NOT_COPIED = {"schema_version"}


@dataclass(frozen=True)
class TableCopy:
    """One table as found in both stores after a move."""

    table: str
    rows: int
    checksum: str


class TargetNotEmpty(Exception):
    """The target of a move already holds rows (``table`` has ``rows``)."""

    def __init__(self, table: str, rows: int) -> None:
        super().__init__(f"target table {table} has {rows} rows")
        self.table = table
        self.rows = rows


class MoveMismatch(Exception):
    """After a move, a table's count or checksum differs between the stores."""


def insert_rows(
    db: Database, conn: Connection, table: str, rows: Iterable[Mapping[str, Any]]
) -> int:
    """Insert ``rows`` (dicts with the same keys) into ``table`` inside the caller's
    transaction, in batches; returns how many. Rows that bring their own ``id`` move the
    table's id sequence past them on PostgreSQL, so later inserts get new ids."""
    count, batch, columns = 0, [], None
    for row in rows:
        if columns is None:
            columns = list(row)
        batch.append([row[column] for column in columns])
        if len(batch) == _BATCH:
            count += _insert_batch(conn, table, columns, batch)
            batch = []
    if batch:
        count += _insert_batch(conn, table, columns, batch)
    if columns and "id" in columns and db.is_postgresql:
        _advance_id_sequence(conn, table)
    return count


def move_store(source: Database, target: Database) -> list[TableCopy]:
    """Copy every table of ``source`` into the empty store ``target`` with the same ids, then
    verify; returns each table's count and checksum. Raises ``TargetNotEmpty`` before copying
    anything into a store that has rows, ``MoveMismatch`` if the verification fails."""
    version = migrate(source)
    if migrate(target) != version:
        raise MoveMismatch(f"schema versions differ: {version} and {schema_version(target)}")
    tables = [t for t in source.table_names() if t not in _NOT_COPIED]
    for table in target.table_names():
        if table not in _NOT_COPIED and target.count(table):
            raise TargetNotEmpty(table, target.count(table))
    with transaction(target) as conn:
        for table in _parents_first(source, tables):
            _copy_table(source, target, conn, table)
    copies = []
    for table in tables:
        copied = table_checksum(target, table)
        if copied != table_checksum(source, table):
            raise MoveMismatch(f"table {table} differs after the move")
        copies.append(copied)
    return copies


def _copy_table(source: Database, target: Database, conn: Connection, table: str) -> None:
    """Copy ``table``; a row whose parent in the same table comes later is linked after all
    rows are in (its reference would otherwise point at nothing yet)."""
    own_references = [col for col, parent in _references(source, table) if parent == table]
    seen: set[Any] = set()
    links: list[tuple[str, Any, Any]] = []

    def rows():
        for row in source.rows(table):
            row = dict(row)
            for column in own_references:
                if row[column] is not None and row[column] not in seen:
                    links.append((column, row["id"], row[column]))
                    row[column] = None
            seen.add(row.get("id"))
            yield row

    insert_rows(target, conn, table, rows())
    for column, row_id, parent in links:
        conn.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE id = ?', [parent, row_id])


def _parents_first(db: Database, tables: list[str]) -> list[str]:
    """``tables`` ordered so that a table comes after the tables its rows refer to."""
    ordered: list[str] = []

    def visit(table: str, path: tuple[str, ...]) -> None:
        if table in ordered or table in path:
            return
        for _, parent in _references(db, table):
            if parent in tables and parent != table:
                visit(parent, (*path, table))
        ordered.append(table)

    for table in tables:
        visit(table, ())
    return ordered


def _references(db: Database, table: str) -> list[tuple[str, str]]:
    """(column, referenced table) of each foreign key of ``table``."""
    if db.is_postgresql:
        rows = db.execute(
            """SELECT a.attname, c.confrelid::regclass::text FROM pg_constraint c
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
               WHERE c.contype = 'f' AND c.conrelid = ?::regclass""",
            [table],
        ).fetchall()
        return [(column, parent) for column, parent in rows]
    rows = db.execute(f'PRAGMA foreign_key_list("{table}")').fetchall()
    return [(row[3], row[2]) for row in rows]


def table_checksum(db: Database, table: str) -> TableCopy:
    """``table``'s row count and the SHA-256 of its rows in key order (each as sorted JSON)."""
    digest = hashlib.sha256()
    count = 0
    for row in db.rows(table):
        digest.update(json.dumps(row, sort_keys=True, ensure_ascii=False).encode())
        digest.update(b"\n")
        count += 1
    return TableCopy(table, count, digest.hexdigest())


def _insert_batch(conn: Connection, table: str, columns: list[str], batch: list) -> int:
    names = ", ".join(f'"{column}"' for column in columns)
    marks = ", ".join("?" for _ in columns)
    conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', batch)
    return len(batch)


def _advance_id_sequence(conn: Connection, table: str) -> None:
    conn.execute(
        "SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE(MAX(id), 0) + 1, false)"
        f' FROM "{table}"',
        [table],
    )
