"""The website check (issue #13, point 4): http(s) with a real host name, IDN allowed, and a
Finnish reason for everything else."""

from __future__ import annotations

import pytest

from comments.policy import Submission, evaluate
from comments.policy.website import check_website


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("https://www.esimerkki.fi/blogi/", "https://www.esimerkki.fi/blogi/"),
        ("esimerkki.fi", "https://esimerkki.fi"),
        ("http://pörssi.fi/", "http://pörssi.fi/"),
        ("https://xn--prssi-jua.fi", "https://xn--prssi-jua.fi"),
        ("www.esimerkki.fi:8080/polku?a=1", "https://www.esimerkki.fi:8080/polku?a=1"),
        ("  https://esimerkki.fi  ", "https://esimerkki.fi"),
        ("", ""),
    ],
)
def test_addresses_are_accepted(typed, stored):
    assert check_website(typed) == (stored, None)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("Kernel.exit(1)", "verkkotunnuksessa on merkkejä, joita siinä ei voi olla: ( )"),
        ("%*.*s", "verkkotunnuksessa on merkkejä, joita siinä ei voi olla: % *"),
        ("https://esimerkki .fi", "osoitteessa on välilyönti"),
        ("https://", "osoitteesta puuttuu verkkotunnus"),
        ("http:///polku", "osoitteesta puuttuu verkkotunnus"),
        ("esimerkki", "puuttuu pääte"),
        ("https://esimerkki.123", "puuttuu pääte"),
        ("ftp://esimerkki.fi", "pitää alkaa http:// tai https://"),
        ("javascript:alert(1)", "pitää alkaa http:// tai https://"),
        ("https://-alku.fi", "verkkotunnus ei kelpaa"),
        ("https://" + "a" * 64 + ".fi", "verkkotunnus ei kelpaa"),
        ("https://ali_viiva.fi", "ei voi olla: _"),
        ("https://esimerkki.fi:0/", "porttinumero"),
        ("https://a<b.fi", "ei voi olla: <"),
    ],
)
def test_non_addresses_get_a_finnish_reason(typed, reason):
    _, problem = check_website(typed)
    assert problem is not None and reason in problem


def test_the_policy_tells_the_same_reason():
    submission = Submission("Aino Lehtinen", "aino@esimerkki.fi", "Hyvä kirjoitus.", "%*.*s")
    [finding] = [f for f in evaluate(submission).findings if f.field == "website"]
    assert finding.code == "ads.website_malformed"
    assert "ei voi olla: % *" in finding.public_message
