"""Two service instances (gunicorn, two workers each, their own ports, as two hosts would be)
on one PostgreSQL store and one shared output directory: a comment submitted through one,
confirmed through the other and approved by a moderator logged in on the first is in the
static page, and the same with the roles swapped; 2,000 submissions from 20 clients spread over
both are each stored once with no 5xx, also when one instance is killed in the middle; and
approvals on both during full builds (theirs and one more) leave every page whole and, at the
end, identical to a fresh build."""

from __future__ import annotations

import re
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
import requests
from bs4 import BeautifulSoup
from service_process import MailSink, ServiceProcess
from test_load import (
    CLIENTS,
    LOAD_SETTINGS,
    SUBMISSIONS,
    Tally,
    _approve,
    _csrf_token,
    _log_in,
    _page,
    _read_until,
    _seed_approved,
    _seed_pending,
    _wait_until,
    assert_pages_whole_and_nothing_disappeared,
    send,
    stored_markers,
    submission,
)

from comments import PROJECT_ROOT, store
from comments.site.publish import build_site

pytestmark = pytest.mark.slow

SLUG = "asiakaspolun-kartoitus"
LINK = re.compile(r"https?://\S+/kommentit/vahvista/\S+")
SETTINGS = {"FORM_MIN_SECONDS": 0, "PUBLISH_FULL_BUILD": False}


@contextmanager
def two_hosts(root, built_site, database, settings):
    """Instances A and B with one store, one output directory and one SMTP server."""
    shared = root / "shared-output"
    shutil.copytree(built_site, shared)
    settings = settings | {"DATABASE": database, "SITE_OUTPUT": str(shared)}
    with MailSink() as mail:
        services = [
            ServiceProcess(root / name, built_site, smtp_port=mail.port, settings=settings)
            for name in ("a", "b")
        ]
        services[0].add_moderator("moderaattori", "kahden-koneen-salasana")
        with services[0], services[1]:
            yield services[0], services[1], mail, shared


@pytest.fixture
def hosts(tmp_path, built_site, postgres_url):
    with two_hosts(tmp_path, built_site, postgres_url, SETTINGS) as running:
        yield running


@pytest.mark.parametrize("order", ["A-B-A", "B-A-B"])
def test_submit_on_one_confirm_on_the_other_approve_on_the_first(hosts, order):
    a, b, mail, shared = hosts
    first, second = (a, b) if order == "A-B-A" else (b, a)
    run = order.replace("-", "").lower()
    with requests.Session() as reader:
        token = reader.get(f"{first.url}/api/comments/form-token", timeout=10).json()["token"]
        data = submission(run, 1, SLUG, token)
        response = reader.post(f"{first.url}/api/comments", json=data, timeout=30)
    assert response.status_code == 201, response.text
    [message] = mail.wait_for(1, timeout=20)
    link = LINK.search(message.get_content()).group(0)
    assert link.startswith(first.url)

    with requests.Session() as reader_elsewhere:
        path = f"{second.url}{urlsplit(link).path}"
        page = reader_elsewhere.get(path, timeout=10)
        assert page.status_code == 200
        done = reader_elsewhere.post(path, data={"csrf_token": _csrf_token(page.text)}, timeout=30)
    assert "Kiitos, osoite on vahvistettu!" in done.text

    db = store.connect(first.database)
    try:
        [comment] = store.queue(db)
        assert comment["email_confirmed_at"] is not None
    finally:
        db.close()
    with requests.Session() as moderator:
        _log_in(moderator, first, "moderaattori", "kahden-koneen-salasana")
        _approve(moderator, first, comment["id"])

    built = (shared / SLUG / "index.html").read_text(encoding="utf-8")
    thread = BeautifulSoup(built, "html.parser")
    assert f"kommentti-{comment['id']}" in {a["id"] for a in thread.select("article[id]")}
    assert data["body"].split(" Havainto")[0] in built
    served = requests.get(f"{second.url}/{SLUG}/", timeout=10).text
    assert served == built
    for service in (a, b):
        assert "Traceback" not in service.log_text()


