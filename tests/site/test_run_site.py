"""`make run`'s command, for real: `flask --app comments run-site` prepares an empty store, builds
the site, serves site and service on one origin, prints how to log in, and rebuilds the site
when an author saves a file (a broken one is reported in Finnish and stops nothing)."""

from __future__ import annotations

import email
import email.policy
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
from service_process import free_port

from comments import PROJECT_ROOT, store

FLASK = Path(sys.executable).parent / "flask"


@contextmanager
def running_site(tmp_path: Path, **overrides: str) -> Iterator[tuple[str, Path]]:
    """``run-site`` in a child process on a free port with its own store and output (plus
    ``overrides``); yields its address and the file its terminal output goes to."""
    port = free_port()
    settings = {
        "SECRET_KEY": "run-site-test",
        "DATABASE": str(tmp_path / "comments.sqlite3"),
        "SITE_OUTPUT": str(tmp_path / "output"),
        "MAIL_OUTBOX": str(tmp_path / "outbox"),
    } | overrides
    env = {key: value for key, value in os.environ.items() if not key.startswith("VASTINE_")}
    env |= {f"VASTINE_{key}": json.dumps(value) for key, value in settings.items()}
    env["PYTHONUNBUFFERED"] = "1"
    log = tmp_path / "run-site.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(FLASK), "--app", "comments", "run-site", "--port", str(port)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                try:
                    requests.get(base + "/", timeout=2)
                    break
                except requests.ConnectionError:
                    assert process.poll() is None, log.read_text()
                    time.sleep(0.5)
            else:
                raise AssertionError("run-site never answered:\n" + log.read_text())
            yield base, log
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(15)


def test_run_site_builds_serves_and_prints_a_working_admin_login(tmp_path: Path) -> None:
    with running_site(tmp_path) as (base, log):
        front = requests.get(base + "/", timeout=5)
        printed = log.read_text()
        assert f"Vastine käynnissä: {base}/" in printed
        assert f"{base}/moderointi/" in printed
        password = re.search(r"käyttäjätunnus admin, salasana (\S+)", printed)[1]
        # No terminal: the author's name comes from the articles, and no email is made up.
        authors = Counter(
            re.findall(
                r"^Author: (.+)$",
                "\n".join(
                    p.read_text(encoding="utf-8")
                    for p in (PROJECT_ROOT / "content" / "articles").glob("*.md")
                ),
                re.MULTILINE,
            )
        )
        author = authors.most_common(1)[0][0]
        assert f"Nimi kirjoittajan vastauksissa: {author}" in printed
        assert "kukaan ei saa ilmoitusta uusista kommenteista" in printed
        assert f"tallennetaan tiedostoiksi kansioon {tmp_path / 'outbox'}" in printed

        assert front.status_code == 200 and 'lang="fi"' in front.text
        db = store.connect(tmp_path / "comments.sqlite3")
        try:
            samples = store.approved_comments(db)
        finally:
            db.close()
        assert len(samples) >= 5, "sample comments were loaded into the empty store"
        article = requests.get(f"{base}/{samples[0]['article']}/", timeout=5).text
        assert f'id="kommentti-{samples[0]["id"]}"' in article

        session = requests.Session()
        login_page = session.get(f"{base}/moderointi/kirjaudu", timeout=5).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', login_page)[1]
        answer = session.post(
            f"{base}/moderointi/kirjaudu",
            data={"username": "admin", "password": password, "csrf_token": token},
            timeout=10,
        )
        assert answer.status_code == 200 and "Moderointijono" in answer.text
        assert "Kukaan ei saa ilmoitusta uusista kommenteista" in answer.text
        assert f"{author} (ylläpitäjä)" in answer.text


def author_project(tmp_path: Path) -> Path:
    """A copy of the project's Pelican side that a test may edit: settings and content copied,
    the theme and plugins linked."""
    project = tmp_path / "blogi"
    project.mkdir()
    shutil.copy(PROJECT_ROOT / "pelicanconf.py", project)
    shutil.copytree(PROJECT_ROOT / "content", project / "content")
    for shared in ("theme", "plugins"):
        (project / shared).symlink_to(PROJECT_ROOT / shared)
    return project


