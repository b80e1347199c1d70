"""`make run`'s command, for real: `flask --app comments run-site` prepares an empty store, builds
the site, serves site and service on one origin and prints how to log in."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import requests
from service_process import free_port

from comments import PROJECT_ROOT, store

FLASK = Path(sys.executable).parent / "flask"


def test_run_site_builds_serves_and_prints_a_working_admin_login(tmp_path: Path) -> None:
    port = free_port()
    settings = {
        "SECRET_KEY": "run-site-test",
        "DATABASE": str(tmp_path / "comments.sqlite3"),
        "SITE_OUTPUT": str(tmp_path / "output"),
        "MAIL_OUTBOX": str(tmp_path / "outbox"),
    }
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
                    front = requests.get(base + "/", timeout=2)
                    break
                except requests.ConnectionError:
                    assert process.poll() is None, log.read_text()
                    time.sleep(0.5)
            else:
                raise AssertionError("run-site never answered:\n" + log.read_text())

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

            assert front.status_code == 200 and 'lang="fi"' in front.text
            db = store.connect(settings["DATABASE"])
            try:
                samples = store.approved_comments(db)
            finally:
                db.conn.close()
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
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(15)
