"""The commenter's website: an http(s) address with a real host name (IDN allowed), or a Finnish
reason saying what is wrong with it.

"Kernel.exit(1)" or "%*.*s" is not an address, however a browser would complete it; the reasons
name the problem ("osoitteessa on välilyönti", "osoitteesta puuttuu verkkotunnus") so the
commenter can fix it. The comment form's own check in the browser uses the same messages.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import idna

WEBSITE_MESSAGES = {
    "website_space": "Verkkosivun osoitteessa on välilyönti. Osoitteessa ei voi olla välilyöntejä.",
    "website_char": "Verkkosivun osoitteessa on merkki, jota osoitteessa ei voi olla: {chars}",
    "website_scheme": "Verkkosivun osoitteen pitää alkaa http:// tai https://.",
    "website_host_missing": (
        "Verkkosivun osoitteesta puuttuu verkkotunnus. Kirjoita osoite muodossa "
        "https://www.esimerkki.fi."
    ),
    "website_host_chars": (
        "Verkkosivun osoitteen verkkotunnuksessa on merkkejä, joita siinä ei voi olla: {chars}"
    ),
    "website_tld": (
        "Verkkosivun osoitteen verkkotunnuksesta puuttuu pääte, esimerkiksi .fi tai .com."
    ),
    "website_host_invalid": (
        "Verkkosivun osoitteen verkkotunnus ei kelpaa. Tarkista osoite, esimerkiksi "
        "https://www.esimerkki.fi."
    ),
    "website_port": "Verkkosivun osoitteen porttinumero ei kelpaa.",
    "website_userinfo": (
        "Verkkosivun osoitteessa ei voi olla käyttäjätunnusta (@-merkki ennen verkkotunnusta)."
    ),
}

_FORBIDDEN = set("<>\"'\\`{}|^")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):(?!\d)", re.IGNORECASE)
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_TOP_LABEL = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
_HOST_CHAR = re.compile(r"[\w.-]")


def check_website(website: str) -> tuple[str, str | None]:
    """The address to store (``https://`` added when no scheme was typed) and the Finnish
    reason it is not acceptable (None when it is). An empty website is acceptable."""
    url = website.strip()
    if not url:
        return "", None
    if any(c.isspace() for c in url):
        return url, WEBSITE_MESSAGES["website_space"]
    bad = sorted({c for c in url if c in _FORBIDDEN or ord(c) < 32 or ord(c) == 127})
    if bad:
        return url, WEBSITE_MESSAGES["website_char"].format(chars=_shown(bad))
    if "://" not in url:
        if _SCHEME.match(url):
            return url, WEBSITE_MESSAGES["website_scheme"]
        url = "https://" + url
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed "[" of an IPv6 address
        return url, WEBSITE_MESSAGES["website_host_invalid"]
    try:
        port = parts.port
    except ValueError:
        return url, WEBSITE_MESSAGES["website_port"]
    if parts.scheme.lower() not in ("http", "https"):
        return url, WEBSITE_MESSAGES["website_scheme"]
    if "@" in parts.netloc:
        return url, WEBSITE_MESSAGES["website_userinfo"]
    host = parts.hostname or ""
    if port == 0:
        return url, WEBSITE_MESSAGES["website_port"]
    return url, host_problem(host)


def host_problem(host: str) -> str | None:
    """Why ``host`` is not a host name on the internet, or None."""
    host = host.rstrip(".")
    if not host:
        return WEBSITE_MESSAGES["website_host_missing"]
    bad = sorted({c for c in host if not _HOST_CHAR.match(c) or c == "_"})
    if bad:
        return WEBSITE_MESSAGES["website_host_chars"].format(chars=_shown(bad))
    if "." not in host:
        return WEBSITE_MESSAGES["website_tld"]
    try:
        ascii_host = idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError:
        return WEBSITE_MESSAGES["website_host_invalid"]
    labels = ascii_host.split(".")
    if len(ascii_host) > 253 or not all(_LABEL.match(label) for label in labels):
        return WEBSITE_MESSAGES["website_host_invalid"]
    if not _TOP_LABEL.match(labels[-1]):
        return WEBSITE_MESSAGES["website_tld"]
    return None


def _shown(chars: list[str]) -> str:
    return " ".join(repr(c) if ord(c) < 32 or ord(c) == 127 else c for c in chars)
