"""render_comment: Markdown in, safe HTML out, whatever the input."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from xss_corpus import xss_payloads

from comments import render
from comments.render import ALLOWED_TAGS, LINK_REL, render_comment

FORBIDDEN_SUBSTRINGS = ("<script", "<img", "<iframe", "<svg", "<style", "<object", "<embed")
SAFE_SCHEMES = ("http:", "https:", "mailto:")


class Elements(HTMLParser):
    """Every start tag and its attributes, as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def assert_safe(html: str) -> None:
    lowered = html.lower()
    for forbidden in FORBIDDEN_SUBSTRINGS:
        assert forbidden not in lowered, (forbidden, html)
    parser = Elements()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, (tag, html)
        for name, value in attrs:
            assert not name.startswith("on"), (name, html)
            assert name != "style", html
            if tag == "a":
                assert name in {"href", "title", "rel"}, (name, html)
            else:
                pytest.fail(f"attribute {name} on <{tag}>: {html}")
            if name == "href":
                # What a browser runs is decided by the scheme alone ("javascript:" inside an
                # http address, say in its host name, is inert): check the scheme as parsed.
                href = "".join((value or "").split()).lower()
                assert href.startswith(SAFE_SCHEMES), (href, html)
                assert urlsplit(href).scheme in {"http", "https", "mailto"}, (href, html)
        if tag == "a":
            assert dict(attrs).get("rel") == LINK_REL, html


NASTY = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//paha.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">klikkaa</a>',
    "[klikkaa](javascript:alert(1))",
    "[klikkaa](JaVaScRiPt:alert(1))",
    "[klikkaa](java\tscript:alert(1))",
    "[klikkaa](&#106;avascript:alert(1))",
    "[klikkaa](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klikkaa](vbscript:msgbox(1))",
    '[klikkaa](https://a.fi "otsikko" onmouseover="alert(1)")',
    "![kuva](https://paha.example/x.png)",
    '![kuva](x" onerror="alert(1))',
    "<iframe src=https://paha.example></iframe>",
    "<svg onload=alert(1)>",
    "<div style=\"background:url('javascript:alert(1)')\">x</div>",
    "<style>body{display:none}</style>",
    "<!-- <script>alert(1)</script> -->",
    "<<script>script>alert(1)<</script>/script>",
    "```\n<script>alert(1)</script>\n```",
    "`<img src=x onerror=alert(1)>`",
    "> <script>alert(1)</script>",
    "- <a href=x onclick=alert(1)>x</a>",
    '<http://a.fi/"onmouseover="alert(1)>',
    "https://a.fi/<script>alert(1)</script>",
    "[a](https://a.fi)<b onclick=alert(1)>b</b>",
    "<object data=x></object><embed src=x>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "[x]: javascript:alert(1)\n\n[klikkaa][x]",
    "<p style=color:red>punainen</p>",
    "\x00<script>alert(1)</script>",
]


@pytest.mark.parametrize("text", NASTY)
def test_nasty_inputs_are_defused(text):
    assert_safe(render_comment(text))


def test_xss_corpus_is_defused():
    payloads = xss_payloads()
    assert len(payloads) > 200
    for payload in payloads:
        assert_safe(render_comment(payload))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text())
def test_any_text_is_safe(text):
    assert_safe(render_comment(text))


MARKUP_PIECES = st.sampled_from(
    [
        "<",
        ">",
        "<script>",
        "</script>",
        "<img src=x ",
        " onerror=",
        "onclick=",
        '"',
        "'",
        "javascript:",
        "data:",
        "vbscript:",
        "[",
        "](",
        ")",
        "![",
        "<a href=",
        "<svg",
        "<iframe",
        " style=",
        "&#",
        "`",
        "```\n",
        "\n",
        "> ",
        "- ",
        "*",
        "http://a.fi",
        "www.esim.fi",
        "mailto:a@b.fi",
        "&lt;",
        "<!--",
        "-->",
        " ",
        "x",
    ]
)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(MARKUP_PIECES, max_size=40).map("".join))
@example("[](http://a.fijavascript:)")  # an http link whose host name ends in "javascript"
def test_markup_soup_is_safe(text):
    assert_safe(render_comment(text))


