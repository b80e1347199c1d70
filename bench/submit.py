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

With ``--store postgresql`` the comparison is Vastine with itself instead: its SQLite store (the
baseline), one instance on PostgreSQL, and two instances (as two hosts would be) on one
PostgreSQL, each ratio against SQLite. The PostgreSQL server is Debian's, started for the run
(tests/postgres.py, ``durable``: fsync on, ``synchronous_commit`` off, like SQLite's WAL with
``synchronous = NORMAL``); the two instances share the machine's two cores with it and the
clients, so their ratio says what a second host costs here, not what one gains.

Usage: .venv/bin/python bench/submit.py [--comments 400] [--clients 8] [--workers 2]
                                        [--store sqlite|postgresql]
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
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests
from aiosmtpd.controller import Controller

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT / "tests"))

from postgres import PostgresServer  # noqa: E402
from service_process import ServiceProcess, free_port  # noqa: E402

from comments.site.articles import find_article  # noqa: E402
from comments.site.publish import build_site  # noqa: E402

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


@dataclass
class Target:
    """A running service the clients submit to, and the SMTP server it mails to."""

    name: str
    submit: Callable[[requests.Session, int, Comment], int]
    mail: _MailCounter
    runs: list[Run] = field(default_factory=list)

    def merged(self) -> Run:
        """All rounds as one run."""
        merged = Run(self.name)
        for run in self.runs:
            merged.seconds += run.seconds
            merged.latencies += run.latencies
            for status, count in run.statuses.items():
                merged.statuses[status] = merged.statuses.get(status, 0) + count
        merged.mails = self.mail.count
        return merged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=300, help="per round and service")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--isso-venv", type=Path, help="reuse an existing virtual environment with isso installed"
    )
    parser.add_argument(
        "--store",
        choices=["sqlite", "postgresql"],
        default="sqlite",
        help="postgresql: Vastine on SQLite, on PostgreSQL and on two instances, instead of Isso",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="vastine-bench-") as temp:
        root = Path(temp)
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
        if args.store == "postgresql":
            compare_stores(root, site, slug, args)
            return
        isso_venv = args.isso_venv or install_isso(root / "isso-venv")
        with (
            vastine(root / "vastine", site, slug, args.clients, args.workers) as ours,
            isso(root / "isso", isso_venv, slug, args.workers) as theirs,
        ):
            run_rounds([ours, theirs], args)
            report(ours, theirs, args)


def compare_stores(root: Path, site: Path, slug: str, args: argparse.Namespace) -> None:
    """Vastine on SQLite, on PostgreSQL, and as two instances on one PostgreSQL."""
    clients, workers = args.clients, args.workers
    pg = "PostgreSQL"
    with (
        PostgresServer(durable=True) as server,
        vastine(root / "sqlite", site, slug, clients, workers, name="SQLite") as on_sqlite,
        vastine(root / "pg", site, slug, clients, workers, server.new_database(), 1, pg) as on_pg,
        vastine(
            root / "pg2", site, slug, clients, workers, server.new_database(), 2, "PG 2 inst."
        ) as on_two,
    ):
        targets = [on_sqlite, on_pg, on_two]
        run_rounds(targets, args)
        report_stores(targets, args)


def run_rounds(targets: list[Target], args: argparse.Namespace) -> None:
    """Every round's comments to every target; the order rotates each round, so that none
    always meets a warmer machine. Waits for each target's mails at the end."""
    per_round = args.comments + WARMUP_COMMENTS
    for number in range(args.rounds):
        comments = list(make_comments(range(number * per_round, (number + 1) * per_round)))
        shift = number % len(targets)
        for target in targets[shift:] + targets[:shift]:
            target.runs.append(drive(target.name, comments, args.clients, target.submit))
    for target in targets:
        expected = sum(run.accepted + WARMUP_COMMENTS for run in target.runs)
        target.mail.wait_for(expected, timeout=10)


# --- the two services ----------------------------------------------------------------------------