def test_load_spread_over_both_hosts_stores_each_comment_once(tmp_path, built_site, postgres_url):
    with two_hosts(tmp_path, built_site, postgres_url, LOAD_SETTINGS) as (a, b, _, _):
        tally = Tally()
        with ThreadPoolExecutor(CLIENTS) as pool:
            for client in range(CLIENTS):
                share = range(client, SUBMISSIONS, CLIENTS)
                pool.submit(send, (a, b)[client % 2], "d", share, SLUG, tally)
        logs = a.log_text() + b.log_text()

    assert not tally.errors
    assert set(tally.statuses) <= {201, 303}, tally.statuses
    assert len(tally.acknowledged) == SUBMISSIONS
    stored = stored_markers(a, "d")
    assert set(stored) == tally.acknowledged
    assert set(stored.values()) == {1}
    assert "Traceback" not in logs


def test_one_host_killed_mid_load_loses_nothing_and_the_other_serves_on(
    tmp_path, built_site, postgres_url
):
    with two_hosts(tmp_path, built_site, postgres_url, LOAD_SETTINGS) as (a, b, _, _):
        on_a, on_b, stop = Tally(), Tally(), threading.Event()
        with ThreadPoolExecutor(CLIENTS) as pool:
            for client in range(CLIENTS):
                share = range(client, 100_000, CLIENTS)
                service, tally = ((a, on_a), (b, on_b))[client % 2]
                pool.submit(send, service, "e" if service is a else "f", share, SLUG, tally, stop)
            _wait_until(lambda: len(on_a.acknowledged) >= 200, timeout=60)
            a.kill()
            killed_with = len(on_a.acknowledged)
            served_before = len(on_b.acknowledged)
            _wait_until(lambda: len(on_b.acknowledged) >= served_before + 200, timeout=60)
            stop.set()
        b_log = b.log_text()

    assert killed_with >= 200
    assert on_a.acknowledged <= set(stored_markers(b, "e"))
    assert set(stored_markers(b, "e").values()) == {1}
    assert set(stored_markers(b, "f")) == on_b.acknowledged
    assert set(stored_markers(b, "f").values()) == {1}
    assert not on_b.errors and set(on_b.statuses) <= {201, 303}, on_b.statuses
    assert "Traceback" not in b_log


def test_approvals_on_both_hosts_during_full_builds_keep_the_page_whole(
    tmp_path, built_site, postgres_url
):
    settings = LOAD_SETTINGS | {"PUBLISH_DEBOUNCE_SECONDS": 0.2}
    with two_hosts(tmp_path, built_site, postgres_url, settings) as (a, b, _, shared):
        published = _seed_approved(a, SLUG, 8)
        waiting = [_seed_pending(a, SLUG, number) for number in range(4)]
        config = {
            "SITE_OUTPUT": str(shared),
            "DATABASE": postgres_url,
            "PELICAN_SETTINGS": str(PROJECT_ROOT / "pelicanconf.py"),
            "SERVICE_URL": "",
        }
        with requests.Session() as on_a, requests.Session() as on_b:
            _log_in(on_a, a, "moderaattori", "kahden-koneen-salasana")
            _log_in(on_b, b, "moderaattori", "kahden-koneen-salasana")
            samples, stop = [], threading.Event()
            reader = threading.Thread(target=_read_until, args=(b, SLUG, samples, stop))
            reader.start()
            try:
                moments = zip((0.0, 0.3, 0.6, 1.0), waiting, strict=True)
                for number, (delay, (comment_id, text)) in enumerate(moments):
                    builder = threading.Thread(target=build_site, args=(config,))
                    builder.start()
                    time.sleep(delay)
                    host, session = ((a, on_a), (b, on_b))[number % 2]
                    _approve(session, host, comment_id)
                    builder.join(120)
                    published.append(text)
                reference = tmp_path / "reference"
                build_site(config | {"SITE_OUTPUT": str(reference)})
                expected = (reference / SLUG / "index.html").read_text(encoding="utf-8")
                _wait_until(lambda: _page(b, SLUG) == expected, timeout=90)
                _wait_until(lambda: _page(a, SLUG) == expected, timeout=30)
            finally:
                stop.set()
                reader.join(30)
            logs = a.log_text() + b.log_text()

    assert_pages_whole_and_nothing_disappeared(samples, published)
    assert "Traceback" not in logs
