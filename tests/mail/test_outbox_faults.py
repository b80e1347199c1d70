"""Mail that survives faults, against the real service under gunicorn (two workers, so two
senders share the outbox): the SMTP server down during 200 submissions, and the service
SIGKILLed with mails unsent. Nothing is lost and nothing arrives twice."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from aiosmtpd.controller import Controller
from service_process import MailSink, ServiceProcess, free_port

from comments import store

pytestmark = pytest.mark.slow

SLUG = "asiakaspolun-kartoitus"
CLIENTS = 4
FAST_RETRIES = {
    "RATELIMIT_ENABLED": False,
    "FORM_MIN_SECONDS": 0,
    "MAIL_RETRY_SECONDS": 0.2,
    "MAIL_RETRY_MAX_SECONDS": 1.0,
    "MAIL_POLL_SECONDS": 0.5,
    "MAIL_CLAIM_SECONDS": 5.0,  # a killed sender's claim ends soon (sending here takes ms)
}


def reader(number: int) -> str:
    return f"lukija.{number}@vikasieto-esimerkki.fi"


def submit_all(service: ServiceProcess, numbers: range) -> Counter:
    """Submit one comment per number from ``CLIENTS`` clients; returns the status codes."""

    def client(share: range) -> Counter:
        statuses: Counter = Counter()
        with requests.Session() as session:
            url = f"{service.url}/api/comments/form-token"
            token = session.get(url, timeout=10).json()["token"]
            for number in share:
                response = session.post(
                    f"{service.url}/api/comments",
                    json={
                        "name": "Aino Lehtinen",
                        "email": reader(number),
                        "body": f"Asiakaspolun kartoitus auttoi meitä, esimerkiksi kohta {number}.",
                        "article": SLUG,
                        "form_token": token,
                    },
                    timeout=60,
                )
                statuses[response.status_code] += 1
        return statuses

    shares = [numbers[start::CLIENTS] for start in range(CLIENTS)]
    with ThreadPoolExecutor(CLIENTS) as pool:
        return sum(pool.map(client, shares), Counter())


def outbox(service: ServiceProcess) -> Counter:
    db = service.connect()
    try:
        return Counter(store.outbox_counts(db))
    finally:
        db.close()


def wait_until_sent(service: ServiceProcess, count: int, timeout: float = 60.0) -> Counter:
    deadline = time.monotonic() + timeout
    while (counts := outbox(service))["sent"] < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return counts


def assert_each_once(mail: MailSink, numbers: range) -> None:
    recipients = Counter(str(message["To"]) for message in mail.messages)
    assert recipients == Counter(reader(number) for number in numbers)
    ids = Counter(str(message["Message-ID"]) for message in mail.messages)
    assert set(ids.values()) == {1}
    assert all("/kommentit/vahvista/" in message.get_content() for message in mail.messages)


def test_smtp_down_during_200_submissions_then_up_every_mail_arrives_once(tmp_path, built_site):
    mail = MailSink()  # its port is chosen, nothing listens on it yet: the server is down
    service = ServiceProcess(
        tmp_path / "service", built_site, smtp_port=mail.port, settings=FAST_RETRIES
    )
    with service:
        statuses = submit_all(service, range(200))
        assert statuses == {201: 200}
        down = outbox(service)
        assert down["queued"] == 200 and down["sent"] == 0
        with mail:
            counts = wait_until_sent(service, 200)
            time.sleep(1.0)  # a duplicate would arrive after its row was marked sent
            assert counts == {"sent": 200, "queued": 0, "failed": 0}
            assert_each_once(mail, range(200))
        log = service.log_text()
    assert "could not be sent" in log  # it really was down, and the senders said so


def test_sigkill_with_mails_unsent_then_restart_sends_them(tmp_path, built_site):
    mail = MailSink()
    service = ServiceProcess(
        tmp_path / "service", built_site, smtp_port=mail.port, settings=FAST_RETRIES
    )
    service.start()
    try:
        assert submit_all(service, range(30)) == {201: 30}
        service.kill()
        assert outbox(service)["queued"] == 30
        with mail:
            service.start()  # its first request (the readiness check) starts a sender
            counts = wait_until_sent(service, 30)
            time.sleep(1.0)
            assert counts == {"sent": 30, "queued": 0, "failed": 0}
            assert_each_once(mail, range(30))
    finally:
        service.stop()


class Stalling:
    """An SMTP server that takes a message's data and never answers it: the sender waits with
    its mails claimed (a server stuck, or a sender killed in the middle of sending)."""

    def __init__(self) -> None:
        self.stalled = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.stalled.set()
        await asyncio.sleep(3600)
        return "250 OK"


def test_sigkill_while_sending_then_restart_sends_the_claimed_mails_after_their_lease(
    tmp_path, built_site
):
    port = free_port()
    stalling = Stalling()
    stuck = Controller(stalling, hostname="127.0.0.1", port=port)
    stuck.start()
    service = ServiceProcess(
        tmp_path / "service", built_site, smtp_port=port, settings=FAST_RETRIES
    )
    service.start()
    try:
        assert submit_all(service, range(10)) == {201: 10}
        assert stalling.stalled.wait(10)
        db = service.connect()
        claimed = [row["claimed_by"] for row in store.mail_rows(db) if row["status"] == "queued"]
        db.close()
        assert len(claimed) == 10  # none sent
        assert any(claimed)  # some held by a stuck sender (the rest came while both were stuck)
        service.kill()
        stuck.stop()
        with MailSink(port) as mail:
            service.start()
            counts = wait_until_sent(service, 10)  # after MAIL_CLAIM_SECONDS
            time.sleep(1.0)
            assert counts == {"sent": 10, "queued": 0, "failed": 0}
            assert_each_once(mail, range(10))
    finally:
        service.stop()
        if stuck.loop.is_running():
            stuck.stop()
