"""Pelican settings for development: `make run` builds with these."""

import os
import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
if str(_HERE) not in sys.path:
    sys.path.insert(0, str(_HERE))

from comments.site.finnish_dates import format_date, format_datetime  # noqa: E402

AUTHOR = "Vastine-toimitus"
SITENAME = "Vastine"
SITESUBTITLE = "Asiakaskokemuksesta ja digitaalisista työtavoista"
SITEURL = ""
RELATIVE_URLS = False

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "Europe/Helsinki"
DEFAULT_LANG = "fi"
LOCALE = ("C.UTF-8",)
DEFAULT_DATE_FORMAT = "%Y-%m-%d"
DEFAULT_PAGINATION = 5
SUMMARY_MAX_LENGTH = 50

STATIC_PATHS = ["images"]
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]

ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
PAGE_URL = "sivut/{slug}/"
PAGE_SAVE_AS = "sivut/{slug}/index.html"
CATEGORY_URL = "kategoria/{slug}/"
CATEGORY_SAVE_AS = "kategoria/{slug}/index.html"
CATEGORIES_URL = "kategoriat/"
CATEGORIES_SAVE_AS = "kategoriat/index.html"
TAG_URL = "avainsana/{slug}/"
TAG_SAVE_AS = "avainsana/{slug}/index.html"
TAGS_URL = "avainsanat/"
TAGS_SAVE_AS = "avainsanat/index.html"
AUTHOR_URL = "kirjoittaja/{slug}/"
AUTHOR_SAVE_AS = "kirjoittaja/{slug}/index.html"
AUTHORS_URL = "kirjoittajat/"
AUTHORS_SAVE_AS = "kirjoittajat/index.html"
ARCHIVES_URL = "arkisto/"
ARCHIVES_SAVE_AS = "arkisto/index.html"
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/sivu/{number}/", "{base_name}/sivu/{number}/index.html"),
)
INDEX_SAVE_AS = "index.html"

# Feeds: Atom for the whole site and per category, also in development so links resolve.
# Feeds need absolute links: in development they point to the local service (`make run`).
FEED_DOMAIN = os.environ.get("VASTINE_SITE_URL", "http://127.0.0.1:8000")
FEED_ALL_ATOM = "feeds/kaikki.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

DEFAULT_METADATA = {"status": "published"}
SLUGIFY_SOURCE = "basename"
LOAD_CONTENT_CACHE = False

PLUGIN_PATHS = [str(_HERE / "plugins")]
PLUGINS = ["comment_threads", "reading_time", "article_neighbours", "redirects"]

# The comment store the plugin reads (read-only); the service's instance config points to the same.
COMMENTS_DATABASE = str(_HERE / "instance" / "comments.sqlite3")
COMMENTS_SERVICE_URL = ""
# The site's address in the comment feeds (the service's SITE_URL; its full build passes its own).
COMMENTS_SITE_URL = FEED_DOMAIN
# Close comments on articles older than this many days (0: never); the service's
# COMMENTS_CLOSE_AFTER_DAYS must be the same (its full build passes its own), so one variable
# sets both. `Comments: closed` in an article's metadata closes that article at any age.
COMMENTS_CLOSE_AFTER_DAYS = int(os.environ.get("VASTINE_COMMENTS_CLOSE_AFTER_DAYS", "0"))

# Theme: Finnish dates everywhere, escaping on by default (the theme marks trusted HTML `|safe`).
JINJA_FILTERS = {"fi_date": format_date, "fi_datetime": format_datetime}
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
    "autoescape": True,
}
READING_TIME_WPM = 180
# Pages linked in the header and in the footer, in this order (slugs of content/pages).
NAV_PAGES = ["tietoa", "kommentointiohjeet"]
FOOTER_PAGES = ["kommentointiohjeet", "tietosuoja", "tietoa"]
