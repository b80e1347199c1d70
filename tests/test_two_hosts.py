"""Two service instances (gunicorn, two workers each, their own ports, as two hosts would be)
on one PostgreSQL store and one shared output directory: a comment submitted through one,
confirmed through the other and approved by a moderator logged in on the first is in the
static page; and the same with the roles swapped."""

from __future__ import annotations

import re
import shutil
from urllib.parse import urlsplit

import pytest
import requests
from bs4 import BeautifulSoup
from service_process import MailSink, ServiceProcess
from test_load import _approve, _csrf_token, _log_in, submission

from comments import store

pytestmark = pytest.mark.slow

SLUG = "asiakaspolun-kartoitus"
LINK = re.compile(r"https?://\S+/kommentit/vahvista/\S+")
SETTINGS = {"FORM_MIN_SECONDS": 0, "PUBLISH_FULL_BUILD": False}


@pytest.fixture
def hosts(tmp_path, built_site, postgres_url):
    """Instances A and B with one store, one output directory and one SMTP server."""
    shared = tmp_path / "shared-output"
    shutil.copytree(built_site, shared)
    settings = SETTINGS | {"DATABASE": postgres_url, "SITE_OUTPUT": str(shared)}
    with MailSink() as mail:
        services = [
            ServiceProcess(tmp_path / name, built_site, smtp_port=mail.port, settings=settings)
            for name in ("a", "b")
        ]
        services[0].add_moderator("moderaattori", "kahden-koneen-salasana")
        with services[0], services[1]:
            yield services[0], services[1], mail, shared


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
