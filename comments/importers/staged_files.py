"""The files an import writes into the content directory (articles, pages, images, the redirect
map), held back until the whole import has succeeded: they are written to a hidden staging
directory beside them and moved into place together, just before the store's transaction
commits. A failed import leaves the content directory as it was; a dry run writes nothing."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class StagedFiles:
    """Files to put under ``root`` when `commit` is called."""

    def __init__(self, root: Path, dry_run: bool = False) -> None:
        self.root = root
        self.dry_run = dry_run
        self._staging: Path | None = None
        self._planned: list[str] = []

    @property
    def planned(self) -> list[str]:
        """Paths (relative to the root) that are, or in a dry run would be, written."""
        return list(self._planned)

    def exists(self, relative: str) -> bool:
        """True when ``relative`` is on disk or already staged."""
        return relative in self._planned or (self.root / relative).exists()

    def write_text(self, relative: str, text: str) -> None:
        """Stage a text file (UTF-8)."""
        target = self._stage(relative)
        if target is not None:
            target.write_text(text, encoding="utf-8")

    def copy(self, relative: str, source: Path) -> None:
        """Stage a copy of ``source``."""
        target = self._stage(relative)
        if target is not None:
            shutil.copyfile(source, target)

    def commit(self) -> None:
        """Move every staged file into place (each move is atomic)."""
        if self._staging is None:
            return
        for relative in self._planned:
            destination = self.root / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self._staging / relative, destination)
        self.discard()

    def discard(self) -> None:
        """Forget what is staged."""
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None

    def _stage(self, relative: str) -> Path | None:
        if relative not in self._planned:
            self._planned.append(relative)
        if self.dry_run:
            return None
        if self._staging is None:
            self.root.mkdir(parents=True, exist_ok=True)
            self._staging = Path(tempfile.mkdtemp(dir=self.root, prefix=".vastine-tuonti-"))
        target = self._staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        return target
