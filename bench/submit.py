"""Comment submissions per second and p50/p99 latency: Vastine's service next to Isso.

Both run under gunicorn with the same number of workers on 127.0.0.1, each with its own SQLite
file and a real SMTP server (aiosmtpd) for its mails, and get the same comments from the same
number of concurrent clients. Every comment comes from its own client address (X-Forwarded-For
through one trusted proxy), so both keep their rate limits on:

- Vastine: every policy check (name, email, civility, ads, illegal content, duplicates, links,
  substance score), form token with its minimum age, rate limits per address and per email,
  confirmation mail over SMTP.
- Isso (installed from PyPI into a virtual environment in a temporary directory): moderation on,
  its guard (rate limit, author and email required) on, notification mail over SMTP.

Usage: .venv/bin/python bench/submit.py [--comments 400] [--clients 8] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import venv
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests
from aiosmtpd.controller import Controller

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT / "tests"))

from service_process import ServiceProcess, free_port  # noqa: E402

from comments.articles import find_article  # noqa: E402
from comments.publish import build_site  # noqa: E402

WARMUP_COMMENTS = 10


@dataclass(frozen=True)
class Comment:
    """One reader's comment, sent identically to both services."""

    name: str
    email: str
    body: str
    client_address: str


@dataclass
class Run:
    """What one service did with the comments."""

    service: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    mails: int = 0

    @property
    def accepted(self) -> int:
        return sum(count for status, count in self.statuses.items() if 200 <= status < 300)

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: int) -> float:
        """The ``p``th percentile latency in milliseconds."""
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=400)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--isso-venv", type=Path, help="reuse an existing virtual environment with isso installed"
    )
    args = parser.parse_args()

    comments = list(make_comments(args.comments + WARMUP_COMMENTS, seed=2024))
    with tempfile.TemporaryDirectory(prefix="vastine-bench-") as temp:
        root = Path(temp)
        isso_venv = args.isso_venv or install_isso(root / "isso-venv")
        site = root / "site"
        build_site(
            {
                "PELICAN_SETTINGS": str(PROJECT_ROOT / "pelicanconf.py"),
                "SITE_OUTPUT": str(site),
                "DATABASE": str(root / "empty.sqlite3"),
                "SERVICE_URL": "",
            }
        )
        slug = next(
            page.parent.name
            for page in sorted(site.glob("*/index.html"))
            if find_article(site, page.parent.name)
        )
        ours = bench_vastine(root / "vastine", site, slug, comments, args.clients, args.workers)
        theirs = bench_isso(root / "isso", isso_venv, slug, comments, args.clients, args.workers)
    report(ours, theirs, args)


# --- the two services ----------------------------------------------------------------------------


def bench_vastine(
    root: Path, site: Path, slug: str, comments: list[Comment], clients: int, workers: int
) -> Run:
    """Vastine under gunicorn with every check on; one form token per client, fetched first."""
    with mail_server() as mail:
        service = ServiceProcess(
            root, site, smtp_port=mail.port, workers=workers, settings={"TRUSTED_PROXY_COUNT": 1}
        )
        with service:
            min_age = 3.0  # the default FORM_MIN_SECONDS: tokens are fetched, then aged
            tokens = [
                requests.get(f"{service.url}/api/comments/form-token", timeout=10).json()["token"]
                for _ in range(clients)
            ]
            time.sleep(min_age + 0.2)
            url = f"{service.url}/api/comments"

            def submit(session: requests.Session, client: int, comment: Comment) -> int:
                payload = {
                    "name": comment.name,
                    "email": comment.email,
                    "website": "",
                    "body": comment.body,
                    "article": slug,
                    "parent": "",
                    "form_token": tokens[client],
                }
                response = session.post(
                    url,
                    json=payload,
                    headers={"X-Forwarded-For": comment.client_address},
                    timeout=30,
                )
                return response.status_code

            run = drive("Vastine", comments, clients, submit)
            run.mails = mail.wait_for(run.accepted, timeout=10)
    return run


