"""What the public (reader-facing) blueprints share: the Finnish messages, the error page and
the JSON error shape, security headers, the page context and links to the site and the service.
"""

from __future__ import annotations

import math
import time
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    jsonify,
    make_response,
    render_template,
    request,
)
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from comments.extensions import limiter
from comments.form_messages import FIELD_MESSAGES
from comments.site.articles import ArticleRef
from comments.site.chrome import site_chrome
from comments.site.finnish_dates import format_wait

MESSAGES = FIELD_MESSAGES | {
    "article_unknown": (
        "Kommentoitavaa artikkelia ei löytynyt. Kirjoita kommenttisi artikkelin omalla sivulla."
    ),
    "article_closed": (
        "Kommentointi on suljettu tämän artikkelin osalta, joten kommenttia ei tallennettu. "
        "Tekstisi on tallessa alla, jos haluat kopioida sen itsellesi."
    ),
    "parent_invalid": (
        "Kommenttia, johon vastaat, ei ole julkaistu tämän artikkelin yhteydessä. "
        "Voit kirjoittaa kommenttisi suoraan artikkeliin."
    ),
    "type": "Tämän kentän arvo on väärää muotoa.",
    "duplicate": (
        "Olet jo lähettänyt saman kommentin tähän artikkeliin. Se odottaa moderointia, "
        "joten sitä ei tarvitse lähettää uudelleen."
    ),
    "duplicate_unconfirmed": (
        "Olet jo lähettänyt saman kommentin tähän artikkeliin. Se pääsee moderoitavaksi, kun "
        "olet vahvistanut sähköpostiosoitteesi. Lähetimme vahvistuslinkin uudelleen – katso "
        "tarvittaessa myös roskapostikansio."
    ),
    "duplicate_waiting": (
        "Olet jo lähettänyt saman kommentin tähän artikkeliin. Se pääsee moderoitavaksi, kun "
        "olet vahvistanut sähköpostiosoitteesi. Vahvistuslinkki lähti sinulle hetki sitten – "
        "katso tarvittaessa myös roskapostikansio."
    ),
    "refused": "Kommenttia ei voi julkaista tällaisenaan. Tarkista kentän sisältö.",
    "bad_request": "Lähetystä ei voitu lukea. Lataa sivu uudelleen ja yritä vielä kerran.",
    "too_large": (
        "Lähetys on liian suuri. Lyhennä kommenttia ja lähetä se uudelleen. "
        "Yhteen kommenttiin mahtuu {limit} merkkiä."
    ),
    "unsupported": "Kommentin voi lähettää vain lomakkeella tai JSON-muodossa.",
    "rate_limited": (
        "Lähetit kommentteja hyvin tiuhaan. Odota {wait} ja yritä sitten uudelleen – "
        "kirjoittamasi teksti on tallessa."
    ),
    "csrf": (
        "Lomake ehti vanhentua tai se avattiin toisessa selaimessa. Lataa sivu uudelleen "
        "ja paina painiketta vielä kerran."
    ),
    "origin": "Lähetys tuli toiselta sivustolta, joten emme ottaneet sitä vastaan.",
}


def public_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint for reader-facing pages: security headers on every response, and a failed
    CSRF check or a rate limit answered in Finnish (JSON or the error page)."""
    bp = Blueprint(name, import_name)
    bp.after_request(security_headers)
    bp.register_error_handler(CSRFError, csrf_failed)
    bp.register_error_handler(429, rate_limited)
    return bp


def security_headers(response: Response) -> Response:
    """Headers every public page carries; HTML pages also get a strict CSP."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        sources = " ".join(filter(None, ("'self'", url_origin(site_prefix()))))
        response.headers.setdefault(
            "Content-Security-Policy",
            f"default-src 'self'; style-src {sources}; img-src {sources}; script-src 'self'; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Frame-Options", "DENY")
    return response


def wants_json() -> bool:
    """Whether to answer with JSON: JSON was sent, or JSON is preferred over HTML."""
    if request.mimetype == "application/json":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def error_page(status: int, title: str, message: str, **context: Any) -> tuple[str, int]:
    """The service's Finnish error page."""
    return render_template(
        "public/error.html", title=title, message=message, **page_context(), **context
    ), status


def error_response(status: int, errors: dict[str, str], title: str) -> Any:
    """``{"errors": ...}`` for JSON clients, the error page for browsers."""
    if wants_json():
        return jsonify({"errors": errors}), status
    return error_page(status, title, " ".join(errors.values()))


def page_context() -> dict[str, Any]:
    """What every public template needs: where the site and its stylesheet are, and the built
    site's own header and footer."""
    chrome = site_chrome(current_app.config["SITE_OUTPUT"])
    return {
        "site_url": site_prefix(),
        "service_url": service_prefix(),
        "site_header": chrome.header,
        "site_footer": chrome.footer,
    }


def absolute_url(path: str) -> str:
    """An absolute link to a service path, for mails."""
    base = current_app.config.get("SERVICE_URL") or current_app.config.get("SITE_URL") or ""
    return base.rstrip("/") + path


