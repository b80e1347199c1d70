"""The commenter's email address: syntax, disposable and blocked domains, and (only when the
context asks for it) whether the domain can receive mail."""

from __future__ import annotations

from functools import lru_cache

from email_validator import EmailNotValidError, EmailUndeliverableError, validate_email

from comments.policy.model import Finding, PolicyContext, Span

_FIELD = "email"


def check_email(address: str, context: PolicyContext) -> tuple[list[Finding], str]:
    """Findings for the address, and its normalised lowercase form ("" when malformed)."""
    raw = address.strip()
    whole = _span(address)
    checked = _syntax(raw)
    if isinstance(checked, str):
        return [_malformed(whole, checked)], ""
    normalised, domain = checked
    if normalised in context.allowed_emails:
        return [], normalised
    if normalised in context.blocked_emails:
        return [
            _refuse(
                "email.blocked",
                "Sähköpostiosoite on moderaattorin estolistalla",
                "Tällä sähköpostiosoitteella ei voi kommentoida. Käytä toista osoitetta.",
                whole,
            )
        ], normalised
    if _domain_in(domain, context.allowed_domains):
        return [], normalised
    if _domain_in(domain, context.blocked_domains):
        return [
            _refuse(
                "email.domain_blocked",
                f"Verkkotunnus {domain} on moderaattorin estolistalla",
                f"Osoitteilla verkkotunnuksessa {domain} ei voi kommentoida. "
                "Käytä toista sähköpostiosoitetta.",
                whole,
            )
        ], normalised
    if is_disposable(domain):
        return [
            _refuse(
                "email.disposable",
                f"Kertakäyttöinen sähköpostipalvelu ({domain})",
                "Kertakäyttöisellä sähköpostiosoitteella ei voi kommentoida. "
                "Käytä omaa, pysyvää sähköpostiosoitettasi.",
                whole,
            )
        ], normalised
    if context.check_deliverability:
        return _deliverability(raw, whole, domain, context.dns_timeout), normalised
    return [], normalised


@lru_cache(maxsize=4096)
def _syntax(raw: str) -> tuple[str, str] | str:
    """(normalised address, ASCII domain), both lowercase, or why the address is malformed."""
    try:
        valid = validate_email(raw, check_deliverability=False)
    except EmailNotValidError as error:
        return str(error)
    return valid.normalized.lower(), valid.ascii_domain.lower()


def is_disposable(domain: str) -> bool:
    """Whether `domain` or a parent domain is a known disposable-mail service."""
    return _domain_in(domain, _disposable_domains())


@lru_cache(maxsize=1)
def _disposable_domains() -> frozenset[str]:
    from disposable_email_domains import blocklist

    return frozenset(blocklist)


def _domain_in(domain: str, domains: frozenset[str]) -> bool:
    labels = domain.split(".")
    return any(".".join(labels[i:]) in domains for i in range(len(labels) - 1))


def _deliverability(raw: str, whole: Span, domain: str, timeout: float) -> list[Finding]:
    try:
        result = validate_email(raw, check_deliverability=True, timeout=timeout)
    except EmailUndeliverableError:
        return [
            _refuse(
                "email.undeliverable",
                f"Verkkotunnus {domain} ei vastaanota sähköpostia",
                f"Verkkotunnukseen {domain} ei voi lähettää sähköpostia. "
                "Tarkista sähköpostiosoitteen kirjoitusasu.",
                whole,
            )
        ]
    except EmailNotValidError as error:
        return [_malformed(whole, str(error))]
    if getattr(result, "mx", None) is None and not getattr(result, "mx_fallback_type", None):
        return [
            Finding(
                "email.domain_unverified",
                "mild",
                f"Verkkotunnuksen {domain} postipalvelinta ei saatu tarkistettua",
                None,
                _FIELD,
                (whole,),
            )
        ]
    return []


def _span(address: str) -> Span:
    """The address without surrounding whitespace, with offsets into the field as typed."""
    start = len(address) - len(address.lstrip())
    raw = address.strip()
    return Span(_FIELD, start, start + len(raw), raw)


def _malformed(whole: Span, reason: str) -> Finding:
    return _refuse(
        "email.malformed",
        f"Virheellinen sähköpostiosoite ({reason})",
        "Tarkista sähköpostiosoite: sen pitää olla muotoa nimi@esimerkki.fi.",
        whole,
    )


def _refuse(code: str, message: str, public: str, whole: Span) -> Finding:
    return Finding(code, "refuse", message, public, _FIELD, (whole,))
