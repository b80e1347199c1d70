"""Load and faults against the real service under gunicorn on 127.0.0.1: many concurrent
submissions, a SIGKILL in the middle of them, and a decision racing a full build.

Rate limits are off and the form token's minimum age is 0 here (``test_attacks.py`` proves that
both work); mails go to a real SMTP server.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest
import requests
from bs4 import BeautifulSoup
from service_process import MailSink, ServiceProcess

from comments import PROJECT_ROOT, store
from comments.render import render_comment
from comments.site.articles import END_MARKER, START_MARKER
from comments.site.publish import build_site

pytestmark = pytest.mark.slow

SLUG = "asiakaspolun-kartoitus"
CLIENTS = 20
SUBMISSIONS = 2000
LOAD_SETTINGS = {"RATELIMIT_ENABLED": False, "FORM_MIN_SECONDS": 0}
GIVEN = ["Aino", "Eero", "Helmi", "Juha", "Kaisa", "Lauri", "Maija", "Niko", "Oona", "Pekka"]
FAMILY = ["Lehtinen", "Korhonen", "Virtanen", "Mäkelä", "Nieminen", "Koskinen", "Laine"]
SENTENCES = [
    "Asiakaspolun kartoitus näytti meillekin, että odottaminen harmittaa eniten.",
    "Esimerkiksi chatin jonot lyhenivät, kun yleisimmät kysymykset vastattiin verkossa.",
    "Mittari kertoo tyytyväisyydestä, mutta ei siitä, mitä pitäisi tehdä toisin.",
    "Saavutettavuuden korjaukset paransivat palvelua kaikille asiakkaille.",
]


@dataclass
class Tally:
    """What the clients saw: acknowledged markers and every status code."""

    acknowledged: set[str] = field(default_factory=set)
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


def marker(run: str, number: int) -> str:
    """A word that appears in exactly one submission."""
    return f"kuormatunniste{run}x{number:05d}"


def submission(run: str, number: int, slug: str, token: str) -> dict[str, str]:
    given, family = GIVEN[number % len(GIVEN)], FAMILY[number // len(GIVEN) % len(FAMILY)]
    return {
        "name": f"{given} {family}",
        "email": f"lukija.{run}.{number}@lukijat-vastine.fi",
        "website": "",
        "body": (
            f"{SENTENCES[number % len(SENTENCES)]} {SENTENCES[(number + 1) % len(SENTENCES)]} "
            f"Havainto {marker(run, number)}."
        ),
        "article": slug,
        "parent": "",
        "form_token": token,
    }


def send(
    service: ServiceProcess, run: str, numbers: range, slug: str, tally: Tally, stop=None
) -> None:
    """One client: JSON posts, every fifth one a plain form post (the no-JS reader)."""
    with requests.Session() as session:
        token = session.get(f"{service.url}/api/comments/form-token", timeout=10).json()["token"]
        for number in numbers:
            if stop is not None and stop.is_set():
                return
            data = submission(run, number, slug, token)
            try:
                if number % 5 == 0:
                    response = session.post(
                        f"{service.url}/api/comments", data=data, allow_redirects=False, timeout=60
                    )
                    acknowledged = response.status_code == 303
                else:
                    response = session.post(f"{service.url}/api/comments", json=data, timeout=60)
                    acknowledged = response.status_code == 201
            except requests.RequestException as error:
                with tally.lock:
                    tally.errors[type(error).__name__] += 1
                continue
            with tally.lock:
                tally.statuses[response.status_code] += 1
                if acknowledged:
                    tally.acknowledged.add(marker(run, number))


def stored_markers(service: ServiceProcess, run: str) -> Counter:
    db = store.connect(service.database, readonly=True)
    try:
        bodies = [row[0] for row in db.execute("SELECT body FROM comments").fetchall()]
    finally:
        db.close()
    pattern = re.compile(rf"kuormatunniste{run}x\d{{5}}")
    return Counter(found for body in bodies for found in pattern.findall(body))


def test_concurrent_submissions_are_each_stored_once(tmp_path, built_site):
    slug = SLUG
    with MailSink() as mail:
        service = ServiceProcess(
            tmp_path / "service", built_site, smtp_port=mail.port, workers=4,
            settings=LOAD_SETTINGS,
        )  # fmt: skip
        with service:
            tally = Tally()
            shares = [range(client, SUBMISSIONS, CLIENTS) for client in range(CLIENTS)]
            with ThreadPoolExecutor(CLIENTS) as pool:
                for share in shares:
                    pool.submit(send, service, "a", share, slug, tally)
            pending = _count(service, "pending")
            mails = mail.wait_for(pending, timeout=30)
        log = service.log_text()

    assert not tally.errors
    assert set(tally.statuses) <= {201, 303}, tally.statuses
    assert len(tally.acknowledged) == SUBMISSIONS
    stored = stored_markers(service, "a")
    assert set(stored) == tally.acknowledged
    assert set(stored.values()) == {1}
    assert _count(service) == SUBMISSIONS
    assert len(mails) == pending > 0
    assert "database is locked" not in log
    assert "Traceback" not in log


def test_sigkill_during_load_loses_no_acknowledged_comment(tmp_path, built_site):
    slug = SLUG
    with MailSink() as mail:
        service = ServiceProcess(
            tmp_path / "service", built_site, smtp_port=mail.port, workers=4,
            settings=LOAD_SETTINGS,
        )  # fmt: skip
        service.start()
        try:
            tally, stop = Tally(), threading.Event()
            shares = [range(client, 100_000, CLIENTS) for client in range(CLIENTS)]
            with ThreadPoolExecutor(CLIENTS) as pool:
                for share in shares:
                    pool.submit(send, service, "b", share, slug, tally, stop)
                _wait_until(lambda: len(tally.acknowledged) >= 300, timeout=60)
                service.kill()
                stop.set()
            acknowledged_before_crash = set(tally.acknowledged)

            service.start()
            after = Tally()
            send(service, "c", range(1), slug, after)
        finally:
            service.stop()

    assert len(acknowledged_before_crash) >= 300
    stored = stored_markers(service, "b")
    assert acknowledged_before_crash <= set(stored)
    assert set(stored.values()) == {1}
    assert after.acknowledged == {marker("c", 0)}
    db = store.connect(service.database)
    try:
        assert store.integrity_check(db) == "ok"
    finally:
        db.close()


def test_decision_during_full_build_leaves_the_article_page_complete(tmp_path, built_site):
    """Approvals land while full builds run: every version of the page a reader could load is
    whole, no published comment ever disappears from it again, and the page ends up exactly as
    a fresh build of the final store."""
    slug = SLUG
    with MailSink() as mail:
        service = ServiceProcess(
            tmp_path / "service", built_site, smtp_port=mail.port, workers=2,
            settings=LOAD_SETTINGS | {"PUBLISH_DEBOUNCE_SECONDS": 0.2},
        )  # fmt: skip
        published = _seed_approved(service, slug, 12)
        waiting = [_seed_pending(service, slug, number) for number in range(3)]
        service.add_moderator("kuormamoderaattori", "kuorma-salasana-123")
        config = {
            "SITE_OUTPUT": str(service.output),
            "DATABASE": str(service.database),
            "PELICAN_SETTINGS": str(PROJECT_ROOT / "pelicanconf.py"),
            "THEME_TEMPLATES": str(PROJECT_ROOT / "theme" / "templates"),
            "SERVICE_URL": "",
        }
        reference = tmp_path / "reference" / slug / "index.html"
        with service, requests.Session() as moderator:
            _log_in(moderator, service, "kuormamoderaattori", "kuorma-salasana-123")
            samples, stop = [], threading.Event()
            reader = threading.Thread(target=_read_until, args=(service, slug, samples, stop))
            reader.start()
            try:
                for delay, (comment_id, text) in zip((0.0, 0.3, 0.8), waiting, strict=True):
                    builder = threading.Thread(target=build_site, args=(config,))
                    builder.start()
                    time.sleep(delay)
                    _approve(moderator, service, comment_id)
                    builder.join(120)
                    published.append(text)
                build_site(config | {"SITE_OUTPUT": str(tmp_path / "reference")})
                expected = reference.read_text(encoding="utf-8")
                _wait_until(lambda: _page(service, slug) == expected, timeout=60)
            finally:
                stop.set()
                reader.join(30)
            log = service.log_text()

    assert_pages_whole_and_nothing_disappeared(samples, published)
    thread = BeautifulSoup(samples[-1], "html.parser")
    assert len(thread.select("article[id^=kommentti-]")) == len(published)
    assert "Traceback" not in log


def assert_pages_whole_and_nothing_disappeared(samples: list[str], published: list[str]) -> None:
    """Every page a reader saw during the race was whole (one comment block, the closing
    ``</html>``), a published comment never vanished from a later page, and the last page holds
    each published comment once."""
    assert len(samples) > 10
    seen: set[str] = set()
    for page in samples:
        assert page.count(START_MARKER) == page.count(END_MARKER) == 1
        assert page.rstrip().endswith("</html>")
        block = page[page.index(START_MARKER) : page.index(END_MARKER)]
        present = {text for text in published if block.count(text) == 1}
        assert seen <= present, f"published comments disappeared: {seen - present}"
        seen = present
    assert seen == set(published)


def _page(service: ServiceProcess, slug: str) -> str:
    return requests.get(f"{service.url}/{slug}/", timeout=10).text


def _read_until(service: ServiceProcess, slug: str, samples: list[str], stop) -> None:
    """A reader reloading the article page for as long as the race runs."""
    while not stop.is_set():
        samples.append(_page(service, slug))
        time.sleep(0.02)
    samples.append(_page(service, slug))


# --- helpers -------------------------------------------------------------------------------------


def _count(service: ServiceProcess, status: str | None = None) -> int:
    db = store.connect(service.database, readonly=True)
    try:
        counts = store.status_counts(db)
    finally:
        db.close()
    return counts.get(status, 0) if status else sum(counts.values())


def _wait_until(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


def _seed_approved(service: ServiceProcess, slug: str, count: int) -> list[str]:
    db = service.connect()
    texts = []
    try:
        for number in range(count):
            text = f"Julkaistu kommentti numero {number}: {SENTENCES[number % len(SENTENCES)]}"
            store.add_comment(
                db,
                article=slug,
                name=f"{GIVEN[number % len(GIVEN)]} {FAMILY[number % len(FAMILY)]}",
                email=f"julkaistu{number}@lukijat-vastine.fi",
                body=text,
                html=render_comment(text),
                status="approved",
                actor="test",
            )
            texts.append(text)
    finally:
        db.close()
    return texts


def _seed_pending(service: ServiceProcess, slug: str, number: int) -> tuple[int, str]:
    text = f"Odottava kommentti numero {number}: rakentamisen aikana hyväksytty."
    address = f"odottava{number}@lukijat-vastine.fi"
    db = service.connect()
    try:
        comment_id = store.add_comment(
            db,
            article=slug,
            name=f"{GIVEN[number]} {FAMILY[number]}",
            email=address,
            body=text,
            html=render_comment(text),
            status="pending",
        )
        store.confirm_email(db, address)
    finally:
        db.close()
    return comment_id, text


def _csrf_token(html: str) -> str:
    field = BeautifulSoup(html, "html.parser").find("input", attrs={"name": "csrf_token"})
    assert field is not None, "no csrf_token in the page"
    return field["value"]


def _log_in(session: requests.Session, service: ServiceProcess, user: str, password: str) -> None:
    login = f"{service.url}/moderointi/kirjaudu"
    token = _csrf_token(session.get(login, timeout=10).text)
    response = session.post(
        login,
        data={"username": user, "password": password, "csrf_token": token},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text


def _approve(session: requests.Session, service: ServiceProcess, comment_id: int) -> None:
    token = _csrf_token(session.get(f"{service.url}/moderointi/", timeout=10).text)
    response = session.post(
        f"{service.url}/moderointi/kommentti/{comment_id}/paatos",
        data={"action": "approve", "csrf_token": token},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text
    db = store.connect(service.database, readonly=True)
    try:
        assert store.get_comment(db, comment_id)["status"] == "approved"
    finally:
        db.close()
