"""Imported comments into the store: converted to Markdown, rendered by the one sanitising
renderer every comment goes through, checked by the comment policy (the findings are stored,
the old blog's decision is kept), with their original dates and no mail to anyone.

A comment may come before its post (Blogger files are in no fixed order) or its Disqus thread:
it waits until the post arrives, and is reported as skipped if it never does.
"""

from __future__ import annotations

from collections import defaultdict

from comments import store
from comments.importers.comment_preparation import BATCH, Draft, Prepared, Preparer
from comments.importers.elements import utc_iso
from comments.importers.html_to_markdown import plain_text
from comments.importers.model import Comment

ANONYMOUS = "Nimetön"
# What Blogger and others call an anonymous commenter, in the languages blogs are written in.
ANONYMOUS_NAMES = {
    "", "anonymous", "anonyymi", "nimetön", "anonym", "anonyme", "anónimo", "anonimo",
    "anônimo", "anoniem", "anonimowy", "anonymt", "unknown", "tuntematon", "guest", "vieras",
}  # fmt: skip
PING_KINDS = {"pingback", "trackback", "pings", "webmention"}
MAX_NAME = 120
SKIPPED_STATUS = {"trash": "roskakorissa", "deleted": "poistettu vanhassa blogissa"}


class CommentWriter:
    """Stores the comments of one import run and collects their redirects."""

    def __init__(self, conn, options, report, preparer: Preparer) -> None:
        self.conn = conn
        self.options = options
        self.report = report
        self.source = "tuntematon"
        self._preparer = preparer
        self._store: store.ImportedComments | None = None
        self._batch: list[tuple[Comment, tuple[str, str, str], Draft]] = []
        self._actor = f"{options.actor}:{report.format}"
        self.articles: set[str] = set()
        self.redirects: dict[str, str] = {}
        self._posts: dict[str, tuple[str, str, str]] = {}
        self._missing: dict[str, str] = {}  # post id -> why its comments are skipped
        self._waiting: dict[str, list[Comment]] = defaultdict(list)

    def post_arrived(self, post_id: str, slug: str, url: str, old_path: str) -> None:
        """Comments of ``post_id`` belong to ``slug`` (at ``url``, formerly at ``old_path``)."""
        self._posts[post_id] = (slug, url, old_path)
        for comment in self._waiting.pop(post_id, []):
            self._add(comment)

    def post_missing(self, post_id: str, reason: str) -> None:
        """The comments of ``post_id`` have nowhere to go (a Disqus thread matching no article,
        a page: pages have no comments): they are skipped for ``reason``."""
        self._missing[post_id] = reason
        for _ in self._waiting.pop(post_id, []):
            self.report.skip(f"kommentti: {reason}")

    def add(self, comment: Comment) -> None:
        if comment.post_id in self._missing:
            self.report.skip(f"kommentti: {self._missing[comment.post_id]}")
        elif comment.post_id in self._posts:
            self._add(comment)
        else:
            self._waiting[comment.post_id].append(comment)

    def finish(self) -> None:
        """Store every comment still on its way (before the replies are linked); the ones
        still waiting for their post are skipped."""
        for waiting in self._waiting.values():
            for _ in waiting:
                self.report.skip("kommentti: sen kirjoitusta ei ollut viennissä")
        self._waiting.clear()
        self._hand_over()
        for batch in self._preparer.drain():
            self._write(*batch)
        if self._store is not None:
            self._store.flush()

    def _add(self, comment: Comment) -> None:
        reason = self._skip_reason(comment)
        if reason:
            self.report.skip(f"kommentti: {reason}")
            return
        if not self._imported().claim(comment.source_id):
            self.report.already_imported["kommentteja"] += 1
            return
        name = plain_text(comment.name)[:MAX_NAME]
        if name.lower() in ANONYMOUS_NAMES:
            name = ANONYMOUS
        email = comment.email.strip().lower() if comment.email and "@" in comment.email else None
        website = comment.website.strip()
        if not website.startswith(("http://", "https://")):
            website = ""
        draft = Draft(comment.html, comment.wpautop, name, email, website)
        self._batch.append((comment, self._posts[comment.post_id], draft))
        if len(self._batch) >= BATCH:
            self._hand_over()

    def _hand_over(self) -> None:
        if not self._batch:
            return
        batch, self._batch = self._batch, []
        drafts = [draft for _, _, draft in batch]
        for done in self._preparer.submit(batch, drafts):
            self._write(*done)

    def _write(self, batch: list, prepared: list[Prepared | None]) -> None:
        for (comment, (slug, url, old), draft), result in zip(batch, prepared, strict=True):
            if result is None:
                self.report.skip("kommentti: tyhjä")
                continue
            comment_id = self._imported().add(
                source_id=comment.source_id,
                parent_source_id=comment.parent_id,
                article=slug,
                name=draft.name,
                email=draft.email,
                website=draft.website,
                body=result.body,
                html=result.html,
                status=comment.status,
                created_at=utc_iso(comment.created_at),
                actor=self._actor,
                findings=result.findings,
                substance=result.substance,
                substance_reasons=result.substance_reasons,
                risk=result.risk,
                reason=comment.reason,
            )
            self.report.flagged += result.flagged
            self.report.comments[comment.status] += 1
            self.report.replies += comment.parent_id is not None
            self.articles.add(slug)
            if old and comment.anchor:
                self.redirects[f"{old}#{comment.anchor}"] = f"{url}#kommentti-{comment_id}"

    def _imported(self) -> store.ImportedComments:
        if self._store is None or self._store.source != self.source:
            if self._store is not None:
                self._store.flush()
            self._store = store.ImportedComments(self.conn, self.source)
        return self._store

    def _skip_reason(self, comment: Comment) -> str:
        if comment.status in SKIPPED_STATUS:
            return SKIPPED_STATUS[comment.status]
        if comment.kind in PING_KINDS:
            return (
                "" if self.options.keep_pingbacks else "pingback tai trackback (--keep-pingbacks)"
            )
        if comment.kind != "comment":
            return f"kommenttityyppiä {comment.kind} ei tuoda"
        return ""
