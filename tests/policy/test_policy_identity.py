"""Identity findings: real names, names Voikko does not know, nicknames, commercial names."""

import pytest

from comments.policy import PolicyContext, Submission, evaluate
from comments.policy.identity import check_name

EMAIL = "aino@example.fi"

DEFAULT = PolicyContext()


def codes(name: str, context: PolicyContext = DEFAULT) -> dict[str, str]:
    return {f.code: f.severity for f in check_name(name, EMAIL, context)}


@pytest.mark.parametrize(
    "name",
    [
        "Matti Virtanen",
        "Aino Mäkinen",
        "Aleksis Kivi",  # family name that is an ordinary word
        "Anna-Liisa Korhonen",
        "Olusegun Adeyemi",  # not in Voikko: judged by shape
        "John Smith",
        "Laina Virtanen",  # a given name that is also a commercial word
        "Ludwig van Beethoven",
        "Zoë Ångström",
    ],
)
def test_real_names_pass(name):
    assert codes(name) == {}, name


def test_given_name_alone_is_mild():
    assert codes("Matti") == {"identity.given_name_only": "mild"}
    assert codes("Matti V.") == {"identity.given_name_only": "mild"}


def test_commercial_name_is_strong():
    assert codes("Halvat Lainat") == {"identity.commercial_name": "strong"}
    assert codes("Pikavippi Heti") == {"identity.commercial_name": "strong"}


def test_url_email_and_random_characters_are_strong():
    assert codes("www.halpalainat.fi") == {"identity.url": "strong"}
    assert codes("Matti https://x.fi") == {"identity.url": "strong"}
    assert codes("aino@example.fi") == {"identity.email": "strong"}
    assert codes("xkcdqzt") == {"identity.random": "strong"}
    assert codes("asdfgh") == {"identity.random": "strong"}
    assert codes("Matti 12345") == {"identity.random": "strong"}


def test_nickname_needs_a_moderator():
    assert codes("Iloinen Asiakas") == {"identity.nickname": "mild"}
    assert codes("kahvinjuoja") == {"identity.nickname": "mild"}
    context = PolicyContext(recognised_nicknames={EMAIL: "kahvinjuoja"})
    assert codes("Kahvinjuoja", context) == {}
    assert codes("Teemukka", context) == {"identity.nickname_mismatch": "mild"}


def test_shouting_name_is_mild():
    assert codes("MATTI VIRTANEN") == {"identity.shouting": "mild"}


def test_missing_name_is_refused_for_the_name_field():
    evaluation = evaluate(Submission("  ", EMAIL, "Hyvä kirjoitus."))
    assert evaluation.decision == "refused"
    [finding] = evaluation.findings
    assert finding.field == "name"
    assert finding.public_message


def test_findings_name_the_field_and_span():
    [finding] = check_name("Halvat Lainat", EMAIL, PolicyContext())
    assert finding.field == "name"
    assert finding.spans[0].text == "Halvat Lainat"
