"""Bad input through the real ``import`` command: every file here gets a clear Finnish message,
exit status 1, and changes nothing (no comment stored, no file written), whether the problem is
at the start of the file or after posts and comments were already read."""

from __future__ import annotations

import gzip
import zipfile

import pytest
from import_site import DATA

WXR = DATA / "wordpress-1.2.xml"


def refused(site, path, *expected: str) -> str:
    """Import ``path``; assert it was refused with ``expected`` in the message and that the
    site is untouched. Returns the message."""
    result = site.run(str(path))
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    message = result.stderr
    assert message.startswith("Virhe: "), message
    for part in expected:
        assert part in message, message
    assert message.rstrip().endswith("Mitään ei tuotu eikä muutettu.")
    assert site.comments() == []
    assert site.files() == {}
    assert sorted(p.name for p in site.content.iterdir()) == ["articles", "pages"]
    return message


def write(tmp_path, name: str, data: bytes | str):
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def test_an_empty_file(site, tmp_path):
    refused(site, write(tmp_path, "tyhja.xml", b""), "on tyhjä")
    refused(site, write(tmp_path, "valeita.xml", b"  \n\t\n"), "on tyhjä")


@pytest.mark.parametrize(
    "name, text",
    [
        ("sivu.html", "<!DOCTYPE html><html><head><title>Blogi</title></head><body></body></html>"),
        ("data.json", '{"posts": [{"title": "Ei XML:ää"}]}'),
        (
            "uutiset.rss",
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Uutiset</title>'
            "<item><title>Tavallinen RSS</title></item></channel></rss>",
        ),
        ("atom.xml", '<feed xmlns="http://www.w3.org/2005/Atom"><title>Muu syöte</title></feed>'),
        ("kuva.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
    ],
)
def test_a_file_of_another_kind(site, tmp_path, name, text):
    refused(site, write(tmp_path, name, text), "ei ole WordPressin (WXR), Bloggerin eikä Disqusin")


def test_a_zip_archive_is_named_as_such(site, tmp_path):
    archive = tmp_path / "takeout.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("Takeout/Blogger/feed.atom", "<feed/>")
    refused(site, archive, "zip-paketti", "feed.atom")


def test_billion_laughs_is_refused_without_expanding_anything(site):
    refused(site, DATA / "billion-laughs.xml", "XML-entiteettejä", "billion laughs")


def test_external_entities_are_refused_and_nothing_is_fetched(site):
    message = refused(site, DATA / "external-entity.xml", "XML-entiteettejä")
    assert "root:" not in message


def test_an_invalid_control_character_after_posts_were_read(site, tmp_path):
    text = WXR.read_text(encoding="utf-8")
    broken = text.replace("Tietoa blogista]]></title>", "Tietoa\x01blogista]]></title>")
    assert broken != text
    message = refused(site, write(tmp_path, "ohjausmerkki.xml", broken), "ei kelpaa XML:ään")
    line = broken[: broken.index("\x01")].count("\n") + 1
    assert f"rivillä {line}" in message


def test_a_truncated_export_rolls_back_what_was_read_before(site, tmp_path):
    text = WXR.read_text(encoding="utf-8")
    cut = text[: text.index("<title><![CDATA[Poistettu kirjoitus")]
    assert "<wp:comment_id>18</wp:comment_id>" in cut  # the first post and comments came first
    refused(site, write(tmp_path, "katkennut.xml", cut), "loppuu kesken", "Vie blogi uudelleen")


def test_a_truncated_gzip_file(site, tmp_path):
    data = gzip.compress(WXR.read_bytes())
    refused(site, write(tmp_path, "vienti.xml.gz", data[: len(data) // 2]), "vioittunut")


def test_a_gzipped_export_is_read(site, tmp_path):
    report = site.imported(str(write(tmp_path, "vienti.xml.gz", gzip.compress(WXR.read_bytes()))))
    assert (report["format"], report["articles"]) == ("wxr", 3)


def test_broken_tags_in_the_middle(site, tmp_path):
    text = WXR.read_text(encoding="utf-8").replace("</wp:post_type>", "</wp:post_tyyppi>", 2)
    refused(site, write(tmp_path, "rikki.xml", text), "rivillä")


def test_an_undeclared_prefix_nobody_knows_is_declared_and_read(site, tmp_path):
    text = WXR.read_text(encoding="utf-8").replace(
        "<wp:is_sticky>0</wp:is_sticky>",
        "<wp:is_sticky>0</wp:is_sticky><tuntematon:lisa a='1'/>",
        1,
    )
    report = site.imported(str(write(tmp_path, "etuliite.xml", text)))
    assert report["articles"] == 3


def test_a_failure_while_writing_files_rolls_back_the_store(site, monkeypatch):
    from comments.importers import staged_files

    def full_disk(self):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(staged_files.StagedFiles, "commit", full_disk)
    result = site.run(str(WXR))
    assert result.exit_code == 1
    assert "ei voitu kirjoittaa sisältökansioon: No space left on device" in result.stderr
    assert site.comments() == []
    assert site.files() == {}
    assert [p.name for p in site.content.iterdir() if p.name.startswith(".")] == []


def test_a_large_export_is_read_in_bounded_memory(tmp_path):
    """20 MB of posts through the streaming reader: the memory it holds at its peak is a small
    fraction of the file, because each record is freed once handed over."""
    import tracemalloc

    from comments.importers import wxr, xml_source
    from comments.importers.model import Post

    path = tmp_path / "suuri.xml"
    paragraph = "Asiakaspalvelun jonot ja odotusajat puhuttavat. " * 40
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/" ')
        out.write('xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>')
        for number in range(1, 10_001):
            out.write(
                f"<item><title>Kirjoitus {number}</title><wp:post_id>{number}</wp:post_id>"
                f"<content:encoded><![CDATA[{paragraph}]]></content:encoded>"
                "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>\n"
            )
        out.write("</channel></rss>")
    size = path.stat().st_size
    assert size > 20_000_000
    tracemalloc.start()
    try:
        with xml_source.open_export(path) as handle:
            records = wxr.read(xml_source.records(handle, wxr.DEPTH))
            posts = sum(1 for record in records if isinstance(record, Post))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert posts == 10_000
    assert peak < size / 20, peak


def refused_arguments(site, *args: str) -> str:
    """Run the import with ``args``; assert a Finnish refusal and an untouched site."""
    result = site.run(*args)
    assert result.exit_code == 1, result.output
    message = result.stderr
    assert message.startswith("Virhe: ") and "Error" not in message, message
    assert message.rstrip().endswith("Mitään ei tuotu eikä muutettu.")
    assert site.comments() == []
    assert site.files() == {}
    return message


def test_mistaken_arguments_are_told_in_finnish(site, tmp_path):
    assert "ei ole. Tarkista polku" in refused_arguments(site, str(tmp_path / "puuttuu.xml"))
    assert "on kansio" in refused_arguments(site, str(tmp_path))
    assert "Tuntematon muoto joomla" in refused_arguments(site, str(WXR), "--format", "joomla")
    message = refused_arguments(site, str(WXR), "--uploads", str(tmp_path / "ei-kuvia"))
    assert "Kuvakansiota" in message and "--uploads" in message


def test_a_format_that_contradicts_the_file(site):
    message = refused_arguments(site, str(WXR), "--format", "disqus")
    assert "WordPress (WXR) -vienti, mutta --format on disqus" in message
    assert "--format wxr" in message


def test_an_export_with_nothing_in_it(site, tmp_path):
    empty = write(
        tmp_path,
        "tyhja-vienti.xml",
        '<?xml version="1.0"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">'
        "<channel><title>Uusi blogi</title><link>https://uusi.example</link>"
        "<wp:wxr_version>1.2</wp:wxr_version></channel></rss>",
    )
    refused(site, empty, "ei ole yhtään kirjoitusta eikä kommenttia")
