"""Development: rebuild the site when an author saves a file under ``content/`` or ``theme/``
while ``make run`` (``run-site``) serves it, as Pelican's own ``--autoreload`` does.

A thread polls the files' modification times (no extra dependency, works on every file system),
waits until the saving has settled, runs the full build and says on the terminal what changed
and what was rebuilt. A broken article (bad metadata, a missing image) is reported in Finnish
from Pelican's own log lines; the comment service keeps running either way.
"""

from __future__ import annotations

import logging
import re
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from comments.site.publish import SiteConfig, build_site

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0
# Pelican's log record: "[12:00:00] WARNING  Message ...   module.py:123"
_PELICAN_RECORD = re.compile(
    r"^\[[\d:]+\]\s+(?P<level>ERROR|WARNING|CRITICAL)\s+(?P<message>.*?)(?:\s{2,}\S+\.py:\d+)?\s*$"
)
_COULD_NOT_PROCESS = re.compile(r"Could not process (?P<path>\S+)")
_MISSING_FILE = re.compile(
    r"(?:Cannot get modification stamp for|Unable to find) [`'\"]?(?P<path>[^`'\"\s,]+)"
)


class SourceWatcher:
    """The files under ``roots`` and their modification times; ``changes`` says which were
    added, changed or removed since the last call."""

    def __init__(self, roots: Iterable[Path]) -> None:
        self.roots = [Path(root) for root in roots]
        self._seen = self._snapshot()

    def changes(self) -> list[Path]:
        """Files added, changed or removed since the last call, sorted."""
        current = self._snapshot()
        every = current.keys() | self._seen.keys()
        changed = {path for path in every if current.get(path) != self._seen.get(path)}
        self._seen = current
        return sorted(changed)

    def _snapshot(self) -> dict[Path, int]:
        stamps = {}
        for root in self.roots:
            for path in root.rglob("*"):
                if path.name.startswith(".") or path.name.endswith("~"):
                    continue  # editors' swap and backup files
                try:
                    if path.is_file():
                        stamps[path] = path.stat().st_mtime_ns
                except OSError:
                    continue  # removed between listing and looking
        return stamps


def watch_roots(config: Mapping[str, Any]) -> list[Path]:
    """What the author edits: the Markdown sources and the theme."""
    site = SiteConfig.from_config(config)
    return [site.content, site.templates.parent]


def start(config: Mapping[str, Any], echo: Callable[[str], None]) -> threading.Event:
    """Watch and rebuild in a daemon thread until the returned event is set."""
    stop = threading.Event()
    watcher = SourceWatcher(watch_roots(config))
    thread = threading.Thread(
        target=watch_and_rebuild,
        args=(config, watcher, echo, stop),
        name="vastine-autoreload",
        daemon=True,
    )
    thread.start()
    return stop


def watch_and_rebuild(
    config: Mapping[str, Any],
    watcher: SourceWatcher,
    echo: Callable[[str], None],
    stop: threading.Event,
    interval: float = POLL_SECONDS,
) -> None:
    """Poll every ``interval`` seconds; after changes, wait for a quiet poll, then rebuild."""
    while not stop.wait(interval):
        changed = watcher.changes()
        if not changed:
            continue
        while (more := watcher.changes()) and not stop.wait(interval / 2):
            changed += more
        try:
            rebuild(config, changed, watcher.roots, echo)
        except Exception:  # the watcher must outlive any one build
            log.exception("rebuild after a change failed unexpectedly")
            echo("Sivuston rakentaminen keskeytyi odottamattomaan virheeseen (katso loki).")


def rebuild(
    config: Mapping[str, Any],
    changed: list[Path],
    roots: Iterable[Path],
    echo: Callable[[str], None],
) -> bool:
    """Build the site after ``changed``; tell the terminal what happened. False on failure."""
    names = ", ".join(_shown(path, roots) for path in dict.fromkeys(changed))
    echo(f"Muuttui: {names}. Rakennetaan sivusto uudelleen…")
    return build_and_report(config, echo)


def build_and_report(config: Mapping[str, Any], echo: Callable[[str], None]) -> bool:
    """A full build whose outcome, and Pelican's warnings, are told in Finnish; a failed build
    leaves the pages as they were and raises nothing. False on failure."""
    started = time.monotonic()
    try:
        output = build_site(config)
    except subprocess.CalledProcessError as error:
        echo("Sivustoa ei voitu rakentaa, joten sivut ovat ennallaan:")
        for problem in pelican_problems(error.output or "") or ["Pelican lopetti virheeseen."]:
            echo(f"  {problem}")
        echo("Korjaa tiedosto ja tallenna se uudelleen. Palvelin on yhä käynnissä.")
        return False
    echo(f"Sivusto rakennettu ({time.monotonic() - started:.1f} s).")
    for problem in pelican_problems(output):
        echo(f"  Huomio: {problem}")
    return True


def pelican_problems(output: str) -> list[str]:
    """Pelican's warnings and errors in ``output``, said in Finnish where we know them."""
    problems = []
    for line in output.splitlines():
        record = _PELICAN_RECORD.match(line)
        if record is None:
            continue
        message = record["message"].strip()
        if match := _COULD_NOT_PROCESS.search(message):
            problems.append(
                f"Artikkelia {match['path']} ei voitu lukea. Tarkista sen metatiedot "
                "(esimerkiksi Date: 2026-11-25 09:00) ja Markdown."
            )
        elif match := _MISSING_FILE.search(message):
            problems.append(
                f"Tiedostoa {match['path']} ei löydy. Tarkista kuvan tai linkin polku "
                "(kuvat kansiossa content/images/)."
            )
        else:
            problems.append(f"Pelican ilmoitti: {message}")
    return list(dict.fromkeys(problems))


def _shown(path: Path, roots: Iterable[Path]) -> str:
    for root in roots:
        if path.is_relative_to(root):
            return str(Path(root.name) / path.relative_to(root))
    return str(path)
