"""The comment block renderer: the thread's nesting, the form's per-field markup, the dates."""

from __future__ import annotations

from datetime import datetime

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from comments import PROJECT_ROOT
from comments.site import finnish_dates
from comments.site.articles import ArticleRef
from comments.site.comment_block import comment_datetime, comment_thread, render_comment_block

TEMPLATES = PROJECT_ROOT / "theme" / "templates"
ARTICLE = ArticleRef("testi", "Testi", "testi/")


def row(comment_id: int, parent_id: int | None, minute: int | None = None) -> dict:
    return {
        "id": comment_id,
        "parent_id": parent_id,
        "name": f"Kommentoija {comment_id}",
        "website": "",
        "html": f"<p>Kommentti {comment_id}.</p>",
        "is_author": 0,
        "created_at": f"2026-11-20T10:{comment_id if minute is None else minute:02d}:00+00:00",
    }


def shown_parents(html: str) -> dict[int, int | None]:
    """Comment id -> the id of the comment it is shown under (None at the top level), read from
    the rendered HTML's element tree."""
    soup = BeautifulSoup(html, "html.parser")
    parents = {}
    for body in soup.select("article.comment__body"):
        item = body.parent
        assert item.name == "li" and "comment" in item["class"]
        enclosing = item.find_parent("li", class_="comment")
        comment_id = int(body["id"].removeprefix("kommentti-"))
        parents[comment_id] = (
            int(enclosing.find("article", recursive=False)["id"].removeprefix("kommentti-"))
            if enclosing
            else None
        )
        assert item.parent.name == "ol" and "comment-list" in item.parent["class"]
    return parents


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=40))
def test_every_comment_is_shown_under_its_parent(choices: list[int]) -> None:
    """Any forest of replies (each comment's parent is an earlier one, or none) renders as
    nested lists that put each comment exactly under its parent, once."""
    rows, expected = [], {}
    for index, choice in enumerate(choices, start=1):
        parent = choice if 0 < choice < index else None
        rows.append(row(index, parent))
        expected[index] = parent

    html = render_comment_block(ARTICLE, rows, TEMPLATES)

    assert shown_parents(html) == expected
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one(".comment-thread > ol.comment-list") is not None
    assert len(soup.select("article.comment__body")) == len(rows)
    assert html.count("<ol") == html.count("</ol>") and html.count("<li") == html.count("</li>")


def test_replies_read_oldest_first_under_each_parent() -> None:
    rows = [row(1, None, 1), row(2, 1, 30), row(3, 1, 10), row(4, None, 5), row(5, 3, 20)]
    assert [entry.id for entry in comment_thread(rows)] == [1, 3, 5, 2, 4]


def test_a_reply_to_an_unpublished_comment_is_shown_at_the_top_level() -> None:
    rows = [row(1, None), row(3, 2), row(4, 4)]
    assert shown_parents(render_comment_block(ARTICLE, rows, TEMPLATES)) == {
        1: None,
        3: None,
        4: None,
    }


def test_a_very_deep_thread_renders() -> None:
    """Nesting is walked without recursion: a 3,000-deep chain of replies still renders."""
    rows = [row(1, None, 0)] + [
        {**row(n, n - 1, 0), "created_at": f"2026-11-20T10:00:{n % 60:02d}.{n:06d}+00:00"}
        for n in range(2, 3001)
    ]
    html = render_comment_block(ARTICLE, rows, TEMPLATES)
    assert html.count('<ol class="comment-list comment-list--replies">') == 2999
    assert html.count("</ol>") == 3000


def test_the_count_heading_counts_what_is_shown() -> None:
    html = render_comment_block(ARTICLE, [row(1, None), row(2, 1)], TEMPLATES)
    assert "Kommentit (2)" in html
    assert "Kommentit (0)" in render_comment_block(ARTICLE, [], TEMPLATES)


@settings(max_examples=500, deadline=None)
@given(
    moment=st.datetimes(
        min_value=datetime(1900, 1, 1),
        max_value=datetime(2200, 12, 31),
        timezones=st.one_of(st.none(), st.timezones()),
    )
)
def test_comment_datetime_reads_exactly_like_finnish_dates(moment):
    assert comment_datetime(moment) == finnish_dates.format_datetime(moment)
    assert comment_datetime(moment.isoformat()) == finnish_dates.format_datetime(moment)


def test_the_thread_shows_the_finnish_time_and_the_exact_moment() -> None:
    entry = comment_thread([row(1, None)])[0]
    assert entry.created_iso == "2026-11-20T10:01:00+00:00"
    assert entry.created_text == "20. marraskuuta 2026 klo 12.01"
