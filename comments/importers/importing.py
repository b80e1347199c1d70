"""`import_blog`: an export file in, Markdown articles and stored comments out, in one go.

The file is read as a stream of records (comments/importers/wxr.py, blogger.py, disqus.py);
each record is written as it arrives, inside one store transaction, and the files go to a
staging directory (comments/importers/staged_files.py). Only when the whole file has been read
are the files moved into place and the transaction committed; any error rolls both back. A dry
run does all the same work and then rolls back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

from comments import store
from comments.importers import blogger, disqus, wxr, xml_source
from comments.importers.comment_preparation import POOL_FROM, Preparer
from comments.importers.html_to_markdown import inline_markdown, plain_text, post_markdown
from comments.importers.images import ImageCopier
from comments.importers.importing_comments import CommentWriter
from comments.importers.links import LinkMatcher, old_path
from comments.importers.model import (
    Attachment,
    Blog,
    Comment,
    ImportRefused,
    Post,
    Skipped,
    Thread,
)
from comments.importers.post_files import format_post, read_site, relative_path
from comments.importers.redirects import (
    ARTICLE_URL,
    MAP_NAME,
    PAGE_URL,
    format_map,
    read_map,
)
from comments.importers.report import FORMAT_NAMES, ImportReport
from comments.importers.slugs import SlugRegistry
from comments.importers.staged_files import StagedFiles
from comments.policy import PolicyContext

READERS = {
    "wxr": (wxr.read, wxr.DEPTH),
    "blogger": (blogger.read, blogger.DEPTH),
    "blogger-takeout": (blogger.read, blogger.DEPTH),
    "disqus": (disqus.read, disqus.DEPTH),
}
UNPUBLISHED = {"private": "yksityinen", "pending": "odotti tarkistusta", "scheduled": "ajastettu"}


@dataclass(frozen=True)
class ImportOptions:
    """What to import and how (the ``import`` command's arguments)."""

    path: Path
    content: Path
    format: str | None = None
    dry_run: bool = False
    uploads: Path | None = None
    keep_pingbacks: bool = False
    old_site_urls: tuple[str, ...] = ()
    actor: str = "tuonti"
    parallel_from: int = POOL_FROM  # comments: from this many on, worker processes prepare them


class _DryRunDone(Exception):
    """Raised at the end of a dry run so that the transaction rolls back."""


def import_blog(
    db: store.Database,
    options: ImportOptions,
    policy: PolicyContext,
    progress: Callable[[int], None] | None = None,
    comments_progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import ``options.path`` and return the report; raises `ImportRefused` (Finnish) with
    nothing written when the file cannot be imported. As the file is read, ``progress`` is
    told how many more bytes were read, and ``comments_progress`` how many comments are stored
    so far."""
    kind = options.format or xml_source.detect(options.path)
    if options.format:
        _check_override(options.path, options.format)
    try:
        return _run(db, options, kind, policy, (progress, comments_progress), frozenset())
    except xml_source.UndeclaredPrefix:
        with xml_source.open_export(options.path) as handle:
            prefixes = xml_source.used_prefixes(handle)
        return _run(db, options, kind, policy, (progress, comments_progress), prefixes)


def _check_override(path: Path, chosen: str) -> None:
    """Refuse ``--format`` when the file is plainly another kind of export: read as that kind,
    it would yield nothing. A file that is not recognised is read as the chosen kind."""
    try:
        detected = xml_source.detect(path)
    except ImportRefused:
        return
    if READERS[detected] != READERS[chosen]:
        raise ImportRefused(
            f"Tiedosto {path.name} on {FORMAT_NAMES[detected]} -vienti, mutta --format on "
            f"{chosen}. Jätä --format pois tai valitse --format {detected}."
        )


def _run(db, options, kind, policy, progress, prefixes) -> ImportReport:
    read, depth = READERS[kind]
    files = StagedFiles(options.content, options.dry_run)
    report = ImportReport(format=kind, dry_run=options.dry_run)
    preparer = Preparer(policy, FORMAT_NAMES.get(kind, kind), options.parallel_from)
    try:
        with (
            store.transaction(db) as conn,
            xml_source.open_export(options.path) as handle,
            preparer,
        ):
            store.start_import(conn)
            session = _Session(conn, options, files, report, preparer)
            counted = _Counting(handle, *progress, lambda: sum(report.comments.values()))
            for record in read(xml_source.records(counted, depth, prefixes)):
                session.handle(record)
            session.finish()
            if report.found_nothing():
                raise ImportRefused(
                    f"{FORMAT_NAMES.get(kind, kind)} -vientinä luettuna tiedostossa "
                    f"{options.path.name} ei ole yhtään kirjoitusta eikä kommenttia. Vie blogi "
                    "uudelleen niin, että koko sisältö on mukana."
                )
            if options.dry_run:
                raise _DryRunDone()
            files.commit()
    except _DryRunDone:
        pass
    finally:
        files.discard()
    report.files = files.planned
    return report


class _Counting:
    """A file wrapper telling ``progress`` how many bytes were read and ``comments_progress``
    the count that ``comments()`` gives."""

    def __init__(self, handle, progress, comments_progress, comments: Callable[[], int]) -> None:
        self._handle = handle
        self._progress = progress
        self._comments_progress = comments_progress
        self._comments = comments

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        if data and self._comments_progress:
            self._comments_progress(self._comments())
        if data and self._progress:
            self._progress(len(data))
        return data


class _Session:
    """One run: the site's slugs and redirects, what this run has seen, the report."""

    def __init__(self, conn, options: ImportOptions, files, report, preparer: Preparer) -> None:
        self.conn = conn
        self.options = options
        self.files = files
        self.report = report
        self.source = "tuntematon"
        site = read_site(options.content)
        self.slugs = SlugRegistry({post.slug for post in site})
        self.redirects = read_map(options.content / MAP_NAME)
        self.redirect_count = len(self.redirects)
        self.links = LinkMatcher(options.old_site_urls)
        articles = {post.slug for post in site if post.kind == "article"}
        for slug in articles:
            self.links.add(_url("article", slug), slug)
        for old, new in self.redirects.items():
            slug = new.split("#")[0].strip("/")
            if slug in articles:
                self.links.add(old.split("#")[0], slug)
        self.images = ImageCopier(files, options.uploads)
        self.skipped_posts: set[str] = set()
        self.attachments: list[Attachment] = []
        self.deferred: list[tuple[Post, str]] = []
        self.comments = CommentWriter(conn, options, report, preparer)

    def handle(self, record: object) -> None:
        if isinstance(record, Blog):
            self.source = self.report.source = self.comments.source = record.source
        elif isinstance(record, Post):
            self._post(record)
        elif isinstance(record, Comment):
            self._comment(record)
        elif isinstance(record, Thread):
            self._thread(record)
        elif isinstance(record, Attachment):
            self.attachments.append(record)
        elif isinstance(record, Skipped):
            if record.kind == "kirjoitus":
                self.skipped_posts.add(record.source_id)
            self.report.skip(f"{record.kind}: {record.reason}")

    def finish(self) -> None:
        for post, slug in self.deferred:
            self._write_post(post, slug)
        self.comments.finish()
        self.report.orphans = len(store.link_imported_replies(self.conn, self.source))
        self.report.replies -= self.report.orphans
        self.report.threads = len(self.comments.articles)
        for old, new in self.comments.redirects.items():
            self.redirects.setdefault(old, new)
        if len(self.redirects) != self.redirect_count or self.report.articles + self.report.pages:
            self.files.write_text(MAP_NAME, format_map(self.redirects))
        self.report.redirects = len(self.redirects) - self.redirect_count
        self.report.images_missing = self.images.missing
        self.report.images_remote = self.images.remote
        self.report.images_copied = sorted(set(self.images.copied.values()))
        summary = {"format": self.report.format, "articles": self.report.articles,
                   "pages": self.report.pages, "comments": dict(self.report.comments)}  # fmt: skip
        store.audit_import(self.conn, self.options.actor, self.source, summary)

    # --- posts -----------------------------------------------------------------------------

    def _post(self, post: Post) -> None:
        post.title = plain_text(post.title)
        post.author = plain_text(post.author)
        post.categories = [plain_text(name) for name in post.categories]
        post.tags = [plain_text(name) for name in post.tags]
        known = store.imported_target(self.conn, self.source, post.kind, post.source_id)
        if known is not None:
            self.report.already_imported["kirjoituksia"] += 1
            self._register(post, known)
            return
        slug = self.slugs.claim(post.slug_hint, post.title)
        if post.slug_hint and slug != post.slug_hint:
            self.report.slug_changes.append({"old": unquote(post.slug_hint), "new": slug})
        store.remember_import(self.conn, self.source, post.kind, post.source_id, slug)
        self._register(post, slug)
        if "[gallery" in post.html:
            self.deferred.append((post, slug))  # its images may come later in the file
        else:
            self._write_post(post, slug)
        if post.kind == "page":
            self.report.pages += 1
        else:
            self.report.articles += 1
        if post.status != "published":
            self.report.drafts += 1
        if post.status in UNPUBLISHED:
            self.report.unpublished.append(
                {"title": post.title, "status": UNPUBLISHED[post.status]}
            )

    def _register(self, post: Post, slug: str) -> None:
        """Remember where the post's old addresses lead; only a published post had readers
        at them, so only its old addresses are redirected."""
        url = _url(post.kind, slug)
        paths = [path for path in (old_path(u) for u in post.old_urls) if path]
        for path in paths:
            if path != url and post.status == "published":
                self.redirects.setdefault(path, url)
            if post.kind == "article":
                self.links.add(path, slug)
        if post.kind == "page":
            self.comments.post_missing(post.source_id, "sivulla (sivuilla ei ole kommentteja)")
        else:
            self.comments.post_arrived(post.source_id, slug, url, paths[0] if paths else "")

    def _write_post(self, post: Post, slug: str) -> None:
        converted = post_markdown(
            post.html,
            wpautop=post.wpautop,
            image_url=self.images,
            file_url=self.images.linked_file,
            gallery=self._gallery(post),
        )
        self.report.unknown_shortcodes.update(converted.unknown_shortcodes)
        self.report.images_without_alt += converted.without_alt
        text = format_post(
            kind=post.kind,
            title=post.title,
            slug=slug,
            markdown=converted.markdown,
            date=post.date or datetime.now().replace(second=0, microsecond=0),
            author=post.author,
            category=post.categories[0] if post.categories else "",
            tags=post.categories[1:] + post.tags,
            summary=inline_markdown(post.summary_html) if post.summary_html else "",
            draft=post.status != "published",
        )
        self.files.write_text(relative_path(post.kind, slug), text)

    def _gallery(self, post: Post) -> Callable[[list[str]], list[tuple[str, str]]]:
        def images(ids: list[str]) -> list[tuple[str, str]]:
            chosen = (
                [a for i in ids for a in self.attachments if a.source_id == i]
                if ids
                else [a for a in self.attachments if a.parent_id == post.source_id]
            )
            return [(a.url, a.caption) for a in chosen]

        return images

    # --- comments and threads --------------------------------------------------------------

    def _comment(self, comment: Comment) -> None:
        if comment.post_id in self.skipped_posts:
            self.report.skip("kommentti: sen kirjoitus ohitettiin")
            return
        self.comments.add(comment)

    def _thread(self, thread: Thread) -> None:
        slug = self.links.find(thread.link) or self.links.find(thread.ident)
        if slug is None:
            self.report.unmatched_threads.append(thread.link or thread.ident or thread.source_id)
            self.comments.post_missing(thread.source_id, "sen Disqus-ketju ei vastaa artikkelia")
            return
        self.comments.post_arrived(
            thread.source_id, slug, _url("article", slug), old_path(thread.link)
        )


def _url(kind: str, slug: str) -> str:
    return (PAGE_URL if kind == "page" else ARTICLE_URL).format(slug=slug)
