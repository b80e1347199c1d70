"""Finnish error pages for every status the service answers (issue #13, point 9), also for
unknown URLs outside the blueprints, and the favicon on the service's pages."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup


def heading(response) -> str:
    return BeautifulSoup(response.text, "html.parser").find("h1").get_text(strip=True)


@pytest.mark.parametrize("serve_site", [True, False], ids=["site-served", "service-only"])
@pytest.mark.parametrize("path", ["/ei-tallaista-sivua/", "/kommentit/ei-tallaista/", "/api/x"])
def test_unknown_urls_get_a_finnish_404(make_app, serve_site, path):
    response = make_app(SERVE_SITE=serve_site).test_client().get(path)
    assert response.status_code == 404
    assert heading(response) == "Sivua ei löytynyt"
    assert "Not Found" not in response.text
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    page = BeautifulSoup(response.text, "html.parser")
    assert page.find("link", rel="icon")["href"] == "/theme/favicon.svg"
    assert page.find("footer", class_="site-footer")  # the built site's own footer


def test_a_wrong_method_gets_a_finnish_405_with_allow(make_app):
    response = make_app(SERVE_SITE=False).test_client().get("/api/comments")
    assert response.status_code == 405
    assert heading(response) == "Toiminto ei käy tälle sivulle"
    assert "POST" in response.headers["Allow"]


def test_json_clients_get_the_finnish_message_as_json(client):
    response = client.get("/kommentit/ei-tallaista/", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json() == {"errors": {"form": response.get_json()["errors"]["form"]}}
    assert "Osoitteessa ei ole sivua" in response.get_json()["errors"]["form"]


def test_a_crash_is_a_finnish_500(make_app, caplog):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    def broken():
        raise RuntimeError("a bug for the test")

    app.add_url_rule("/kommentit/rikki", "broken", broken)
    response = app.test_client().get("/kommentit/rikki")
    assert response.status_code == 500
    assert heading(response) == "Jokin meni vikaan"
    assert "a bug for the test" not in response.text
    assert any("a bug for the test" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)


def test_the_service_pages_have_the_favicon(client, slug, built_site):
    assert (built_site / "theme" / "favicon.svg").exists()
    page = BeautifulSoup(client.get(f"/kommentit/{slug}/uusi").text, "html.parser")
    assert page.find("link", rel="icon")["href"] == "/theme/favicon.svg"
    login = BeautifulSoup(client.get("/moderointi/kirjaudu").text, "html.parser")
    assert login.find("link", rel="icon")["href"] == "/theme/favicon.svg"
