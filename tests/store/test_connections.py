"""PostgreSQL connections kept idle between publications survive the server dropping them
(a restart, a failover, an administrator's pg_terminate_backend): the next reader gets a
working connection, not the dead one's error."""

from __future__ import annotations

import psycopg

from comments import store


def backend_pid(url: str) -> int:
    with store.reading(url) as db:
        return db.execute("SELECT pg_backend_pid()").fetchone()[0]


def test_an_idle_connection_the_server_dropped_is_replaced(postgres_url):
    db = store.connect(postgres_url)
    store.migrate(db)
    db.close()
    first = backend_pid(postgres_url)
    assert backend_pid(postgres_url) == first, "the idle connection is reused"
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [first])
    with store.reading(postgres_url) as db:
        assert db.execute("SELECT count(*) FROM comments").fetchone()[0] == 0
    assert backend_pid(postgres_url) != first