def bench_isso(
    root: Path, isso_venv: Path, slug: str, comments: list[Comment], clients: int, workers: int
) -> Run:
    """Isso under gunicorn (``--preload``, as its documentation runs it) with moderation on."""
    root.mkdir(parents=True)
    with mail_server() as mail:
        port = free_port()
        settings = root / "isso.cfg"
        settings.write_text(
            textwrap.dedent(
                f"""\
                [general]
                dbpath = {root / "comments.db"}
                host = http://127.0.0.1:{port}/
                notify = smtp
                reply-notifications = false
                [moderation]
                enabled = true
                [server]
                listen = http://127.0.0.1:{port}
                trusted-proxies = 127.0.0.1
                [smtp]
                host = 127.0.0.1
                port = {mail.port}
                security = none
                to = moderaattori@vastine.example.fi
                from = isso@vastine.example.fi
                [guard]
                enabled = true
                ratelimit = 2
                require-author = true
                require-email = true
                """
            )
        )
        log = (root / "isso.log").open("wb")
        process = subprocess.Popen(
            [
                str(isso_venv / "bin" / "gunicorn"),
                "--workers",
                str(workers),
                "--preload",
                "--bind",
                f"127.0.0.1:{port}",
                "--no-control-socket",
                "isso.run",
            ],
            cwd=root,
            env={"ISSO_SETTINGS": str(settings), "PATH": "/usr/bin:/bin"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_up(f"http://127.0.0.1:{port}/info", process, root / "isso.log")
            url = f"http://127.0.0.1:{port}/new"
            title = slug.replace("-", " ").capitalize()

            def submit(session: requests.Session, client: int, comment: Comment) -> int:
                response = session.post(
                    url,
                    params={"uri": f"/{slug}/"},
                    json={
                        "author": comment.name,
                        "email": comment.email,
                        "website": None,
                        "text": comment.body,
                        "title": title,
                    },
                    headers={"X-Forwarded-For": comment.client_address},
                    timeout=30,
                )
                return response.status_code

            run = drive("Isso", comments, clients, submit)
            run.mails = mail.wait_for(run.accepted, timeout=10)
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
            log.close()
    return run


def install_isso(target: Path) -> Path:
    """A fresh virtual environment with Isso and gunicorn from PyPI."""
    print(f"Installing isso and gunicorn into {target} ...", flush=True)
    venv.EnvBuilder(with_pip=True).create(target)
    subprocess.run(
        [str(target / "bin" / "pip"), "install", "-q", "isso", "gunicorn"],
        check=True,
    )
    return target


def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer:\n{log.read_text(errors='replace')[-3000:]}")


# --- load ---------------------------------------------------------------------------------------


def drive(
    service: str,
    comments: list[Comment],
    clients: int,
    submit: Callable[[requests.Session, int, Comment], int],
) -> Run:
    """Send the warm-up comments, then the rest from ``clients`` threads; time each request."""
    run = Run(service)
    lock = threading.Lock()
    warmup, timed = comments[:WARMUP_COMMENTS], comments[WARMUP_COMMENTS:]
    with requests.Session() as session:
        for comment in warmup:
            submit(session, 0, comment)
    shares = [timed[client::clients] for client in range(clients)]

    def client_loop(client: int) -> None:
        with requests.Session() as session:
            for comment in shares[client]:
                started = time.perf_counter()
                status = submit(session, client, comment)
                elapsed = time.perf_counter() - started
                with lock:
                    run.latencies.append(elapsed)
                    run.statuses[status] = run.statuses.get(status, 0) + 1

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client_loop, range(clients)))
    run.seconds = time.perf_counter() - started
    return run


class _MailCounter:
    def __init__(self) -> None:
        self.port = free_port()
        self.count = 0
        self._arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self._arrived:
            self.count += 1
            self._arrived.notify_all()
        return "250 OK"

    def wait_for(self, count: int, timeout: float) -> int:
        """How many mails arrived, waiting up to ``timeout`` for ``count`` of them."""
        with self._arrived:
            self._arrived.wait_for(lambda: self.count >= count, timeout)
            return self.count


@contextmanager
def mail_server() -> Iterator[_MailCounter]:
    handler = _MailCounter()
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    try:
        yield handler
    finally:
        controller.stop()


# --- the comments -------------------------------------------------------------------------------

