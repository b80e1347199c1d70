"""comments/store/coordination.py: the named locks (PostgreSQL advisory locks) and the build
journal rows that let several hosts publish into one output directory."""

from __future__ import annotations

import threading

from comments import store

SITE = "/srv/vastine/output"


def test_the_journal_takes_entries_only_while_open(db):
    assert not store.note_in_journal(db, SITE, "polku")
    store.open_journal(db, SITE)
    assert store.note_in_journal(db, SITE, "polku")
    assert store.note_in_journal(db, SITE, "toinen")
    slugs, last = store.journal_entries(db, SITE)
    assert slugs == {"polku", "toinen"}
    assert store.journal_entries(db, SITE, last) == (set(), last)
    store.note_in_journal(db, SITE, "kolmas")
    assert store.journal_entries(db, SITE, last)[0] == {"kolmas"}
    assert store.journal_entries(db, "/muu/sivusto")[0] == set()
    store.close_journal(db, SITE)
    assert not store.note_in_journal(db, SITE, "polku")
    assert store.journal_entries(db, SITE) == (set(), 0)


def test_a_new_journal_forgets_the_old_ones_entries(db):
    store.open_journal(db, SITE)
    store.note_in_journal(db, SITE, "vanha")
    store.open_journal(db, SITE)
    assert store.journal_entries(db, SITE)[0] == set()


def test_a_named_lock_keeps_out_every_other_holder(postgres_url):
    db = store.connect(postgres_url)
    store.migrate(db)
    db.close()
    order: list[str] = []
    held = threading.Event()
    release = threading.Event()

    def first() -> None:
        with store.named_lock(postgres_url, "publish:/srv/vastine/output"):
            order.append("first in")
            held.set()
            release.wait(30)
            order.append("first out")

    def second() -> None:
        held.wait(30)
        with store.named_lock(postgres_url, "publish:/srv/vastine/output"):
            order.append("second in")

    def other_name() -> None:
        held.wait(30)
        with store.named_lock(postgres_url, "build:/srv/vastine/output"):
            order.append("other name in")

    threads = [threading.Thread(target=f) for f in (first, second, other_name)]
    for thread in threads:
        thread.start()
    threads[2].join(30)
    assert order == ["first in", "other name in"]
    threads[1].join(0.5)
    assert threads[1].is_alive(), "the second holder got in while the first held the lock"
    release.set()
    for thread in threads:
        thread.join(30)
    assert order == ["first in", "other name in", "first out", "second in"]


def test_a_lock_of_a_dead_holder_is_released(postgres_url):
    with store.reading(postgres_url) as db:
        db.execute("SELECT pg_advisory_lock(1, 2)")
    store.close_idle(postgres_url)  # the holder's connection ends, as when its process dies
    with store.reading(postgres_url) as db:
        assert db.execute("SELECT pg_try_advisory_lock(1, 2)").fetchone()[0] is True
        db.execute("SELECT pg_advisory_unlock(1, 2)")