@contextmanager
def vastine(
    root: Path,
    site: Path,
    slug: str,
    clients: int,
    workers: int,
    database: str | None = None,
    instances: int = 1,
    name: str = "Vastine",
) -> Iterator[Target]:
    """Vastine under gunicorn with every check on (``instances`` of it on one ``database``,
    its own SQLite file by default, each client always talking to the same instance); one form
    token per client, fetched first."""
    settings = {"TRUSTED_PROXY_COUNT": 1} | ({"DATABASE": database} if database else {})
    with mail_server() as mail, ExitStack() as running:
        services = [
            running.enter_context(
                ServiceProcess(
                    root / f"instance-{n}", site, smtp_port=mail.port, workers=workers,
                    settings=settings,
                )
            )
            for n in range(instances)
        ]  # fmt: skip
        min_age = 3.0  # the default FORM_MIN_SECONDS: tokens are fetched, then aged
        urls = [f"{services[n % instances].url}/api/comments" for n in range(clients)]
        tokens = [requests.get(f"{url}/form-token", timeout=10).json()["token"] for url in urls]
        time.sleep(min_age + 0.2)

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
                urls[client],
                json=payload,
                headers={"X-Forwarded-For": comment.client_address},
                timeout=30,
            )
            return response.status_code

        yield Target(name, submit, mail)


@contextmanager
def isso(root: Path, isso_venv: Path, slug: str, workers: int) -> Iterator[Target]:
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

            yield Target("Isso", submit, mail)
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
            log.close()


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


def make_comments(numbers: range) -> Iterator[Comment]:
    """Distinct, well-mannered Finnish comments from distinct readers and addresses, the same
    for the same ``numbers``."""
    for number in numbers:
        rng = random.Random(number)
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


def report(ours: Target, theirs: Target, args: argparse.Namespace) -> None:
    mine, other = ours.merged(), theirs.merged()
    print()
    print(
        f"Comment submissions: {args.rounds} rounds of {args.comments} comments "
        f"(+{WARMUP_COMMENTS} warm-up each) per service, {args.clients} concurrent clients, "
        f"gunicorn with {args.workers} workers, 127.0.0.1; the rounds alternate who goes first"
    )
    rows = [
        ("submissions/s", mine.per_second, other.per_second, "higher is better"),
        ("p50 latency (ms)", mine.percentile(50), other.percentile(50), "lower is better"),
        ("p99 latency (ms)", mine.percentile(99), other.percentile(99), "lower is better"),
    ]
    print(f"{'':22}{'Vastine':>12}{'Isso':>12}{'Vastine/Isso':>15}")
    for label, a, b, note in rows:
        ratio = a / b if b else float("nan")
        print(f"{label:22}{a:12.1f}{b:12.1f}{ratio:15.2f}   ({note})")
    rounds = [a.per_second / b.per_second for a, b in zip(ours.runs, theirs.runs, strict=True)]
    print(f"{'per-round ratio':22}{'':24}{'  '.join(f'{r:.2f}' for r in rounds):>15}")
    print(f"{'accepted (2xx)':22}{mine.accepted:12d}{other.accepted:12d}")
    print(f"{'mails over SMTP':22}{mine.mails:12d}{other.mails:12d}")
    print(f"{'statuses':22}{json.dumps(mine.statuses):>12}  {json.dumps(other.statuses):>12}")


def report_stores(targets: list[Target], args: argparse.Namespace) -> None:
    """Each target's figures, and each ratio against the first (SQLite) measured in this run."""
    runs = [target.merged() for target in targets]
    print()
    print(
        f"Comment submissions by store: {args.rounds} rounds of {args.comments} comments "
        f"(+{WARMUP_COMMENTS} warm-up each) per target, {args.clients} concurrent clients, "
        f"gunicorn with {args.workers} workers per instance, 127.0.0.1; the order rotates"
    )
    print(f"{'':22}" + "".join(f"{run.service:>13}" for run in runs) + "   ratios to SQLite")
    rows = [
        ("submissions/s", lambda run: run.per_second, "higher is better"),
        ("p50 latency (ms)", lambda run: run.percentile(50), "lower is better"),
        ("p99 latency (ms)", lambda run: run.percentile(99), "lower is better"),
    ]
    for label, figure, note in rows:
        values = [figure(run) for run in runs]
        ratios = "  ".join(f"{value / values[0]:.2f}" for value in values[1:])
        print(f"{label:22}" + "".join(f"{value:13.1f}" for value in values) + f"   {ratios}")
        print(f"{'':22}({note})")
    for index, target in enumerate(targets[1:], start=1):
        per_round = [
            mine.per_second / base.per_second
            for mine, base in zip(target.runs, targets[0].runs, strict=True)
        ]
        label = f"per-round {runs[index].service}/SQLite"
        print(f"{label:34}" + "  ".join(f"{r:.2f}" for r in per_round))
    print(f"{'accepted (2xx)':22}" + "".join(f"{run.accepted:13d}" for run in runs))
    print(f"{'mails over SMTP':22}" + "".join(f"{run.mails:13d}" for run in runs))
    print(f"{'statuses':22}" + "  ".join(json.dumps(run.statuses) for run in runs))


if __name__ == "__main__":
    main()
