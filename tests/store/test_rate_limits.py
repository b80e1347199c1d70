"""Rate-limit counts kept in the comment store (comments/rate_limit_storage.py): exact across
processes, windows that end, no address in the file, and the limit holding under gunicorn with
several workers (flask-limiter's memory storage gave each worker its own count)."""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import requests
from service_process import MailSink, ServiceProcess
from test_load import submission

from comments import store
from comments.public.pages import MESSAGES
from comments.rate_limit_storage import StoreStorage, storage_uri
from comments.site.finnish_dates import format_wait

KEY = "LIMITER/192.0.2.77/submit-ip/10/1/minute"


def storage(database: str) -> StoreStorage:
    db = store.connect(database)
    store.migrate(db)
    db.close()
    return StoreStorage(storage_uri(database), key_secret="testisalaisuus")


def hit_many(database: str, times: int) -> int:
    counter = StoreStorage(storage_uri(database), key_secret="testisalaisuus")
    for _ in range(times):
        counter.incr(KEY, 60)
    return times


def test_hits_count_within_a_window_and_start_over_after_it(store_url):
    counter = storage(store_url)
    assert counter.get(KEY) == 0
    assert [counter.incr(KEY, 1) for _ in range(3)] == [1, 2, 3]
    assert counter.incr(KEY, 1, amount=2) == 5
    assert counter.get(KEY) == 5
    assert time.time() < counter.get_expiry(KEY) <= time.time() + 1
    time.sleep(1.1)
    assert counter.get(KEY) == 0
    assert counter.incr(KEY, 1) == 1


def test_clear_forgets_one_key_and_reset_all(store_url):
    counter = storage(store_url)
    counter.incr(KEY, 60)
    counter.incr("toinen", 60)
    counter.clear(KEY)
    assert (counter.get(KEY), counter.get("toinen")) == (0, 1)
    counter.reset()
    assert counter.get("toinen") == 0
    assert counter.check()


def test_processes_sharing_the_store_lose_no_hit(store_url):
    counter = storage(store_url)
    with ProcessPoolExecutor(max_workers=4) as pool:
        done = sum(pool.map(hit_many, [store_url] * 4, [150] * 4))
    assert counter.get(KEY) == done == 600


def test_no_address_or_email_reaches_the_store(store_url):
    counter = storage(store_url)
    counter.incr(KEY, 60)
    counter.incr("LIMITER/aino.lehtinen@esimerkki.fi/submit-email", 60)
    db = store.connect(store_url)
    try:
        content = repr(db.rows("rate_limits")).encode()
    finally:
        db.close()
    if not store.is_postgresql(store_url):
        content += Path(store_url).read_bytes() + Path(f"{store_url}-wal").read_bytes()
    assert b"192.0.2.77" not in content and b"aino.lehtinen" not in content
    assert len(content) > 100
    other_secret = StoreStorage(storage_uri(store_url), key_secret="toinen")
    assert other_secret.get(KEY) == 0  # keyed: the hash can't be recomputed without the secret


def test_the_app_keeps_its_counts_in_its_store(make_app, tmp_path):
    app = make_app()
    assert app.config["RATELIMIT_STORAGE_URI"] == storage_uri(app.config["DATABASE"])
    assert make_app(RATELIMIT_STORAGE_URI="memory://").config["RATELIMIT_STORAGE_URI"] == (
        "memory://"
    )


def test_expired_windows_are_purged(runner, app):
    counter = StoreStorage(storage_uri(app.config["DATABASE"]), key_secret="x")
    counter.incr("vanha", 1)
    counter.incr("voimassa", 3600)
    time.sleep(1.1)
    assert "Poistettiin" in runner.invoke(args=["purge"]).output
    db = store.connect(app.config["DATABASE"])
    try:
        assert db.count("rate_limits") == 1
    finally:
        db.close()


def test_the_limit_holds_across_gunicorn_workers(tmp_path, built_site, store_url):
    """Four workers, a limit of 5 submissions a minute per address, 24 submissions at once from
    one address: exactly 5 are taken, the rest get 429 with a Finnish message."""
    settings = {
        "DATABASE": store_url,
        "FORM_MIN_SECONDS": 0,
        "RATELIMIT_SUBMIT_PER_IP": "5 per minute",
        "RATELIMIT_SUBMIT_PER_EMAIL": "100 per minute",
        "PUBLISH_FULL_BUILD": False,
    }
    with MailSink() as mail:
        service = ServiceProcess(
            tmp_path / "service", built_site, smtp_port=mail.port, workers=4, settings=settings
        )
        with service:
            token = requests.get(f"{service.url}/api/comments/form-token", timeout=10).json()
            slug = "asiakaspolun-kartoitus"

            def post(number: int) -> requests.Response:
                data = submission("raja", number, slug, token["token"])
                return requests.post(f"{service.url}/api/comments", json=data, timeout=60)

            with ThreadPoolExecutor(max_workers=12) as pool:
                responses = list(pool.map(post, range(24)))

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [201] * 5 + [429] * 19
    refused = next(response for response in responses if response.status_code == 429)
    seconds = int(refused.headers["Retry-After"])  # the wait left of the minute's window
    assert 0 < seconds <= 60
    wait = format_wait(seconds)
    assert refused.json()["errors"] == {"form": MESSAGES["rate_limited"].format(wait=wait)}
