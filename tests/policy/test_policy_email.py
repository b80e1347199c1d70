"""Email findings: syntax, disposable and blocked addresses (no network: deliverability off)."""

from comments.policy import PolicyContext, Submission, evaluate
from comments.policy.email_address import check_email, is_disposable

BODY = "Hyvä kirjoitus, kiitos."

DEFAULT = PolicyContext()


def result(email: str, context: PolicyContext = DEFAULT):
    return evaluate(Submission("Aino Virtanen", email, BODY), context)


def test_valid_address_passes_and_is_normalised():
    findings, normalised = check_email("  Aino.Virtanen@Example.FI ", PolicyContext())
    assert findings == []
    assert normalised == "aino.virtanen@example.fi"
    assert result("aino.virtanen@example.fi").decision == "pending"


def test_malformed_address_is_refused_with_finnish_message_for_the_email_field():
    for bad in ("aino", "aino@", "aino@@example.fi", "aino virtanen@example.fi", ""):
        evaluation = result(bad)
        assert evaluation.decision == "refused", bad
        [finding] = [f for f in evaluation.findings if f.severity == "refuse"]
        assert finding.code == "email.malformed"
        assert finding.field == "email"
        assert "sähköpostiosoite" in finding.public_message


def test_disposable_domain_is_refused():
    assert is_disposable("mailinator.com")
    assert is_disposable("sub.mailinator.com")
    assert not is_disposable("example.fi")
    evaluation = result("aino@mailinator.com")
    assert evaluation.decision == "refused"
    [finding] = evaluation.findings
    assert finding.code == "email.disposable"
    assert "Kertakäyttöisellä" in finding.public_message
    assert finding.spans[0].text == "aino@mailinator.com"


def test_blocked_email_and_domain_from_moderators():
    context = PolicyContext(
        blocked_emails=frozenset({"spam@example.fi"}), blocked_domains=frozenset({"roska.fi"})
    )
    assert [f.code for f in result("Spam@Example.fi", context).findings] == ["email.blocked"]
    assert [f.code for f in result("a@mail.roska.fi", context).findings] == ["email.domain_blocked"]
    assert result("aino@example.fi", context).decision == "pending"


def test_allowed_domain_overrides_disposable_list():
    context = PolicyContext(allowed_domains=frozenset({"mailinator.com"}))
    assert result("aino@mailinator.com", context).decision == "pending"


def test_to_json_has_the_stable_shape():
    data = result("aino@mailinator.com").to_json()
    assert set(data) == {"decision", "findings", "substance"}
    assert data["findings"] == [
        {
            "code": "email.disposable",
            "severity": "refuse",
            "message": "Kertakäyttöinen sähköpostipalvelu (mailinator.com)",
        }
    ]
    assert isinstance(data["substance"], int)
