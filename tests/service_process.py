"""The real comment service in its own process: gunicorn on 127.0.0.1, a free port, its own
SQLite file, its own copy of the built site and its own settings (``VASTINE_*`` environment
variables, which override any ``instance/config.py``).

Example::

    with ServiceProcess(tmp_path, built_site, smtp_port=mail.port) as service:
        requests.get(service.url + "/api/comments/form-token")
"""

from __future__ import annotations

import contextlib
import ctypes
import email
import email.policy
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import requests
from aiosmtpd.controller import Controller

from comments import PROJECT_ROOT, passwords, store

GUNICORN = Path(sys.executable).parent / "gunicorn"
START_TIMEOUT_SECONDS = 30.0
STOP_TIMEOUT_SECONDS = 10.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MailSink:
    """An aiosmtpd server on 127.0.0.1 (on ``port``, or a free one) that keeps every message
    (and its envelope); used by the tests' ``mail_server`` fixture, module-scoped service
    fixtures and bench/."""

    def __init__(self, port: int | None = None) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list = []
        self._arrived = threading.Condition()
        self.port = port or free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._arrived:
            self.envelopes.append(envelope)
            self.messages.append(message)
            self._arrived.notify_all()
        return "250 OK"

    def clear(self) -> None:
        """Forget the messages received so far."""
        with self._arrived:
            self.messages.clear()
            self.envelopes.clear()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[email.message.EmailMessage]:
        """Block until at least ``count`` messages have arrived; returns them all."""
        with self._arrived:
            self._arrived.wait_for(lambda: len(self.messages) >= count, timeout)
            return list(self.messages)

    def to(self, address: str, timeout: float = 0.0) -> list[email.message.EmailMessage]:
        """The messages sent to ``address``, waiting up to ``timeout`` for the first one."""

        def sent() -> list[email.message.EmailMessage]:
            return [m for m in self.messages if address in str(m.get("To", ""))]

        with self._arrived:
            self._arrived.wait_for(sent, timeout)
            return sent()

    def __enter__(self) -> MailSink:
        self._controller.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._controller.stop()


class ServiceProcess:
    """gunicorn serving ``comments:create_app()`` (and, on the same origin, the built site).

    ``root`` holds everything the service writes: ``comments.sqlite3`` (unless ``settings`` name
    another DATABASE, e.g. PostgreSQL), ``output/`` (a copy of
    ``built_site``), ``outbox/`` and ``service.log`` (gunicorn's and the app's log).
    """

    def __init__(
        self,
        root: Path,
        built_site: Path,
        *,
        smtp_port: int | None = None,
        workers: int = 2,
        settings: dict[str, Any] | None = None,
    ) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        # the store: ``comments.sqlite3`` in ``root`` unless ``settings`` name a DATABASE
        self.database = str((settings or {}).get("DATABASE") or self.root / "comments.sqlite3")
        self.output = self.root / "output"
        self.log_path = self.root / "service.log"
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        if not self.output.exists():
            shutil.copytree(built_site, self.output)
        self.settings: dict[str, Any] = {
            "SECRET_KEY": "service-process-secret-key",
            "DATABASE": str(self.database),
            "SITE_OUTPUT": str(self.output),
            "SITE_URL": self.url,
            "SERVICE_URL": "",
            "MAIL_OUTBOX": str(self.root / "outbox"),
            "SESSION_COOKIE_SECURE": False,
            "EMAIL_CHECK_DELIVERABILITY": False,
            "PUBLISH_DEBOUNCE_SECONDS": 0.5,
        }
        if smtp_port is not None:
            self.settings |= {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp_port}
        self.settings |= settings or {}
        self._process: subprocess.Popen | None = None
        self._log = None
        db = store.connect(self.database)
        try:
            store.migrate(db)
        finally:
            db.close()

    # --- lifecycle -------------------------------------------------------------------------------

    def start(self) -> ServiceProcess:
        """Start gunicorn and wait until it answers; raises with the log if it does not."""
        env = {key: value for key, value in os.environ.items() if not key.startswith("VASTINE_")}
        env |= {f"VASTINE_{key}": json.dumps(value) for key, value in self.settings.items()}
        env["PYTHONUNBUFFERED"] = "1"
        self._log = self.log_path.open("ab")
        command = [
            str(GUNICORN),
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--graceful-timeout",
            "3",
            "--timeout",
            "60",
            "--no-control-socket",
            "--capture-output",
            "--log-level",
            "info",
            "comments:create_app()",
        ]
        # Its own session: the master and its workers form one process group we can signal.
        self._process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_terminate_with_parent,
        )
        self._wait_until_ready()
        return self

    def stop(self) -> None:
        """SIGTERM the process group, SIGKILL what is left after a grace period."""
        if self._process is None:
            return
        self._signal(signal.SIGTERM)
        try:
            self._process.wait(STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self._signal(signal.SIGKILL)
            self._process.wait(STOP_TIMEOUT_SECONDS)
        self._reap_group()
        self._close()

    def kill(self) -> None:
        """SIGKILL the master and every worker at once: a crash, no clean shutdown."""
        if self._process is None:
            return
        self._signal(signal.SIGKILL)
        self._process.wait(STOP_TIMEOUT_SECONDS)
        self._reap_group()
        self._close()

    def restart(self) -> ServiceProcess:
        """Stop (if running) and start again on the same port, database and site."""
        self.stop()
        return self.start()

    def __enter__(self) -> ServiceProcess:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- inspection ------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def log_text(self) -> str:
        """Everything gunicorn and the app have logged so far."""
        if not self.log_path.exists():
            return ""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def connect(self):
        """A fresh connection to the service's store (close it when done)."""
        return store.connect(self.database)

    def add_moderator(self, username: str, password: str, role: str = "moderator") -> int:
        """Create a moderator account directly in the store."""
        db = self.connect()
        try:
            return store.add_moderator(
                db, username, passwords.hash_password(password), role, actor="test"
            )
        finally:
            db.close()

    # --- internals -------------------------------------------------------------------------------

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                self._close()
                raise RuntimeError(f"service exited at start:\n{self.log_text()[-4000:]}")
            try:
                if requests.get(self.url + "/", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"service did not answer in time:\n{self.log_text()[-4000:]}")

    def _signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._process.pid, signum)

    def _reap_group(self) -> None:
        """Workers orphaned by a killed master still belong to the group: make sure they go."""
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            try:
                os.killpg(self._process.pid, 0)
            except ProcessLookupError:
                return
            os.killpg(self._process.pid, signal.SIGKILL)
            time.sleep(0.05)

    def _close(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None
        self._process = None


def _terminate_with_parent() -> None:
    """In the child before exec: SIGTERM gunicorn's master when the test process dies, even by
    SIGKILL, so that an interrupted run leaves no service behind (Linux's PR_SET_PDEATHSIG)."""
    pr_set_pdeathsig = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
