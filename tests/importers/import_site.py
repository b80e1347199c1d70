"""What the importer tests share: the fixture files' folder and ``ImportSite``, an app's
SQLite file with a content directory of its own, and the ``import`` / ``export`` commands run
as the CLI runs them (the ``site`` fixture is in this folder's conftest.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from comments import store

DATA = Path(__file__).resolve().parent.parent / "data" / "import"


@dataclass
class ImportSite:
    """A temporary site (content directory + comment store) to import into."""

    app: object
    runner: object
    content: Path

    def run(self, *args: str):
        """``flask --app comments import ARGS --content CONTENT``; returns click's result."""
        with self.app.app_context():
            return self.runner.invoke(args=["import", *args, "--content", str(self.content)])

    def imported(self, *args: str) -> dict:
        """Run an import with ``--json`` that must succeed; returns the report."""
        result = self.run(*args, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    def export(self, target: Path, format_: str):
        with self.app.app_context():
            return self.runner.invoke(
                args=["export", "--format", format_, "--content", str(self.content), str(target)]
            )

    def comments(self) -> list[dict]:
        """Every stored comment with its commenter's email and confirmation, by id."""
        db = store.connect(self.app.config["DATABASE"])
        try:
            return sorted(store.queue(db, status=None, limit=None), key=lambda row: row["id"])
        finally:
            db.close()

    def files(self) -> dict[str, str]:
        """Relative path -> text (bytes for images) of every file under the content directory."""
        return {
            path.relative_to(self.content).as_posix(): (
                path.read_bytes() if "images" in path.parts else path.read_text(encoding="utf-8")
            )
            for path in sorted(self.content.rglob("*"))
            if path.is_file()
        }
