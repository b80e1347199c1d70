"""Approved comments into the static site.

One renderer, two paths:

- ``comments.site.comment_block.render_comment_block`` renders an article's comment block from the
  theme's ``comment_block.html``. The Pelican plugin (``plugins/comment_threads``) and the fast
  path call it with the same inputs, so both give byte-identical pages.
- ``publish_article_comments(slug)`` is the fast path: it re-renders one article's block, swaps it
  between the markers of the built page (temporary file + ``os.replace``) and schedules a debounced
  full build that brings counts and listings up to date.
- ``build_site(config)`` is the full build: Pelican in a child process (its signals are
  process-global), into a temporary directory next to the output, swapped in file by file.

Why pages are never half-written and no publication is lost
-----------------------------------------------------------
Every write of an article page, by either path, happens under the site's publish lock
(``publish_locks.py``: an exclusive ``flock`` on ``.<output>.publish.lock`` next to the output
directory, across threads and gunicorn workers; with a PostgreSQL store an advisory lock in the
database, across hosts). The fast path reads the store *inside* that lock, so two concurrent
publications of one article cannot overwrite each other with an older state.

A full build marks itself running by opening a journal (``.<output>.publish-journal``, or rows in
the PostgreSQL store); while it is open, the fast path appends the slugs it publishes to it. Pelican
then builds into a temporary directory. Files other than article pages (listings, feeds, static
files) are moved into the output one by one with ``os.replace``. Then each article page is moved in
while holding the publish lock (taken per page); if the journal names that article, its block in the
fresh page is first re-rendered from the current store. Finally the journal is removed. So a comment
approved while Pelican ran (after its snapshot of the store) is in the page the build puts in place,
a fast publication waits for one file move at most, and a reader always gets a complete file. A
second lock (``.<output>.build.lock``, or another advisory lock) keeps to one full build at a time
across processes (and hosts).
Files a new build no longer produces stay in the output (as with Pelican's own default).

In this process, ``BuildScheduler`` runs at most one build at a time in a background thread:
requests arriving during a build coalesce into one more build after it, each waiting
``PUBLISH_DEBOUNCE_SECONDS`` of quiet (but never more than ``_MAX_DEBOUNCE_FACTOR`` times that).
``PUBLISH_FULL_BUILD = False`` turns the background build off (benchmarks, tests that don't need
it). Durability against power loss is left to the next full build: the fast path does not fsync.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from comments import store
from comments.site.articles import END_MARKER, START_MARKER, article_page, find_article
from comments.site.comment_block import render_comment_block
from comments.site.feeds import rewrite_feeds
from comments.site.publish_locks import DatabaseLocks, FileLocks, site_locks

log = logging.getLogger(__name__)

_START = START_MARKER.encode()
_END = END_MARKER.encode()
_MAX_DEBOUNCE_FACTOR = 5


def publish_article_comments(slug: str) -> None:
    """Put the approved comments of article ``slug`` into its built page now, then schedule a
    full build. Call inside an app context after any change to what is published for an article.
    Never raises: on any problem it logs why and relies on the full build."""
    from flask import current_app, has_app_context

    if not has_app_context():
        log.error("publish_article_comments(%r) called outside an app context", slug)
        return
    config = current_app.config
    try:
        site = SiteConfig.from_config(config)
        problem = republish_page(site, slug)
    except Exception:
        log.exception("fast publication of %r failed; falling back to a full build", slug)
        problem = "error"
    else:
        if problem:
            log.warning(
                "fast publication of %r not possible (%s); full build instead", slug, problem
            )
    try:
        if config.get("PUBLISH_FULL_BUILD", True):
            schedule_build(config, immediately=problem is not None)
    except Exception:
        log.exception("could not schedule a full build after publishing %r", slug)


@dataclass(frozen=True)
class SiteConfig:
    """What publishing needs to know of the site, taken from the app config."""

    output: Path
    database: str
    templates: Path
    service_url: str
    pelican_settings: Path
    close_after_days: int = 0
    site_url: str = ""

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SiteConfig:
        from comments import PROJECT_ROOT

        settings = Path(config.get("PELICAN_SETTINGS") or PROJECT_ROOT / "pelicanconf.py")
        return cls(
            output=Path(config["SITE_OUTPUT"]).resolve(),
            database=str(config["DATABASE"]),
            templates=Path(config.get("THEME_TEMPLATES") or PROJECT_ROOT / "theme" / "templates"),
            service_url=config.get("SERVICE_URL") or "",
            pelican_settings=settings,
            close_after_days=int(config.get("COMMENTS_CLOSE_AFTER_DAYS") or 0),
            site_url=config.get("SITE_URL") or "",
        )

    @property
    def content(self) -> Path:
        """The Markdown sources: ``content/`` next to the Pelican settings."""
        return self.pelican_settings.parent / "content"

    def locks(self) -> FileLocks | DatabaseLocks:
        """This site's publish and build locks and its build journal (publish_locks.py)."""
        return site_locks(self.output, self.database)


