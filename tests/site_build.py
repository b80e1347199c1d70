"""A real Pelican build of the site for tests, in this process, with its log checked.

`build_site(output_dir, db_path)` builds with the project's `pelicanconf.py` into `output_dir`,
reading comments from the SQLite file `db_path` (a missing file means no comments), and raises
`SiteBuildError` listing every log record at WARNING or above: a clean build logs none.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pelican import Pelican
from pelican.settings import read_settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = PROJECT_ROOT / "pelicanconf.py"


class SiteBuildError(AssertionError):
    """The build failed or logged warnings or errors."""


def build_site(output_dir: Path, db_path: Path, **overrides: Any) -> Path:
    """Build the site into `output_dir` and return it; `overrides` are extra Pelican settings."""
    settings_override = {
        "OUTPUT_PATH": str(output_dir),
        "COMMENTS_DATABASE": str(db_path),
        "COMMENTS_SERVICE_URL": "",
        **overrides,
    }
    with _captured_problems() as problems:
        settings = read_settings(str(SETTINGS_FILE), override=settings_override)
        Pelican(settings).run()
    if problems:
        lines = [f"{record.levelname}: {record.getMessage()}" for record in problems]
        raise SiteBuildError("Pelican logged problems:\n" + "\n".join(lines))
    return output_dir


@contextmanager
def _captured_problems() -> Iterator[list[logging.LogRecord]]:
    """Collect log records of WARNING and above from every logger while the block runs."""
    records: list[logging.LogRecord] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Collector(level=logging.WARNING)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield records
    finally:
        root.removeHandler(handler)
