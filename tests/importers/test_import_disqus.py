"""Disqus XML through the real ``import`` command: threads matched to the site's articles by
their links (http/https, ``www.``, trailing slash, ``.html``, queries, old domains), flat posts
joined into threads through ``dsq:id`` even when a reply comes first."""

from __future__ import annotations

from import_site import DATA

WXR = DATA / "wordpress-1.2.xml"
DISQUS = DATA / "disqus.xml"


def disqus_rows(site) -> list[dict]:
    """The comments that came from Disqus (their import finding names it)."""
    return [
        row
        for row in site.comments()
        if any(f["code"] == "import.imported" and "Disqus" in f["message"] for f in row["findings"])
    ]


def test_threads_match_articles_by_loose_links(site):
    site.imported(str(WXR))
    report = site.imported(str(DISQUS))
    assert report["format"] == "disqus" and report["source"] == "disqus:muistikirja"
    rows = disqus_rows(site)
    first = next(r for r in rows if r["name"] == "Aino Kallio")
    reply = next(r for r in rows if r["name"] == "Jukka Parta")  # listed before its parent
    assert first["article"] == reply["article"] == "aitienpaivan-asiakaspalvelu"
    assert reply["parent_id"] == first["id"]
    assert first["body"] == (
        "Tämä kirjoitus sai minut miettimään omaa kauppaamme.\n\n"
        "Meillä jono on piilossa takahuoneessa."
    )
    assert first["email"] == "aino.kallio@example.com"
    assert {r["name"]: r["status"] for r in rows}["Halvat Lennot"] == "spam"
    assert not [r for r in rows if r["name"] == "Poistaja Nimi"]
    assert (
        "https://muistikirja.example.fi/2015/01/kirjoitus-jota-ei-ole/"
        in report["unmatched_threads"]
    )
    # a page has no comments: its thread matches nothing
    assert (
        "https://muistikirja.example.fi/tietoa-blogista/index.html" in report["unmatched_threads"]
    )
    assert report["skipped"]["kommentti: poistettu vanhassa blogissa"] == 1


def test_old_site_urls_limit_matching_to_the_old_domains(site):
    site.imported(str(WXR))
    everywhere = site.run(str(DISQUS), "--dry-run", "--json")
    assert everywhere.exit_code == 0
    assert "localhost" not in everywhere.stdout.split('"unmatched_threads"')[1].split("]")[0]
    limited = site.imported(str(DISQUS), "--old-site-url", "https://muistikirja.example.fi/")
    assert (
        "http://localhost:8080/2013/05/aitienpaivan-asiakaspalvelu/" in limited["unmatched_threads"]
    )
    assert not [r for r in site.comments() if r["name"] == "Testi Käyttäjä"]


def test_disqus_comments_on_a_site_without_those_articles_are_reported(site):
    report = site.imported(str(DISQUS))
    assert report["comments"] == {}
    assert len(report["unmatched_threads"]) == 4
    # every post of those threads, the deleted and the spam one too
    assert report["skipped"] == {"kommentti: sen Disqus-ketju ei vastaa artikkelia": 7}
    assert site.comments() == []


def test_disqus_matches_an_article_written_by_hand_by_its_slug(site):
    (site.content / "articles" / "jonot.md").write_text(
        "Title: Jonot\nDate: 2013-05-12 10:00\nSlug: aitienpaivan-asiakaspalvelu\n\nTeksti.\n",
        encoding="utf-8",
    )
    report = site.imported(str(DISQUS), "--old-site-url", "muistikirja.example.fi")
    assert report["comments"] == {"approved": 2, "spam": 1}
    assert {row["article"] for row in site.comments()} == {"aitienpaivan-asiakaspalvelu"}
