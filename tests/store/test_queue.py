"""comments/store/queue.py on both engines: the moderation queue's filters, sorts and counts
(its JSON findings and LIKE searches are where the two SQL dialects differ most)."""

from __future__ import annotations

from comments import store


def finding(code: str) -> dict:
    return {"code": code, "severity": "warn", "message": "Viesti", "spans": []}


def add(db, name, *, article="polku", status="pending", findings=(), **fields) -> int:
    email = fields.pop("email", name.lower().replace(" ", ".") + "@esimerkki.fi")
    fields.setdefault("body", "Tavallinen kommentti.")
    return store.add_comment(
        db,
        article=article,
        name=name,
        email=email,
        status=status,
        html=fields["body"],
        findings=list(findings),
        **fields,
    )


def test_sorts_by_substance_age_newest_and_risk(db):
    a = add(db, "Aino Aalto", substance=10, risk=5, created_at="2026-01-01T10:00:00+00:00")
    b = add(db, "Eero Kivi", substance=80, risk=1, created_at="2026-01-02T10:00:00+00:00")
    c = add(db, "Liisa Koski", substance=40, risk=9, created_at="2026-01-03T10:00:00+00:00")
    ids = {sort: [r["id"] for r in store.queue(db, sort=sort)] for sort in store.QUEUE_SORTS}
    assert ids == {
        "substance": [b, c, a],
        "age": [a, b, c],
        "newest": [c, b, a],
        "risk": [c, a, b],
    }
    assert [r["id"] for r in store.queue(db, sort="age", limit=1, offset=1)] == [b]
    assert [r["id"] for r in store.queue(db, sort="age", limit=None, offset=1)] == [b, c]


def test_filters_by_status_finding_article_and_search(db):
    vulgar = add(db, "Aino Aalto", findings=[finding("civility.vulgar")])
    ad = add(
        db,
        "Eero Kivi",
        findings=[finding("ads.link"), finding("ads.phrase")],
        article="toinen",
        body="Katso 100% alennus_koodi!",
    )
    plain = add(db, "Liisa Koski", body="Ääkköset ÄÄNEEN ja hiljaa.")
    add(db, "Olli Ranta", status="approved", findings=[finding("civility.vulgar")])

    def ids(**filters):
        return [r["id"] for r in store.queue(db, sort="age", **filters)]

    assert ids() == [vulgar, ad, plain]
    assert ids(finding="civility") == [vulgar]
    assert ids(finding="ads.link") == [ad]
    assert ids(finding="ads.lin") == []
    assert ids(article="toinen") == [ad]
    assert ids(search="EERO") == [ad]
    assert ids(search="kivi@esim") == [ad]
    assert ids(search="100%") == [ad]
    assert ids(search="_k") == [ad]
    assert ids(search="0%a") == []
    assert ids(status=None, finding="civility") == [vulgar, vulgar + 3]
    assert store.queue_count(db, finding="ads") == 1
    assert store.queue_count(db, status=None) == 4


def test_the_filters_counts(db):
    add(db, "Aino Aalto", findings=[finding("civility.vulgar"), finding("civility.vulgar")])
    add(db, "Eero Kivi", findings=[finding("ads.link"), finding("civility.vulgar")])
    add(db, "Liisa Koski", status="spam", findings=[finding("ads.link")], article="toinen")
    assert store.queue_findings(db) == {"ads.link": 1, "civility.vulgar": 2}
    assert store.queue_findings(db, status=None) == {"ads.link": 2, "civility.vulgar": 2}
    assert store.queue_articles(db) == {"polku": 2}
    assert store.queue_articles(db, status=None) == {"polku": 2, "toinen": 1}
    assert store.status_counts(db) == {"pending": 2, "spam": 1}


def test_a_commenters_history(db):
    first = add(db, "Aino Aalto", status="approved")
    add(db, "Aino Aalto", status="rejected")
    add(db, "Aino Aalto")
    commenter = store.get_comment(db, first)["commenter_id"]
    assert store.commenter_history(db, commenter) == {"approved": 1, "rejected": 1, "pending": 1}
    assert store.commenter_history(db, None) == {}


def test_the_digest_takes_what_entered_the_queue_in_its_window(db):
    early = add(db, "Aino Aalto", created_at="2026-02-01T08:00:00+00:00")
    late = add(db, "Eero Kivi", created_at="2026-02-01T09:00:00+00:00")
    add(db, "Liisa Koski", created_at="2026-02-01T09:30:00+00:00")  # never confirmed
    store.confirm_email(db, "aino.aalto@esimerkki.fi")
    store.confirm_email(db, "eero.kivi@esimerkki.fi")
    db.execute(
        "UPDATE commenters SET confirmed_at = ? WHERE email = ?",
        ["2026-02-01T12:00:00+00:00", "aino.aalto@esimerkki.fi"],
    )
    db.execute(
        "UPDATE commenters SET confirmed_at = ? WHERE email = ?",
        ["2026-02-01T09:05:00+00:00", "eero.kivi@esimerkki.fi"],
    )
    window = store.pending_for_digest(db, "2026-02-01T09:00:00+00:00", "2026-02-01T10:00:00+00:00")
    assert [r["id"] for r in window] == [late]
    everything = store.pending_for_digest(db, None, "2026-02-02T00:00:00+00:00")
    assert [r["id"] for r in everything] == [early, late]