def republish_page(site: SiteConfig, slug: str) -> str | None:
    """The fast path without the build: re-render the block of ``slug`` in the live output from
    the store. Returns None when done, else why it could not be done."""
    locks = site.locks()
    with locks.publish_lock():
        problem = _rewrite_block(site, site.output, slug)
        if problem is None:
            rewrite_feeds(site.output, site.database, site.site_url, {slug})
        if article_page(site.output, slug) is not None:
            locks.note(slug)
    return problem


def build_site(config: Mapping[str, Any]) -> str:
    """A full Pelican build of the site into ``SITE_OUTPUT`` (see the module docstring for how
    it is swapped in without half-written pages or lost fast-path publications); returns what
    Pelican printed (its warnings included). A failed build raises CalledProcessError."""
    site = SiteConfig.from_config(config)
    site.output.parent.mkdir(parents=True, exist_ok=True)
    locks = site.locks()
    with locks.build_lock():
        _remove_stale_builds(site)
        with locks.publish_lock():
            locks.open_journal()
        staging = Path(
            tempfile.mkdtemp(dir=site.output.parent, prefix=f".{site.output.name}.build-")
        )
        try:
            output = _run_pelican(site, staging)
            _move_in(site, staging, locks)
        finally:
            locks.close_journal()
            shutil.rmtree(staging, ignore_errors=True)
    return output


def schedule_build(config: Mapping[str, Any], immediately: bool = False) -> None:
    """Ask for a debounced full build of this site in the background."""
    key = str(Path(config["SITE_OUTPUT"]).resolve())
    with _schedulers_lock:
        scheduler = _schedulers.get(key)
        if scheduler is None:
            scheduler = _schedulers[key] = BuildScheduler()
    delay = 0.0 if immediately else float(config.get("PUBLISH_DEBOUNCE_SECONDS", 2.0))
    scheduler.request(dict(config), delay)


def wait_for_builds(output_dir: str | Path, timeout: float = 120.0) -> bool:
    """Block until no full build of this site is scheduled or running; False on timeout."""
    with _schedulers_lock:
        scheduler = _schedulers.get(str(Path(output_dir).resolve()))
    return scheduler is None or scheduler.wait_idle(timeout)