def site_prefix() -> str:
    """Prefix for links to the static site: '' when the service runs on the site's origin."""
    if current_app.config.get("SERVICE_URL"):
        return (current_app.config.get("SITE_URL") or "").rstrip("/")
    return ""


def service_prefix() -> str:
    """Prefix for links to the service's own pages: '' on the same origin."""
    return (current_app.config.get("SERVICE_URL") or "").rstrip("/")


def url_origin(url: str) -> str:
    """``scheme://host[:port]`` of ``url``, or '' when it has none."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def article_href(article: ArticleRef) -> str:
    """The article's page on the static site (its URL comes from the built page, never input)."""
    return site_prefix() + "/" + article.url.lstrip("/")


# --- error handlers the public blueprints register ------------------------------------------------


def comment_too_large(_error: HTTPException):
    """413 for a request larger than MAX_CONTENT_LENGTH, told in comment characters."""
    limit = current_app.config["COMMENT_MAX_CHARS"]
    message = MESSAGES["too_large"].format(limit=limit)
    return error_response(413, {"form": message}, "Lähetys on liian suuri")


def rate_limited(_error: HTTPException):
    """429 with ``Retry-After`` and, in Finnish, how long to wait."""
    seconds, message = rate_limit_wait()
    response = make_response(error_response(429, {"form": message}, "Hetki, ole hyvä"))
    response.headers["Retry-After"] = str(seconds)
    return response


def rate_limit_wait() -> tuple[int, str]:
    """Seconds until the breached rate limit lets the client in again, and the Finnish
    message saying so."""
    breached = limiter.current_limit
    # the window's own end (``reset_at`` is rounded up a second past it)
    seconds = max(1, math.ceil(breached.window[0] - time.time())) if breached else 60
    return seconds, MESSAGES["rate_limited"].format(wait=format_wait(seconds))


def csrf_failed(_error: CSRFError):
    return error_response(400, {"form": MESSAGES["csrf"]}, "Lomake vanheni")


def bad_request(_error: HTTPException):
    return error_response(400, {"form": MESSAGES["bad_request"]}, "Lähetystä ei voitu lukea")


# --- Finnish error pages for every status, also outside the blueprints --------------------------

STATUS_PAGES = {
    400: ("Pyyntöä ei voitu lukea", "Lataa sivu uudelleen ja yritä vielä kerran."),
    401: ("Kirjautuminen tarvitaan", "Tälle sivulle pääsee vain kirjautuneena."),
    403: ("Pääsy estetty", "Sinulla ei ole oikeutta tähän sivuun tai toimintoon."),
    404: (
        "Sivua ei löytynyt",
        "Osoitteessa ei ole sivua. Tarkista osoite tai aloita etusivulta.",
    ),
    405: (
        "Toiminto ei käy tälle sivulle",
        "Sivua ei voi käyttää näin. Palaa edelliselle sivulle ja käytä sen painikkeita.",
    ),
    408: ("Pyyntö aikakatkaistiin", "Yhteys katkesi kesken. Yritä uudelleen."),
    409: ("Ristiriita", "Joku ehti muuttaa samaa tietoa. Lataa sivu uudelleen."),
    410: ("Sivu on poistettu", "Tätä sivua ei enää ole."),
    413: ("Lähetys on liian suuri", "Lyhennä lähetystä ja yritä uudelleen."),
    415: ("Väärä lähetysmuoto", "Palvelu ei osaa lukea tällaista lähetystä."),
    422: ("Lähetystä ei voitu käsitellä", "Tarkista tiedot ja yritä uudelleen."),
    429: ("Hetki, ole hyvä", "Pyyntöjä tuli hyvin tiuhaan. Odota hetki ja yritä uudelleen."),
    500: (
        "Jokin meni vikaan",
        "Palvelussa tapahtui virhe, eikä pyyntösi ehkä mennyt perille. Yritä hetken kuluttua "
        "uudelleen. Virhe on kirjattu, ja korjaamme sen.",
    ),
    502: ("Palvelu ei vastaa", "Kommenttipalvelu ei juuri nyt vastaa. Yritä hetken kuluttua."),
    503: (
        "Palvelu on tilapäisesti poissa käytöstä",
        "Kommenttipalvelu ei juuri nyt ole käytettävissä. Yritä hetken kuluttua.",
    ),
    504: ("Palvelu ei vastannut ajoissa", "Yritä hetken kuluttua uudelleen."),
}


def register_error_pages(app: Flask) -> None:
    """Answer every HTTP error the blueprints do not answer themselves, and every unknown URL,
    with a Finnish page (or ``{"errors": ...}`` for JSON clients); a crash is a 500 page."""
    app.register_error_handler(HTTPException, http_error)


def http_error(error: HTTPException):
    """The Finnish page of ``error``'s status, with the service's security headers."""
    status = error.code or 500
    title, message = STATUS_PAGES.get(
        status, ("Virhe", f"Pyyntöä ei voitu käsitellä (virhe {status}). Yritä uudelleen.")
    )
    response = make_response(error_response(status, {"form": message}, title))
    allowed = error.get_response().headers.get("Allow")
    if allowed:
        response.headers["Allow"] = allowed
    return security_headers(response)
