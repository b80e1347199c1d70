"""A real PostgreSQL server for the tests, from Debian's binaries.

``PostgresServer`` runs ``initdb`` into a temporary directory and ``pg_ctl start`` on a Unix
socket only (no TCP port), as the ``postgres`` user when the tests run as root (PostgreSQL
refuses to run as root, and CI runs as root). ``new_database()`` creates an empty database and
returns its libpq URL; each test gets its own, dropped after it.

For tests the server trades durability for speed (``fsync=off``): a test never survives a power
cut, and every other behaviour is the real server's. ``durable=True`` (the benchmarks) keeps
fsync on and turns off only ``synchronous_commit``, like SQLite's WAL with ``synchronous =
NORMAL``: a commit may be lost to a crash of the machine or the server, never to one of the
service.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

USER = "postgres"


def binaries() -> Path | None:
    """The newest Debian PostgreSQL's bin directory, or None when none is installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version)
    return Path(found[-1]).parent if found else None


class PostgresServer:
    """A throwaway PostgreSQL cluster on a Unix socket in a temporary directory."""

    def __init__(self, durable: bool = False) -> None:
        self.durable = durable
        bin_dir = binaries()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL is not installed (make install adds it)")
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="vastine-pg-"))
        self.data = self.root / "data"
        self.socket = self.root / "socket"
        self.socket.mkdir()
        self._names = itertools.count(1)
        if os.geteuid() == 0:
            account = pwd.getpwnam(USER)
            for path in (self.root, self.socket):
                os.chown(path, account.pw_uid, account.pw_gid)

    def start(self) -> PostgresServer:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            USER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
        )
        speed = "" if self.durable else "-c fsync=off -c full_page_writes=off "
        options = (
            f"-k {self.socket} -c listen_addresses='' {speed}"
            "-c synchronous_commit=off -c max_connections=200"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-o", options, "-w",
            "start",
        )  # fmt: skip
        return self

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        """The libpq URL of ``database`` on this server (over its Unix socket)."""
        return f"postgresql://{USER}@/{database}?host={self.socket}"

    def new_database(self) -> str:
        """Create an empty database and return its URL."""
        name = f"vastine_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop the database at ``url`` (closing whatever connections it still has)."""
        name = url.rsplit("/", 1)[1].split("?", 1)[0]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", USER, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{program} failed: {result.stdout}{result.stderr}")


def _version(pg_ctl: str) -> int:
    return int(Path(pg_ctl).parent.parent.name)
