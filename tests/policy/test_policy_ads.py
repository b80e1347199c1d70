"""Advertising findings and the spam decision."""

from comments.policy import Submission, evaluate
from comments.policy.ads import find_ads
from comments.policy.normalise import normalise


def ads(text: str) -> dict[str, str]:
    return {f.code: f.severity for f in find_ads(normalise(text))}


def decide(body: str, name: str = "Aino Virtanen", website: str = "") -> str:
    return evaluate(Submission(name, "aino@example.fi", body, website)).decision


def test_url_shortener_is_strong():
    assert (
        ads("Katso tämä juttu https://bit.ly/3xYz ja kerro mitä mieltä olet.")["ads.shortener"]
        == "strong"
    )
    assert "ads.shortener" in ads("Lisää tietoa: tinyurl.com/abc123 täältä, kannattaa lukea.")


def test_shop_and_affiliate_links():
    assert "ads.shop_link" in ads("Hyvät renkaat löytyy täältä https://rengasnetti.fi/r?aff=88 !")
    assert "ads.shop_link" in ads("Uudet kengät: https://kenkakauppa.store nyt myynnissä.")
    assert "ads.shop_link" in ads("Sohvat: https://example.fi/tuote/sohva-123 edullisesti.")


def test_source_link_in_argued_comment_is_not_advertising():
    body = (
        "Kirjoituksen lähteenä mainittu tutkimus löytyy täältä: "
        "https://www.kkv.fi/tutkimukset/kuluttajakysely-2023 ja se kannattaa lukea kokonaan."
    )
    assert ads(body) == {}
    assert decide(body) == "pending"


def test_repeated_links_and_body_that_is_mostly_links():
    found = ads("https://esimerkki.fi/a https://esimerkki.fi/a")
    assert found["ads.repeated_links"] == "strong"
    assert found["ads.mostly_link"] == "strong"
    assert ads("Kolme linkkiä: a.fi/1, b.fi/2 ja c.fi/3 kertovat samaa.")["ads.repeated_links"]


def test_two_sources_from_one_site_are_not_repeated_links():
    body = (
        "Aiheesta on kaksi hyvää juttua: https://yle.fi/a/74-123 ja https://yle.fi/a/74-456, "
        "joissa kerrotaan kuluttajariitalautakunnan ruuhkasta tarkemmin."
    )
    assert ads(body) == {}


def test_email_address_domain_is_not_a_link():
    assert ads("Kysy lisää osoitteesta tietosuoja@vastine.example.fi, vastaamme pian.") == {}


def test_commercial_phrases_match_on_lemmas():
    assert ads("Halvat lainat nopeasti!")["ads.commercial_phrase"] == "strong"
    assert ads("Tarjoamme halpoja lainoja kaikille.")["ads.commercial_phrase"] == "strong"
    assert "ads.commercial_phrase" in ads("Hae lainaa ilman vakuuksia.")
    assert "ads.commercial_phrase" in ads("Uusi nettikasino ja 50 ilmaiskierrosta.")


def test_commercial_words_in_a_complaint_are_not_advertising():
    body = "Kaupan tarjous oli harhaanjohtava: alennus koski vain yhtä kokoa."
    assert {c: s for c, s in ads(body).items() if s != "info"} == {}


def test_quoted_slogan_is_not_advertising():
    body = 'Yhtiön iskulause "Osta nyt, maksa myöhemmin" houkuttelee nuoria velkaantumaan.'
    assert ads(body) == {}
    assert "ads.commercial_phrase" in ads("Osta nyt, maksa myöhemmin!")


def test_phone_number_alone_is_information_with_advertising_strong():
    assert ads("Asiakaspalvelun numero 0800 123 456 ei vastaa iltaisin.")["ads.phone"] == "info"
    found = ads("Pikavippi heti, soita 040 123 4567!")
    assert found["ads.phone"] == "strong"
    assert found["ads.commercial_phrase"] == "strong"


def test_international_phone_number():
    assert "ads.phone" in ads("Lähetä viesti numeroon +358 45 123 4567, ilmainen arvio.")


def test_clear_spam_is_decided_spam():
    assert decide("Halvat lainat ilman luottotietoja! https://bit.ly/xyz") == "spam"
    assert decide("https://kasino.example.com/bonus") == "spam"
    assert decide("Hae lainaa heti!", name="Halvat Lainat") == "spam"


def test_single_ads_signal_waits_for_a_moderator():
    assert decide("Tilaa nyt uutuustuotteemme!") == "pending"


def test_website_field_shortener_and_shop():
    result = evaluate(
        Submission("Aino Virtanen", "aino@example.fi", "Hyvä kirjoitus.", "https://bit.ly/x")
    )
    [finding] = [f for f in result.findings if f.code == "ads.shortener"]
    assert finding.field == "website"
    result = evaluate(
        Submission("Aino Virtanen", "aino@example.fi", "Hyvä.", "https://www.aino-virtanen.fi")
    )
    assert not [f for f in result.findings if f.field == "website"]


def test_spans_point_at_links():
    text = "Katso https://bit.ly/abc nyt"
    [finding] = [f for f in find_ads(normalise(text)) if f.code == "ads.shortener"]
    assert finding.spans[0].text == "https://bit.ly/abc"
    assert text[finding.spans[0].start : finding.spans[0].end] == "https://bit.ly/abc"


def test_price_offer_with_a_link_or_contact_address():
    assert ads("Kaikki -70 %! Tervetuloa: kenkaparatiisi.fi")["ads.commercial_phrase"] == "strong"
    found = ads("Nettisivut alkaen 299 €, ota yhteyttä: info@webtoimisto.fi")
    assert found["ads.commercial_phrase"] == "strong"
    assert "ads.commercial_phrase" not in ads("Alennus oli vain -10 %, mikä harmitti.")


def test_obfuscated_link_is_strong():
    assert ads("Parhaat bonukset: kasinot24(dot)com")["ads.obfuscated_link"] == "strong"
    assert ads("Katso www . halvat . fi heti")["ads.obfuscated_link"] == "strong"


def test_link_to_the_product_complained_about_is_not_advertising():
    body = "Ostin takin, https://kauppa.example.fi/tuote/123, ja sauma repesi viikossa."
    assert {c: s for c, s in ads(body).items() if s != "info"} == {}
    assert ads("Kasinon bonukset: https://kasino.example.com")["ads.shop_link"] == "strong"
