"""What the moderator sees of each comment in the queue: the article, the comment it replies to,
the findings with the triggering words highlighted, the email and its confirmation, the
substance score, the commenter's history and the comment exactly as it will be published."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from comments import store
from comments.mail.notifications import site_link
from comments.policy.model import merged_spans
from comments.site.articles import ArticleRef, find_article

PAGE_SIZE = 25
SORT_LABELS = {
    "substance": "Asiapitoisuus",
    "age": "Vanhimmat ensin",
    "newest": "Uusimmat ensin",
    "risk": "Riski",
}
STATUS_FILTER_LABELS = {
    "pending": "Odottavat",
    "unconfirmed": "Odottavat osoitteen vahvistusta",
    "approved": "Hyväksytyt",
    "rejected": "Hylätyt",
    "spam": "Roskaposti",
}
SEVERITY_LABELS = {"info": "tieto", "mild": "lievä", "strong": "vakava", "refuse": "estävä"}


@dataclass
class QueueItem:
    """One comment prepared for the moderator's eyes."""

    comment: dict[str, Any]
    article_title: str
    article_url: str | None
    parent: dict[str, Any] | None
    history: dict[str, int]
    body_marked: Markup
    name_marked: Markup
    findings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.comment["id"]

    @property
    def rendered(self) -> Markup:
        """The stored HTML: it came from ``render_comment``, the only renderer, so it is safe."""
        return Markup(self.comment["html"])  # noqa: S704 (render_comment output)


@dataclass(frozen=True)
class QueueQuery:
    """The queue's filters and sort, as read from the address bar.

    ``status`` is one of ``STATUS_FILTER_LABELS``: "pending" shows the comments a moderator can
    decide now (address confirmed, or the author's), "unconfirmed" the pending ones whose
    commenter has not opened the confirmation link yet."""

    status: str = "pending"
    sort: str = "substance"
    finding: str = ""
    article: str = ""
    search: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> QueueQuery:
        status = args.get("tila", "pending")
        sort = args.get("jarjestys", "substance")
        try:
            page = max(1, min(int(args.get("sivu", "1")), 1_000_000))
        except ValueError:
            page = 1
        return cls(
            status=status if status in STATUS_FILTER_LABELS else "pending",
            sort=sort if sort in store.QUEUE_SORTS else "substance",
            finding=args.get("havainto", "").strip()[:80],
            article=args.get("artikkeli", "").strip()[:120],
            search=args.get("haku", "").strip()[:200],
            page=page,
        )

    @property
    def stored_status(self) -> str:
        """The comments' status in the store."""
        return "pending" if self.status == "unconfirmed" else self.status

    @property
    def confirmed(self) -> bool | None:
        """Whether the view wants confirmed addresses (None: either)."""
        return {"pending": True, "unconfirmed": False}.get(self.status)

    def filters(self) -> dict[str, Any]:
        """The store's filter arguments for this view."""
        return {
            "status": self.stored_status,
            "confirmed": self.confirmed,
            "finding": self.finding or None,
            "article": self.article or None,
            "search": self.search or None,
        }

    def args(self, **changes: Any) -> dict[str, Any]:
        """Query-string arguments for a link to this view with ``changes``."""
        values = {
            "tila": self.status,
            "jarjestys": self.sort,
            "havainto": self.finding,
            "artikkeli": self.article,
            "haku": self.search,
            "sivu": self.page,
        } | changes
        defaults = {"tila": "pending", "jarjestys": "substance", "sivu": 1}
        return {k: v for k, v in values.items() if v and defaults.get(k) != v}


def queue_page(
    db: store.Database, query: QueueQuery, site_output: str
) -> tuple[list[QueueItem], int]:
    """One page of queue items and the number of comments matching the filters."""
    total = store.queue_count(db, **query.filters())
    rows = store.queue(
        db,
        **query.filters(),
        sort=query.sort,
        limit=PAGE_SIZE,
        offset=(query.page - 1) * PAGE_SIZE,
    )
    articles: dict[str, ArticleRef | None] = {}
    histories: dict[int | None, dict[str, int]] = {}
    items = [build_item(db, row, site_output, articles, histories) for row in rows]
    return items, total


def build_item(
    db: store.Database,
    comment: dict[str, Any],
    site_output: str,
    articles: dict[str, ArticleRef | None] | None = None,
    histories: dict[int | None, dict[str, int]] | None = None,
) -> QueueItem:
    """Everything the moderator needs to decide on ``comment``; ``articles`` and ``histories``
    cache the article data and commenter histories across one page of the queue."""
    articles = {} if articles is None else articles
    histories = {} if histories is None else histories
    if comment["commenter_id"] not in histories:
        histories[comment["commenter_id"]] = store.commenter_history(db, comment["commenter_id"])
    slug = comment["article"]
    if slug not in articles:
        articles[slug] = find_article(site_output, slug)
    article = articles[slug]
    parent = store.get_comment(db, comment["parent_id"]) if comment["parent_id"] else None
    findings = [_finding_view(finding) for finding in comment["findings"]]
    return QueueItem(
        comment=comment,
        article_title=article.title if article else slug,
        article_url=site_link(f"/{article.url.lstrip('/')}") if article else None,
        parent=parent,
        history=histories[comment["commenter_id"]],
        body_marked=highlight(comment["body"], _spans(comment["findings"], "body", comment)),
        name_marked=highlight(comment["name"], _spans(comment["findings"], "name", comment)),
        findings=findings,
    )


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> Markup:
    """``text`` escaped, with each span wrapped in ``<mark>``; overlapping spans are merged and
    offsets outside the text are ignored, so no span can inject or break markup."""
    merged = merged_spans(len(text), spans)
    parts: list[str] = []
    position = 0
    for start, end in merged:
        parts.append(str(escape(text[position:start])))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(str(escape(text[position:])))
    return Markup("".join(parts))  # noqa: S704 (every part escaped above)


def _finding_view(finding: Mapping[str, Any]) -> dict[str, Any]:
    severity = str(finding.get("severity", "info"))
    return {
        "code": str(finding.get("code", "")),
        "severity": severity,
        "severity_label": SEVERITY_LABELS.get(severity, severity),
        "message": str(finding.get("message", "")),
        "public_message": finding.get("public_message"),
        "texts": [str(span.get("text", "")) for span in _span_dicts(finding) if span.get("text")],
    }


def _spans(
    findings: Iterable[Mapping[str, Any]], field_name: str, comment: Mapping[str, Any]
) -> list[tuple[int, int]]:
    """The character ranges of ``field_name`` that findings point at. A span whose offsets do
    not match its quoted text (the text was edited since) is looked up by its text instead."""
    text = comment.get(field_name) or ""
    ranges = []
    for finding in findings:
        for span in _span_dicts(finding):
            if span.get("field", finding.get("field", "body")) != field_name:
                continue
            start, end, quoted = span.get("start"), span.get("end"), span.get("text")
            offsets_valid = isinstance(start, int) and isinstance(end, int)
            if offsets_valid and (not quoted or text[start:end] == quoted):
                ranges.append((start, end))
                continue
            if quoted:
                found = text.find(quoted)
                if found >= 0:
                    ranges.append((found, found + len(quoted)))
    return ranges


def _span_dicts(finding: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    spans = []
    for span in finding.get("spans") or ():
        if isinstance(span, Mapping):
            spans.append(span)
        elif isinstance(span, list | tuple) and len(span) >= 2:
            spans.append({"start": span[0], "end": span[1]})
    return spans