class BuildScheduler:
    """One site's background builds: at most one at a time, requests during a build coalesce
    into one more build after it, each after a quiet period (debounce)."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._config: dict[str, Any] | None = None
        self._due = 0.0
        self._deadline = 0.0
        self._building = False
        self._thread: threading.Thread | None = None
        self.builds = 0

    def request(self, config: dict[str, Any], delay: float) -> None:
        """A build with ``config`` after ``delay`` seconds of quiet (0: as soon as possible)."""
        with self._changed:
            now = time.monotonic()
            if self._config is None:
                self._deadline = now + delay * _MAX_DEBOUNCE_FACTOR
                self._due = now + delay
            elif delay <= 0:
                self._due = now
            else:
                self._due = min(max(self._due, now + delay), self._deadline)
            self._config = config
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="vastine-site-build", daemon=True
                )
                self._thread.start()
            self._changed.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(
                lambda: self._config is None and not self._building, timeout
            )

    def _run(self) -> None:
        while True:
            with self._changed:
                while self._config is not None and time.monotonic() < self._due:
                    self._changed.wait(self._due - time.monotonic())
                config = self._config
                if config is None:
                    self._thread = None
                    self._changed.notify_all()
                    return
                self._config = None
                self._building = True
            try:
                build_site(config)
                self.builds += 1
            except Exception:
                log.exception("background full build of %s failed", config.get("SITE_OUTPUT"))
            finally:
                with self._changed:
                    self._building = False
                    self._changed.notify_all()


_schedulers: dict[str, BuildScheduler] = {}
_schedulers_lock = threading.Lock()
_children: set[subprocess.Popen] = set()


def _rewrite_block(site: SiteConfig, output: Path, slug: str) -> str | None:
    """Swap the block of ``slug``'s page under ``output`` for a fresh render from the store.
    The caller holds the publish lock."""
    page = article_page(output, slug)
    if page is None:
        return "malformed slug"
    if not page.is_file():
        return f"no built page {page}"
    article = find_article(output, slug)
    if article is None:
        return f"no comment block with slug {slug!r} in {page}"
    content = page.read_bytes()
    start = content.find(_START)
    end = content.find(_END, start)
    if start < 0 or end < 0:
        return f"comment markers not found in {page}"
    rows = _approved_comments(site.database, slug)
    block = render_comment_block(article, rows, site.templates, site.service_url).encode()
    _replace_file(page, content[: start + len(_START)] + block + content[end:])
    return None


def _approved_comments(database: str, slug: str) -> list[store.Row]:
    if not store.exists(database):
        return []
    with store.reading(database) as db:
        return store.approved_comments(db, slug)


def _replace_file(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` atomically, keeping its mode."""
    mode = stat.S_IMODE(path.stat().st_mode)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _run_pelican(site: SiteConfig, destination: Path) -> str:
    command = [
        sys.executable,
        "-m",
        "pelican",
        str(site.content),
        "-s",
        str(site.pelican_settings),
        "-o",
        str(destination),
        "-e",
        f"COMMENTS_DATABASE={json.dumps(site.database)}",
        f"COMMENTS_SERVICE_URL={json.dumps(site.service_url)}",
        f"COMMENTS_CLOSE_AFTER_DAYS={site.close_after_days}",
        f"COMMENTS_SITE_URL={json.dumps(site.site_url)}",
        "--fatal",
        "errors",
    ]
    log.info("full build: %s", " ".join(command))
    child = subprocess.Popen(
        command,
        cwd=site.pelican_settings.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=os.environ | {"COLUMNS": "400"},  # one log record per line, for people to read
    )
    _children.add(child)
    try:
        output, _ = child.communicate()
    finally:
        _children.discard(child)
    if child.returncode != 0:
        log.error("Pelican failed (exit %s):\n%s", child.returncode, output[-4000:])
        raise subprocess.CalledProcessError(child.returncode, command, output)
    log.info("full build done: %s", output.strip().splitlines()[-1:] or "")
    return output


def _move_in(site: SiteConfig, staging: Path, locks: FileLocks | DatabaseLocks) -> None:
    """Move the fresh build into the live output: everything but article pages first; then each
    article page under the publish lock, re-rendered first if the fast path published it since
    the build began. The lock is taken per page, so a fast publication waits for one file move
    at most, not for the whole build."""
    site.output.mkdir(parents=True, exist_ok=True)
    article_pages: list[Path] = []
    for relative in _files(staging):
        if article_page(staging, relative.parent.name) == staging / relative:
            article_pages.append(relative)
        else:
            _move(staging, site.output, relative)
    published: set[str] = set()
    for relative in article_pages:
        slug = relative.parent.name
        with locks.publish_lock():
            published |= locks.new_entries()
            if slug in published:
                problem = _rewrite_block(site, staging, slug)
                if problem:
                    log.warning(
                        "could not carry the publication of %r into the build: %s", slug, problem
                    )
            _move(staging, site.output, relative)
    with locks.publish_lock():
        published |= locks.new_entries()
        # The feeds were moved in first: carry later publications into them too.
        rewrite_feeds(site.output, site.database, site.site_url, published)
        locks.close_journal()
    if published:
        log.info("fast publications carried into the build: %s", ", ".join(sorted(published)))


def _files(root: Path) -> Iterator[Path]:
    for directory, _, names in os.walk(root):
        for name in names:
            yield Path(directory, name).relative_to(root)


def _move(source_root: Path, target_root: Path, relative: Path) -> None:
    target = target_root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source_root / relative, target)


def _remove_stale_builds(site: SiteConfig) -> None:
    """Staging directories left by a build that was killed (the build lock is held)."""
    for stale in site.output.parent.glob(f".{site.output.name}.build-*"):
        shutil.rmtree(stale, ignore_errors=True)


@atexit.register
def _stop_children() -> None:
    """Don't leave a background Pelican build running after this process exits."""
    for child in list(_children):
        child.terminate()