def wait_for(condition, what: str, log: Path, timeout: float = 90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"{what} did not happen; run-site printed:\n{log.read_text()}")


def test_saving_a_file_rebuilds_and_a_broken_article_is_told_in_finnish(tmp_path: Path) -> None:
    project = author_project(tmp_path)
    articles = project / "content" / "articles"
    with running_site(tmp_path, PELICAN_SETTINGS=str(project / "pelicanconf.py")) as (base, log):
        assert "sivusto rakennetaan uudelleen" in log.read_text()
        (articles / "uusi-kirjoitus.md").write_text(
            "Title: Juuri tallennettu kirjoitus\nDate: 2026-11-30 10:00\n"
            "Slug: juuri-tallennettu\nAuthor: Aino Lehtinen\n\nTallensin tämän äsken.\n",
            encoding="utf-8",
        )
        page = wait_for(
            lambda: (r := requests.get(f"{base}/juuri-tallennettu/", timeout=5)).ok and r,
            "the new article's page",
            log,
        )
        assert "Tallensin tämän äsken." in page.text
        assert "Muuttui: content/articles/uusi-kirjoitus.md" in log.read_text()

        (articles / "rikki.md").write_text(
            "Title: Rikki\nDate: eilen iltapäivällä\nSlug: rikki\n\nTeksti.\n", encoding="utf-8"
        )
        told = wait_for(lambda: "ei voitu lukea" in log.read_text(), "the Finnish report", log)
        printed = log.read_text()
        assert told and "Sivustoa ei voitu rakentaa, joten sivut ovat ennallaan" in printed
        assert "Artikkelia articles/rikki.md ei voitu lukea" in printed
        assert "Palvelin on yhä käynnissä." in printed
        assert requests.get(f"{base}/juuri-tallennettu/", timeout=5).status_code == 200
        assert requests.get(f"{base}/moderointi/kirjaudu", timeout=5).status_code == 200

        (articles / "rikki.md").unlink()
        (articles / "kuvaton.md").write_text(
            "Title: Kuva puuttuu\nDate: 2026-11-29 10:00\nSlug: kuvaton\n\n"
            "![Kaavio]({static}/images/ei-tallennettu.svg)\n",
            encoding="utf-8",
        )
        wait_for(lambda: requests.get(f"{base}/kuvaton/", timeout=5).ok, "the fixed build", log)
        wait_for(lambda: "ei-tallennettu.svg ei löydy" in log.read_text(), "the image warning", log)


def test_links_in_mails_and_feeds_point_at_the_port_it_runs_on(tmp_path: Path) -> None:
    """``make run PORT=8765``: the confirmation link and the feeds lead back to that server."""
    with running_site(tmp_path, FORM_MIN_SECONDS=0) as (base, log):
        feed = requests.get(f"{base}/feeds/kaikki.atom.xml", timeout=5).text
        assert f'href="{base}/' in feed and "127.0.0.1:8000" not in feed
        form_token = requests.get(f"{base}/api/comments/form-token", timeout=5).json()["token"]
        db = store.connect(tmp_path / "comments.sqlite3")
        try:
            article = store.approved_comments(db)[0]["article"]  # a sample comment's article
        finally:
            db.close()
        answer = requests.post(
            f"{base}/api/comments",
            json={
                "article": article,
                "form_token": form_token,
                "name": "Kalle Kokeilija",
                "email": "kalle.kokeilija@esimerkki.fi",
                "body": "Hyvä kirjoitus: meillä jonot lyhenivät, kun ohjeet selkiytettiin.",
            },
            timeout=10,
        )
        assert answer.status_code == 201, answer.text
        mails = wait_for(lambda: list((tmp_path / "outbox").glob("*.eml")), "a mail", log)
        mail = email.message_from_bytes(mails[0].read_bytes(), policy=email.policy.default)
        text = mail.get_body(("plain",)).get_content()
        link = re.search(r"http://\S+/kommentit/vahvista/\S+", text)[0]
        assert link.startswith(f"{base}/kommentit/vahvista/")
        assert requests.get(link, timeout=5).status_code == 200
