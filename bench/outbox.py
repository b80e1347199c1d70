"""What the durable mail outbox costs and how fast it drains, on a real SQLite file and a real
SMTP server (aiosmtpd on 127.0.0.1), each figure next to a baseline measured in the same run:

- writing: ``store.add_comment`` with its confirmation mail in the same transaction, next to
  the same comment without a mail (rounds alternate, so both see the same machine);
- draining: mails per second sent from the outbox by 2 and 4 senders racing (threads with
  their own connections, as processes would have), next to 1 sender; every mail arrives once.

Usage: .venv/bin/python bench/outbox.py [--comments 2000] [--mails 1000] [--rounds 4]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(PROJECT_ROOT / "tests"))

from service_process import MailSink  # noqa: E402

from comments import store  # noqa: E402
from comments.mail.message import Mail  # noqa: E402
from comments.mail.sender import SenderSettings, send_due  # noqa: E402
from comments.render import render_comment  # noqa: E402
from comments.settings import defaults  # noqa: E402

SENDER = "Vastine <kommentit@vastine.example.fi>"
BODY = "Asiakaspolun kartoitus näytti, missä asiakkaat odottavat turhaan. Esimerkiksi jonossa."
MAIL_TEXT = "Hei,\n\nvahvista osoitteesi avaamalla linkki:\nhttps://vastine.example.fi/x\n" * 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=2000, help="per round and variant")
    parser.add_argument("--mails", type=int, default=1000, help="per drain")
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        writing(Path(tmp), args.comments, args.rounds)
        draining(Path(tmp), args.mails)


def writing(tmp: Path, comments: int, rounds: int) -> None:
    db = store.connect(tmp / "writing.sqlite3")
    store.migrate(db)
    html = render_comment(BODY)
    times: dict[str, list[float]] = {"ilman viestiä": [], "viesti samassa": []}
    for round_number in range(rounds):
        for variant in times if round_number % 2 == 0 else reversed(list(times)):
            with_mail = variant == "viesti samassa"
            started = time.perf_counter()
            for number in range(comments):
                email = f"r{round_number}.{number}.{int(with_mail)}@esimerkki.fi"
                store.add_comment(
                    db,
                    article="asiakaspolku",
                    name="Aino Lehtinen",
                    email=email,
                    body=BODY,
                    html=html,
                    status="pending",
                    mail=_confirmation(email) if with_mail else None,
                )
            times[variant].append((time.perf_counter() - started) / comments * 1000)
    db.close()
    base = statistics.median(times["ilman viestiä"])
    print(f"\nKommentin tallennus ({comments} kommenttia, {rounds} kierrosta, mediaani)")
    print(f"{'':<16} {'ms/kommentti':>13} {'suhde':>7}")
    for variant, samples in times.items():
        median = statistics.median(samples)
        print(f"{variant:<16} {median:>13.3f} {median / base:>6.2f}x")


def draining(tmp: Path, mails: int) -> None:
    rates: dict[int, float] = {}
    with MailSink() as sink:
        for senders in (1, 2, 4):
            path = tmp / f"drain-{senders}.sqlite3"
            db = store.connect(path)
            store.migrate(db)
            for number in range(mails):
                mail = Mail.new(
                    SENDER, f"lukija{number}@esimerkki.fi", f"Viesti {number}", MAIL_TEXT
                )
                store.queue_mail(db, **mail.to_outbox())
            sink.clear()
            settings = _settings(path, sink.port)
            started = time.perf_counter()
            _race(path, settings, senders)
            elapsed = time.perf_counter() - started
            received = Counter(str(message["Subject"]) for message in sink.messages)
            if received != Counter(f"Viesti {number}" for number in range(mails)):
                raise SystemExit(f"{senders} senders: not every mail arrived exactly once")
            rates[senders] = mails / elapsed
            db.close()
    print(f"\nJonon tyhjennys ({mails} viestiä aiosmtpd:lle, jokainen perillä kerran)")
    print(f"{'lähettäjiä':<11} {'viestiä/s':>10} {'suhde':>7}")
    for senders, rate in rates.items():
        print(f"{senders:<11} {rate:>10.0f} {rate / rates[1]:>6.2f}x")


def _confirmation(email: str):
    return lambda comment_id: Mail.new(SENDER, email, "Vahvista", MAIL_TEXT).to_outbox()


def _settings(path: Path, port: int) -> SenderSettings:
    config = defaults(Path(tempfile.gettempdir()), PROJECT_ROOT)
    config |= {"DATABASE": str(path), "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port}
    return SenderSettings.from_config(config)


def _race(path: Path, settings: SenderSettings, senders: int) -> None:
    start = threading.Barrier(senders)

    def run(name: str) -> None:
        db = store.connect(path)
        try:
            start.wait()
            send_due(db, settings, name)
        finally:
            db.close()

    threads = [threading.Thread(target=run, args=(f"bench-{n}",)) for n in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


if __name__ == "__main__":
    main()
