"""The durable outbox in one process: a comment and its confirmation mail commit together,
senders racing on one outbox send each mail once, failed attempts back off and are given up
after MAIL_GIVE_UP_HOURS (admins see it), and erasure and the purge leave no reader's address or
text behind. On a real SQLite file and a real PostgreSQL database (``store_url``), real SMTP
server on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from comment_fixtures import add_comment, payload
from service_process import free_port

from comments import store
from comments.mail.message import Mail
from comments.mail.sender import SenderSettings, flush_mail, retry_delay, send_due, send_mail
from comments.public.privacy import purge_by_policy

pytestmark = pytest.mark.usefixtures("store_url")


def queue(db, to: str, subject: str, body: str = "Viestin teksti.\n", **fields) -> int:
    """A ready mail straight into the outbox (no sender is woken)."""
    mail = Mail.new("Vastine <kommentit@vastine.example.fi>", to, subject, body)
    return store.queue_mail(db, **mail.to_outbox(), **fields)


def settings(app, **overrides) -> SenderSettings:
    return SenderSettings.from_config(app.config | overrides)


def rows_by_status(db) -> Counter:
    return Counter(row["status"] for row in store.mail_rows(db))


@pytest.fixture
def slug(article_slugs) -> str:
    return article_slugs[0]


# --- one transaction ----------------------------------------------------------------------------


def test_a_submission_stores_the_comment_and_its_confirmation_mail_together(make_app, db, slug):
    app = make_app(SMTP_PORT=free_port())  # the server is down: the mail waits in the outbox
    response = app.test_client().post("/api/comments", json=payload(app, slug))
    assert response.status_code == 201 and response.get_json()["confirm_email"] is True
    assert flush_mail(timeout=10)
    [mail] = store.mail_rows(db)
    comment_id = response.get_json()["id"]
    assert mail["comment_id"] == comment_id
    assert mail["recipient"] == payload(app, slug)["email"]
    assert mail["status"] == "queued" and mail["attempts"] == 1
    assert "/kommentit/vahvista/" in mail["body"]
    assert mail["headers"]["Message-ID"].startswith("<")


def test_a_mail_that_cannot_be_written_takes_its_comment_with_it(db):
    def broken_mail(comment_id: int) -> dict:
        raise ValueError("line break in the Subject header")

    with pytest.raises(ValueError):
        add_comment(
            db, "Teksti.", article="asiakaspolku", name="Aino Lehtinen", email="aino@esimerkki.fi",
            mail=broken_mail,
        )  # fmt: skip
    assert db.count("comments") == 0
    assert store.mail_rows(db) == []


# --- senders ------------------------------------------------------------------------------------


def test_four_senders_racing_on_one_outbox_send_each_mail_once(app, db):
    for number in range(200):
        queue(db, f"lukija{number}@esimerkki.fi", f"Viesti {number}")
    config = settings(app)
    start = threading.Barrier(4)
    outcomes: list[Counter] = []

    def sender(name: str) -> None:
        own = store.connect(app.config["DATABASE"])
        try:
            start.wait()
            outcomes.append(send_due(own, config, name))
        finally:
            own.close()

    threads = [threading.Thread(target=sender, args=(f"kilpailija-{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    subjects = Counter(message["Subject"] for message in app.mail_server.messages)
    assert subjects == Counter(f"Viesti {number}" for number in range(200))
    assert sum(outcome["sent"] for outcome in outcomes) == 200
    assert sum(1 for outcome in outcomes if outcome["sent"]) >= 2  # they really shared the work
    assert rows_by_status(db) == {"sent": 200}


def test_a_claimed_mail_waits_for_its_lease_and_then_another_sender_takes_it(db):
    mail_id = queue(db, "aino@esimerkki.fi", "Vuokrattu")
    [taken] = store.claim_mail(db, "eka", limit=10, lease_seconds=300)
    assert taken["id"] == mail_id
    assert store.claim_mail(db, "toka", limit=10, lease_seconds=300) == []
    assert store.mark_attempt_failed(db, mail_id, "eka", "OSError: x", retry_in=0.0)
    [again] = store.claim_mail(db, "toka", limit=10, lease_seconds=0.0)  # a lease that ends now
    assert again["id"] == mail_id and again["attempts"] == 1
    [third] = store.claim_mail(db, "kolmas", limit=10, lease_seconds=300)  # toka's lease ended
    assert third["id"] == mail_id
    assert not store.mark_sent(db, mail_id, "toka")  # no longer toka's
    assert store.mark_sent(db, mail_id, "kolmas")
    assert store.claim_mail(db, "neljäs", limit=10, lease_seconds=300) == []


def test_backoff_doubles_from_the_first_wait_up_to_the_longest():
    assert [retry_delay(n, 60.0, 3600.0) for n in range(1, 10)] == [
        60.0,
        120.0,
        240.0,
        480.0,
        960.0,
        1920.0,
        3600.0,
        3600.0,
        3600.0,
    ]


def test_each_failed_attempt_schedules_the_next_after_the_backoff(app, db):
    queue(db, "aino@esimerkki.fi", "Sinnikäs")
    down = settings(app, SMTP_PORT=free_port(), MAIL_RETRY_SECONDS=0.05, MAIL_RETRY_MAX_SECONDS=0.2)
    for attempt in range(1, 6):
        _sleep_until_due(db)
        before = datetime.now(UTC)
        assert send_due(db, down, f"lähettäjä-{attempt}") == {"retrying": 1}
        after = datetime.now(UTC)
        [row] = store.mail_rows(db)
        wait = timedelta(seconds=retry_delay(attempt, 0.05, 0.2))
        assert before + wait <= datetime.fromisoformat(row["next_attempt_at"]) <= after + wait
        assert row["attempts"] == attempt
        assert row["status"] == "queued" and row["body"] == "Viestin teksti.\n"
        assert row["last_error"].startswith("ConnectionRefusedError")


def test_a_mail_unsent_for_give_up_hours_is_failed_and_admins_see_it(app, client, db, auth):
    two_hours_ago = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    queue(db, "aino@esimerkki.fi", "Vahvista sähköpostiosoitteesi", created_at=two_hours_ago)
    queue(db, "ville@toinen-esimerkki.fi", "Kommenttisi on julkaistu", created_at=two_hours_ago)
    queue(db, "helmi@esimerkki.fi", "Tuore viesti")
    app.config["MAIL_GIVE_UP_HOURS"] = 1
    down = settings(app, SMTP_PORT=free_port())
    assert send_due(db, down, "luovuttaja") == {"failed": 2, "retrying": 1}
    failed = store.failed_mail(db)
    assert sorted(row["subject"] for row in failed) == [
        "Kommenttisi on julkaistu",
        "Vahvista sähköpostiosoitteesi",
    ]
    assert {row["status"]: row["body"] for row in store.mail_rows(db)}["failed"] == ""

    auth.create("paakayttaja", role="admin")
    auth.create("moderaattori")
    auth.login("paakayttaja")
    page = BeautifulSoup(client.get("/moderointi/").text, "html.parser")
    notice = page.find("section", attrs={"aria-labelledby": "lahettamatta"})
    assert notice is not None
    assert notice.h2.get_text(strip=True) == "2 viestiä ei saatu lähetettyä"
    text = notice.get_text(" ", strip=True)
    assert "Vahvista sähköpostiosoitteesi" in text and "…@toinen-esimerkki.fi" in text
    assert "Lähetystä yritettiin 1 tunnin ajan" in text
    assert "aino@" not in text and "ville@" not in text  # domains only
    assert "Tuore viesti" not in text  # still being tried

    auth.logout()
    auth.login("moderaattori")
    assert "ei saatu lähetettyä" not in client.get("/moderointi/").text


def test_send_mail_command_sends_what_is_due(app, db, runner):
    for number in range(3):
        queue(db, f"lukija{number}@esimerkki.fi", f"Cron {number}")
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "Viestejä lähetetty: 3, odottaa uutta yritystä: 0, jätetty lähettämättä: 0."
    )
    assert sorted(m["Subject"] for m in app.mail_server.messages) == ["Cron 0", "Cron 1", "Cron 2"]
    assert runner.invoke(args=["send-mail"]).output.startswith("Viestejä lähetetty: 0,")


def test_without_smtp_host_the_outbox_is_sent_to_files(make_app, tmp_path):
    dev = make_app(SMTP_HOST=None, MAIL_OUTBOX=str(tmp_path / "kehitys"))
    with dev.app_context():
        send_mail("aino@esimerkki.fi", "Kehityksessä", "Teksti ä\n", background=True)
    assert flush_mail(timeout=10)
    [path] = (tmp_path / "kehitys").glob("*.eml")
    assert b"aino@esimerkki.fi" in path.read_bytes()
    assert dev.mail_server.messages == []


# --- privacy ------------------------------------------------------------------------------------


def test_erasing_a_commenter_deletes_every_mail_to_them_or_about_their_comments(app, db):
    reader = "aino.lehtinen@esimerkki.fi"
    secret = "Tämä lause on vain Ainon kommentissa."
    confirmation = Mail.new("Vastine <k@vastine.example.fi>", reader, "Vahvista", "Linkki.\n")
    comment_id = add_comment(
        db, secret, article="asiakaspolku", name="Aino Lehtinen", email=reader,
        mail=lambda _: confirmation.to_outbox(),
    )  # fmt: skip
    queue(db, "moderaattori@vastine.example.fi", "Uusi kommentti", secret, comment_id=comment_id)
    queue(db, reader.upper(), "Aiempi viesti")
    queue(db, "ville@esimerkki.fi", "Villen viesti")
    assert send_due(db, settings(app), "ennen-poistoa") == {"sent": 4}
    queue(db, reader, "Vielä lähettämättä", secret)

    store.delete_commenter(db, reader)

    rows = store.mail_rows(db)
    assert [row["subject"] for row in rows] == ["Villen viesti"]
    everything = repr(rows).lower()
    assert reader not in everything and secret.lower() not in everything


def test_a_sent_mail_keeps_no_body_and_purge_deletes_it_after_retention(app, db):
    queue(db, "aino@esimerkki.fi", "Lähtee", "Salainen sisältö.\n")
    waiting = queue(db, "ville@esimerkki.fi", "Jää jonoon")
    [taken] = store.claim_mail(db, "lähettäjä", limit=1, lease_seconds=300)
    assert taken["subject"] == "Lähtee"
    assert store.mark_sent(db, taken["id"], "lähettäjä")
    sent = store.mail_rows(db)[0]
    assert sent["status"] == "sent" and sent["body"] == "" and sent["finished_at"]

    assert purge_by_policy(db, app.config)["mail"] == 0  # kept MAIL_RETENTION_DAYS
    time.sleep(0.001)
    assert purge_by_policy(db, app.config | {"MAIL_RETENTION_DAYS": 0})["mail"] == 1
    assert [row["id"] for row in store.mail_rows(db)] == [waiting]  # queued mail is never purged


def _sleep_until_due(db) -> None:
    due = datetime.fromisoformat(store.next_mail_due(db))
    time.sleep(max(0.0, (due - datetime.now(UTC)).total_seconds()) + 0.001)
