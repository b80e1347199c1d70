"""`evaluate`: a submission and what moderators have taught -> findings, substance, decision."""

from __future__ import annotations

from comments.policy.ads import find_ads, find_links, is_shop_link, is_shortener
from comments.policy.civility import find_civility
from comments.policy.email_address import check_email
from comments.policy.identity import check_name
from comments.policy.illegal import find_illegal
from comments.policy.model import (
    SEVERITY_RANK,
    Decision,
    Evaluation,
    Finding,
    PolicyContext,
    Span,
    Submission,
)
from comments.policy.normalise import normalise
from comments.policy.quotations import demote_quoted
from comments.policy.substance import score_substance
from comments.policy.website import check_website
from comments.policy.wordlist import lexicon

_DEFAULT_CONTEXT = PolicyContext()


def evaluate(submission: Submission, context: PolicyContext = _DEFAULT_CONTEXT) -> Evaluation:
    """Check a comment against the comment policy.

    "refused" means input the commenter must fix (see each refusing finding's public_message);
    "spam" means clear advertising, kept for review but never published; everything else is
    "pending" for a moderator, with the findings to inform the decision.
    """
    findings: list[Finding] = []
    email_findings, email = check_email(submission.email, context)
    findings += email_findings
    findings += check_name(submission.name, email, context)
    words_lexicon = lexicon(context.blocked_words)
    findings += find_civility(normalise(submission.name), words_lexicon, field="name")
    body = normalise(submission.body)
    findings += demote_quoted(
        find_civility(body, words_lexicon) + find_illegal(body), submission.body
    )
    findings += find_ads(body)
    findings += _check_website(submission.website)
    spam_reason = _clear_spam(findings)
    if spam_reason:
        findings.append(Finding("spam.clear", "info", spam_reason))
    findings.sort(key=lambda f: -SEVERITY_RANK[f.severity])
    return Evaluation(
        decision=_decide(findings, bool(spam_reason)),
        findings=tuple(findings),
        substance=score_substance(body.text, findings),
    )


def _decide(findings: list[Finding], spam: bool) -> Decision:
    if any(f.severity == "refuse" for f in findings):
        return "refused"
    return "spam" if spam else "pending"


def _clear_spam(findings: list[Finding]) -> str:
    """Why the comment is clear spam, or "" when a moderator should read it first."""
    strong_ads = {f.code for f in findings if f.code.startswith("ads.") and f.severity == "strong"}
    codes = {f.code for f in findings}
    if "ads.mostly_link" in strong_ads:
        return "Selvä roskaposti: kommentti on pelkkä linkki"
    if len(strong_ads) >= 2:
        return "Selvä roskaposti: useita vahvoja mainoksen tunnusmerkkejä"
    if "identity.commercial_name" in codes and (strong_ads or "ads.website_shop" in codes):
        return "Selvä roskaposti: kaupallinen nimi ja mainos"
    return ""


def _check_website(website: str) -> list[Finding]:
    url = website.strip()
    if not url:
        return []
    links = find_links(url)
    _, problem = check_website(url)
    if problem or not links:
        return [
            Finding(
                "ads.website_malformed",
                "mild",
                "Kotisivun osoite ei ole verkko-osoite",
                problem or "Tarkista kotisivun osoite (esimerkiksi https://www.esimerkki.fi).",
                "website",
                (Span("website", 0, len(website), website),),
            )
        ]
    link = links[0]
    span = (Span("website", link.start, link.end, link.text),)
    if is_shortener(link.host):
        return [
            Finding(
                "ads.shortener",
                "strong",
                "Kotisivu on lyhennetty linkki, joka piilottaa kohteensa",
                "Kirjoita kotisivun osoite kokonaan, ei lyhennettynä.",
                "website",
                span,
            )
        ]
    if is_shop_link(link.text, link.host):
        return [
            Finding(
                "ads.website_shop",
                "mild",
                f"Kotisivu on kauppa tai kaupallinen palvelu ({link.host})",
                None,
                "website",
                span,
            )
        ]
    return []


def clear_caches() -> None:
    """Forget every cached analysis (for cold-start measurements)."""
    from comments.policy import (
        ads,
        email_address,
        finnish,
        illegal,
        quotations,
        substance,
        threat_frames,
        wordlist,
    )

    for cached in (
        finnish.readings,
        finnish.stems,
        finnish.lemmas,
        finnish.words,
        wordlist.lexicon,
        ads.find_links,
        ads.commercial_index,
        illegal._features,
        illegal._marks,
        threat_frames.may_frame,
        quotations._second_person,
        quotations._reports,
        substance._kinds,
        email_address._syntax,
    ):
        cached.cache_clear()
