"""Finnish names of the comment policy's finding codes, for the moderator's eyes: the queue's
finding filter, each comment's findings and the bulk confirmation. A code not listed here (a new
policy check) is shown as itself rather than hidden."""

from __future__ import annotations

FINDING_NAMES = {
    "identity.missing": "Nimi puuttuu",
    "identity.email": "Nimessä sähköpostiosoite",
    "identity.url": "Nimessä verkko-osoite",
    "identity.commercial_name": "Yrityksen tai tuotteen nimi",
    "identity.random": "Satunnaisia merkkejä nimenä",
    "identity.nickname": "Nimimerkki",
    "identity.nickname_mismatch": "Tunnistettu nimimerkki väärästä osoitteesta",
    "identity.shouting": "Nimi isoin kirjaimin",
    "identity.given_name_only": "Pelkkä etunimi",
    "email.malformed": "Virheellinen sähköpostiosoite",
    "email.disposable": "Kertakäyttöinen sähköpostiosoite",
    "email.blocked": "Estetty sähköpostiosoite",
    "email.domain_blocked": "Estetty verkkotunnus",
    "email.domain_unverified": "Verkkotunnusta ei voitu tarkistaa",
    "email.undeliverable": "Osoitteeseen ei voi lähettää postia",
    "civility.vulgar": "Alatyylinen kieli",
    "civility.insult": "Loukkaus",
    "civility.slur": "Herjaava nimitys",
    "civility.threat": "Uhkaava ilmaus",
    "civility.incitement": "Kiihottava ilmaus",
    "civility.blocked": "Estetty sana",
    "civility.harassment": "Seksuaalinen häirintä",
    "ads.commercial_word": "Mainossana",
    "ads.commercial_phrase": "Mainoslause",
    "ads.mostly_link": "Pelkkä linkki",
    "ads.obfuscated_link": "Naamioitu linkki",
    "ads.phone": "Puhelinnumero",
    "ads.repeated_links": "Toistuvat linkit",
    "ads.shop_link": "Linkki verkkokauppaan",
    "ads.shortener": "Lyhennetty linkki",
    "ads.website_malformed": "Virheellinen verkkosivuosoite",
    "ads.website_shop": "Verkkosivuna verkkokauppa",
    "illegal.hetu": "Henkilötunnus",
    "illegal.card_number": "Maksukortin numero",
    "illegal.threat": "Uhkaus",
    "illegal.incitement": "Kehotus väkivaltaan",
    "spam.clear": "Selvä roskaposti",
    "spam.honeypot": "Ansakenttä täytetty",
    "review.sent_anyway": "Lähetetty huomautuksesta huolimatta",
    "import.imported": "Tuotu toisesta blogista",
    "import.flagged": "Tuotu, ja käytäntö huomautti",
}
GROUP_NAMES = {
    "identity": "Nimi",
    "email": "Sähköposti",
    "civility": "Hyvät tavat",
    "ads": "Mainonta",
    "illegal": "Laiton sisältö",
    "spam": "Roskaposti",
    "review": "Lukijan huomautus",
    "import": "Tuodut kommentit",
}


def finding_name(code: str) -> str:
    """The Finnish name of a finding code (or of a group such as "civility")."""
    if code in FINDING_NAMES:
        return FINDING_NAMES[code]
    if code in GROUP_NAMES:
        return f"{GROUP_NAMES[code]} (kaikki)"
    return code
