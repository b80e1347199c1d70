"""The commenter's name: a real name (given name + family name) or a recognised nickname.

Voikko knows many given names (`etunimi`) and family names (`sukunimi`), Finnish and foreign.
A name it does not know is judged by its shape: capitalised parts made of letters. Many Finnish
family names are ordinary words ("Kivi", "Mäki"), so after a known given name any capitalised
part is accepted as the family name.
"""

from __future__ import annotations

import re

from comments.policy.ads import URL, commercial_index, commercial_phrases
from comments.policy.finnish import Reading, readings, words
from comments.policy.model import Finding, PolicyContext, Span

_FIELD = "name"
_PARTICLES = frozenset(
    {"von", "van", "der", "den", "de", "af", "la", "le", "di", "da", "bin", "al"}
)
_NAME_PART = re.compile(r"^[^\W\d_]+(?:['’-][^\W\d_]+)*\.?$")
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_KEYBOARD = ("qwer", "wert", "asdf", "sdfg", "zxcv", "yxcv", "hjkl", "uiop", "ghjk", "jklö")
_VOWELS = frozenset("aeiouyäöåáéíóúàèìòùâêîôûëïü")
_MAX_PARTS = 5


def check_name(name: str, email: str, context: PolicyContext) -> list[Finding]:
    """Findings about the name field; `email` is the normalised lowercase address."""
    raw = name
    stripped = name.strip()
    whole = Span(_FIELD, 0, len(raw), raw)
    if not stripped:
        return [
            Finding(
                "identity.missing",
                "refuse",
                "Nimi puuttuu",
                "Kirjoita nimesi: etu- ja sukunimi tai moderaattorin hyväksymä nimimerkki.",
                _FIELD,
            )
        ]
    recognised = context.recognised_nicknames.get(email) if email else None
    if recognised and recognised == stripped.lower():
        return []
    if _EMAIL.search(stripped):
        return [_strong("identity.email", "Nimessä on sähköpostiosoite", whole)]
    if URL.search(stripped) or "http" in stripped.lower():
        return [_strong("identity.url", "Nimessä on verkko-osoite", whole)]
    commercial = _commercial_words(raw)
    if commercial:
        return [
            _strong(
                "identity.commercial_name",
                "Nimi on kaupallinen ilmaus: " + ", ".join(s.text for s in commercial),
                *commercial,
            )
        ]
    if _looks_random(stripped):
        return [_strong("identity.random", "Nimi on satunnaisia merkkejä", whole)]
    if recognised:
        return [
            _mild(
                "identity.nickname_mismatch",
                f"Tälle sähköpostiosoitteelle on hyväksytty nimimerkki «{recognised}», "
                "mutta nyt nimenä on jokin muu",
                whole,
            )
        ]
    return _judge_shape(stripped, raw, whole)


def _judge_shape(stripped: str, raw: str, whole: Span) -> list[Finding]:
    parts = stripped.split()
    letters = [c for c in stripped if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters) and len(parts) > 1:
        return [_mild("identity.shouting", "Nimi on kirjoitettu isoin kirjaimin", whole)]
    if len(parts) > _MAX_PARTS or not all(_NAME_PART.match(p) for p in parts):
        return [_nickname(whole)]
    classes = [_classes(p) for p in parts]
    if len(parts) == 1:
        if "etunimi" in classes[0]:
            return [
                Finding(
                    "identity.given_name_only",
                    "mild",
                    "Pelkkä etunimi",
                    "Kirjoita nimeksi etu- ja sukunimesi (tai pyydä moderaattoria hyväksymään "
                    "nimimerkkisi).",
                    _FIELD,
                    (whole,),
                )
            ]
        return [_nickname(whole)]
    significant = [
        (p, c) for p, c in zip(parts, classes, strict=True) if p.lower() not in _PARTICLES
    ]
    if not all(p[0].isupper() for p, _ in significant):
        return [_nickname(whole)]
    family = significant[1:]
    if "etunimi" in significant[0][1] and family:
        if all(len(p.rstrip(".")) == 1 for p, _ in family):
            return [
                _mild("identity.given_name_only", "Etunimi ja pelkkä alkukirjain", whole),
            ]
        return []
    # No known given name first: an ordinary word in its place makes it a nickname
    # ("Iloinen Asiakas"); a first part Voikko does not know is judged by its shape.
    first = significant[0][1]
    if first and not (first & {"etunimi", "sukunimi", "paikannimi"}):
        return [_nickname(whole)]
    return []


def _classes(part: str) -> frozenset[str]:
    analyses: tuple[Reading, ...] = readings(part.rstrip("."))
    return frozenset(r.word_class for r in analyses)


def _commercial_words(name: str) -> list[Span]:
    """Name words that are commercial phrases ("Halvat Lainat", "Pikavippi Heti")."""
    name_words = words(name)
    spans = []
    weights = commercial_phrases()
    covered: set[int] = set()
    for first, end, phrase in sorted(
        commercial_index().matches(name_words), key=lambda m: (m[0], -m[1])
    ):
        if first in covered:
            continue  # "Halvat" inside "Halvat Lainat"
        matched = name_words[first:end]
        person = any(r.proper_noun for w in matched for r in readings(w.text))
        if weights[phrase] == "weak" and person:
            continue  # "Laina Virtanen" is a person
        covered.update(range(first, end))
        start, stop = matched[0].start, matched[-1].end
        spans.append(Span(_FIELD, start, stop, name[start:stop]))
    return spans


def _looks_random(name: str) -> bool:
    lower = name.lower()
    if sum(c.isdigit() for c in lower) >= 3:
        return True
    if any(k in lower for k in _KEYBOARD):
        return True
    for part in re.findall(r"[^\W\d_]+", lower):
        if len(part) >= 4 and not (set(part) & _VOWELS):
            return True
        if re.search(r"[^aeiouyäöå\W\d_]{6,}", part):
            return True
    return sum(c.isalpha() for c in name) < 2


def _nickname(whole: Span) -> Finding:
    return Finding(
        "identity.nickname",
        "mild",
        "Nimimerkki tai nimi, joka ei näytä etu- ja sukunimeltä; moderaattori ei ole "
        "tunnistanut sitä tälle sähköpostiosoitteelle",
        "Kommentointiohjeet edellyttävät oikeaa nimeä (etu- ja sukunimi) tai moderaattorin "
        "hyväksymää nimimerkkiä.",
        _FIELD,
        (whole,),
    )


def _strong(code: str, message: str, *spans: Span) -> Finding:
    return Finding(
        code,
        "strong",
        message,
        "Kirjoita nimeksi oma nimesi: etu- ja sukunimi.",
        _FIELD,
        tuple(spans),
    )


def _mild(code: str, message: str, whole: Span) -> Finding:
    return Finding(code, "mild", message, None, _FIELD, (whole,))
