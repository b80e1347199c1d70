"""Outgoing mail: real SMTP on 127.0.0.1, the outbox without SMTP, no header injection."""

from __future__ import annotations

import email
import email.policy
import subprocess
import sys
import threading

import pytest
from aiosmtpd.controller import Controller
from service_process import free_port

from comments import PROJECT_ROOT, create_app, store
from comments.mail.message import render_mail
from comments.mail.sender import flush_mail, send_mail


def test_send_mail_over_smtp(app):
    with app.app_context():
        send_mail("aino@esimerkki.fi", "Tervehdys – ääkköset", "Hei Aino,\n\nkiitos!\n")
    [message] = app.mail_server.wait_for(1)
    assert message["To"] == "aino@esimerkki.fi"
    assert message["From"] == app.config["MAIL_FROM"]
    assert message["Subject"] == "Tervehdys – ääkköset"
    assert message["Message-ID"] and message["Date"]
    assert message.get_content_charset() == "utf-8"
    assert message.get_content().replace("\r\n", "\n") == "Hei Aino,\n\nkiitos!\n"
    assert app.mail_server.envelopes[0].rcpt_tos == ["aino@esimerkki.fi"]


def test_without_smtp_host_mail_goes_to_the_outbox(app, tmp_path):
    outbox = tmp_path / "laatikko"
    dev = create_app(app.config | {"SMTP_HOST": None, "MAIL_OUTBOX": str(outbox)})
    with dev.app_context():
        send_mail("ville@esimerkki.fi", "Aihe", "Sisältö ä\n")
    [path] = outbox.glob("*.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["To"] == "ville@esimerkki.fi"
    assert message.get_content() == "Sisältö ä\n"
    assert app.mail_server.messages == []


@pytest.mark.parametrize(
    ("to", "subject"),
    [
        ("aino@esimerkki.fi\r\nBcc: paha@example.org", "Aihe"),
        ("aino@esimerkki.fi", "Aihe\nBcc: paha@example.org"),
        ("aino@esimerkki.fi", "Aihe\rX-Evil: 1"),
    ],
)
def test_line_breaks_in_headers_are_refused(app, to, subject):
    with app.app_context(), pytest.raises(ValueError):
        send_mail(to, subject, "runko")
    assert app.mail_server.messages == []


def test_recipient_must_be_an_address(app):
    with app.app_context(), pytest.raises(ValueError):
        send_mail("ei osoite", "Aihe", "runko")


def test_a_name_with_line_breaks_never_adds_a_header(app):
    name = "Aino\r\nBcc: paha@example.org\r\nX-Injected: kyllä"
    with app.app_context():
        subject, body = render_mail(
            "confirm",
            name=name,
            article_title="Otsikko\nBcc: toinen@example.org",
            article_url="https://vastine.example.fi/a/",
            confirm_url="https://vastine.example.fi/kommentit/vahvista/x",
            valid_until="28. marraskuuta 2026 klo 14.05",
            expiry_hours=72,
        )
        send_mail("aino@esimerkki.fi", subject, body)
    [message] = app.mail_server.wait_for(1)
    assert message["Bcc"] is None and message["X-Injected"] is None
    assert app.mail_server.envelopes[0].rcpt_tos == ["aino@esimerkki.fi"]
    assert "Bcc: paha@example.org" in message.get_content()  # just text in the body


def test_render_mail_splits_subject_and_body(app):
    with app.app_context():
        subject, body = render_mail(
            "privacy",
            email="aino@esimerkki.fi",
            link="https://x/l",
            valid_until="25. marraskuuta 2026 klo 15.05",
        )
    assert subject == "Linkki omiin kommentteihisi – Vastine"
    assert body.startswith("Hei,\n\njoku – toivottavasti sinä – pyysi linkkiä")
    assert "https://x/l" in body
    assert "Linkki on voimassa 25. marraskuuta 2026 klo 15.05 asti." in body
    assert body.endswith("Vastineen toimitus\n")


def test_unreachable_smtp_raises_oserror(app):
    down = create_app(app.config | {"SMTP_PORT": free_port()})
    with down.app_context(), pytest.raises(OSError):
        send_mail("aino@esimerkki.fi", "Aihe", "runko")


# --- background sending (request paths) ------------------------------------------------------


def test_background_mails_arrive_in_order(app):
    with app.app_context():
        for number in range(1, 6):
            send_mail(
                f"lukija{number}@esimerkki.fi", f"Viesti {number}", "runko\n", background=True
            )
    assert flush_mail(timeout=10)
    messages = app.mail_server.messages
    assert [m["Subject"] for m in messages] == [f"Viesti {n}" for n in range(1, 6)]
    assert messages[0]["To"] == "lukija1@esimerkki.fi"
    assert messages[0].get_content().replace("\r\n", "\n") == "runko\n"


def test_background_mail_is_still_checked_in_the_request(app):
    with app.app_context():
        with pytest.raises(ValueError):
            send_mail("aino@esimerkki.fi", "Aihe\nBcc: paha@example.org", "runko", background=True)
        with pytest.raises(ValueError):
            send_mail("ei osoite", "Aihe", "runko", background=True)
    assert flush_mail(timeout=10)
    assert app.mail_server.messages == []


def test_background_failure_is_logged_not_raised_kept_for_a_retry_and_the_next_mail_goes(
    app, db, caplog
):
    down = create_app(app.config | {"SMTP_PORT": free_port()})
    with down.app_context():
        send_mail("aino@esimerkki.fi", "Ei perille", "runko", background=True)
    assert flush_mail(timeout=10)  # tried once, and waiting for its retry
    with app.app_context():
        send_mail("ville@esimerkki.fi", "Perille", "runko", background=True)
    assert flush_mail(timeout=10)
    assert [m["Subject"] for m in app.mail_server.messages] == ["Perille"]
    [failure] = [r for r in caplog.records if r.name == "comments.mail.sender" and r.exc_info]
    assert failure.getMessage() == (
        "mail to aino@esimerkki.fi could not be sent: Ei perille (attempt 1, next in 60 s)"
    )
    assert issubclass(failure.exc_info[0], OSError)
    waiting = [row for row in store.mail_rows(db) if row["status"] == "queued"]
    assert [(row["subject"], row["attempts"], row["body"]) for row in waiting] == [
        ("Ei perille", 1, "runko")
    ]


def test_background_mail_is_sent_when_the_process_exits(app, tmp_path):
    """A CLI-like process queues a mail and exits at once: the exit flush sends it."""
    settings = {
        key: app.config[key]
        for key in ("TESTING", "SECRET_KEY", "DATABASE", "SITE_OUTPUT", "SMTP_HOST", "SMTP_PORT")
    }
    script = tmp_path / "queue_and_exit.py"
    script.write_text(
        "import sys\n"
        "from comments import create_app\n"
        "from comments.mail.sender import send_mail\n"
        f"app = create_app({settings!r})\n"
        "with app.app_context():\n"
        "    send_mail('aino@esimerkki.fi', 'Lähtiessä', 'runko', background=True)\n"
        "sys.exit(0)\n"
    )
    subprocess.run([sys.executable, str(script)], check=True, timeout=60, cwd=PROJECT_ROOT)
    [message] = app.mail_server.wait_for(1)
    assert message["Subject"] == "Lähtiessä"


class PeerRecorder:
    """An SMTP server that notes each message's client connection and holds the first message
    until ``release`` is set, so that the next mails queue up behind it."""

    def __init__(self) -> None:
        self.peers: list[tuple[str, int]] = []
        self.first_arrived = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.peers.append(session.peer)
        if len(self.peers) == 1:
            self.first_arrived.set()
            self.release.wait(10)
        return "250 OK"


def test_queued_mails_share_one_smtp_connection(app):
    recorder = PeerRecorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        held = create_app(app.config | {"SMTP_PORT": port})
        with held.app_context():
            send_mail("eka@esimerkki.fi", "Eka", "runko", background=True)
            assert recorder.first_arrived.wait(10)
            for n in range(9):
                send_mail(f"lukija{n}@esimerkki.fi", f"Viesti {n}", "runko", background=True)
        recorder.release.set()
        assert flush_mail(timeout=10)
    finally:
        recorder.release.set()
        controller.stop()
    assert len(recorder.peers) == 10
    assert len(set(recorder.peers)) == 1  # the connection stays open while mails keep coming
