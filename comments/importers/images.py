"""Images of imported posts: with ``--uploads DIR`` (a copy of ``wp-content/uploads`` or of a
Takeout's media folder) each referenced file found there is copied to ``content/images/`` and
the post links to the copy; without it, or when a file is not there, the address is kept and
listed in the report. Nothing is ever fetched from the internet."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from comments.importers.staged_files import StagedFiles

IMAGES_DIR = "images"
_MEDIA = re.compile(r"\.(jpe?g|png|gif|webp|svg|pdf|mp3|mp4)$", re.IGNORECASE)
_RESIZED = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")


class ImageCopier:
    """Maps an image address to the one the imported post uses, copying the file when found."""

    def __init__(self, files: StagedFiles, uploads: Path | None) -> None:
        self.files = files
        self.uploads = uploads.resolve() if uploads else None
        self.copied: dict[str, str] = {}
        self.missing: list[str] = []
        self.remote: list[str] = []
        self._by_name: dict[str, Path | None] | None = None

    def __call__(self, url: str) -> str:
        if url in self.copied:
            return "{static}/" + self.copied[url]
        found = self._find(url) if self.uploads else None
        if found is None:
            self._note_unfound(url)
            return url
        source, relative = found
        target = f"{IMAGES_DIR}/{relative}"
        if not self.files.exists(target):
            self.files.copy(target, source)
        self.copied[url] = target
        return "{static}/" + target

    def linked_file(self, url: str) -> str | None:
        """The copy's ``{static}`` address for a link to an uploaded file (a full-size image
        behind a thumbnail), or None when the link leads elsewhere; nothing is reported."""
        if url in self.copied:
            return "{static}/" + self.copied[url]
        if not self.uploads or "/uploads/" not in url or not _MEDIA.search(url.split("?")[0]):
            return None
        return self(url) if self._find(url) else None

    def _note_unfound(self, url: str) -> None:
        listing = (
            self.missing if self.uploads or not url.startswith(("http", "//")) else self.remote
        )
        if url not in listing:
            listing.append(url)

    def _find(self, url: str) -> tuple[Path, str] | None:
        """The uploaded file for ``url`` and its path below ``images/``: by the path after
        ``/uploads/``, then without WordPress's ``-300x200`` size suffix, then by file name."""
        path = unquote(urlsplit(url).path)
        relative = path.split("/uploads/", 1)[1] if "/uploads/" in path else path.lstrip("/")
        for candidate in (relative, _RESIZED.sub("", relative)):
            parts = PurePosixPath(candidate).parts
            if not parts or any(part in ("..", ".") for part in parts):
                continue
            source = (self.uploads / candidate).resolve()
            if source.is_file() and source.is_relative_to(self.uploads):
                return source, "/".join(parts)
        name = PurePosixPath(relative).name
        source = self._index().get(name) or self._index().get(_RESIZED.sub("", name))
        return (source, source.relative_to(self.uploads).as_posix()) if source else None

    def _index(self) -> dict[str, Path | None]:
        """File name -> the one file with that name under the uploads (None when several)."""
        if self._by_name is None:
            self._by_name = {}
            for file in self.uploads.rglob("*"):
                if file.is_file() and not file.is_symlink():
                    self._by_name[file.name] = None if file.name in self._by_name else file
        return self._by_name
