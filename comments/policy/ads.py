"""Advertising: commercial phrases, shop links, URL shorteners, phone numbers, repeated links
and a body that is mostly links.

A single weak signal (a word like "tarjous" in a complaint about an offer) is not advertising;
signals add up, and a link or phone number next to commercial phrases makes them strong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

from comments.policy.finnish import PhraseIndex, words
from comments.policy.model import Finding, Span
from comments.policy.normalise import NormalisedText

_TLDS = (
    "fi|com|net|org|io|ly|co|shop|store|info|biz|xyz|top|eu|me|app|online|site|club|casino|"
    "bet|ru|de|se|uk|us|to|gl|gd|cc|at|link|click|buzz|ee|nu|tv|ai|in|cn|pw|win|loan|sale|deals"
)
URL = re.compile(
    r"(?i)(?:\bhttps?://|\bwww\.)[^\s<>\"'()\[\]]+"
    r"|\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:" + _TLDS + r")\b(?:/[^\s<>\"'()\[\]]*)?"
)
_DOT_TLD = re.compile(r"(?i)\.(?:" + _TLDS + r")\b")
_PHONE = re.compile(
    r"(?<![\w+])(?:\+358[\s-]?|00358[\s-]?|\+\d{1,3}[\s-]?|0)\(?\d{1,3}\)?"
    r"(?:[\s-]?\d){5,10}(?![\d])"
)
# Price offers: "-30 %", "20 % alennus", "alkaen 299 €", "vain 9,90 €".
_OFFER = re.compile(
    r"(?i)(?<![\w-])-\s?\d{1,2}\s?%|\b\d{1,2}\s?%\s*(?:ale|alennus|alennusta|off)\b"
    r"|\b(?:alkaen|vain|hintaan|only)\s+\d+(?:[,.]\d{1,2})?\s?(?:€|eur|euroa|e)(?!\w)"
)
# "esimerkki(dot)fi", "esimerkki [piste] com", "www . esimerkki . fi"
_OBFUSCATED_DOT = re.compile(
    r"(?i)\b[a-z0-9-]{2,}\s*(?:[(\[{]\s*(?:dot|piste|\.)\s*[)\]}]|\s(?:dot|piste)\s)\s*"
    r"(?:" + _TLDS + r")\b|\bwww\s*\.\s+[a-z0-9-]+\s*\.\s*(?:" + _TLDS + r")\b"
)
_OBFUSCATION_HINT = re.compile(r"(?i)dot|piste|[(\[{]\s*\.|www\s*\.\s")
_CONTACT_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_QUOTED = re.compile(r"[\"“”„«»]([^\"“”„«»\n]{1,300})[\"“”„«»]")
# Sites whose business is spam's business (gambling, loans, pills, crypto), or affiliate codes.
_SPAM_TLDS = frozenset({"casino", "bet", "loan", "win", "click", "sale", "deals"})
_SPAM_WORDS = (
    "casino", "kasino", "laina", "vippi", "pharma", "pills", "viagra", "crypto", "bitcoin",
    "forex", "bonus", "betting", "slots", "bet365",
)  # fmt: skip
_AFFILIATE = re.compile(r"(?i)[?&](?:ref|aff|affid|affiliate|partner|coupon|promo|tracking_id)=")
# Shops and product pages: advertising only together with other signals, since people also
# link to the product they are complaining about.
_SHOP_TLDS = frozenset({"shop", "store"})
_SHOP_WORDS = ("kauppa", "shop", "store", "outlet", "deals", "tarjous", "alennus", "discount")
_SHOP_PATHS = re.compile(
    r"(?i)/(?:tuote|tuotteet|product|products|shop|kauppa|cart|ostoskori|checkout|kassa|p)(?:/|$)"
)
_PUBLIC = "Kommenttisi näyttää mainokselta. Mainokset eivät kuulu kommentteihin."


@dataclass(frozen=True)
class Link:
    start: int
    end: int
    text: str
    host: str


@lru_cache(maxsize=256)
def find_links(text: str) -> tuple[Link, ...]:
    """Links in `text`, with their lowercase host name."""
    if not _DOT_TLD.search(text):
        return ()
    links = []
    for m in URL.finditer(text):
        if m.start() and text[m.start() - 1] in "@.-":
            continue  # the domain of an email address, or the tail of a longer name
        raw = m.group().rstrip(".,;:!?")
        target = raw if "://" in raw else "http://" + raw
        host = (urlsplit(target).hostname or "").lower().removeprefix("www.")
        if "." in host:
            links.append(Link(m.start(), m.start() + len(raw), raw, host))
    return tuple(links)


def find_ads(norm: NormalisedText, field: str = "body") -> list[Finding]:
    """Advertising findings for the body text."""
    text = norm.original
    links = find_links(text)
    phones = [m for m in _PHONE.finditer(text) if 7 <= sum(c.isdigit() for c in m.group()) <= 14]
    strong, weak = _commercial_phrases(norm, bool(links))
    findings: list[Finding] = []

    def span(start: int, end: int) -> Span:
        return Span(field, start, end, text[start:end])

    shorteners = [link for link in links if is_shortener(link.host)]
    if shorteners:
        findings.append(
            _finding(
                "ads.shortener",
                "strong",
                "Lyhennetty linkki piilottaa kohteensa: " + ", ".join(s.host for s in shorteners),
                field,
                [span(s.start, s.end) for s in shorteners],
            )
        )
    kinds = {link: shop_kind(link.text, link.host) for link in links}
    shops = [link for link in links if kinds[link]]
    if shops:
        spammy = any(kinds[link] == "spam" for link in shops)
        findings.append(
            _finding(
                "ads.shop_link",
                "strong" if spammy or strong or weak else "info",
                "Linkki verkkokauppaan tai kaupalliseen palveluun: "
                + ", ".join(sorted({s.host for s in shops})),
                field,
                [span(s.start, s.end) for s in shops],
            )
        )
    targets = [link.text.lower().rstrip("/") for link in links]
    if len(links) >= 3 or len(targets) != len(set(targets)):
        findings.append(
            _finding(
                "ads.repeated_links",
                "strong",
                f"Useita linkkejä ({len(links)} kpl)",
                field,
                [span(link.start, link.end) for link in links],
            )
        )
    if links and _mostly_links(text, links):
        findings.append(
            _finding(
                "ads.mostly_link",
                "strong",
                "Kommentti on lähes pelkkä linkki",
                field,
                [span(link.start, link.end) for link in links],
            )
        )
    if "%" in text or "€" in text or "eur" in text.lower():
        weak += [("hintatarjous", *m.span()) for m in _OFFER.finditer(text)]
    obfuscated = list(_OBFUSCATED_DOT.finditer(text)) if _OBFUSCATION_HINT.search(text) else []
    if obfuscated:
        findings.append(
            _finding(
                "ads.obfuscated_link",
                "strong",
                "Verkko-osoite on kirjoitettu peitellysti",
                field,
                [span(*m.span()) for m in obfuscated],
            )
        )
    contacts = _CONTACT_EMAIL.findall(text) if "@" in text else []
    signals = bool(links or phones or contacts or obfuscated)
    if strong or (weak and signals) or len(weak) >= 3:
        matched = strong + weak
        severity = "strong" if strong or signals else "mild"
        names = ", ".join(dict.fromkeys(p for p, _, _ in matched))
        findings.append(
            _finding(
                "ads.commercial_phrase",
                severity,
                f"Kaupallisia ilmauksia: {names}",
                field,
                [span(s, e) for _, s, e in matched],
            )
        )
    elif weak:
        findings.append(
            Finding(
                "ads.commercial_word",
                "info",
                "Kaupallinen sana: " + ", ".join(dict.fromkeys(p for p, _, _ in weak)),
                None,
                field,
                tuple(span(s, e) for _, s, e in weak),
            )
        )
    if phones:
        others = any(f.severity == "strong" for f in findings) or strong or weak
        findings.append(
            _finding(
                "ads.phone",
                "strong" if others else "info",
                "Puhelinnumero" + (" mainoksen yhteydessä" if others else ""),
                field,
                [span(*m.span()) for m in phones],
            )
        )
    return findings


def is_shortener(host: str) -> bool:
    return host in shorteners() or any(host.endswith("." + s) for s in shorteners())


def is_shop_link(url: str, host: str) -> bool:
    """A link to a shop, a casino, a loan seller or with an affiliate code."""
    return bool(shop_kind(url, host))


def shop_kind(url: str, host: str) -> str:
    """ "spam" (gambling, loans, pills, affiliate codes), "shop" (a shop or product page) or ""."""
    labels = re.split(r"[.-]", host)
    names = labels[:-1]
    if labels[-1] in _SPAM_TLDS or _AFFILIATE.search(url):
        return "spam"
    if any(word in label for label in names for word in _SPAM_WORDS):
        return "spam"
    if labels[-1] in _SHOP_TLDS or any(word in label for label in names for word in _SHOP_WORDS):
        return "shop"
    return "shop" if _SHOP_PATHS.search(url) else ""


@lru_cache(maxsize=1)
def shorteners() -> frozenset[str]:
    text = resources.files("comments.policy").joinpath("data/shorteners.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


@lru_cache(maxsize=1)
def commercial_phrases() -> dict[tuple[str, ...], str]:
    """Commercial phrases (tuples of lemmas) and their weight, "strong" or "weak"."""
    text = resources.files("comments.policy").joinpath("data/commercial.tsv").read_text("utf-8")
    weights: dict[tuple[str, ...], str] = {}
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    for row in rows[1:]:
        phrase = tuple(row[0].lower().split())
        if phrase[0].startswith("=") and len(phrase) > 1:
            phrase = (phrase[0], *("=" + p.lstrip("=") for p in phrase[1:]))
        weights[phrase] = row[1]
    return weights


@lru_cache(maxsize=1)
def commercial_index() -> PhraseIndex:
    return PhraseIndex(commercial_phrases())


def _commercial_phrases(
    norm: NormalisedText, has_links: bool
) -> tuple[list[tuple[str, int, int]], list[tuple[str, int, int]]]:
    """Strong and weak phrase matches as (phrase, original start, original end)."""
    text_words = words(norm.text)
    quoted = [] if has_links else [m.span() for m in _QUOTED.finditer(norm.text)]
    result: dict[str, list[tuple[str, int, int]]] = {"strong": [], "weak": []}
    seen: set[tuple[int, int]] = set()
    weights = commercial_phrases()
    matches = commercial_index().matches(text_words)
    for weight in ("strong", "weak"):
        for first, end, phrase in matches:
            if weights[phrase] != weight:
                continue
            start_n, end_n = text_words[first].start, text_words[end - 1].end
            if any(qs <= start_n and end_n <= qe for qs, qe in quoted):
                continue  # a quoted slogan is not the commenter's advertising
            if any(s <= first < e for s, e in seen):
                continue
            seen.add((first, end))
            start, stop = norm.original_span(start_n, end_n)
            label = " ".join(p.lstrip("=") for p in phrase)
            result[weight].append((label, start, stop))
    return result["strong"], result["weak"]


def _mostly_links(text: str, links: tuple[Link, ...]) -> bool:
    link_chars = sum(len(link.text) for link in links)
    other = len(re.sub(r"\s", "", text)) - link_chars
    return link_chars >= 2 * other


def _finding(code: str, severity: str, message: str, field: str, spans: list[Span]) -> Finding:
    return Finding(code, severity, message, _PUBLIC, field, tuple(dict.fromkeys(spans)))