GIVEN_NAMES = [
    "Aino", "Eero", "Helmi", "Juha", "Kaisa", "Lauri", "Maija", "Niko", "Oona", "Pekka",
    "Riikka", "Sami", "Tuula", "Veikko", "Anni", "Ilkka", "Johanna", "Markku", "Sanna", "Ville",
]  # fmt: skip
FAMILY_NAMES = [
    "Lehtinen", "Korhonen", "Virtanen", "Mäkelä", "Nieminen", "Heikkinen", "Koskinen",
    "Järvinen", "Salminen", "Laine", "Hämäläinen", "Rantanen", "Karjalainen", "Lindholm",
]  # fmt: skip
OPENINGS = [
    "Hyvä kirjoitus, tunnistan tämän omasta työstäni asiakaspalvelussa.",
    "Olen osittain eri mieltä, vaikka perusajatus on mielestäni oikea.",
    "Kiitos selkeästä jäsennyksestä, tätä on helppo jakaa tiimille.",
    "Tämä herätti ajatuksia, koska olemme juuri uudistamassa palautekanavia.",
]
ARGUMENTS = [
    "Meillä asiakaspolun kartoitus paljasti, että suurin turhautuminen syntyi odottamisesta, "
    "ei itse palvelusta.",
    "Esimerkiksi chatin jonotusaika puolittui, kun vastasimme ensin yleisimpiin kysymyksiin "
    "verkkosivulla.",
    "Kyselyjen vastausprosentti jäi pieneksi, joten yhdistimme numerot ja avoimet vastaukset, "
    "ja kuva muuttui selvästi.",
    "Syy on mielestäni se, että mittari kertoo tyytyväisyydestä mutta ei siitä, mitä pitäisi "
    "tehdä toisin.",
    "Saavutettavuuden korjaukset paransivat palvelua kaikille, eivät vain avustavan "
    "tekniikan käyttäjille.",
    "Itsepalvelu toimii, kun asiakas pääsee aina myös ihmisen luo ilman umpikujaa.",
]
CLOSINGS = [
    "Olisi kiinnostavaa kuulla, miten muut ovat ratkaisseet saman.",
    "Jatkoa odotellessa!",
    "Kokeilemme tätä seuraavaksi omassa yksikössämme.",
    "Tästä aiheesta voisi kirjoittaa toisenkin osan.",
]


def make_comments(count: int, seed: int) -> Iterator[Comment]:
    """``count`` distinct, well-mannered Finnish comments from distinct readers."""
    rng = random.Random(seed)
    for number in range(count):
        given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
        body = " ".join(
            [
                rng.choice(OPENINGS),
                *rng.sample(ARGUMENTS, 2),
                f"Tämä on havaintoni numero {number + 1}.",
                rng.choice(CLOSINGS),
            ]
        )
        address = f"10.{number // 250 % 250}.{number % 250}.7"
        mail = f"{ascii_part(given)}.{ascii_part(family)}.{number}@lukijat-vastine.fi"
        yield Comment(f"{given} {family}", mail, body, address)


def ascii_part(name: str) -> str:
    return name.lower().replace("ä", "a").replace("ö", "o").replace("å", "a")


# --- report -------------------------------------------------------------------------------------


def report(ours: Run, theirs: Run, args: argparse.Namespace) -> None:
    print()
    print(
        f"Comment submissions: {args.comments} comments (+{WARMUP_COMMENTS} warm-up), "
        f"{args.clients} concurrent clients, gunicorn with {args.workers} workers, 127.0.0.1"
    )
    rows = [
        ("submissions/s", ours.per_second, theirs.per_second, "higher is better"),
        ("p50 latency (ms)", ours.percentile(50), theirs.percentile(50), "lower is better"),
        ("p99 latency (ms)", ours.percentile(99), theirs.percentile(99), "lower is better"),
    ]
    print(f"{'':22}{'Vastine':>12}{'Isso':>12}{'Vastine/Isso':>15}")
    for label, mine, other, note in rows:
        ratio = mine / other if other else float("nan")
        print(f"{label:22}{mine:12.1f}{other:12.1f}{ratio:15.2f}   ({note})")
    print(f"{'accepted (2xx)':22}{ours.accepted:12d}{theirs.accepted:12d}")
    print(f"{'mails over SMTP':22}{ours.mails:12d}{theirs.mails:12d}")
    print(f"{'statuses':22}{json.dumps(ours.statuses):>12}{json.dumps(theirs.statuses):>12}")


if __name__ == "__main__":
    main()
