"""Imported comments into the store: converted to Markdown, rendered by the one sanitising
renderer every comment goes through, checked by the comment policy (the findings are stored,
the old blog's decision is kept), with their original dates and no mail to anyone.

A comment may come before its post (Blogger files are in no fixed order) or its Disqus thread:
it waits until the post arrives, and is reported as skipped if it never does.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict

from comments import store
from comments.importers.elements import utc_iso
from comments.importers.html_to_markdown import comment_markdown, plain_text
from comments.importers.model import Comment
from comments.importers.report import FORMAT_NAMES
from comments.policy import Submission, Substance, evaluate
from comments.policy.model import SEVERITY_RISK
from comments.render import render_comment

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

    def __init__(self, conn, options, report, policy) -> None:
        self.conn = conn
        self.options = options
        self.report = report
        self.policy = policy
        self.source = "tuntematon"
        self.articles: set[str] = set()
        self.redirects: dict[str, str] = {}
        self._posts: dict[str, tuple[str, str, str]] = {}
        self._missing: dict[str, str] = {}  # post id -> why its comments are skipped
        self._waiting: dict[str, list[Comment]] = defaultdict(list)

    def post_arrived(self, post_id: str, slug: str, url: str, old_path: str) -> None:
        """Comments of ``post_id`` belong to ``slug`` (at ``url``, formerly at ``old_path``)."""
        self._posts[post_id] = (slug, url, old_path)
        for comment in self._waiting.pop(post_id, []):
            self._store(comment)

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
            self._store(comment)
        else:
            self._waiting[comment.post_id].append(comment)

    def finish(self) -> None:
        for waiting in self._waiting.values():
            for _ in waiting:
                self.report.skip("kommentti: sen kirjoitusta ei ollut viennissä")
        self._waiting.clear()

    def _store(self, comment: Comment) -> None:
        reason = self._skip_reason(comment)
        if reason:
            self.report.skip(f"kommentti: {reason}")
            return
        body = comment_markdown(comment.html, wpautop=comment.wpautop)
        if not body.strip():
            self.report.skip("kommentti: tyhjä")
            return
        slug, url, old = self._posts[comment.post_id]
        name = plain_text(comment.name)[:MAX_NAME]
        if name.lower() in ANONYMOUS_NAMES:
            name = ANONYMOUS
        email = comment.email.strip().lower() if comment.email and "@" in comment.email else None
        website = comment.website.strip()
        if not website.startswith(("http://", "https://")):
            website = ""
        findings, substance = self._findings(name, email, body, website)
        comment_id = store.add_imported_comment(
            self.conn,
            source=self.source,
            source_id=comment.source_id,
            parent_source_id=comment.parent_id,
            article=slug,
            name=name,
            email=email,
            website=website,
            body=body,
            html=render_comment(body),
            status=comment.status,
            created_at=utc_iso(comment.created_at),
            actor=f"{self.options.actor}:{self.report.format}",
            findings=findings,
            substance=substance.score,
            substance_reasons=list(substance.reasons),
            risk=sum(SEVERITY_RISK.get(f["severity"], 0) for f in findings),
        )
        if comment_id is None:
            self.report.already_imported["kommentteja"] += 1
            return
        self.report.comments[comment.status] += 1
        self.report.replies += comment.parent_id is not None
        self.articles.add(slug)
        if old and comment.anchor:
            self.redirects[f"{old}#{comment.anchor}"] = f"{url}#kommentti-{comment_id}"

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

    def _findings(
        self, name: str, email: str | None, body: str, website: str
    ) -> tuple[list[dict], Substance]:
        """The policy's findings, and the ``import.*`` ones the moderation queue filters by.
        Email findings are left out for comments that never had an address (Blogger)."""
        evaluation = evaluate(Submission(name, email or "", body, website), self.policy)
        findings = [
            asdict(f) for f in evaluation.findings if email is not None or f.field != "email"
        ]
        origin = FORMAT_NAMES.get(self.report.format, self.report.format)
        notes = [_note("import.imported", f"Tuotu vanhasta blogista ({origin}).")]
        if any(f["severity"] != "info" for f in findings):
            self.report.flagged += 1
            notes.append(
                _note(
                    "import.flagged",
                    "Tuotu kommentti, josta kommentointiohjeiden tarkistus löysi "
                    "huomautettavaa: tila on sama kuin vanhassa blogissa.",
                )
            )
        return findings + notes, evaluation.substance


def _note(code: str, message: str) -> dict:
    return {
        "code": code,
        "severity": "info",
        "message": message,
        "public_message": None,
        "field": "body",
        "spans": [],
    }
