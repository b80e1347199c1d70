"""An article's comment block: the thread of approved comments and the form, rendered from the
theme's ``comment_block.html``.

The Pelican plugin (``plugins/comment_threads``) and the fast path (``comments.site.publish``)
both call ``render_comment_block`` with the same inputs, so their pages are byte-identical.

A full build renders this block for every article, so it is kept cheap: the thread is handed to
the template as a flat list in reading order (a recursive Jinja loop and per-comment filter calls
cost three times as much), with each comment's dates already formatted, and the form's per-field
ARIA attributes and error paragraphs come from plain functions rather than Jinja macros.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from comments.form_messages import browser_messages, form_limits
from comments.site import finnish_dates
from comments.site.articles import ArticleRef


@dataclass(slots=True)
class ThreadEntry:
    """One published comment as ``comment_block.html`` sees it. Entries come in reading order
    (each comment followed by its replies); ``has_replies`` opens a nested list after this
    comment and ``closes`` is how many nested lists end right after it."""

    id: int
    name: str
    link: str  # the commenter's website when it is http(s), else ""
    html: Markup
    created_iso: str
    created_text: str
    is_author: bool
    has_replies: bool
    closes: int = 0


def comment_thread(rows: Iterable[Mapping[str, Any]]) -> list[ThreadEntry]:
    """Approved comments in reading order: replies after their parent, each level oldest first.
    A reply whose parent is not published is shown at the top level rather than lost."""
    rows = sorted(rows, key=lambda row: (row["created_at"], row["id"]))
    published = {row["id"] for row in rows}
    roots: list[Mapping[str, Any]] = []
    replies: dict[int, list[Mapping[str, Any]]] = {}
    for row in rows:
        parent = row["parent_id"]
        if parent in published and parent != row["id"]:
            replies.setdefault(parent, []).append(row)
        else:
            roots.append(row)
    entries: list[ThreadEntry] = []
    levels = [iter(roots)]  # iterative, so no thread is too deep to render
    while levels:
        row = next(levels[-1], None)
        if row is None:
            levels.pop()
            if levels:
                entries[-1].closes += 1
            continue
        entries.append(_entry(row, has_replies=row["id"] in replies))
        if row["id"] in replies:
            levels.append(iter(replies[row["id"]]))
    return entries


def _entry(row: Mapping[str, Any], has_replies: bool) -> ThreadEntry:
    created_at = row["created_at"]  # ISO 8601, as the store writes it
    website = row["website"] or ""
    return ThreadEntry(
        id=row["id"],
        name=row["name"],
        link=website if website.startswith(("https://", "http://")) else "",
        html=Markup(row["html"]),  # noqa: S704 (stored by render_comment, bleached)
        created_iso=created_at,
        created_text=comment_datetime(datetime.fromisoformat(created_at)),
        is_author=bool(row["is_author"]),
        has_replies=has_replies,
    )


def render_comment_block(
    article: ArticleRef,
    rows: Iterable[Mapping[str, Any]],
    templates_dir: str | Path,
    service_url: str = "",
) -> str:
    """The article's comment block (thread + form) from ``comment_block.html``."""
    thread = comment_thread(rows)
    return (
        environment(str(templates_dir))
        .get_template("comment_block.html")
        .render(
            article=article, comments=thread, comment_count=len(thread), service_url=service_url
        )
    )


@lru_cache(maxsize=4)
def environment(templates_dir: str) -> Environment:
    """The Jinja environment the block is rendered with, outside Pelican and Flask."""
    env = Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    add_form_helpers(env)
    return env


def add_form_helpers(env: Environment, config: Mapping[str, Any] | None = None) -> None:
    """Give ``env`` the functions and limits ``comment_form.html`` uses (the service's Flask
    environment renders the form too, with ``config``'s limits; the static pages state the
    defaults)."""
    limits = form_limits(config)
    env.globals.update(
        field_aria=field_aria,
        field_error=field_error,
        form_limits=limits,
        form_messages=browser_messages(limits),
    )


# --- the form's per-field markup --------------------------------------------------------------


def field_aria(errors: Mapping[str, str], field: str, hint: bool = True) -> Markup:
    """The ARIA attributes of a form field: its hint and error as its description, and whether
    it is invalid."""
    name = escape(field)
    described_by = [f"ohje-{name}"] if hint else []
    if errors.get(field):
        described_by.append(f"virhe-{name}")
    attributes = f' aria-describedby="{" ".join(described_by)}"' if described_by else ""
    if errors.get(field):
        attributes += ' aria-invalid="true"'
    return Markup(attributes)  # noqa: S704 (only escaped values)


def field_error(errors: Mapping[str, str], field: str) -> Markup:
    """The error paragraph of a form field ('' when it has none)."""
    message = errors.get(field)
    if not message:
        return Markup("")
    paragraph = f'\n      <p class="field-error" id="virhe-{escape(field)}">{escape(message)}</p>'
    return Markup(paragraph)  # noqa: S704 (only escaped values)


# --- dates --------------------------------------------------------------------------------------


def comment_datetime(value: datetime | str) -> str:
    """``finnish_dates.format_datetime``, the same text, faster for the one pattern it has today:
    babel's general formatter was a third of a block's rendering time. Any other pattern or value
    goes to ``format_datetime`` itself (tests compare the two)."""
    if not isinstance(value, datetime) or finnish_dates.DATETIME_PATTERN != _FAST_PATTERN:
        return finnish_dates.format_datetime(value)
    local = (
        value.astimezone(finnish_dates.TIMEZONE)
        if value.tzinfo
        else value.replace(tzinfo=finnish_dates.TIMEZONE)
    )
    month = _finnish_months()[local.month]
    return f"{local.day}. {month} {local.year} klo {local.hour}.{local.minute:02d}"


_FAST_PATTERN = "d. MMMM y 'klo' H.mm"


@lru_cache(maxsize=1)
def _finnish_months() -> dict[int, str]:
    from babel import Locale

    months = Locale.parse(finnish_dates.LOCALE).months["format"]["wide"]
    return {number: months[number] for number in range(1, 13)}
