"""comments/store/comments.py on both engines: adding, reading, deciding, editing, deleting."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from comments import store

EMAIL = "ilmari.virtanen@esimerkki.fi"


def add(db, article="palvelupolku", status="pending", **fields) -> int:
    fields.setdefault("name", "Ilmari Virtanen")
    fields.setdefault("body", "Asiakas muistaa, miten häntä kohdeltiin.")
    return store.add_comment(
        db, article=article, html=f"<p>{fields['body']}</p>", status=status, **fields
    )


def test_a_comment_keeps_what_was_stored_and_gets_its_commenter(db):
    findings = [{"code": "ads.link", "severity": "warn", "message": "Linkki", "spans": [[0, 4]]}]
    comment_id = add(
        db,
        email=" Ilmari.Virtanen@Esimerkki.fi ",
        findings=findings,
        substance=42,
        substance_reasons=["perustelu", "esimerkki"],
        notify_replies=True,
        ip_hash="ab" * 32,
    )
    comment = store.get_comment(db, comment_id)
    assert comment["email"] == EMAIL
    assert comment["findings"] == findings
    assert comment["substance_reasons"] == ["perustelu", "esimerkki"]
    assert (comment["substance"], comment["notify_replies"], comment["is_author"]) == (42, 1, 0)
    assert comment["decided_at"] is None and comment["email_confirmed_at"] is None
    assert store.get_comment(db, comment_id + 1) is None


def test_ids_grow_and_one_email_is_one_commenter(db):
    first = add(db, email=EMAIL)
    second = add(db, email=EMAIL.upper())
    assert second > first
    assert db.count("commenters") == 1
    assert (
        store.get_comment(db, first)["commenter_id"]
        == store.get_comment(db, second)["commenter_id"]
    )


def test_an_unknown_status_is_refused_and_nothing_is_stored(db):
    with pytest.raises(ValueError):
        add(db, status="julkaistu")
    assert db.count("comments") == 0


def test_a_failed_transaction_leaves_nothing_behind(db):
    with pytest.raises(RuntimeError), store.transaction(db) as conn:
        conn.execute(
            "INSERT INTO commenters (email, created_at) VALUES (?, ?)", [EMAIL, store.now()]
        )
        raise RuntimeError("kesken")
    assert db.count("commenters") == 0


def test_approved_comments_are_oldest_first_without_emails(db):
    late = add(db, email=EMAIL, status="approved", created_at="2026-03-02T10:00:00+00:00")
    early = add(db, email=EMAIL, status="approved", created_at="2026-03-01T10:00:00+00:00")
    add(db, email=EMAIL, status="pending")
    add(db, article="toinen", status="approved", email=EMAIL)
    rows = store.approved_comments(db, "palvelupolku")
    assert [row["id"] for row in rows] == [early, late]
    assert all("email" not in row and "commenter_id" not in row for row in rows)
    assert len(store.approved_comments(db)) == 3
    assert store.comment_counts(db) == {"palvelupolku": 2, "toinen": 1}


def test_a_decision_is_a_compare_and_swap_and_audited(db):
    comment_id = add(db, email=EMAIL)
    assert store.decide(db, comment_id, "approved", "aino", reason=None)
    assert not store.decide(db, comment_id, "rejected", "eero")
    assert store.decide(db, comment_id, "rejected", "eero", expected=("approved",), reason="x")
    comment = store.get_comment(db, comment_id)
    assert (comment["status"], comment["decided_by"], comment["reason"]) == (
        "rejected",
        "eero",
        "x",
    )
    [entry, first] = store.audit_entries(db, action="decide")
    assert (first["before"], first["after"]) == (
        {"status": "pending"},
        {"status": "approved", "reason": None},
    )
    assert entry["actor"] == "eero"


def test_of_concurrent_decisions_exactly_one_wins(db):
    comment_id = add(db, email=EMAIL)

    def decide(actor: str) -> bool:
        own = store.connect(db.url)
        try:
            return store.decide(own, comment_id, "approved", actor)
        finally:
            own.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(decide, [f"moderaattori{n}" for n in range(6)]))
    assert results.count(True) == 1
    assert len(store.audit_entries(db, action="decide")) == 1


def test_an_edit_keeps_the_original_in_the_audit_log(db):
    comment_id = add(db, email=EMAIL, body="Alkuperäinen teksti.")
    assert store.edit_comment(db, comment_id, "Korjattu teksti.", "<p>Korjattu</p>", "aino")
    assert store.get_comment(db, comment_id)["body"] == "Korjattu teksti."
    [entry] = store.audit_entries(db, action="edit")
    assert entry["before"] == {"body": "Alkuperäinen teksti."}
    assert not store.edit_comment(db, comment_id + 99, "x", "x", "aino")


def test_deleting_moves_replies_up_to_the_parent(db):
    root = add(db, email=EMAIL, status="approved")
    middle = add(db, email=EMAIL, status="approved", parent_id=root)
    reply = add(db, email=EMAIL, status="approved", parent_id=middle)
    assert store.delete_comment(db, middle, "aino") == "palvelupolku"
    assert store.get_comment(db, reply)["parent_id"] == root
    assert store.get_comment(db, middle) is None
    [entry] = store.audit_entries(db, action="delete")
    assert entry["before"]["body"] == "Asiakas muistaa, miten häntä kohdeltiin."
    assert store.delete_comment(db, middle, "aino") is None


def test_a_duplicate_is_found_by_fingerprint_since_a_moment(db):
    comment_id = add(db, email=EMAIL, fingerprint="f" * 64, created_at="2026-05-01T12:00:00+00:00")
    assert store.find_duplicate(db, "f" * 64, "2026-05-01T11:00:00+00:00") == comment_id
    assert store.find_duplicate(db, "f" * 64, "2026-05-01T13:00:00+00:00") is None
    assert store.find_duplicate(db, "e" * 64, "2000-01-01") is None


def test_reply_subscribers_are_confirmed_parents_who_asked(db):
    parent = add(db, email=EMAIL, status="approved", notify_replies=True)
    reply = add(db, email="liisa.koski@esimerkki.fi", parent_id=parent, name="Liisa Koski")
    assert store.reply_subscribers(db, reply) == []
    store.confirm_email(db, EMAIL)
    [subscriber] = store.reply_subscribers(db, reply)
    assert (subscriber["id"], subscriber["email"]) == (parent, EMAIL)
