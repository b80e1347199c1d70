"""How the moderation queue page scales: render times with 10,000 pending comments next to a
baseline of 100 pending, measured in the same run through the Flask test client on a real SQLite
file (no network). Prints median milliseconds per view and the ratio to the baseline.

(Not named bench/queue.py: run as a script, that would shadow the standard library's queue.)

Usage: .venv/bin/python bench/moderation_queue.py [--pending 10000] [--baseline 100] [--repeat 15]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from comments import create_app, passwords, store  # noqa: E402

PASSWORD = passwords.random_password()
ARTICLES = ["asiakaspolun-kartoitus", "nps-ja-sen-rajat", "organisaatiosiilot"]


def views(pending: int) -> dict[str, str]:
    middle = max(1, pending // 25 // 2)
    return {
        "ensimmäinen sivu": "/moderointi/",
        f"sivu {middle}": f"/moderointi/?sivu={middle}",
        "riski, vanhimmat": "/moderointi/?jarjestys=risk",
        "havainto-suodatin": "/moderointi/?havainto=civility",
        "artikkeli-suodatin": f"/moderointi/?artikkeli={ARTICLES[1]}",
        "haku": "/moderointi/?haku=esimerkiksi",
    }


def fill(database: str, count: int) -> None:
    db = store.connect(database)
    store.migrate(db)
    stamp = store.now()
    with store.transaction(db) as conn:
        conn.execute(
            "INSERT INTO commenters (email, confirmed_at, created_at) VALUES (?, ?, ?)",
            ["vertailu@example.fi", stamp, stamp],
        )
        commenter = conn.execute("SELECT last_insert_rowid()").fetchone()[0]
        rows = []
        for n in range(count):
            findings = (
                [{"code": "civility.vulgar", "severity": "strong", "message": "Alatyylinen."}]
                if n % 7 == 0
                else []
            )
            body = f"Kommentti {n}: esimerkiksi palautteen käsittely jäi kesken." * (1 + n % 3)
            rows.append(
                (
                    ARTICLES[n % len(ARTICLES)],
                    commenter,
                    "Vertailu Kommentoija",
                    body,
                    f"<p>{body}</p>",
                    json.dumps(findings),
                    n % 100,
                    (n * 7) % 11,
                    f"2026-01-{1 + n % 28:02d}T00:00:00.{n:06d}+00:00",
                    stamp,
                )
            )
        conn.executemany(
            """INSERT INTO comments (article, commenter_id, name, body, html, status, findings,
                   substance, risk, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)""",
            rows,
        )
        conn.execute(
            "INSERT INTO moderators (username, password_hash, role, created_at) VALUES (?,?,?,?)",
            ["vertailu", passwords.hash_password(PASSWORD), "moderator", stamp],
        )
    db.close()


def measure(pending: int, repeat: int, workdir: Path) -> dict[str, float]:
    database = str(workdir / f"queue-{pending}.sqlite3")
    fill(database, pending)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "vertailu",
            "DATABASE": database,
            "SITE_OUTPUT": str(PROJECT_ROOT / "output"),
            "SESSION_COOKIE_SECURE": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    client = app.test_client()
    page = client.get("/moderointi/kirjaudu").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    login = client.post(
        "/moderointi/kirjaudu",
        data={"username": "vertailu", "password": PASSWORD, "csrf_token": token},
    )
    assert login.status_code == 302, login.status_code
    results = {}
    for label, path in views(pending).items():
        assert client.get(path).status_code == 200  # warm-up
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(path)
            samples.append(time.perf_counter() - start)
            assert response.status_code == 200
        results[label] = statistics.median(samples) * 1000
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pending", type=int, default=10_000)
    parser.add_argument("--baseline", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        baseline = measure(args.baseline, args.repeat, Path(tmp))
        large = measure(args.pending, args.repeat, Path(tmp))
    print(f"Moderointijono: mediaani ms / pyyntö ({args.repeat} toistoa)")
    print(f"{'näkymä':<26}{args.baseline:>9} odottaa{args.pending:>10} odottaa{'suhde':>9}")
    for (small_label, small), (big_label, big) in zip(baseline.items(), large.items(), strict=True):
        label = small_label if small_label == big_label else f"{small_label} / {big_label}"
        print(f"{label:<26}{small:>17.1f}{big:>18.1f}{big / small:>8.1f}x")


if __name__ == "__main__":
    main()