def test_markdown_basics_survive():
    html = render_comment(
        "Tämä on *tärkeää* ja **hyvin tärkeää**.\nToinen rivi.\n\n"
        "> Lainaus\n\n- yksi\n- kaksi\n\n1. eka\n2. toka\n\n`koodi`\n\n```\nlohko\n```"
    )
    assert "<em>tärkeää</em>" in html
    assert "<strong>hyvin tärkeää</strong>" in html
    assert "<br>" in html
    assert "<blockquote>" in html
    assert "<ul>" in html and "<ol>" in html and "<li>yksi</li>" in html
    assert "<code>koodi</code>" in html
    assert "<pre><code>lohko" in html


def test_links_get_rel_and_bare_urls_are_linked():
    html = render_comment("Katso [opas](https://esimerkki.fi/opas) ja www.vastine.example.fi")
    assert '<a href="https://esimerkki.fi/opas" rel="nofollow ugc noopener">opas</a>' in html
    assert '<a href="http://www.vastine.example.fi" rel="nofollow ugc noopener">' in html


def test_raw_html_stays_visible_text():
    html = render_comment("Käytä <b>lihavointia</b> & <i>kursiivia</i>")
    assert html == "<p>Käytä &lt;b&gt;lihavointia&lt;/b&gt; &amp; &lt;i&gt;kursiivia&lt;/i&gt;</p>"


def test_images_are_dropped_and_unsafe_links_become_text():
    assert "<img" not in render_comment("![kuva](https://a.fi/k.png)")
    assert render_comment("[klikkaa](javascript:alert(1))") == "<p>klikkaa</p>"


def test_urls_in_code_are_not_linked():
    assert "<a" not in render_comment("`https://a.fi`")


def test_nothing_carries_over_from_the_previous_comment():
    """The converter is reused per thread: a link definition in one comment must not turn
    another comment's text into a link."""
    first = render_comment("Lähde alla.\n\n[opas]: https://esimerkki.fi/opas")
    assert "esimerkki.fi" not in first
    assert render_comment("Katso [opas].") == "<p>Katso [opas].</p>"


def test_threads_render_alike():
    texts = [f"Kommentti {n}: **tärkeä** kohta ja [linkki](https://a.fi/{n})" for n in range(40)]
    expected = [render_comment(text) for text in texts]
    with ThreadPoolExecutor(8) as pool:
        for _ in range(5):
            assert list(pool.map(render_comment, texts)) == expected


def cleaned_in_full(text: str) -> str:
    """``render_comment`` without its shortcut: every comment through the cleaner."""
    converter, cleaner = render._tools()
    return cleaner.clean(converter.reset().convert(text.replace("\x00", ""))).strip()


PROSE_PIECES = st.sampled_from(
    [
        "Asiakas", " odotti", " jonossa", " äänekkäästi", "Öljy", " ", "\n", "\n\n", "\t",
        "*", "**", "_", "`", "> ", "- ", "1. ", "# ", "    ", ".", ",", "!", "?", ":", ";",
        "&", "&amp;", "&copy;", "&#46;", "<", ">", '"', "'", "\\", "\r", "\x0c", "\x85",
        "\u00a0", "\u200b", "\ufeff", "\U0001f600", "fi", "www", "http://", "@", "3.",
        "a.fi", "(", ")", "[", "]", "~", "=", "|", "-", "---",
    ]
)  # fmt: skip


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(PROSE_PIECES, max_size=30).map("".join))
def test_the_shortcut_gives_what_the_cleaner_gives(text):
    assert render_comment(text) == cleaned_in_full(text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text())
def test_the_shortcut_gives_what_the_cleaner_gives_for_any_text(text):
    assert render_comment(text) == cleaned_in_full(text)


def test_the_shortcut_gives_what_the_cleaner_gives_for_hostile_text():
    for text in [*NASTY, *xss_payloads()]:
        assert render_comment(text) == cleaned_in_full(text), text


def test_the_shortcut_is_taken_for_prose_and_not_for_links_or_lists():
    converter, _ = render._tools()

    def plain(text: str) -> bool:
        return render._is_plain(converter.reset().convert(text))

    assert plain("Hyvä *huomio*, kiitos.\nToinen rivi &amp; **kolmas**.\n\n> Lainaus")
    assert plain("Vastaus: `koodi` & <b>ei tagia</b>")
    assert not plain("Katso esimerkki.fi")
    assert not plain("Katso [opas](https://a.fi)")
    assert not plain("- yksi\n- kaksi")
    assert not plain("# Otsikko")
