"""comments/store/privacy.py on both engines: a commenter's comments, their erasure, reply
notifications off, and the purge."""

from __future__ import annotations

import time

from comments import store

EMAIL = "kerttu.salo@esimerkki.fi"
OTHER = "pekka.salo@esimerkki.fi"


def add(db, email=EMAIL, **fields) -> int:
    fields.setdefault("status", "approved")
    return store.add_comment(
        db,
        article="polku",
        name="Kerttu Salo",
        body="Teksti.",
        html="<p>Teksti.</p>",
        email=email,
        **fields,
    )


def test_a_commenters_comments_and_their_erasure(db):
    first = add(db)
    reply_by_other = add(db, email=OTHER, parent_id=first)
    second = add(db, status="pending")
    assert [c["id"] for c in store.comments_by_email(db, EMAIL.upper())] == [first, second]
    deleted = store.delete_commenter(db, EMAIL)
    assert sorted(row["id"] for row in deleted) == [first, second]
    assert store.get_commenter(db, EMAIL) is None
    assert store.get_comment(db, reply_by_other)["parent_id"] is None
    assert "Teksti." not in repr(store.audit_entries(db, action="delete"))


def test_erasure_scrubs_the_commenters_words_from_the_audit_log(db):
    """The audit trail keeps who did what and when; the commenter's name, texts, nickname and
    address leave it with them (readers' point 8, on both engines)."""
    kept = add(db, actor="moderaattori")
    assert store.edit_comment(db, kept, "Korjattu lause.", "<p>Korjattu lause.</p>", "moderaattori")
    gone = add(db, status="pending")
    assert store.delete_comment(db, gone, "moderaattori") == "polku"
    store.set_nickname(db, EMAIL, "Kerttu-Kissa", "moderaattori")
    store.set_nickname(db, OTHER, "Pekka-Pelle", "moderaattori")
    words = ["Teksti.", "Korjattu lause.", "Kerttu Salo", "Kerttu-Kissa", EMAIL]
    assert all(word in repr(store.audit_entries(db, limit=100)) for word in words)
    store.delete_commenter(db, EMAIL)
    entries = store.audit_entries(db, limit=100)
    assert [word for word in words if word in repr(entries)] == []
    assert {"create", "edit", "delete", "nickname"} <= {entry["action"] for entry in entries}
    assert "Pekka-Pelle" in repr(entries)  # another commenter's words stay


def test_reply_notifications_are_switched_off(db):
    add(db, notify_replies=True)
    add(db, notify_replies=True)
    add(db, email=OTHER, notify_replies=True)
    assert store.unsubscribe_replies(db, EMAIL) == 2
    assert store.unsubscribe_replies(db, EMAIL) == 0
    assert [c["notify_replies"] for c in store.comments_by_email(db, OTHER)] == [1]


def test_the_purge_deletes_only_what_has_expired(db):
    old = "2025-01-01T00:00:00+00:00"
    unconfirmed = add(db, status="pending", created_at=old)
    confirmed = add(db, email=OTHER, status="pending", created_at=old)
    store.confirm_email(db, OTHER)
    refused = add(db, email=OTHER, status="rejected", created_at=old)
    refused_recently = add(db, email=OTHER, status="spam")
    db.execute("UPDATE comments SET decided_at = ? WHERE id = ?", [old, refused])
    store.audit(db, "aino", "login")
    db.execute("UPDATE audit_log SET at = ?", [old])
    store.hit_rate_limit(db, "vanha", 0.01)
    store.hit_rate_limit(db, "voimassa", 3600)
    sent = store.queue_mail(db, recipient=OTHER, subject="Lähetetty", body="...", headers={})
    store.queue_mail(db, recipient=OTHER, subject="Jonossa", body="...", headers={})
    db.execute("UPDATE mail_outbox SET status = 'sent', finished_at = ? WHERE id = ?", [old, sent])
    time.sleep(0.05)
    cut_off = "2025-06-01"
    counts = store.purge_expired(
        db,
        unconfirmed_before=cut_off,
        refused_before=cut_off,
        audit_before=cut_off,
        mail_before=cut_off,
    )
    assert counts == {"unconfirmed": 1, "refused": 1, "audit": 1, "mail": 1}
    assert [mail["subject"] for mail in store.mail_rows(db)] == ["Jonossa"]
    assert store.get_comment(db, unconfirmed) is None and store.get_comment(db, refused) is None
    assert store.get_comment(db, confirmed) and store.get_comment(db, refused_recently)
    assert db.count("rate_limits") == 1
    # the purge's own deletions are audited after the cut-off
    assert {e["actor"] for e in store.audit_entries(db)} == {"system:expiry"}
